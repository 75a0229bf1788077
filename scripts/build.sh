#!/usr/bin/env bash
# Configures and builds into BUILD_DIR (default build/) in Release mode.
# Usage: scripts/build.sh [--sanitize] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build_dir=${BUILD_DIR:-build-sanitize}
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DNEWS_SANITIZE=ON -DNEWS_BUILD_BENCHMARKS=OFF)
fi
cmake -S . -B "$build_dir" "${cmake_args[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j2 "${targets[@]}"
