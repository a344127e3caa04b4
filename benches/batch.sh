#!/usr/bin/env bash
# Reports per second of `nianbao convert` on one folder, with --jobs 1 and
# --jobs 2 (the work is parallel across files).
#
#     benches/batch.sh [N]        N generated reports (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet
cargo run --release --quiet --example make_batch -- "$dir/in" "$n" >/dev/null
for jobs in 1 2; do
  start=$(date +%s.%N)
  ./target/release/nianbao convert "$dir/in" -o "$dir/out.jsonl" --jobs "$jobs" -q
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'--jobs $jobs: $n reports in {s:.2f} s = {$n/s:.0f} reports/s')" "$start" "$end"
done
