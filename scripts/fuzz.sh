#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan) in build-fuzz/ and runs
# each for SECONDS (default 60), one after the other, printing per target the executions
# reached and whether a crash was found.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]      (targets: fuzz_csv, fuzz_search, ...)
# Inputs that grew coverage are kept in build-fuzz/corpus/TARGET (the seeds in
# tests/fuzz/seeds/ are read, never written); a crashing input is saved as
# build-fuzz/crashes/TARGET/crash-* (reproduce: build-fuzz/bin/TARGET FILE).
# A single allocation over 1 GiB or an input taking over 10 s counts as a crash.
# Exit status: 0 when no target crashed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift $(($# > 0 ? 1 : 0))
case $seconds in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
all_targets=(fuzz_text_article fuzz_jsonl fuzz_csv fuzz_reuters fuzz_trec fuzz_html fuzz_stored_record fuzz_search)
targets=("${@:-${all_targets[@]}}")

scripts/deps.sh
cxx=$(command -v clang++ || command -v clang++-14 || true)
[ -n "$cxx" ] || { echo "fuzz.sh: clang++ not found (Debian: apt-get install clang)" >&2; exit 1; }

build_dir=${BUILD_DIR:-build-fuzz}
# Every library is instrumented for coverage (fuzzer-no-link); only the targets link libFuzzer.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" -DNEWS_BUILD_FUZZERS=ON -DNEWS_BUILD_TESTS=OFF -DNEWS_BUILD_BENCHMARKS=OFF >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "$t"); done
cmake --build "$build_dir" -j2 "${build_targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp}  # a leak inside Xapian
crashed=0
for t in "${targets[@]}"; do
  seeds=(tests/fuzz/seeds/${t#fuzz_})
  # The HTML pages the tests read are seeds too (kept once, in tests/fixtures).
  if [ "$t" = fuzz_html ]; then seeds+=(tests/fixtures/html); fi
  corpus=$build_dir/corpus/$t
  crashes=$build_dir/crashes/$t
  log=$build_dir/logs/$t.log
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  status=0
  "$build_dir/bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(grep -o "Test unit written to .*" "$log" | sed 's/Test unit written to //' | tail -1 || true)
  # A target that crashed left its input file (fuzz_support.hpp) behind: remove those of
  # processes that are gone.
  for f in /dev/shm/news-fuzz-* /tmp/news-fuzz-*; do
    [ -e "$f" ] || continue
    pid=${f##*/news-fuzz-}
    [ -e "/proc/${pid%%.*}" ] || rm -f "$f"
  done
  if [ "$status" -ne 0 ]; then
    crashed=1
    echo "$t: CRASH after ${execs:-?} executions: ${found:-see $log}"
    grep -m1 -E "ERROR: |runtime error|fuzz invariant broken|out-of-memory|timeout" "$log" | sed 's/^/    /' || true
  else
    echo "$t: ${execs:-?} executions in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs, no crash"
  fi
done
exit "$crashed"
