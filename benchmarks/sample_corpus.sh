#!/usr/bin/env bash
# Writes the articles a benchmark run indexes, as one JSON Lines file: the whole corpus when
# it has at most DOCS articles (or DOCS is "all"), else every K-th article, K the smallest
# step that keeps at most DOCS, so the sample spans the corpus's whole period.
# Prints "TOTAL STEP": the corpus's article count and K (1: the whole corpus).
# Usage: benchmarks/sample_corpus.sh CORPUS DOCS OUT.jsonl
#   CORPUS: a .jsonl or .jsonl.zst file, or a folder of them (searched recursively).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 CORPUS DOCS OUT.jsonl" >&2; exit 2; }
corpus=$1 docs=$2 out=$3

decompress() {
  find "$corpus" -type f \( -name '*.jsonl' -o -name '*.jsonl.zst' \) | sort | while read -r f; do
    case $f in *.zst) zstd -dcq "$f" ;; *) cat "$f" ;; esac
  done | grep -v '^[[:space:]]*$'
}

total=$(decompress | wc -l)
step=1
[ "$docs" != all ] && [ "$total" -gt "$docs" ] && step=$(( (total + docs - 1) / docs ))
decompress | awk -v step="$step" 'NR % step == 1 || step == 1' >"$out"
echo "sample_corpus.sh: $(wc -l <"$out") of $total articles (one in $step)" >&2
echo "$total $step"
