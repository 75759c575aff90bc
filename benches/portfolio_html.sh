#!/usr/bin/env bash
# Benchmark of the portfolio HTML report at scale (not a test).
#
#   benches/portfolio_html.sh [N...]      # default: 1000 10000 100000
#
# For each N: writes N JSONL document reports made from real results (an
# audit of fixtures/contracts, each report copied under a new path spread
# over folders, as a big portfolio would be), runs `mc2lint merge --format
# html` on them, and prints the JSONL and HTML sizes, the merge time and peak
# memory, and Chromium's load figures: when the table's first rows were on
# screen (performance.now() recorded by the report's script, from the start
# of navigation; read from a --dump-dom run) and the wall time of a headless
# Chromium run that opens the page and takes a screenshot once it has loaded
# (browser start-up included). Env: BENCH_DIR (default target/bench-html), CHROMIUM.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
work=${BENCH_DIR:-$root/target/bench-html}
chrome=${CHROMIUM:-/usr/bin/chromium}
mkdir -p "$work"

echo "== building (release)"
cargo build --release --quiet --bin mc2lint
bin=${CARGO_TARGET_DIR:-$root/target}/release/mc2lint

"$bin" audit fixtures/contracts -q --fail-on never -o "$work/seed.jsonl" || true
seeds=$(wc -l < "$work/seed.jsonl")
echo "== seed: $seeds audited fixture contracts"

calc() { awk "BEGIN { print $* }"; }

printf "\n%9s %12s %10s %9s %10s %12s %16s\n" "documents" "JSONL" "HTML" "merge s" "merge RSS" "first rows" "open+screenshot"
for n in "${sizes[@]}"; do
  jsonl=$work/gen-$n.jsonl
  if [ ! -s "$jsonl" ]; then
    # Each line a real report under a new path: portfolio/region-RR/vendor-VVV/contract-NNNNNN.docx.
    awk -v n="$n" -v seeds="$seeds" '
      { line[NR] = $0 }
      END {
        for (i = 0; i < n; i++) {
          l = line[(i % seeds) + 1]
          p = sprintf("portfolio/region-%02d/vendor-%03d/contract-%06d.docx", i % 17, i % 211, i)
          sub(/"path":"[^"]*"/, "\"path\":\"" p "\"", l)
          print l
        }
      }' "$work/seed.jsonl" > "$jsonl"
  fi
  html=$work/report-$n.html
  tf=$(mktemp)
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$tf" "$bin" merge "$jsonl" --format html -o "$html" -q
  t1=$(date +%s.%N)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  rm -f "$tf"
  first="-"
  wall="-"
  if [ -x "$chrome" ]; then
    profile=$(mktemp -d)
    headless=("$chrome" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
      --user-data-dir="$profile" --window-size=1400,1000)
    first=$("${headless[@]}" --dump-dom "file://$html" 2>/dev/null |
      grep -o 'data-first-render="[0-9]*"' | grep -o '[0-9]*' || echo "?")
    first="$first ms"
    c0=$(date +%s.%N)
    "${headless[@]}" --screenshot="$work/report-$n.png" "file://$html" >/dev/null 2>&1
    c1=$(date +%s.%N)
    wall=$(printf "%.1f s" "$(calc "$c1 - $c0")")
    rm -rf "$profile"
  fi
  printf "%9d %9.1f MB %7.1f MB %9.1f %7.0f MiB %12s %16s\n" "$n" \
    "$(calc "$(stat -c %s "$jsonl") / 1e6")" "$(calc "$(stat -c %s "$html") / 1e6")" \
    "$(calc "$t1 - $t0")" "$(calc "$rss / 1024")" "$first" "$wall"
done
