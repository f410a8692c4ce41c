//! Role views: deny-by-default, field-level masking of archive documents for the person who will
//! see them (candidate, interviewer, HR, hiring manager, auditor, data scientist).
//!
//! Owns: the policy table (which JSON paths each role may see in each document kind) and
//! applying it. Must not touch: free-text content (a field is shown whole or not at all; mask
//! personal data *inside* text with [`crate::redact`] first), authentication, or deciding whose
//! data a candidate may see (the host passes the candidate their own documents only).
//!
//! **Deny by default.** A policy is an allow-list of paths (`/basics/summary`,
//! `/experience/*/title`, `*` = any array element, `**` = any depth, for custom policies). A value
//! is kept when its path is allowed (an allowed path keeps everything below it); everything else
//! is removed, unknown `extra` fields included, and listed in `withheld`. The built-in policies
//! name leaf fields only (plus three fields whose content is data, not schema:
//! `competency_weights`, `requirements/knockouts/*/value` and `conflicts/*/kept|other`), so an
//! unknown field is never shown to any role. The table is [`policy`]; `docs/role-views.md`
//! prints it.
//!
//! Requests (through [`role_view_value`]):
//! - `{"document": …, "role": "interviewer", "policy"?: {role: [path, …]}}` →
//!   `{"role", "document": <masked>, "withheld": [pointer, …], "withheld_count": n}`;
//! - `{"role": "auditor", "policy_only": true, "kind"?: "profile"}` →
//!   `{"role", "policy": {kind: [path, …]}}`.
//!
//! ```
//! use serde_json::json;
//!
//! let out = interviewkit_core::views::role_view_value(&json!({
//!     "role": "auditor",
//!     "document": {"schema_version": 1, "kind": "candidate", "id": "c-1", "name": "张伟",
//!                  "contact": {"email": "zw@example.com"}, "x_note": "unknown field"}
//! })).unwrap();
//! assert_eq!(out["document"], json!({"schema_version": 1, "kind": "candidate", "id": "c-1"}));
//! assert_eq!(out["withheld"], json!(["/contact", "/name", "/x_note"]));
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::schema::migrate::migrate_value;
use crate::schema::DocumentKind;

/// Who a view is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The candidate or employee the documents are about (data-subject access).
    Candidate,
    /// Someone interviewing the candidate.
    Interviewer,
    /// HR: nearly everything.
    Hr,
    /// The manager deciding the hire.
    HiringManager,
    /// Fairness and compliance review: scores, decisions, provenance, consents; no identity.
    Auditor,
    /// Analytics: pseudonymous features only.
    DataScientist,
}

impl Role {
    /// Every built-in role.
    pub const ALL: [Role; 6] = [
        Role::Candidate,
        Role::Interviewer,
        Role::Hr,
        Role::HiringManager,
        Role::Auditor,
        Role::DataScientist,
    ];

    /// The role's name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Interviewer => "interviewer",
            Role::Hr => "hr",
            Role::HiringManager => "hiring_manager",
            Role::Auditor => "auditor",
            Role::DataScientist => "data_scientist",
        }
    }

    /// The role for a name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.as_str() == s)
    }

    /// Every role name, comma-separated, for messages.
    pub fn list() -> String {
        Role::ALL
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

// ---------------------------------------------------------------------------------------------
// Field groups (paths relative to a document of the kind, without the leading `/`)
// ---------------------------------------------------------------------------------------------

const HEADER: &[&str] = &["schema_version", "kind"];

const PROVENANCE: &[&str] = &[
    "engine_version",
    "rubric_hash",
    "model_hash",
    "taxonomy_hash",
    "input_hash",
    "computed_at",
];

// Candidate.
const C_IDS: &[&str] = &["id"];
const C_NAME: &[&str] = &["name", "name_alt"];
const C_CONTACT: &[&str] = &[
    "contact/email",
    "contact/phone",
    "contact/wechat_id",
    "contact/city",
    "contact/country_code",
];
const C_LANGUAGE: &[&str] = &["language"];
const C_CONSENTS: &[&str] = &[
    "consents/*/purpose",
    "consents/*/scope",
    "consents/*/jurisdiction",
    "consents/*/granted_at",
    "consents/*/withdrawn_at",
    "consents/*/notice_version",
];

// Resume.
const R_IDS: &[&str] = &["id", "candidate_id"];
const R_SOURCE_META: &[&str] = &[
    "source/media_type",
    "source/byte_size",
    "source/sha256",
    "source/language",
    "source/imported_from",
];
const R_SOURCE_FILE: &[&str] = &["source/file_name"];
const R_NAME: &[&str] = &["basics/name"];
const R_PHOTO: &[&str] = &["basics/image"];
const R_CONTACT: &[&str] = &[
    "basics/email",
    "basics/phone",
    "basics/wechat_id",
    "basics/url",
    "basics/location/address",
    "basics/location/postal_code",
    "basics/profiles/*/network",
    "basics/profiles/*/username",
    "basics/profiles/*/url",
];
const R_LOCATION: &[&str] = &[
    "basics/location/city",
    "basics/location/country_code",
    "basics/location/region",
];
const R_HEADLINE: &[&str] = &["basics/label", "basics/summary"];
const R_SCHOOLS: &[&str] = &["education/*/institution", "education/*/url"];
const R_EDUCATION: &[&str] = &[
    "education/*/area",
    "education/*/study_type",
    "education/*/degree",
    "education/*/start_date",
    "education/*/end_date",
    "education/*/score",
    "education/*/courses",
];
const R_EXPERIENCE: &[&str] = &[
    "experience/*/organization",
    "experience/*/title",
    "experience/*/location",
    "experience/*/url",
    "experience/*/start_date",
    "experience/*/end_date",
    "experience/*/description",
    "experience/*/highlights",
];
const R_SKILLS: &[&str] = &[
    "skills/*/taxonomy_id",
    "skills/*/name",
    "skills/*/level",
    "skills/*/keywords",
];
const R_CERTIFICATIONS: &[&str] = &[
    "certifications/*/name",
    "certifications/*/date",
    "certifications/*/issuer",
    "certifications/*/url",
];
const R_LANGUAGES: &[&str] = &[
    "languages/*/language",
    "languages/*/fluency",
    "languages/*/test",
    "languages/*/score",
];
const R_EVIDENCE: &[&str] = &[
    "education/*/evidence/start",
    "education/*/evidence/end",
    "education/*/evidence/text",
    "experience/*/evidence/start",
    "experience/*/evidence/end",
    "experience/*/evidence/text",
    "skills/*/evidence/*/start",
    "skills/*/evidence/*/end",
    "skills/*/evidence/*/text",
    "certifications/*/evidence/start",
    "certifications/*/evidence/end",
    "certifications/*/evidence/text",
];
const R_RAW_TEXT: &[&str] = &["raw_text"];
/// Pseudonymous features: levels, categories and dates, no free text, no schools.
const R_FEATURES: &[&str] = &[
    "education/*/area",
    "education/*/degree",
    "education/*/start_date",
    "education/*/end_date",
    "experience/*/title",
    "experience/*/start_date",
    "experience/*/end_date",
    "skills/*/taxonomy_id",
    "skills/*/name",
    "skills/*/level",
    "certifications/*/name",
    "certifications/*/date",
    "certifications/*/issuer",
    "languages/*/language",
    "languages/*/fluency",
    "languages/*/test",
    "languages/*/score",
];

// Job profile.
const J_IDS: &[&str] = &["id"];
const J_PUBLIC: &[&str] = &[
    "title",
    "role_family",
    "department",
    "description",
    "requirements/degree",
    "requirements/majors",
    "requirements/min_years_experience",
    "requirements/skills/*/taxonomy_id",
    "requirements/skills/*/name",
    "requirements/skills/*/weight",
    "requirements/skills/*/level",
    "requirements/skills/*/required",
    "requirements/languages/*/language",
    "requirements/languages/*/min_level",
    "requirements/languages/*/required",
    "requirements/certifications",
    "requirements/locations",
    "requirements/knockouts/*/id",
    "requirements/knockouts/*/field",
    "requirements/knockouts/*/op",
    "requirements/knockouts/*/value",
    "requirements/knockouts/*/reason_en",
    "requirements/knockouts/*/reason_zh",
];
const J_WEIGHTS: &[&str] = &["competency_weights"];

// Interview.
const I_IDS: &[&str] = &["id", "candidate_id", "job_id"];
const I_PLAN_PUBLIC: &[&str] = &[
    "plan/questions/*/question_id",
    "plan/questions/*/time_limit_seconds",
    "plan/language",
];
const I_PLAN_INTERNAL: &[&str] = &["plan/seed", "plan/rubric_hash"];
const I_QUESTIONS: &[&str] = &[
    "questions/*/id",
    "questions/*/text",
    "questions/*/language",
    "questions/*/question_type",
    "questions/*/competencies",
];
const I_ANSWER_META: &[&str] = &[
    "answers/*/question_id",
    "answers/*/language",
    "answers/*/started_at",
    "answers/*/submitted_at",
    "answers/*/duration_ms",
];
const I_TRANSCRIPTS: &[&str] = &[
    "answers/*/transcript",
    "answers/*/word_timings/*/word",
    "answers/*/word_timings/*/start_ms",
    "answers/*/word_timings/*/end_ms",
];
const I_STATE: &[&str] = &[
    "state/status",
    "state/answered",
    "state/total",
    "state/updated_at",
];
const I_SIGNALS: &[&str] = &[
    "signals/*/category",
    "signals/*/name",
    "signals/*/value",
    "signals/*/unit",
    "signals/*/question_id",
];

// Scorecard.
const S_IDS: &[&str] = &[
    "id",
    "candidate_id",
    "interview_id",
    "job_id",
    "scale/min",
    "scale/max",
    "competencies/*/competency",
];
const S_RESULT: &[&str] = &["competencies/*/fused_score", "overall"];
const S_MODEL: &[&str] = &["competencies/*/ai_score", "competencies/*/confidence"];
const S_RATINGS: &[&str] = &[
    "competencies/*/interviewer_scores/*/interviewer_id",
    "competencies/*/interviewer_scores/*/score",
    "competencies/*/interviewer_scores/*/rated_at",
];
const S_NOTES: &[&str] = &[
    "competencies/*/interviewer_scores/*/notes",
    "competencies/*/annotations/*/text",
];
const S_ANNOTATION_META: &[&str] = &[
    "competencies/*/annotations/*/author",
    "competencies/*/annotations/*/at",
];
const S_EVIDENCE_REFS: &[&str] = &[
    "competencies/*/evidence/*/question_id",
    "competencies/*/evidence/*/span/start",
    "competencies/*/evidence/*/span/end",
];
const S_EVIDENCE_TEXT: &[&str] = &[
    "competencies/*/evidence/*/quote",
    "competencies/*/evidence/*/span/text",
];
const S_DIVERGENCE: &[&str] = &[
    "competencies/*/divergence/delta",
    "competencies/*/divergence/threshold",
    "competencies/*/divergence/flagged",
    "competencies/*/divergence/re_rate_requested",
];

// Employee record.
const E_IDS: &[&str] = &["employee_id", "candidate_id", "hire_date", "scorecard_ids"];
const E_HISTORY: &[&str] = &[
    "positions/*/title",
    "positions/*/department",
    "positions/*/grade",
    "positions/*/start_date",
    "positions/*/end_date",
    "performance_reviews/*/period",
    "performance_reviews/*/rating",
    "performance_reviews/*/scale_max",
    "performance_reviews/*/date",
    "trainings/*/name",
    "trainings/*/course_id",
    "trainings/*/completed_at",
    "trainings/*/hours",
    "trainings/*/skills",
    "promotions/*/date",
    "promotions/*/from_grade",
    "promotions/*/to_grade",
];
const E_REVIEWER: &[&str] = &["performance_reviews/*/reviewer"];
const E_POTENTIAL: &[&str] = &[
    "potential_predictions/*/label",
    "potential_predictions/*/probability",
    "potential_predictions/*/model_version",
    "potential_predictions/*/predicted_at",
];

// Profile.
const P_IDS: &[&str] = &["candidate_id"];
const P_NAME: &[&str] = &["identity/name"];
const P_CONTACT: &[&str] = &["identity/email", "identity/phone"];
const P_CONFLICT_META: &[&str] = &[
    "conflicts/*/field",
    "conflicts/*/kept_source",
    "conflicts/*/other_source",
];
const P_CONFLICT_VALUES: &[&str] = &["conflicts/*/kept", "conflicts/*/other"];

/// Where provenance objects sit in each kind.
fn provenance_roots(kind: DocumentKind) -> &'static [&'static str] {
    match kind {
        DocumentKind::Resume | DocumentKind::JobProfile => &["provenance"],
        DocumentKind::Interview => &["signals/*/provenance"],
        DocumentKind::Scorecard => &["provenance", "competencies/*/provenance"],
        DocumentKind::EmployeeRecord => &["potential_predictions/*/provenance"],
        DocumentKind::Candidate | DocumentKind::Profile => &[],
    }
}

/// The field groups a role sees in a kind (profiles: the profile's own fields), and whether it
/// sees provenance.
fn groups(role: Role, kind: DocumentKind) -> (Vec<&'static [&'static str]>, bool) {
    use DocumentKind as K;
    use Role as R;
    let g: Vec<&'static [&'static str]> = match (kind, role) {
        (K::Candidate, R::Hr) => vec![C_IDS, C_NAME, C_CONTACT, C_LANGUAGE, C_CONSENTS],
        (K::Candidate, R::Candidate) => vec![C_IDS, C_NAME, C_CONTACT, C_LANGUAGE, C_CONSENTS],
        (K::Candidate, R::Interviewer | R::HiringManager) => vec![C_IDS, C_NAME, C_LANGUAGE],
        (K::Candidate, R::Auditor) => vec![C_IDS, C_LANGUAGE, C_CONSENTS],
        (K::Candidate, R::DataScientist) => vec![C_IDS, C_LANGUAGE],

        (K::Resume, R::Hr) => vec![
            R_IDS,
            R_SOURCE_META,
            R_SOURCE_FILE,
            R_NAME,
            R_PHOTO,
            R_CONTACT,
            R_LOCATION,
            R_HEADLINE,
            R_SCHOOLS,
            R_EDUCATION,
            R_EXPERIENCE,
            R_SKILLS,
            R_CERTIFICATIONS,
            R_LANGUAGES,
            R_EVIDENCE,
            R_RAW_TEXT,
        ],
        (K::Resume, R::Candidate) => vec![
            R_IDS,
            R_SOURCE_META,
            R_SOURCE_FILE,
            R_NAME,
            R_PHOTO,
            R_CONTACT,
            R_LOCATION,
            R_HEADLINE,
            R_SCHOOLS,
            R_EDUCATION,
            R_EXPERIENCE,
            R_SKILLS,
            R_CERTIFICATIONS,
            R_LANGUAGES,
            R_EVIDENCE,
            R_RAW_TEXT,
        ],
        (K::Resume, R::HiringManager) => vec![
            R_IDS,
            R_NAME,
            R_LOCATION,
            R_HEADLINE,
            R_SCHOOLS,
            R_EDUCATION,
            R_EXPERIENCE,
            R_SKILLS,
            R_CERTIFICATIONS,
            R_LANGUAGES,
            R_EVIDENCE,
        ],
        (K::Resume, R::Interviewer) => vec![
            R_IDS,
            R_NAME,
            R_HEADLINE,
            R_SCHOOLS,
            R_EDUCATION,
            R_EXPERIENCE,
            R_SKILLS,
            R_CERTIFICATIONS,
            R_LANGUAGES,
            R_EVIDENCE,
        ],
        (K::Resume, R::Auditor) => vec![R_IDS, R_SOURCE_META],
        (K::Resume, R::DataScientist) => vec![R_IDS, R_FEATURES],

        (K::JobProfile, R::Candidate) => vec![J_IDS, J_PUBLIC],
        (K::JobProfile, _) => vec![J_IDS, J_PUBLIC, J_WEIGHTS],

        (K::Interview, R::Hr) => vec![
            I_IDS,
            I_PLAN_PUBLIC,
            I_PLAN_INTERNAL,
            I_QUESTIONS,
            I_ANSWER_META,
            I_TRANSCRIPTS,
            I_STATE,
            I_SIGNALS,
        ],
        (K::Interview, R::Candidate) => vec![
            I_IDS,
            I_PLAN_PUBLIC,
            I_QUESTIONS,
            I_ANSWER_META,
            I_TRANSCRIPTS,
            I_STATE,
            I_SIGNALS,
        ],
        (K::Interview, R::Interviewer | R::HiringManager) => vec![
            I_IDS,
            I_PLAN_PUBLIC,
            I_QUESTIONS,
            I_ANSWER_META,
            I_TRANSCRIPTS,
            I_STATE,
        ],
        (K::Interview, R::Auditor | R::DataScientist) => vec![
            I_IDS,
            I_PLAN_PUBLIC,
            I_PLAN_INTERNAL,
            I_QUESTIONS,
            I_ANSWER_META,
            I_STATE,
            I_SIGNALS,
        ],

        (K::Scorecard, R::Hr | R::HiringManager) => vec![
            S_IDS,
            S_RESULT,
            S_MODEL,
            S_RATINGS,
            S_NOTES,
            S_ANNOTATION_META,
            S_EVIDENCE_REFS,
            S_EVIDENCE_TEXT,
            S_DIVERGENCE,
        ],
        (K::Scorecard, R::Candidate) => vec![S_IDS, S_RESULT, S_EVIDENCE_REFS, S_EVIDENCE_TEXT],
        // Interviewers rate independently: no AI, fused or other interviewers' scores.
        (K::Scorecard, R::Interviewer) => vec![S_IDS, S_EVIDENCE_REFS, S_EVIDENCE_TEXT],
        (K::Scorecard, R::Auditor) => vec![
            S_IDS,
            S_RESULT,
            S_MODEL,
            S_RATINGS,
            S_ANNOTATION_META,
            S_EVIDENCE_REFS,
            S_DIVERGENCE,
        ],
        (K::Scorecard, R::DataScientist) => vec![
            S_IDS,
            S_RESULT,
            S_MODEL,
            S_RATINGS,
            S_EVIDENCE_REFS,
            S_DIVERGENCE,
        ],

        (K::EmployeeRecord, R::Hr) => vec![E_IDS, E_HISTORY, E_REVIEWER, E_POTENTIAL],
        (K::EmployeeRecord, R::Candidate | R::HiringManager) => vec![E_IDS, E_HISTORY],
        (K::EmployeeRecord, R::Interviewer) => vec![],
        (K::EmployeeRecord, R::Auditor | R::DataScientist) => {
            vec![E_IDS, E_HISTORY, E_POTENTIAL]
        }

        (K::Profile, R::Hr) => vec![P_IDS, P_NAME, P_CONTACT, P_CONFLICT_META, P_CONFLICT_VALUES],
        (K::Profile, R::Candidate) => vec![P_IDS, P_NAME, P_CONTACT],
        (K::Profile, R::Interviewer | R::HiringManager) => vec![P_IDS, P_NAME],
        (K::Profile, R::Auditor) => vec![P_IDS, P_CONFLICT_META],
        (K::Profile, R::DataScientist) => vec![P_IDS],
    };
    let provenance = matches!(
        (kind, role),
        (_, R::Hr | R::Auditor | R::DataScientist)
            | (K::JobProfile | K::Scorecard, R::HiringManager)
    );
    (g, provenance)
}

/// The built-in allow-list of `role` for documents of `kind`: JSON paths with a leading `/`,
/// `*` for array elements. A profile's list includes its nested documents' lists under
/// `/candidates/*`, `/resumes/*`, `/interviews/*`, `/scorecards/*` and `/employee_records/*`.
pub fn policy(role: Role, kind: DocumentKind) -> Vec<String> {
    let mut out = Vec::new();
    push_kind(&mut out, "", role, kind);
    if kind == DocumentKind::Profile {
        for (section, nested) in [
            ("candidates", DocumentKind::Candidate),
            ("resumes", DocumentKind::Resume),
            ("interviews", DocumentKind::Interview),
            ("scorecards", DocumentKind::Scorecard),
            ("employee_records", DocumentKind::EmployeeRecord),
        ] {
            let (groups, _) = groups(role, nested);
            if groups.iter().all(|g| g.is_empty()) {
                continue;
            }
            push_kind(&mut out, &format!("/{section}/*"), role, nested);
        }
    }
    out
}

fn push_kind(out: &mut Vec<String>, prefix: &str, role: Role, kind: DocumentKind) {
    let (groups, provenance) = groups(role, kind);
    for path in HEADER.iter().chain(groups.iter().flat_map(|g| g.iter())) {
        let p = format!("{prefix}/{path}");
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if provenance {
        for root in provenance_roots(kind) {
            for field in PROVENANCE {
                out.push(format!("{prefix}/{root}/{field}"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Paths and matching
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    /// `*`: one array element.
    Index,
    /// `**`: any number of segments.
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A parsed allow-list.
#[derive(Debug, Clone)]
struct Policy {
    patterns: Vec<Vec<Seg>>,
}

fn parse_pattern(p: &str) -> Option<Vec<Seg>> {
    if p == "/" || p.is_empty() {
        return Some(Vec::new());
    }
    let rest = p.strip_prefix('/')?;
    rest.split('/')
        .map(|s| match s {
            "" => None,
            "*" => Some(Seg::Index),
            "**" => Some(Seg::Any),
            s => Some(Seg::Key(s.replace("~1", "/").replace("~0", "~"))),
        })
        .collect()
}

/// The whole path matches the pattern.
fn full_match(pattern: &[Seg], path: &[Step]) -> bool {
    match (pattern.split_first(), path.split_first()) {
        (None, None) => true,
        (Some((Seg::Any, rest)), _) => {
            full_match(rest, path) || (!path.is_empty() && full_match(pattern, &path[1..]))
        }
        (Some((seg, prest)), Some((step, srest))) => {
            seg_matches(seg, step) && full_match(prest, srest)
        }
        _ => false,
    }
}

/// Some extension of the path could match the pattern (the path is a proper ancestor).
fn ancestor_of_match(pattern: &[Seg], path: &[Step]) -> bool {
    match (pattern.split_first(), path.split_first()) {
        (Some(_), None) => true,
        (Some((Seg::Any, _)), _) => true,
        (Some((seg, prest)), Some((step, srest))) => {
            seg_matches(seg, step) && ancestor_of_match(prest, srest)
        }
        _ => false,
    }
}

fn seg_matches(seg: &Seg, step: &Step) -> bool {
    match (seg, step) {
        (Seg::Key(k), Step::Key(s)) => k == s,
        (Seg::Index, Step::Index(_)) => true,
        (Seg::Any, _) => true,
        _ => false,
    }
}

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{}", escape(k)),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

impl Policy {
    fn from_paths(paths: &[String]) -> Policy {
        Policy {
            patterns: paths.iter().filter_map(|p| parse_pattern(p)).collect(),
        }
    }

    fn allows(&self, path: &[Step]) -> bool {
        self.patterns.iter().any(|p| full_match(p, path))
    }

    fn leads_into(&self, path: &[Step]) -> bool {
        self.patterns.iter().any(|p| ancestor_of_match(p, path))
    }

    /// The value as the policy lets it be seen; `None` when nothing of it may be seen.
    fn apply(
        &self,
        value: &Value,
        path: &mut Vec<Step>,
        withheld: &mut Vec<String>,
    ) -> Option<Value> {
        if self.allows(path) {
            return Some(value.clone());
        }
        let descend = self.leads_into(path);
        let out = match value {
            Value::Object(map) if descend => {
                let mut out = Map::new();
                let mark = withheld.len();
                for (k, v) in map {
                    path.push(Step::Key(k.clone()));
                    if let Some(v) = self.apply(v, path, withheld) {
                        out.insert(k.clone(), v);
                    }
                    path.pop();
                }
                if out.is_empty() && !map.is_empty() {
                    withheld.truncate(mark);
                    None
                } else {
                    Some(Value::Object(out))
                }
            }
            Value::Array(items) if descend => {
                let mut out = Vec::new();
                let mark = withheld.len();
                for (i, v) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    if let Some(v) = self.apply(v, path, withheld) {
                        out.push(v);
                    }
                    path.pop();
                }
                if out.is_empty() && !items.is_empty() {
                    withheld.truncate(mark);
                    None
                } else {
                    Some(Value::Array(out))
                }
            }
            _ => None,
        };
        if out.is_none() {
            withheld.push(pointer(path));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Typed API and JSON entry point
// ---------------------------------------------------------------------------------------------

/// A document as one role may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleView {
    /// The role.
    pub role: String,
    /// The document with every field the role may not see removed.
    pub document: Value,
    /// JSON pointers (into the input document) of the removed values, outermost only, in
    /// order of their pointers (array indices numerically).
    pub withheld: Vec<String>,
    /// `withheld.len()`.
    pub withheld_count: usize,
}

/// Applies an allow-list (paths as in [`policy`]) to any JSON value. Deny by default.
pub fn apply_policy(role: &str, document: &Value, allow: &[String]) -> RoleView {
    let policy = Policy::from_paths(allow);
    let mut withheld = Vec::new();
    let document = policy
        .apply(document, &mut Vec::new(), &mut withheld)
        .unwrap_or_else(|| Value::Object(Map::new()));
    // Sorted by place, not by the input's member order (see `json::compare_pointers`).
    withheld.sort_by(|a, b| crate::json::compare_pointers(a, b));
    let withheld_count = withheld.len();
    RoleView {
        role: role.to_string(),
        document,
        withheld,
        withheld_count,
    }
}

/// The view of an archive document (any readable version; it must be valid) for a built-in role.
pub fn role_view(document: &Value, role: Role) -> Result<RoleView> {
    let (document, kind) = checked_document(document)?;
    Ok(apply_policy(role.as_str(), &document, &policy(role, kind)))
}

fn checked_document(document: &Value) -> Result<(Value, DocumentKind)> {
    if !document.is_object() {
        return Err(Error::InvalidArgument {
            name: "document".into(),
            expected: "an archive document (JSON object)".into(),
        });
    }
    if let Some(kind) = document.get("kind") {
        if kind.as_str().and_then(DocumentKind::parse).is_none() {
            return Err(Error::UnknownDocumentType {
                pointer: String::new(),
                found: kind.to_string(),
                expected: DocumentKind::list(),
            });
        }
    }
    let document = migrate_value(document.clone())?;
    let kind = document
        .get("kind")
        .and_then(Value::as_str)
        .and_then(DocumentKind::parse)
        .ok_or_else(|| Error::UnknownDocumentType {
            pointer: String::new(),
            found: document
                .get("kind")
                .map(Value::to_string)
                .unwrap_or_default(),
            expected: DocumentKind::list(),
        })?;
    Ok((document, kind))
}

fn invalid(name: &str, expected: String) -> Error {
    Error::InvalidArgument {
        name: name.into(),
        expected,
    }
}

/// Custom allow-lists from the request's `policy` field.
fn custom_policies(value: Option<&Value>) -> Result<Map<String, Value>> {
    let map = match value {
        None | Some(Value::Null) => return Ok(Map::new()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(invalid("policy", "an object {role: [path, …]}".into())),
    };
    for (role, paths) in map {
        let Value::Array(items) = paths else {
            return Err(invalid(
                &format!("policy.{role}"),
                "an array of JSON paths like \"/basics/summary\" or \"/experience/*/title\"".into(),
            ));
        };
        for (i, p) in items.iter().enumerate() {
            if p.as_str().and_then(parse_pattern).is_none() {
                return Err(invalid(
                    &format!("policy.{role}[{i}]"),
                    "a JSON path starting with `/`, segments non-empty (`*` = array element, `**` = any depth)".into(),
                ));
            }
        }
    }
    Ok(map.clone())
}

/// JSON entry point; see the module documentation for the request and response shapes.
pub fn role_view_value(request: &Value) -> Result<Value> {
    let Value::Object(req) = request else {
        return Err(invalid(
            "request",
            "an object {\"document\": …, \"role\": …}".into(),
        ));
    };
    for key in req.keys() {
        if !matches!(
            key.as_str(),
            "document" | "role" | "policy" | "policy_only" | "kind"
        ) {
            return Err(invalid(
                key,
                "no such field (known: document, role, policy, policy_only, kind)".into(),
            ));
        }
    }
    let custom = custom_policies(req.get("policy"))?;
    let role_name = req
        .get("role")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("role", format!("one of {}", Role::list())))?;
    let custom_paths: Option<Vec<String>> =
        custom.get(role_name).and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
    let role = Role::parse(role_name);
    if role.is_none() && custom_paths.is_none() {
        return Err(invalid(
            "role",
            format!(
                "one of {} (or a role defined in \"policy\"), not {:?}",
                Role::list(),
                role_name
            ),
        ));
    }
    let policy_only = match req.get("policy_only") {
        None | Some(Value::Null) => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| invalid("policy_only", "true or false".into()))?,
    };
    if policy_only {
        let kinds: Vec<DocumentKind> = match req.get("kind") {
            None | Some(Value::Null) => DocumentKind::ALL.to_vec(),
            Some(k) => vec![k
                .as_str()
                .and_then(DocumentKind::parse)
                .ok_or_else(|| invalid("kind", format!("one of {}", DocumentKind::list())))?],
        };
        let mut by_kind = Map::new();
        for kind in kinds {
            let paths = match (&custom_paths, role) {
                (Some(p), _) => p.clone(),
                (None, Some(r)) => policy(r, kind),
                (None, None) => Vec::new(),
            };
            by_kind.insert(kind.as_str().into(), paths.into());
        }
        let mut out = Map::new();
        out.insert("role".into(), role_name.into());
        out.insert("policy".into(), Value::Object(by_kind));
        return Ok(Value::Object(out));
    }
    if req.get("kind").is_some() {
        return Err(invalid("kind", "only with \"policy_only\": true".into()));
    }
    let document = req.get("document").ok_or_else(|| {
        invalid(
            "document",
            "an archive document (or \"policy_only\": true)".into(),
        )
    })?;
    let (document, kind) = checked_document(document)?;
    let allow = match (custom_paths, role) {
        (Some(p), _) => p,
        (None, Some(r)) => policy(r, kind),
        (None, None) => Vec::new(),
    };
    let view = apply_policy(role_name, &document, &allow);
    serde_json::to_value(&view).map_err(|e| Error::Internal(format!("serialising: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn steps(p: &str) -> Vec<Step> {
        p.split('/')
            .skip(1)
            .map(|s| match s.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key(s.into()),
            })
            .collect()
    }

    #[test]
    fn matching() {
        let p = parse_pattern("/experience/*/title").unwrap();
        assert!(full_match(&p, &steps("/experience/3/title")));
        assert!(!full_match(&p, &steps("/experience/3/organization")));
        assert!(!full_match(&p, &steps("/experience/3")));
        assert!(ancestor_of_match(&p, &steps("/experience/3")));
        assert!(ancestor_of_match(&p, &steps("")));
        assert!(!ancestor_of_match(&p, &steps("/education/0")));
        // `*` is an array element, never an object key.
        assert!(!full_match(
            &p,
            &[
                Step::Key("experience".into()),
                Step::Key("x".into()),
                Step::Key("title".into())
            ]
        ));
        let any = parse_pattern("/**").unwrap();
        assert!(full_match(&any, &steps("/a/0/b")));
        assert!(full_match(&any, &steps("")));
        let mid = parse_pattern("/resumes/**/text").unwrap();
        assert!(full_match(
            &mid,
            &steps("/resumes/0/skills/1/evidence/0/text")
        ));
        assert!(!full_match(&mid, &steps("/resumes/0/raw_text")));
        assert!(parse_pattern("basics").is_none());
        assert!(parse_pattern("/basics//name").is_none());
    }

    #[test]
    fn every_built_in_pattern_parses_and_is_unique() {
        for role in Role::ALL {
            for kind in DocumentKind::ALL {
                let list = policy(role, kind);
                let mut seen = std::collections::HashSet::new();
                for p in &list {
                    assert!(parse_pattern(p).is_some(), "{role:?} {kind}: {p}");
                    assert!(seen.insert(p.clone()), "{role:?} {kind}: duplicate {p}");
                    assert!(
                        !p.contains("**"),
                        "built-in policies name fields, not subtrees: {p}"
                    );
                }
            }
        }
    }
}
