#!/usr/bin/env bash
# The first command a new user runs: installs what is missing, builds, indexes the bundled
# corpus into the default database and runs a sample query.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/build.sh indexer searcher
echo
echo "== indexing corpus/ (the seed article and 2,225 BBC News articles)"
build/bin/indexer corpus/
echo
echo "== searcher \"cyber dialogue China\""
build/bin/searcher -n 5 "cyber dialogue China"
