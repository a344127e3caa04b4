#!/usr/bin/env bash
# Writer throughput: one folder of generated reports converted into each
# output format with --jobs 2; wall and CPU seconds, peak memory, bytes a
# report, and each format's time against JSONL's.
#
#     benches/writers.sh [N]        N generated reports (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet
cargo run --release --quiet --example make_batch -- "$dir/in" "$n" >/dev/null
bin=./target/release/nianbao
base=""
for out in out.jsonl out.sqlite out.parquet wide.parquet out.xlsx; do
  extra=()
  [[ $out == wide.parquet ]] && extra=(--wide)
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$bin" convert "$dir/in" -o "$dir/$out" "${extra[@]}" --jobs 2 -q || true
  read -r wall user sys rss <"$dir/time"
  bytes=$(stat -c %s "$dir/$out")
  [[ -z $base ]] && base=$wall
  python3 -c "import sys; w,u,s,r,b,base,n=map(float,sys.argv[2:]); print(f'{sys.argv[1]:>13}: {w:6.2f} s wall ({w/base:4.2f}x JSONL), {u+s:6.2f} s CPU, {r/1024:5.0f} MB peak, {b/n/1024:5.1f} KB a report')" \
    "$out" "$wall" "$user" "$sys" "$rss" "$bytes" "$base" "$n"
done
