//! # InterviewKit for Kotlin and Swift (uniffi)
//!
//! The mobile face: the same six functions as every other face, exported with uniffi
//! proc-macros so that `uniffi-bindgen` (see `uniffi-bindgen/`) generates Kotlin (JVM, Android)
//! and Swift (iOS, macOS) sources from the built library. JSON text goes in and compact JSON
//! text comes out; the shapes are the archive schema's, described in the project README.
//!
//! Owns: the uniffi exports and the mapping of [`interviewkit_core::ErrorCode`] onto
//! [`InterviewKitError`]. Must not hold domain logic: every function forwards to
//! [`interviewkit_core::json`].
//!
//! ```
//! let report = interviewkit_mobile::validate(
//!     r#"{"schema_version":1,"kind":"candidate","id":"c-1"}"#.to_string(),
//! ).unwrap();
//! assert!(report.starts_with(r#"{"valid":true"#));
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};

use interviewkit_core::{json, Error, ErrorCode};

uniffi::setup_scaffolding!("interviewkit");

/// Declares [`InterviewKitError`] with one variant per [`ErrorCode`] and the functions that move
/// between them, from one list, so a new code is added in one place (and the pinning test and
/// the Kotlin `when` fail until it is).
macro_rules! error_enum {
    ($($(#[doc = $doc:literal])* $variant:ident,)+) => {
        /// Why a call failed. There is one variant per [`ErrorCode`] (except `Ok`), named after
        /// [`ErrorCode::name`]; Kotlin sees `InterviewKitException.InvalidJson`, Swift
        /// `InterviewKitError.InvalidJson`.
        ///
        /// Every variant carries the same three fields, so callers can handle all errors alike:
        /// the stable numeric `code`, the English `detail` (names the field and what was
        /// expected) and `issues_json`, the validation issues as a JSON array (`[]` unless the
        /// error is `InvalidDocument`). The field is not called `message`: that would clash with
        /// Kotlin's `Throwable.message`.
        #[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
        #[uniffi::export(Display)]
        pub enum InterviewKitError {
            $(
                $(#[doc = $doc])*
                $variant {
                    /// The stable numeric code, [`ErrorCode::as_i32`] of this variant.
                    code: i32,
                    /// What went wrong, in English, naming the field and what was expected.
                    detail: String,
                    /// The validation issues as a JSON array; `[]` unless `InvalidDocument`.
                    issues_json: String,
                },
            )+
        }

        impl InterviewKitError {
            /// Builds the variant for `code`. `ErrorCode::Ok` is never an error and maps to
            /// `Internal`.
            fn from_parts(code: ErrorCode, detail: String, issues_json: String) -> Self {
                match code {
                    ErrorCode::Ok => Self::from_parts(ErrorCode::Internal, detail, issues_json),
                    // Every `code` field comes from the ErrorCode itself, never a literal.
                    $(ErrorCode::$variant => Self::$variant {
                        code: code.as_i32(),
                        detail,
                        issues_json,
                    },)+
                }
            }

            /// The variant's [`ErrorCode`], read from the variant itself (not the `code` field).
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(Self::$variant { .. } => ErrorCode::$variant,)+
                }
            }

            /// The English description (the same text as Kotlin's `toString()`).
            pub fn detail(&self) -> &str {
                match self {
                    $(Self::$variant { detail, .. })|+ => detail,
                }
            }

            /// The validation issues as JSON text.
            pub fn issues_json(&self) -> &str {
                match self {
                    $(Self::$variant { issues_json, .. })|+ => issues_json,
                }
            }
        }
    };
}

error_enum! {
    /// [`ErrorCode::Internal`] (1): a bug inside InterviewKit, such as a caught panic.
    Internal,
    /// [`ErrorCode::InvalidArgument`] (2): an argument was missing or unusable.
    InvalidArgument,
    /// [`ErrorCode::InvalidUtf8`] (3): the input was not valid UTF-8.
    InvalidUtf8,
    /// [`ErrorCode::InvalidJson`] (4): not well-formed JSON, or nested too deeply.
    InvalidJson,
    /// [`ErrorCode::InvalidDocument`] (5): well-formed JSON that breaks the archive schema.
    InvalidDocument,
    /// [`ErrorCode::UnsupportedSchemaVersion`] (6): the document is newer than this build.
    UnsupportedSchemaVersion,
    /// [`ErrorCode::UnknownDocumentType`] (7): the document's `kind` does not fit the call.
    UnknownDocumentType,
    /// [`ErrorCode::MigrationFailed`] (8): an old document could not be moved to this version.
    MigrationFailed,
    /// [`ErrorCode::LimitExceeded`] (9): input above a limit (64 MiB of JSON).
    LimitExceeded,
    /// [`ErrorCode::Io`] (10): a file could not be read or written.
    Io,
    /// [`ErrorCode::KeyUnavailable`] (11): a needed key is missing or was destroyed.
    KeyUnavailable,
    /// [`ErrorCode::IntegrityCheckFailed`] (12): wrong key, altered ciphertext or broken chain.
    IntegrityCheckFailed,
    /// [`ErrorCode::PolicyViolation`] (13): the jurisdiction policy forbids the request.
    PolicyViolation,
}

/// Accessors that work on any variant, so a single `catch (e: InterviewKitException)` can read
/// them without a `when` over the variants (Kotlin: `e.errorCode()`, Swift: `e.errorCode()`).
#[uniffi::export]
impl InterviewKitError {
    /// The stable numeric code ([`ErrorCode::as_i32`]), the same on every face.
    pub fn error_code(&self) -> i32 {
        self.code().as_i32()
    }

    /// The stable name ([`ErrorCode::name`]), e.g. `"InvalidJson"`; also the variant's name.
    pub fn error_name(&self) -> String {
        self.code().name().to_string()
    }

    /// The English description of what went wrong (the variant's `detail`).
    pub fn error_detail(&self) -> String {
        self.detail().to_string()
    }

    /// The validation issues as a JSON array (`[]` unless the error is `InvalidDocument`).
    pub fn error_issues_json(&self) -> String {
        self.issues_json().to_string()
    }
}

impl std::fmt::Display for InterviewKitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code().name(), self.detail())
    }
}

impl std::error::Error for InterviewKitError {}

impl From<Error> for InterviewKitError {
    fn from(err: Error) -> Self {
        let issues_json = match err.report() {
            Some(report) => json::to_string(&report.issues).unwrap_or_else(|_| "[]".to_string()),
            None => "[]".to_string(),
        };
        Self::from_parts(err.code(), err.to_string(), issues_json)
    }
}

/// Runs `f`, turning a core error into its variant and a panic into `Internal`.
fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, InterviewKitError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(InterviewKitError::from),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(InterviewKitError::from(Error::Internal(format!(
                "panic: {what}"
            ))))
        }
    }
}

/// Engine and schema versions: `{"engine_version":"0.1.0","schema_version":1}`.
#[uniffi::export]
pub fn version() -> String {
    // The core cannot fail here; a panic still must not cross the FFI boundary.
    catch_unwind(json::version).unwrap_or_default()
}

/// Validates an archive document (JSON text) and returns the report as JSON:
/// `{"valid":bool,"kind"?,"schema_version"?,"issues":[{"pointer","code","message","message_zh"}]}`.
/// An invalid document is a report, not an error; errors are malformed JSON and future versions.
#[uniffi::export]
pub fn validate(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::validate(json.as_bytes()))
}

/// Moves a document to the current schema version, validates it and returns it as JSON.
#[uniffi::export]
pub fn migrate(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::migrate(json.as_bytes()))
}

/// Imports a JSON Resume (v1.0.0) document and returns an archive resume as JSON. Fields with
/// no place in the archive schema are kept, so export gives the input back.
#[uniffi::export]
pub fn import_json_resume(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::import_json_resume(json.as_bytes()))
}

/// Exports an archive resume (JSON text) as a JSON Resume (v1.0.0) document.
#[uniffi::export]
pub fn export_json_resume(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::export_json_resume(json.as_bytes()))
}

/// Merges archive documents (a JSON array) into 360° profiles keyed by candidate id:
/// `{"profiles":[...]}`; conflicts are listed in each profile, never dropped.
#[uniffi::export]
pub fn merge_profiles(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::merge_profiles(json.as_bytes()))
}

/// Adverse-impact audit of a request `{"records"|"csv", "group", "selected"|"score", …}`; returns
/// the report (`groups` with `selection_rate`/`scoring_rate`, `impact_ratio`, `flag_four_fifths`, …).
#[uniffi::export]
pub fn audit(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::audit(json.as_bytes()))
}

/// Renders an audit report: `{"report", "format": "json"|"md"|"html"}` → `{"format", "text"}`.
#[uniffi::export]
pub fn audit_render(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::audit_render(json.as_bytes()))
}

/// Blind screening of a resume, candidate or profile: `{"document", "options"?}` →
/// `{"document", "removed", …}`; the report never repeats a removed value.
#[uniffi::export]
pub fn redact(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::redact(json.as_bytes()))
}

/// The document as one role may see it (deny by default): `{"document", "role"}`.
#[uniffi::export]
pub fn role_view(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::role_view(json.as_bytes()))
}

/// Encrypts sensitive fields (AES-256-GCM envelopes): `{"document", "keyring", "fields"?}`.
#[uniffi::export]
pub fn encrypt(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::encrypt(json.as_bytes()))
}

/// Opens every envelope in a document: `{"document", "keyring"}`; fails with
/// `KeyUnavailable` or `IntegrityCheckFailed`.
#[uniffi::export]
pub fn decrypt(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::decrypt(json.as_bytes()))
}

/// Re-wraps a document's data keys under another key: `{"document", "keyring", "to"?}`.
#[uniffi::export]
pub fn rotate_keys(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::rotate_keys(json.as_bytes()))
}

/// A new random 256-bit key-encryption key: `{"id"}` → `{"id", "key"}`.
#[uniffi::export]
pub fn generate_key(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::generate_key(json.as_bytes()))
}

/// Seals the next audit-trail entry: `{"previous", "entry", "key"?}`.
#[uniffi::export]
pub fn log_append(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::log_append(json.as_bytes()))
}

/// Verifies an audit trail: `{"entries", "key"?, "expected_head"?, "expected_length"?}` →
/// `{"valid", "length", "head", "problems"}`.
#[uniffi::export]
pub fn log_verify(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::log_verify(json.as_bytes()))
}

/// Trains a talent-potential model (gradient-boosted trees, calibrated, explainable) from a
/// table: `{"csv"|"records", "label", "id"?, "exclude"?, "params"?}` → the model (JSON, with
/// metadata, training-data hash, validation metrics and an integrity hash).
#[uniffi::export]
pub fn potential_fit(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::potential_fit(json.as_bytes()))
}

/// Predicts with a model: `{"model", "csv"|"records", "top"?}` → `{"predictions": [{"id",
/// "probability", "margin", "base_value", "contributions"}]}`; contributions add up to the margin.
#[uniffi::export]
pub fn potential_predict(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::potential_predict(json.as_bytes()))
}

/// Validation report of a model on labelled data: ROC-AUC, PR-AUC, calibration error, validity r
/// with a bootstrap CI, range-restriction correction, adverse impact by group.
#[uniffi::export]
pub fn potential_evaluate(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::potential_evaluate(json.as_bytes()))
}

/// Refits or warm-starts a model on new outcomes: a new model version (the old one is untouched),
/// drift (PSI) per feature and the change in metrics.
#[uniffi::export]
pub fn potential_update(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::potential_update(json.as_bytes()))
}

/// Insight mining: feature bands ranked by lift in the label rate, with confidence intervals.
#[uniffi::export]
pub fn potential_insights(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::potential_insights(json.as_bytes()))
}

/// The structured-interview question bank: `{"lang"?, "competency"?, "role_family"?, "type"?,
/// "extension"?}` → `{"version", "competencies", "questions"}`.
#[uniffi::export]
pub fn bank_list(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::bank_list(json.as_bytes()))
}

/// An interview plan from a job profile's competency weights: `{"job", "count"?, "seed"?, "lang"?,
/// "exclude"?, "previous_plans"?, "types"?, "extension"?}` → the plan (balanced, seeded, no repeats).
#[uniffi::export]
pub fn interview_plan(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::interview_plan(json.as_bytes()))
}

/// Starts an interview session: `{"id", "plan", "key", "at", …}` → `{"snapshot", "events"}`;
/// the snapshot is sealed with an HMAC under the host's key.
#[uniffi::export]
pub fn session_create(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::session_create(json.as_bytes()))
}

/// Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session:
/// `{"snapshot", "key", "event"}` → `{"snapshot", "events", "progress", …}`.
#[uniffi::export]
pub fn session_apply(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::session_apply(json.as_bytes()))
}

/// Takes the events waiting in a session's outbox: `{"snapshot", "key"}` → `{"snapshot",
/// "events"}`.
#[uniffi::export]
pub fn session_drain(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::session_drain(json.as_bytes()))
}

/// Checks a session snapshot's HMAC: `{"snapshot", "key"}` → `{"valid", "status", "progress"}`.
#[uniffi::export]
pub fn session_verify(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::session_verify(json.as_bytes()))
}

/// Scores one answer transcript against its question's rubric: `{"question_id", "transcript",
/// "lang"?, "show_scores"?, "extension"?}` → levels, evidence and feedback per competency.
#[uniffi::export]
pub fn answer_score(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::answer_score(json.as_bytes()))
}

/// A scorecard for a whole interview: `{"plan", "answers", "norms"?, …}` → an archive
/// Scorecard stamped with the engine and rubric versions and the input hash.
#[uniffi::export]
pub fn interview_score(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::interview_score(json.as_bytes()))
}

/// Recomputes a scorecard from the same inputs and compares it bit for bit: `{"scorecard",
/// "plan", "answers", "norms"?}` → `{"reproduced", "differences", …}`.
#[uniffi::export]
pub fn interview_replay(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::interview_replay(json.as_bytes()))
}

/// The policy gate: `{"policy", "signals", "consents"?, "notices"?, "at", …}` → the signals
/// allowed and dropped with reasons; `PolicyViolation` naming the rule when the policy forbids.
#[uniffi::export]
pub fn policy_check(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::policy_check(json.as_bytes()))
}

/// A jurisdiction policy profile in full: `{"policy": "eu"|{…}}` → the profile and its hash.
#[uniffi::export]
pub fn policy_profile(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::policy_profile(json.as_bytes()))
}

/// Interviewer calibration: `{"ratings", "ai"?, "scorecards"?, "threshold"?, …}` → divergence
/// flags, rater leniency and drift, ICC and weighted kappa, panel aggregates.
#[uniffi::export]
pub fn calibrate(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::calibrate(json.as_bytes()))
}

/// Parses a resume given in the request: `{"text"|"base64", "reference_date"?, "taxonomy"?, "ner_model"?, …}`
/// → `{"resume", "warnings"}`, every value with its evidence span. `parse_resume_file` takes the file's bytes.
#[uniffi::export]
pub fn parse_resume(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::parse_resume(json.as_bytes()))
}

/// Parses a resume file's bytes (text in UTF-8/UTF-16/GBK, HTML, DOCX, PDF with a text layer)
/// with options as JSON text (empty for none): `{"reference_date"?, "taxonomy"?, "ner_model"?,
/// "school_tiers"?, "format"?, "max_bytes"?, "file_name"?, "id"?, "candidate_id"?}` →
/// `{"resume", "warnings"}`.
#[uniffi::export]
pub fn parse_resume_file(bytes: Vec<u8>, options: String) -> Result<String, InterviewKitError> {
    guard(|| json::parse_resume_file(&bytes, options.as_bytes()))
}

/// Behaviour summaries of a video interview from the host's own vision pipeline: `{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred.
#[uniffi::export]
pub fn visual_summary(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::visual_summary(json.as_bytes()))
}

/// Score fusion behind the policy gate: `{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}` → `{"scorecard", "contributions", "dropped", "divergence", …}`; `PolicyViolation` naming the rule when the policy refuses a signal.
#[uniffi::export]
pub fn fuse(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::fuse(json.as_bytes()))
}

/// Learns fusion weights from historical ratings by non-negative ridge regression: `{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}` → weights, clamped modalities, held-out R² and RMSE.
#[uniffi::export]
pub fn fusion_learn(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::fusion_learn(json.as_bytes()))
}

/// Sentence embeddings from a user-supplied ONNX model (builds with the `onnx` feature): `{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}` → `{"model": {"onnx_sha256", ...}, "embeddings"}`, or with an anchor text each text's semantic score 0–1 against it (`"similarities"`).
#[uniffi::export]
pub fn semantic_embed(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::semantic_embed(json.as_bytes()))
}

/// Parses a Chinese or English job description: `{"text", "lang"?, "id"?, "title"?, "taxonomy"?}` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans.
#[uniffi::export]
pub fn job_parse(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::job_parse(json.as_bytes()))
}

/// Explained fit of one resume for one job: `{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English.
#[uniffi::export]
pub fn match_resume(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::match_resume(json.as_bytes()))
}

/// Ranks resumes for a job: `{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}` → `{"results": [{"id", "score", "rank", "explanation"}], "funnel"}`.
#[uniffi::export]
pub fn rank_resumes(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::rank_resumes(json.as_bytes()))
}

/// Builds or updates a resume index: `{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}` → `{"index": BASE64, "count", "ids"}`.
#[uniffi::export]
pub fn index_build(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::index_build(json.as_bytes()))
}

/// Top-k of a saved resume index for a job: `{"index": BASE64, "job", "top"?, "filters"?, "weights"?}` → ranked results and the funnel.
#[uniffi::export]
pub fn index_query(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::index_query(json.as_bytes()))
}

/// Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: `{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}` → weights with standard errors and cross-validated log-loss and AUC.
#[uniffi::export]
pub fn match_learn_weights(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::match_learn_weights(json.as_bytes()))
}

/// A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: `{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}` (docs/reports.md).
#[uniffi::export]
pub fn report(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::report(json.as_bytes()))
}

/// A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: `{"event", "lang"?, "style"?, "data"}` → `{"body", "warnings"}` (docs/wecom.md).
#[uniffi::export]
pub fn wecom_payload(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::wecom_payload(json.as_bytes()))
}

/// A WeChat mini-program subscribe-message body with every value checked against its kind: `{"template_id", "touser", "fields"}` → `{"body", "warnings"}` (docs/wecom.md).
#[uniffi::export]
pub fn subscribe_message(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::subscribe_message(json.as_bytes()))
}

/// Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: `{"events", "stages"?, "as_of"?, "audit"?}` (docs/analytics.md).
#[uniffi::export]
pub fn funnel(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::funnel(json.as_bytes()))
}

/// Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: `{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}` (docs/development.md).
#[uniffi::export]
pub fn develop(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::develop(json.as_bytes()))
}

/// A success profile per role: features of top performers with lift and its confidence interval: `{"records", "top", "min_support"?, "confidence"?}` (docs/development.md).
#[uniffi::export]
pub fn success_profile(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::success_profile(json.as_bytes()))
}

/// Voice features of a request: `{"wav_base64"|"samples", "sample_rate"?, "transcript"?,
/// "words"?, "config"?}` → pitch, voicing, pauses, speech rate, loudness, fillers (no affect is
/// inferred; pass the result through `policyCheck` as a `voice` signal before using it).
#[uniffi::export]
pub fn voice_features(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::voice_features(json.as_bytes()))
}

/// Voice features of a WAV file's bytes with options as JSON text (empty for none):
/// `{"transcript"?, "words"?, "config"?}`.
#[uniffi::export]
pub fn voice_features_wav(bytes: Vec<u8>, options: String) -> Result<String, InterviewKitError> {
    guard(|| json::voice_features_wav(&bytes, options.as_bytes()))
}

/// A streaming voice analysis of mono audio: push chunks as they are recorded, then `finish`.
/// Safe to share between threads (calls are serialised).
#[derive(uniffi::Object)]
pub struct VoiceStream {
    inner: std::sync::Mutex<json::VoiceStream>,
}

impl VoiceStream {
    fn with<T>(
        &self,
        work: impl FnOnce(&mut json::VoiceStream) -> interviewkit_core::Result<T>,
    ) -> Result<T, InterviewKitError> {
        guard(|| {
            // A panic inside an earlier call is caught by `guard`; the stream stays usable.
            let mut inner = self
                .inner
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut inner)
        })
    }
}

#[uniffi::export]
impl VoiceStream {
    /// A stream at `sample_rate` Hz (8000–192000) with options `{"config"?}` as JSON text
    /// (empty for none).
    #[uniffi::constructor]
    pub fn new(
        sample_rate: u32,
        options: String,
    ) -> Result<std::sync::Arc<Self>, InterviewKitError> {
        let inner = guard(|| json::VoiceStream::new(sample_rate, options.as_bytes()))?;
        Ok(std::sync::Arc::new(VoiceStream {
            inner: std::sync::Mutex::new(inner),
        }))
    }

    /// Pushes float samples (full scale ±1).
    pub fn push_f32(&self, samples: Vec<f32>) -> Result<(), InterviewKitError> {
        self.with(|s| s.push_f32(&samples))
    }

    /// Pushes 16-bit samples.
    pub fn push_i16(&self, samples: Vec<i16>) -> Result<(), InterviewKitError> {
        self.with(|s| s.push_i16(&samples))
    }

    /// Samples received so far.
    pub fn samples_received(&self) -> Result<u64, InterviewKitError> {
        self.with(|s| Ok(s.samples_received()))
    }

    /// Ends the stream with options `{"transcript"?, "words"?}` as JSON text (empty for none)
    /// and returns the features as JSON text.
    pub fn finish(&self, options: String) -> Result<String, InterviewKitError> {
        self.with(|s| s.finish(options.as_bytes()))
    }
}

/// Skills in text, or one term or id: `{"text", "mode"?: "find"|"term"|"id", "taxonomy"?, "extension"?, "lang"?}`
/// → matches with code-point spans, lookup hits, or a skill with its related skills.
#[uniffi::export]
pub fn taxonomy_lookup(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::taxonomy_lookup(json.as_bytes()))
}

/// The skill taxonomy in use (embedded default, a replacement or an extension): `{"taxonomy"?, "extension"?, "lang"?}`
/// → version hash, counts per category and source, ambiguous surfaces.
#[uniffi::export]
pub fn taxonomy_info(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::taxonomy_info(json.as_bytes()))
}

/// Trains the sequence labeller: `{"format": "bmes"|"conll", "train", "dev"?, "options"?}` → `{"model": BASE64, "report"}`.
#[uniffi::export]
pub fn ner_train(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::ner_train(json.as_bytes()))
}

/// Tags text with a labeller model: `{"model": BASE64, "text"|"texts"}` → entity spans in code points.
#[uniffi::export]
pub fn ner_tag(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::ner_tag(json.as_bytes()))
}

/// Scores a labeller model on annotated text: `{"model", "format", "test"}` → micro F1, precision, recall, per type.
#[uniffi::export]
pub fn ner_eval(json: String) -> Result<String, InterviewKitError> {
    guard(|| json::ner_eval(json.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// One variant per ErrorCode except Ok, named after `ErrorCode::name()` and carrying its
    /// number: the Kotlin/Swift names cannot drift from the core's codes.
    #[test]
    fn variants_pin_error_codes() {
        let codes: Vec<ErrorCode> = ErrorCode::ALL
            .iter()
            .copied()
            .filter(|c| *c != ErrorCode::Ok)
            .collect();
        for code in &codes {
            let err = InterviewKitError::from_parts(*code, "d".into(), "[]".into());
            assert_eq!(err.code(), *code);
            // The variant's identifier (what uniffi exports) is the start of its Debug text.
            let debug = format!("{err:?}");
            let ident = debug.split([' ', '{']).next().unwrap_or_default();
            assert_eq!(
                ident,
                code.name(),
                "variant name for code {}",
                code.as_i32()
            );
            let field = match &err {
                InterviewKitError::Internal { code, .. }
                | InterviewKitError::InvalidArgument { code, .. }
                | InterviewKitError::InvalidUtf8 { code, .. }
                | InterviewKitError::InvalidJson { code, .. }
                | InterviewKitError::InvalidDocument { code, .. }
                | InterviewKitError::UnsupportedSchemaVersion { code, .. }
                | InterviewKitError::UnknownDocumentType { code, .. }
                | InterviewKitError::MigrationFailed { code, .. }
                | InterviewKitError::LimitExceeded { code, .. }
                | InterviewKitError::Io { code, .. }
                | InterviewKitError::KeyUnavailable { code, .. }
                | InterviewKitError::IntegrityCheckFailed { code, .. }
                | InterviewKitError::PolicyViolation { code, .. } => *code,
            };
            assert_eq!(field, code.as_i32());
        }
        // As many variants as codes (the match in `code()` lists every variant once).
        assert_eq!(codes.len(), 13);
        assert_eq!(
            InterviewKitError::from_parts(ErrorCode::Ok, String::new(), String::new()).code(),
            ErrorCode::Internal
        );
    }

    #[test]
    fn errors_carry_code_detail_and_issues() {
        let err = validate("{".into()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidJson);
        assert!(err
            .to_string()
            .starts_with("InvalidJson: input is not valid JSON"));

        let err = import_json_resume(r#"{"basics":{"email":7}}"#.into()).unwrap_err();
        let InterviewKitError::InvalidDocument {
            code, issues_json, ..
        } = err
        else {
            panic!("expected InvalidDocument, got {err:?}");
        };
        assert_eq!(code, 5);
        let issues: serde_json::Value = serde_json::from_str(&issues_json).unwrap_or_default();
        assert_eq!(issues[0]["pointer"], "/basics/email");
    }

    #[test]
    fn deep_nesting_is_invalid_json() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(validate(deep).unwrap_err().code(), ErrorCode::InvalidJson);
    }

    #[test]
    fn panics_become_internal() {
        let err = guard::<String>(|| panic!("boom")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Internal);
        assert!(err.detail().contains("boom"));
    }

    #[test]
    fn version_is_json() {
        let v: serde_json::Value = serde_json::from_str(&version()).unwrap_or_default();
        assert_eq!(v["schema_version"], 1);
    }
}

// mimalloc serves this face's allocations (cargo feature `mimalloc`, on by default): the resume
// parser allocates many small strings, and glibc's malloc took about a third of its time.
#[cfg(all(feature = "mimalloc", not(target_family = "wasm")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
