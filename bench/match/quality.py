#!/usr/bin/env python3
"""Ranking quality of InterviewKit's matching against scikit-learn TF-IDF cosine and BM25, on
../shared/data/resume-category (Kaggle resume texts with 25 categories; evaluation only, never
copied into the repository).

- Resumes are deduplicated first (whitespace-normalised text; 962 rows -> 166 unique).
  The dataset has no splits; all 166 unique texts are used.
- One query per category, in two forms: `name` (the category name as the job title) and
  `description` (the title plus a short requirements list written for this benchmark, below).
- Relevance: the resume's category equals the query's (binary).
- Metrics over the 25 queries: NDCG@10 (binary gain, log2 discount) and MAP (average precision
  over the full ranking), plus P@10.
- Engines: InterviewKit `rank` (job_parse on the query text, every resume parsed and ranked by
  the full fit score; bench/examples/match_rank_eval.rs), InterviewKit with only the
  text_relevance component (its BM25), scikit-learn TfidfVectorizer cosine, BM25 (k1 1.2,
  b 0.75, a few lines of numpy over the same tokens as the TF-IDF).

Optionally (--skills) the skill extraction of job_parse on ../shared/data/cn-job-postings
against the platform's skill tags.

usage: quality.py [--data DIR] [--no-build] [--skills]
Skips with a message (exit 0) when the data folder is absent.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Written for this benchmark: what a short job posting for each category asks for.
DESCRIPTIONS = {
    "Advocate": "Requirements: LLB law degree, litigation, legal drafting, court proceedings, legal research, contracts.",
    "Arts": "Requirements: fine arts, drawing, painting, creative design, art teaching, exhibitions.",
    "Automation Testing": "Requirements: test automation with Selenium, Java or Python, TestNG, automation frameworks, regression testing, Jenkins.",
    "Blockchain": "Requirements: blockchain, Ethereum, Solidity smart contracts, Hyperledger, cryptography, Node.js.",
    "Business Analyst": "Requirements: business analysis, requirements gathering, stakeholder management, SQL, Excel, process documentation, UML.",
    "Civil Engineer": "Requirements: civil engineering degree, AutoCAD, structural design, site supervision, construction management, quantity surveying.",
    "Data Science": "Requirements: Python, machine learning, statistics, pandas, scikit-learn, deep learning, SQL, data visualisation.",
    "Database": "Requirements: database administration, Oracle, MySQL, SQL Server, PL/SQL, backup and recovery, performance tuning.",
    "DevOps Engineer": "Requirements: DevOps, Docker, Kubernetes, Jenkins CI/CD, AWS, Linux, Ansible, shell scripting.",
    "DotNet Developer": "Requirements: .NET, C#, ASP.NET MVC, SQL Server, Entity Framework, web APIs.",
    "ETL Developer": "Requirements: ETL development, Informatica, data warehousing, SQL, SSIS, data integration.",
    "Electrical Engineering": "Requirements: electrical engineering degree, power systems, PLC, electrical maintenance, control panels, wiring.",
    "HR": "Requirements: human resources, recruitment, onboarding, payroll, employee relations, HR policies.",
    "Hadoop": "Requirements: Hadoop, Hive, Spark, HDFS, MapReduce, Sqoop, big data pipelines.",
    "Health and fitness": "Requirements: fitness training, nutrition, health coaching, exercise programmes, personal training certification.",
    "Java Developer": "Requirements: Java, J2EE, Spring, Spring Boot, Hibernate, REST services, SQL.",
    "Mechanical Engineer": "Requirements: mechanical engineering degree, AutoCAD, SolidWorks, design, manufacturing, maintenance.",
    "Network Security Engineer": "Requirements: network security, firewalls, routers and switches, CCNA, VPN, intrusion detection.",
    "Operations Manager": "Requirements: operations management, team leadership, process improvement, budgeting, vendor management, logistics.",
    "PMO": "Requirements: project management office, PMP, project planning, governance, reporting, risk management.",
    "Python Developer": "Requirements: Python, Django, Flask, REST APIs, SQL, Git.",
    "SAP Developer": "Requirements: SAP, ABAP, SAP HANA, SAP modules, reports and interfaces.",
    "Sales": "Requirements: sales, business development, customer relationships, negotiation, targets, marketing.",
    "Testing": "Requirements: software testing, manual testing, test cases, defect tracking, JIRA, QA.",
    "Web Designing": "Requirements: web design, HTML, CSS, JavaScript, Bootstrap, Photoshop, responsive design.",
}


def load(data):
    path = os.path.join(data, "resume-category", "UpdatedResumeDataSet.csv")
    seen = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = " ".join(row["Resume"].split())
            if key not in seen:
                seen[key] = (row["Category"], row["Resume"].replace("\r\n", "\n"))
    docs = []
    for i, (cat, text) in enumerate(seen.values()):
        docs.append({"id": "cv%03d" % i, "category": cat, "text": text})
    return docs


def queries(docs, mode):
    cats = sorted({d["category"] for d in docs})
    out = []
    for c in cats:
        text = c if mode == "name" else c + "\n\n" + DESCRIPTIONS.get(c, "")
        out.append({"id": "q-" + c, "category": c, "text": text})
    return out


def ndcg_at(rels, k):
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rels[:k]))
    ideal = sorted(rels, reverse=True)
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal[:k]))
    return dcg / idcg if idcg else 0.0


def average_precision(rels):
    hits, s = 0, 0.0
    for i, r in enumerate(rels):
        if r:
            hits += 1
            s += hits / (i + 1)
    total = sum(rels)
    return s / total if total else 0.0


def evaluate(rankings, docs, qs):
    cat = {d["id"]: d["category"] for d in docs}
    all_ids = sorted(cat)
    nd, ap, p10 = [], [], []
    for q in qs:
        ranked = list(rankings[q["id"]])
        missing = [i for i in all_ids if i not in set(ranked)]
        ranked += missing  # unparsed resumes rank last
        rels = [1 if cat[i] == q["category"] else 0 for i in ranked]
        nd.append(ndcg_at(rels, 10))
        ap.append(average_precision(rels))
        p10.append(sum(rels[:10]) / 10)
    return float(np.mean(nd)), float(np.mean(ap)), float(np.mean(p10))


def rank_matrix(scores, ids):
    """scores: docs x queries -> {query index: [ids best first]}, ties by id."""
    out = {}
    order_ids = np.array(ids)
    for j in range(scores.shape[1]):
        col = scores[:, j]
        idx = sorted(range(len(ids)), key=lambda i: (-col[i], ids[i]))
        out[j] = list(order_ids[idx])
    return out


def tfidf_rank(docs, qs):
    vec = TfidfVectorizer()
    D = vec.fit_transform([d["text"] for d in docs])
    Q = vec.transform([q["text"] for q in qs])
    S = (D @ Q.T).toarray()
    r = rank_matrix(S, [d["id"] for d in docs])
    return {q["id"]: r[j] for j, q in enumerate(qs)}


def bm25_rank(docs, qs, k1=1.2, b=0.75):
    cv = CountVectorizer()
    tf = cv.fit_transform([d["text"] for d in docs]).tocsc().astype(np.float64)
    n = tf.shape[0]
    dl = np.asarray(tf.sum(axis=1)).ravel()
    avg = dl.mean()
    df = np.diff(tf.indptr)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    analyzer = cv.build_analyzer()
    S = np.zeros((n, len(qs)))
    for j, q in enumerate(qs):
        for term in set(analyzer(q["text"])):
            t = cv.vocabulary_.get(term)
            if t is None:
                continue
            lo, hi = tf.indptr[t], tf.indptr[t + 1]
            rows, f = tf.indices[lo:hi], tf.data[lo:hi]
            S[rows, j] += idf[t] * f * (k1 + 1) / (f + k1 * (1 - b + b * dl[rows] / avg))
    r = rank_matrix(S, [d["id"] for d in docs])
    return {q["id"]: r[j] for j, q in enumerate(qs)}


def ik_rank(exe, docs, qs, weights=None):
    lines = [json.dumps({"kind": "resume", "id": d["id"], "text": d["text"]}) for d in docs]
    lines += [json.dumps({"kind": "job", "id": q["id"], "text": q["text"]}) for q in qs]
    cmd = [exe] + (["--weights", json.dumps(weights)] if weights else [])
    p = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    skipped = [l for l in p.stderr.splitlines() if l.startswith("resume ")]
    out, skills = {}, {}
    for line in p.stdout.splitlines():
        d = json.loads(line)
        out[d["job_id"]] = d["ranked"]
        skills[d["job_id"]] = d["skills"]
    return out, skipped, skills


def skill_eval(data, exe):
    """job_parse skill extraction vs Zhaopin's platform skill tags (cn-job-postings/zhaopin_zl.json).

    Records with tags, deduplicated by job URL. A tag counts as found when job_parse returned one of
    the taxonomy ids the tag names (exact name or alias). Precision is against the tags, which
    are few per posting (weak gold: a JD names more skills than its tags), so it is a lower bound.
    """
    path = os.path.join(data, "cn-job-postings", "zhaopin_zl.json")
    if not os.path.exists(path):
        print("skill extraction: %s is absent: skipped" % path)
        return
    seen, recs = set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            tags = [t.strip() for t in (d.get("job_skills") or "").split("\n") if t.strip()]
            key = d.get("joburl") or d.get("url") or d["job_detail"]
            if not tags or key in seen or not (d.get("job_detail") or "").strip():
                continue
            seen.add(key)
            recs.append({"id": "zl%03d" % len(recs), "text": d["job_detail"], "tags": tags})
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n"
    p = subprocess.run([exe, "--job-skills"], input=lines, capture_output=True, text=True, check=True)
    out = [json.loads(l) for l in p.stdout.splitlines()]
    tags_total = tags_known = tags_found = tags_in_text = 0
    pred_total = pred_correct = 0
    for r, o in zip(recs, out):
        found = set(o["skills"])
        gold_ids = set()
        low = r["text"].lower()
        for tag, ids in zip(r["tags"], o["tag_ids"]):
            tags_total += 1
            tags_in_text += tag.lower() in low
            if ids:
                tags_known += 1
                gold_ids.update(ids)
                tags_found += bool(found & set(ids))
        pred_total += len(found)
        pred_correct += len(found & gold_ids)
    print()
    print("skill extraction (job_parse) on cn-job-postings/zhaopin_zl.json: %d postings with tags, "
          "%d tags (%d in the taxonomy, %d appear verbatim in the JD text)"
          % (len(recs), tags_total, tags_known, tags_in_text))
    print("| measure | value |")
    print("|---|---|")
    print("| recall over tags the taxonomy knows | %.3f (%d/%d) |" % (tags_found / max(tags_known, 1), tags_found, tags_known))
    print("| recall over all tags | %.3f |" % (tags_found / max(tags_total, 1)))
    print("| precision against the tags (lower bound: tags are sparse) | %.3f (%d/%d) |"
          % (pred_correct / max(pred_total, 1), pred_correct, pred_total))
    print("| skills found per posting | %.2f |" % (pred_total / max(len(recs), 1)))


def default_data():
    """$IK_SHARED_DATA, else the first ../shared/data above the repository that exists."""
    if os.environ.get("IK_SHARED_DATA"):
        return os.environ["IK_SHARED_DATA"]
    d = ROOT
    for _ in range(3):
        cand = os.path.join(os.path.dirname(d), "shared", "data")
        if os.path.isdir(cand):
            return cand
        d = os.path.dirname(d)
    return os.path.join(os.path.dirname(ROOT), "shared", "data")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data())
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--skills", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.data, "resume-category", "UpdatedResumeDataSet.csv")):
        print("quality: %s/resume-category is absent: skipped (the evaluation data lives outside the repository)" % a.data)
        return 0
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    exe = os.path.join(target, "release", "examples", "match_rank_eval")
    if not a.no_build:
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "interviewkit-bench", "--example", "match_rank_eval"],
                       cwd=ROOT, check=True)
    docs = load(a.data)
    cats = sorted({d["category"] for d in docs})
    print("resume-category: %d unique resumes (after deduplication), %d categories, 1 query per category"
          % (len(docs), len(cats)))
    text_only = {c: 0 for c in ["skills", "experience", "education", "languages_certifications",
                                 "competencies", "semantic"]}
    text_only["text_relevance"] = 1
    rows = []
    for mode in ["name", "description"]:
        qs = queries(docs, mode)
        ik, skipped, skills = ik_rank(exe, docs, qs)
        if skipped and mode == "name":
            print("InterviewKit's parser rejected %d of %d resumes (ranked last in the 'all' rows): %s"
                  % (len(skipped), len(docs), "; ".join(skipped[:2])))
        ik_bm25, _, _ = ik_rank(exe, docs, qs, text_only)
        rejected = {l.split()[1].rstrip(":") for l in skipped}
        parsed = [d for d in docs if d["id"] not in rejected]
        for corpus, ds in [("all %d" % len(docs), docs), ("%d parsed" % len(parsed), parsed)]:
            if corpus.endswith("parsed") and not rejected:
                continue
            keep = {d["id"] for d in ds}
            sub = lambda r: {q: [i for i in v if i in keep] for q, v in r.items()}
            for name, r in [("InterviewKit rank (full fit score)", sub(ik)),
                            ("InterviewKit text_relevance only (its BM25)", sub(ik_bm25)),
                            ("scikit-learn TF-IDF cosine", tfidf_rank(ds, qs)),
                            ("BM25 (numpy, k1 1.2, b 0.75)", bm25_rank(ds, qs))]:
                nd, mp, p10 = evaluate(r, ds, qs)
                rows.append((mode, corpus, name, nd, mp, p10))
        if mode == "description":
            n_sk = [len(skills[q["id"]]) for q in qs]
            print("job_parse found %.1f taxonomy skills per description query (min %d, max %d)"
                  % (np.mean(n_sk), min(n_sk), max(n_sk)))
    print()
    print("| query | resumes | engine | NDCG@10 | MAP | P@10 |")
    print("|---|---|---|---|---|---|")
    for mode, corpus, name, nd, mp, p10 in rows:
        print("| %s | %s | %s | %.3f | %.3f | %.3f |" % (mode, corpus, name, nd, mp, p10))
    if a.skills:
        skill_eval(a.data, exe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
