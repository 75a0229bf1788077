#!/usr/bin/env bash
# Ranking regression gate (ctest CranfieldRankingGate): evaluates the engine on the Cranfield
# collection and fails if MAP or nDCG@10 falls below the baselines in tests/cranfield_gate.txt
# minus their tolerance, with the queries as written, upper-cased and lower-cased (the
# ranking must not depend on the case a query is typed in). Exits 77 (a ctest skip) when
# the collection is absent.
# Environment: NEWS_BIN_DIR (built programs, passed on to scripts/eval.sh),
# NEWS_CRANFIELD_DIR (default: ../shared/eval/cranfield beside the checkout).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
collection=${NEWS_CRANFIELD_DIR:-$root/../shared/eval/cranfield}
thresholds=$root/tests/cranfield_gate.txt
# Cranfield grades 1 (complete answer) .. 4 (minimum interest); -1 is unexplained: gain 0.
gain_map=1:4,2:3,3:2,4:1,-1:0

if [ ! -f "$collection/qrels.txt" ]; then
  echo "skipped: no Cranfield collection at $collection"
  exit 77
fi

table=$("$root/scripts/eval.sh" --gain-map "$gain_map" --case all "$collection")
echo "$table"

# threshold NAME: a value of tests/cranfield_gate.txt.
threshold() {
  awk -v name="$1" '$1 == name { print $2; found = 1 } END { exit !found }' "$thresholds" ||
    { echo "cranfield_gate: no '$1' in $thresholds" >&2; exit 1; }
}
tolerance=$(threshold tolerance)
status=0
for query_case in as-written upper lower; do
  for measure in map ndcg_cut_10; do
    baseline=$(threshold "$measure")
    # The value of MEASURE in the report after the line "== case: CASE ==".
    value=$(awk -v name="$measure" -v header="== case: $query_case ==" '
      $0 == header { inside = 1; next }
      /^== case: / { inside = 0 }
      inside && $1 == name && $2 == "all" { print $3 }' <<<"$table")
    if [ -z "$value" ]; then
      echo "FAIL $measure ($query_case): not in the evaluation output" >&2
      status=1
    # The 1e-9 keeps a value exactly at the limit from failing on float rounding.
    elif awk -v v="$value" -v b="$baseline" -v t="$tolerance" 'BEGIN { exit !(v < b - t - 1e-9) }'; then
      echo "FAIL $measure ($query_case) $value < baseline $baseline - $tolerance (tests/cranfield_gate.txt)" >&2
      status=1
    else
      echo "ok   $measure ($query_case) $value >= baseline $baseline - $tolerance"
    fi
  done
done
exit $status
