#!/usr/bin/env bash
# An opt-in profile-guided build of mc2lint (not a test, not the default build).
#
#   benches/pgo.sh      # prints the path of the optimised binary
#   MC2LINT_BIN=target/pgo/use/release/mc2lint benches/audit.sh 1000   # to compare
#
# Profile-guided optimisation: an instrumented build does the usual work (a
# bulk audit of generated contracts, the bundled fixtures and, when ../shared
# is there, the development sets and the public DOCX corpus, whose odd
# packages train the error paths), and LLVM then lays out and inlines a
# second build by the branch counts it recorded. Measured (7 Dec 2026, 1,000
# bench contracts): 8% fewer instructions executed, about 6% less CPU and
# wall time, identical output.
#
# Why it is a script and not the default release build: rustc reads the
# profile from a path in RUSTFLAGS, which `.cargo/config.toml` cannot give
# portably (a relative path is read from each dependency's own directory),
# and a committed profile would be stale after every change.
#
# The counts are keyed by function symbol, and a symbol carries a hash of its
# crate's build: the profile serves only a build of the same shape. So both
# builds here use the release profile's own LTO mode (a thin-LTO profile gave
# the fat-LTO build nothing) and the same targets (`--bin mc2lint` alone: the
# bench's `--example gen_fixtures` pulls in dev-dependencies, which change
# some dependencies' features and so every symbol). Code changed after the
# profile was taken compiles as without one, never wrongly.
#
# Needs llvm-profdata of LLVM 19 or later (`apt-get install llvm-19`, or
# `rustup component add llvm-tools`); set LLVM_PROFDATA to pick one.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

profdata=${LLVM_PROFDATA:-}
if [ -z "$profdata" ]; then
  # rustup's llvm-tools match rustc's LLVM exactly; Debian's llvm-19 and later
  # read its raw profiles too. An unversioned llvm-profdata may be older.
  for candidate in "$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | awk '/^host:/ {print $2}')/bin/llvm-profdata" \
    llvm-profdata-22 llvm-profdata-21 llvm-profdata-20 llvm-profdata-19; do
    if command -v "$candidate" >/dev/null 2>&1; then
      profdata=$candidate
      break
    fi
  done
fi
if [ -z "$profdata" ]; then
  echo "pgo: no llvm-profdata found; install llvm-19 (apt) or set LLVM_PROFDATA" >&2
  exit 2
fi

# Absolute: rustc reads the paths in RUSTFLAGS from each crate's own directory.
work=$(realpath -m "${PGO_DIR:-$root/target/pgo}")
rm -rf "$work/raw"
mkdir -p "$work/raw"

echo "== building an instrumented mc2lint"
RUSTFLAGS="-Cprofile-generate=$work/raw" CARGO_TARGET_DIR="$work/gen" \
  cargo build --release --quiet --bin mc2lint
# The build ran instrumented build scripts: their counts are not wanted.
rm -f "$work/raw"/*.profraw
bin=$work/gen/release/mc2lint

# The fixture generator in a build of its own (its dev-dependencies would
# change the instrumented build's shape), and another seed than the bench's
# corpus: the profile is not trained on the contracts the bench measures.
echo "== generating 400 training contracts"
CARGO_TARGET_DIR="$work/tools" cargo build --release --quiet --example gen_fixtures
rm -rf "$work/corpus"
"$work/tools/release/examples/gen_fixtures" --out "$work/corpus" --count 400 --seed 20261207 --quiet

run() { LLVM_PROFILE_FILE="$work/raw/run-%p.profraw" "$bin" "$@" >/dev/null 2>&1 || true; }
echo "== running the training work"
run audit "$work/corpus" --format jsonl -o /dev/null -q --fail-on never
run audit "$work/corpus" -j 1 --format csv -o /dev/null -q --fail-on never
run audit fixtures/contracts --format jsonl -o /dev/null -q --fail-on never
for f in fixtures/contracts/00*.docx; do
  run check "$f"
  run check "$f" --format json
  run check "$f" --format sarif
done
for dir in ../shared/dev/other-writers ../shared/dev/real-public ../shared/dev/review-cases ../shared/corpus/public-docx; do
  if [ -d "$dir" ]; then
    run audit "$dir" --format jsonl -o /dev/null -q --fail-on never
  else
    echo "   (no $dir: left out of the profile)"
  fi
done
"$profdata" merge --sparse -o "$work/mc2lint.profdata" "$work/raw"/run-*.profraw

echo "== building mc2lint with the profile"
# `-no-pgo-warn-mismatch`: functions changed since the profile was taken are
# compiled without it; LLVM need not warn about each one.
RUSTFLAGS="-Cprofile-use=$work/mc2lint.profdata -Cllvm-args=-no-pgo-warn-mismatch" CARGO_TARGET_DIR="$work/use" \
  cargo build --release --quiet --bin mc2lint
echo "$work/use/release/mc2lint"
