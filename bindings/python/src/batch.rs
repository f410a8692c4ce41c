//! Arrow batches in and out (issue #10): the native half of `interviewkit.batch`.
//!
//! Input is any object with `__arrow_c_stream__` (pyarrow tables and readers, polars and pandas
//! frames) read through the Arrow C stream interface, so string and binary columns are read in
//! place, without a copy into Python objects. Each chunk of rows runs in the core
//! ([`interviewkit_core::batch`]) with the GIL released, then the progress callback is called with
//! the number of rows done. Output is a C stream capsule of record batches; a bad row becomes a
//! row with `error_code` and `error` set, never an exception that loses the rest of the batch.

use std::ffi::CStr;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{ArrayRef, RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use interviewkit_arrow::{cells, column, id_text, TextColumn};
use interviewkit_core::batch::{self, AuditBatch, Cell, Predictor, ResumeInput, Screener, TopK};
use interviewkit_core::matching::MatchResult;
use interviewkit_core::resume::Parser;
use interviewkit_core::{Error, Result};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use serde_json::Value;

use super::{guarded, to_py_err};

const STREAM: &CStr = c"arrow_array_stream";

/// Rows handed to the core at a time: the progress callback's granularity.
const CHUNK: usize = 8192;

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn arrow_err(e: ArrowError) -> Error {
    invalid("table", format!("a readable Arrow stream ({e})"))
}

/// Imports `table.__arrow_c_stream__()` as a record-batch reader.
fn import(table: &Bound<'_, PyAny>) -> PyResult<RecordBatchStreamReader> {
    let py = table.py();
    if !table.hasattr("__arrow_c_stream__")? {
        return Err(to_py_err(
            py,
            &invalid(
                "table",
                "an Arrow table or stream (an object with __arrow_c_stream__: pyarrow, polars, pandas ≥ 2.2)",
            ),
        ));
    }
    let capsule = table.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>().map_err(PyErr::from)?;
    let ptr = capsule.pointer_checked(Some(STREAM))?;
    // SAFETY: the capsule is named `arrow_array_stream`, so by the Arrow PyCapsule interface it
    // holds a valid FFI_ArrowArrayStream; `from_raw` moves the stream out and leaves a released
    // one behind, which the capsule's destructor then ignores.
    unsafe { RecordBatchStreamReader::from_raw(ptr.cast::<FFI_ArrowArrayStream>().as_ptr()) }
        .map_err(|e| to_py_err(py, &arrow_err(e)))
}

/// Calls `progress(n)` after each chunk (the Python side passes tqdm's `update`).
fn report(progress: Option<&Bound<'_, PyAny>>, rows: usize) -> PyResult<()> {
    if let Some(p) = progress {
        p.call1((rows,))?;
    }
    Ok(())
}

/// Wraps finished batches as an `arrow_array_stream` capsule.
fn export<'py>(
    py: Python<'py>,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
) -> PyResult<Bound<'py, PyCapsule>> {
    let reader: Box<dyn RecordBatchReader + Send> = Box::new(RecordBatchIterator::new(
        batches.into_iter().map(Ok),
        schema,
    ));
    PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(reader), STREAM)
}

fn error_columns(code: &mut StringBuilder, message: &mut StringBuilder, err: Option<&Error>) {
    match err {
        Some(e) => {
            code.append_value(e.code().name());
            message.append_value(e.to_string());
        }
        None => {
            code.append_null();
            message.append_null();
        }
    }
}

fn parse_schema() -> SchemaRef {
    let utf8 = |n: &str| Field::new(n, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::Int64, false),
        utf8("id"),
        utf8("resume"),
        utf8("name"),
        utf8("email"),
        utf8("phone"),
        Field::new("years_experience", DataType::Float64, true),
        Field::new(
            "skills",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
        utf8("warnings"),
        utf8("error_code"),
        utf8("error"),
    ]))
}

/// `parse_resumes(table, column, id_column, options_json, progress)` → a stream capsule with
/// one row per input row (see `interviewkit.batch.parse_resumes`).
#[pyfunction]
#[pyo3(signature = (table, column, id_column, options, progress=None))]
pub(crate) fn batch_parse_resumes<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyAny>,
    column: &str,
    id_column: Option<&str>,
    options: &str,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    let options: Value = serde_json::from_str(options)
        .map_err(|e| to_py_err(py, &invalid("options", format!("a JSON object ({e})"))))?;
    let parser = Parser::from_options(&options).map_err(|e| to_py_err(py, &e))?;
    let schema = parse_schema();
    in_chunks(table, progress.as_ref(), schema, |chunk, row0, schema| {
        parse_chunk(&parser, chunk, column, id_column, row0, schema)
    })
}

/// Imports `table`, runs `work(chunk, first_row, schema)` on each slice of at most [`CHUNK`]
/// rows with the GIL released, reports progress after each, and exports the results.
fn in_chunks<'py>(
    table: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
    schema: SchemaRef,
    work: impl Fn(&RecordBatch, usize, &SchemaRef) -> Result<RecordBatch> + Sync,
) -> PyResult<Bound<'py, PyCapsule>> {
    let py = table.py();
    let mut out = Vec::new();
    each_chunk(table, progress, |chunk, row0| {
        out.push(work(chunk, row0, &schema)?);
        Ok(())
    })?;
    export(py, schema, out)
}

/// Imports `table` and runs `work(chunk, first_row)` on each slice of at most [`CHUNK`] rows
/// with the GIL released, reporting progress after each.
fn each_chunk<'py>(
    table: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
    mut work: impl FnMut(&RecordBatch, usize) -> Result<()> + Send,
) -> PyResult<()> {
    let py = table.py();
    let reader = import(table)?;
    let mut row0 = 0usize;
    for batch in reader {
        let batch = batch.map_err(|e| to_py_err(py, &arrow_err(e)))?;
        let mut start = 0;
        while start < batch.num_rows() {
            let len = CHUNK.min(batch.num_rows() - start);
            let chunk = batch.slice(start, len);
            py.detach(|| guarded(|| work(&chunk, row0)))
                .map_err(|e| to_py_err(py, &e))?;
            row0 += len;
            start += len;
            report(progress, len)?;
        }
    }
    Ok(())
}

fn parse_chunk(
    parser: &Parser,
    chunk: &RecordBatch,
    column: &str,
    id_column: Option<&str>,
    row0: usize,
    schema: &SchemaRef,
) -> Result<RecordBatch> {
    let docs = TextColumn::of(chunk, column)?;
    let ids = id_column.map(|c| TextColumn::of(chunk, c)).transpose()?;
    let n = chunk.num_rows();
    let documents: Vec<Option<&[u8]>> = (0..n).map(|i| docs.bytes(i)).collect();
    let id_values: Vec<Option<&str>> = match &ids {
        Some(c) => (0..n).map(|i| c.text(i)).collect(),
        None => Vec::new(),
    };
    let results = batch::parse_resumes(parser, &documents, &id_values)?;

    let mut row = Int64Builder::with_capacity(n);
    let mut id = StringBuilder::new();
    let mut resume = StringBuilder::new();
    let (mut name, mut email, mut phone) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut years = Float64Builder::with_capacity(n);
    let mut skills = ListBuilder::new(StringBuilder::new());
    let mut warnings = StringBuilder::new();
    let (mut code, mut message) = (StringBuilder::new(), StringBuilder::new());
    for (i, r) in results.iter().enumerate() {
        row.append_value(i64::try_from(row0 + i).unwrap_or(i64::MAX));
        match r {
            Ok(p) => {
                let res = &p.resume;
                id.append_option(res.id.as_deref().or(id_values.get(i).copied().flatten()));
                resume.append_value(
                    serde_json::to_string(res).map_err(|e| Error::Internal(e.to_string()))?,
                );
                name.append_option(res.basics.name.as_deref());
                email.append_option(res.basics.email.as_deref());
                phone.append_option(res.basics.phone.as_deref());
                years.append_option(
                    res.extra
                        .get("total_experience_years")
                        .and_then(Value::as_f64),
                );
                for s in &res.skills {
                    skills
                        .values()
                        .append_value(s.taxonomy_id.as_deref().unwrap_or(&s.name));
                }
                skills.append(true);
                warnings.append_value(
                    serde_json::to_string(&p.warnings)
                        .map_err(|e| Error::Internal(e.to_string()))?,
                );
                error_columns(&mut code, &mut message, None);
            }
            Err(e) => {
                id.append_option(id_values.get(i).copied().flatten());
                resume.append_null();
                name.append_null();
                email.append_null();
                phone.append_null();
                years.append_null();
                skills.append(false);
                warnings.append_null();
                error_columns(&mut code, &mut message, Some(e));
            }
        }
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(row.finish()),
        Arc::new(id.finish()),
        Arc::new(resume.finish()),
        Arc::new(name.finish()),
        Arc::new(email.finish()),
        Arc::new(phone.finish()),
        Arc::new(years.finish()),
        Arc::new(skills.finish()),
        Arc::new(warnings.finish()),
        Arc::new(code.finish()),
        Arc::new(message.finish()),
    ];
    RecordBatch::try_new(Arc::clone(schema), columns)
        .map_err(|e| Error::Internal(format!("building the result batch: {e}")))
}

fn screen_schema() -> SchemaRef {
    let utf8 = |n: &str| Field::new(n, DataType::Utf8, true);
    let list = |n: &str| {
        Field::new(
            n,
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        )
    };
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::Int64, false),
        utf8("id"),
        utf8("job_id"),
        Field::new("score", DataType::Float64, true),
        Field::new("knockout_passed", DataType::Boolean, true),
        list("failed_knockouts"),
        list("matched_skills"),
        list("missing_skills"),
        utf8("explanation"),
        utf8("error_code"),
        utf8("error"),
    ]))
}

/// `screen(table, column, id_column, request_json, as_resume_json, explain, progress)` → a
/// stream capsule with one row per resume and job (one row with the error for a bad resume).
#[pyfunction]
#[pyo3(signature = (table, column, id_column, request, resume_json, explain, top=None, progress=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn batch_screen<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyAny>,
    column: &str,
    id_column: Option<&str>,
    request: &str,
    resume_json: bool,
    explain: bool,
    top: Option<usize>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    let request: Value = serde_json::from_str(request)
        .map_err(|e| to_py_err(py, &invalid("request", format!("a JSON object ({e})"))))?;
    let screener = Screener::from_request(&request).map_err(|e| to_py_err(py, &e))?;
    let job_ids = screener.job_ids();
    let shape = Shape {
        column,
        id_column,
        resume_json,
        explain,
    };
    let Some(k) = top else {
        return in_chunks(
            table,
            progress.as_ref(),
            screen_schema(),
            |chunk, row0, schema| screen_chunk(&screener, &job_ids, chunk, &shape, row0, schema),
        );
    };
    // Each job's best K in a bounded heap across chunks: memory stays at K rows per job plus
    // one chunk, whatever the length of the table. Error rows come after the kept rows.
    let mut kept: TopK<(i64, usize, MatchResult)> = TopK::new(k);
    let mut errors: Vec<(i64, Option<String>, Error)> = Vec::new();
    each_chunk(table, progress.as_ref(), |chunk, row0| {
        let (rows, id_values) = screen_inputs(chunk, &shape)?;
        screener.screen_blocks(&rows, &id_values, |first, results| {
            for (k, r) in results.into_iter().enumerate() {
                let i = first + k;
                let row = i64::try_from(row0 + i).unwrap_or(i64::MAX);
                match r {
                    Ok(per_job) => {
                        for (j, (job, m)) in job_ids.iter().zip(per_job).enumerate() {
                            if m.knockout_passed {
                                let (score, id) = (m.total, m.id.clone());
                                kept.offer(job, score, &id, row.unsigned_abs(), (row, j, m));
                            }
                        }
                    }
                    Err(e) => {
                        let id = id_values.get(i).copied().flatten().map(str::to_string);
                        errors.push((row, id, e));
                    }
                }
            }
            Ok::<(), Error>(())
        })
    })?;
    let schema = screen_schema();
    let built = guarded(|| {
        let mut b = ScreenBuilders::new();
        for (row, j, m) in kept.into_rows() {
            let job = job_ids.get(j).map_or("", String::as_str);
            b.pair(row, job, &m, explain)?;
        }
        for (row, id, e) in &errors {
            b.error(*row, id.as_deref(), e);
        }
        RecordBatch::try_new(Arc::clone(&schema), b.finish())
            .map_err(|e| Error::Internal(format!("building the result batch: {e}")))
    })
    .map_err(|e| to_py_err(py, &e))?;
    export(py, schema, vec![built])
}

struct Shape<'a> {
    column: &'a str,
    id_column: Option<&'a str>,
    resume_json: bool,
    explain: bool,
}

/// A chunk's resumes and ids as the screener takes them.
fn screen_inputs<'a>(
    chunk: &'a RecordBatch,
    shape: &Shape<'_>,
) -> Result<(Vec<ResumeInput<'a>>, Vec<Option<&'a str>>)> {
    let docs = TextColumn::of(chunk, shape.column)?;
    let ids = shape
        .id_column
        .map(|c| TextColumn::of(chunk, c))
        .transpose()?;
    let n = chunk.num_rows();
    let rows: Vec<ResumeInput<'_>> = (0..n)
        .map(|i| match (shape.resume_json, docs.is_text()) {
            (true, _) => docs
                .text(i)
                .map_or(ResumeInput::Missing, ResumeInput::ResumeJson),
            (false, true) => docs.text(i).map_or(ResumeInput::Missing, ResumeInput::Text),
            (false, false) => docs
                .bytes(i)
                .map_or(ResumeInput::Missing, ResumeInput::Bytes),
        })
        .collect();
    let id_values: Vec<Option<&str>> = match &ids {
        Some(c) => (0..n).map(|i| c.text(i)).collect(),
        None => Vec::new(),
    };
    Ok((rows, id_values))
}

fn screen_chunk(
    screener: &Screener,
    job_ids: &[String],
    chunk: &RecordBatch,
    shape: &Shape<'_>,
    row0: usize,
    schema: &SchemaRef,
) -> Result<RecordBatch> {
    let (rows, id_values) = screen_inputs(chunk, shape)?;
    let mut b = ScreenBuilders::new();
    screener.screen_blocks(&rows, &id_values, |first, results| {
        for (k, r) in results.iter().enumerate() {
            let i = first + k;
            let row = i64::try_from(row0 + i).unwrap_or(i64::MAX);
            match r {
                Ok(per_job) => {
                    for (job, m) in job_ids.iter().zip(per_job) {
                        b.pair(row, job, m, shape.explain)?;
                    }
                }
                Err(e) => b.error(row, id_values.get(i).copied().flatten(), e),
            }
        }
        Ok::<(), Error>(())
    })?;
    RecordBatch::try_new(Arc::clone(schema), b.finish())
        .map_err(|e| Error::Internal(format!("building the result batch: {e}")))
}

struct ScreenBuilders {
    row: Int64Builder,
    id: StringBuilder,
    job: StringBuilder,
    score: Float64Builder,
    passed: BooleanBuilder,
    failed: ListBuilder<StringBuilder>,
    matched: ListBuilder<StringBuilder>,
    missing: ListBuilder<StringBuilder>,
    explanation: StringBuilder,
    code: StringBuilder,
    message: StringBuilder,
}

impl ScreenBuilders {
    fn new() -> ScreenBuilders {
        ScreenBuilders {
            row: Int64Builder::new(),
            id: StringBuilder::new(),
            job: StringBuilder::new(),
            score: Float64Builder::new(),
            passed: BooleanBuilder::new(),
            failed: ListBuilder::new(StringBuilder::new()),
            matched: ListBuilder::new(StringBuilder::new()),
            missing: ListBuilder::new(StringBuilder::new()),
            explanation: StringBuilder::new(),
            code: StringBuilder::new(),
            message: StringBuilder::new(),
        }
    }

    fn pair(&mut self, row: i64, job: &str, m: &MatchResult, explain: bool) -> Result<()> {
        self.row.append_value(row);
        self.id.append_value(&m.id);
        self.job.append_value(job);
        self.score.append_value(m.total);
        self.passed.append_value(m.knockout_passed);
        for k in m.knockouts.iter().filter(|k| !k.passed) {
            self.failed.values().append_value(&k.id);
        }
        self.failed.append(true);
        for s in &m.explanation.matched {
            self.matched.values().append_value(&s.id);
        }
        self.matched.append(true);
        for s in &m.explanation.missing {
            self.missing.values().append_value(&s.id);
        }
        self.missing.append(true);
        if explain {
            self.explanation.append_value(
                serde_json::to_string(m).map_err(|e| Error::Internal(e.to_string()))?,
            );
        } else {
            self.explanation.append_null();
        }
        error_columns(&mut self.code, &mut self.message, None);
        Ok(())
    }

    fn error(&mut self, row: i64, id: Option<&str>, e: &Error) {
        self.row.append_value(row);
        self.id.append_option(id);
        self.job.append_null();
        self.score.append_null();
        self.passed.append_null();
        self.failed.append(false);
        self.matched.append(false);
        self.missing.append(false);
        self.explanation.append_null();
        error_columns(&mut self.code, &mut self.message, Some(e));
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.row.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.job.finish()),
            Arc::new(self.score.finish()),
            Arc::new(self.passed.finish()),
            Arc::new(self.failed.finish()),
            Arc::new(self.matched.finish()),
            Arc::new(self.missing.finish()),
            Arc::new(self.explanation.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.message.finish()),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Typed columns: potential prediction and audit
// ---------------------------------------------------------------------------------------------

fn predict_schema() -> SchemaRef {
    let utf8 = |n: &str| Field::new(n, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::Int64, false),
        utf8("id"),
        Field::new("probability", DataType::Float64, true),
        Field::new("margin", DataType::Float64, true),
        utf8("contributions"),
        Field::new(
            "warnings",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
        utf8("error_code"),
        utf8("error"),
    ]))
}

/// `predict_potential(table, model_json, id_column, top, progress)` → a stream capsule with one
/// row per input row (see `interviewkit.batch.predict_potential`).
#[pyfunction]
#[pyo3(signature = (table, model, id_column, top, progress=None))]
pub(crate) fn batch_predict_potential<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyAny>,
    model: &str,
    id_column: Option<&str>,
    top: usize,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    let model: Value = serde_json::from_str(model)
        .map_err(|e| to_py_err(py, &invalid("model", format!("model JSON ({e})"))))?;
    let predictor = Predictor::from_value(&model).map_err(|e| to_py_err(py, &e))?;
    in_chunks(
        table,
        progress.as_ref(),
        predict_schema(),
        |chunk, row0, schema| predict_chunk(&predictor, chunk, id_column, top, row0, schema),
    )
}

fn predict_chunk(
    predictor: &Predictor,
    chunk: &RecordBatch,
    id_column: Option<&str>,
    top: usize,
    row0: usize,
    schema: &SchemaRef,
) -> Result<RecordBatch> {
    let id_column = id_column.or_else(|| {
        predictor
            .model()
            .id_column
            .as_deref()
            .filter(|c| chunk.column_by_name(c).is_some())
    });
    let features = predictor.features();
    let arrays = features
        .iter()
        .map(|f| column(chunk, f))
        .collect::<Result<Vec<_>>>()?;
    let columns = arrays
        .iter()
        .zip(&features)
        .map(|(a, f)| cells(a, f))
        .collect::<Result<Vec<_>>>()?;
    let ids = match id_column {
        Some(c) => cells(column(chunk, c)?, c)?,
        None => Vec::new(),
    };
    let refs: Vec<&[Cell<'_>]> = columns.iter().map(Vec::as_slice).collect();
    let results = predictor.predict(&refs, row0, top)?;

    let n = results.len();
    let mut row = Int64Builder::with_capacity(n);
    let mut id = StringBuilder::new();
    let mut probability = Float64Builder::with_capacity(n);
    let mut margin = Float64Builder::with_capacity(n);
    let mut contributions = StringBuilder::new();
    let mut warnings = ListBuilder::new(StringBuilder::new());
    let (mut code, mut message) = (StringBuilder::new(), StringBuilder::new());
    for (i, r) in results.iter().enumerate() {
        row.append_value(i64::try_from(row0 + i).unwrap_or(i64::MAX));
        id.append_option(ids.get(i).copied().and_then(id_text));
        match r {
            Ok(p) => {
                probability.append_value(p.probability);
                margin.append_value(p.margin);
                if top > 0 {
                    let list: Vec<Value> = p
                        .contributions
                        .iter()
                        .map(|c| {
                            serde_json::json!({"feature": c.feature, "value": c.value,
                                               "contribution": c.contribution})
                        })
                        .collect();
                    contributions.append_value(Value::Array(list).to_string());
                } else {
                    contributions.append_null();
                }
                for w in &p.warnings {
                    warnings.values().append_value(w);
                }
                warnings.append(true);
                error_columns(&mut code, &mut message, None);
            }
            Err(e) => {
                probability.append_null();
                margin.append_null();
                contributions.append_null();
                warnings.append(false);
                error_columns(&mut code, &mut message, Some(e));
            }
        }
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(row.finish()),
        Arc::new(id.finish()),
        Arc::new(probability.finish()),
        Arc::new(margin.finish()),
        Arc::new(contributions.finish()),
        Arc::new(warnings.finish()),
        Arc::new(code.finish()),
        Arc::new(message.finish()),
    ];
    RecordBatch::try_new(Arc::clone(schema), columns)
        .map_err(|e| Error::Internal(format!("building the result batch: {e}")))
}

/// `audit(table, request_json, progress)` → the audit report as JSON text, with `row_errors`
/// (see `interviewkit.batch.audit`).
#[pyfunction]
#[pyo3(signature = (table, request, progress=None))]
pub(crate) fn batch_audit<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyAny>,
    request: &str,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<String> {
    let request: Value = serde_json::from_str(request)
        .map_err(|e| to_py_err(py, &invalid("request", format!("a JSON object ({e})"))))?;
    let mut audit = AuditBatch::from_request(&request).map_err(|e| to_py_err(py, &e))?;
    let names: Vec<String> = audit.columns().iter().map(|s| s.to_string()).collect();
    each_chunk(table, progress.as_ref(), |chunk, _| {
        let arrays = names
            .iter()
            .map(|c| column(chunk, c))
            .collect::<Result<Vec<_>>>()?;
        let columns = arrays
            .iter()
            .zip(&names)
            .map(|(a, c)| cells(a, c))
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<&[Cell<'_>]> = columns.iter().map(Vec::as_slice).collect();
        audit.push(&refs)
    })?;
    let outcome = py
        .detach(|| guarded(|| audit.finish()))
        .map_err(|e| to_py_err(py, &e))?;
    let mut report = serde_json::to_value(&outcome.report)
        .map_err(|e| to_py_err(py, &Error::Internal(e.to_string())))?;
    let errors: Vec<Value> = outcome
        .row_errors
        .iter()
        .map(|r| {
            serde_json::json!({"row": r.row, "column": r.column,
                               "error_code": r.error.code().name(), "error": r.error.to_string()})
        })
        .collect();
    if let Some(obj) = report.as_object_mut() {
        obj.insert("row_errors".into(), Value::Array(errors));
    }
    Ok(report.to_string())
}
