#!/usr/bin/env bash
# Checks the code as CI does: every tracked C++ file formatted by the repository's
# .clang-format, and clang-tidy's small, deliberate check list (.clang-tidy) clean.
# Usage: scripts/lint.sh   (after scripts/build.sh: clang-tidy reads build/compile_commands.json)
# Environment: BUILD_DIR (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')

unformatted=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "lint.sh: not formatted by .clang-format (run: clang-format -i FILE):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi

[ -f "$build_dir/compile_commands.json" ] || { echo "lint.sh: no $build_dir/compile_commands.json (run scripts/build.sh first)" >&2; exit 2; }
# -Wno-unknown-warning-option: the build's g++-only warning flags mean nothing to clang.
if ! run-clang-tidy -quiet -p "$build_dir" -j 2 -extra-arg=-Wno-unknown-warning-option \
     "$PWD/(common|indexer|searcher|tests|benchmarks)/.*\\.cpp\$" >"$build_dir/clang-tidy.log" 2>&1; then
  grep -E "(error|warning):" "$build_dir/clang-tidy.log" | sort -u >&2 || cat "$build_dir/clang-tidy.log" >&2
  echo "lint.sh: clang-tidy found problems (.clang-tidy lists the checks)" >&2
  exit 1
fi
echo "lint.sh: ${#files[@]} files formatted, clang-tidy clean"
