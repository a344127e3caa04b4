"""nianbao (年报): Chinese government information-disclosure annual reports
(政府信息公开工作年度报告) from DOCX, PDF, web pages and text into the
canonical data of the national format, with the tables' own sums checked.

The same engine as the ``nianbao`` command line, in process: a record is
exactly what ``nianbao convert`` writes for the file, as plain Python objects.

>>> import nianbao
>>> r = nianbao.convert("samples/basic_2021.docx")
>>> r["organ"], r["year"], r["applications"]["new_received"]["total"]
('示例市人民政府办公室', 2023, 35)
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from . import _nianbao
from ._nianbao import ConversionError, __version__

__all__ = [
    "ConversionError",
    "Record",
    "__version__",
    "convert",
    "convert_many",
    "schema",
    "tables",
    "to_pandas",
]

_OCR = ("auto", "always", "never")
_BYTES = (bytes, bytearray, memoryview)


class Record(dict):
    """A ``nianbao/report/v1`` record: a plain ``dict`` (equal to the JSON
    ``nianbao convert`` writes) that also holds the converted report on the
    Rust side, so :func:`to_pandas` can give the long layout its provenance.
    Copies and pickles are plain dicts."""

    __slots__ = ("_native",)

    def __reduce__(self):  # type: ignore[override]
        return (dict, (dict(self),))


def _record(pair: Any) -> Dict[str, Any]:
    value, native = pair
    if native is None:
        return value
    record = Record(value)
    record._native = native
    return record


def _check_ocr(ocr: str) -> None:
    # Checked here, so a misspelt mode fails before any work.
    if ocr not in _OCR:
        raise ValueError(f"ocr must be one of {', '.join(map(repr, _OCR))}, not {ocr!r}")


def _path(source: Any) -> str:
    path = os.fspath(source)
    return os.fsdecode(path) if isinstance(path, bytes) else path


def convert(source: Union[str, "os.PathLike[str]", bytes], *, name: Optional[str] = None, ocr: str = "auto") -> Dict[str, Any]:
    """Converts one report: the ``nianbao/report/v1`` record, exactly what
    ``nianbao convert`` writes for the file, as plain Python objects.

    ``source`` is a path (``str`` or ``os.PathLike``) or the file's ``bytes``
    (then ``name`` is the path to report; default ``"<bytes>"``). The format
    (DOCX, PDF, HTML, text, legacy .doc/.wps) is sniffed from the content.
    ``ocr`` is ``"auto"``, ``"always"`` or ``"never"``, as the CLI's
    ``--ocr``: scanned pages and tables pasted as pictures are read by
    Tesseract (``tesseract-ocr``, ``tesseract-ocr-chi-sim``); with
    ``"never"`` a scanned PDF raises with code ``"scanned"``.

    Raises :class:`ConversionError` (``.code``, ``.path``, message) when the
    file cannot be converted. The Rust work runs without the GIL.

    >>> r = nianbao.convert("samples/basic_2021.docx")
    >>> r["schema"], r["template"], r["applications"]["granted"]["total"]
    ('nianbao/report/v1', '2021', 15)
    >>> with open("samples/basic_2021.docx", "rb") as f:
    ...     nianbao.convert(f.read(), name="basic.docx")["source"]["path"]
    'basic.docx'
    """
    _check_ocr(ocr)
    if isinstance(source, _BYTES):
        return _record(_nianbao.convert_bytes(bytes(source), name if name is not None else "<bytes>", ocr))
    path = _path(source)
    if name is not None:
        with open(path, "rb") as f:
            return _record(_nianbao.convert_bytes(f.read(), name, ocr))
    return _record(_nianbao.convert_path(path, ocr))


def convert_many(
    sources: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]],
    *,
    jobs: Optional[int] = None,
    panel: bool = False,
) -> Iterator[Dict[str, Any]]:
    """Converts files, folders (recursively), glob patterns and zip archives
    of attachments, as ``nianbao convert`` takes them, on ``jobs`` threads
    (default: all cores) with the GIL released; yields the records in input
    order, one per input file, as ``nianbao convert``'s JSON Lines: reports,
    failures as ``nianbao/error/v1`` records (never raised), files repeated
    byte for byte as ``nianbao/duplicate/v1``. With ``panel=True`` the
    cross-year ``nianbao/panel/v1`` warnings follow at the end, as in the
    CLI's output. A path that does not exist raises ``FileNotFoundError`` at
    once.

    >>> for r in nianbao.convert_many(["samples/"], jobs=2):
    ...     if r["schema"] == "nianbao/error/v1":
    ...         print(r["source"]["path"], r["error"]["code"])
    """
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    names = [_path(s) for s in sources]
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive number of threads, not {jobs!r}")
    # Inputs are expanded now (a missing file raises here); conversion
    # starts at once on Rust threads and streams as the iterator is read.
    native = _nianbao.convert_many(names, jobs or 0, bool(panel))
    return (_record(pair) for pair in native)


def tables(source: Union[str, "os.PathLike[str]", bytes], *, name: Optional[str] = None) -> List[Dict[str, Any]]:
    """Every table of a document as a clean grid (merged cells resolved):
    the ``tables`` list of ``nianbao tables --json``, one dict per table with
    ``index``, ``pages``, ``n_rows``, ``n_cols`` and ``cells`` (row, col,
    spans, text, page and box). ``source`` is a path or bytes.

    >>> t = nianbao.tables("samples/basic_2021.docx")
    >>> len(t), t[0]["n_rows"], t[0]["cells"][0]["text"]
    """
    if isinstance(source, _BYTES):
        doc = _nianbao.tables(name if name is not None else "<bytes>", bytes(source))
    else:
        doc = _nianbao.tables(_path(source))
    return doc["tables"]


def schema() -> Dict[str, Any]:
    """The JSON Schema of a report record (``nianbao schema``).

    >>> nianbao.schema()["title"]
    'Report'
    """
    return _nianbao.schema()


def to_pandas(records: Union[Dict[str, Any], Iterable[Dict[str, Any]]], kind: str = "wide", *, lang: str = "zh") -> Any:
    """Records (from :func:`convert` or :func:`convert_many`) as a pandas
    DataFrame with the columns of the CSV writers:

    - ``"wide"``: one row per report, as ``nianbao convert -o out.csv``
      (``lang="zh"`` Chinese headers, ``"en"`` schema keys; failed files are
      rows with the file and the ``错误``/``error`` column);
    - ``"long"``: one row per value with labels as printed, raw text and
      location, as ``nianbao convert -o out.csv --long``;
    - ``"checks"``: one row per failing 勾稽 rule (file, organ, year, rule,
      where, expected, found), as the workbook's checks sheet.

    Needs pandas (``pip install pandas``). ``"wide"`` and ``"checks"`` also
    take records read back from JSON; ``"long"`` needs the records this
    package returned (they carry the provenance the JSON leaves out).

    >>> df = nianbao.to_pandas(nianbao.convert_many("samples/"), "wide", lang="en")
    >>> df[["file", "year", "applications.granted.total"]].head()
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("nianbao.to_pandas needs pandas: pip install pandas") from e
    if isinstance(records, dict):
        records = [records]
    items = [getattr(r, "_native", None) or r for r in records]
    columns, rows = _nianbao.rows(items, kind, lang)
    return pd.DataFrame(rows, columns=columns)
