#!/usr/bin/env bash
# nianbao against pdfplumber (extract_tables) and Camelot (lattice) on the
# same PDFs, one process each, whole files: seconds per report.
#
#     benches/compare.sh [PDF...]     default: ../shared/corpus/dev/*.pdf, else samples/*.pdf
#
# Installs pdfplumber and camelot-py (with opencv-python-headless and
# ghostscript) with pip into a private virtualenv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  if ls ../shared/corpus/dev/*.pdf >/dev/null 2>&1; then files=(../shared/corpus/dev/*.pdf); else files=(samples/*.pdf); fi
fi
n=${#files[@]}
venv=target/compare-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pdfplumber camelot-py opencv-python-headless ghostscript >/dev/null
fi
cargo build --release --quiet

time_it() { # label command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || echo "  ($label exited non-zero)"
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]:<28} {s:8.2f} s  {s/$n*1000:9.1f} ms/report')" "$start" "$end" "$label"
}

echo "$n PDFs"
time_it "nianbao convert (1 job)" ./target/release/nianbao convert --jobs 1 -q -o /dev/null --format jsonl "${files[@]}"
time_it "nianbao tables" bash -c 'for f in "$@"; do ./target/release/nianbao tables "$f"; done' _ "${files[@]}"
time_it "pdfplumber extract_tables" "$venv/bin/python" -c '
import sys, pdfplumber
for f in sys.argv[1:]:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_tables()
' "${files[@]}"
time_it "camelot lattice" "$venv/bin/python" -c '
import sys, camelot
for f in sys.argv[1:]:
    camelot.read_pdf(f, pages="all", flavor="lattice")
' "${files[@]}"
