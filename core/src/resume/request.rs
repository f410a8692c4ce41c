//! The JSON face of the parser: `parse_resume` (the file inside the request, as text or base64)
//! and `parse_resume_file` (the file as bytes beside an options object — what every face's
//! `parse_resume_file(bytes, options)` calls). Both read the same options, choose the skill taxonomy
//! and the optional labeller, and return `{"resume", "warnings"}` with a resume that validates.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use serde_json::{Map, Value};

use super::{
    dates, parse_named, Format, NerFn, ParseOptions, ParseOutcome, SkillFinder, DEFAULT_MAX_BYTES,
    MAX_MAX_BYTES,
};
use crate::error::{Error, Result};
use crate::ner::Model;
use crate::taxonomy;

/// Options shared by both entry points.
const OPTION_KEYS: [&str; 10] = [
    "format",
    "reference_date",
    "max_bytes",
    "school_tiers",
    "file_name",
    "id",
    "candidate_id",
    "taxonomy",
    "taxonomy_extension",
    "ner_model",
];

/// Where `parse_resume` finds the file.
const FILE_KEYS: [&str; 2] = ["text", "base64"];

fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

fn optional_string(req: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match req.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(key, "a string")),
    }
}

fn max_bytes(req: &Map<String, Value>) -> Result<u64> {
    match req.get("max_bytes") {
        None | Some(Value::Null) => Ok(DEFAULT_MAX_BYTES),
        Some(v) => match v.as_u64() {
            Some(n) if (1..=MAX_MAX_BYTES).contains(&n) => Ok(n),
            _ => Err(invalid(
                "max_bytes",
                format!("an integer from 1 to {MAX_MAX_BYTES}"),
            )),
        },
    }
}

fn school_tiers(req: &Map<String, Value>) -> Result<BTreeMap<String, Vec<String>>> {
    let mut tiers = BTreeMap::new();
    match req.get("school_tiers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (tier, list) in m {
                let path = format!("school_tiers.{tier}");
                let items = list
                    .as_array()
                    .ok_or_else(|| invalid(&path, "an array of school names"))?;
                let mut names = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(s) if !s.trim().is_empty() => names.push(s.to_string()),
                        _ => return Err(invalid(&format!("{path}[{i}]"), "a non-empty string")),
                    }
                }
                tiers.insert(tier.clone(), names);
            }
        }
        Some(_) => {
            return Err(invalid(
                "school_tiers",
                "an object of tier name → array of school names",
            ))
        }
    }
    Ok(tiers)
}

/// The last labeller model decoded from a request, keyed by the SHA-256 of its base64 text: a
/// host sending the same model with every resume decodes it once.
static LAST_MODEL: Mutex<Option<(String, Arc<Model>)>> = Mutex::new(None);

fn ner_model(req: &Map<String, Value>) -> Result<Option<(Arc<Model>, String)>> {
    let Some(b64) = optional_string(req, "ner_model")? else {
        return Ok(None);
    };
    let key = crate::trail::hex(&<sha2::Sha256 as sha2::Digest>::digest(b64.as_bytes()));
    if let Ok(slot) = LAST_MODEL.lock() {
        if let Some((k, m)) = slot.as_ref() {
            if *k == key {
                return Ok(Some((Arc::clone(m), key)));
            }
        }
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|_| invalid("ner_model", "base64 of an InterviewKit NER model file"))?;
    let model = Arc::new(Model::from_bytes(&bytes).map_err(|e| match e {
        Error::InvalidArgument { expected, .. } => invalid("ner_model", expected),
        other => other,
    })?);
    if let Ok(mut slot) = LAST_MODEL.lock() {
        *slot = Some((key.clone(), Arc::clone(&model)));
    }
    Ok(Some((model, key)))
}

fn check_keys(req: &Map<String, Value>, with_file: bool) -> Result<()> {
    let allowed = |k: &str| OPTION_KEYS.contains(&k) || (with_file && FILE_KEYS.contains(&k));
    match req.keys().find(|k| !allowed(k)) {
        None => Ok(()),
        Some(k) if FILE_KEYS.contains(&k.as_str()) => Err(invalid(
            k,
            "no such option: the file is the bytes argument of parse_resume_file(bytes, options)",
        )),
        Some(k) => {
            let mut keys: Vec<&str> = OPTION_KEYS.to_vec();
            if with_file {
                keys.splice(0..0, FILE_KEYS);
            }
            Err(invalid(
                k,
                format!("no such field; allowed: {}", keys.join(", ")),
            ))
        }
    }
}

/// A parser configured once for many files: the options of [`parse_resume_file_value`] read and
/// checked once, the skill taxonomy and the labeller model built once. `Send + Sync`, so one
/// parser serves every thread of a batch ([`crate::batch`]).
///
/// ```
/// use interviewkit_core::resume::Parser;
/// use serde_json::json;
///
/// let parser = Parser::from_options(&json!({"reference_date": "2026-01-01"})).unwrap();
/// let out = parser.parse("王芳\n工作经历\n2019.03-至今 某银行 客户经理".as_bytes(), Some("r-1")).unwrap();
/// assert_eq!(out.resume.id.as_deref(), Some("r-1"));
/// ```
pub struct Parser {
    format: Option<Format>,
    reference_date: Option<String>,
    max_bytes: u64,
    school_tiers: BTreeMap<String, Vec<String>>,
    file_name: Option<String>,
    ids: (Option<String>, Option<String>),
    taxonomy: Option<taxonomy::Chosen>,
    model: Option<(Arc<Model>, String)>,
}

impl Parser {
    /// Reads `options` as [`parse_resume_file_value`] does (`null` or an object); errors name
    /// the option.
    pub fn from_options(options: &Value) -> Result<Parser> {
        let empty = Map::new();
        let req = match options {
            Value::Null => &empty,
            Value::Object(m) => m,
            _ => return Err(invalid("options", "an object (or null)")),
        };
        check_keys(req, false)?;
        Parser::read(req, true, true)
    }

    /// Reads the options of `req`; the taxonomy and the model only when `with_taxonomy` /
    /// `with_model` (a Rust caller's own finder or labeller takes their place).
    fn read(req: &Map<String, Value>, with_taxonomy: bool, with_model: bool) -> Result<Parser> {
        let format = match optional_string(req, "format")? {
            Some(f) => Some(Format::parse(&f, "format")?),
            None => None,
        };
        let reference_date = optional_string(req, "reference_date")?;
        if let Some(d) = &reference_date {
            dates::parse_reference_date(d, "reference_date")?;
        }
        let taxonomy = match with_taxonomy {
            true => taxonomy::from_request(req, "taxonomy", "taxonomy_extension")?,
            false => None,
        };
        let model = match with_model {
            true => ner_model(req)?,
            false => None,
        };
        Ok(Parser {
            format,
            reference_date,
            max_bytes: max_bytes(req)?,
            school_tiers: school_tiers(req)?,
            file_name: optional_string(req, "file_name")?,
            ids: (
                optional_string(req, "id")?,
                optional_string(req, "candidate_id")?,
            ),
            taxonomy,
            model,
        })
    }

    /// Parses one file. `id`, when given, becomes the resume's id (else the options' `id`, else
    /// a content hash). Errors name the file `bytes`.
    pub fn parse(&self, bytes: &[u8], id: Option<&str>) -> Result<ParseOutcome> {
        let ids = match id {
            Some(id) => (Some(id.to_string()), self.ids.1.clone()),
            None => self.ids.clone(),
        };
        self.parse_with(bytes, "bytes", ids, None, None)
    }

    fn parse_with(
        &self,
        bytes: &[u8],
        field: &str,
        ids: (Option<String>, Option<String>),
        finder: Option<&dyn SkillFinder>,
        ner: Option<&NerFn>,
    ) -> Result<ParseOutcome> {
        let tagger = self.model.as_ref().map(|(m, _)| Arc::clone(m));
        let tag_with_model = move |text: &str| -> Vec<(String, usize, usize)> {
            tagger.as_ref().map_or_else(Vec::new, |m| {
                m.tag(text)
                    .into_iter()
                    .map(|e| (e.entity_type, e.start, e.end))
                    .collect()
            })
        };
        let options = ParseOptions {
            format: self.format,
            reference_date: self.reference_date.clone(),
            max_bytes: self.max_bytes,
            school_tiers: self.school_tiers.clone(),
            file_name: self.file_name.clone(),
            skill_finder: finder.or(self.taxonomy.as_deref().map(|t| t as &dyn SkillFinder)),
            ner: ner.or(self.model.as_ref().map(|_| &tag_with_model as &NerFn)),
            ner_model_hash: match ner {
                Some(_) => None,
                None => self.model.as_ref().map(|(_, h)| h.clone()),
            },
        };
        parse_named(bytes, &options, field, Some(ids))
    }
}

/// Parses with the options of `req`; `finder`/`ner` given by a Rust caller take the place of
/// the request's `taxonomy`/`ner_model`.
fn run(
    bytes: &[u8],
    field: &str,
    req: &Map<String, Value>,
    finder: Option<&dyn SkillFinder>,
    ner: Option<&NerFn>,
) -> Result<Value> {
    let parser = Parser::read(req, finder.is_none(), ner.is_none())?;
    let outcome = parser.parse_with(bytes, field, parser.ids.clone(), finder, ner)?;
    respond(outcome)
}

/// `{"resume", "warnings"}`; debug builds first check that the resume validates.
fn respond(outcome: ParseOutcome) -> Result<Value> {
    let resume =
        serde_json::to_value(&outcome.resume).map_err(|e| Error::Internal(e.to_string()))?;
    // The parser builds documents that validate, and the tests (debug builds) check every
    // resume they parse here; validating again in release builds cost 6 % of a call.
    #[cfg(debug_assertions)]
    check_valid(&resume)?;
    let warnings =
        serde_json::to_value(&outcome.warnings).map_err(|e| Error::Internal(e.to_string()))?;
    let mut out = Map::new();
    out.insert("resume".into(), resume);
    out.insert("warnings".into(), warnings);
    Ok(Value::Object(out))
}

/// An internal error when the parsed resume does not validate.
#[cfg(debug_assertions)]
fn check_valid(resume: &Value) -> Result<()> {
    let report = crate::validate(resume)?;
    if !report.valid {
        return Err(Error::Internal(format!(
            "the parsed resume does not validate: {}",
            report
                .issues
                .first()
                .map(|i| format!("{}: {}", i.pointer, i.message))
                .unwrap_or_default()
        )));
    }
    Ok(())
}

/// Parses a resume given inside a JSON request (see the module documentation of
/// [`crate::resume`]).
///
/// Request: `{"text"?: STRING, "base64"?: STRING (file bytes)} + OPTIONS`, exactly one of `text`
/// and `base64`, where `OPTIONS` are those of [`parse_resume_file_value`].
///
/// Response: `{"resume": RESUME, "warnings": [{"code", "message", "field"?}…]}`; the resume
/// validates as an archive document.
pub fn parse_resume_value(request: &Value) -> Result<Value> {
    parse_resume_value_with(request, None, None)
}

/// [`parse_resume_value`] with a skill finder and a labeller of the caller's own, which take
/// the place of the request's `taxonomy` and `ner_model`.
pub fn parse_resume_value_with(
    request: &Value,
    skill_finder: Option<&dyn SkillFinder>,
    ner: Option<&NerFn>,
) -> Result<Value> {
    let req = request
        .as_object()
        .ok_or_else(|| invalid("request", "an object"))?;
    check_keys(req, true)?;
    let limit = max_bytes(req)?;
    let text = optional_string(req, "text")?;
    let b64 = optional_string(req, "base64")?;
    let (bytes, field): (Vec<u8>, &str) = match (text, b64) {
        (Some(t), None) => (t.into_bytes(), "text"),
        (None, Some(b)) => {
            // Refuse before decoding what cannot fit.
            let decoded_len = (b.len() as u64 / 4) * 3;
            if decoded_len > limit + 3 {
                return Err(Error::LimitExceeded {
                    what: "resume size in bytes".into(),
                    limit,
                    actual: decoded_len,
                });
            }
            let cleaned: String = b.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(cleaned.as_bytes())
                .map_err(|e| invalid("base64", format!("standard base64 ({e})")))?;
            (bytes, "base64")
        }
        (Some(_), Some(_)) => {
            return Err(invalid("base64", "either text or base64, not both"));
        }
        (None, None) => {
            return Err(invalid(
                "text",
                "the resume as text, or its file bytes as base64 (field base64)",
            ))
        }
    };
    run(&bytes, field, req, skill_finder, ner)
}

/// Parses a resume file's bytes with options: the call behind every face's
/// `parse_resume_file(bytes, options)`.
///
/// `options` is `null` or `{"format"?: "txt"|"html"|"docx"|"pdf", "reference_date"?:
/// "YYYY-MM-DD", "max_bytes"?: INT (10 MB), "school_tiers"?: {TIER: [SCHOOL…]}, "file_name"?,
/// "id"?, "candidate_id"?, "taxonomy"?: true|false|TAXONOMY|CSV (true: the embedded default),
/// "taxonomy_extension"?: EXTENSION, "ner_model"?: BASE64}` (see
/// [`crate::taxonomy::from_request`] and [`crate::ner`]). Errors about the file name `bytes`.
///
/// Response: as [`parse_resume_value`].
pub fn parse_resume_file_value(bytes: &[u8], options: &Value) -> Result<Value> {
    let parser = Parser::from_options(options)?;
    respond(parser.parse_with(bytes, "bytes", parser.ids.clone(), None, None)?)
}

/// [`parse_resume_file_value`] as JSON text, written straight from the parsed resume (no
/// intermediate [`Value`]): what the C, WebAssembly and mobile faces return.
pub fn parse_resume_file_json(bytes: &[u8], options: &Value) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Response<'a> {
        resume: &'a crate::schema::Resume,
        warnings: &'a [super::Warning],
    }
    let parser = Parser::from_options(options)?;
    let outcome = parser.parse_with(bytes, "bytes", parser.ids.clone(), None, None)?;
    #[cfg(debug_assertions)]
    check_valid(
        &serde_json::to_value(&outcome.resume).map_err(|e| Error::Internal(e.to_string()))?,
    )?;
    serde_json::to_string(&Response {
        resume: &outcome.resume,
        warnings: &outcome.warnings,
    })
    .map_err(|e| Error::Internal(e.to_string()))
}
