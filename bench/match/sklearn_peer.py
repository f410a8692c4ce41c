#!/usr/bin/env python3
"""scikit-learn peer for bench/examples/match_throughput.rs: TF-IDF fit on the resumes, transform
the jobs, cosine (a sparse product of L2-normalised rows), top k per job. Same corpus files
(DIR/resumes.jsonl, DIR/jobs.jsonl from match_corpus). Prints one JSON line per tokenizer:

  default  TfidfVectorizer() as shipped: words of 2+ word characters (a run of Chinese
           characters is one token; fast, weak on Chinese)
  bigram   the tokens InterviewKit's BM25 uses: Latin words and digit runs, Chinese character
           bigrams (a lone character as a unigram), lower case; a Python analyzer callable

Timed: fit_transform(resumes) + transform(jobs) ("index"), then the product and top k, both
batched (one sparse product for all jobs) and per job (a query-latency loop, p50/p99).
Reading the files is not timed (nor is it in the Rust harness).

usage: sklearn_peer.py DIR [--top 50] [--tokenizers default,bigram]
"""
import argparse
import json
import re
import resource
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

WORD = re.compile(r"[0-9a-z+#]+|[\u4e00-\u9fff]+")
STOP = set(
    "a an and are as at be by for from in is it of on or our the to we with you your will this that".split()
)


def bigram_analyzer(text):
    out = []
    for tok in WORD.findall(text.lower()):
        c = tok[0]
        if "\u4e00" <= c <= "\u9fff":
            if len(tok) == 1:
                out.append(tok)
            else:
                out.extend(tok[i : i + 2] for i in range(len(tok) - 1))
        elif tok not in STOP:
            out.append(tok)
    return out


def read(path):
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            ids.append(d["id"])
            texts.append(d["text"])
    return ids, texts


def topk_column(scores, k):
    k = min(k, scores.shape[0])
    idx = np.argpartition(-scores, k - 1)[:k]
    return idx[np.argsort(-scores[idx], kind="stable")]


def run(tokenizer, rids, rtexts, jids, jtexts, top):
    if tokenizer == "default":
        vec = TfidfVectorizer()
    else:
        vec = TfidfVectorizer(analyzer=bigram_analyzer)
    t0 = time.perf_counter()
    R = vec.fit_transform(rtexts)  # rows L2-normalised: a dot product is the cosine
    J = vec.transform(jtexts)
    t1 = time.perf_counter()
    S = (R @ J.T).toarray()  # N x M
    tops = [topk_column(S[:, j], top) for j in range(S.shape[1])]
    t2 = time.perf_counter()
    # Per-job latency, as a query against a built index.
    RT = R.tocsr()
    lat = []
    for j in range(J.shape[0]):
        q0 = time.perf_counter()
        s = (RT @ J[j].T).toarray().ravel()
        topk_column(s, top)
        lat.append(time.perf_counter() - q0)
    lat.sort()
    n, m = len(rtexts), len(jtexts)
    pairs = n * m

    def pct(p):
        return lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))] if lat else 0.0

    return {
        "benchmark": "match_sklearn",
        "tokenizer": tokenizer,
        "resumes": n,
        "jobs": m,
        "top": top,
        "vocabulary": len(vec.vocabulary_),
        "index_s": round(t1 - t0, 3),
        "query_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
        "pairs_per_s_with_indexing": round(pairs / (t2 - t0)),
        "pairs_per_s_queries_only": round(pairs / (t2 - t1)),
        "query_p50_ms": round(pct(50) * 1e3, 3),
        "query_p99_ms": round(pct(99) * 1e3, 3),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "first_job_top5": [rids[i] for i in tops[0][:5]] if tops else [],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--tokenizers", default="default,bigram")
    a = ap.parse_args()
    rids, rtexts = read(f"{a.dir}/resumes.jsonl")
    jids, jtexts = read(f"{a.dir}/jobs.jsonl")
    for tok in a.tokenizers.split(","):
        print(json.dumps(run(tok, rids, rtexts, jids, jtexts, a.top), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
