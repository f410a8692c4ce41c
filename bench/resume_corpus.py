#!/usr/bin/env python3
"""Writes the real-resume corpus of the resume benchmark (issue #3) into OUT_DIR: the
resume-category resumes of ../shared/data (Kaggle "UpdatedResumeDataSet.csv", evaluation-only,
never copied into the repository), deduplicated, keeping those of 1,500-2,500 UTF-8 bytes (the
issue's "about 2 KB"), one `cat_NNN.txt` per resume, NNN its position among the distinct
resumes. Prints how many it wrote; exits 0 without writing anything when the data is absent.

Usage: python3 bench/resume_corpus.py OUT_DIR [DATA_DIR]
(DATA_DIR: $IK_SHARED_DATA, else the first ../shared/data above the repository.)
"""
import csv
import os
import sys


def default_data() -> str:
    if os.environ.get("IK_SHARED_DATA"):
        return os.environ["IK_SHARED_DATA"]
    d = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for _ in range(3):
        cand = os.path.join(os.path.dirname(d), "shared", "data")
        if os.path.isdir(cand):
            return cand
        d = os.path.dirname(d)
    return cand


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: python3 bench/resume_corpus.py OUT_DIR [DATA_DIR]", file=sys.stderr)
        return 2
    out = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else default_data()
    path = os.path.join(data, "resume-category", "UpdatedResumeDataSet.csv")
    if not os.path.exists(path):
        print(f"resume_corpus: {path} not found; the real-resume run is skipped")
        return 0
    csv.field_size_limit(10**8)
    os.makedirs(out, exist_ok=True)
    seen, written = set(), 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            text = row.get("Resume") or ""
            if text in seen:
                continue
            seen.add(text)
            if 1500 <= len(text.encode("utf-8")) <= 2500:
                with open(os.path.join(out, f"cat_{len(seen):03}.txt"), "w", encoding="utf-8") as o:
                    o.write(text)
                written += 1
    print(f"resume_corpus: {written} resumes of 1,500-2,500 bytes written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
