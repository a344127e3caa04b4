#!/usr/bin/env bash
# Seconds per scanned report on one core (OCR by Tesseract included):
# each PDF converted alone under `taskset -c 0`, so that nianbao's page
# threads and its Tesseract processes share a single core.
#
#     benches/scan.sh [DIR]   the PDFs of DIR (default: ../shared/corpus/scanned
#                             when present, else samples/scan_basic_2021.pdf)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
if [ $# -gt 0 ]; then
  files=("$1"/*.pdf)
elif [ -d ../shared/corpus/scanned ]; then
  files=(../shared/corpus/scanned/*.pdf)
else
  files=(samples/scan_basic_2021.pdf)
fi
out=$(mktemp --suffix=.jsonl)
trap 'rm -f "$out"' EXIT
total=0
worst=0
for f in "${files[@]}"; do
  start=$(date +%s.%N)
  taskset -c 0 ./target/release/nianbao convert "$f" -o "$out" -q
  end=$(date +%s.%N)
  s=$(python3 -c "print(f'{float(\"$end\") - float(\"$start\"):.2f}')")
  echo "$(basename "$f"): $s s"
  total=$(python3 -c "print($total + $s)")
  worst=$(python3 -c "print(max($worst, $s))")
done
python3 -c "print(f'${#files[@]} reports: {$total / ${#files[@]}:.2f} s a report on one core (slowest {$worst:.2f} s)')"
