#!/usr/bin/env python3
"""Makes two test collections for scripts/eval.sh from the shared corpora (docs/relevance.md,
"Defaults revisited"), besides Cranfield, so that ranking defaults are checked on news:

  OUT/news-known-item/  a known-item collection from news-fulltext: a deterministic sample of
                        about 20,000 articles, every title blanked in the indexed copy; the
                        queries are 500 of those titles, each with its own article as the one
                        relevant document (grade 1). Measures: MRR, nDCG@10.
  OUT/reuters-topics/   Reuters-21578, the articles its indexers looked at for topics
                        (TOPICS="YES", 13,476); one query per topic of at least 20 such
                        articles, the topic's name in words (Lewis's cat-descriptions where it
                        gives one), every article of that topic relevant (grade 1).

Each folder holds docs.jsonl, queries.tsv and qrels.txt. Deterministic: the same input gives
the same files (selection by CRC-32 of the ids, no random numbers). Python 3 stdlib only; the
.zst files are read through the zstd program.

Usage: benchmarks/make_eval_collections.py OUT_DIR [SHARED_DIR]   (default SHARED_DIR: ../shared
next to the repository)
"""
import json
import os
import re
import subprocess
import sys
import zlib


def zst_lines(path):
    with subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE) as p:
        for line in p.stdout:
            yield json.loads(line)
    if p.returncode:
        sys.exit(f"make_eval_collections: zstd -dc {path} failed")


def crc(text):
    return zlib.crc32(text.encode("utf-8"))


def normalised(title):
    return " ".join(re.findall(r"\w+", title.lower()))


def write_collection(folder, docs, queries, qrels):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "docs.jsonl"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "queries.tsv"), "w", encoding="utf-8") as f:
        for qid, text in queries:
            f.write(f"{qid}\t{text}\n")
    with open(os.path.join(folder, "qrels.txt"), "w", encoding="utf-8") as f:
        for qid, docid, grade in qrels:
            f.write(f"{qid} 0 {docid} {grade}\n")
    print(f"{folder}: {len(docs)} docs, {len(queries)} queries, {len(qrels)} judgments", file=sys.stderr)


def news_known_item(shared, out):
    """Known-item search: the title describes the article; can the body be found by it?

    Sample: CRC-32(id) mod 1000 < 190, about 19% of the 105,359 articles. Targets: sampled
    articles whose title has at least 4 words and no other article of the whole corpus has
    the same title (words compared in lower case), else a second copy of the story would
    be an unjudged right answer; the 500 with the smallest CRC-32 of "q" + id. Every title
    of the sample is blanked, not only the targets': a title would otherwise match the
    query word for word, and blanking only the targets' would handicap exactly the articles
    to be found whenever titles weigh more. So this collection says nothing about the
    title weight."""
    articles = list(zst_lines(os.path.join(shared, "corpus", "news-fulltext.jsonl.zst")))
    title_count = {}
    for a in articles:
        key = normalised(a.get("title", ""))
        title_count[key] = title_count.get(key, 0) + 1
    sample = [a for a in articles if crc(a["id"]) % 1000 < 190]
    candidates = [
        a for a in sample if len(normalised(a["title"]).split()) >= 4 and title_count[normalised(a["title"])] == 1
    ]
    candidates.sort(key=lambda a: (crc("q" + a["id"]), a["id"]))
    targets = candidates[:500]
    docs = [{"id": a["id"], "title": "", "body": a["body"]} for a in sample]
    queries, qrels = [], []
    for n, a in enumerate(targets, 1):
        queries.append((str(n), " ".join(a["title"].split())))
        qrels.append((str(n), a["id"], 1))
    write_collection(os.path.join(out, "news-known-item"), docs, queries, qrels)


# Topic codes whose name is not in cat-descriptions_120396.txt (the commodity codes are
# listed bare there) and is not a word as it stands.
SPELLED_OUT = {
    "alum": "aluminium",
    "veg-oil": "vegetable oil",
    "l-cattle": "live cattle",
    "f-cattle": "feeder cattle",
    "iron-steel": "iron steel",
    "meal-feed": "meal feed",
    "strategic-metal": "strategic metal",
    "soy-meal": "soy meal",
    "soy-oil": "soy oil",
    "palm-oil": "palm oil",
    "sun-oil": "sunflower oil",
    "sunseed": "sunflower seed",
    "rape-oil": "rapeseed oil",
    "hog": "hogs",
    "orange": "orange juice",
}


def topic_names(shared):
    """Topic code -> name in words, from Lewis's notes: lines 'Name (CODE)'."""
    names = {}
    path = os.path.join(shared, "corpus", "reuters21578-sgml", "cat-descriptions_120396.txt")
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"^(.+?)\s*\(([A-Z0-9-]+)\)\s*$", line.strip())
            if m:
                names[m.group(2).lower()] = m.group(1)
    return names


def reuters_topics(shared, out):
    """Topic categories as queries. Limits: the judgments are category labels, not answers to
    the query text; a topic's name is a short, often one-word query; an article that is
    about a topic but was not labelled with it counts as not relevant."""
    names = topic_names(shared)
    docs, members = [], {}
    for a in zst_lines(os.path.join(shared, "corpus", "reuters21578.jsonl.zst")):
        if a.get("topics_attr") != "YES" or not (a.get("title") or a.get("body")):
            continue
        docs.append({"id": a["id"], "title": a.get("title", ""), "body": a.get("body", "")})
        for t in a.get("topics", []):
            members.setdefault(t, []).append(a["id"])
    queries, qrels = [], []
    for n, topic in enumerate(sorted(t for t, ids in members.items() if len(ids) >= 20), 1):
        name = SPELLED_OUT.get(topic) or names.get(topic) or topic.replace("-", " ")
        queries.append((str(n), name))
        qrels.extend((str(n), docid, 1) for docid in members[topic])
    write_collection(os.path.join(out, "reuters-topics"), docs, queries, qrels)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[-2])
    out = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    shared = sys.argv[2] if len(sys.argv) == 3 else os.path.join(here, "..", "..", "shared")
    news_known_item(shared, out)
    reuters_topics(shared, out)


if __name__ == "__main__":
    main()
