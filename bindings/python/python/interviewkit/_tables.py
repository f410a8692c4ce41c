"""Rows of whatever table a data scientist has, as JSON-ready dicts (shared by the audit and the
potential model). Missing values (``None``, ``NaN``, ``pd.NA``, ``NaT``) become ``None``; numpy
scalars become Python scalars. Nothing is dropped: a row with gaps keeps its other values."""

from __future__ import annotations

import math
from typing import Any, Dict, Iterable, List, Optional, Sequence


def clean(value: Any) -> Any:
    """A JSON-ready cell."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    item = getattr(value, "item", None)  # a numpy scalar
    if callable(item) and type(value).__module__ == "numpy":
        value = item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def rows(table: Any, what: str = "table") -> List[Dict[str, Any]]:
    """Rows of ``table`` as dicts: a list of dicts, a pandas or polars DataFrame, a pyarrow
    Table, a 2-D numpy array (columns ``x0``, ``x1``, …) or any iterable of mappings."""
    if isinstance(table, list) and (not table or isinstance(table[0], dict)):
        return [{str(k): clean(v) for k, v in dict(row).items()} for row in table]
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return [{str(k): clean(v) for k, v in row.items()} for row in table.to_dict("records")]
    if module == "polars":
        return [{k: clean(v) for k, v in row.items()} for row in table.to_dicts()]
    if module == "pyarrow":
        return [{k: clean(v) for k, v in row.items()} for row in table.to_pylist()]
    if module == "numpy" or (isinstance(table, list) and table and isinstance(table[0], (list, tuple))):
        matrix = table.tolist() if module == "numpy" else table
        if matrix and not isinstance(matrix[0], list) and not isinstance(matrix[0], tuple):
            raise TypeError(f"{what}: a numpy array must be 2-D (rows × columns)")
        return [{f"x{j}": clean(v) for j, v in enumerate(row)} for row in matrix]
    if isinstance(table, Iterable) and not isinstance(table, (str, bytes, dict)):
        return [{str(k): clean(v) for k, v in dict(row).items()} for row in table]
    raise TypeError(
        f"{what} must be a list of dicts, a pandas or polars DataFrame, a pyarrow Table or a "
        f"2-D numpy array, not {type(table).__name__}"
    )


def column(values: Any, what: str = "y") -> List[Any]:
    """A 1-D column (list, numpy array, pandas/polars Series, pyarrow array) as Python values."""
    module = type(values).__module__.split(".")[0]
    if module == "pyarrow":
        values = values.to_pylist()
    elif module in ("pandas", "polars", "numpy"):
        values = values.to_list() if hasattr(values, "to_list") else values.tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{what} must be a 1-D sequence of labels, not {type(values).__name__}")
    return [clean(v) for v in values]


def columns_of(records: Sequence[Dict[str, Any]]) -> Optional[List[str]]:
    """The column names, in first-seen order."""
    seen: Dict[str, None] = {}
    for row in records:
        for k in row:
            seen.setdefault(k, None)
    return list(seen)
