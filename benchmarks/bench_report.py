#!/usr/bin/env python3
"""Turns one scripts/bench.sh run into results.md and a latency plot.

Usage: bench_report.py FACTS SEARCH_JSON LATENCY_DIR OUTDIR [LUCENE_JSON]

FACTS is what bench.sh measured outside the benchmark binary, one "key<TAB>value" per
line; SEARCH_JSON is Google Benchmark's JSON output; LATENCY_DIR holds the per-query
latencies the binary wrote (NEWS_BENCH_LATENCIES). Writes OUTDIR/results.md and, when
gnuplot is installed, OUTDIR/latency.png (latency CDF per query type).

LUCENE_JSON (bench.sh --peers) is what benchmarks/peer_lucene.py measured of Lucene on the
same articles and query files: results.md then gains a side-by-side section, and
OUTDIR/peers.json holds Lucene's figures, ours and the ratios; the plot gains Lucene's curves.
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
# Latency files benchmarks/peer_lucene.py writes (bench.sh --peers), and their plot labels.
LUCENE_VARIANTS = [("Lucene.stored", "Lucene 8 (stored fields)"), ("Lucene.ids", "Lucene 8 (ids only)")]


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
    """A 3x3 grid of latency CDFs, one panel per query type, one curve per variant (and per
    Lucene mode, when bench.sh --peers ran Lucene on that type)."""
    data_dir = os.path.join(latency_dir, "cdf")
    os.makedirs(data_dir, exist_ok=True)
    panels = []
    for t in types:
        curves = []
        for variant, label in VARIANTS + LUCENE_VARIANTS:
            path = os.path.join(latency_dir, f"{variant}.{t}.txt")
            if variant.startswith("Lucene") and not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as f:
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


def ratio_of(a, b):
    return a / b if b else float("nan")


def fmt_ratio(r):
    """Two decimals, or two significant digits below 0.1 (0.014, not 0.01)."""
    return f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"


def peers_report(f, results, lucene):
    """The side-by-side section of results.md and the content of peers.json: Lucene 8 on the
    same articles and query files, our three variants, and ours ÷ Lucene."""
    stats = ("p50_us", "p95_us", "p99_us", "mean_us")
    ours_index = {f"threads{n}": {"docs": int(f[f"threads{n}_docs"]), "wall_s": float(f[f"threads{n}_s"]),
                                  "peak_rss_kb": int(f[f"threads{n}_rss_kb"])} for n in f["threads"].split()}
    ours_size = sum(int(v) for k, v in f.items() if k.startswith("table."))
    lix = lucene["index"]
    data = {"corpus": f["corpus_name"], "corpus_arg": f["corpus_arg"], "commit": f["commit"], "date": f["date"],
            "machine": {"cpu": f["cpu"], "nproc": f["nproc"], "ram": f["ram"]},
            "load_start": f["load_start"], "load_end": f["load_end"], "articles": int(f["input_docs"]),
            "lucene": lucene,
            "ours": {"index": {**ours_index, "size_bytes": ours_size}, "queries": {}},
            "ratios": {"index": {}, "queries": {}}}
    for key, run in ours_index.items():
        data["ratios"]["index"][key] = {"wall_s": ratio_of(run["wall_s"], lix["wall_s"]),
                                        "peak_rss_kb": ratio_of(run["peak_rss_kb"], lix["peak_rss_kb"])}
    data["ratios"]["index"]["size_bytes"] = ratio_of(ours_size, lix["size_bytes"])

    lines = ["## Side by side: Lucene 8", "",
             f"Lucene {lucene['lucene']} (Debian's liblucene8-java; {lucene['java']}, `{lucene['java_opts']}`) from the peers' harness "
             "(`../shared/peers`: `prepare.py`, `LuceneBench index` and `bench`), in this run, on the same articles "
             "and the same query files. Its settings are the harness's (`../shared/peers/README.md`): EnglishAnalyzer "
             "(33 stopwords, Porter), title^2 + body, BM25, one segment. Each Lucene process makes "
             f"{lucene['warmup_passes']} untimed passes over a set (the JIT), then one timed pass; processes are "
             f"repeated until at least {lucene['min_samples']} queries are timed, like search_benchmark's passes. "
             "\"stored fields\": search, top 10, then every hit's stored title and body (`searcher.doc`); "
             "\"ids only\": top 10 internal doc numbers, nothing read. Ratios: ours ÷ Lucene for the same "
             "statistic (above 1: we are slower); the whole searcher path (snippets, text output) against "
             "Lucene with stored fields, `--format trec` against Lucene ids only.", "",
             "| query type | Lucene stored fields p50 / p99 | Lucene ids only p50 / p99 | searcher p50 / p99 | "
             "trec p50 / p99 | bare Xapian p50 / p99 | searcher ÷ Lucene stored fields p50 / p99 | "
             "trec ÷ Lucene ids only p50 / p99 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]

    def pair(d):
        return f"{us(d['p50_us'])} / {us(d['p99_us'])}"

    def rpair(d):
        return f"{fmt_ratio(d['p50_us'])} / {fmt_ratio(d['p99_us'])}"

    zero_hits = []
    for t, lq in lucene["queries"].items():
        if ("BM_Searcher", t) not in results:
            continue
        ours = {key: {s: results[(variant, t)][s] for s in stats}
                for key, variant in (("searcher", "BM_Searcher"), ("trec", "BM_SearcherTrec"), ("floor", "BM_BareXapian"))}
        data["ours"]["queries"][t] = ours
        r = data["ratios"]["queries"][t] = {
            "searcher_over_lucene_stored": {s: ratio_of(ours["searcher"][s], lq["stored"][s]) for s in stats},
            "trec_over_lucene_ids": {s: ratio_of(ours["trec"][s], lq["ids"][s]) for s in stats},
            "floor_over_lucene_stored": {s: ratio_of(ours["floor"][s], lq["stored"][s]) for s in stats},
            "floor_over_lucene_ids": {s: ratio_of(ours["floor"][s], lq["ids"][s]) for s in stats}}

        lines.append(f"| {t} | {pair(lq['stored'])} | {pair(lq['ids'])} | {pair(ours['searcher'])} | "
                     f"{pair(ours['trec'])} | {pair(ours['floor'])} | {rpair(r['searcher_over_lucene_stored'])} | "
                     f"{rpair(r['trec_over_lucene_ids'])} |")
        if lq["stored"]["zero_hit_queries"]:
            zero_hits.append(f"{t}: {lq['stored']['zero_hit_queries']} of {lq['stored']['queries']}")
    lines += ["", "µs per query, one thread, warm page cache, top 10."]
    if zero_hits:
        lines.append("Queries Lucene found nothing for (its stopwords and tokenizer differ): " + "; ".join(zero_hits) + ".")
    if lucene["skipped"]:
        lines.append("Not run on Lucene, which its harness cannot express: " +
                     "; ".join(f"{t} ({why})" for t, why in lucene["skipped"].items()) + ".")
    lines += ["", "**Indexing the same articles**, each from scratch under `/usr/bin/time -v`. Lucene reads the "
              "harness's `docs.tsv` (`prepare.py` did the JSON parsing, untimed), one indexing thread plus its "
              "merge threads, and force-merges to one segment; its wall time includes JVM start-up. Ours reads the "
              "JSON Lines and compacts at the end. Size: `du -b` of Lucene's index folder; the sum of our "
              "`*.glass` tables.", "",
              "| | articles | wall s | peak RSS MiB | index MiB | wall ÷ Lucene | peak RSS ÷ Lucene | size ÷ Lucene |",
              "|---|---:|---:|---:|---:|---:|---:|---:|",
              f"| Lucene 8 | {lix['docs']:,} | {lix['wall_s']:.1f} | {lix['peak_rss_kb'] / 1024:,.0f} | "
              f"{mib(lix['size_bytes'])} | | | |"]
    for key, run in ours_index.items():
        rr = data["ratios"]["index"][key]
        lines.append(f"| ours, `indexer -j {key[len('threads'):]}` | {run['docs']:,} | {run['wall_s']:.1f} | "
                     f"{run['peak_rss_kb'] / 1024:,.0f} | {mib(ours_size)} | {fmt_ratio(rr['wall_s'])} | "
                     f"{fmt_ratio(rr['peak_rss_kb'])} | {fmt_ratio(data['ratios']['index']['size_bytes'])} |")
    lines += ["", f"Lucene's own timer (from `main` to the commit, without JVM start-up): {lix['inproc_s']:.1f} s. "
              "Our database is the last run's (the others are the same articles).", ""]
    return lines, data


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    facts_path, json_path, latency_dir, out = sys.argv[1:5]
    f = read_facts(facts_path)
    results = read_results(json_path)
    lucene = None
    if len(sys.argv) == 6:
        with open(sys.argv[5], encoding="utf-8") as lj:
            lucene = json.load(lj)
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
    if lucene is not None:
        peer_lines, peer_data = peers_report(f, results, lucene)
        lines += peer_lines
        with open(os.path.join(out, "peers.json"), "w", encoding="utf-8") as pj:
            json.dump(peer_data, pj, indent=1)
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
