#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for a short, bounded time, starting from the seed corpus and the
# saved regressions. Meant for CI: a crash fails the run and prints how to reproduce it.
#
#   scripts/fuzz-smoke.sh [SECONDS_PER_TARGET]     # default 20, or $FUZZ_SECONDS
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; without cargo-fuzz it says so
# and exits 0. Runs on stable Rust (`--sanitizer none`). New inputs the fuzzer finds go to a
# temporary directory, never into fuzz/corpus/.
set -euo pipefail

secs="${1:-${FUZZ_SECONDS:-20}}"
case "$secs" in
  '' | *[!0-9]*) echo "fuzz-smoke: seconds must be a whole number, got '$secs'" >&2; exit 2 ;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke: cargo-fuzz is not installed (cargo install cargo-fuzz); skipping the fuzz smoke test"
  exit 0
fi

cd "$(dirname "$0")/../fuzz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fuzz-smoke: building the fuzz targets"
cargo fuzz build --sanitizer none

failed=()
for target in $(cargo fuzz list); do
  mkdir -p "$work/$target"
  corpora=("$work/$target")
  for dir in "corpus/$target" "regressions/$target"; do
    if [ -d "$dir" ]; then corpora+=("$dir"); fi
  done
  log="$work/$target.log"
  echo "fuzz-smoke: $target for ${secs}s"
  if cargo fuzz run "$target" --sanitizer none "${corpora[@]}" -- \
      -max_total_time="$secs" -timeout=30 -print_final_stats=1 >"$log" 2>&1; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    echo "fuzz-smoke: $target ok, ${runs:-?} executions"
  else
    failed+=("$target")
    echo "fuzz-smoke: $target FAILED; last lines of its log:"
    tail -n 40 "$log"
    echo "fuzz-smoke: minimise the crash with"
    echo "  cd fuzz && cargo fuzz tmin --sanitizer none $target artifacts/$target/<crash-file>"
    echo "then fix the bug and copy the minimised input to fuzz/regressions/$target/"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz-smoke: failing targets: ${failed[*]}"
  exit 1
fi
echo "fuzz-smoke: all targets ran ${secs}s without a failure"
