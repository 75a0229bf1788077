#!/usr/bin/env bash
# Builds in Release and runs the query-latency benchmark.
# Usage: scripts/bench.sh [CORPUS] [google-benchmark flags...]
#   CORPUS: a file or folder to index for the run (default: the bundled corpus/).
# Results: the console table, and bench-results/search.json (Google Benchmark JSON).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/build.sh search_benchmark
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  export NEWS_BENCH_CORPUS=$(realpath "$1")
  shift
fi
mkdir -p bench-results
build/bin/search_benchmark --benchmark_out=bench-results/search.json --benchmark_out_format=json "$@"
