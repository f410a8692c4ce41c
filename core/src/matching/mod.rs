//! Job matching (issue #4, items 1–5 in the core): job-description parsing, the explained fit
//! score, weights (defaults, per-job overrides, learning from outcomes) and the ranking index.
//!
//! Owns: turning a job-description text into an archive [`JobProfile`] ([`parse_job`]),
//! validating a job profile for matching, scoring a [`Resume`] against it (knock-outs, skills
//! with taxonomy partial credit, experience, education, languages and certifications,
//! competency evidence, BM25 text relevance, an optional externally supplied semantic score),
//! the bilingual explanation and gap list, learning weights by regularised logistic regression,
//! and the resume [`Index`] with top-k ranking and the screening funnel. Must not touch: resume
//! parsing ([`crate::resume`], called), the skill taxonomy ([`crate::taxonomy`], read), the
//! archive schema types ([`crate::schema`], used as they are).
//!
//! Every number is deterministic: no clock, no hash-map order, floats rounded to 4 decimals
//! (scores to 2). See `docs/matching.md` for the request/response JSON of the `*_value` entry
//! points and every default.
//!
//! ```
//! use serde_json::json;
//! use interviewkit_core::matching;
//!
//! let out = matching::match_value(&json!({
//!     "job": {"text": "任职要求：\n1. 3年以上工作经验，本科及以上学历\n2. 熟练掌握Python和SQL"},
//!     "resume": {"text": "王芳\n工作经历\n2018.01-2023.12 某科技公司 数据分析师\n技能：Python、MySQL"},
//! })).unwrap();
//! let total = out["total"].as_f64().unwrap();
//! let sum: f64 = out["components"].as_array().unwrap().iter()
//!     .map(|c| c["points"].as_f64().unwrap()).sum();
//! assert!((total - sum).abs() < 1e-9);
//! ```

mod api;
mod index;
mod job;
mod learn;
mod prepare;
mod score;
mod text;

pub use api::{
    index_build_value, index_query_value, job_parse_value, learn_weights_value, match_value,
    rank_value, MAX_RESUMES_PER_REQUEST,
};
pub(crate) use api::{
    job_of as request_job, reference_date as request_reference_date, resume_of as request_resume,
    taxonomy as request_taxonomy,
};
pub use index::{Filters, Funnel, Index, Ranked, ReasonCount, INDEX_FORMAT};
pub use job::{parse_job, JobParseOptions};
pub use learn::{
    learn_weights, Coefficient, CrossValidation, LearnOptions, LearnedWeights, Outcome,
};
pub use prepare::{prepare_job, prepare_resume, Candidate, PreparedJob};
pub use score::{
    experience_curve, match_resume, pair_relevance, ComponentScore, Explanation, Gap,
    KnockoutOutcome, MatchResult, SkillOutcome, Via,
};
pub use text::{BM25_B, BM25_K1};

use std::collections::BTreeMap;

use crate::error::{Error, Result};
pub use crate::schema::{JobProfile, Resume};

/// The scored components, in report order.
pub const COMPONENTS: [&str; 7] = [
    "skills",
    "experience",
    "education",
    "languages_certifications",
    "competencies",
    "text_relevance",
    "semantic",
];

/// Default weights (before renormalisation over the components that apply to a job).
pub const DEFAULT_WEIGHTS: [(&str, f64); 7] = [
    ("skills", 0.35),
    ("experience", 0.20),
    ("education", 0.10),
    ("languages_certifications", 0.10),
    ("competencies", 0.05),
    ("text_relevance", 0.10),
    ("semantic", 0.10),
];

/// Share of the skills component given to required skills when the job also lists preferred
/// ones (the rest goes to preferred skills).
pub const REQUIRED_SHARE: f64 = 0.75;

/// Component weights: component id → weight ≥ 0. Use [`Weights::default`] for the defaults and
/// [`Weights::with_overrides`] for a job's or a request's overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(pub BTreeMap<String, f64>);

impl Default for Weights {
    fn default() -> Self {
        Weights(
            DEFAULT_WEIGHTS
                .iter()
                .map(|(k, v)| ((*k).to_string(), *v))
                .collect(),
        )
    }
}

impl Weights {
    /// These weights with `overrides` (component id → weight) replacing single entries.
    ///
    /// Errors name `path/COMPONENT` for an unknown component or a weight that is negative,
    /// NaN or infinite, and `path` when every weight would be 0.
    pub fn with_overrides(&self, overrides: &serde_json::Value, path: &str) -> Result<Weights> {
        let obj = overrides.as_object().ok_or_else(|| {
            invalid(
                path,
                "an object of component id → weight (skills, experience, …)",
            )
        })?;
        let mut out = self.clone();
        for (k, v) in obj {
            let p = format!("{path}/{k}");
            if !COMPONENTS.contains(&k.as_str()) {
                return Err(invalid(
                    &p,
                    format!("a component id, one of {}", COMPONENTS.join(", ")),
                ));
            }
            let w = v
                .as_f64()
                .filter(|w| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| invalid(&p, "a finite number ≥ 0"))?;
            out.0.insert(k.clone(), w);
        }
        if out.0.values().all(|w| *w == 0.0) {
            return Err(invalid(path, "at least one weight above 0"));
        }
        Ok(out)
    }

    /// The weight of a component (0 when unknown).
    pub fn get(&self, component: &str) -> f64 {
        self.0.get(component).copied().unwrap_or(0.0)
    }
}

pub(crate) fn invalid(name: &str, expected: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name: name.to_string(),
        expected: expected.into(),
    }
}

/// One error from several problems: the first names the field, the rest are listed after it.
pub(crate) fn collect(mut problems: Vec<(String, String)>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let (name, mut expected) = problems.remove(0);
    if !problems.is_empty() {
        let rest: Vec<String> = problems
            .iter()
            .map(|(n, e)| format!("`{n}`: expected {e}"))
            .collect();
        expected = format!("{expected} (also {} more: {})", rest.len(), rest.join("; "));
    }
    Err(invalid(&name, expected))
}

pub(crate) fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
