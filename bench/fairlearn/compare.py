#!/usr/bin/env python3
"""Cross-check InterviewKit's adverse-impact audit against fairlearn's MetricFrame.

Data: the HR promotion set at ../shared/data/hr-promotion/train.csv (relative to the repository
root; evaluation-only, never copied into the repository). Skips with a message, exit 0, when absent.

For gender, education and gender x education it computes selection rates of `is_promoted` with
fairlearn (`MetricFrame(metrics=selection_rate, ...)`) and impact ratios as rate / highest rate,
runs `interviewkit audit --csv FILE --group gender,education --selected is_promoted` and asserts
that every count, rate and ratio agrees to 1e-9. Prints a table and the time each side took.

How the two are lined up (both follow the audit's documented rules, see docs/audit.md):
- Rows with a blank education are InterviewKit's "unknown" category: left out of the education
  and intersectional tables (counted separately), kept in the gender table. fairlearn gets the
  same rows (blanks dropped per table), and the unknown counts are checked too.
- Categories under 2% of a table's rows (here "Below Secondary") are reported with their rate,
  but InterviewKit leaves them out of the impact-ratio calculation and of the choice of the
  highest-rate reference group (6 RCNY 5-301). The fairlearn side therefore divides by the highest
  rate among categories with at least 2% of the rows, and checks that the small ones have a null
  ratio in our report.

Usage: python bench/fairlearn/compare.py [--csv PATH]
The binary is $IK_CLI if set (a path to `interviewkit`), otherwise
`cargo run -q --release -p interviewkit-cli --`. Needs: pip install fairlearn pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "hr-promotion" / "train.csv"
GROUPS = ["gender", "education"]
OUTCOME = "is_promoted"
SMALL_SHARE = 0.02
SEP = " × "
TOL = 1e-9


def close(a: float, b: float) -> bool:
    return abs(a - b) <= TOL * max(1.0, abs(b))


def cli_command() -> list[str]:
    if os.environ.get("IK_CLI"):
        return shlex.split(os.environ["IK_CLI"])
    return ["cargo", "run", "-q", "--release", "-p", "interviewkit-cli", "--"]


def run_ours(csv_path: Path, bootstrap: int | None) -> tuple[dict, float]:
    cmd = cli_command() + [
        "audit", "--csv", str(csv_path),
        "--group", ",".join(GROUPS), "--selected", OUTCOME,
    ]
    if bootstrap is not None:
        cmd += ["--bootstrap", str(bootstrap)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"interviewkit audit failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout), elapsed


def fairlearn_tables(csv_path: Path):
    """{table name: (DataFrame of n/selected/rate/ratio/small by group label, unknown count)}."""
    import pandas as pd
    from fairlearn.metrics import MetricFrame, count, selection_rate

    df = pd.read_csv(csv_path, dtype={"gender": "string", "education": "string"},
                     keep_default_na=False, na_values=[""])
    y = df[OUTCOME].astype(int)
    tables = {}
    for cols in (["gender"], ["education"], GROUPS):
        known = df[cols].notna().all(axis=1)
        sub = df.loc[known]
        mf = MetricFrame(
            metrics={"selection_rate": selection_rate, "n": count},
            y_true=y[known], y_pred=y[known],
            sensitive_features=sub[cols] if len(cols) > 1 else sub[cols[0]],
        )
        by = mf.by_group.copy()
        if len(cols) > 1:
            by.index = [SEP.join(map(str, idx)) for idx in by.index]
        else:
            by.index = [str(i) for i in by.index]
        by["n"] = by["n"].astype(int)
        by["share"] = by["n"] / by["n"].sum()
        by["small"] = by["share"] < SMALL_SHARE
        reference = by.loc[~by["small"], "selection_rate"].max()
        by["impact_ratio"] = by["selection_rate"] / reference
        by.loc[by["small"], "impact_ratio"] = float("nan")
        tables[SEP.join(cols)] = (by, int((~known).sum()))
    return tables


def our_tables(report: dict) -> dict:
    tables = {SEP.join(report["group_columns"]): (report["groups"], report["unknown"]["n"])}
    for t in report["by_column"]:
        tables[SEP.join(t["columns"])] = (t["groups"], t["unknown"]["n"])
    return tables


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    args = parser.parse_args()
    if not args.csv.is_file():
        print(f"SKIP: {args.csv} not found (the HR promotion data is not part of the repository).")
        return 0
    start = time.perf_counter()
    try:
        import fairlearn.metrics  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:
        print(f"SKIP: {e.name} is not installed (pip install fairlearn pandas).")
        return 0
    t_import = time.perf_counter() - start

    start = time.perf_counter()
    theirs = fairlearn_tables(args.csv)
    t_fairlearn = time.perf_counter() - start
    # Warm-up run (builds the binary when going through cargo), then timed runs.
    run_ours(args.csv, 0)
    ours_report, t_ours = run_ours(args.csv, 0)
    _, t_ours_boot = run_ours(args.csv, None)
    ours = our_tables(ours_report)

    failures = []
    rows = []
    for name, (by, unknown) in theirs.items():
        groups, our_unknown = ours[name]
        if unknown != our_unknown:
            failures.append(f"{name}: unknown {our_unknown} != {unknown}")
        mine = {g["group"]: g for g in groups}
        if set(mine) != set(by.index):
            failures.append(f"{name}: groups {sorted(mine)} != {sorted(by.index)}")
            continue
        for label, row in by.iterrows():
            g = mine[label]
            ratio = None if row["small"] else float(row["impact_ratio"])
            checks = [
                ("n", g["n"] == int(row["n"])),
                ("selected", g["selected"] == round(row["selection_rate"] * row["n"])),
                ("selection_rate", close(g["selection_rate"], float(row["selection_rate"]))),
                ("small_sample", g["small_sample"] == bool(row["small"])),
                ("impact_ratio", g["impact_ratio"] is None if ratio is None
                 else g["impact_ratio"] is not None and close(g["impact_ratio"], ratio)),
            ]
            bad = [what for what, ok in checks if not ok]
            if bad:
                failures.append(f"{name} / {label}: {', '.join(bad)} differ: ours {g}, fairlearn {row.to_dict()}")
            rows.append((name, label, int(row["n"]), float(row["selection_rate"]), g["selection_rate"],
                         ratio, g["impact_ratio"], g["flag_four_fifths"], bool(row["small"])))

    fmt = lambda x: "—" if x is None else f"{x:.6f}"  # noqa: E731
    print(f"{'table':<22} {'group':<28} {'n':>6} {'rate (fl)':>10} {'rate (ik)':>10} "
          f"{'ratio (fl)':>10} {'ratio (ik)':>10} {'<4/5':>5} small")
    for name, label, n, r1, r2, q1, q2, flag, small in rows:
        print(f"{name:<22} {label:<28} {n:>6} {fmt(r1):>10} {fmt(r2):>10} {fmt(q1):>10} {fmt(q2):>10} "
              f"{'—' if flag is None else ('yes' if flag else 'no'):>5} {'yes' if small else ''}")
    print()
    print(f"rows: {ours_report['n_records']}; unknown education: {ours_report['unknown']['n']}")
    print(f"python: importing fairlearn + pandas: {t_import:.3f} s")
    print(f"fairlearn MetricFrame (pandas CSV read + 3 tables): {t_fairlearn:.3f} s")
    print(f"interviewkit audit CLI, no bootstrap (process, CSV parse, 3 tables, tests): {t_ours:.3f} s")
    print(f"interviewkit audit CLI, default 1000-resample bootstrap: {t_ours_boot:.3f} s")
    if failures:
        print(f"\nFAIL: {len(failures)} disagreement(s)")
        for f in failures:
            print("  " + f)
        return 1
    print(f"\nOK: {len(rows)} groups, every n, rate and impact ratio agrees to {TOL:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
