#!/usr/bin/env python3
"""Writes the benchmark query sets that the peer harness's gen_queries.py does not make.

Deterministic (seed 42 unless given). Reads the corpus itself (JSON Lines, optionally
.zst, or a folder of them such as corpus/), and title.txt from OUTDIR, which
../shared/peers/gen_queries.py must have written first (benchmarks/queries/README.md):

  frequent.txt  100 single words among the 300 of highest document frequency
  rare.txt      200 single words of document frequency 2..5
  and.txt       200 "a AND b": a title word and a body word of one random article
                (headline-only corpora: two title words)
  date.txt      the first 200 title queries, each with a random one-year "date:A..B"
                within the corpus's dates (not written when the corpus has no dates)
  sorted.txt    the first 200 title queries; the benchmark searches them newest first
                (not written when the corpus has no dates)
  faceted.txt   the first 200 title queries; the benchmark counts the facets in facets.txt
  facets.txt    the facets the corpus has values for, of source, category, tag, year

A word is a lowercased run of letters, at least 3 long (4 for rare words), not in the stop
list below nor in the searcher's (common/stopwords.hpp). Document frequency counts raw
words of title and body, not the searcher's stemmed terms.

Usage: gen_query_sets.py CORPUS OUTDIR [SEED]
"""
import datetime
import io
import json
import os
import random
import re
import subprocess
import sys

# The peer harness's stop list (gen_queries.py), for choosing words.
STOP = set("""
a about above after again against all also am an and any are aren't as at be
because been before being below between both but by can can't cannot could
did do does doing don't down during each few for from further had has have
having he her here hers herself him himself his how i if in into is isn't it
it's its itself just let me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same say says said she should so
some such than that the their theirs them themselves then there these they
this those through to too under until up upon us very was we were what when
where which while who whom why will with would you your yours yourself
yourselves new will may might must shall one two get got make made
""".split())
WORD = re.compile(r"[a-z]+")
SEARCHER_STOPWORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common", "stopwords.hpp")


def searcher_stopwords():
    try:
        with open(SEARCHER_STOPWORDS, encoding="utf-8") as f:
            return set(re.findall(r'"([a-z\']+)"', f.read()))
    except OSError:
        return set()


def corpus_files(path):
    if os.path.isfile(path):
        return [path]
    found = []
    for root, _, names in os.walk(path):
        found += [os.path.join(root, n) for n in names if n.endswith((".jsonl", ".jsonl.zst"))]
    return sorted(found)


def read_articles(path):
    for name in corpus_files(path):
        if name.endswith(".zst"):
            proc = subprocess.Popen(["zstd", "-dcq", name], stdout=subprocess.PIPE)
            lines = io.TextIOWrapper(proc.stdout, encoding="utf-8", errors="replace")
        else:
            proc, lines = None, open(name, encoding="utf-8", errors="replace")
        for line in lines:
            if line.strip():
                yield json.loads(line)
        if proc:
            proc.wait()


def words(text, stop, min_len=3):
    return list(dict.fromkeys(w for w in WORD.findall((text or "").lower()) if len(w) >= min_len and w not in stop))


def parse_day(value):
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    stop = STOP | searcher_stopwords()
    with open(os.path.join(out, "title.txt"), encoding="utf-8") as f:
        titles = [line.strip() for line in f if line.strip()]

    df, docs, days, facets = {}, [], [], set()
    for a in read_articles(corpus):
        title_words, body_words = words(a.get("title"), stop), words(a.get("body"), stop)
        for w in set(title_words) | set(body_words):
            df[w] = df.get(w, 0) + 1
        docs.append((title_words, body_words))
        day = parse_day(a.get("date"))
        if day:
            days.append(day)
        facets |= {facet for facet, key in (("source", "source"), ("category", "category"), ("tag", "tags")) if a.get(key)}

    by_df = sorted(df, key=lambda w: (-df[w], w))
    frequent = random.Random(seed).sample(by_df[:300], 100)
    rare_words = sorted(w for w, n in df.items() if 2 <= n <= 5 and len(w) >= 4)
    rare = random.Random(seed + 1).sample(rare_words, min(200, len(rare_words)))

    rng = random.Random(seed + 2)
    and_queries = []
    while len(and_queries) < 200:
        title_words, body_words = docs[rng.randrange(len(docs))]
        if body_words and title_words:
            a, b = rng.choice(title_words), rng.choice(body_words)
        elif len(title_words) >= 2:
            a, b = rng.sample(title_words, 2)
        else:
            continue
        if a != b:
            and_queries.append(f"{a} AND {b}")

    sets = {"frequent": frequent, "rare": rare, "and": and_queries, "faceted": titles[:200]}
    if days:
        rng = random.Random(seed + 3)
        first, last = min(days), max(days)
        span = max(0, (last - first).days - 364)
        dated = []
        for q in titles[:200]:
            start = first + datetime.timedelta(days=rng.randint(0, span))
            end = start + datetime.timedelta(days=364)
            dated.append(f"{q} date:{start.isoformat()}..{end.isoformat()}")
        sets["date"] = dated
        sets["sorted"] = titles[:200]
    for name, queries in sets.items():
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(queries) + "\n")
    with open(os.path.join(out, "facets.txt"), "w", encoding="utf-8") as f:
        f.write(",".join(n for n in ("source", "category", "tag", "year") if n in facets or (n == "year" and days)) + "\n")
    print(f"{len(docs)} articles; frequent df {df[frequent[0]]}.., rare {len(rare_words)} candidates, "
          f"dates {min(days) if days else '-'}..{max(days) if days else '-'}", file=sys.stderr)


if __name__ == "__main__":
    main()
