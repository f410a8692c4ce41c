//! Resume understanding: documents in, archive [`Resume`] out, every value with its evidence
//! span (issue #3, items 1–2).
//!
//! Owns: reading resume files (plain text in UTF-8, UTF-16 or GBK/GB18030; HTML; DOCX; PDF with
//! a text layer behind the core feature `pdf`), normalising their text, and the rule-based
//! parser from that text to the archive resume: contact, sections, education, experience,
//! projects, skills, languages, certifications and competency evidence. Must not touch: the skill
//! taxonomy (plugged in through [`SkillFinder`]), the trainable labeller (plugged in through
//! [`NerFn`]), or scoring.
//!
//! Every span is a code-point range into `raw_text`, the normalised text (see
//! `docs/resume-parsing.md` for the normalisation, the date conventions and where each value is
//! written). The parser is deterministic: "present" (`至今`) is resolved only against the
//! request's `reference_date`, never the clock.
//!
//! Request → response (through [`parse_resume_value`]):
//!
//! ```
//! use serde_json::json;
//!
//! let out = interviewkit_core::resume::parse_resume_value(&json!({
//!     "text": "张伟\n手机：138 0013 8000 | 邮箱：zhangwei@example.com\n\
//!              工作经历\n2019.03-至今 招商银行 客户经理\n负责高净值客户的财富管理",
//!     "reference_date": "2024-02-29"
//! })).unwrap();
//! let resume = &out["resume"];
//! assert_eq!(resume["basics"]["name"], "张伟");
//! assert_eq!(resume["basics"]["phone"], "138 0013 8000");
//! assert_eq!(resume["experience"][0]["organization"], "招商银行");
//! assert_eq!(resume["experience"][0]["start_date"], "2019-03");
//! assert_eq!(resume["total_experience_months"], 60);
//! let span = &resume["basics"]["evidence"]["name"];
//! assert_eq!((span["start"].as_u64(), span["end"].as_u64()), (Some(0), Some(2)));
//! assert!(interviewkit_core::validate(resume).unwrap().valid);
//! ```

mod contact;
mod dates;
mod education;
mod experience;
mod extras;
mod input;
mod request;
mod sections;
mod text;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

pub use input::{
    Format, MAX_DOCX_ENTRIES, MAX_DOCX_PART_BYTES, MAX_DOCX_TOTAL_BYTES, MAX_PDF_PAGES,
    MAX_PDF_STREAM_BYTES, MAX_PDF_TOTAL_BYTES,
};
pub use request::{
    parse_resume_file_json, parse_resume_file_value, parse_resume_value, parse_resume_value_with,
    Parser,
};

use crate::error::{Error, Result};
use crate::schema::{Provenance, Resume, ResumeKind, SourceDocument};

/// The default size limit of a resume file: 10 MB.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The largest `max_bytes` a request may ask for: 64 MB.
pub const MAX_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries per section (education, experience, projects, languages).
pub const MAX_ENTRIES: usize = 200;

/// Something the caller should know about a parse that still succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable snake_case code (`decoded_as_gb18030`, `pdf_page_without_text`,
    /// `present_without_reference_date` …; see docs/resume-parsing.md).
    pub code: String,
    /// What happened, in English.
    pub message: String,
    /// The resume field concerned, when there is one (`basics.name`, `experience.end_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

pub(crate) fn warn(code: &str, message: impl Into<String>, field: &str) -> Warning {
    Warning {
        code: code.to_string(),
        message: message.into(),
        field: Some(field.to_string()),
    }
}

/// One skill occurrence found by a [`SkillFinder`]: offsets are code points into the text given.
pub type SkillHit = crate::taxonomy::SkillMatch;

/// Finds skills in the normalised text. The skill taxonomy implements it; so does any
/// `Fn(&str) -> Vec<SkillHit>`.
pub trait SkillFinder {
    /// Every skill occurrence in `text`, offsets in code points.
    fn find(&self, text: &str) -> Vec<SkillHit>;
    /// The taxonomy's version or content hash, written to `provenance.taxonomy_hash`.
    fn version(&self) -> Option<String> {
        None
    }
    /// The taxonomy itself when this finder is one: the parser then matches through it
    /// directly, with byte offsets and no copied strings (same results as [`Self::find`]).
    fn as_taxonomy(&self) -> Option<&crate::taxonomy::Taxonomy> {
        None
    }
}

impl SkillFinder for crate::taxonomy::Taxonomy {
    fn find(&self, text: &str) -> Vec<SkillHit> {
        crate::taxonomy::Taxonomy::find(self, text)
    }
    fn version(&self) -> Option<String> {
        Some(crate::taxonomy::Taxonomy::version(self).to_string())
    }
    fn as_taxonomy(&self) -> Option<&crate::taxonomy::Taxonomy> {
        Some(self)
    }
}

impl<F: Fn(&str) -> Vec<SkillHit>> SkillFinder for F {
    fn find(&self, text: &str) -> Vec<SkillHit> {
        self(text)
    }
}

/// A named-entity labeller: `(type, start, end)` with types `NAME`, `ORG`, `TITLE`, `EDU`,
/// `LOC`, `PRO` (major) and code-point offsets into the text given. Used to fill what the rules
/// miss (name, employer, title, school, city, major).
pub type NerFn = dyn Fn(&str) -> Vec<(String, usize, usize)>;

/// How to parse.
pub struct ParseOptions<'a> {
    /// The format, when the caller knows it; binary formats are recognised by their magic bytes
    /// whatever this says.
    pub format: Option<Format>,
    /// `YYYY-MM-DD`: the date "present" (`至今`) means. Without it, current positions have no
    /// end and the total experience is not computed.
    pub reference_date: Option<String>,
    /// Largest accepted file, in bytes.
    pub max_bytes: u64,
    /// School tiers: tier name → school names (`{"985": ["北京大学", …]}`), written to
    /// `education[].school_tiers`.
    pub school_tiers: BTreeMap<String, Vec<String>>,
    /// Original file name, for `source.file_name`.
    pub file_name: Option<String>,
    /// Skill recogniser (the taxonomy); without one, skills-section items are listed without ids.
    pub skill_finder: Option<&'a dyn SkillFinder>,
    /// Named-entity labeller, when a model is loaded.
    pub ner: Option<&'a NerFn>,
    /// Content hash of the labeller's model, for `provenance.model_hash`.
    pub ner_model_hash: Option<String>,
}

impl Default for ParseOptions<'_> {
    fn default() -> Self {
        ParseOptions {
            format: None,
            reference_date: None,
            max_bytes: DEFAULT_MAX_BYTES,
            school_tiers: BTreeMap::new(),
            file_name: None,
            skill_finder: None,
            ner: None,
            ner_model_hash: None,
        }
    }
}

/// A parsed resume and the warnings of the parse.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseOutcome {
    /// The archive resume.
    pub resume: Resume,
    /// Things the caller should know.
    pub warnings: Vec<Warning>,
}

/// An entity from the labeller, in byte offsets of the normalised text.
pub(crate) struct Entity {
    pub kind: String,
    pub start: usize,
    pub end: usize,
}

pub(crate) fn contact_is_city(s: &str) -> bool {
    contact::is_city(s)
}

pub(crate) fn experience_is_title(s: &str) -> bool {
    experience::is_title(s)
}

/// Parses a resume file.
///
/// Errors: [`Error::LimitExceeded`] above `max_bytes` (and for DOCX/PDF parts that inflate past
/// their caps), [`Error::InvalidArgument`] (`bytes`) for empty input, binary data, damaged
/// DOCX/PDF, [`Error::InvalidUtf8`] for text in no encoding recognised.
pub fn parse_resume(bytes: &[u8], options: &ParseOptions<'_>) -> Result<ParseOutcome> {
    parse_named(bytes, options, "bytes", None)
}

pub(crate) fn parse_named(
    bytes: &[u8],
    options: &ParseOptions<'_>,
    field: &str,
    ids: Option<(Option<String>, Option<String>)>,
) -> Result<ParseOutcome> {
    let size = bytes.len() as u64;
    if size > options.max_bytes {
        return Err(Error::LimitExceeded {
            what: "resume size in bytes".into(),
            limit: options.max_bytes,
            actual: size,
        });
    }
    let reference = match options.reference_date.as_deref() {
        Some(d) => Some(dates::parse_reference_date(d, "reference_date")?),
        None => None,
    };
    let decoded = input::decode(bytes, options.format, field)?;
    let mut warnings = decoded.warnings;
    let normalised = text::normalise(&decoded.text);
    drop(decoded.text);
    if normalised.trim().is_empty() {
        return Err(Error::InvalidArgument {
            name: field.to_string(),
            expected: "a resume with some text; the document has none".into(),
        });
    }
    let doc = text::Doc::new(normalised);
    let sections = sections::split(&doc);
    if sections.len() == 1 {
        warnings.push(warn(
            "no_sections_found",
            "no section headings (教育背景, Work Experience …) were recognised; only contact data and keywords were read",
            "raw_text",
        ));
    }

    let mut entities = Vec::new();
    if let Some(ner) = options.ner {
        let mut bad = 0usize;
        for (kind, s, e) in ner(&doc.text) {
            match (doc.byte_of(s), doc.byte_of(e)) {
                (Some(bs), Some(be)) if be > bs => entities.push(Entity {
                    kind,
                    start: bs,
                    end: be,
                }),
                _ => bad += 1,
            }
        }
        if bad > 0 {
            warnings.push(warn(
                "ner_span_out_of_bounds",
                format!(
                    "{bad} entity span(s) from the labeller were outside the text and were dropped"
                ),
                "raw_text",
            ));
        }
    }

    let zh = is_chinese(&doc.text);
    let basics = contact::extract(&doc, &sections, &entities, &mut warnings)?;
    let education = education::extract(
        &doc,
        &sections,
        &options.school_tiers,
        &entities,
        &mut warnings,
    )?;
    let experience = experience::extract(&doc, &sections, &entities, &mut warnings)?;
    let projects = experience::projects(&doc, &sections, &entities)?;
    let skills = extras::skills(&doc, &sections, options.skill_finder, &mut warnings)?;
    let languages = extras::languages(&doc, &sections, zh)?;
    let certifications = extras::certifications(&doc, &sections)?;
    let competencies = extras::competency_evidence(&doc)?;

    let mut extra = Map::new();
    match experience::total_months(&experience, reference) {
        Ok(Some(months)) => {
            extra.insert("total_experience_months".into(), Value::from(months));
            let years = (months as f64 / 12.0 * 1e4).round() / 1e4;
            extra.insert("total_experience_years".into(), Value::from(years));
        }
        Ok(None) => {}
        Err(()) => warnings.push(warn(
            "present_without_reference_date",
            "a position runs until now (至今/Present) but no reference_date was given; the total experience was not computed",
            "total_experience_months",
        )),
    }
    if !projects.is_empty() {
        extra.insert("projects".into(), Value::Array(projects));
    }
    if !competencies.is_empty() {
        extra.insert("competency_evidence".into(), Value::Array(competencies));
    }

    let sha = text::hex(&Sha256::digest(bytes));
    let mut source = SourceDocument {
        file_name: options.file_name.clone(),
        media_type: Some(decoded.format.media_type().to_string()),
        byte_size: Some(size),
        sha256: Some(sha.clone()),
        language: Some(if zh { "zh" } else { "en" }.to_string()),
        ..SourceDocument::default()
    };
    source
        .extra
        .insert("format".into(), Value::String(decoded.format.name().into()));
    if let Some(enc) = decoded.encoding {
        source
            .extra
            .insert("encoding".into(), Value::String(enc.into()));
    }

    let taxonomy_hash = options.skill_finder.and_then(|f| f.version());
    let mut provenance = Provenance {
        engine_version: crate::ENGINE_VERSION.to_string(),
        taxonomy_hash,
        model_hash: options.ner.and(options.ner_model_hash.clone()),
        input_hash: Some(input_hash(&sha, options)),
        ..Provenance::default()
    };
    provenance
        .extra
        .insert("parser".into(), Value::String("rules".into()));
    if let Some(d) = &options.reference_date {
        provenance
            .extra
            .insert("reference_date".into(), Value::String(d.clone()));
    }

    let (id, candidate_id) = ids.unwrap_or((None, None));
    let resume = Resume {
        schema_version: crate::SCHEMA_VERSION,
        kind: ResumeKind::Tag,
        id,
        candidate_id,
        source: Some(source),
        basics,
        education,
        experience,
        skills,
        certifications,
        languages,
        raw_text: Some(doc.text),
        provenance: Some(provenance),
        extra,
    };
    Ok(ParseOutcome { resume, warnings })
}

/// Chinese when Han characters are at least a third as many as Latin letters.
fn is_chinese(text: &str) -> bool {
    let (mut han, mut latin) = (0usize, 0usize);
    for c in text.chars().take(50_000) {
        if text::is_han(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    han > 0 && han * 3 >= latin
}

/// SHA-256 of the canonical JSON of everything that decides the output.
fn input_hash(sha: &str, options: &ParseOptions<'_>) -> String {
    let tiers: Map<String, Value> = options
        .school_tiers
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.clone())))
        .collect();
    let inputs = serde_json::json!({
        "sha256": sha,
        "format": options.format.map(Format::name),
        "reference_date": options.reference_date,
        "school_tiers": tiers,
    });
    text::hex(&Sha256::digest(
        crate::trail::canonical_json(&inputs).as_bytes(),
    ))
}
