#!/usr/bin/env python3
"""Turns one scripts/bench.sh run into results.md and a latency plot.

Usage: bench_report.py FACTS SEARCH_JSON LATENCY_DIR OUTDIR

FACTS is what bench.sh measured outside the benchmark binary, one "key<TAB>value" per
line; SEARCH_JSON is Google Benchmark's JSON output; LATENCY_DIR holds the per-query
latencies the binary wrote (NEWS_BENCH_LATENCIES). Writes OUTDIR/results.md and, when
gnuplot is installed, OUTDIR/latency.png (latency CDF per query type).
"""
import json
import os
import subprocess
import sys

VARIANTS = [("BM_Searcher", "searcher (text, snippets)"), ("BM_SearcherTrec", "searcher --format trec"),
            ("BM_BareXapian", "bare Xapian (floor)")]
TYPES = {
    "title": "2-3 title words",
    "single": "one word, middling df",
    "frequent": "one word, high df",
    "rare": "one word, df 2-5",
    "phrase": "two-word phrase",
    "and": "a AND b",
    "date": "title words + one-year date:A..B",
    "sorted": "title words, --sort newest",
    "faceted": "title words, --facets",
}
TARGETS = {"full_p50": 1.5, "full_p99": 3.0, "trec_p50": 1.15}


def read_facts(path):
    facts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("\t")
            facts[key] = value
    return facts


def read_results(path):
    """{(variant, type): counters} from Google Benchmark's JSON."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        variant, _, rest = b["name"].partition("/")
        out[(variant, rest.split("/")[0])] = b
    return out


def us(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def mib(n):
    return f"{int(n) / 2**20:,.1f}"


def latency_tables(results, types):
    lines = []
    for variant, label in VARIANTS:
        lines += [f"**{label}** (µs per query)", "",
                  "| query type | queries timed | p50 | p95 | p99 | mean | queries/s |", "|---|---:|---:|---:|---:|---:|---:|"]
        for t in types:
            b = results[(variant, t)]
            lines.append(f"| {t} | {b['iterations']} | {us(b['p50_us'])} | {us(b['p95_us'])} | {us(b['p99_us'])} | "
                         f"{us(b['mean_us'])} | {b['qps']:,.0f} |")
        lines.append("")
    lines += ["**Overhead over the floor** (ratio of the same statistic; targets: searcher p50 at most "
              f"{TARGETS['full_p50']}, p99 at most {TARGETS['full_p99']}; trec p50 at most {TARGETS['trec_p50']})", "",
              "| query type | searcher p50 | searcher p99 | searcher mean | trec p50 | trec p99 | trec mean |",
              "|---|---:|---:|---:|---:|---:|---:|"]

    def ratio(variant, t, stat, target=None):
        r = results[(variant, t)][stat] / results[("BM_BareXapian", t)][stat]
        return f"{r:.2f}" + ("" if target is None or r <= target else " ✗")

    for t in types:
        lines.append(f"| {t} | {ratio('BM_Searcher', t, 'p50_us', TARGETS['full_p50'])} | "
                     f"{ratio('BM_Searcher', t, 'p99_us', TARGETS['full_p99'])} | {ratio('BM_Searcher', t, 'mean_us')} | "
                     f"{ratio('BM_SearcherTrec', t, 'p50_us', TARGETS['trec_p50'])} | {ratio('BM_SearcherTrec', t, 'p99_us')} | "
                     f"{ratio('BM_SearcherTrec', t, 'mean_us')} |")
    lines += ["", "✗: above the target.", ""]
    return lines


def indexing_table(f):
    lines = ["| threads | articles | wall s | docs/s | MB/s | peak RSS MiB |", "|---:|---:|---:|---:|---:|---:|"]
    for threads in f["threads"].split():
        key = f"threads{threads}"
        docs, secs = int(f[key + "_docs"]), float(f[key + "_s"])
        lines.append(f"| {threads} | {docs:,} | {secs:.1f} | {docs / secs:,.0f} | {int(f['input_bytes']) / 1e6 / secs:.2f} | "
                     f"{int(f[key + '_rss_kb']) / 1024:,.0f} |")
    lines += ["", "The same articles each time (the last database is the one queried). Wall time of the whole "
              "`indexer` process (`/usr/bin/time -v`), including the compaction it does after a build from scratch; "
              "MB/s: bytes of JSON Lines read (10^6 bytes) per wall second.", ""]
    return lines


def size_table(f):
    tables = sorted((k[len("table."):], int(v)) for k, v in f.items() if k.startswith("table."))
    total = sum(n for _, n in tables)
    text = int(f["text_bytes"])
    lines = ["| table | MiB | share |", "|---|---:|---:|"]
    lines += [f"| {name} | {mib(n)} | {100 * n / total:.0f}% |" for name, n in tables]
    lines += [f"| **total** | **{mib(total)}** | {total / text:.2f}x the title+body text ({mib(text)} MiB), "
              f"{total / int(f['input_bytes']):.2f}x the JSON Lines input ({mib(f['input_bytes'])} MiB) |", ""]
    return lines


def sample_text(f):
    docs, total = int(f["input_docs"]), int(f["corpus_docs"])
    corpus = f"`{f['corpus_arg']}`"
    if docs == total:
        return f"all {docs:,} of {corpus}"
    return f"{docs:,} of the {total:,} of {corpus}, one in {f['sample_step']} (NEWS_BENCH_DOCS={f['docs_setting']})"


def write_plot(latency_dir, types, out_svg):
    """A 3x3 grid of latency CDFs, one panel per query type, one curve per variant."""
    data_dir = os.path.join(latency_dir, "cdf")
    os.makedirs(data_dir, exist_ok=True)
    panels = []
    for t in types:
        curves = []
        for variant, label in VARIANTS:
            with open(os.path.join(latency_dir, f"{variant}.{t}.txt"), encoding="utf-8") as f:
                values = sorted(float(x) for x in f if x.strip())
            cdf = os.path.join(data_dir, f"{variant}.{t}.dat")
            points = sorted({min(len(values), max(1, round(k * len(values) / 200))) for k in range(201)})
            with open(cdf, "w", encoding="utf-8") as f:  # 200 steps are plenty for the eye
                f.writelines(f"{values[n - 1] / 1000:.4f} {n / len(values):.4f}\n" for n in points)
            curves.append(f"'{cdf}' using 1:2 with lines lw 2 title '{label}'")
        panels.append(f"set title '{t}: {TYPES.get(t, t)}'\nplot " + ", ".join(curves))
    rows = (len(types) + 2) // 3
    script = "\n".join([
        f"set terminal pngcairo size 1200,{360 * rows} font 'sans,9'", f"set output '{out_svg}'",
        "set logscale x", "set xlabel 'latency (ms, log scale)'", "set ylabel 'fraction of queries'",
        "set yrange [0:1]", "set grid", "set key outside below horizontal maxrows 1 font ',8'",
        f"set multiplot layout {rows},3 title 'Query latency CDF per query type (top 10, one thread)'",
        *panels, "unset multiplot", ""])
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    facts_path, json_path, latency_dir, out = sys.argv[1:]
    f = read_facts(facts_path)
    results = read_results(json_path)
    types = [t for t in TYPES if all((v, t) in results for v, _ in VARIANTS)]
    lines = [f"# Benchmark results: {f['corpus_name']}", "",
             f"`scripts/bench.sh {f['corpus_arg']}` at commit {f['commit']}, {f['date']}.", "",
             f"Machine: {f['cpu']}, {f['nproc']} cores, {f['ram']} RAM; load average {f['load_start']} at the start, "
             f"{f['load_end']} at the end (1, 5, 15 min). Shared machine: compare within a run (ratios), not "
             "across runs.", "",
             f"Articles: {sample_text(f)}; query sets `{f['queries']}`, drawn from the same articles.", "",
             "## Query latency", "",
             "One thread, warm page cache, top 10. One untimed pass over each query set, then every query timed "
             "(nearest-rank percentiles over all timed queries; queries/s = queries ÷ their summed time).", "",
             "| query type | what |", "|---|---|", *[f"| {t} | {TYPES[t]} |" for t in types], "",
             *latency_tables(results, types),
             f"Whole `searcher` process for one query (`{f['searcher_query']}`, text output, 10 hits): median "
             f"{float(f['searcher_ms']):.1f} ms of {f['searcher_runs']} runs (exec, open, search, print); "
             f"peak RSS {int(f['searcher_rss_kb']) / 1024:,.0f} MiB.", "",
             "## Indexing", "", *indexing_table(f),
             "## Database size by table", "", *size_table(f)]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "results.md"), "w", encoding="utf-8") as md:
        md.write("\n".join(lines) + "\n")
    try:
        write_plot(latency_dir, types, os.path.join(out, "latency.png"))
        with open(os.path.join(out, "results.md"), "a", encoding="utf-8") as md:
            md.write("## Latency plot\n\n![latency CDF per query type](latency.png)\n\n")
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"bench_report.py: no plot: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
