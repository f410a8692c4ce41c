//! `batch predict|audit`: typed tables (employees, decisions) streamed from JSON lines or
//! Parquet into potential prediction and the adverse-impact audit.
//!
//! Owns: reading the named columns of any supported type a chunk at a time, JSON values and
//! Arrow arrays alike turned into [`Cell`]s, and the rows that cannot even give their cells (a
//! line that is not a JSON object, a list where a value belongs) reported as row errors.
//! Must not touch: the arithmetic ([`Predictor`] and [`AuditBatch`] in the core).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use interviewkit_arrow::{cells, column, id_text, is_cell_type};
use interviewkit_core::audit::{render, Format as AuditFormat};
use interviewkit_core::batch::{AuditBatch, Cell, Prediction, Predictor};
use interviewkit_core::Error;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;
use serde_json::{json, Map, Value};

use super::{
    check_codecs, check_distinct, error_columns, error_pair, failure, format_of, internal, invalid,
    io_failure, row_index, string_list, Failure, Format, Output, Progress, Stats,
};

/// An open typed input, read a chunk at a time.
enum TableInput {
    Lines {
        source: Box<dyn BufRead>,
        name: String,
        chunk: usize,
        line: usize,
        done: bool,
    },
    Parquet {
        reader: ParquetRecordBatchReader,
        name: String,
        total: u64,
        /// The optional columns the file has.
        present: Vec<String>,
    },
}

/// A JSON line: its number and its object, or why it is not one.
type Line = (usize, Result<Map<String, Value>, Error>);

/// One chunk: JSON lines or a record batch.
enum TableChunk {
    Lines(Vec<Line>),
    Batch(RecordBatch),
}

impl TableInput {
    /// Opens `path`; `required` columns must be in a Parquet file, `optional` ones are read when
    /// there.
    fn open(
        path: &str,
        required: &[String],
        optional: &[String],
        chunk: usize,
    ) -> Result<TableInput, Failure> {
        match format_of(path)? {
            Format::Lines => {
                let source: Box<dyn BufRead> = if path == "-" {
                    Box::new(BufReader::new(std::io::stdin()))
                } else {
                    Box::new(BufReader::new(
                        File::open(path).map_err(|e| io_failure(path, e))?,
                    ))
                };
                Ok(TableInput::Lines {
                    source,
                    name: crate::name_of(path).to_string(),
                    chunk,
                    line: 0,
                    done: false,
                })
            }
            Format::Parquet => open_parquet(path, required, optional, chunk),
        }
    }

    fn total(&self) -> Option<u64> {
        match self {
            TableInput::Lines { .. } => None,
            TableInput::Parquet { total, .. } => Some(*total),
        }
    }

    /// Is the optional column `name` in the input? (Always "maybe" for JSON lines.)
    fn has(&self, name: &str) -> bool {
        match self {
            TableInput::Lines { .. } => true,
            TableInput::Parquet { present, .. } => present.iter().any(|p| p == name),
        }
    }

    fn next_chunk(&mut self) -> Result<Option<TableChunk>, Failure> {
        match self {
            TableInput::Lines {
                source,
                name,
                chunk,
                line,
                done,
            } => {
                let mut rows = Vec::new();
                let mut buf = Vec::new();
                while !*done && rows.len() < *chunk {
                    buf.clear();
                    let n = source
                        .read_until(b'\n', &mut buf)
                        .map_err(|e| io_failure(name, e))?;
                    if n == 0 {
                        *done = true;
                        break;
                    }
                    *line += 1;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    rows.push((*line, object_on_line(&buf, *line)));
                }
                Ok((!rows.is_empty()).then_some(TableChunk::Lines(rows)))
            }
            TableInput::Parquet { reader, name, .. } => loop {
                match reader.next() {
                    None => return Ok(None),
                    Some(Err(e)) => {
                        return Err(failure(
                            name,
                            invalid("input", format!("a readable Parquet file ({e})")),
                        ))
                    }
                    Some(Ok(batch)) if batch.num_rows() == 0 => continue,
                    Some(Ok(batch)) => return Ok(Some(TableChunk::Batch(batch))),
                }
            },
        }
    }
}

fn object_on_line(bytes: &[u8], line: usize) -> Result<Map<String, Value>, Error> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(invalid(
            &format!("line {line}"),
            "a JSON object on the line",
        )),
        Err(e) => Err(invalid(
            &format!("line {line}"),
            format!("a JSON object on the line ({e})"),
        )),
    }
}

fn open_parquet(
    path: &str,
    required: &[String],
    optional: &[String],
    chunk: usize,
) -> Result<TableInput, Failure> {
    let file = File::open(path).map_err(|e| io_failure(path, e))?;
    let bad_file = |e: &dyn std::fmt::Display| {
        failure(
            path,
            invalid("input", format!("a readable Parquet file ({e})")),
        )
    };
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| bad_file(&e))?;
    let schema = builder.schema().clone();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let mut roots = Vec::new();
    let mut present = Vec::new();
    for (name, needed) in required
        .iter()
        .map(|n| (n, true))
        .chain(optional.iter().map(|n| (n, false)))
    {
        let Some((i, field)) = schema.column_with_name(name) else {
            if needed {
                return Err(failure(
                    path,
                    invalid(
                        name,
                        format!("a column of the file; it has: {}", names.join(", ")),
                    ),
                ));
            }
            continue;
        };
        if !is_cell_type(field.data_type()) {
            return Err(failure(
                path,
                invalid(
                    name,
                    format!(
                        "a string, integer, float, boolean or dictionary column; it is {}",
                        field.data_type()
                    ),
                ),
            ));
        }
        if !roots.contains(&i) {
            roots.push(i);
        }
        present.push(name.clone());
    }
    let wanted: Vec<&str> = present.iter().map(String::as_str).collect();
    check_codecs(builder.metadata(), &wanted, path)?;
    let total = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(chunk)
        .build()
        .map_err(|e| bad_file(&e))?;
    Ok(TableInput::Parquet {
        reader,
        name: path.to_string(),
        total,
        present,
    })
}

/// A JSON value as a cell; arrays and objects are not cells.
fn value_cell(v: Option<&Value>) -> Option<Cell<'_>> {
    Some(match v {
        None | Some(Value::Null) => Cell::Missing,
        Some(Value::Bool(b)) => Cell::Bool(*b),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
        },
        Some(Value::String(s)) => Cell::Text(s),
        Some(Value::Array(_) | Value::Object(_)) => return None,
    })
}

/// A chunk's cells: one column per name, and per row the error that stops it being read at
/// all (with the column it concerns).
struct ChunkCells<'a> {
    columns: Vec<Vec<Cell<'a>>>,
    blocked: Vec<Option<(String, Error)>>,
}

impl TableChunk {
    fn cells<'a>(&'a self, names: &[String], source: &str) -> Result<ChunkCells<'a>, Failure> {
        match self {
            TableChunk::Lines(rows) => {
                let mut columns: Vec<Vec<Cell<'a>>> =
                    vec![Vec::with_capacity(rows.len()); names.len()];
                let mut blocked = Vec::with_capacity(rows.len());
                for (line, row) in rows {
                    let mut stop = None;
                    match row {
                        Err(e) => stop = Some((String::new(), own(e))),
                        Ok(obj) => {
                            for (c, name) in names.iter().enumerate() {
                                let cell = value_cell(obj.get(name)).unwrap_or_else(|| {
                                    stop.get_or_insert_with(|| {
                                        (
                                            name.clone(),
                                            invalid(
                                                &format!("line {line}: /{name}"),
                                                "a string, number, boolean or null",
                                            ),
                                        )
                                    });
                                    Cell::Missing
                                });
                                if let Some(col) = columns.get_mut(c) {
                                    col.push(cell);
                                }
                            }
                        }
                    }
                    if row.is_err() {
                        for col in &mut columns {
                            col.push(Cell::Missing);
                        }
                    }
                    blocked.push(stop);
                }
                Ok(ChunkCells { columns, blocked })
            }
            TableChunk::Batch(batch) => {
                let columns = names
                    .iter()
                    .map(|n| match batch.column_by_name(n) {
                        Some(_) => column(batch, n).and_then(|a| cells(a, n)),
                        None => Ok(vec![Cell::Missing; batch.num_rows()]),
                    })
                    .collect::<Result<Vec<_>, Error>>()
                    .map_err(|e| failure(source, e))?;
                Ok(ChunkCells {
                    columns,
                    blocked: (0..batch.num_rows()).map(|_| None).collect(),
                })
            }
        }
    }
}

fn own(e: &Error) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => invalid(name, expected.clone()),
        other => Error::Internal(other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// predict

/// One output row of `batch predict`.
struct PredictRow {
    row: i64,
    id: Option<String>,
    result: Result<Prediction, Error>,
}

/// `batch predict`: potential for every row of a table.
pub(super) fn predict(
    model: &str,
    input: &str,
    output: &str,
    id_column: Option<String>,
    top: usize,
    chunk: usize,
    no_progress: bool,
) -> Result<bool, Failure> {
    let predictor =
        Predictor::from_value(&crate::read_json(model)?).map_err(|e| failure(model, e))?;
    let features: Vec<String> = predictor.features().iter().map(|s| s.to_string()).collect();
    let explicit_id = id_column.is_some();
    let id = id_column.or_else(|| predictor.model().id_column.clone());
    check_distinct(input, output)?;
    let required: Vec<String> = features
        .iter()
        .cloned()
        .chain(id.iter().filter(|_| explicit_id).cloned())
        .collect();
    let optional: Vec<String> = id.iter().filter(|_| !explicit_id).cloned().collect();
    let mut reader = TableInput::open(input, &required, &optional, chunk)?;
    let id = id.filter(|c| reader.has(c));
    let mut names = features.clone();
    names.extend(id.iter().cloned());
    let mut writer = Output::create(output, predict_schema())?;
    let progress = Progress::new(reader.total(), no_progress);
    let mut stats = Stats::default();
    while let Some(chunk) = reader.next_chunk()? {
        let cells = chunk.cells(&names, input)?;
        let n = cells.blocked.len();
        let refs: Vec<&[Cell<'_>]> = cells
            .columns
            .iter()
            .take(features.len())
            .map(Vec::as_slice)
            .collect();
        let results = predictor
            .predict(&refs, stats.rows, top)
            .map_err(|e| failure(input, e))?;
        let ids = id.as_ref().and_then(|_| cells.columns.get(features.len()));
        let rows: Vec<PredictRow> = results
            .into_iter()
            .zip(cells.blocked)
            .enumerate()
            .map(|(i, (r, stop))| PredictRow {
                row: row_index(stats.rows + i),
                id: ids.and_then(|c| c.get(i)).copied().and_then(id_text),
                result: match stop {
                    Some((_, e)) => Err(e),
                    None => r,
                },
            })
            .collect();
        stats.add(n, rows.iter().filter(|r| r.result.is_err()).count());
        writer.write(
            &rows,
            |r| predict_json(r, top),
            |rows| predict_batch(rows, top),
        )?;
        progress.inc(n);
    }
    writer.finish()?;
    progress.done("batch predict", &stats);
    Ok(true)
}

fn contributions(p: &Prediction) -> Value {
    Value::Array(
        p.contributions
            .iter()
            .map(
                |c| json!({"feature": c.feature, "value": c.value, "contribution": c.contribution}),
            )
            .collect(),
    )
}

fn predict_json(r: &PredictRow, top: usize) -> Value {
    let (code, message) = error_pair(r.result.as_ref().err());
    let ok = r.result.as_ref().ok();
    json!({
        "row": r.row,
        "id": r.id,
        "probability": ok.map(|p| p.probability),
        "margin": ok.map(|p| p.margin),
        "contributions": ok.filter(|_| top > 0).map(contributions),
        "warnings": ok.map(|p| p.warnings.clone()),
        "error_code": code,
        "error": message,
    })
}

fn predict_schema() -> SchemaRef {
    let utf8 = |n: &str| Field::new(n, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::Int64, false),
        utf8("id"),
        Field::new("probability", DataType::Float64, true),
        Field::new("margin", DataType::Float64, true),
        utf8("contributions"),
        string_list("warnings"),
        utf8("error_code"),
        utf8("error"),
    ]))
}

fn predict_batch(rows: &[PredictRow], top: usize) -> Result<RecordBatch, Error> {
    let mut row = Int64Builder::with_capacity(rows.len());
    let mut id = StringBuilder::new();
    let mut probability = Float64Builder::with_capacity(rows.len());
    let mut margin = Float64Builder::with_capacity(rows.len());
    let mut contrib = StringBuilder::new();
    let mut warnings = ListBuilder::new(StringBuilder::new());
    let (mut code, mut message) = (StringBuilder::new(), StringBuilder::new());
    for r in rows {
        row.append_value(r.row);
        id.append_option(r.id.as_deref());
        match &r.result {
            Ok(p) => {
                probability.append_value(p.probability);
                margin.append_value(p.margin);
                if top > 0 {
                    contrib.append_value(contributions(p).to_string());
                } else {
                    contrib.append_null();
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
                contrib.append_null();
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
        Arc::new(contrib.finish()),
        Arc::new(warnings.finish()),
        Arc::new(code.finish()),
        Arc::new(message.finish()),
    ];
    RecordBatch::try_new(predict_schema(), columns).map_err(|e| internal_arrow(&e))
}

fn internal_arrow(e: &dyn std::fmt::Display) -> Error {
    Error::Internal(format!("building the result batch: {e}"))
}

// ---------------------------------------------------------------------------------------------
// audit

/// `batch audit`: the adverse-impact audit of a whole table.
pub(super) fn audit(
    request: Value,
    input: &str,
    output: Option<&str>,
    format: AuditFormat,
    chunk: usize,
    no_progress: bool,
) -> Result<bool, Failure> {
    let mut batch = AuditBatch::from_request(&request).map_err(|e| failure("request", e))?;
    let names: Vec<String> = batch.columns().iter().map(|s| s.to_string()).collect();
    if let Some(out) = output {
        check_distinct(input, out)?;
    }
    let mut reader = TableInput::open(input, &names, &[], chunk)?;
    let progress = Progress::new(reader.total(), no_progress);
    let mut stats = Stats::default();
    while let Some(chunk) = reader.next_chunk()? {
        let cells = chunk.cells(&names, input)?;
        let n = cells.blocked.len();
        // Runs of readable rows go in together; a blocked row is skipped where it stands.
        let mut start = 0;
        for (i, stop) in cells
            .blocked
            .into_iter()
            .enumerate()
            .chain(std::iter::once((n, None)))
        {
            let end_of_run = i == n || stop.is_some();
            if end_of_run && start < i {
                let part: Vec<&[Cell<'_>]> = cells
                    .columns
                    .iter()
                    .map(|c| c.get(start..i).unwrap_or_default())
                    .collect();
                batch.push(&part).map_err(|e| failure(input, e))?;
            }
            if let Some((column, e)) = stop {
                batch.skip(&column, e);
                start = i + 1;
            } else if i == n {
                start = n;
            }
        }
        stats.add(n, 0);
        progress.inc(n);
    }
    let outcome = batch.finish().map_err(|e| failure(input, e))?;
    stats.errors = outcome.row_errors.len();
    let text = match format {
        AuditFormat::Json => {
            let mut report =
                serde_json::to_value(&outcome.report).map_err(|e| failure(input, internal(e)))?;
            let errors: Vec<Value> = outcome
                .row_errors
                .iter()
                .map(|r| {
                    json!({"row": r.row, "column": r.column,
                           "error_code": r.error.code().name(), "error": r.error.to_string()})
                })
                .collect();
            if let Some(obj) = report.as_object_mut() {
                obj.insert("row_errors".into(), Value::Array(errors));
            }
            let mut s =
                serde_json::to_string_pretty(&report).map_err(|e| failure(input, internal(e)))?;
            s.push('\n');
            s
        }
        other => render(&outcome.report, other),
    };
    match output {
        None | Some("-") => print!("{text}"),
        Some(path) => std::fs::write(path, text).map_err(|e| io_failure(path, e))?,
    }
    progress.done("batch audit", &stats);
    Ok(true)
}
