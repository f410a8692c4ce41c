//! `batch parse|screen`: resumes streamed through the core in chunks, from JSON lines or Parquet
//! to JSON lines or Parquet (issue #10).
//!
//! Owns: reading an input file chunk by chunk (`--chunk` rows at a time, never the whole file),
//! turning each chunk's rows into the core's batch calls ([`interviewkit_core::batch`]), writing
//! one output row per input row (per input row and job for `screen`), `--top` through a bounded
//! heap per job, the progress bar and the summary line on stderr.
//! Must not touch: parsing or scoring (the core does both; a row's numbers are those of `parse`
//! and `match` for the same document), the other commands' output formats.
//!
//! The output columns are those of the Python face (`interviewkit.batch`): a bad row becomes a
//! row with `error_code` and `error` and never stops the run; a bad request (an unknown job
//! field, a missing input column) is an error exit before anything is written.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use interviewkit_arrow::{is_text_or_binary, TextColumn};
use interviewkit_core::batch::{self, ResumeInput, Screener, TopK};
use interviewkit_core::matching::{MatchResult, SkillOutcome};
use interviewkit_core::resume::{ParseOutcome, Parser};
use interviewkit_core::{json, Error};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::{Map, Value};

use super::{read_json, Failure};

mod tables;

/// Rows handed to the core at a time unless `--chunk` says otherwise.
const DEFAULT_CHUNK: &str = "8192";

/// `batch` subcommands.
#[derive(Subcommand)]
pub(crate) enum BatchCommand {
    /// Parse a column of resume documents: one row per input row (`row`, `id`, `resume`,
    /// `name`, `email`, `phone`, `years_experience`, `skills`, `warnings`, `error_code`,
    /// `error`).
    Parse {
        /// The input: `.jsonl`/`.ndjson` (JSON lines; `-` for stdin) or `.parquet`.
        #[arg(long)]
        input: String,
        /// The output: `.jsonl`/`.ndjson` (`-` for stdout) or `.parquet`.
        #[arg(long)]
        output: String,
        /// The column (JSON-lines field) holding each resume document.
        #[arg(long, default_value = "text")]
        column: String,
        /// A column (field) holding each row's resume id.
        #[arg(long)]
        id_column: Option<String>,
        /// Parse options as in `parse_resume_file`: a JSON file, or inline JSON (`{…}`).
        #[arg(long)]
        options: Option<String>,
        /// `YYYY-MM-DD`: what "present" (至今) means in the resumes.
        #[arg(long)]
        reference_date: Option<String>,
        /// Rows read and handed to the core at a time.
        #[arg(long, default_value = DEFAULT_CHUNK, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        chunk: u64,
        /// No progress bar (it is hidden anyway when stderr is not a terminal).
        #[arg(long)]
        no_progress: bool,
    },
    /// Screen a column of resumes against several jobs: one row per resume and job (`row`,
    /// `id`, `job_id`, `score`, `knockout_passed`, `failed_knockouts`, `matched_skills`,
    /// `missing_skills`, `explanation` with --explain, `error_code`, `error`); a bad resume gives one row.
    Screen {
        /// The jobs: a JSON file holding an array of jobs, or `{"jobs": [...], "weights"?,
        /// "reference_date"?, "taxonomy"?, "parse"?}`. A job is a JobProfile or `{"text",
        /// "id"?, "lang"?, "title"?}`.
        #[arg(long)]
        jobs: String,
        /// The input: `.jsonl`/`.ndjson` (JSON lines; `-` for stdin) or `.parquet`.
        #[arg(long)]
        input: String,
        /// The output: `.jsonl`/`.ndjson` (`-` for stdout) or `.parquet`.
        #[arg(long)]
        output: String,
        /// The column (JSON-lines field) holding each resume.
        #[arg(long, default_value = "text")]
        column: String,
        /// A column (field) holding each row's resume id.
        #[arg(long)]
        id_column: Option<String>,
        /// The column holds archive Resumes as JSON (`batch parse`'s `resume`) instead of
        /// documents.
        #[arg(long)]
        resume_json: bool,
        /// Keep only each job's best K rows that passed the knock-outs (and every error row).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        top: Option<u64>,
        /// Add the whole explained match result as an `explanation` column.
        #[arg(long)]
        explain: bool,
        /// `YYYY-MM-DD`: what "present" (至今) means in the resumes.
        #[arg(long)]
        reference_date: Option<String>,
        /// Component weights (JSON file `{COMPONENT: W}`).
        #[arg(long)]
        weights: Option<String>,
        /// Rows read and handed to the core at a time.
        #[arg(long, default_value = DEFAULT_CHUNK, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        chunk: u64,
        /// No progress bar (it is hidden anyway when stderr is not a terminal).
        #[arg(long)]
        no_progress: bool,
    },
    /// Predict potential for every row of a table (one column per model feature, of any
    /// string, integer, float, boolean or dictionary type): `row`, `id`, `probability`,
    /// `margin`, `contributions` (with --top), `warnings`, `error_code`, `error`.
    Predict {
        /// The model file (`potential fit --out`).
        #[arg(long)]
        model: String,
        /// The input: `.jsonl`/`.ndjson` (JSON lines; `-` for stdin) or `.parquet`.
        #[arg(long)]
        input: String,
        /// The output: `.jsonl`/`.ndjson` (`-` for stdout) or `.parquet`.
        #[arg(long)]
        output: String,
        /// A column holding each row's id (default: the model's id column, when present).
        #[arg(long)]
        id_column: Option<String>,
        /// How many feature contributions to give per row (0: none).
        #[arg(long, default_value_t = 0)]
        top: u64,
        /// Rows read and handed to the core at a time.
        #[arg(long, default_value = DEFAULT_CHUNK, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        chunk: u64,
        /// No progress bar (it is hidden anyway when stderr is not a terminal).
        #[arg(long)]
        no_progress: bool,
    },
    /// The adverse-impact audit of a whole table (as `audit`), read a chunk at a time; rows
    /// whose values cannot be read are left out and listed in `row_errors`.
    Audit {
        /// The input: `.jsonl`/`.ndjson` (JSON lines; `-` for stdin) or `.parquet`.
        #[arg(long)]
        input: String,
        /// Where to write the report (default: stdout).
        #[arg(long)]
        output: Option<String>,
        /// Group column(s), comma-separated; several give intersectional groups.
        #[arg(long, value_delimiter = ',', required = true)]
        group: Vec<String>,
        /// A 0/1 column: who was selected (selection rates).
        #[arg(long, conflicts_with = "score", required_unless_present = "score")]
        selected: Option<String>,
        /// A numeric column: scoring rates (share above the overall median).
        #[arg(long)]
        score: Option<String>,
        /// Report format: json (with `row_errors`), md or html.
        #[arg(long, default_value = "json", value_parser = ["json", "md", "html"])]
        format: String,
        /// Bootstrap resamples for confidence intervals (0: none).
        #[arg(long)]
        bootstrap: Option<u64>,
        /// Seed of the bootstrap.
        #[arg(long)]
        seed: Option<u64>,
        /// Share of rows below which a category is small (default 0.02).
        #[arg(long)]
        small_share: Option<f64>,
        /// `exclude` small categories from impact ratios (default) or only `flag` them.
        #[arg(long)]
        small_sample_policy: Option<String>,
        /// Rows read at a time.
        #[arg(long, default_value = DEFAULT_CHUNK, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        chunk: u64,
        /// No progress bar (it is hidden anyway when stderr is not a terminal).
        #[arg(long)]
        no_progress: bool,
    },
}

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn failure(source: &str, error: Error) -> Failure {
    Failure {
        source: source.to_string(),
        error,
    }
}

fn io_failure(path: &str, e: impl std::fmt::Display) -> Failure {
    failure(
        path,
        Error::Io {
            path: path.to_string(),
            message: e.to_string(),
        },
    )
}

fn chunk_size(chunk: u64) -> usize {
    usize::try_from(chunk).unwrap_or(batch::MAX_ROWS)
}

/// Runs a `batch` subcommand. Bad rows are output rows, so the status is 0 unless the request,
/// the input file or the output file fails.
pub(crate) fn run(command: BatchCommand) -> Result<bool, Failure> {
    match command {
        BatchCommand::Parse {
            input,
            output,
            column,
            id_column,
            options,
            reference_date,
            chunk,
            no_progress,
        } => {
            let mut opts = match options.as_deref() {
                None => Map::new(),
                Some(o) => match inline_or_file(o)? {
                    Value::Object(m) => m,
                    _ => {
                        return Err(failure(
                            o,
                            invalid("options", "a JSON object of parse_resume_file options"),
                        ))
                    }
                },
            };
            if let Some(d) = reference_date {
                opts.insert("reference_date".into(), d.into());
            }
            let parser =
                Parser::from_options(&Value::Object(opts)).map_err(|e| failure("--options", e))?;
            let cols = Columns {
                text: column,
                id: id_column,
                resume_json: false,
            };
            check_distinct(&input, &output)?;
            let mut reader = Input::open(&input, &cols, chunk_size(chunk))?;
            let mut writer = Output::create(&output, parse_schema())?;
            let progress = Progress::new(reader.total(), no_progress);
            let mut stats = Stats::default();
            while let Some(chunk) = reader.next_chunk()? {
                let cells = chunk.cells(false)?;
                let rows = parse_chunk(&parser, &cells, stats.rows);
                stats.add(
                    cells.len(),
                    rows.iter().filter(|r| r.outcome.is_err()).count(),
                );
                writer.write(&rows, parse_json, parse_batch)?;
                progress.inc(cells.len());
            }
            writer.finish()?;
            progress.done("batch parse", &stats);
            Ok(true)
        }
        BatchCommand::Screen {
            jobs,
            input,
            output,
            column,
            id_column,
            resume_json,
            top,
            explain,
            reference_date,
            weights,
            chunk,
            no_progress,
        } => {
            let mut request = jobs_request(&jobs)?;
            if let Some(d) = reference_date {
                request.insert("reference_date".into(), d.into());
            }
            if let Some(w) = weights {
                request.insert("weights".into(), read_json(&w)?);
            }
            let screener =
                Screener::from_request(&Value::Object(request)).map_err(|e| failure(&jobs, e))?;
            let job_ids = screener.job_ids();
            let cols = Columns {
                text: column,
                id: id_column,
                resume_json,
            };
            check_distinct(&input, &output)?;
            let mut reader = Input::open(&input, &cols, chunk_size(chunk))?;
            let mut writer = Output::create(&output, screen_schema(explain))?;
            let progress = Progress::new(reader.total(), no_progress);
            let mut stats = Stats::default();
            let mut best = top.map(|k| Top::new(usize::try_from(k).unwrap_or(usize::MAX)));
            while let Some(chunk) = reader.next_chunk()? {
                let cells = chunk.cells(resume_json)?;
                let mut errors = 0;
                screen_chunk(
                    &screener,
                    &job_ids,
                    &cells,
                    stats.rows,
                    resume_json,
                    |rows| {
                        errors += rows.iter().filter(|r| r.result.is_err()).count();
                        let rows = match &mut best {
                            Some(top) => top.offer(rows),
                            None => rows,
                        };
                        writer.write(
                            &rows,
                            |r| screen_json(r, explain),
                            |rows| screen_batch(rows, explain),
                        )
                    },
                )
                .map_err(|stop| match stop {
                    Stop::Core(e) => failure(&input, e),
                    Stop::Write(f) => f,
                })?;
                stats.add(cells.len(), errors);
                progress.inc(cells.len());
            }
            if let Some(top) = best {
                let rows = top.into_rows();
                writer.write(
                    &rows,
                    |r| screen_json(r, explain),
                    |rows| screen_batch(rows, explain),
                )?;
            }
            writer.finish()?;
            progress.done("batch screen", &stats);
            Ok(true)
        }
        BatchCommand::Predict {
            model,
            input,
            output,
            id_column,
            top,
            chunk,
            no_progress,
        } => tables::predict(
            &model,
            &input,
            &output,
            id_column,
            usize::try_from(top).unwrap_or(usize::MAX),
            chunk_size(chunk),
            no_progress,
        ),
        BatchCommand::Audit {
            input,
            output,
            group,
            selected,
            score,
            format,
            bootstrap,
            seed,
            small_share,
            small_sample_policy,
            chunk,
            no_progress,
        } => {
            let mut request = Map::new();
            request.insert(
                "group".into(),
                Value::Array(group.into_iter().map(Value::from).collect()),
            );
            if let Some(c) = selected {
                request.insert("selected".into(), c.into());
            }
            if let Some(c) = score {
                request.insert("score".into(), c.into());
            }
            let mut boot = Map::new();
            if let Some(n) = bootstrap {
                boot.insert("iterations".into(), n.into());
            }
            if let Some(n) = seed {
                boot.insert("seed".into(), n.into());
            }
            if !boot.is_empty() {
                request.insert("bootstrap".into(), Value::Object(boot));
            }
            if let Some(x) = small_share {
                request.insert("small_share".into(), x.into());
            }
            if let Some(p) = small_sample_policy {
                request.insert("small_sample_policy".into(), p.into());
            }
            let format = interviewkit_core::audit::Format::parse(&format)
                .unwrap_or(interviewkit_core::audit::Format::Json);
            tables::audit(
                Value::Object(request),
                &input,
                output.as_deref(),
                format,
                chunk_size(chunk),
                no_progress,
            )
        }
    }
}

/// `--options`: inline JSON when it starts with `{`, else a JSON file.
fn inline_or_file(arg: &str) -> Result<Value, Failure> {
    if arg.trim_start().starts_with('{') {
        json::parse(arg.as_bytes()).map_err(|e| failure("--options", e))
    } else {
        read_json(arg)
    }
}

/// The jobs file as a `Screener` request: an array of jobs, or an object with `jobs`.
fn jobs_request(path: &str) -> Result<Map<String, Value>, Failure> {
    match read_json(path)? {
        Value::Array(jobs) => {
            let mut m = Map::new();
            m.insert("jobs".into(), Value::Array(jobs));
            Ok(m)
        }
        Value::Object(m) if m.contains_key("jobs") => Ok(m),
        _ => Err(failure(
            path,
            invalid(
                "jobs",
                "a JSON array of jobs, or an object {\"jobs\": [...], \"weights\"?, \
                 \"reference_date\"?, \"taxonomy\"?, \"parse\"?}",
            ),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Input

/// The columns to read.
struct Columns {
    text: String,
    id: Option<String>,
    /// `screen --resume-json`: a JSON-lines value may be a Resume object.
    resume_json: bool,
}

/// Whether a path is JSON lines (`-` included) or Parquet, by its extension.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Lines,
    Parquet,
}

fn format_of(path: &str) -> Result<Format, Failure> {
    if path == "-" {
        return Ok(Format::Lines);
    }
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        Ok(Format::Lines)
    } else if lower.ends_with(".parquet") {
        Ok(Format::Parquet)
    } else {
        Err(failure(
            path,
            invalid(
                "format",
                "a file name ending in .jsonl or .ndjson (JSON lines), .parquet, or `-` (JSON \
                 lines on stdin/stdout)",
            ),
        ))
    }
}

/// Refuses to write over the input (it would be truncated before it is read).
fn check_distinct(input: &str, output: &str) -> Result<(), Failure> {
    if input == "-" || output == "-" {
        return Ok(());
    }
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(failure(
            output,
            invalid("output", "a file other than the input"),
        ));
    }
    Ok(())
}

/// An open input, read a chunk at a time.
enum Input {
    Lines {
        source: Box<dyn BufRead>,
        name: String,
        cols: Columns,
        chunk: usize,
        line: usize,
        done: bool,
    },
    Parquet {
        reader: ParquetRecordBatchReader,
        name: String,
        text: String,
        id: Option<String>,
        total: u64,
    },
}

/// One chunk of input rows.
enum Chunk<'a> {
    Lines(Vec<LineRow>),
    Batch {
        batch: RecordBatch,
        cols: (&'a str, Option<&'a str>),
        name: &'a str,
    },
}

/// A JSON line's document and id, or why the line cannot be used.
struct LineRow {
    doc: Result<Option<Doc>, Error>,
    id: Option<String>,
}

enum Doc {
    Text(String),
    Json(String),
}

/// One row of a chunk as the core takes it.
enum Cell<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
    ResumeJson(&'a str),
    Missing,
    Bad(&'a Error),
}

struct Cells<'a> {
    docs: Vec<Cell<'a>>,
    ids: Vec<Option<&'a str>>,
}

impl Cells<'_> {
    fn len(&self) -> usize {
        self.docs.len()
    }
}

impl Input {
    fn open(path: &str, cols: &Columns, chunk: usize) -> Result<Input, Failure> {
        match format_of(path)? {
            Format::Lines => {
                let source: Box<dyn BufRead> = if path == "-" {
                    Box::new(BufReader::new(std::io::stdin()))
                } else {
                    Box::new(BufReader::new(
                        File::open(path).map_err(|e| io_failure(path, e))?,
                    ))
                };
                Ok(Input::Lines {
                    source,
                    name: super::name_of(path).to_string(),
                    cols: Columns {
                        text: cols.text.clone(),
                        id: cols.id.clone(),
                        resume_json: cols.resume_json,
                    },
                    chunk,
                    line: 0,
                    done: false,
                })
            }
            Format::Parquet => open_parquet(path, cols, chunk),
        }
    }

    /// Rows in the whole input when known (Parquet metadata).
    fn total(&self) -> Option<u64> {
        match self {
            Input::Lines { .. } => None,
            Input::Parquet { total, .. } => Some(*total),
        }
    }

    fn next_chunk(&mut self) -> Result<Option<Chunk<'_>>, Failure> {
        match self {
            Input::Lines {
                source,
                name,
                cols,
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
                    rows.push(line_row(&buf, *line, cols));
                }
                Ok((!rows.is_empty()).then_some(Chunk::Lines(rows)))
            }
            Input::Parquet {
                reader,
                name,
                text,
                id,
                ..
            } => loop {
                match reader.next() {
                    None => return Ok(None),
                    Some(Err(e)) => {
                        return Err(failure(
                            name,
                            invalid("input", format!("a readable Parquet file ({e})")),
                        ))
                    }
                    Some(Ok(batch)) if batch.num_rows() == 0 => continue,
                    Some(Ok(batch)) => {
                        return Ok(Some(Chunk::Batch {
                            batch,
                            cols: (text.as_str(), id.as_deref()),
                            name: name.as_str(),
                        }))
                    }
                }
            },
        }
    }
}

/// Refuses, before anything is written, a file whose `wanted` columns use a codec this build
/// does not read (it reads uncompressed, Snappy and Zstandard).
fn check_codecs(
    metadata: &parquet::file::metadata::ParquetMetaData,
    wanted: &[&str],
    path: &str,
) -> Result<(), Failure> {
    for group in metadata.row_groups() {
        for c in group.columns() {
            let root = c.column_path().parts().first().map(String::as_str);
            let supported = matches!(
                c.compression(),
                Compression::UNCOMPRESSED | Compression::SNAPPY | Compression::ZSTD(_)
            );
            if !supported && root.is_some_and(|r| wanted.contains(&r)) {
                return Err(failure(
                    path,
                    invalid(
                        root.unwrap_or_default(),
                        format!(
                            "a column compressed with Snappy, Zstandard or nothing; it uses {}",
                            c.compression()
                        ),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// One JSON line → the row's document (or its error) and id.
fn line_row(bytes: &[u8], line: usize, cols: &Columns) -> LineRow {
    let at = |field: &str| format!("line {line}: /{field}");
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    // A byte-order mark some Windows tools put at the start of a file.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return LineRow {
                doc: Err(invalid(
                    &format!("line {line}"),
                    format!("a JSON object on the line ({e})"),
                )),
                id: None,
            }
        }
    };
    let Value::Object(mut obj) = value else {
        return LineRow {
            doc: Err(invalid(
                &format!("line {line}"),
                "a JSON object on the line",
            )),
            id: None,
        };
    };
    let id = cols
        .id
        .as_deref()
        .and_then(|c| obj.get(c))
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let doc = match obj.remove(&cols.text) {
        None => Err(invalid(
            &at(&cols.text),
            "a string (the resume); the field is missing",
        )),
        Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(Doc::Text(s))),
        Some(v @ Value::Object(_)) if cols.resume_json => Ok(Some(Doc::Json(v.to_string()))),
        Some(_) if cols.resume_json => Err(invalid(
            &at(&cols.text),
            "a Resume object, or a string holding Resume JSON; got another JSON type",
        )),
        Some(_) => Err(invalid(
            &at(&cols.text),
            "a string (the resume document's text); got another JSON type",
        )),
    };
    LineRow { doc, id }
}

fn open_parquet(path: &str, cols: &Columns, chunk: usize) -> Result<Input, Failure> {
    let file = File::open(path).map_err(|e| io_failure(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| {
        failure(
            path,
            invalid("input", format!("a readable Parquet file ({e})")),
        )
    })?;
    let schema = builder.schema().clone();
    let mut roots = Vec::new();
    for name in std::iter::once(&cols.text).chain(cols.id.as_ref()) {
        let Some((i, field)) = schema.column_with_name(name) else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(failure(
                path,
                invalid(
                    name,
                    format!("a column of the file; it has: {}", names.join(", ")),
                ),
            ));
        };
        if !is_text_or_binary(field.data_type()) {
            return Err(failure(
                path,
                invalid(
                    name,
                    format!("a string or binary column; it is {}", field.data_type()),
                ),
            ));
        }
        roots.push(i);
    }
    // Codecs this build reads, checked before anything is written.
    let wanted: Vec<&str> = std::iter::once(cols.text.as_str())
        .chain(cols.id.as_deref())
        .collect();
    check_codecs(builder.metadata(), &wanted, path)?;
    let total = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(chunk)
        .build()
        .map_err(|e| {
            failure(
                path,
                invalid("input", format!("a readable Parquet file ({e})")),
            )
        })?;
    Ok(Input::Parquet {
        reader,
        name: path.to_string(),
        text: cols.text.clone(),
        id: cols.id.clone(),
        total,
    })
}

impl Chunk<'_> {
    /// The chunk's rows as the core takes them; `resume_json`: text cells are Resume JSON.
    fn cells(&self, resume_json: bool) -> Result<Cells<'_>, Failure> {
        match self {
            Chunk::Lines(rows) => Ok(Cells {
                docs: rows
                    .iter()
                    .map(|r| match &r.doc {
                        Err(e) => Cell::Bad(e),
                        Ok(None) => Cell::Missing,
                        Ok(Some(Doc::Text(t))) if resume_json => Cell::ResumeJson(t),
                        Ok(Some(Doc::Text(t))) => Cell::Text(t),
                        Ok(Some(Doc::Json(j))) => Cell::ResumeJson(j),
                    })
                    .collect(),
                ids: rows.iter().map(|r| r.id.as_deref()).collect(),
            }),
            Chunk::Batch { batch, cols, name } => {
                let docs = TextColumn::of(batch, cols.0).map_err(|e| failure(name, e))?;
                let ids = cols
                    .1
                    .map(|c| TextColumn::of(batch, c))
                    .transpose()
                    .map_err(|e| failure(name, e))?;
                let n = batch.num_rows();
                Ok(Cells {
                    docs: (0..n)
                        .map(|i| match (resume_json, docs.is_text()) {
                            (true, _) => docs.text(i).map_or(Cell::Missing, Cell::ResumeJson),
                            (false, true) => docs.text(i).map_or(Cell::Missing, Cell::Text),
                            (false, false) => docs.bytes(i).map_or(Cell::Missing, Cell::Bytes),
                        })
                        .collect(),
                    ids: match &ids {
                        Some(c) => (0..n).map(|i| c.text(i)).collect(),
                        None => vec![None; n],
                    },
                })
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Work

/// A row's error as its own value (the JSON-lines errors are kept with the chunk).
fn own(e: &Error) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => invalid(name, expected.clone()),
        other => Error::Internal(other.to_string()),
    }
}

fn row_index(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

struct ParseRow {
    row: i64,
    id: Option<String>,
    outcome: Result<ParseOutcome, Error>,
}

fn parse_chunk(parser: &Parser, cells: &Cells<'_>, row0: usize) -> Vec<ParseRow> {
    let documents: Vec<Option<&[u8]>> = cells
        .docs
        .iter()
        .map(|c| match c {
            Cell::Text(t) | Cell::ResumeJson(t) => Some(t.as_bytes()),
            Cell::Bytes(b) => Some(*b),
            Cell::Missing | Cell::Bad(_) => None,
        })
        .collect();
    let results = match batch::parse_resumes(parser, &documents, &cells.ids) {
        Ok(r) => r,
        // Only a chunk over the core's row limit or a length mismatch fails as a whole; the
        // chunk size is capped at that limit and ids are one per row, so report it per row.
        Err(e) => (0..cells.len()).map(|_| Err(own(&e))).collect(),
    };
    results
        .into_iter()
        .enumerate()
        .map(|(i, outcome)| {
            let given = cells.ids.get(i).copied().flatten();
            let outcome = match cells.docs.get(i) {
                Some(Cell::Bad(e)) => Err(own(e)),
                _ => outcome,
            };
            let id = match &outcome {
                Ok(p) => p.resume.id.as_deref().or(given),
                Err(_) => given,
            };
            ParseRow {
                row: row_index(row0 + i),
                id: id.map(str::to_string),
                outcome,
            }
        })
        .collect()
}

struct ScreenRow {
    row: i64,
    id: Option<String>,
    job: Option<String>,
    result: Result<MatchResult, Error>,
}

/// Why screening a chunk stopped: the core refused the batch, or writing the output failed.
enum Stop {
    Core(Error),
    Write(Failure),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Core(e)
    }
}

/// Screens a chunk a block of rows at a time ([`Screener::screen_blocks`]: only one block's
/// explained results in memory), handing each block's output rows to `sink` in row order.
fn screen_chunk(
    screener: &Screener,
    job_ids: &[String],
    cells: &Cells<'_>,
    row0: usize,
    resume_json: bool,
    mut sink: impl FnMut(Vec<ScreenRow>) -> Result<(), Failure>,
) -> Result<(), Stop> {
    let rows: Vec<ResumeInput<'_>> = cells
        .docs
        .iter()
        .map(|c| match c {
            Cell::Text(t) if resume_json => ResumeInput::ResumeJson(t),
            Cell::Text(t) => ResumeInput::Text(t),
            Cell::ResumeJson(t) => ResumeInput::ResumeJson(t),
            Cell::Bytes(b) => ResumeInput::Bytes(b),
            Cell::Missing | Cell::Bad(_) => ResumeInput::Missing,
        })
        .collect();
    screener.screen_blocks(&rows, &cells.ids, |first, results| {
        let block = screened_rows(job_ids, cells, row0, first, results);
        sink(block).map_err(Stop::Write)
    })
}

/// One block's results as output rows: one per job for a screened resume, one for an error.
fn screened_rows(
    job_ids: &[String],
    cells: &Cells<'_>,
    row0: usize,
    first: usize,
    results: Vec<Result<Vec<MatchResult>, Error>>,
) -> Vec<ScreenRow> {
    let mut out = Vec::with_capacity(results.len() * job_ids.len());
    for (k, r) in results.into_iter().enumerate() {
        let i = first + k;
        let row = row_index(row0 + i);
        let given = cells.ids.get(i).copied().flatten().map(str::to_string);
        let r = match cells.docs.get(i) {
            Some(Cell::Bad(e)) => Err(own(e)),
            _ => r,
        };
        match r {
            Ok(per_job) => {
                for (job, m) in job_ids.iter().zip(per_job) {
                    out.push(ScreenRow {
                        row,
                        id: Some(m.id.clone()),
                        job: Some(job.clone()),
                        result: Ok(m),
                    });
                }
            }
            Err(e) => out.push(ScreenRow {
                row,
                id: given,
                job: None,
                result: Err(e),
            }),
        }
    }
    out
}

/// `--top K`: each job's best K knock-out-passing rows (score descending, then id, then row),
/// at most K per job in memory ([`TopK`]); error rows pass straight through.
struct Top(TopK<ScreenRow>);

impl Top {
    fn new(k: usize) -> Top {
        Top(TopK::new(k))
    }

    /// Keeps what may be in the top K; returns the error rows (written at once).
    fn offer(&mut self, rows: Vec<ScreenRow>) -> Vec<ScreenRow> {
        let mut errors = Vec::new();
        for r in rows {
            match &r.result {
                Err(_) => errors.push(r),
                Ok(m) if !m.knockout_passed => {}
                Ok(m) => {
                    let (score, row) = (m.total, u64::try_from(r.row).unwrap_or(0));
                    let job = r.job.clone().unwrap_or_default();
                    let id = r.id.clone().unwrap_or_default();
                    self.0.offer(&job, score, &id, row, r);
                }
            }
        }
        errors
    }

    /// The kept rows: jobs in id order, each best first.
    fn into_rows(self) -> Vec<ScreenRow> {
        self.0.into_rows()
    }
}

// ---------------------------------------------------------------------------------------------
// Output

enum Output {
    Lines(BufWriter<Box<dyn Write>>, String),
    Parquet(Box<ArrowWriter<File>>, String),
}

impl Output {
    fn create(path: &str, schema: SchemaRef) -> Result<Output, Failure> {
        match format_of(path)? {
            Format::Lines => {
                let sink: Box<dyn Write> = if path == "-" {
                    Box::new(std::io::stdout())
                } else {
                    Box::new(File::create(path).map_err(|e| io_failure(path, e))?)
                };
                Ok(Output::Lines(
                    BufWriter::with_capacity(1 << 16, sink),
                    super::name_of(path).replace("<stdin>", "<stdout>"),
                ))
            }
            Format::Parquet => {
                let file = File::create(path).map_err(|e| io_failure(path, e))?;
                // Row groups of at most 64 Ki rows or 128 MiB encoded: the writer holds one
                // row group in memory, whatever the length of the input.
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(65_536))
                    .set_max_row_group_bytes(Some(128 << 20))
                    .build();
                let writer = ArrowWriter::try_new(file, schema, Some(props))
                    .map_err(|e| io_failure(path, e))?;
                Ok(Output::Parquet(Box::new(writer), path.to_string()))
            }
        }
    }

    fn write<R>(
        &mut self,
        rows: &[R],
        as_json: impl Fn(&R) -> Value,
        as_batch: impl Fn(&[R]) -> Result<RecordBatch, Error>,
    ) -> Result<(), Failure> {
        if rows.is_empty() {
            return Ok(());
        }
        match self {
            Output::Lines(w, name) => {
                for r in rows {
                    serde_json::to_writer(&mut *w, &as_json(r)).map_err(|e| io_failure(name, e))?;
                    w.write_all(b"\n").map_err(|e| io_failure(name, e))?;
                }
                Ok(())
            }
            Output::Parquet(w, name) => {
                let batch = as_batch(rows).map_err(|e| failure(name, e))?;
                w.write(&batch).map_err(|e| io_failure(name, e))
            }
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Output::Lines(mut w, name) => w.flush().map_err(|e| io_failure(&name, e)),
            Output::Parquet(w, name) => w.close().map(|_| ()).map_err(|e| io_failure(&name, e)),
        }
    }
}

fn error_pair(e: Option<&Error>) -> (Value, Value) {
    match e {
        Some(e) => (e.code().name().into(), e.to_string().into()),
        None => (Value::Null, Value::Null),
    }
}

fn parse_json(r: &ParseRow) -> Value {
    let mut o = Map::new();
    o.insert("row".into(), r.row.into());
    o.insert("id".into(), r.id.clone().into());
    match &r.outcome {
        Ok(p) => {
            let res = &p.resume;
            o.insert(
                "resume".into(),
                serde_json::to_value(res).unwrap_or(Value::Null),
            );
            o.insert("name".into(), res.basics.name.clone().into());
            o.insert("email".into(), res.basics.email.clone().into());
            o.insert("phone".into(), res.basics.phone.clone().into());
            o.insert("years_experience".into(), years(p).into());
            o.insert("skills".into(), skills(p).into());
            o.insert(
                "warnings".into(),
                serde_json::to_value(&p.warnings).unwrap_or(Value::Null),
            );
        }
        Err(_) => {
            for k in [
                "resume",
                "name",
                "email",
                "phone",
                "years_experience",
                "skills",
                "warnings",
            ] {
                o.insert(k.into(), Value::Null);
            }
        }
    }
    let (code, message) = error_pair(r.outcome.as_ref().err());
    o.insert("error_code".into(), code);
    o.insert("error".into(), message);
    Value::Object(o)
}

fn years(p: &ParseOutcome) -> Option<f64> {
    p.resume
        .extra
        .get("total_experience_years")
        .and_then(Value::as_f64)
}

fn skills(p: &ParseOutcome) -> Vec<String> {
    p.resume
        .skills
        .iter()
        .map(|s| s.taxonomy_id.clone().unwrap_or_else(|| s.name.clone()))
        .collect()
}

fn failed_knockouts(m: &MatchResult) -> Vec<String> {
    m.knockouts
        .iter()
        .filter(|k| !k.passed)
        .map(|k| k.id.clone())
        .collect()
}

fn skill_ids(skills: &[SkillOutcome]) -> Vec<String> {
    skills.iter().map(|s| s.id.clone()).collect()
}

fn screen_json(r: &ScreenRow, explain: bool) -> Value {
    let mut o = Map::new();
    o.insert("row".into(), r.row.into());
    o.insert("id".into(), r.id.clone().into());
    o.insert("job_id".into(), r.job.clone().into());
    match &r.result {
        Ok(m) => {
            o.insert("score".into(), m.total.into());
            o.insert("knockout_passed".into(), m.knockout_passed.into());
            o.insert("failed_knockouts".into(), failed_knockouts(m).into());
            o.insert(
                "matched_skills".into(),
                skill_ids(&m.explanation.matched).into(),
            );
            o.insert(
                "missing_skills".into(),
                skill_ids(&m.explanation.missing).into(),
            );
            if explain {
                o.insert(
                    "explanation".into(),
                    serde_json::to_value(m).unwrap_or(Value::Null),
                );
            }
        }
        Err(_) => {
            for k in [
                "score",
                "knockout_passed",
                "failed_knockouts",
                "matched_skills",
                "missing_skills",
            ] {
                o.insert(k.into(), Value::Null);
            }
            if explain {
                o.insert("explanation".into(), Value::Null);
            }
        }
    }
    let (code, message) = error_pair(r.result.as_ref().err());
    o.insert("error_code".into(), code);
    o.insert("error".into(), message);
    Value::Object(o)
}

fn string_list(n: &str) -> Field {
    Field::new(
        n,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
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
        string_list("skills"),
        utf8("warnings"),
        utf8("error_code"),
        utf8("error"),
    ]))
}

fn screen_schema(explain: bool) -> SchemaRef {
    let utf8 = |n: &str| Field::new(n, DataType::Utf8, true);
    let mut fields = vec![
        Field::new("row", DataType::Int64, false),
        utf8("id"),
        utf8("job_id"),
        Field::new("score", DataType::Float64, true),
        Field::new("knockout_passed", DataType::Boolean, true),
        string_list("failed_knockouts"),
        string_list("matched_skills"),
        string_list("missing_skills"),
    ];
    if explain {
        fields.push(utf8("explanation"));
    }
    fields.push(utf8("error_code"));
    fields.push(utf8("error"));
    Arc::new(Schema::new(fields))
}

fn internal(e: serde_json::Error) -> Error {
    Error::Internal(e.to_string())
}

fn error_columns(code: &mut StringBuilder, message: &mut StringBuilder, e: Option<&Error>) {
    match e {
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

fn append_list(b: &mut ListBuilder<StringBuilder>, items: Option<&[String]>) {
    match items {
        Some(items) => {
            for s in items {
                b.values().append_value(s);
            }
            b.append(true);
        }
        None => b.append(false),
    }
}

fn parse_batch(rows: &[ParseRow]) -> Result<RecordBatch, Error> {
    let mut row = Int64Builder::with_capacity(rows.len());
    let mut id = StringBuilder::new();
    let mut resume = StringBuilder::new();
    let (mut name, mut email, mut phone) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut years_b = Float64Builder::with_capacity(rows.len());
    let mut skills_b = ListBuilder::new(StringBuilder::new());
    let mut warnings = StringBuilder::new();
    let (mut code, mut message) = (StringBuilder::new(), StringBuilder::new());
    for r in rows {
        row.append_value(r.row);
        id.append_option(r.id.as_deref());
        match &r.outcome {
            Ok(p) => {
                let res = &p.resume;
                resume.append_value(serde_json::to_string(res).map_err(internal)?);
                name.append_option(res.basics.name.as_deref());
                email.append_option(res.basics.email.as_deref());
                phone.append_option(res.basics.phone.as_deref());
                years_b.append_option(years(p));
                append_list(&mut skills_b, Some(&skills(p)));
                warnings.append_value(serde_json::to_string(&p.warnings).map_err(internal)?);
            }
            Err(_) => {
                resume.append_null();
                name.append_null();
                email.append_null();
                phone.append_null();
                years_b.append_null();
                append_list(&mut skills_b, None);
                warnings.append_null();
            }
        }
        error_columns(&mut code, &mut message, r.outcome.as_ref().err());
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(row.finish()),
        Arc::new(id.finish()),
        Arc::new(resume.finish()),
        Arc::new(name.finish()),
        Arc::new(email.finish()),
        Arc::new(phone.finish()),
        Arc::new(years_b.finish()),
        Arc::new(skills_b.finish()),
        Arc::new(warnings.finish()),
        Arc::new(code.finish()),
        Arc::new(message.finish()),
    ];
    RecordBatch::try_new(parse_schema(), columns)
        .map_err(|e| Error::Internal(format!("building the result batch: {e}")))
}

fn screen_batch(rows: &[ScreenRow], explain: bool) -> Result<RecordBatch, Error> {
    let mut row = Int64Builder::with_capacity(rows.len());
    let mut id = StringBuilder::new();
    let mut job = StringBuilder::new();
    let mut score = Float64Builder::with_capacity(rows.len());
    let mut passed = BooleanBuilder::with_capacity(rows.len());
    let mut failed = ListBuilder::new(StringBuilder::new());
    let mut matched = ListBuilder::new(StringBuilder::new());
    let mut missing = ListBuilder::new(StringBuilder::new());
    let mut explanation = StringBuilder::new();
    let (mut code, mut message) = (StringBuilder::new(), StringBuilder::new());
    for r in rows {
        row.append_value(r.row);
        id.append_option(r.id.as_deref());
        job.append_option(r.job.as_deref());
        match &r.result {
            Ok(m) => {
                score.append_value(m.total);
                passed.append_value(m.knockout_passed);
                append_list(&mut failed, Some(&failed_knockouts(m)));
                append_list(&mut matched, Some(&skill_ids(&m.explanation.matched)));
                append_list(&mut missing, Some(&skill_ids(&m.explanation.missing)));
                if explain {
                    explanation.append_value(serde_json::to_string(m).map_err(internal)?);
                }
            }
            Err(_) => {
                score.append_null();
                passed.append_null();
                append_list(&mut failed, None);
                append_list(&mut matched, None);
                append_list(&mut missing, None);
                explanation.append_null();
            }
        }
        error_columns(&mut code, &mut message, r.result.as_ref().err());
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(row.finish()),
        Arc::new(id.finish()),
        Arc::new(job.finish()),
        Arc::new(score.finish()),
        Arc::new(passed.finish()),
        Arc::new(failed.finish()),
        Arc::new(matched.finish()),
        Arc::new(missing.finish()),
    ];
    if explain {
        columns.push(Arc::new(explanation.finish()));
    }
    columns.push(Arc::new(code.finish()));
    columns.push(Arc::new(message.finish()));
    RecordBatch::try_new(screen_schema(explain), columns)
        .map_err(|e| Error::Internal(format!("building the result batch: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Progress

#[derive(Default)]
struct Stats {
    rows: usize,
    errors: usize,
}

impl Stats {
    fn add(&mut self, rows: usize, errors: usize) {
        self.rows += rows;
        self.errors += errors;
    }
}

/// The progress bar on stderr (hidden when stderr is not a terminal, or with --no-progress).
struct Progress {
    bar: ProgressBar,
    start: Instant,
}

impl Progress {
    fn new(total: Option<u64>, off: bool) -> Progress {
        let template = match total {
            Some(_) => "{bar:40} {human_pos}/{human_len} rows  {rate}  eta {eta}",
            None => "{spinner} {human_pos} rows  {rate}  {elapsed}",
        };
        let style = ProgressStyle::with_template(template).map(|s| {
            s.with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} rows/s", state.per_sec());
                },
            )
        });
        let bar = match (off, total) {
            (true, _) => ProgressBar::hidden(),
            (false, Some(n)) => ProgressBar::new(n),
            (false, None) => ProgressBar::new_spinner(),
        };
        if let Ok(style) = style {
            bar.set_style(style);
        }
        if total.is_none() && !off {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    fn inc(&self, rows: usize) {
        self.bar.inc(u64::try_from(rows).unwrap_or(u64::MAX));
    }

    /// Clears the bar and prints the summary line.
    fn done(self, what: &str, stats: &Stats) {
        self.bar.finish_and_clear();
        let secs = self.start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            stats.rows as f64 / secs
        } else {
            0.0
        };
        eprintln!(
            "{what}: {} rows, {} errors, {secs:.2} s, {rate:.0} rows/s",
            stats.rows, stats.errors
        );
    }
}
