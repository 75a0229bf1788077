#!/usr/bin/env python3
"""Runs Lucene 8 from the peers' harness (../shared/peers) beside scripts/bench.sh, on the
same articles and the same query files, and writes what it measured to WORK/lucene.json.

Usage (scripts/bench.sh --peers calls both, in this order):
  peer_lucene.py index PEERS INPUT.jsonl WORK
      PEERS is a writable copy of ../shared/peers in which `make lucene/classes/LuceneBench.class`
      has run. Converts INPUT.jsonl (the articles bench.sh indexes) with the harness's own
      prepare.py into WORK/lucene/docs.tsv, then times `LuceneBench index` once from scratch
      under /usr/bin/time -v: wall s, peak RSS, the index's size on disk.
  peer_lucene.py queries PEERS WORK QUERIES SEARCH_JSON [LATENCY_DIR]
      Runs `LuceneBench bench` over each query file QUERIES/TYPE.txt that search_benchmark ran
      (a BM_Searcher/TYPE entry in SEARCH_JSON, so --benchmark_filter applies to Lucene too) and
      that Lucene's harness can express, with and without reading the hits' stored fields.
      With LATENCY_DIR, every timed latency goes to LATENCY_DIR/Lucene.{stored,ids}.TYPE.txt.

Timing, chosen to match search_benchmark (docs/benchmarks.md): each LuceneBench process makes
NEWS_BENCH_PEERS_WARMUP (default 10, as the issue's figures: one pass does not warm the JIT)
untimed passes over the set, then one timed pass; processes are repeated until at least
NEWS_BENCH_MIN_SAMPLES (default 600) queries are timed, like search_benchmark's whole passes,
and the percentiles are nearest-rank over all of them. JAVA_OPTS as for the harness (-Xmx4g).
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import zipfile

JARS = [f"/usr/share/java/lucene-{j}-8.7.0.jar" for j in ("core", "queryparser", "analyzers-common")]

# Query types LuceneBench cannot ask for: its index has only id, title and body, and `bench`
# only ranks by relevance, top 10.
UNSUPPORTED = {
    "date": "date:A..B needs a date field; the harness indexes only id, title and body",
    "sorted": "newest first needs a date sort key; LuceneBench bench only ranks by relevance",
    "faceted": "facet counts need facet fields and a collector; LuceneBench has neither",
}
# The order of the report (search_benchmark's kQueryTypes).
TYPES = ["title", "single", "frequent", "rare", "phrase", "and", "date", "sorted", "faceted"]
MODES = {"stored": "1", "ids": "0"}  # LuceneBench's FETCH argument: read the stored fields or not


def java(peers, *args):
    classpath = ":".join([os.path.join(peers, "lucene", "classes")] + JARS)
    return ["java", *os.environ.get("JAVA_OPTS", "-Xmx4g").split(), "-cp", classpath, "LuceneBench", *args]


def log(*a):
    print("peer_lucene.py:", *a, file=sys.stderr, flush=True)


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def versions():
    """Lucene's version from its jar's manifest (Debian names the 8.8.1 jars 8.7.0), and Java's."""
    with zipfile.ZipFile(JARS[0]) as jar:
        manifest = jar.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    m = re.search(r"Implementation-Version: (\S+)", manifest) or re.search(r"Specification-Version: (\S+)", manifest)
    java_version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return {"lucene": m.group(1) if m else "8.x", "java": java_version[0] if java_version else "?"}


def time_v(cmd, log_path):
    """Runs cmd under /usr/bin/time -v; returns (wall s, peak RSS kB, stdout). Exits on failure."""
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    with open(log_path, "w", encoding="utf-8") as f:
        f.write(f"$ {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    if p.returncode != 0:
        sys.exit(f"peer_lucene.py: failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", p.stderr).group(1)
    wall = 0.0
    for part in clock.split(":"):
        wall = wall * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return wall, rss, p.stdout


def index(peers, input_jsonl, work):
    lucene = os.path.join(work, "lucene")
    os.makedirs(lucene, exist_ok=True)
    # The harness's conversion, not timed (for Lucene, as in the harness, JSON parsing is not
    # part of indexing; our indexer reads the JSON Lines itself).
    subprocess.run([sys.executable, os.path.join(peers, "prepare.py"), input_jsonl, lucene], check=True)
    with open(os.path.join(lucene, "corpus.json"), encoding="utf-8") as f:
        corpus = json.load(f)
    idx = os.path.join(lucene, "index")
    shutil.rmtree(idx, ignore_errors=True)  # from scratch, like our indexer's runs
    log(f"indexing {corpus['docs']} articles with Lucene")
    wall, rss, out = time_v(java(peers, "index", os.path.join(lucene, "docs.tsv"), idx),
                            os.path.join(lucene, "index.log"))
    reported = json.loads(out.strip().splitlines()[-1])  # {"docs": N, "inproc_s": S}
    result = {"engine": "Lucene", **versions(), "java_opts": os.environ.get("JAVA_OPTS", "-Xmx4g"),
              "corpus": corpus,
              "index": {"docs": reported["docs"], "wall_s": wall, "inproc_s": reported["inproc_s"],
                        "peak_rss_kb": rss, "size_bytes": dir_bytes(idx)}}
    with open(os.path.join(work, "lucene.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


def percentile(sorted_values, p):
    """Nearest rank, as search_benchmark's report_latencies."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def stats(latencies, hits_per_query):
    s = sorted(latencies)
    total = sum(s)
    return {"timed": len(s), "p50_us": percentile(s, 50), "p95_us": percentile(s, 95),
            "p99_us": percentile(s, 99), "mean_us": total / len(s), "qps": len(s) / (total / 1e6),
            "zero_hit_queries": sum(1 for n in hits_per_query if n == 0)}


def bench_set(peers, idx, qfile, mode, warmup, min_samples, scratch):
    """Timed latencies (µs) of `LuceneBench bench` over qfile, enough processes for min_samples."""
    with open(qfile, encoding="utf-8") as f:
        n = sum(1 for line in f if line.strip())
    processes = max(1, math.ceil(min_samples / n))
    latencies, hits = [], []
    for r in range(processes):
        out = os.path.join(scratch, f"{os.path.basename(qfile)}.{mode}.{r}.tsv")
        p = subprocess.run(java(peers, "bench", idx, qfile, out, str(warmup), MODES[mode]),
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"peer_lucene.py: LuceneBench bench failed on {qfile}:\n{p.stderr[-2000:]}")
        with open(out, encoding="utf-8") as f:
            rows = [line.split("\t") for line in f if line.strip()]
        latencies += [float(us) for us, _ in rows]
        if r == 0:
            hits = [int(k) for _, k in rows]
    return n, processes, latencies, hits


def queries(peers, work, qdir, search_json, latency_dir=None):
    path = os.path.join(work, "lucene.json")
    with open(path, encoding="utf-8") as f:
        result = json.load(f)
    with open(search_json, encoding="utf-8") as f:
        ran = {b["name"].split("/")[1] for b in json.load(f)["benchmarks"] if b["name"].startswith("BM_Searcher/")}
    warmup = int(os.environ.get("NEWS_BENCH_PEERS_WARMUP", "10"))
    min_samples = int(os.environ.get("NEWS_BENCH_MIN_SAMPLES", "600"))
    idx = os.path.join(work, "lucene", "index")
    scratch = os.path.join(work, "lucene", "latencies")
    os.makedirs(scratch, exist_ok=True)
    result.update(warmup_passes=warmup, min_samples=min_samples, queries={}, skipped={})
    for t in TYPES:
        qfile = os.path.join(qdir, t + ".txt")
        if t not in ran or not os.path.exists(qfile):
            continue
        if t in UNSUPPORTED:
            result["skipped"][t] = UNSUPPORTED[t]
            continue
        result["queries"][t] = {}
        for mode in MODES:
            n, processes, latencies, hits = bench_set(peers, idx, qfile, mode, warmup, min_samples, scratch)
            s = result["queries"][t][mode] = {"queries": n, "processes": processes, **stats(latencies, hits)}
            log(f"{t} {mode}: p50 {s['p50_us']:.0f} µs, p99 {s['p99_us']:.0f} µs over {s['timed']} queries")
            if latency_dir:
                os.makedirs(latency_dir, exist_ok=True)
                with open(os.path.join(latency_dir, f"Lucene.{mode}.{t}.txt"), "w", encoding="utf-8") as f:
                    f.writelines(f"{us}\n" for us in latencies)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "index":
        index(*sys.argv[2:])
    elif len(sys.argv) in (6, 7) and sys.argv[1] == "queries":
        queries(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
