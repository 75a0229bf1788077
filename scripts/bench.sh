#!/usr/bin/env bash
# Builds in Release, indexes a corpus with the real indexer (1 thread, then 2 threads: the
# database the queries run on), runs the query benchmarks and writes bench-results/NAME/:
# search.json (Google Benchmark JSON), results.md (tables) and latency.png (latency CDF per
# query type). docs/benchmarks.md explains every figure.
#
# Usage: scripts/bench.sh [--peers] [CORPUS] [google-benchmark flags...]
#   CORPUS: a .jsonl(.zst) file or a folder (default: ../shared/corpus/news-fulltext.jsonl.zst
#   when present, else the bundled corpus/). Its query sets are benchmarks/queries/NAME, NAME
#   being the file name without extensions ("bbc" for corpus/).
#   --peers (or NEWS_BENCH_PEERS=lucene): side by side, in the same run, Lucene 8 from the
#   peers' harness (../shared/peers, copied into the work folder and built there; installs
#   Debian's Lucene jars and a JDK when missing): it indexes the same articles and answers the
#   same query files (those its harness can express), and results.md gains a table of
#   Lucene's figures, ours and the ratios; bench-results/NAME/peers.json has the numbers.
# Environment: NEWS_BENCH_DOCS (default 20000, or "all"): index at most this many articles,
#   a sample spread over the whole corpus (benchmarks/sample_corpus.sh), so that the run
#   stays under 10 minutes; the query sets were drawn from the same sample. NEWS_BENCH_WORK:
#   a folder for the databases (default: a temporary one, removed at the end).
#   NEWS_BENCH_THREADS (default "1 2"): the indexer runs, the last one's database is
#   queried. BUILD_DIR: as for scripts/build.sh (default build/). With --peers:
#   NEWS_BENCH_PEERS_DIR (default ../shared/peers), NEWS_BENCH_PEERS_WARMUP (untimed passes
#   per Lucene process, default 10), JAVA_OPTS (default -Xmx4g, as the harness).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

peers=${NEWS_BENCH_PEERS:-}
args=()
for a in "$@"; do  # --peers anywhere; every other flag goes to Google Benchmark
  if [ "$a" = --peers ]; then peers=lucene; else args+=("$a"); fi
done
set -- "${args[@]}"
case $peers in
  "" | lucene) ;;
  *) echo "bench.sh: NEWS_BENCH_PEERS: only 'lucene' is supported, not '$peers'" >&2; exit 2 ;;
esac
peers_src=${NEWS_BENCH_PEERS_DIR:-../shared/peers}
if [ -n "$peers" ] && [ ! -f "$peers_src/lucene/LuceneBench.java" ]; then
  # Checked before anything slow: without the harness there is nothing to compare with.
  echo "bench.sh: --peers needs the peers' harness (lucene/LuceneBench.java, prepare.py) in $peers_src;" \
    "it is ../shared/peers beside this repository, or set NEWS_BENCH_PEERS_DIR" >&2
  exit 2
fi

corpus_arg=
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then corpus_arg=$1; shift; fi
if [ -z "$corpus_arg" ]; then
  corpus_arg=corpus/
  [ -f ../shared/corpus/news-fulltext.jsonl.zst ] && corpus_arg=../shared/corpus/news-fulltext.jsonl.zst
fi
corpus=$(realpath "$corpus_arg")
name=$(basename "$corpus"); name=${name%%.*}
[ "$corpus" = "$(realpath corpus)" ] && name=bbc
queries=benchmarks/queries/$name
[ -f "$queries/title.txt" ] || { echo "bench.sh: no query sets in $queries (benchmarks/queries/README.md says how to make them)" >&2; exit 2; }
out=bench-results/$name
docs=${NEWS_BENCH_DOCS:-20000}

scripts/deps.sh ${peers:+--lucene}   # Java and Lucene only when they are asked for
scripts/build.sh indexer searcher search_benchmark
bin=${BUILD_DIR:-build}/bin

work=${NEWS_BENCH_WORK:-}
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/news-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work"/db "$work"/latencies "$work"/lucene "$out"
mkdir -p "$work" "$out"

# The peers' harness is read-only and builds beside itself: copy it into the work folder and
# build only its Lucene program there (the others need packages this script does not install).
build_lucene() {
  local jar
  for jar in core queryparser analyzers-common; do  # the jars its Makefile and bench.py name
    [ -f "/usr/share/java/lucene-$jar-8.7.0.jar" ] ||
      { echo "bench.sh: /usr/share/java/lucene-$jar-8.7.0.jar missing (Debian: liblucene8-java)" >&2; exit 1; }
  done
  rm -rf "$work/peers"
  cp -r "$peers_src" "$work/peers"
  chmod -R u+w "$work/peers"
  make -s -C "$work/peers" lucene/classes/LuceneBench.class
}
if [ -n "$peers" ]; then build_lucene; fi
facts=$work/facts.tsv
fact() { printf '%s\t%s\n' "$1" "$2" >>"$facts"; }
: >"$facts"
fact corpus_arg "$corpus_arg"; fact corpus "$corpus"; fact corpus_name "$name"; fact queries "$queries"
fact commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
fact date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
fact nproc "$(nproc)"
fact ram "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
fact load_start "$(cut -d' ' -f1-3 /proc/loadavg)"

# The articles indexed: the corpus, or a sample of NEWS_BENCH_DOCS spread over all of it.
read -r total step <<<"$(benchmarks/sample_corpus.sh "$corpus" "$docs" "$work/input.jsonl")"
fact corpus_docs "$total"; fact sample_step "$step"; fact docs_setting "$docs"
fact input_docs "$(wc -l <"$work/input.jsonl")"
fact input_bytes "$(wc -c <"$work/input.jsonl")"
fact text_bytes "$(python3 -c '
import json, sys
print(sum(len((a.get("title") or "").encode()) + len((a.get("body") or "").encode())
          for a in map(json.loads, open(sys.argv[1], encoding="utf-8"))))' "$work/input.jsonl")"

# index KEY DB THREADS: one timed indexer run from scratch; records seconds, articles, peak RSS.
index() {
  local log=$work/index-$1.log
  echo "bench.sh: indexing $(wc -l <"$work/input.jsonl") articles with $3 thread(s)" >&2
  /usr/bin/time -v "$bin"/indexer --db "$2" -j "$3" "$work/input.jsonl" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  fact "$1_s" "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')"
  fact "$1_docs" "$(grep -Eo '^[0-9]+ added' "$log" | tail -1 | cut -d' ' -f1)"
  fact "$1_rss_kb" "$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$log")"
}
threads=${NEWS_BENCH_THREADS:-1 2}
fact threads "$threads"
for n in $threads; do  # each from scratch; the last database is kept for the queries
  rm -rf "$work/db"
  index "threads$n" "$work/db" "$n"
done
for table in "$work"/db/*.glass; do
  fact "table.$(basename "$table" .glass)" "$(stat -c %s "$table")"
done
if [ -n "$peers" ]; then  # right after ours, on the same articles: wall s, peak RSS, size
  echo "bench.sh: indexing the same articles with Lucene (the peers' harness)" >&2
  python3 benchmarks/peer_lucene.py index "$work/peers" "$work/input.jsonl" "$work"
fi

echo "bench.sh: query benchmarks" >&2
NEWS_BENCH_DB=$work/db NEWS_BENCH_QUERIES=$queries NEWS_BENCH_LATENCIES=$work/latencies \
  "$bin"/search_benchmark --benchmark_out="$out/search.json" --benchmark_out_format=json "$@"
if [ -n "$peers" ]; then  # the query files search_benchmark just ran, those Lucene can express
  echo "bench.sh: Lucene over the same query files" >&2
  python3 benchmarks/peer_lucene.py queries "$work/peers" "$work" "$queries" "$out/search.json" "$work/latencies"
fi

# One whole searcher process per query, 20 times; the median wall time.
query=$(head -1 "$queries/title.txt")
for _ in $(seq 20); do
  t0=$(date +%s%N); "$bin"/searcher --db "$work/db" "$query" >/dev/null; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000 ))
done | sort -n | awk '{ v[NR] = $1 } END { print (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2000 }' >"$work/searcher-ms"
fact searcher_query "$query"; fact searcher_runs 20; fact searcher_ms "$(cat "$work/searcher-ms")"
/usr/bin/time -v "$bin"/searcher --db "$work/db" "$query" 2>"$work/searcher-time.log" >/dev/null
fact searcher_rss_kb "$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/searcher-time.log")"
fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"

python3 benchmarks/bench_report.py "$facts" "$out/search.json" "$work/latencies" "$out" ${peers:+"$work/lucene.json"}
printf 'scripts/bench.sh took %d s in all (deps, build, indexing, benchmarks, report).\n' \
  $(( $(date +%s) - started )) >>"$out/results.md"
echo "bench.sh: wrote $out/search.json, $out/results.md, $out/latency.png${peers:+, $out/peers.json}" >&2
