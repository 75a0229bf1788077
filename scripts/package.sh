#!/usr/bin/env bash
# Builds the Debian package of news-search: the programs (installed as news-indexer,
# news-searcher, news-evaluate and news-serve), their man pages and bash/zsh completions,
# and the documentation (docs/install.md). Installs what is missing first (scripts/deps.sh).
# Usage: scripts/package.sh
# Environment: BUILD_DIR (default build-package/): a Release build without tests or
# benchmarks, so that only what the package holds is compiled.
# Prints the path of the .deb; install it with: sudo apt-get install ./PATH (or dpkg -i).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
build_dir=${BUILD_DIR:-build-package}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DNEWS_BUILD_TESTS=OFF -DNEWS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build_dir" -j2
rm -f "$build_dir"/news-search_*.deb
(cd "$build_dir" && cpack -G DEB >/dev/null)
deb=$(ls "$build_dir"/news-search_*.deb)
echo "$deb"
