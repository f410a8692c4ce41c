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

from typing import Any, Dict, Optional, Sequence, Union

from ._native import audit
from ._tables import rows

__all__ = ["audit_table"]


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
        "records": rows(table, "audit_table: `table`"),
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
