//! Answer scoring from the transcript, instant candidate feedback, scorecards with percentiles,
//! and replay (issue #5, items 4–6).
//!
//! Owns: measuring one answer's content (STAR structure, specificity, ownership, relevance,
//! rubric and competency cues), turning it into per-competency levels with evidence quotes and
//! what is missing, safe feedback for the candidate, the interview scorecard (an archive
//! `scorecard` document) and its bit-for-bit replay. Must not touch: the bank (read only),
//! plans and sessions. Scoring reads the transcript's words only: no audio, video, voice, face,
//! emotion or personal characteristics. See `docs/interview-scoring.md`.
//!
//! Request → response (through [`answer_score_value`]):
//!
//! ```
//! use serde_json::json;
//!
//! let out = interviewkit_core::interview::score::answer_score_value(&json!({
//!     "question_id": "comm-001",
//!     "transcript": "Last year during my internship a retired customer could not use the \
//!         mobile app. I explained the verification code with an analogy and asked him to \
//!         repeat the steps in his own words. In the end he made his first transfer alone.",
//! })).unwrap();
//! assert_eq!(out["language"], "en");
//! let level = out["competencies"]["communication"]["level"].as_u64().unwrap();
//! assert!((1..=5).contains(&level));
//! let quote = &out["competencies"]["communication"]["evidence"][0];
//! assert!(quote["quote"].is_string() && quote["indicator"].is_string());
//! assert!(!out["feedback"].as_str().unwrap().chars().any(|c| c.is_ascii_digit()));
//! ```

mod features;
mod feedback;
mod level;
mod lexicon;
mod scorecard;
mod text;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::interview::bank::{Bank, Lang, Question, QuestionType};

pub use features::{
    Features, HypotheticalFeatures, LengthFeatures, LexiconFeature, OwnershipFeatures,
    PlanFeatures, RelevanceFeatures, RubricFeatures, SpecificityFeatures, StarFeatures,
    StructureFeatures,
};
pub use scorecard::{
    interview_replay_value, interview_score_value, replay, score_interview, InterviewInput, Norms,
    ReplayReport, ScorecardMeta, MAX_NORM_VALUES, MAX_PLAN_QUESTIONS,
};

/// Default longest transcript, in code points.
pub const DEFAULT_MAX_CHARS: usize = 20_000;
/// The largest `max_chars` a caller may set.
pub const MAX_CHARS_LIMIT: usize = 200_000;

/// Options for [`score_answer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Feedback language; `None` = the answer's dominant language.
    pub lang: Option<Lang>,
    /// Add the estimated levels to the feedback text (default: no numbers about levels).
    pub show_scores: bool,
    /// Longest transcript accepted, in code points (default [`DEFAULT_MAX_CHARS`]).
    pub max_chars: usize,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            lang: None,
            show_scores: false,
            max_chars: DEFAULT_MAX_CHARS,
        }
    }
}

/// A quote from the transcript that triggered a cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceItem {
    /// The clause, exactly as in the transcript.
    pub quote: String,
    /// First code point of the quote in the transcript.
    pub start: usize,
    /// End code point, exclusive (`transcript[start:end] == quote` in Python).
    pub end: usize,
    /// Which indicator it shows (`star.result`, `specificity.number`, `lexicon.teamwork` …).
    pub indicator: String,
}

/// A coded message (`missing`, feedback items, warnings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Stable code (`star.result`, `ownership.first_person` …).
    pub code: String,
    /// Text in the feedback language.
    pub text: String,
}

/// The assessment of one competency in one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyResult {
    /// Competency id.
    pub competency: String,
    /// True for the question's primary (first) competency.
    pub primary: bool,
    /// Level 1–5: the score rounded half up.
    pub level: u8,
    /// Continuous score 1.0–5.0 (4 decimals).
    pub score: f64,
    /// Confidence 0–1 (4 decimals).
    pub confidence: f64,
    /// Up to three quotes with the indicator each shows.
    pub evidence: Vec<EvidenceItem>,
    /// What would raise the level, most useful first.
    pub missing: Vec<Item>,
}

/// The result of [`score_answer`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerScore {
    /// The question answered.
    pub question_id: String,
    /// Dominant language of the answer.
    pub language: Lang,
    /// Language of `feedback`, `missing` and `warnings`.
    pub feedback_language: Lang,
    /// One entry per competency of the question, in the question's order.
    pub competencies: Vec<CompetencyResult>,
    /// Every measured feature.
    pub features: Features,
    /// One feedback text for the candidate.
    pub feedback: String,
    /// The one to three items the feedback text is built from.
    pub feedback_items: Vec<Item>,
    /// Things the host should know (very short, off-topic, mixed language …).
    pub warnings: Vec<Item>,
    /// Engine version.
    pub engine_version: String,
    /// Bank version (the rubric used).
    pub rubric_version: String,
}

impl AnswerScore {
    /// The JSON response of `answer_score` (fixed key order).
    pub fn to_value(&self) -> Value {
        let mut comps = Map::new();
        for c in &self.competencies {
            comps.insert(
                c.competency.clone(),
                json!({
                    "level": c.level,
                    "score": c.score,
                    "confidence": c.confidence,
                    "evidence": c.evidence,
                    "missing": c.missing,
                }),
            );
        }
        json!({
            "question_id": self.question_id,
            "language": lang_name(self.language),
            "feedback_language": lang_name(self.feedback_language),
            "competencies": comps,
            "features": self.features,
            "feedback": self.feedback,
            "feedback_items": self.feedback_items,
            "warnings": self.warnings,
            "engine_version": self.engine_version,
            "rubric_version": self.rubric_version,
        })
    }
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// Scores one answer to `question` (a question of `bank`).
///
/// Errors: an empty or whitespace-only transcript is [`Error::InvalidArgument`] naming
/// `transcript`; one longer than `options.max_chars` code points is [`Error::LimitExceeded`].
pub fn score_answer(
    bank: &Bank,
    question: &Question,
    transcript: &str,
    options: &ScoreOptions,
) -> Result<AnswerScore> {
    score_answer_at(bank, question, transcript, options, "transcript", Lang::En)
}

/// [`score_answer`] with the transcript's field name for errors and the language assumed for a
/// transcript without letters.
pub(crate) fn score_answer_at(
    bank: &Bank,
    question: &Question,
    transcript: &str,
    options: &ScoreOptions,
    field: &str,
    no_letters_lang: Lang,
) -> Result<AnswerScore> {
    check_transcript(transcript, options.max_chars, field)?;
    let lex = lexicon::lexicon()?;
    let fallback = options.lang.unwrap_or(no_letters_lang);
    let analysis = features::analyse(lex, bank, question, transcript, fallback);
    let lang = options.lang.unwrap_or(analysis.language);
    let results = level::assess(lex, bank, question, &analysis, lang);
    let (feedback, feedback_items) = feedback::feedback(
        lex,
        bank,
        question,
        &analysis,
        &results,
        lang,
        options.show_scores,
    );
    let warnings = warnings(lex, question, &analysis, lang);
    Ok(AnswerScore {
        question_id: question.id.clone(),
        language: analysis.language,
        feedback_language: lang,
        competencies: results,
        features: analysis.features,
        feedback,
        feedback_items,
        warnings,
        engine_version: crate::ENGINE_VERSION.to_string(),
        rubric_version: bank.version().to_string(),
    })
}

fn check_transcript(transcript: &str, max_chars: usize, field: &str) -> Result<()> {
    // Bytes ≥ code points, so short byte lengths need no count; long ones fail fast.
    if transcript.len() > max_chars {
        let chars = transcript.chars().count();
        if chars > max_chars {
            return Err(Error::LimitExceeded {
                what: format!("{field} length in characters"),
                limit: max_chars as u64,
                actual: chars as u64,
            });
        }
    }
    if transcript.trim().is_empty() {
        return Err(invalid(field, "a non-empty answer transcript"));
    }
    Ok(())
}

fn warnings(
    lex: &lexicon::Lexicon,
    question: &Question,
    a: &features::Analysis,
    lang: Lang,
) -> Vec<Item> {
    let f = &a.features;
    let mut codes = Vec::new();
    if f.length.units <= 0.0 {
        codes.push("transcript.no_words");
    } else if f.length.too_short {
        codes.push("length.too_short");
    }
    if f.length.too_long {
        codes.push("length.too_long");
    }
    if f.relevance.off_topic && f.length.units > 0.0 {
        codes.push("relevance.off_topic");
    }
    let han_words = f.length.han_chars as f64 / 2.0;
    let latin = f.length.latin_words as f64;
    let (lo, hi) = if han_words < latin {
        (han_words, latin)
    } else {
        (latin, han_words)
    };
    if lo >= 5.0 && lo >= 0.25 * hi {
        codes.push("language.mixed");
    }
    if question.question_type == QuestionType::Behavioral && f.hypothetical.ratio > 0.6 {
        codes.push("hypothetical.behavioral");
    }
    if f.lexicon.iter().any(|l| l.fallback) {
        codes.push("lexicon.fallback");
    }
    codes
        .into_iter()
        .map(|c| Item {
            code: c.to_string(),
            text: lexicon::Messages::text(&lex.messages.warnings, c, lang).to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// JSON entry point
// ---------------------------------------------------------------------------------------------

/// `answer_score`: `{"question_id", "transcript", "lang"?, "show_scores"?, "max_chars"?,
/// "extension"?}` → `{"question_id", "language", "feedback_language", "competencies",
/// "features", "feedback", "feedback_items", "warnings", "engine_version", "rubric_version"}`.
pub fn answer_score_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    no_unknown_keys(
        req,
        &[
            "question_id",
            "transcript",
            "lang",
            "show_scores",
            "max_chars",
            "extension",
        ],
        "answer_score",
    )?;
    let bank_owned;
    let bank = match req.get("extension") {
        None | Some(Value::Null) => Bank::default()?,
        Some(ext) => {
            bank_owned = extended_bank(ext)?;
            &bank_owned
        }
    };
    let qid = match req.get("question_id") {
        Some(v) => string(v, "question_id")?,
        None => {
            return Err(invalid(
                "question_id",
                "a question id of the bank (the field is missing)",
            ))
        }
    };
    let question = bank.question(qid).ok_or_else(|| {
        invalid(
            "question_id",
            format!("the id of a question in the bank (e.g. comm-001); got {qid:?}"),
        )
    })?;
    let transcript = match req.get("transcript") {
        Some(v) => string(v, "transcript")?,
        None => {
            return Err(invalid(
                "transcript",
                "the answer transcript (the field is missing)",
            ))
        }
    };
    let mut options = ScoreOptions::default();
    if let Some(v) = req.get("lang").filter(|v| !v.is_null()) {
        options.lang = Some(Lang::parse(string(v, "lang")?, "lang")?);
    }
    if let Some(v) = req.get("show_scores").filter(|v| !v.is_null()) {
        options.show_scores = v
            .as_bool()
            .ok_or_else(|| invalid("show_scores", "true or false"))?;
    }
    if let Some(v) = req.get("max_chars").filter(|v| !v.is_null()) {
        options.max_chars = max_chars(v, "max_chars")?;
    }
    Ok(score_answer(bank, question, transcript, &options)?.to_value())
}

// ---------------------------------------------------------------------------------------------
// Helpers (house style: errors name the exact field)
// ---------------------------------------------------------------------------------------------

pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

pub(crate) fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| invalid(path, "an object"))
}

pub(crate) fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| invalid(path, "a string"))
}

pub(crate) fn no_unknown_keys(obj: &Map<String, Value>, allowed: &[&str], op: &str) -> Result<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(
            k,
            format!(
                "no such field in an {op} request; allowed: {}",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

pub(crate) fn max_chars(v: &Value, path: &str) -> Result<usize> {
    match v.as_u64() {
        Some(n) if n >= 1 && n <= MAX_CHARS_LIMIT as u64 => Ok(n as usize),
        _ => Err(invalid(
            path,
            format!("a whole number of characters from 1 to {MAX_CHARS_LIMIT}; got {v}"),
        )),
    }
}

/// The default bank with `extension` applied; errors are named `extension.…`.
pub(crate) fn extended_bank(extension: &Value) -> Result<Bank> {
    Bank::default()?.extend(extension).map_err(|e| match e {
        Error::InvalidArgument { name, expected } => Error::InvalidArgument {
            name: if name == "extension" {
                name
            } else {
                format!("extension.{name}")
            },
            expected,
        },
        other => other,
    })
}
