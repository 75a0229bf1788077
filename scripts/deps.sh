#!/usr/bin/env bash
# Installs the Debian packages needed to build and test news-search, and only those
# that are missing. Idempotent: when everything is present it only runs dpkg-query.
# Usage: scripts/deps.sh [--lucene]
#   --lucene: also what `scripts/bench.sh --peers` needs to build and run the peers' Lucene 8
#   program (Debian's Lucene 8 jars and a JDK). Building and testing news-search never need it.
set -euo pipefail

packages=(
  g++ make cmake pkg-config
  libxapian-dev xapian-tools
  libboost-program-options-dev
  libzstd-dev zstd
  nlohmann-json3-dev
  libcsv-dev
  libgumbo-dev   # HTML pages and HTML in JSON Lines/CSV fields: a full HTML5 parser, every named entity
  libutf8proc-dev   # accent folding of index and query terms (common/text_analysis)
  libreadline-dev
  libmimalloc-dev   # the indexer's allocator: 13-15% faster indexing than glibc's malloc (indexer/CMakeLists.txt)
  googletest libgtest-dev libbenchmark-dev
  clang-format clang-tidy   # scripts/lint.sh, run by scripts/test.sh
  help2man dpkg-dev file   # scripts/package.sh: man pages; the .deb's dependencies (dpkg-shlibdeps)
  python3 time gnuplot-nox   # scripts/bench.sh: report table, peak RSS, latency plot; searcher --plot and its tests
)
if [ "${1:-}" = "--lucene" ]; then
  packages+=(liblucene8-java default-jdk-headless)   # javac, java, /usr/share/java/lucene-*-8.7.0.jar
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
