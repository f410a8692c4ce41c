#!/usr/bin/env python3
"""Compare InterviewKit's potential model with LightGBM on the HR promotion data.

Split: a fixed stratified 80/20 split of train.csv (seed 20240607); both learners fit on the
same 80% and are scored on the same 20% (ROC-AUC). Times are wall-clock seconds of the fit
call only (data already in memory); LightGBM is timed with n_jobs=1 and with its default
threads. Ours is timed inside the Rust process (`fit_seconds`), and the whole process
(CSV parsing, fit, scoring) is reported as `process_seconds`.

Usage:
    python bench/potential/compare.py [--data PATH] [--repeats 3]
Run from the repository root; needs lightgbm, scikit-learn, pandas and cargo.
Exits 0 with a message when the data file is absent.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data",
                            "hr-promotion", "train.csv")
LABEL = "is_promoted"
ID = "employee_id"
CATEGORICAL = ["department", "region", "education", "gender", "recruitment_channel"]
SEED = 20240607


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("IK_HR_DATA", DEFAULT_DATA))
    ap.add_argument("--repeats", type=int, default=3, help="fits per learner; the median time is reported")
    ap.add_argument("--params", default="", help="JSON overrides for our learner")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    if not os.path.exists(data):
        print(f"skipped: {data} not found (the HR promotion data is evaluation-only and not shipped)")
        return 0
    try:
        import lightgbm as lgb
        import pandas as pd
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import train_test_split
    except ImportError as e:
        print(f"skipped: {e} (pip install lightgbm scikit-learn pandas)")
        return 0

    df = pd.read_csv(data)
    train, valid = train_test_split(df, test_size=0.2, stratify=df[LABEL], random_state=SEED)
    tmp = tempfile.mkdtemp(prefix="ik-potential-")
    train_csv = os.path.join(tmp, "train.csv")
    valid_csv = os.path.join(tmp, "valid.csv")
    train.to_csv(train_csv, index=False)
    valid.to_csv(valid_csv, index=False)
    print(f"data: {data}\nrows: train {len(train)} ({int(train[LABEL].sum())} positive), "
          f"validation {len(valid)} ({int(valid[LABEL].sum())} positive)")

    def frame(d):
        x = d.drop(columns=[LABEL, ID]).copy()
        for c in CATEGORICAL:
            x[c] = x[c].astype("category")
        return x

    xt, yt = frame(train), train[LABEL].values
    xv, yv = frame(valid), valid[LABEL].values
    # Same category codes in both frames.
    for c in CATEGORICAL:
        cats = sorted(set(xt[c].dropna()) | set(xv[c].dropna()))
        xt[c] = pd.Categorical(xt[c], categories=cats)
        xv[c] = pd.Categorical(xv[c], categories=cats)

    results = {}
    for label, n_jobs in [("lightgbm (n_jobs=1)", 1), ("lightgbm (default threads)", None)]:
        times, auc = [], None
        for _ in range(args.repeats):
            kw = {"n_jobs": n_jobs} if n_jobs else {}
            m = lgb.LGBMClassifier(random_state=SEED, verbose=-1, **kw)
            t0 = time.perf_counter()
            m.fit(xt, yt, categorical_feature=CATEGORICAL)
            times.append(time.perf_counter() - t0)
            auc = roc_auc_score(yv, m.predict_proba(xv)[:, 1])
        results[label] = (auc, sorted(times)[len(times) // 2])

    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    build = subprocess.run(["cargo", "build", "--release", "-q", "-p", "interviewkit-bench",
                            "--example", "potential_bench"], cwd=root)
    if build.returncode != 0:
        print("error: cargo build failed")
        return 1
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    exe = os.path.join(target, "release", "examples", "potential_bench")
    times, ours, process = [], None, []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        out = subprocess.run([exe, train_csv, valid_csv, LABEL, ID, args.params or "{}"],
                             capture_output=True, text=True)
        process.append(time.perf_counter() - t0)
        if out.returncode != 0:
            print(out.stderr)
            return 1
        ours = json.loads(out.stdout)
        times.append(ours["fit_seconds"])
    results["interviewkit (1 thread)"] = (ours["roc_auc"], sorted(times)[len(times) // 2])

    print(f"\n{'learner':30} {'ROC-AUC':>8} {'fit s':>8}")
    for k, (auc, t) in results.items():
        print(f"{k:30} {auc:8.4f} {t:8.3f}")
    print(f"\ninterviewkit: {ours['trees']} trees ({ours['rounds_run']} rounds run), "
          f"process (parse + fit + score) {sorted(process)[len(process) // 2]:.3f} s, "
          f"PR-AUC {ours['pr_auc']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
