"""The Python package against the repository's samples and the CLI's own
output (target/release/nianbao, or $NIANBAO_BIN)."""

import io
import json
import os
import pathlib
import pickle
import shutil
import subprocess
import sys
import zipfile

import pytest

import nianbao

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))
CLI = os.environ.get("NIANBAO_BIN") or str(REPO / "target" / "release" / "nianbao")
SAMPLE_FILES = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())


@pytest.fixture(autouse=True)
def at_repo(monkeypatch):
    # Paths as the expected outputs name them: samples/…
    monkeypatch.chdir(REPO)


def cli(*args):
    if not os.path.exists(CLI):
        pytest.skip(f"{CLI} not built (cargo build --release)")
    done = subprocess.run([CLI, *args], capture_output=True, cwd=REPO)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout.decode("utf-8")


def _has_tesseract():
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True)
    except OSError:
        return False
    return "chi_sim" in done.stdout.decode().split()


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def sample_of(expected):
    (path,) = [p for p in SAMPLES.iterdir() if p.is_file() and p.stem == expected.stem]
    return f"samples/{path.name}"


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_samples_convert_to_their_expected_output(expected):
    want = json.loads(expected.read_text(encoding="utf-8"))
    assert nianbao.convert(sample_of(expected)) == want


def test_basic_report_values():
    r = nianbao.convert("samples/basic_2021.docx")
    assert r["schema"] == "nianbao/report/v1"
    assert r["organ"] == "示例市人民政府办公室"
    assert r["year"] == 2023
    assert r["template"] == "2021"
    assert r["active_disclosure"]["normative_documents"] == {"issued": 12, "repealed": 2, "in_force": 45}
    assert r["active_disclosure"]["fees"]["amount"] == 12.5
    assert r["applications"]["new_received"]["total"] == 35
    assert r["applications"]["other"]["total"] is None
    assert r["checks"] == []
    assert isinstance(r, dict) and type(r["year"]) is int


def test_pathlike_and_bytes():
    path = SAMPLES / "pdf_basic_2021.pdf"
    by_path = nianbao.convert(path)
    assert by_path["source"]["path"] == str(path)
    data = path.read_bytes()
    by_bytes = nianbao.convert(data, name="downloads/年报.pdf")
    assert by_bytes["source"]["path"] == "downloads/年报.pdf"
    assert by_bytes["source"]["sha256"] == by_path["source"]["sha256"]
    by_bytes["source"]["path"] = by_path["source"]["path"]
    assert by_bytes == by_path
    assert nianbao.convert(bytearray(data))["source"]["path"] == "<bytes>"
    # A path reported under another name.
    assert nianbao.convert(path, name="x.pdf")["source"]["path"] == "x.pdf"


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_convert_equals_the_cli(name):
    want = jsonl(cli("convert", "--quiet", f"samples/{name}"))
    assert len(want) == 1
    if want[0]["schema"] == "nianbao/error/v1":
        with pytest.raises(nianbao.ConversionError) as e:
            nianbao.convert(f"samples/{name}")
        assert e.value.code == want[0]["error"]["code"]
        assert e.value.path == f"samples/{name}"
    else:
        got = nianbao.convert(f"samples/{name}")
        assert got == want[0]
        # Same types too (int stays int, float stays float).
        assert json.dumps(got, ensure_ascii=False) == json.dumps(want[0], ensure_ascii=False)


def test_folder_equals_the_cli():
    want = jsonl(cli("convert", "--quiet", "samples"))
    got = list(nianbao.convert_many(["samples"], jobs=2, panel=True))
    assert len(got) == len(want) > 30
    assert got == want
    assert any(r["schema"] == "nianbao/panel/v1" for r in got)
    # Without panel: one record per input file.
    files = [r for r in want if r["schema"] != "nianbao/panel/v1"]
    assert list(nianbao.convert_many("samples")) == files


def test_glob_and_single_source():
    got = [r["source"]["path"] for r in nianbao.convert_many("samples/panel_*.docx")]
    assert got == sorted(f"samples/{n}" for n in SAMPLE_FILES if n.startswith("panel_") and n.endswith(".docx"))


def test_zip_of_attachments(tmp_path):
    archive = tmp_path / "attachments.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(SAMPLES / "web_2021_clean.html", "附件/web.html")
        z.write(SAMPLES / "basic_2021.docx", "basic.docx")
        z.writestr("notes.txt", "这不是年报")
    got = list(nianbao.convert_many([archive]))
    assert [r["source"]["path"] for r in got] == [
        f"{archive}!/附件/web.html",
        f"{archive}!/basic.docx",
        f"{archive}!/notes.txt",
    ]
    assert got[1]["applications"]["new_received"]["total"] == 35
    assert got[2]["schema"] == "nianbao/error/v1"
    assert got == jsonl(cli("convert", "--quiet", str(archive)))


def test_bad_files_raise_with_their_code(tmp_path):
    with pytest.raises(nianbao.ConversionError) as e:
        nianbao.convert(b"", name="empty.pdf")
    assert (e.value.code, e.value.path) == ("empty", "empty.pdf")
    assert "empty file" in str(e.value)

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF")
    want = jsonl(cli("convert", "--quiet", str(bad)))[0]
    assert want["schema"] == "nianbao/error/v1"
    with pytest.raises(nianbao.ConversionError) as e:
        nianbao.convert(bad)
    assert e.value.code == want["error"]["code"]
    assert e.value.path == str(bad)
    assert e.value.message == want["error"]["message"]
    assert isinstance(e.value, Exception)

    missing = tmp_path / "missing.docx"
    with pytest.raises(nianbao.ConversionError) as e:
        nianbao.convert(missing)
    assert e.value.code == "not_found"
    assert "missing.docx" in str(e.value)


def test_failures_are_yielded_not_raised(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    got = list(nianbao.convert_many([str(bad), "samples/basic_2021.docx"]))
    assert [r["schema"] for r in got] == ["nianbao/error/v1", "nianbao/report/v1"]
    assert got[0]["source"]["path"] == str(bad)
    assert got[0]["error"]["code"]


def test_iterator_keeps_input_order():
    names = [f"samples/{n}" for n in reversed(SAMPLE_FILES) if not n.endswith(".csv")]
    got = [r["source"]["path"] for r in nianbao.convert_many(names, jobs=2)]
    assert got == names
    # Lazily consumed and dropped early: no hang, no error.
    it = nianbao.convert_many(["samples"])
    assert next(it)["source"]["path"] == f"samples/{SAMPLE_FILES[0]}"
    del it


def test_duplicates_and_missing_inputs(tmp_path):
    copy = tmp_path / "copy.docx"
    shutil.copy(SAMPLES / "basic_2021.docx", copy)
    got = list(nianbao.convert_many(["samples/basic_2021.docx", copy]))
    assert got[1] == {
        "schema": "nianbao/duplicate/v1",
        "source": {"path": str(copy), "sha256": got[0]["source"]["sha256"]},
        "duplicate_of": "samples/basic_2021.docx",
    }
    with pytest.raises(FileNotFoundError):
        nianbao.convert_many(["samples/no_such_file.pdf"])
    with pytest.raises(ValueError):
        nianbao.convert_many(["samples"], jobs=0)


def test_tables_equal_the_cli():
    for name in ("basic_2021.docx", "pdf_basic_2021.pdf", "web_2021_clean.html"):
        want = json.loads(cli("tables", "--json", f"samples/{name}"))["tables"]
        got = nianbao.tables(f"samples/{name}")
        assert got == want
    t = nianbao.tables((SAMPLES / "basic_2021.docx").read_bytes())
    assert len(t) >= 3 and t[0]["n_rows"] > 1 and t[0]["cells"]


def test_schema_and_version():
    assert nianbao.schema() == json.loads(cli("schema"))
    assert nianbao.schema()["title"] == "Report"
    assert cli("--version").split() == ["nianbao", nianbao.__version__]


def test_ocr_is_checked():
    for ocr in ("auto", "always", "never"):
        assert nianbao.convert("samples/basic_2021.docx", ocr=ocr)["year"] == 2023
    with pytest.raises(ValueError, match="ocr"):
        nianbao.convert("samples/basic_2021.docx", ocr="sometimes")


def test_ocr_never_leaves_a_scan_unread():
    with pytest.raises(nianbao.ConversionError) as e:
        nianbao.convert("samples/scan_basic_2021.pdf", ocr="never")
    assert e.value.code == "scanned"


@pytest.mark.skipif(not _has_tesseract(), reason="tesseract with chi_sim is not installed")
def test_ocr_reads_tables_pasted_as_pictures():
    r = nianbao.convert("samples/pictured_2021.docx")
    assert r["applications"]["total"]["total"] == 35
    assert any(w["code"] == "tables_from_pictures" for w in r["warnings"])
    # The mode is per call: the same file right after, without OCR, has no tables.
    with pytest.raises(nianbao.ConversionError) as e:
        nianbao.convert("samples/pictured_2021.docx", ocr="never")
    assert e.value.code == "not_a_report"


def test_records_copy_as_plain_dicts():
    r = nianbao.convert("samples/basic_2021.docx")
    for other in (pickle.loads(pickle.dumps(r)), __import__("copy").deepcopy(r)):
        assert type(other) is dict and other == r


pd = pytest.importorskip("pandas")


def as_csv(value):
    # Field::to_csv: empty for none, whole numbers without a decimal point.
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def same_as_csv(df, csv_text):
    want = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    assert list(df.columns) == list(want.columns)
    assert df.shape == want.shape
    got = [[as_csv(v) for v in row] for row in df.itertuples(index=False)]
    assert got == want.values.tolist()


def test_wide_dataframe_equals_the_csv(tmp_path):
    records = list(nianbao.convert_many(["samples"]))
    df = nianbao.to_pandas(records)
    n_rows = sum(r["schema"] in ("nianbao/report/v1", "nianbao/error/v1", "nianbao/duplicate/v1") for r in records)
    assert df.shape[0] == n_rows
    out = tmp_path / "wide.csv"
    cli("convert", "--quiet", "samples", "-o", str(out))
    same_as_csv(df, out.read_text(encoding="utf-8"))

    en = nianbao.to_pandas(records, lang="en").set_index("file")
    basic = en.loc["samples/basic_2021.docx"]
    assert basic["year"] == 2023
    assert basic["applications.new_received.total"] == 35
    assert basic["active_disclosure.fees.amount"] == 12.5
    assert basic["organ"] == "示例市人民政府办公室"
    assert df.columns[0] == "文件" and df.columns[-1] == "错误"


def test_long_dataframe_equals_the_csv(tmp_path):
    records = [nianbao.convert(f"samples/{n}") for n in ("basic_2021.docx", "pdf_basic_2021.pdf")]
    df = nianbao.to_pandas(records, "long")
    out = tmp_path / "long.csv"
    cli("convert", "--quiet", "samples/basic_2021.docx", "samples/pdf_basic_2021.pdf", "--long", "-o", str(out))
    same_as_csv(df, out.read_text(encoding="utf-8"))
    row = df[(df.file == "samples/basic_2021.docx") & (df.path == "applications.new_received.total")].iloc[0]
    assert row["value"] == 35 and row["table"] == "表三" and row["raw"] == "35"
    pdf = df[df.file == "samples/pdf_basic_2021.pdf"]
    assert pdf["page"].notna().any()


def test_checks_dataframe():
    r = nianbao.convert("samples/inconsistent.docx")
    assert r["checks"]
    df = nianbao.to_pandas(r, "checks")
    assert list(df.columns) == ["file", "organ", "year", "rule", "where", "expected", "found"]
    assert df.shape == (len(r["checks"]), 7)
    first = df.iloc[0]
    assert first["rule"] == r["checks"][0]["rule"]
    assert first["where"] == r["checks"][0]["where"]
    assert (first["expected"], first["found"]) == (r["checks"][0]["expected"], r["checks"][0]["found"])
    assert nianbao.to_pandas([nianbao.convert("samples/basic_2021.docx")], "checks").shape == (0, 7)


def test_records_read_back_from_json():
    # Wide and checks need only the record; the long layout's provenance is not in it.
    records = list(nianbao.convert_many("samples"))
    plain = json.loads(json.dumps(records))
    for kind in ("wide", "checks"):
        a, b = nianbao.to_pandas(records, kind), nianbao.to_pandas(plain, kind)
        pd.testing.assert_frame_equal(a, b)
    assert nianbao.to_pandas(plain, "checks").shape[0] == sum(len(r.get("checks", [])) for r in plain) > 0
    with pytest.raises(TypeError, match="native report"):
        nianbao.to_pandas(plain, "long")


def test_to_pandas_refuses_what_it_cannot_do(monkeypatch):
    r = nianbao.convert("samples/basic_2021.docx")
    with pytest.raises(ValueError, match="kind"):
        nianbao.to_pandas([r], "tall")
    with pytest.raises(TypeError):
        nianbao.to_pandas([{"schema": "something/else"}])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pandas"):
        nianbao.to_pandas([r])
