#!/usr/bin/env python3
"""Prints the project's own web samples to PDF with two HTML layout engines,
as people save report pages: samples/print_weasy_boxed.pdf (WeasyPrint,
every cell its own box: `border-collapse: separate` with 3 px between
boxes) and samples/print_chromium.pdf (headless Chromium's print). The
PDFs are committed; tests read them to the values of their web page.

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

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--print-to-pdf=samples/print_chromium.pdf",
                        "file://" + os.path.abspath(SRC)], check=True, capture_output=True)
    print("samples/print_chromium.pdf")
