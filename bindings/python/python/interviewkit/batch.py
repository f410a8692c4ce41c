"""Batch work over Apache Arrow tables: parse a column of resumes, screen resumes against jobs,
predict potential for a table of employees, audit a table for adverse impact.

The input is any Arrow-compatible table: a ``pyarrow.Table``, ``RecordBatch`` or
``RecordBatchReader``, a polars or pandas ``DataFrame`` (anything with ``__arrow_c_stream__``),
or a plain list of strings. String and binary columns are read in place through the Arrow C
stream interface, the work runs in the Rust core on every core with the GIL released, and the
result comes back as a table of the same kind as the input (pyarrow for pyarrow and lists, pandas
for pandas, polars for polars).

A bad row never fails or drops the batch: its ``error_code`` (the ``ErrorCode`` name, e.g.
``InvalidArgument``) and ``error`` (the message naming the field) are set and the other columns
are null. Errors in the request itself (an unknown option, a bad job) raise the usual
``interviewkit`` exceptions before any row is read.

Scores depend on the resume and the job only, never on the rest of the batch, so any split of a
corpus (Spark partitions, Dask chunks) gives the same numbers as one pass.

``pyarrow`` is needed (``pip install pyarrow``); polars and pandas only when you pass them.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from ._native import (
    batch_audit as _audit,
    batch_parse_resumes as _parse,
    batch_predict_potential as _predict,
    batch_screen as _screen,
)

Progress = Union[None, bool, Callable[[int], Any], Any]


def _pa():
    try:
        import pyarrow
    except ImportError as err:  # pragma: no cover - the test venv has pyarrow
        raise ImportError("interviewkit.batch needs pyarrow: pip install pyarrow") from err
    return pyarrow


class _Stream:
    """Holds an ``arrow_array_stream`` capsule for ``pyarrow.table``."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._capsule


def _kind(table: Any) -> str:
    module = type(table).__module__.split(".")[0]
    return module if module in ("pandas", "polars") else "pyarrow"


def _as_arrow(table: Any, column: str) -> Any:
    """The input as a ``pyarrow.Table`` or ``RecordBatchReader`` (imported without a copy), with
    any misaligned buffer copied (see ``_aligned``); lists become a one-column table."""
    pa = _pa()
    if isinstance(table, (list, tuple)):
        return pa.table({column: pa.array(list(table), type=_list_type(pa, table))})
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if isinstance(table, pa.RecordBatchReader):
        return pa.RecordBatchReader.from_batches(table.schema, (_aligned(b) for b in table))
    if not isinstance(table, pa.Table):
        if hasattr(table, "__arrow_c_stream__"):
            table = pa.table(table)
        elif _kind(table) == "pandas":  # pandas < 2.2
            table = pa.Table.from_pandas(table, preserve_index=False)
        else:
            raise TypeError(
                "table must be a pyarrow Table/RecordBatch/RecordBatchReader, a polars or pandas "
                f"DataFrame, or a list of str/bytes; got {type(table).__name__}"
            )
    return pa.Table.from_batches([_aligned(b) for b in table.to_batches()], schema=table.schema)


def _aligned(batch: Any) -> Any:
    """``batch`` with every column whose buffers are not 8-byte aligned copied into fresh memory.

    Arrow's C data interface only recommends aligned buffers, and arrays that come out of pickle
    (Dask moves partitions that way) can start anywhere; the native reader needs offsets at their
    natural alignment. Aligned columns (the usual case) pass through without a copy.
    """
    pa = _pa()
    columns = []
    changed = False
    for col in batch.columns:
        if any(b is not None and b.address % 8 for b in col.buffers()):
            col = pa.concat_arrays([pa.array([], type=col.type), col])
            if any(b is not None and b.address % 8 for b in col.buffers()):
                col = pa.array(col.to_pylist(), type=col.type)
            changed = True
        columns.append(col)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if changed else batch


def _list_type(pa: Any, values: Sequence[Any]) -> Any:
    if any(isinstance(v, (bytes, bytearray, memoryview)) for v in values):
        return pa.binary()
    return pa.string()


def _progress(progress: Progress, total: Optional[int]) -> tuple[Optional[Callable[[int], Any]], Any]:
    """A callable taking a row count, and something to close afterwards (a tqdm bar we made)."""
    if progress is None or progress is False:
        return None, None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError as err:
            raise ImportError("progress=True needs tqdm: pip install tqdm") from err
        bar = tqdm(total=total, unit="rows")
        return bar.update, bar
    if hasattr(progress, "update"):
        return progress.update, None
    if callable(progress):
        return progress, None
    raise TypeError("progress must be True, a callable taking a row count, or a tqdm bar")


def _rows(table: Any) -> Optional[int]:
    for attr in ("num_rows", "height"):
        n = getattr(table, attr, None)
        if isinstance(n, int):
            return n
    try:
        return len(table)
    except TypeError:
        return None


def _back(result: Any, kind: str) -> Any:
    if kind == "pandas":
        return result.to_pandas()
    if kind == "polars":
        import polars

        return polars.from_arrow(result)
    return result


def _call(native: Callable[..., Any], table: Any, column: str, progress: Progress, *args: Any) -> Any:
    """Runs one native batch function; the result as a ``pyarrow.Table``."""
    pa = _pa()
    source = _as_arrow(table, column)
    call, bar = _progress(progress, _rows(table))
    try:
        capsule = native(source, column, *args, call)
    finally:
        if bar is not None:
            bar.close()
    return pa.table(_Stream(capsule))


def parse_resumes(
    table: Any,
    column: str = "text",
    *,
    id_column: Optional[str] = None,
    options: Optional[Mapping[str, Any]] = None,
    progress: Progress = None,
) -> Any:
    """Parses every resume document in ``table[column]`` (text, or bytes of DOCX/PDF/HTML).

    ``options`` are those of ``parse_resume_file`` (``reference_date``, ``taxonomy``,
    ``school_tiers``, ``ner_model`` …), read once for the whole table. Returns one row per input
    row: ``row``, ``id``, ``resume`` (the archive Resume as JSON text), ``name``, ``email``,
    ``phone``, ``years_experience``, ``skills`` (taxonomy ids), ``warnings`` (JSON),
    ``error_code``, ``error``.
    """
    result = _call(_parse, table, column, progress, id_column, json.dumps(dict(options or {})))
    return _back(result, _kind(table))


def screen(
    resumes: Any,
    jobs: Iterable[Any],
    *,
    column: str = "text",
    id_column: Optional[str] = None,
    resume_json: bool = False,
    weights: Optional[Mapping[str, float]] = None,
    reference_date: Optional[str] = None,
    taxonomy: Any = None,
    parse: Optional[Mapping[str, Any]] = None,
    explain: bool = False,
    top: Optional[int] = None,
    progress: Progress = None,
) -> Any:
    """Scores every resume against every job.

    ``resumes[column]`` holds documents (text or bytes, parsed first) or, with
    ``resume_json=True``, archive Resumes as JSON text (``parse_resumes``' ``resume`` column).
    ``jobs`` are job profiles or ``{"text": job description, "id"?, "lang"?}``. Returns one row
    per resume and job: ``row``, ``id``, ``job_id``, ``score`` (0–100, equal to
    ``match_resume``), ``knockout_passed``, ``failed_knockouts``, ``matched_skills``,
    ``missing_skills``, ``explanation`` (the whole explained result as JSON, with
    ``explain=True``), ``error_code``, ``error``; a resume that cannot be read gives one row with
    its error. With ``top``, only each job's best ``top`` rows (score descending, then id) that
    passed the knock-outs are kept (jobs in id order), then the error rows; only K rows per job
    are held in memory, whatever the size of the table.
    """
    request: dict[str, Any] = {"jobs": list(jobs)}
    if weights is not None:
        request["weights"] = dict(weights)
    if reference_date is not None:
        request["reference_date"] = reference_date
    if taxonomy is not None:
        request["taxonomy"] = taxonomy
    if parse is not None:
        request["parse"] = dict(parse)
    if top is not None and int(top) < 1:
        raise ValueError("top must be at least 1")
    result = _call(
        _screen, resumes, column, progress, id_column,
        json.dumps(request, ensure_ascii=False), bool(resume_json), bool(explain),
        None if top is None else int(top),
    )
    return _back(result, _kind(resumes))



def _model_json(model: Any) -> str:
    """A potential model as JSON text: a fitted ``PotentialModel``, the model dict, JSON text or
    a path to a model file."""
    fitted = getattr(model, "model_", None)
    if fitted is not None:
        model = fitted
    if isinstance(model, Mapping):
        return json.dumps(dict(model), ensure_ascii=False)
    if isinstance(model, os.PathLike) or (isinstance(model, str) and not model.lstrip().startswith("{")):
        with open(model, encoding="utf-8") as f:
            return f.read()
    if isinstance(model, str):
        return model
    raise TypeError(
        "model must be a fitted PotentialModel, a model dict, model JSON text or a path to a "
        f"model file; got {type(model).__name__}"
    )


def predict_potential(
    table: Any,
    model: Any,
    *,
    id_column: Optional[str] = None,
    top: int = 0,
    progress: Progress = None,
) -> Any:
    """Predicts potential for every row of ``table`` (one column per model feature; other
    columns are ignored).

    ``model`` is a fitted :class:`interviewkit.PotentialModel`, the model as a dict or JSON
    text, or the path of a model file (its content hash is checked). Columns may be strings,
    integers, floats, booleans or dictionary-encoded (pandas categoricals); a float NaN is a
    missing value. Returns one row per input row: ``row``, ``id`` (``id_column``, else the
    model's id column when the table has it), ``probability``, ``margin``, ``contributions``
    (the ``top`` largest SHAP contributions as JSON, with ``top`` > 0), ``warnings`` (values
    training never saw), ``error_code``, ``error``. The numbers equal
    ``PotentialModel.predict_proba`` / ``potential_predict`` for the same rows; a cell that cannot
    be read (text in a numeric feature) is that row's error.
    """
    if int(top) < 0:
        raise ValueError("top must be 0 or more")
    source = _model_json(model)
    pa = _pa()
    data = _as_arrow(table, "")
    call, bar = _progress(progress, _rows(table))
    try:
        capsule = _predict(data, source, id_column, int(top), call)
    finally:
        if bar is not None:
            bar.close()
    return _back(pa.table(_Stream(capsule)), _kind(table))


def audit(
    table: Any,
    *,
    group: Union[str, Sequence[str]],
    selected: Optional[str] = None,
    score: Optional[str] = None,
    bootstrap: Optional[int] = None,
    seed: Optional[int] = None,
    small_share: Optional[float] = None,
    small_sample_policy: Optional[str] = None,
    progress: Progress = None,
) -> dict:
    """Adverse-impact audit of a whole table, read column by column through Arrow (no Python
    row objects): the report of :func:`interviewkit.audit_table` for the same rows, plus
    ``row_errors``.

    Options as in :func:`interviewkit.audit_table`. A row whose value cannot be read (an
    outcome of ``"maybe"``) is left out of every table and listed in ``row_errors`` as
    ``{"row", "column", "error_code", "error"}``; the report's first warning counts them. The
    audit is a statistic of the whole table, so give it all rows at once (a ``RecordBatchReader``
    streams them) rather than auditing partitions.
    """
    request: dict[str, Any] = {"group": group if isinstance(group, str) else list(group)}
    if selected is not None:
        request["selected"] = selected
    if score is not None:
        request["score"] = score
    if bootstrap is not None or seed is not None:
        options: dict[str, Any] = {}
        if bootstrap is not None:
            options["iterations"] = int(bootstrap)
        if seed is not None:
            options["seed"] = int(seed)
        request["bootstrap"] = options
    if small_share is not None:
        request["small_share"] = small_share
    if small_sample_policy is not None:
        request["small_sample_policy"] = small_sample_policy
    data = _as_arrow(table, "")
    call, bar = _progress(progress, _rows(table))
    try:
        text = _audit(data, json.dumps(request, ensure_ascii=False), call)
    finally:
        if bar is not None:
            bar.close()
    return json.loads(text)
