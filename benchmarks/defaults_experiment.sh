#!/usr/bin/env bash
# The ranking-defaults experiment of docs/relevance.md ("Defaults revisited (issue 16)"):
# every setting on every collection, as scripts/eval.sh measures it, from one index per
# collection and title weight. Needs an experiment build, whose indexer and searcher read
# NEWS_EXP_* variables (CMake -DNEWS_EXPERIMENT_ENV=ON; never a build users get):
#
#   cmake -S . -B build-exp -DCMAKE_BUILD_TYPE=Release -DNEWS_EXPERIMENT_ENV=ON
#   cmake --build build-exp -j2 --target indexer searcher evaluate
#   benchmarks/make_eval_collections.py /tmp/eval
#   benchmarks/defaults_experiment.sh build-exp/bin ../shared/eval/cranfield /tmp/eval/* > results.tsv
#
# Usage: benchmarks/defaults_experiment.sh BIN_DIR COLLECTION_DIR...
# Output: one TSV line per collection, setting and query case:
#   collection setting case map ndcg_cut_10 P_10 recip_rank
# SETTINGS (environment) limits the settings run, a space-separated list of the names below.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '9,13s/^# \{0,1\}//p' "$0" >&2; exit 2; }
bin=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/news-defaults.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Searcher settings: NAME=ENV ENV ... (empty: the defaults).
searcher_settings=(
  "default="
  "k0.9b0.4=NEWS_EXP_K1=0.9 NEWS_EXP_B=0.4" "k0.9b0.6=NEWS_EXP_K1=0.9 NEWS_EXP_B=0.6"
  "k0.9b0.75=NEWS_EXP_K1=0.9 NEWS_EXP_B=0.75" "k0.9b0.9=NEWS_EXP_K1=0.9 NEWS_EXP_B=0.9"
  "k1.2b0.4=NEWS_EXP_K1=1.2 NEWS_EXP_B=0.4" "k1.2b0.6=NEWS_EXP_K1=1.2 NEWS_EXP_B=0.6"
  "k1.2b0.9=NEWS_EXP_K1=1.2 NEWS_EXP_B=0.9"
  "k1.5b0.4=NEWS_EXP_K1=1.5 NEWS_EXP_B=0.4" "k1.5b0.6=NEWS_EXP_K1=1.5 NEWS_EXP_B=0.6"
  "k1.5b0.75=NEWS_EXP_K1=1.5 NEWS_EXP_B=0.75" "k1.5b0.9=NEWS_EXP_K1=1.5 NEWS_EXP_B=0.9"
  "nostop=NEWS_EXP_STOPWORDS=0"
  "feedback=NEWS_EXP_FEEDBACK_DOCS=10"
  "feedback5=NEWS_EXP_FEEDBACK_DOCS=5"
  "feedback3=NEWS_EXP_FEEDBACK_DOCS=3"
  "feedbackw0.25=NEWS_EXP_FEEDBACK_DOCS=10 NEWS_EXP_FEEDBACK_WEIGHT=0.25"
  "feedbackw0.1=NEWS_EXP_FEEDBACK_DOCS=10 NEWS_EXP_FEEDBACK_WEIGHT=0.1"
)
title_weights=(1 2 5)  # besides the default 3, each with the default searcher settings

wanted() {  # wanted NAME: whether SETTINGS (if set) lists NAME
  [ -z "${SETTINGS:-}" ] || [[ " $SETTINGS " == *" $1 "* ]]
}

# run COLLECTION DB NAME ENV...: the measures of every case, one line each.
run() {
  local collection=$1 db=$2 name=$3
  shift 3
  local gain_map=
  case $(basename "$collection") in cranfield) gain_map=1:4,2:3,3:2,4:1,-1:0 ;; esac
  for query_case in as-written upper lower; do
    case $query_case in
      as-written) cp "$collection/queries.tsv" "$tmp/q.tsv" ;;
      upper) perl -CSD -pe 's/\t(.*)$/\t\U$1/' "$collection/queries.tsv" >"$tmp/q.tsv" ;;
      lower) perl -CSD -pe 's/\t(.*)$/\t\L$1/' "$collection/queries.tsv" >"$tmp/q.tsv" ;;
    esac
    env "$@" "$bin/searcher" --db "$db" --format trec --queries "$tmp/q.tsv" >"$tmp/run.txt"
    "$bin/evaluate" ${gain_map:+--gain-map "$gain_map"} "$collection/qrels.txt" "$tmp/run.txt" |
      awk -v c="$(basename "$collection")" -v s="$name" -v q="$query_case" '
        { v[$1] = $3 } END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c, s, q, v["map"], v["ndcg_cut_10"], v["P_10"], v["recip_rank"] }'
  done
}

for collection in "$@"; do
  "$bin/indexer" --quiet --db "$tmp/db3" "$collection/docs.jsonl" 2>/dev/null
  for setting in "${searcher_settings[@]}"; do
    name=${setting%%=*}
    wanted "$name" || continue
    # shellcheck disable=SC2086  # the variables are words on purpose
    run "$collection" "$tmp/db3" "$name" ${setting#*=}
  done
  rm -rf "$tmp/db3"
  for w in "${title_weights[@]}"; do
    wanted "title$w" || continue
    NEWS_EXP_TITLE_WEIGHT=$w "$bin/indexer" --quiet --db "$tmp/db$w" "$collection/docs.jsonl" 2>/dev/null
    run "$collection" "$tmp/db$w" "title$w"
    rm -rf "$tmp/db$w"
  done
done
