#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test.
# Usage: scripts/test.sh [--sanitize]   (--sanitize: ASan+UBSan build in build-sanitize/)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
if [ "${1:-}" = "--sanitize" ]; then
  build_dir=${BUILD_DIR:-build-sanitize}
  BUILD_DIR=$build_dir scripts/build.sh --sanitize
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  build_dir=${BUILD_DIR:-build}
  BUILD_DIR=$build_dir scripts/build.sh
  BUILD_DIR=$build_dir scripts/lint.sh   # formatting and clang-tidy (the sanitizer build is the same code)
fi
ctest --test-dir "$build_dir" --output-on-failure -j2
