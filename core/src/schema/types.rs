//! The archive schema v1 as Rust types. Every document type begins with `schema_version` and
//! `kind`; every object keeps the fields it does not know in `extra`, so read → write is lossless.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Fields the schema does not know, kept verbatim so that read → write loses nothing.
pub type Extra = Map<String, Value>;

/// The regular expression a [`PartialDate`] must match.
pub const PARTIAL_DATE_PATTERN: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// A calendar date at year, month or day precision: `2019`, `2019-03` or `2019-03-15` (ISO 8601).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartialDate(pub String);

impl JsonSchema for PartialDate {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": PARTIAL_DATE_PATTERN,
            "description": "ISO 8601 date at year, month or day precision: 2019, 2019-03 or 2019-03-15."
        })
    }
}

/// A point in time, RFC 3339 (`2026-11-22T09:30:00Z`, `2026-11-22T17:30:00+08:00`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl JsonSchema for Timestamp {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 date-time with an offset, e.g. 2026-11-22T09:30:00Z."
        })
    }
}

macro_rules! kind_tag {
    ($(#[$doc:meta])* $name:ident = $lit:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            /// The only value.
            #[default]
            #[serde(rename = $lit)]
            Tag,
        }
    };
}

kind_tag!(
    /// `"kind": "candidate"`.
    CandidateKind = "candidate"
);
kind_tag!(
    /// `"kind": "resume"`.
    ResumeKind = "resume"
);
kind_tag!(
    /// `"kind": "job_profile"`.
    JobProfileKind = "job_profile"
);
kind_tag!(
    /// `"kind": "interview"`.
    InterviewKind = "interview"
);
kind_tag!(
    /// `"kind": "scorecard"`.
    ScorecardKind = "scorecard"
);
kind_tag!(
    /// `"kind": "employee_record"`.
    EmployeeRecordKind = "employee_record"
);
kind_tag!(
    /// `"kind": "profile"`.
    ProfileKind = "profile"
);

fn v1() -> u32 {
    super::SCHEMA_VERSION
}

/// A span of evidence: Unicode code-point offsets `[start, end)` into the document's normalised
/// text (`raw_text` for a resume, the transcript for an answer). Code points, not bytes or UTF-16
/// units, so that Python `text[start:end]` and Rust `chars()` agree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// First code point, inclusive.
    pub start: u64,
    /// Last code point, exclusive; `end >= start`.
    pub end: u64,
    /// The covered text, for readers without the source at hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Who computed a value, from what, and when: enough to explain it and replay it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// InterviewKit version that computed the value (`0.1.0`).
    #[schemars(length(min = 1))]
    pub engine_version: String,
    /// Content hash of the rubric used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric_hash: Option<String>,
    /// Content hash of the model used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_hash: Option<String>,
    /// Content hash of the skill taxonomy used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_hash: Option<String>,
    /// Hash of the exact inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_hash: Option<String>,
    /// When it was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed_at: Option<Timestamp>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Candidate
// ---------------------------------------------------------------------------------------------

/// How to reach a person.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Contact {
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(email)]
    pub email: Option<String>,
    /// Phone number as written (`+86 138 0013 8000`, `010-12345678`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// WeChat id (微信号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat_id: Option<String>,
    /// City of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why personal data may be processed. Sensitive purposes (biometrics) need their own record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// Screening the resume against a job.
    ResumeScreening,
    /// Scoring interview answers by their content.
    AiInterviewScoring,
    /// Recording audio or video of the interview.
    InterviewRecording,
    /// Voice or face signals (biometric; PIPL sensitive data, Illinois AI Video Interview Act).
    BiometricAnalysis,
    /// Keeping the profile in the talent pool after this application.
    TalentPool,
    /// Transferring data out of the jurisdiction.
    CrossBorderTransfer,
    /// Using the archive to predict potential.
    PotentialPrediction,
}

/// One consent given (and perhaps withdrawn) by a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConsentRecord {
    /// What the consent is for.
    pub purpose: ConsentPurpose,
    /// Data categories covered, e.g. `["voice", "transcript"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// Jurisdiction profile under which it was collected: `default`, `eu`, `cn`, `us-nyc`, `us-il`, or a custom name.
    #[schemars(length(min = 1))]
    pub jurisdiction: String,
    /// When it was given.
    pub granted_at: Timestamp,
    /// When it was withdrawn, if it was; must not precede `granted_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<Timestamp>,
    /// Version of the notice text the candidate saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_version: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A person in the hiring process: identity, contact and consents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Candidate {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `candidate`.
    pub kind: CandidateKind,
    /// The host's stable id for this person; the key of the 360° profile.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Full name as the person writes it (`张伟`, `Zhang Wei`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Name in another script (`Zhang Wei` for `张伟`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_alt: Option<String>,
    /// How to reach the person.
    #[serde(default)]
    pub contact: Contact,
    /// Preferred language for feedback: `zh` or `en` (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Consents given or withdrawn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<ConsentRecord>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Resume
// ---------------------------------------------------------------------------------------------

/// Where a resume came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct SourceDocument {
    /// Original file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Media type (`application/pdf`, `text/plain`, `application/json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Size of the original in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_size: Option<u64>,
    /// SHA-256 of the original bytes, lower-case hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Main language (`zh`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Format it was imported from, e.g. `json_resume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A postal location.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Region, state or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A profile on another network (LinkedIn, GitHub, 脉脉 …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct SocialProfile {
    /// Network name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// User name there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Profile URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The resume's header: who the person says they are.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct ResumeBasics {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Headline (`Data Analyst`, `客户经理`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Photo reference (URL or media id), never the image itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(email)]
    pub email: Option<String>,
    /// Phone number as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// WeChat id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat_id: Option<String>,
    /// Personal web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Summary paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Where the person lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Profiles on other networks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<SocialProfile>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A degree level, normalised across Chinese and English naming.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    /// 高中 / 中专 / 职高: secondary school.
    Secondary,
    /// 大专 / 专科: associate degree.
    Associate,
    /// 本科 / 学士: bachelor's degree.
    Bachelor,
    /// 硕士 / MBA: master's degree.
    Master,
    /// 博士: doctorate.
    Doctorate,
}

/// One school attended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Education {
    /// School or university.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    /// School web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Field of study / major (专业).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The degree as written (`Bachelor`, `本科`, `M.Sc.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_type: Option<String>,
    /// The degree level, normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<DegreeLevel>,
    /// Start date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<PartialDate>,
    /// End (or expected graduation) date; not before `start_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    /// Grade as written (`3.8/4.0`, `前10%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// Courses taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<String>,
    /// Where in `raw_text` this entry was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Span>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One position held.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Experience {
    /// Employer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Employer web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Start date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<PartialDate>,
    /// End date; absent while the position is current. Not before `start_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    /// Description as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Achievements, one per item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    /// Where in `raw_text` this entry was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Span>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A skill the resume claims or shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Skill {
    /// Taxonomy id (e.g. an ESCO or O*NET-derived id), when the skill was recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<String>,
    /// Surface form as written (`Python`, `数据分析`).
    #[schemars(length(min = 1))]
    pub name: String,
    /// Level as written (`Master`, `熟练`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Related keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Where in `raw_text` the skill was seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Span>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A professional certificate (CPA, CFA, PMP, 证券从业资格 …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Certification {
    /// Name of the certificate.
    #[schemars(length(min = 1))]
    pub name: String,
    /// When obtained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Verification URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where in `raw_text` it was seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Span>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A language the person speaks, with level or test result.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct LanguageSkill {
    /// Language as written (`English`, `英语`).
    #[schemars(length(min = 1))]
    pub language: String,
    /// Fluency as written (`Native speaker`, `流利`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fluency: Option<String>,
    /// Test taken (`CET-6`, `IELTS`, `JLPT N2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<String>,
    /// Test score as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A resume: what a candidate says about themselves, with evidence spans into `raw_text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Resume {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `resume`.
    pub kind: ResumeKind,
    /// The host's id for this resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The candidate it belongs to (key of the 360° profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<String>,
    /// Where the resume came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceDocument>,
    /// Header: name, contact, summary.
    #[serde(default)]
    pub basics: ResumeBasics,
    /// Schools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    /// Positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experience: Vec<Experience>,
    /// Skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    /// Certificates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<Certification>,
    /// Languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageSkill>,
    /// The normalised text every evidence span points into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_text: Option<String>,
    /// How the structured fields were computed (parser version, taxonomy hash …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// JobProfile
// ---------------------------------------------------------------------------------------------

/// A skill the job asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SkillRequirement {
    /// Taxonomy id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<String>,
    /// Name as the job writes it.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Relative weight, ≥ 0.
    #[serde(default = "one")]
    #[schemars(range(min = 0.0))]
    pub weight: f64,
    /// Minimum level 1–5, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 5))]
    pub level: Option<u8>,
    /// True when the skill is a must-have rather than a plus.
    #[serde(default)]
    pub required: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

fn one() -> f64 {
    1.0
}

/// A language the job asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LanguageRequirement {
    /// Language (`English`, `英语`).
    #[schemars(length(min = 1))]
    pub language: String,
    /// Minimum level or test (`CET-6`, `IELTS 6.5`, `fluent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<String>,
    /// Must-have rather than a plus.
    #[serde(default)]
    pub required: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a knock-out rule compares the candidate's value with the rule's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KnockoutOp {
    /// The candidate holds the value (a certificate, a skill, a language test).
    Has,
    /// Numeric value at least the rule's.
    Gte,
    /// Numeric value at most the rule's.
    Lte,
    /// Equal to the rule's value.
    Eq,
    /// One of the rule's values (an array).
    In,
}

/// A hard requirement: failing it removes the candidate, with the reason shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KnockoutRule {
    /// Stable id of the rule within the job.
    #[schemars(length(min = 1))]
    pub id: String,
    /// What is tested: `years_experience`, `degree`, `certification`, `language`, `skill`, `location`.
    #[schemars(length(min = 1))]
    pub field: String,
    /// The comparison.
    pub op: KnockoutOp,
    /// The value compared against.
    pub value: Value,
    /// Reason shown when the rule fails, English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    /// Reason shown when the rule fails, Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_zh: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a job requires.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Requirements {
    /// Minimum degree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<DegreeLevel>,
    /// Accepted majors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub majors: Vec<String>,
    /// Minimum years of experience, ≥ 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 60.0))]
    pub min_years_experience: Option<f64>,
    /// Skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<SkillRequirement>,
    /// Languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageRequirement>,
    /// Certificates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    /// Accepted work locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
    /// Knock-out rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knockouts: Vec<KnockoutRule>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A job: what it requires and which competencies the interview weighs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JobProfile {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `job_profile`.
    pub kind: JobProfileKind,
    /// The host's id for the job.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Job title.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Role family (`relationship_manager`, `data_analyst`, `sales`, `software_engineer` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_family: Option<String>,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The job description text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Requirements.
    #[serde(default)]
    pub requirements: Requirements,
    /// Competency id → weight (≥ 0) for the interview.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(extend("additionalProperties" = {"type": "number", "minimum": 0}))]
    pub competency_weights: Map<String, Value>,
    /// How the profile was computed, when parsed from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Interview
// ---------------------------------------------------------------------------------------------

/// Question style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Past behaviour (STAR).
    Behavioural,
    /// Hypothetical situation.
    Situational,
    /// Technical knowledge.
    Technical,
    /// A scenario task (handle a customer complaint …).
    Scenario,
}

/// A question asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    /// Stable id in the question bank.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Text as asked.
    #[schemars(length(min = 1))]
    pub text: String,
    /// Language (`zh`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_type: Option<QuestionType>,
    /// Competencies it measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competencies: Vec<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One planned question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlannedQuestion {
    /// Question id; must name a question in `questions` when those are given.
    #[schemars(length(min = 1))]
    pub question_id: String,
    /// Time limit in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub time_limit_seconds: Option<u32>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The interview plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct InterviewPlan {
    /// Questions in order.
    #[serde(default)]
    pub questions: Vec<PlannedQuestion>,
    /// Seed the plan was drawn with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Language of the interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Hash of the rubric/question bank used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric_hash: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A word with its timing in the recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WordTiming {
    /// The word.
    pub word: String,
    /// Start, milliseconds from the answer's start.
    pub start_ms: u64,
    /// End, milliseconds.
    pub end_ms: u64,
}

/// A submitted answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Answer {
    /// The question answered.
    #[schemars(length(min = 1))]
    pub question_id: String,
    /// What was said or typed.
    pub transcript: String,
    /// Language of the transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When the answer started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    /// When it was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    /// Length in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Word timings from speech recognition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub word_timings: Vec<WordTiming>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where an interview session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Planned, not started.
    #[default]
    Created,
    /// Under way.
    InProgress,
    /// Paused; may be resumed.
    Paused,
    /// All questions answered.
    Completed,
    /// The deadline passed.
    Expired,
    /// The candidate left.
    Abandoned,
}

/// Session state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct SessionState {
    /// Status.
    #[serde(default)]
    pub status: SessionStatus,
    /// Questions answered so far.
    #[serde(default)]
    pub answered: u32,
    /// Questions in the plan.
    #[serde(default)]
    pub total: u32,
    /// Last change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The category of a behaviour signal; the policy gate decides which may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignalCategory {
    /// Derived from what was said.
    Content,
    /// Paralinguistic voice features (pitch, pauses, rate).
    Voice,
    /// Visual summaries from the host's vision pipeline.
    Visual,
}

/// A summarised behaviour signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Signal {
    /// Category.
    pub category: SignalCategory,
    /// Feature name (`speech_rate_wpm`, `pause_ratio`, `gaze_at_camera_ratio`).
    #[schemars(length(min = 1))]
    pub name: String,
    /// Value.
    pub value: f64,
    /// Unit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The answer it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
    /// How it was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A structured interview: plan, questions, answers, state and signals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Interview {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `interview`.
    pub kind: InterviewKind,
    /// The host's id for the interview.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Candidate interviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<String>,
    /// Job interviewed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Plan.
    #[serde(default)]
    pub plan: InterviewPlan,
    /// Questions asked (text as shown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Answers submitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    /// Session state.
    #[serde(default)]
    pub state: SessionState,
    /// Behaviour signals that passed the policy gate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<Signal>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Scorecard
// ---------------------------------------------------------------------------------------------

/// The numeric scale scores are on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreScale {
    /// Lowest score.
    pub min: f64,
    /// Highest score; above `min`.
    pub max: f64,
}

impl Default for ScoreScale {
    fn default() -> Self {
        ScoreScale { min: 1.0, max: 5.0 }
    }
}

/// A human interviewer's rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InterviewerScore {
    /// Who rated.
    #[schemars(length(min = 1))]
    pub interviewer_id: String,
    /// The rating, on the scorecard's scale.
    pub score: f64,
    /// When the rating was locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rated_at: Option<Timestamp>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A quote supporting a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// The answer quoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<String>,
    /// The quote.
    pub quote: String,
    /// Where in the transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Disagreement between the AI and interviewers on one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Divergence {
    /// |AI − interviewer mean| as a fraction of the scale's range.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub delta: f64,
    /// The threshold applied (default 0.2).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub threshold: f64,
    /// True when `delta > threshold`.
    pub flagged: bool,
    /// True when a re-rating was requested.
    #[serde(default)]
    pub re_rate_requested: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A note attached to a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Annotation {
    /// Who wrote it.
    #[schemars(length(min = 1))]
    pub author: String,
    /// Text.
    pub text: String,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Scores for one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetencyScore {
    /// Competency id (`communication`, `logical_thinking` …).
    #[schemars(length(min = 1))]
    pub competency: String,
    /// The engine's content score, on the scorecard's scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_score: Option<f64>,
    /// Human ratings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviewer_scores: Vec<InterviewerScore>,
    /// The fused score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fused_score: Option<f64>,
    /// Confidence in the fused (or AI) score, 0–1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: Option<f64>,
    /// Quotes behind the score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// AI-versus-interviewer divergence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divergence: Option<Divergence>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// How the AI and fused scores were computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Competency scores for one candidate and interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Scorecard {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `scorecard`.
    pub kind: ScorecardKind,
    /// The host's id for the scorecard.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Candidate scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<String>,
    /// Interview scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview_id: Option<String>,
    /// Job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Scale of every score in this card (default 1–5).
    #[serde(default)]
    pub scale: ScoreScale,
    /// Per competency.
    #[serde(default)]
    pub competencies: Vec<CompetencyScore>,
    /// Overall score, on the scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<f64>,
    /// How the card was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// EmployeeRecord
// ---------------------------------------------------------------------------------------------

/// A position held inside the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Position {
    /// Title.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Grade or level (`P5`, `M2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Start.
    pub start_date: PartialDate,
    /// End; absent while current. Not before `start_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A performance review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PerformanceReview {
    /// Review period (`2025`, `2025-H1`, `2025-Q3`).
    #[schemars(length(min = 1))]
    pub period: String,
    /// Rating on the review's scale.
    pub rating: f64,
    /// Top of the rating scale (default 5).
    #[serde(default = "five")]
    #[schemars(range(min = 1.0))]
    pub scale_max: f64,
    /// Reviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// Date of the review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

fn five() -> f64 {
    5.0
}

/// A training completed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Training {
    /// Course name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Course id in the host's catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_id: Option<String>,
    /// Completed on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<PartialDate>,
    /// Hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub hours: Option<f64>,
    /// Skills the course teaches (taxonomy ids or names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Promotion {
    /// Effective date.
    pub date: PartialDate,
    /// Grade before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_grade: Option<String>,
    /// Grade after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_grade: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A stored potential prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PotentialPrediction {
    /// Label predicted (`promoted_12m`, `top20_perf_6m`).
    #[schemars(length(min = 1))]
    pub label: String,
    /// Probability 0–1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub probability: f64,
    /// Model version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted_at: Option<Timestamp>,
    /// How it was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An employee's history inside the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EmployeeRecord {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `employee_record`.
    pub kind: EmployeeRecordKind,
    /// The HR system's employee id.
    #[schemars(length(min = 1))]
    pub employee_id: String,
    /// The candidate id this employee was hired as (key of the 360° profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<String>,
    /// Hire date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hire_date: Option<PartialDate>,
    /// Positions held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<Position>,
    /// Performance reviews over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub performance_reviews: Vec<PerformanceReview>,
    /// Trainings completed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trainings: Vec<Training>,
    /// Promotions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotions: Vec<Promotion>,
    /// Ids of scorecards linked to this employee.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scorecard_ids: Vec<String>,
    /// Potential predictions made for this employee.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub potential_predictions: Vec<PotentialPrediction>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Profile (360°)
// ---------------------------------------------------------------------------------------------

/// A value that differs between two documents merged into one profile. Both values are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MergeConflict {
    /// The profile field in question (`/identity/email`).
    pub field: String,
    /// The value the profile kept (from the first source, in input order).
    pub kept: Value,
    /// Where it came from (`/0/contact/email`: index in the merge input, then pointer).
    pub kept_source: String,
    /// The other value.
    pub other: Value,
    /// Where that came from.
    pub other_source: String,
}

/// Who the profile is about, resolved from every source.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Identity {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The 360° talent profile: everything known about one candidate or employee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    /// Archive schema version; 1 for this layout.
    #[serde(default = "v1")]
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Always `profile`.
    pub kind: ProfileKind,
    /// The candidate id every source shares.
    #[schemars(length(min = 1))]
    pub candidate_id: String,
    /// Identity resolved from every source; disagreements are in `conflicts`.
    #[serde(default)]
    pub identity: Identity,
    /// The candidate record(s).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// Resumes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumes: Vec<Resume>,
    /// Interviews.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviews: Vec<Interview>,
    /// Scorecards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scorecards: Vec<Scorecard>,
    /// Employee records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub employee_records: Vec<EmployeeRecord>,
    /// Disagreements found while merging; always written, so "none" is explicit.
    #[serde(default)]
    pub conflicts: Vec<MergeConflict>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
