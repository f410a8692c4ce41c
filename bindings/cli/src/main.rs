//! `interviewkit`: the command-line face of InterviewKit.
//!
//! JSON goes to stdout (one compact document per line; `--pretty` indents), errors go to stderr as
//! `error[Name]: FILE: message`, and the exit status is 0 on success, 1 when any input was invalid
//! or an operation failed, 2 on a usage error. `-` as a file name reads standard input.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use interviewkit_core::{json, DocumentKind, Error};
use serde_json::Value;

#[derive(Parser)]
#[command(
    name = "interviewkit",
    version,
    about = "InterviewKit: offline AI-interview building blocks for HR systems"
)]
struct Cli {
    /// Indent JSON output.
    #[arg(long, global = true)]
    pretty: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print engine and schema versions.
    Version,
    /// Validate archive documents; prints one report per file and exits 1 if any is invalid.
    Validate {
        /// Files to validate (`-` for stdin).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Move a document to the current schema version and print it.
    Migrate {
        /// The document (`-` for stdin).
        file: String,
    },
    /// Import a document from another format and print the archive document.
    Import {
        /// The source format.
        #[arg(long = "from", value_enum)]
        from: Format,
        /// The file (`-` for stdin).
        file: String,
    },
    /// Export an archive document to another format.
    Export {
        /// The target format.
        #[arg(long = "to", value_enum)]
        to: Format,
        /// The archive document (`-` for stdin).
        file: String,
    },
    /// Merge archive documents into 360° profiles keyed by candidate id. Each file holds one
    /// document or an array of documents.
    Merge {
        /// Files to merge (`-` for stdin).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print the JSON Schema (draft 2020-12) of a document kind.
    Schema {
        /// candidate, resume, job_profile, interview, scorecard, employee_record or profile.
        kind: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// JSON Resume v1.0.0.
    JsonResume,
}

/// A failure to report: which input, and the core's error.
struct Failure {
    source: String,
    error: Error,
}

fn read(path: &str) -> Result<Vec<u8>, Failure> {
    let result = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    result.map_err(|e| Failure {
        source: path.to_string(),
        error: Error::Io {
            path: path.to_string(),
            message: e.to_string(),
        },
    })
}

fn name_of(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

fn emit(out: &mut impl Write, text: &str, pretty: bool) -> std::io::Result<()> {
    if pretty {
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            if let Ok(p) = serde_json::to_string_pretty(&v) {
                return writeln!(out, "{p}");
            }
        }
    }
    writeln!(out, "{text}")
}

fn report_failure(f: &Failure) {
    let code = f.error.code();
    eprintln!(
        "error[{}]: {}: {}",
        code.name(),
        name_of(&f.source),
        f.error
    );
    if let Some(report) = f.error.report() {
        for issue in &report.issues {
            let at = if issue.pointer.is_empty() {
                "(root)"
            } else {
                issue.pointer.as_str()
            };
            eprintln!("  {at}: {} [{:?}]", issue.message, issue.code);
        }
    }
}

fn single(path: &str, op: json::Op) -> Result<String, Failure> {
    let bytes = read(path)?;
    op(&bytes).map_err(|error| Failure {
        source: path.to_string(),
        error,
    })
}

fn run(cli: Cli) -> Result<bool, Failure> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let pretty = cli.pretty;
    let io = |e: std::io::Error| Failure {
        source: "<stdout>".into(),
        error: Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        },
    };
    match cli.command {
        Command::Version => emit(&mut out, &json::version(), pretty).map_err(io)?,
        Command::Validate { files } => {
            let mut all_valid = true;
            for path in &files {
                // One bad file never stops the others: each gets its report or its error.
                match single(path, json::validate) {
                    Ok(report) => {
                        let mut v: Value = serde_json::from_str(&report).unwrap_or(Value::Null);
                        if v.get("valid") != Some(&Value::Bool(true)) {
                            all_valid = false;
                        }
                        if let Value::Object(map) = &mut v {
                            let mut with_file = serde_json::Map::new();
                            with_file.insert("file".into(), name_of(path).into());
                            with_file.extend(std::mem::take(map));
                            *map = with_file;
                        }
                        emit(&mut out, &v.to_string(), pretty).map_err(io)?;
                    }
                    Err(f) => {
                        all_valid = false;
                        report_failure(&f);
                    }
                }
            }
            return Ok(all_valid);
        }
        Command::Migrate { file } => {
            emit(&mut out, &single(&file, json::migrate)?, pretty).map_err(io)?
        }
        Command::Import {
            from: Format::JsonResume,
            file,
        } => emit(&mut out, &single(&file, json::import_json_resume)?, pretty).map_err(io)?,
        Command::Export {
            to: Format::JsonResume,
            file,
        } => emit(&mut out, &single(&file, json::export_json_resume)?, pretty).map_err(io)?,
        Command::Merge { files } => {
            let mut docs = Vec::new();
            for path in &files {
                let bytes = read(path)?;
                let value = json::parse(&bytes).map_err(|error| Failure {
                    source: path.clone(),
                    error,
                })?;
                match value {
                    Value::Array(items) => docs.extend(items),
                    other => docs.push(other),
                }
            }
            let input = serde_json::to_vec(&Value::Array(docs)).unwrap_or_default();
            let merged = json::merge_profiles(&input).map_err(|error| Failure {
                source: files.join(","),
                error,
            })?;
            emit(&mut out, &merged, pretty).map_err(io)?
        }
        Command::Schema { kind } => {
            let k = DocumentKind::parse(&kind).ok_or_else(|| Failure {
                source: kind.clone(),
                error: Error::InvalidArgument {
                    name: "kind".into(),
                    expected: format!("one of: {}", DocumentKind::list()),
                },
            })?;
            let schema = interviewkit_core::schema::json_schema::json_schema(k);
            emit(&mut out, &schema.to_string(), pretty).map_err(io)?
        }
    }
    Ok(true)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        Ok(Ok(false)) => ExitCode::from(1),
        Ok(Err(f)) => {
            report_failure(&f);
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!("error[Internal]: interviewkit crashed; this is a bug, please report it");
            ExitCode::from(1)
        }
    }
}
