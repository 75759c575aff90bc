#!/usr/bin/env bash
# Benchmark of `mc2lint audit` (not a test).
#
#   benches/audit.sh [N...]          # default N=1000; e.g. `benches/audit.sh 1000 10000`
#
# For each N: generates N labelled contracts with the fixture generator (cached
# under $BENCH_DIR, default target/bench-audit), then measures wall time,
# documents per second and peak RSS (/usr/bin/time -v) for
#   - mc2lint audit DIR --format jsonl -o /dev/null   (all threads, then 1 and 2 threads)
#   - the floor: `unzip -p FILE word/document.xml >/dev/null` for every file
#   - a Python baseline a user might write instead: python-docx text + rapidfuzz
#     token_set_ratio against each term's `requires` text (reference/mc2-v2.toml),
#     installed from PyPI into a venv. It runs on at most $PY_MAX files (default
#     1000) per N, since only its rate matters.
# and prints the ratios. Each mc2lint row is the median of $RUNS runs (default
# 3, after one untimed warm-up run); the floor and Python rows run once (they take far longer, so vary less in
# proportion). Env: BENCH_DIR, PY_MAX, SKIP_PYTHON=1, RUNS, MC2LINT_BIN (measure this
# binary instead of the one built here, e.g. another branch's, to compare in the same hour).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=("${N:-1000}")
work=${BENCH_DIR:-$root/target/bench-audit}
py_max=${PY_MAX:-1000}
mkdir -p "$work"

echo "== building (release)"
cargo build --release --quiet --bin mc2lint --example gen_fixtures
target=${CARGO_TARGET_DIR:-$root/target}
bin=${MC2LINT_BIN:-$target/release/mc2lint}
gen=$target/release/examples/gen_fixtures
echo "== measuring $bin"

# ---- Python baseline -------------------------------------------------------
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
  if [ ! -x "$work/venv/bin/python" ] || ! "$work/venv/bin/python" -c 'import docx, rapidfuzz' 2>/dev/null; then
    echo "== installing python-docx and rapidfuzz into $work/venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check python-docx rapidfuzz
  fi
  cat > "$work/baseline.py" <<'PY'
"""What a user might write instead of mc2lint: fuzzy-match each term's
`requires` text against the paragraphs of each contract."""
import json, sys, tomllib
from docx import Document
from rapidfuzz import fuzz, process

terms = tomllib.load(open(sys.argv[1], "rb"))["terms"]
reqs = [(t["id"], t["requires"]) for t in terms]
for path in sys.argv[2:]:
    try:
        doc = Document(path)
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"path": path, "status": "error", "error": str(e)}))
        continue
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            paras.extend(c.text for c in row.cells if c.text.strip())
    verdicts = {}
    for tid, req in reqs:
        best = process.extractOne(req, paras, scorer=fuzz.token_set_ratio) if paras else None
        verdicts[tid] = "conformant" if best and best[1] >= 80 else "missing"
    print(json.dumps({"path": path, "status": "ok", "terms": verdicts}))
PY
fi

calc() { awk "BEGIN { print $* }"; }

# measure NAME COUNT CMD... : runs CMD $runs times (default 1) under
# /usr/bin/time -v, prints one row with the median wall time and the largest
# peak RSS, and sets $last_rate (docs/s) and $last_rss (MiB). The median, not
# the best run: wall-clock times on a shared machine vary by 10% run to run.
runs=1
measure() {
  local name=$1 count=$2
  shift 2
  local tf secs=() rss_kb=0
  tf=$(mktemp)
  for _ in $(seq "$runs"); do
    local t0 t1 kb
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$tf" "$@" >/dev/null 2>"$tf.err" || true
    t1=$(date +%s.%N)
    secs+=("$(calc "$t1 - $t0")")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    [ "$kb" -gt "$rss_kb" ] && rss_kb=$kb
  done
  last_secs=$(printf '%s\n' "${secs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  last_rate=$(calc "$count / $last_secs")
  last_rss=$(calc "$rss_kb / 1024")
  printf "%-34s %7d docs %9.2f s %10.1f docs/s %9.1f MiB peak RSS%s\n" "$name" "$count" "$last_secs" "$last_rate" \
    "$last_rss" "$([ "$runs" -gt 1 ] && echo " (median of $runs)")"
  rm -f "$tf" "$tf.err"
}

for n in "${sizes[@]}"; do
  corpus=$work/corpus-$n
  if [ ! -f "$corpus/.complete" ]; then
    echo "== generating $n contracts in $corpus"
    rm -rf "$corpus"
    "$gen" --out "$corpus" --count "$n" --quiet
    touch "$corpus/.complete"
  fi
  mapfile -t files < <(find "$corpus" -maxdepth 1 -name '*.docx' | sort)
  count=${#files[@]}
  bytes=$(du -sb --apparent-size "${files[@]}" | awk '{s+=$1} END {print s}')
  echo
  echo "== N=$count ($((bytes / 1024 / 1024)) MiB of DOCX), $(nproc) CPUs"

  # The floor: read the main part of every file.
  printf '%s\0' "${files[@]}" > "$work/files-$n.lst"
  measure "unzip -p word/document.xml (floor)" "$count" \
    bash -c 'while IFS= read -r -d "" f; do unzip -p "$f" word/document.xml; done < "$1" > /dev/null' _ "$work/files-$n.lst"
  floor_rate=$last_rate

  runs=${RUNS:-3}
  # One untimed run first (as hyperfine's --warmup): the floor's thousands of
  # unzip processes leave the machine busy for a moment.
  "$bin" audit "$corpus" -o /dev/null -q --fail-on never >/dev/null 2>&1 || true
  measure "mc2lint audit (all threads)" "$count" "$bin" audit "$corpus" --format jsonl -o /dev/null -q --fail-on never
  all_rate=$last_rate
  all_rss=$last_rss
  measure "mc2lint audit (1 thread)" "$count" env RAYON_NUM_THREADS=1 "$bin" audit "$corpus" -o /dev/null -q --fail-on never
  one_rate=$last_rate
  measure "mc2lint audit (2 threads)" "$count" env RAYON_NUM_THREADS=2 "$bin" audit "$corpus" -o /dev/null -q --fail-on never
  two_rate=$last_rate

  runs=1
  py_rate=""
  if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    py_files=("${files[@]:0:$py_max}")
    measure "python-docx + rapidfuzz (1 proc)" "${#py_files[@]}" \
      "$work/venv/bin/python" "$work/baseline.py" "$root/reference/mc2-v2.toml" "${py_files[@]}"
    py_rate=$last_rate
  fi

  echo "-- ratios at N=$count"
  printf "mc2lint / floor throughput:          %6.2f  (floor is %.2fx faster; target: within 3x)\n" \
    "$(calc "$all_rate / $floor_rate")" "$(calc "$floor_rate / $all_rate")"
  if [ -n "$py_rate" ]; then
    printf "mc2lint / Python baseline:           %6.2f  (target: >= 20)\n" "$(calc "$all_rate / $py_rate")"
    printf "mc2lint 1 thread / Python baseline:  %6.2f\n" "$(calc "$one_rate / $py_rate")"
  fi
  printf "speed-up 1 -> 2 threads:             %6.2f  (linear: 2.00)\n" "$(calc "$two_rate / $one_rate")"
  printf "peak RSS (all threads):              %6.1f MiB\n" "$all_rss"
done
