"""Shared helpers for the interviewkit test suite: the repository root and the vector pattern
rules of tests/vectors/README.md."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, List


def _find_repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "tests" / "vectors").is_dir() and (parent / "Cargo.toml").is_file():
            return parent
    raise RuntimeError(f"cannot find the repository root above {here}")


REPO_ROOT = _find_repo_root()
VECTORS_DIR = REPO_ROOT / "tests" / "vectors"
SAMPLE_JSON_RESUME = REPO_ROOT / "tests" / "fixtures" / "json-resume" / "sample.resume.json"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def pattern_mismatches(actual: Any, pattern: Any, path: str = "") -> List[str]:
    """Every place where ``actual`` fails to match ``pattern`` (README rules), as JSON pointers
    with a reason; empty when it matches."""
    where = path or "(root)"
    if isinstance(pattern, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {type(actual).__name__}: {actual!r:.200}"]
        problems: List[str] = []
        for key, sub in pattern.items():
            escaped = key.replace("~", "~0").replace("/", "~1")
            if key not in actual:
                problems.append(f"{path}/{escaped}: missing key")
            else:
                problems.extend(pattern_mismatches(actual[key], sub, f"{path}/{escaped}"))
        return problems
    if isinstance(pattern, list):
        if not isinstance(actual, list):
            return [f"{where}: expected an array, got {type(actual).__name__}: {actual!r:.200}"]
        if len(actual) != len(pattern):
            return [
                f"{where}: expected {len(pattern)} elements, got {len(actual)}: {actual!r:.300}"
            ]
        problems = []
        for i, (a, p) in enumerate(zip(actual, pattern)):
            problems.extend(pattern_mismatches(a, p, f"{path}/{i}"))
        return problems
    if _is_number(pattern):
        if not _is_number(actual):
            return [f"{where}: expected number {pattern!r}, got {actual!r}"]
        if not math.isclose(actual, pattern, rel_tol=0, abs_tol=1e-9 * max(1.0, abs(pattern))):
            return [f"{where}: expected {pattern!r}, got {actual!r}"]
        return []
    # Strings, booleans and null: equality, with bool never equal to a number.
    if type(actual) is not type(pattern) or actual != pattern:
        return [f"{where}: expected {pattern!r}, got {actual!r:.200}"]
    return []


def strict_equal_mismatches(actual: Any, expected: Any, path: str = "") -> List[str]:
    """Deep equality where every key counts and JSON types must agree (``1`` is not ``1.0`` or
    ``True``); returns where the values differ."""
    where = path or "(root)"
    if type(actual) is not type(expected):
        return [f"{where}: expected {type(expected).__name__} {expected!r:.200}, "
                f"got {type(actual).__name__} {actual!r:.200}"]
    if isinstance(expected, dict):
        problems: List[str] = []
        for key in expected.keys() - actual.keys():
            problems.append(f"{path}/{key}: missing (lost on the way)")
        for key in actual.keys() - expected.keys():
            problems.append(f"{path}/{key}: unexpected key")
        for key in expected.keys() & actual.keys():
            problems.extend(strict_equal_mismatches(actual[key], expected[key], f"{path}/{key}"))
        return problems
    if isinstance(expected, list):
        if len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} elements, got {len(actual)}"]
        problems = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            problems.extend(strict_equal_mismatches(a, e, f"{path}/{i}"))
        return problems
    if actual != expected:
        return [f"{where}: expected {expected!r:.200}, got {actual!r:.200}"]
    return []
