#!/usr/bin/env python3
"""Compare InterviewKit's NER labeller with python-crfsuite on the ResumeNER data.

Both learn from train.char.bmes and are scored on dev.char.bmes with the same entity-level
exact-match micro F1 (spans decoded leniently from BMES tags, as in core/src/ner/data.rs).
python-crfsuite gets comparable features: character unigrams at -3..3, bigrams at -2..2 and the
-1/+1 skip bigram, trigrams at -2..2, character classes, and the BOS/EOS marks; L-BFGS with
the same L2 penalty c2·‖w‖² (0.5 by default, our default too), 150 iterations by default, like ours. Times are wall-clock seconds on this
machine; tagging speed is characters per second over the dev sentences, feature extraction
included (ours: `Model::tag_all` on the sentences as plain text).

Usage (from the repository root; bench/run-ner sets it all up):
    python bench/ner/compare.py --ours PATH_TO_ner_eval [--data DIR] [--iterations 150]
        [--c2 1.0] [--skip-ours] [--skip-crfsuite]
Exits 0 with a message when the data is absent.
"""
import argparse
import json
import os
import subprocess
import sys
import time

DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "resume-ner")


def read_bmes(path):
    sents, chars, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if chars:
                    sents.append((chars, tags))
                chars, tags = [], []
                continue
            chars.append(parts[0])
            tags.append(parts[1].replace("I-", "M-"))
    if chars:
        sents.append((chars, tags))
    return sents


def spans(tags):
    """Lenient BMES decoding, the same rules as the Rust reader."""
    out, open_ = [], None
    for i, t in enumerate(tags):
        part, ty = (t[0], t[2:]) if t != "O" else ("O", "")
        if part in "OBS":
            if open_:
                out.append((open_[0], open_[1], i))
                open_ = None
            if part == "B":
                open_ = (ty, i)
            elif part == "S":
                out.append((ty, i, i + 1))
        else:
            if not (open_ and open_[0] == ty):
                if open_:
                    out.append((open_[0], open_[1], i))
                open_ = (ty, i)
            if part == "E":
                out.append((open_[0], open_[1], i + 1))
                open_ = None
    if open_:
        out.append((open_[0], open_[1], len(tags)))
    return out


def score(gold_tags, pred_tags):
    per = {}
    for g, p in zip(gold_tags, pred_tags):
        gs, ps = set(spans(g)), spans(p)
        for s in gs:
            per.setdefault(s[0], [0, 0, 0])[0] += 1
        for s in ps:
            e = per.setdefault(s[0], [0, 0, 0])
            e[1] += 1
            e[2] += s in gs
    def prf(c, p, g):
        pr = c / p if p else 0.0
        rc = c / g if g else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    g = sum(v[0] for v in per.values())
    p = sum(v[1] for v in per.values())
    c = sum(v[2] for v in per.values())
    micro = prf(c, p, g)
    return {"micro_f1": round(micro[2], 4), "precision": round(micro[0], 4), "recall": round(micro[1], 4),
            "per_type": {t: round(prf(v[2], v[1], v[0])[2], 4) for t, v in sorted(per.items())}}


def cls(c):
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:
        o -= 0xFEE0
    if 0x30 <= o <= 0x39:
        return "d"
    if 0x41 <= o <= 0x5A:
        return "U"
    if 0x61 <= o <= 0x7A:
        return "l"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return "h"
    if c.isspace():
        return "s"
    return "p"


def features(chars):
    n = len(chars)
    pad = ["<s3>", "<s2>", "<s1>"] + list(chars) + ["</s1>", "</s2>", "</s3>"]
    tp = ["B", "B", "B"] + [cls(c) for c in chars] + ["E", "E", "E"]
    out = []
    for i in range(n):
        p = i + 3
        c = lambda k: pad[p + k]
        t = lambda k: tp[p + k]
        f = ["bias"]
        for k in range(-3, 4):
            f.append(f"u{k}={c(k)}")
        for k in range(-2, 2):
            f.append(f"b{k}={c(k)}{c(k + 1)}")
        f.append(f"s={c(-1)}{c(1)}")
        for k in range(-2, 1):
            f.append(f"t{k}={c(k)}{c(k + 1)}{c(k + 2)}")
        f.append(f"c0={t(0)}")
        f.append(f"c3={t(-1)}{t(0)}{t(1)}")
        f.append(f"c5={t(-2)}{t(-1)}{t(0)}{t(1)}{t(2)}")
        f.append(f"ct-={c(0)}{t(-1)}")
        f.append(f"ct+={c(0)}{t(1)}")
        out.append(f)
    return out


def run_crfsuite(train, dev, iterations, c2, tmp):
    import pycrfsuite
    model_path = os.path.join(tmp, "crfsuite.model")
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for chars, tags in train:
        trainer.append(features(chars), tags)
    trainer.set_params({"c1": 0.0, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    trainer.train(model_path)
    train_s = time.perf_counter() - t0
    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    preds = [tagger.tag(features(chars)) for chars, _ in dev]
    metrics = score([t for _, t in dev], preds)
    n_chars = sum(len(c) for c, _ in dev)
    reps, t0 = 0, time.perf_counter()
    while reps < 3 or time.perf_counter() - t0 < 2.0:
        for chars, _ in dev:
            tagger.tag(features(chars))
        reps += 1
    tag_s = (time.perf_counter() - t0) / reps
    return {"train_seconds": round(train_s, 2), "tag_chars_per_second": round(n_chars / tag_s),
            "iterations": trainer.logparser.iterations[-1]["num"] if trainer.logparser.iterations else None,
            "dev": metrics}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("IK_NER_DATA", DEFAULT_DATA))
    ap.add_argument("--ours", default="", help="path to the ner_eval example binary")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--c2", type=float, default=0.5,
                    help="L2 coefficient c2 for both (both minimise NLL + c2·‖w‖²; ours: --l2)")
    ap.add_argument("--skip-ours", action="store_true")
    ap.add_argument("--skip-crfsuite", action="store_true")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    train_p, dev_p = os.path.join(data, "train.char.bmes"), os.path.join(data, "dev.char.bmes")
    if not (os.path.exists(train_p) and os.path.exists(dev_p)):
        print(f"skipped: {train_p} or {dev_p} not found (ResumeNER is evaluation-only and not shipped)")
        return 0
    train, dev = read_bmes(train_p), read_bmes(dev_p)
    print(f"data: {data}\ntrain {len(train)} sentences, dev {len(dev)} sentences, "
          f"{sum(len(c) for c, _ in dev)} dev chars")
    results = {}
    if not args.skip_ours and args.ours:
        env = dict(os.environ, IK_NER_DATA=data)
        out = subprocess.run([args.ours, "--iterations", str(args.iterations), "--l2", str(args.c2), "--json"],
                             env=env, check=True, capture_output=True, text=True).stdout
        d = json.loads(out)
        results["interviewkit (crf)"] = {"train_seconds": d["train_seconds"],
                                         "tag_chars_per_second": d["tag_chars_per_second"],
                                         "iterations": d["report"].get("iterations"),
                                         "dev": {k: d["dev"][k] for k in ("micro_f1", "precision", "recall")}
                                         | {"per_type": {t: v["f1"] for t, v in d["dev"]["per_type"].items()}}}
        print(json.dumps({"interviewkit (crf)": results["interviewkit (crf)"]}, ensure_ascii=False))
    if not args.skip_crfsuite:
        import tempfile
        with tempfile.TemporaryDirectory(prefix="ik-ner-") as tmp:
            results["python-crfsuite"] = run_crfsuite(train, dev, args.iterations, args.c2, tmp)
        print(json.dumps({"python-crfsuite": results["python-crfsuite"]}, ensure_ascii=False))
    print()
    print(f"{'learner':<22}{'dev F1':>8}{'P':>8}{'R':>8}{'train s':>10}{'tag chars/s':>14}")
    for name, r in results.items():
        d = r["dev"]
        print(f"{name:<22}{d['micro_f1']:>8.4f}{d['precision']:>8.4f}{d['recall']:>8.4f}"
              f"{r['train_seconds']:>10.2f}{int(r['tag_chars_per_second']):>14,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
