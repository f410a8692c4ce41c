#!/usr/bin/env python3
"""Per-call time of ``interviewkit.validate`` on the small candidate document, from Python.

Measures the installed ``interviewkit`` wheel (build it with ``maturin build --release`` for
meaningful numbers; ``native_build`` in the output says which profile the extension was built
with). Input forms: a ``dict`` (serialised to JSON on every call), a ``str`` and ``bytes`` of
the same JSON text; ``json_dumps_input_ns`` is, for scale, what ``json.dumps`` alone takes for
the dict. Each figure is the best of several ``timeit`` repeats, in
nanoseconds per call, printed as one JSON object. Compare ``validate_bytes_ns`` with the native
criterion figure ``validate_small/native_json_text`` (bench/benches/overhead.rs), which does
the same work on the same bytes without Python.

Usage: python bench/python_overhead.py [--repeat N] [--number N]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import timeit
from pathlib import Path

import interviewkit
from interviewkit import _native

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_candidate.json"


def best_ns_per_call(func, arg, repeat: int, number: int) -> float:
    """Best (lowest) of ``repeat`` timings of ``number`` calls, in ns per call."""
    timer = timeit.Timer(lambda: func(arg))
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timeit repeats (best is kept)")
    parser.add_argument("--number", type=int, default=2000, help="calls per repeat")
    args = parser.parse_args()

    raw = FIXTURE.read_bytes()
    text = raw.decode("utf-8")
    doc = json.loads(raw)
    report = interviewkit.validate(doc)
    if not report["valid"]:
        print(f"{FIXTURE} is not a valid document: {report['issues']}", file=sys.stderr)
        return 1

    def timed(func, arg) -> float:
        return round(best_ns_per_call(func, arg, args.repeat, args.number), 1)

    results = {
        "benchmark": "validate_small",
        "fixture": str(FIXTURE.relative_to(FIXTURE.parents[2])),
        "fixture_bytes": len(raw),
        "interviewkit": interviewkit.__version__,
        "native_build": _native.BUILD_PROFILE,
        "python": platform.python_implementation() + " " + platform.python_version(),
        "repeat": args.repeat,
        "number": args.number,
        "validate_dict_ns": timed(interviewkit.validate, doc),
        "validate_str_ns": timed(interviewkit.validate, text),
        "validate_bytes_ns": timed(interviewkit.validate, raw),
        # For scale: json.dumps alone on the same dict.
        "json_dumps_input_ns": timed(lambda d: json.dumps(d, ensure_ascii=False), doc),
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
