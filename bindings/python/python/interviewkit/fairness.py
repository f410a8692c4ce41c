"""Fairness audit on tables a data scientist already has.

:func:`interviewkit.audit` takes the core's request object; :func:`audit_table` builds that
request from a table: a list of dicts, a pandas ``DataFrame``, a polars ``DataFrame`` or a
pyarrow ``Table``. Missing values (``None``, ``NaN``, ``pd.NA``) become JSON ``null``: a row
with a missing group value is counted in the report's unknown category, one with a missing
outcome is counted as excluded, and neither is silently dropped.

>>> import interviewkit
>>> rows = [{"sex": "F", "hired": 1}, {"sex": "F", "hired": 0}, {"sex": "M", "hired": 1}]
>>> report = interviewkit.audit_table(rows, group="sex", selected="hired", bootstrap=0)
>>> [g["group"] for g in report["groups"]]
['F', 'M']
"""

from __future__ import annotations

import math
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from ._native import audit

__all__ = ["audit_table"]


def _clean(value: Any) -> Any:
    """A JSON-ready cell: NaN / NA / NaT become None, numpy scalars become Python scalars."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item) and type(value).__module__ == "numpy":
        value = item()
        if isinstance(value, float) and math.isnan(value):
            return None
        return value
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _rows(table: Any) -> List[Dict[str, Any]]:
    """Rows of ``table`` as dicts, whatever kind of table it is."""
    if isinstance(table, list):
        return [{k: _clean(v) for k, v in dict(row).items()} for row in table]
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return [{str(k): _clean(v) for k, v in row.items()} for row in table.to_dict("records")]
    if module == "polars":
        return [{k: _clean(v) for k, v in row.items()} for row in table.to_dicts()]
    if module == "pyarrow":
        return [{k: _clean(v) for k, v in row.items()} for row in table.to_pylist()]
    if isinstance(table, Iterable):
        return [{k: _clean(v) for k, v in dict(row).items()} for row in table]
    raise TypeError(
        "audit_table: `table` must be a list of dicts, a pandas or polars DataFrame or a pyarrow "
        f"Table, not {type(table).__name__}"
    )


def audit_table(
    table: Any,
    *,
    group: Union[str, Sequence[str]],
    selected: Optional[str] = None,
    score: Optional[str] = None,
    bootstrap: Optional[int] = None,
    seed: Optional[int] = None,
    small_share: Optional[float] = None,
) -> Dict[str, Any]:
    """Adverse-impact audit of ``table`` by ``group`` (one column or several for intersections).

    Give exactly one of ``selected`` (a 0/1 outcome column: selection rates) or ``score`` (a
    numeric column: scoring rates, the share above the overall median). ``bootstrap`` is the
    number of bootstrap resamples for confidence intervals (0 turns them off), ``seed`` fixes
    them, ``small_share`` is the share below which a category is flagged as small (default
    0.02). Returns the same report as :func:`interviewkit.audit`.
    """
    request: Dict[str, Any] = {
        "records": _rows(table),
        "group": group if isinstance(group, str) else list(group),
    }
    if selected is not None:
        request["selected"] = selected
    if score is not None:
        request["score"] = score
    if bootstrap is not None or seed is not None:
        options: Dict[str, Any] = {}
        if bootstrap is not None:
            options["iterations"] = bootstrap
        if seed is not None:
            options["seed"] = seed
        request["bootstrap"] = options
    if small_share is not None:
        request["small_share"] = small_share
    return audit(request)
