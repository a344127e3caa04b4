"""nianbao (the Python package) against pdfplumber's extract_tables on the
same PDFs, in one process: seconds per report.

    python python/bench.py [PDF...]     default: ../shared/corpus/dev/*.pdf, else samples/*.pdf

Needs the package installed (pip install ./python) and pdfplumber
(pip install pdfplumber). Each tool reads every file once before timing
(warm page cache); then each timing is the best of --repeat runs.
"""

import argparse
import glob
import os
import subprocess
import sys
import time

import nianbao

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = args.pdfs or sorted(glob.glob(os.path.join(REPO, "..", "shared", "corpus", "dev", "*.pdf")))
    files = files or sorted(glob.glob(os.path.join(REPO, "samples", "*.pdf")))
    n = len(files)
    if not n:
        sys.exit("no PDFs")
    for f in files:
        with open(f, "rb") as fh:
            fh.read()

    def convert_each():
        for f in files:
            try:
                nianbao.convert(f)
            except nianbao.ConversionError:
                pass

    def convert_many_1():
        for _ in nianbao.convert_many(files, jobs=1):
            pass

    def convert_many_all():
        for _ in nianbao.convert_many(files):
            pass

    rows = [
        ("nianbao.convert (each)", best(convert_each, args.repeat)),
        ("nianbao.convert_many jobs=1", best(convert_many_1, args.repeat)),
        ("nianbao.convert_many (all cores)", best(convert_many_all, args.repeat)),
    ]
    cli = os.path.join(REPO, "target", "release", "nianbao")
    if os.path.exists(cli):
        cmd = [cli, "convert", "--jobs", "1", "-q", "-o", os.devnull, "--format", "jsonl", *files]
        rows.append(("CLI nianbao convert --jobs 1", best(lambda: subprocess.run(cmd, check=False), args.repeat)))
    try:
        import pdfplumber
    except ImportError:
        pdfplumber = None
        print("pdfplumber not installed: pip install pdfplumber", file=sys.stderr)
    if pdfplumber is not None:

        def plumber():
            for f in files:
                with pdfplumber.open(f) as pdf:
                    for page in pdf.pages:
                        page.extract_tables()

        # pdfplumber is slow: one run is enough to see the ratio.
        rows.append(("pdfplumber extract_tables", best(plumber, 1)))

    print(f"{n} PDFs")
    for label, s in rows:
        print(f"{label:<34} {s:8.3f} s  {s / n * 1000:9.2f} ms/report")
    if pdfplumber is not None:
        ours = rows[0][1]
        print(f"pdfplumber / nianbao.convert: {rows[-1][1] / ours:.0f}x")


if __name__ == "__main__":
    main()
