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
#   --save-run FILE   keep the TREC run the searcher wrote
#   SEARCHER_OPTIONs go to searcher as they are (e.g. -n 100).
# Environment: NEWS_BIN_DIR = a folder with indexer, searcher and evaluate already built
# (nothing is built then); otherwise scripts/build.sh builds them in BUILD_DIR (default build/).
# Exit status: that of evaluate (0 ok, 1 error, 2 usage), or 2 when called wrongly here.
set -euo pipefail
# No cd: COLLECTION_DIR and --save-run FILE are relative to the caller's directory.
root=$(cd "$(dirname "$0")/.." && pwd)

# usage STATUS: the header's usage text, on stdout for --help, else on stderr.
usage() {
  if [ "$1" = 0 ]; then sed -n '6,15s/^# \{0,1\}//p' "$0"; else sed -n '6,15s/^# \{0,1\}//p' "$0" >&2; fi
  exit "$1"
}

gain_map=${NEWS_EVAL_GAIN_MAP:-}
evaluate_args=()
save_run=
while [ $# -gt 0 ]; do
  case $1 in
    --gain-map) [ $# -ge 2 ] || usage 2; gain_map=$2; shift 2 ;;
    --gain-map=*) gain_map=${1#*=}; shift ;;
    --per-query) evaluate_args+=(--per-query); shift ;;
    --format) [ $# -ge 2 ] || usage 2; evaluate_args+=(--format "$2"); shift 2 ;;
    --format=*) evaluate_args+=("$1"); shift ;;
    --save-run) [ $# -ge 2 ] || usage 2; save_run=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    -*) echo "eval.sh: unknown option '$1'" >&2; usage 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage 2
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
"$bin/searcher" --db "$tmp/db" --format trec --queries "$collection/queries.tsv" "$@" >"$tmp/run.txt"
if [ -n "$save_run" ]; then cp "$tmp/run.txt" "$save_run"; fi

"$bin/evaluate" ${gain_map:+--gain-map "$gain_map"} ${evaluate_args[@]+"${evaluate_args[@]}"} \
  "$collection/qrels.txt" "$tmp/run.txt"
