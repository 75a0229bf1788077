#!/usr/bin/env bash
# Measures ranking quality on a test collection: indexes COLLECTION_DIR/docs.jsonl into a
# temporary database, runs every query of COLLECTION_DIR/queries.tsv in one batch and prints
# MAP, nDCG@10, P@10, Recall@100 and MRR against COLLECTION_DIR/qrels.txt (docs/relevance.md).
#
# Usage: scripts/eval.sh [OPTIONS] COLLECTION_DIR [SEARCHER_OPTION...]
#   --gain-map SPEC   grade -> nDCG gain, e.g. 1:4,2:3,3:2,4:1,-1:0 for Cranfield (where 1 is
#                     the best grade); default $NEWS_EVAL_GAIN_MAP, else gain = grade
#   --per-query       also print every query's measures
#   --format FMT      text (default) or json
#   --save-run FILE   keep the TREC run the searcher wrote (with --case all, that of the last case)
#   --case CASE       search the queries upper-cased (upper), lower-cased (lower), as written
#                     (as-written, the default), or all three from one index (all: each
#                     report after a line "== case: CASE =="; text format only)
#   SEARCHER_OPTIONs go to searcher as they are (e.g. -n 100).
# Environment: NEWS_BIN_DIR = a folder with indexer, searcher and evaluate already built
# (nothing is built then); otherwise scripts/build.sh builds them in BUILD_DIR (default build/).
# Exit status: that of evaluate (0 ok, 1 error, 2 usage), or 2 when called wrongly here.
set -euo pipefail
# No cd: COLLECTION_DIR and --save-run FILE are relative to the caller's directory.
root=$(cd "$(dirname "$0")/.." && pwd)

# usage STATUS: the header's usage text, on stdout for --help, else on stderr.
usage() {
  if [ "$1" = 0 ]; then sed -n '6,18s/^# \{0,1\}//p' "$0"; else sed -n '6,18s/^# \{0,1\}//p' "$0" >&2; fi
  exit "$1"
}

gain_map=${NEWS_EVAL_GAIN_MAP:-}
evaluate_args=()
save_run=
query_case=as-written
while [ $# -gt 0 ]; do
  case $1 in
    --gain-map) [ $# -ge 2 ] || usage 2; gain_map=$2; shift 2 ;;
    --gain-map=*) gain_map=${1#*=}; shift ;;
    --per-query) evaluate_args+=(--per-query); shift ;;
    --format) [ $# -ge 2 ] || usage 2; evaluate_args+=(--format "$2"); shift 2 ;;
    --format=*) evaluate_args+=("$1"); shift ;;
    --save-run) [ $# -ge 2 ] || usage 2; save_run=$2; shift 2 ;;
    --case) [ $# -ge 2 ] || usage 2; query_case=$2; shift 2 ;;
    --case=*) query_case=${1#*=}; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "eval.sh: unknown option '$1'" >&2; usage 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage 2
case $query_case in
  upper|lower|as-written) cases=("$query_case") ;;
  all) cases=(upper lower as-written) ;;
  *) echo "eval.sh: unknown case '$query_case' (valid: upper, lower, as-written, all)" >&2; usage 2 ;;
esac
if [ ${#cases[@]} -gt 1 ]; then
  for a in ${evaluate_args[@]+"${evaluate_args[@]}"}; do
    case $a in json|--format=json) echo "eval.sh: --case all reports in text only" >&2; exit 2 ;; esac
  done
fi
collection=$1
shift
for f in docs.jsonl queries.tsv qrels.txt; do
  if [ ! -f "$collection/$f" ]; then
    echo "eval.sh: $collection/$f not found (a collection has docs.jsonl, queries.tsv, qrels.txt)" >&2
    exit 2
  fi
done

if [ -n "${NEWS_BIN_DIR:-}" ]; then
  bin=$NEWS_BIN_DIR
else
  # Build output goes to stderr: stdout carries only the measures.
  "$root/scripts/build.sh" indexer searcher evaluate >&2
  build_dir=${BUILD_DIR:-build}
  case $build_dir in /*) ;; *) build_dir=$root/$build_dir ;; esac
  bin=$build_dir/bin
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/news-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Quiet: the indexer's notes (e.g. Cranfield's two empty records) are shown only if it fails.
if ! "$bin/indexer" --quiet --db "$tmp/db" "$collection/docs.jsonl" 2>"$tmp/indexer.log"; then
  cat "$tmp/indexer.log" >&2
  echo "eval.sh: indexing $collection/docs.jsonl failed" >&2
  exit 1
fi
# queries_in CASE: the collection's queries.tsv with each query (the text after the first
# tab) in CASE. Perl, not awk: it changes the case of every letter, not just ASCII.
queries_in() {
  case $1 in
    as-written) cat "$collection/queries.tsv" ;;
    upper) perl -CSD -pe 's/\t(.*)$/\t\U$1/' "$collection/queries.tsv" ;;
    lower) perl -CSD -pe 's/\t(.*)$/\t\L$1/' "$collection/queries.tsv" ;;
  esac
}

for query_case in "${cases[@]}"; do
  if [ ${#cases[@]} -gt 1 ]; then echo "== case: $query_case =="; fi
  queries_in "$query_case" >"$tmp/queries.tsv"
  "$bin/searcher" --db "$tmp/db" --format trec --queries "$tmp/queries.tsv" "$@" >"$tmp/run.txt"
  if [ -n "$save_run" ]; then cp "$tmp/run.txt" "$save_run"; fi
  "$bin/evaluate" ${gain_map:+--gain-map "$gain_map"} ${evaluate_args[@]+"${evaluate_args[@]}"} \
    "$collection/qrels.txt" "$tmp/run.txt"
done
