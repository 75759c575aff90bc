#!/usr/bin/env bash
# Benchmark of the DOCX reader over the shared corpus (not a test).
#
#   benches/read_corpus.sh [CORPUS_DIR]      # default ../shared/corpus/public-docx
#
# Over every `ok` file of MANIFEST.tsv, measures wall time, MB/s (input bytes per
# second) and peak RSS (/usr/bin/time -v) of:
#   1. `mc2lint dump FILE --format json >/dev/null`, one process per file, against
#      the floor `unzip -p FILE word/document.xml >/dev/null`, also one process
#      per file (both pay the same process start-up);
#   2. in one process (examples/read_corpus.rs), REPEAT times (default 5): the
#      reader (read_file + both views + dump JSON) against inflating
#      word/document.xml with the zip crate, the in-process floor.
# and prints the ratios (target: within 3x of the raw extraction) and peak RSS
# next to the largest inflated part.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/public-docx}
repeat=${REPEAT:-5}
[ -f "$corpus/MANIFEST.tsv" ] || { echo "no corpus at $corpus (MANIFEST.tsv missing)" >&2; exit 1; }

echo "== building (release)"
cargo build --release --quiet --bin mc2lint --example read_corpus
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/mc2lint
example=$target/release/examples/read_corpus

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -F'\t' -v dir="$corpus" 'NR > 1 && $4 == "ok" { print dir "/" $1 }' "$corpus/MANIFEST.tsv" > "$work/files"
count=$(wc -l < "$work/files")
bytes=$(xargs -d '\n' stat -c %s < "$work/files" | awk '{ s += $1 } END { print s }')
largest=$(while IFS= read -r f; do unzip -l "$f" 2>/dev/null | awk 'NR > 3 && $1 ~ /^[0-9]+$/ && NF >= 4 { print $1 }'; done < "$work/files" | sort -n | tail -1)
echo "== $count files, $((bytes / 1024)) KiB; largest part $((largest / 1024)) KiB inflated"

rate() { awk -v b="$bytes" -v s="$1" -v r="${2:-1}" 'BEGIN { printf "%.1f", b * r / 1e6 / s }'; }
rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time"; }
secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time"; }

cat > "$work/dump" <<SH
#!/bin/sh
exec "$PWD/$bin" dump --format json "\$1"
SH
cat > "$work/unzip" <<'SH'
#!/bin/sh
exec unzip -p "$1" word/document.xml
SH
chmod +x "$work/dump" "$work/unzip"
[ "${bin#/}" != "$bin" ] && sed -i "s|$PWD/$bin|$bin|" "$work/dump"

# per_file NAME SCRIPT: runs SCRIPT FILE for every file; peak RSS is the largest
# single process over the five largest files.
per_file() {
  local name=$1 script=$2 start end peak=0 f r
  start=$(date +%s.%N)
  while IFS= read -r f; do "$script" "$f" > /dev/null 2>&1 || true; done < "$work/files"
  end=$(date +%s.%N)
  while IFS= read -r f; do
    /usr/bin/time -v -o "$work/time" "$script" "$f" > /dev/null 2>&1 || true
    r=$(rss); [ "${r:-0}" -gt "$peak" ] && peak=$r
  done < <(xargs -d '\n' ls -S < "$work/files" 2>/dev/null | head -5)
  SECS=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
  printf "%-40s %8.2fs %8s MB/s   peak RSS %7d KiB\n" "$name" "$SECS" "$(rate "$SECS")" "$peak"
}

in_process() { # in_process NAME ARGS...
  local name=$1; shift
  /usr/bin/time -v -o "$work/time" "$example" --repeat "$repeat" "$@" --list "$work/files" > "$work/out" 2>&1
  SECS=$(secs)
  printf "%-40s %8.2fs %8s MB/s   peak RSS %7d KiB\n" "$name" "$SECS" "$(rate "$SECS" "$repeat")" "$(rss)"
  sed 's/^/    /' "$work/out"
}

echo "== one process per file"
per_file "mc2lint dump --format json FILE" "$work/dump"; dump_secs=$SECS
per_file "unzip -p FILE word/document.xml" "$work/unzip"; unzip_secs=$SECS
echo "== one process, all files x$repeat"
in_process "reader: read_file + 2 views + JSON" --json; reader_secs=$SECS
in_process "floor: inflate word/document.xml" --inflate-only; inflate_secs=$SECS

echo "== ratios (lower is better; target <= 3)"
awk -v d="$dump_secs" -v u="$unzip_secs" -v r="$reader_secs" -v i="$inflate_secs" 'BEGIN {
  printf "mc2lint dump / unzip -p, per file:        %.2fx\n", d / u
  printf "reader / zip inflate, in process:         %.2fx\n", r / i
}'
