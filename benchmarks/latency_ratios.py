#!/usr/bin/env python3
"""Query by query, how the searcher's time compares with bare Xapian's on the same database.

Usage: latency_ratios.py LATENCY_DIR QUERY_DIR [SET ...]

LATENCY_DIR is what search_benchmark wrote with NEWS_BENCH_LATENCIES=LATENCY_DIR (one file per
benchmark, one latency a line, in the order the queries were run: whole passes over the set);
QUERY_DIR the query files it ran (benchmarks/queries/CORPUS). For each set that has both
BM_SearcherTrec.SET.txt and BM_BareXapian.SET.txt, each query's time is the fastest of its
passes (NEWS_BENCH_MIN_SAMPLES=3000 gives three passes of a set of 1,000), and the ratio is the
searcher's over bare Xapian's. Prints, per set: the median ratio, how many queries are over 2x
and over 3x (issue 14's bound on the tail), and the worst query.
"""
import os
import sys

SETS = ["title", "single", "frequent", "rare", "phrase", "and"]


def fastest_of_passes(path, queries):
    with open(path) as f:
        times = [float(line) for line in f if line.strip()]
    if not times or len(times) % queries:
        sys.exit(f"{path}: {len(times)} latencies is not whole passes over {queries} queries")
    return [min(times[i::queries]) for i in range(queries)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    latencies, query_dir = sys.argv[1], sys.argv[2]
    for name in sys.argv[3:] or SETS:
        ours = os.path.join(latencies, f"BM_SearcherTrec.{name}.txt")
        bare = os.path.join(latencies, f"BM_BareXapian.{name}.txt")
        if not (os.path.exists(ours) and os.path.exists(bare)):
            continue
        with open(os.path.join(query_dir, f"{name}.txt")) as f:
            queries = [line.rstrip("\n") for line in f if line.strip()]
        a, x = fastest_of_passes(ours, len(queries)), fastest_of_passes(bare, len(queries))
        ratios = [a[i] / x[i] for i in range(len(queries))]
        worst = max(range(len(queries)), key=lambda i: ratios[i])
        print(f"{name}: {len(queries)} queries, median ratio {sorted(ratios)[len(ratios) // 2]:.2f}, "
              f"over 2x {sum(r > 2 for r in ratios)}, over 3x {sum(r > 3 for r in ratios)}, "
              f"worst {ratios[worst]:.2f} ({a[worst]:.0f} against {x[worst]:.0f} us: {queries[worst]})")


if __name__ == "__main__":
    main()
