#!/usr/bin/env python3
"""Prints the project's own web samples to PDF with two HTML layout engines,
as people save report pages: samples/print_weasy_boxed.pdf (WeasyPrint,
every cell its own box: `border-collapse: separate` with 3 px between
boxes), samples/print_weasy_a6.pdf (on A6 pages: 表三's header rows in
a <thead> repeated on every page, tables cut by page after page) and
samples/print_chromium.pdf (headless Chromium's print). The PDFs are committed; tests read them to their page's values.

    pip install weasyprint; apt-get install chromium fonts-wqy-zenhei
    python3 tools/make_print_samples.py
"""
import os
import shutil
import subprocess
import tempfile

SRC = "samples/web_2021_clean.html"
BOXED = """<style>
table { border-collapse: separate !important; border-spacing: 3px !important; }
td, th { border: 0.8px solid #000 !important; padding: 2px 4px; }
</style>"""

html = open(SRC, encoding="utf-8").read()
boxed = html.replace("</head>", BOXED + "</head>", 1)

import weasyprint  # noqa: E402

weasyprint.HTML(string=boxed, base_url=os.path.dirname(SRC)).write_pdf("samples/print_weasy_boxed.pdf")
print("samples/print_weasy_boxed.pdf")



def thead_a6(page):
    """表三's three header rows as a <thead>, on A6 pages."""
    start = page.index("申请人情况")
    t0 = page.rindex("<table", 0, start)
    body = page.index("<tr", t0)
    rows_end = body
    for _ in range(3):
        rows_end = page.index("</tr>", rows_end) + len("</tr>")
    page = page[:body] + "<thead>" + page[body:rows_end] + "</thead>" + page[rows_end:]
    return page.replace("</head>", "<style>@page { size: A6; margin: 8mm }</style></head>", 1)


def chromium_print(page_html, out):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "page.html")
        open(src, "w", encoding="utf-8").write(page_html)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", "file://" + src],
                       check=True, capture_output=True)
    print(out)


weasyprint.HTML(string=thead_a6(html), base_url=os.path.dirname(SRC)).write_pdf(
    "samples/print_weasy_a6.pdf", presentational_hints=True
)
print("samples/print_weasy_a6.pdf")

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium:
    chromium_print(html, "samples/print_chromium.pdf")

