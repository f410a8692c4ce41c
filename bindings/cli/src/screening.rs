//! `match`, `rank`, `job parse` and `index build|query`: job matching from the command line.
//!
//! Resumes may be raw documents (text, HTML, DOCX, PDF: parsed first, as `parse` does) or Resume
//! JSON (an archive Resume, or a `parse --with-warnings` line). The core does the matching; this
//! module only reads files, builds requests and prints JSON lines.

use std::io::{Read, Write};
use std::path::Path;

use base64::Engine as _;
use clap::Subcommand;
use interviewkit_core::{json, Error};
use serde_json::{json as j, Map, Value};

use super::{emit, name_of, read, read_json, report_failure, Failure};

/// `job` subcommands.
#[derive(Subcommand)]
pub(crate) enum JobCommand {
    /// Parse a job description (Chinese or English text) into a JobProfile JSON.
    Parse {
        /// The job description as a text file (`-` for stdin).
        file: String,
        /// zh or en (default: detected).
        #[arg(long)]
        lang: Option<String>,
        /// The profile's id (default: the file name).
        #[arg(long)]
        id: Option<String>,
        /// The job title.
        #[arg(long)]
        title: Option<String>,
    },
}

/// `index` subcommands.
#[derive(Subcommand)]
pub(crate) enum IndexCommand {
    /// Build an index file of parsed resumes, or add to / remove from an existing one.
    Build {
        /// Where to write the index.
        #[arg(long)]
        out: String,
        /// A directory of resume files, or a JSON-lines file (`{"id", "resume"|"text"}` or a
        /// Resume per line).
        #[arg(long)]
        resumes: Option<String>,
        /// An existing index to extend.
        #[arg(long)]
        index: Option<String>,
        /// Ids to remove (after the additions); repeatable.
        #[arg(long)]
        remove: Vec<String>,
        /// `YYYY-MM-DD`: what "present" (至今) means in the resumes.
        #[arg(long)]
        reference_date: Option<String>,
    },
    /// The top K of an index for a job: ranked JSON lines, as `rank` prints.
    Query {
        /// The index file from `index build`.
        #[arg(long)]
        index: String,
        /// The job: a JobProfile JSON file, or a job-description text file.
        #[arg(long)]
        job: String,
        /// How many to return.
        #[arg(long, default_value_t = 20)]
        top: u64,
        /// Filters (JSON file: `{"min_score"?, "knockout_pass_only"?, "locations"?, "min_years"?}`).
        #[arg(long)]
        filters: Option<String>,
        /// Component weights (JSON file `{COMPONENT: W}`).
        #[arg(long)]
        weights: Option<String>,
    },
}

fn failure(source: &str, error: Error) -> Failure {
    Failure {
        source: source.to_string(),
        error,
    }
}

pub(crate) fn call(op: json::Op, request: &Value, source: &str) -> Result<Value, Failure> {
    let input = serde_json::to_vec(request).unwrap_or_default();
    let text = op(&input).map_err(|e| failure(source, e))?;
    serde_json::from_str(&text).map_err(|e| {
        failure(
            source,
            Error::Internal(format!("the core returned invalid JSON: {e}")),
        )
    })
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name_of(path).to_string())
}

/// A job: a JSON file holds a JobProfile (or `{"text", …}`); anything else is description text.
pub(crate) fn job_input(path: &str) -> Result<Value, Failure> {
    let bytes = read(path)?;
    if let Ok(v @ Value::Object(_)) = json::parse(&bytes) {
        return Ok(v);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        failure(
            path,
            Error::InvalidUtf8 {
                valid_up_to: e.utf8_error().valid_up_to(),
            },
        )
    })?;
    Ok(j!({ "text": text }))
}

/// A resume file: Resume JSON (or a `parse --with-warnings` line) as it is; any other document
/// parsed by the resume parser.
fn resume_input(path: &str, bytes: &[u8], reference_date: Option<&str>) -> Result<Value, Failure> {
    if let Ok(Value::Object(mut o)) = json::parse(bytes) {
        if o.get("kind").and_then(Value::as_str) == Some("resume") {
            return Ok(Value::Object(o));
        }
        if let Some(r @ Value::Object(_)) = o.remove("resume") {
            return Ok(r);
        }
        return Err(failure(
            path,
            Error::InvalidArgument {
                name: "resume".into(),
                expected: "a Resume JSON object (\"kind\": \"resume\"), a `parse --with-warnings` \
                           line, or a resume document (text, HTML, DOCX, PDF)"
                    .into(),
            },
        ));
    }
    let mut options = Map::new();
    if let Some(d) = reference_date {
        options.insert("reference_date".into(), d.into());
    }
    options.insert("file_name".into(), file_name(path).into());
    let options = serde_json::to_vec(&options).unwrap_or_default();
    let text = json::parse_resume_file(bytes, &options).map_err(|e| failure(path, e))?;
    let mut v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(v["resume"].take())
}

/// `{"id", "resume"}` entries from a directory (id = file name, files in name order) or a
/// JSON-lines file (id from the line's `id`, else the Resume's `id`, else `line N`). Files that
/// fail are reported on stderr and skipped; the result says whether all were read.
fn resume_entries(
    source: &str,
    reference_date: Option<&str>,
) -> Result<(Vec<Value>, bool), Failure> {
    let mut entries = Vec::new();
    let mut all_ok = true;
    let path = Path::new(source);
    if path.is_dir() {
        let listing = std::fs::read_dir(path).map_err(|e| {
            failure(
                source,
                Error::Io {
                    path: source.into(),
                    message: e.to_string(),
                },
            )
        })?;
        let mut files: Vec<_> = listing
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let shown = file.to_string_lossy().into_owned();
            let entry = read(&shown).and_then(|bytes| resume_input(&shown, &bytes, reference_date));
            match entry {
                Ok(resume) => entries.push(j!({"id": file_name(&shown), "resume": resume})),
                Err(f) => {
                    all_ok = false;
                    report_failure(&f);
                }
            }
        }
        return Ok((entries, all_ok));
    }
    let text = super::read_text(source)?;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", name_of(source), n + 1);
        let parsed = json::parse(line.as_bytes()).map_err(|e| failure(&at, e));
        let entry = parsed.and_then(|v| match v {
            Value::Object(mut o) if o.contains_key("resume") || o.contains_key("text") => {
                if !o.contains_key("id") {
                    o.insert("id".into(), format!("line {}", n + 1).into());
                }
                if let Some(Value::Object(mut r)) = o.remove("resume") {
                    // A `parse --with-warnings` line nests the Resume once more.
                    if r.get("kind").and_then(Value::as_str) != Some("resume") {
                        if let Some(inner @ Value::Object(_)) = r.remove("resume") {
                            o.insert("resume".into(), inner);
                            return Ok(Value::Object(o));
                        }
                    }
                    o.insert("resume".into(), Value::Object(r));
                }
                Ok(Value::Object(o))
            }
            Value::Object(o) if o.get("kind").and_then(Value::as_str) == Some("resume") => {
                let id = o
                    .get("id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("line {}", n + 1), str::to_string);
                Ok(j!({"id": id, "resume": Value::Object(o)}))
            }
            _ => Err(failure(
                &at,
                Error::InvalidArgument {
                    name: "resume".into(),
                    expected: "a JSON object per line: {\"id\", \"resume\"|\"text\"} or a Resume"
                        .into(),
                },
            )),
        });
        match entry {
            Ok(e) => entries.push(e),
            Err(f) => {
                all_ok = false;
                report_failure(&f);
            }
        }
    }
    Ok((entries, all_ok))
}

pub(crate) fn io_failure(e: std::io::Error) -> Failure {
    failure(
        "<stdout>",
        Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        },
    )
}

/// Prints ranked results as JSON lines and the funnel on stderr.
fn print_ranked(out: &mut impl Write, result: &Value, pretty: bool) -> Result<(), Failure> {
    for r in result["results"].as_array().into_iter().flatten() {
        emit(out, &r.to_string(), pretty).map_err(io_failure)?;
    }
    eprintln!("funnel: {}", result["funnel"]);
    Ok(())
}

/// `interviewkit match --job JOB RESUME...`: one explained result per resume.
pub(crate) fn run_match(
    job: &str,
    resumes: &[String],
    reference_date: Option<&str>,
    weights: Option<&str>,
    semantic: Option<&Value>,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let job = job_input(job)?;
    let weights = weights.map(read_json).transpose()?;
    let mut all_ok = true;
    for path in resumes {
        let result = read(path)
            .and_then(|bytes| resume_input(path, &bytes, reference_date))
            .and_then(|resume| {
                let mut request = j!({"job": job, "resume": resume});
                if let Some(d) = reference_date {
                    request["reference_date"] = d.into();
                }
                if let Some(w) = &weights {
                    request["weights"] = w.clone();
                }
                if let Some(m) = semantic {
                    request["semantic_model"] = m.clone();
                }
                call(json::match_resume, &request, path)
            });
        match result {
            Ok(mut v) => {
                if let Value::Object(o) = &mut v {
                    o.insert("file".into(), file_name(path).into());
                }
                emit(out, &v.to_string(), pretty).map_err(io_failure)?;
            }
            Err(f) => {
                all_ok = false;
                report_failure(&f);
            }
        }
    }
    Ok(all_ok)
}

/// `interviewkit rank --job JOB --resumes DIR_OR_JSONL --top K`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_rank(
    job: &str,
    resumes: &str,
    top: u64,
    filters: Option<&str>,
    weights: Option<&str>,
    reference_date: Option<&str>,
    semantic: Option<&Value>,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let job = job_input(job)?;
    let (entries, all_ok) = resume_entries(resumes, reference_date)?;
    let mut request = j!({"job": job, "resumes": entries, "top": top});
    if let Some(f) = filters {
        request["filters"] = read_json(f)?;
    }
    if let Some(w) = weights {
        request["weights"] = read_json(w)?;
    }
    if let Some(d) = reference_date {
        request["reference_date"] = d.into();
    }
    if let Some(m) = semantic {
        request["semantic_model"] = m.clone();
    }
    let result = call(json::rank_resumes, &request, resumes)?;
    print_ranked(out, &result, pretty)?;
    Ok(all_ok)
}

/// The semantic model options of `match` and `rank`.
#[derive(clap::Args, Debug, Default)]
pub(crate) struct SemanticArgs {
    /// An ONNX sentence-embedding model: adds the `semantic` component (cosine of the job's and
    /// the resume's embeddings). Needs `--semantic-tokenizer` and a build with `--features onnx`.
    #[arg(long, requires = "semantic_tokenizer")]
    semantic_model: Option<String>,
    /// The model's Hugging Face tokenizer.json.
    #[arg(long, requires = "semantic_model")]
    semantic_tokenizer: Option<String>,
    /// Token limit per text (default 256).
    #[arg(long, requires = "semantic_model")]
    semantic_max_tokens: Option<u64>,
}

impl SemanticArgs {
    /// The request member `semantic_model`, when a model was given.
    pub(crate) fn member(&self) -> Option<Value> {
        Some(model_member(
            self.semantic_model.as_ref()?,
            self.semantic_tokenizer.as_ref()?,
            self.semantic_max_tokens,
        ))
    }
}

/// `{"onnx", "tokenizer", "max_tokens"?}`: a semantic model in a request.
fn model_member(onnx: &str, tokenizer: &str, max_tokens: Option<u64>) -> Value {
    let mut v = j!({"onnx": onnx, "tokenizer": tokenizer});
    if let Some(n) = max_tokens {
        v["max_tokens"] = n.into();
    }
    v
}

/// `interviewkit semantic ...`.
#[derive(Subcommand)]
pub(crate) enum SemanticCommand {
    /// Embeddings of texts (one JSON object: `model`, `embeddings`), or with `--anchor` each
    /// text's semantic score 0–1 against the anchor (`similarities`).
    Embed {
        /// The ONNX sentence-embedding model.
        #[arg(long)]
        model: String,
        /// Its Hugging Face tokenizer.json.
        #[arg(long)]
        tokenizer: String,
        /// Token limit per text (default 256).
        #[arg(long)]
        max_tokens: Option<u64>,
        /// Compare every text with this one instead of printing vectors.
        #[arg(long)]
        anchor: Option<String>,
        /// The texts (`-`: one text per line from stdin).
        #[arg(required = true)]
        texts: Vec<String>,
    },
}

/// `interviewkit semantic embed`.
pub(crate) fn run_semantic(
    command: SemanticCommand,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let SemanticCommand::Embed {
        model,
        tokenizer,
        max_tokens,
        anchor,
        texts,
    } = command;
    let mut list = Vec::new();
    for t in texts {
        if t == "-" {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(io_failure)?;
            list.extend(s.lines().map(str::to_string));
        } else {
            list.push(t);
        }
    }
    let spec = model_member(&model, &tokenizer, max_tokens);
    let mut request = j!({"model": spec, "texts": list});
    if let Some(a) = anchor {
        request["anchor"] = a.into();
    }
    let result = call(json::semantic_embed, &request, "semantic embed")?;
    emit(out, &result.to_string(), pretty).map_err(io_failure)?;
    Ok(true)
}

/// `interviewkit job parse FILE`.
pub(crate) fn run_job(
    command: JobCommand,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    let JobCommand::Parse {
        file,
        lang,
        id,
        title,
    } = command;
    let text = super::read_text(&file)?;
    let mut request = j!({ "text": text });
    request["id"] = id.unwrap_or_else(|| file_name(&file)).into();
    if let Some(l) = lang {
        request["lang"] = l.into();
    }
    if let Some(t) = title {
        request["title"] = t.into();
    }
    let profile = call(json::job_parse, &request, &file)?;
    emit(out, &profile.to_string(), pretty).map_err(io_failure)?;
    Ok(true)
}

/// `interviewkit index build|query`.
pub(crate) fn run_index(
    command: IndexCommand,
    out: &mut impl Write,
    pretty: bool,
) -> Result<bool, Failure> {
    match command {
        IndexCommand::Build {
            out: target,
            resumes,
            index,
            remove,
            reference_date,
        } => {
            let mut request = j!({});
            let mut all_ok = true;
            if let Some(source) = &resumes {
                let (entries, ok) = resume_entries(source, reference_date.as_deref())?;
                all_ok = ok;
                request["resumes"] = entries.into();
            }
            if let Some(path) = &index {
                request["index"] = super::base64_of(&read(path)?).into();
            }
            if !remove.is_empty() {
                request["remove"] = remove.into();
            }
            if let Some(d) = &reference_date {
                request["reference_date"] = d.as_str().into();
            }
            let mut result = call(
                json::index_build,
                &request,
                resumes.as_deref().unwrap_or(&target),
            )?;
            let encoded = result["index"].take();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded.as_str().unwrap_or_default())
                .map_err(|e| failure(&target, Error::Internal(format!("index encoding: {e}"))))?;
            std::fs::write(&target, bytes).map_err(|e| {
                failure(
                    &target,
                    Error::Io {
                        path: target.clone(),
                        message: e.to_string(),
                    },
                )
            })?;
            if let Value::Object(o) = &mut result {
                o.remove("index");
                o.insert("out".into(), target.as_str().into());
            }
            emit(out, &result.to_string(), pretty).map_err(io_failure)?;
            Ok(all_ok)
        }
        IndexCommand::Query {
            index,
            job,
            top,
            filters,
            weights,
        } => {
            let mut request = j!({
                "index": super::base64_of(&read(&index)?),
                "job": job_input(&job)?,
                "top": top,
            });
            if let Some(f) = &filters {
                request["filters"] = read_json(f)?;
            }
            if let Some(w) = &weights {
                request["weights"] = read_json(w)?;
            }
            let result = call(json::index_query, &request, &index)?;
            print_ranked(out, &result, pretty)?;
            Ok(true)
        }
    }
}
