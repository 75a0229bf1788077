#!/usr/bin/env bash
# Where a database's bytes go (docs/benchmarks.md, "Where the bytes go"): builds one
# database per corpus with the real indexer (which compacts a build from scratch) and
# prints, per corpus, the raw title + body bytes, the wall time of the build, each glass
# table's size and the database's size over the raw bytes. With CENSUS=1 it also prints
# benchmarks/term_census.cpp's count of terms, postings, positions, values and document
# data by term prefix (build/bin/term_census: scripts/build.sh term_census).
#
# Usage: benchmarks/size_study.sh LABEL OUT_DIR CORPUS.jsonl...
#   LABEL    names the layout measured (first column; databases go to OUT_DIR/LABEL/NAME)
#   OUT_DIR  scratch folder
# Environment: INDEXER (default build/bin/indexer of this checkout; scripts/build.sh
#   indexer), THREADS (indexer -j, default 1), CENSUS=1 (also run the census).
# Output: a tab-separated header and one line per corpus:
#   label corpus raw_bytes wall_s position postlist termlist docdata total ratio
#
# The samples of docs/benchmarks.md:
#   zstd -dc corpus/bbc.jsonl.zst > /tmp/s/bbc.jsonl
#   zstd -dc ../shared/corpus/news-fulltext.jsonl.zst | awk 'NR%5==1' | head -20000 > /tmp/s/fulltext20k.jsonl
#   zstd -dc ../shared/corpus/news-large.jsonl.zst | head -200000 > /tmp/s/large200k.jsonl
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
label=$1 out=$2
shift 2
indexer=${INDEXER:-$root/build/bin/indexer}
threads=${THREADS:-1}
census=$(dirname "$indexer")/term_census  # built beside the indexer (benchmarks/CMakeLists.txt)
if [ "${CENSUS:-0}" = 1 ] && [ ! -x "$census" ]; then
  echo "size_study.sh: no $census (run: scripts/build.sh term_census)" >&2
  exit 2
fi
printf 'label\tcorpus\traw_bytes\twall_s\tposition\tpostlist\ttermlist\tdocdata\ttotal\tratio\n'
for corpus in "$@"; do
  name=$(basename "$corpus")
  name=${name%%.*}
  db=$out/$label/$name
  rm -rf "$db"
  mkdir -p "$(dirname "$db")"
  start=$(date +%s.%N)
  "$indexer" -q -j "$threads" --db "$db" "$corpus"
  end=$(date +%s.%N)
  python3 - "$label" "$name" "$corpus" "$db" "$start" "$end" <<'PY'
import json, os, sys
label, name, corpus, db, start, end = sys.argv[1:]
raw = sum(len(a.get("title", "").encode()) + len(a.get("body", "").encode())
          for a in map(json.loads, open(corpus, encoding="utf-8")))
def size(table):
    path = os.path.join(db, table + ".glass")
    return os.path.getsize(path) if os.path.exists(path) else 0
total = sum(os.path.getsize(os.path.join(db, f)) for f in os.listdir(db))
print("\t".join(map(str, [label, name, raw, f"{float(end) - float(start):.1f}",
                          *(size(t) for t in ("position", "postlist", "termlist", "docdata")),
                          total, f"{total / raw:.2f}"])))
PY
  if [ "${CENSUS:-0}" = 1 ]; then "$census" "$db" --positions; fi
done
