//! JSON text in, JSON text out: the mechanical entry points the C, Kotlin and WASM faces call.
//!
//! Every function takes UTF-8 bytes and returns compact JSON. Input is checked before parsing:
//! size (default limit [`MAX_INPUT_BYTES`]), UTF-8, then JSON syntax with serde_json's nesting
//! limit (128 levels), so hostile input (20 MB documents, 10,000 nested arrays, invalid UTF-8)
//! ends in a clean [`Error`], never a crash.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The shape of every operation here: JSON text in, JSON text out.
pub type Op = fn(&[u8]) -> Result<String>;

/// The largest input accepted, in bytes (64 MiB).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Parses UTF-8 JSON text with the checks above.
pub fn parse(input: &[u8]) -> Result<Value> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::LimitExceeded {
            what: "input size in bytes".into(),
            limit: MAX_INPUT_BYTES as u64,
            actual: input.len() as u64,
        });
    }
    // Files saved by Windows editors often start with a UTF-8 byte-order mark; it is not content.
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(input).map_err(|e| Error::InvalidUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    parse_str(text)
}

/// Parses JSON text that is already a `str`.
pub fn parse_str(text: &str) -> Result<Value> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::LimitExceeded {
            what: "input size in bytes".into(),
            limit: MAX_INPUT_BYTES as u64,
            actual: text.len() as u64,
        });
    }
    serde_json::from_str(text).map_err(|e| Error::InvalidJson {
        message: strip_position(&e.to_string()),
        line: e.line(),
        column: e.column(),
    })
}

/// serde_json appends " at line L column C"; the error carries those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_string(),
        None => message.to_string(),
    }
}

/// Compact JSON text for a result.
pub fn to_string<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(format!("serialising a result: {e}")))
}

/// Every operation that takes input, by the name the golden vectors and the faces use.
pub const OPS: &[(&str, Op)] = &[
    ("validate", validate),
    ("migrate", migrate),
    ("import_json_resume", import_json_resume),
    ("export_json_resume", export_json_resume),
    ("merge_profiles", merge_profiles),
    ("audit", audit),
    ("audit_render", audit_render),
    ("redact", redact),
    ("role_view", role_view),
    ("encrypt", encrypt),
    ("decrypt", decrypt),
    ("rotate_keys", rotate_keys),
    ("generate_key", generate_key),
    ("log_append", log_append),
    ("log_verify", log_verify),
    ("potential_fit", potential_fit),
    ("potential_predict", potential_predict),
    ("potential_evaluate", potential_evaluate),
    ("potential_update", potential_update),
    ("potential_insights", potential_insights),
    ("bank_list", bank_list),
    ("interview_plan", interview_plan),
    ("session_create", session_create),
    ("session_apply", session_apply),
    ("session_drain", session_drain),
    ("session_verify", session_verify),
    ("answer_score", answer_score),
    ("interview_score", interview_score),
    ("interview_replay", interview_replay),
    ("policy_check", policy_check),
    ("policy_profile", policy_profile),
    ("calibrate", calibrate),
    ("parse_resume", parse_resume),
    ("taxonomy_lookup", taxonomy_lookup),
    ("taxonomy_info", taxonomy_info),
    ("ner_train", ner_train),
    ("ner_tag", ner_tag),
    ("ner_eval", ner_eval),
    ("voice_features", voice_features),
    ("success_profile", success_profile),
    ("develop", develop),
    ("funnel", funnel),
    ("subscribe_message", subscribe_message),
    ("wecom_payload", wecom_payload),
    ("report", report),
    ("match_learn_weights", match_learn_weights),
    ("index_query", index_query),
    ("index_build", index_build),
    ("rank_resumes", rank_resumes),
    ("match_resume", match_resume),
    ("job_parse", job_parse),
    ("semantic_embed", semantic_embed),
    ("fusion_learn", fusion_learn),
    ("fuse", fuse),
    ("visual_summary", visual_summary),
];

/// The operation called `name` in [`OPS`].
pub fn op(name: &str) -> Option<Op> {
    OPS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Orders JSON pointers by their segments, array indices numerically (`/a/2` before `/a/10`).
///
/// Lists of pointers in results (what was redacted, what a role view withheld) are sorted with
/// it, so they do not depend on the member order of the input: JSON objects are unordered, and
/// faces whose JSON libraries reorder members must get the same answer.
pub fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(i), Ok(j)) => i.cmp(&j),
                    _ => x.cmp(y),
                };
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// [`crate::version`] as JSON.
pub fn version() -> String {
    to_string(&crate::version()).unwrap_or_default()
}

/// [`crate::validate`] on JSON text; returns the report as JSON.
pub fn validate(input: &[u8]) -> Result<String> {
    to_string(&crate::validate(&parse(input)?)?)
}

/// [`crate::migrate`] on JSON text; returns the current-version document as JSON.
pub fn migrate(input: &[u8]) -> Result<String> {
    to_string(&crate::migrate(parse(input)?)?)
}

/// [`crate::import_json_resume`] on JSON text; returns the Resume as JSON.
pub fn import_json_resume(input: &[u8]) -> Result<String> {
    to_string(&crate::interop::json_resume::import_value(&parse(input)?)?)
}

/// [`crate::export_json_resume`] on JSON text; returns JSON Resume.
pub fn export_json_resume(input: &[u8]) -> Result<String> {
    to_string(&crate::export_json_resume(&parse(input)?)?)
}

/// [`crate::merge_profiles`] on JSON text (an array of documents); returns `{"profiles": [...]}`.
pub fn merge_profiles(input: &[u8]) -> Result<String> {
    to_string(&crate::merge_profiles(&parse(input)?)?)
}

/// Runs a request-object operation: parses the request, runs it, serialises the result.
fn request(input: &[u8], op: fn(&Value) -> Result<Value>) -> Result<String> {
    to_string(&op(&parse(input)?)?)
}

/// [`crate::audit`]: adverse-impact audit of a request `{"records"|"csv", "group", "selected"|"score", …}`;
/// returns the report.
pub fn audit(input: &[u8]) -> Result<String> {
    request(input, crate::audit::audit_value)
}

/// [`crate::audit`]: renders a report, `{"report": …, "format": "json"|"md"|"html"}` →
/// `{"format", "text"}`.
pub fn audit_render(input: &[u8]) -> Result<String> {
    request(input, crate::audit::render_value)
}

/// [`crate::redact`]: `{"document": …, "options"?: …}` → `{"document", "removed"}`.
pub fn redact(input: &[u8]) -> Result<String> {
    request(input, crate::redact::redact_value)
}

/// [`crate::views`]: `{"document": …, "role": …}` → the document as that role may see it.
pub fn role_view(input: &[u8]) -> Result<String> {
    request(input, crate::views::role_view_value)
}

/// [`crate::crypto`]: `{"document", "keyring", "fields"?}` → the document with fields encrypted.
pub fn encrypt(input: &[u8]) -> Result<String> {
    request(input, crate::crypto::encrypt_value)
}

/// [`crate::crypto`]: `{"document", "keyring"}` → the document with fields decrypted.
pub fn decrypt(input: &[u8]) -> Result<String> {
    request(input, crate::crypto::decrypt_value)
}

/// [`crate::crypto`]: `{"document", "keyring", "to"?}` → the document re-wrapped under the
/// keyring's active (or the named) key.
pub fn rotate_keys(input: &[u8]) -> Result<String> {
    request(input, crate::crypto::rotate_value)
}

/// [`crate::crypto`]: `{"id": …}` → a new random key-encryption key `{"id", "key"}`.
pub fn generate_key(input: &[u8]) -> Result<String> {
    request(input, crate::crypto::generate_key_value)
}

/// [`crate::trail`]: `{"previous": entry|null, "entry": …, "key"?}` → the sealed entry.
pub fn log_append(input: &[u8]) -> Result<String> {
    request(input, crate::trail::append_value)
}

/// [`crate::trail`]: `{"entries": […], "key"?, "expected_head"?}` → the verification report.
pub fn log_verify(input: &[u8]) -> Result<String> {
    request(input, crate::trail::verify_value)
}

/// [`crate::potential`]: trains a model from `{"csv"|"records", "label", …}`; returns the model.
pub fn potential_fit(input: &[u8]) -> Result<String> {
    request(input, crate::potential::fit_value)
}

/// [`crate::potential`]: `{"model", "csv"|"records"}` → predictions with contributions.
pub fn potential_predict(input: &[u8]) -> Result<String> {
    request(input, crate::potential::predict_value)
}

/// [`crate::potential`]: `{"model", "csv"|"records", "label", …}` → the validation report.
pub fn potential_evaluate(input: &[u8]) -> Result<String> {
    request(input, crate::potential::evaluate_value)
}

/// [`crate::potential`]: `{"model", "csv"|"records", "label", …}` → a new model version and
/// the drift and metric changes.
pub fn potential_update(input: &[u8]) -> Result<String> {
    request(input, crate::potential::update_value)
}

/// [`crate::potential`]: `{"csv"|"records", "label", …}` → ranked feature-band lifts with CIs.
pub fn potential_insights(input: &[u8]) -> Result<String> {
    request(input, crate::potential::insights_value)
}

/// [`crate::interview`]: `{"lang"?, "competency"?, "role_family"?, "type"?, "extension"?}` →
/// `{"version", "competencies", "questions"}` from the question bank.
pub fn bank_list(input: &[u8]) -> Result<String> {
    request(input, crate::interview::bank::bank_list_value)
}

/// An interview plan from a job profile's competency weights: `{"job", "count"?, "seed"?, "lang"?,
/// "exclude"?, "previous_plans"?, "types"?, "extension"?}` → the plan (balanced, seeded, no repeats).
pub fn interview_plan(input: &[u8]) -> Result<String> {
    request(input, crate::interview::plan::interview_plan_value)
}

/// Starts an interview session: `{"id", "plan", "key", "at", …}` → `{"snapshot", "events"}`;
/// the snapshot is sealed with an HMAC under the host's key.
pub fn session_create(input: &[u8]) -> Result<String> {
    request(input, crate::interview::session::session_create_value)
}

/// Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session:
/// `{"snapshot", "key", "event"}` → `{"snapshot", "events", "progress", …}`.
pub fn session_apply(input: &[u8]) -> Result<String> {
    request(input, crate::interview::session::session_apply_value)
}

/// Takes the events waiting in a session's outbox: `{"snapshot", "key"}` → `{"snapshot",
/// "events"}`.
pub fn session_drain(input: &[u8]) -> Result<String> {
    request(input, crate::interview::session::session_drain_value)
}

/// Checks a session snapshot's HMAC: `{"snapshot", "key"}` → `{"valid", "status", "progress"}`.
pub fn session_verify(input: &[u8]) -> Result<String> {
    request(input, crate::interview::session::session_verify_value)
}

/// Scores one answer transcript against its question's rubric: `{"question_id", "transcript",
/// "lang"?, "show_scores"?, "extension"?}` → levels, evidence and feedback per competency.
pub fn answer_score(input: &[u8]) -> Result<String> {
    request(input, crate::interview::score::answer_score_value)
}

/// A scorecard for a whole interview: `{"plan", "answers", "norms"?, …}` → an archive
/// Scorecard stamped with the engine and rubric versions and the input hash.
pub fn interview_score(input: &[u8]) -> Result<String> {
    request(input, crate::interview::score::interview_score_value)
}

/// Recomputes a scorecard from the same inputs and compares it bit for bit: `{"scorecard",
/// "plan", "answers", "norms"?}` → `{"reproduced", "differences", …}`.
pub fn interview_replay(input: &[u8]) -> Result<String> {
    request(input, crate::interview::score::interview_replay_value)
}

/// The policy gate: `{"policy", "signals", "consents"?, "notices"?, "at", …}` → the signals
/// allowed and dropped with reasons; `PolicyViolation` naming the rule when the policy forbids.
pub fn policy_check(input: &[u8]) -> Result<String> {
    request(input, crate::policy::policy_check_value)
}

/// A jurisdiction policy profile in full: `{"policy": "eu"|{…}}` → the profile and its hash.
pub fn policy_profile(input: &[u8]) -> Result<String> {
    request(input, crate::policy::policy_profile_value)
}

/// Interviewer calibration: `{"ratings", "ai"?, "scorecards"?, "threshold"?, …}` → divergence
/// flags, rater leniency and drift, ICC and weighted kappa, panel aggregates.
pub fn calibrate(input: &[u8]) -> Result<String> {
    request(input, crate::calibration::calibrate_value)
}

/// Parses a resume given in the request: `{"text"|"base64", "reference_date"?, "taxonomy"?, "ner_model"?, …}`
/// → `{"resume", "warnings"}`, every value with its evidence span. `parse_resume_file` takes the file as bytes.
pub fn parse_resume(input: &[u8]) -> Result<String> {
    request(input, crate::resume::parse_resume_value)
}

/// Skills in text, or one term or id: `{"text", "mode"?: "find"|"term"|"id", "taxonomy"?, "extension"?, "lang"?}`
/// → matches with code-point spans, lookup hits, or a skill with its related skills.
pub fn taxonomy_lookup(input: &[u8]) -> Result<String> {
    request(input, crate::taxonomy::taxonomy_lookup_value)
}

/// The skill taxonomy in use (embedded default, a replacement or an extension): `{"taxonomy"?, "extension"?, "lang"?}`
/// → version hash, counts per category and source, ambiguous surfaces.
pub fn taxonomy_info(input: &[u8]) -> Result<String> {
    request(input, crate::taxonomy::taxonomy_info_value)
}

/// Trains the sequence labeller: `{"format": "bmes"|"conll", "train", "dev"?, "options"?}` → `{"model": BASE64, "report"}`.
pub fn ner_train(input: &[u8]) -> Result<String> {
    request(input, crate::ner::ner_train_value)
}

/// Tags text with a labeller model: `{"model": BASE64, "text"|"texts"}` → entity spans in code points.
pub fn ner_tag(input: &[u8]) -> Result<String> {
    request(input, crate::ner::ner_tag_value)
}

/// Scores a labeller model on annotated text: `{"model", "format", "test"}` → micro F1, precision, recall, per type.
pub fn ner_eval(input: &[u8]) -> Result<String> {
    request(input, crate::ner::ner_eval_value)
}

/// [`crate::resume::parse_resume_file_value`]: a resume file's bytes and an options object as
/// JSON text (empty means none) → `{"resume", "warnings"}`. The call behind every face's
/// `parse_resume_file(bytes, options)`; not in [`OPS`], which take one request each.
pub fn parse_resume_file(file: &[u8], options: &[u8]) -> Result<String> {
    crate::resume::parse_resume_file_json(file, &options_json(options)?)
}

/// Options given as JSON text next to a bytes argument: empty or blank means none (`null`);
/// anything else must parse, and a syntax error names `options`.
fn options_json(options: &[u8]) -> Result<Value> {
    if options.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    parse(options).map_err(|e| match e {
        Error::InvalidJson { message, .. } => Error::InvalidArgument {
            name: "options".into(),
            expected: format!("a JSON object ({message})"),
        },
        other => other,
    })
}

/// [`crate::voice::voice_features_value`]: voice features of `{"wav_base64"|"samples",
/// "sample_rate"?, "transcript"?, "words"?, "config"?}` (pitch, voicing, pauses, speech rate,
/// loudness, fillers; no affect is inferred).
pub fn voice_features(input: &[u8]) -> Result<String> {
    request(input, crate::voice::voice_features_value)
}

/// Behaviour summaries of a video interview from the host's own vision pipeline: `{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred.
pub fn visual_summary(input: &[u8]) -> Result<String> {
    request(input, crate::visual::visual_summary_value)
}

/// Score fusion behind the policy gate: `{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}` → `{"scorecard", "contributions", "dropped", "divergence", …}`; `PolicyViolation` naming the rule when the policy refuses a signal.
pub fn fuse(input: &[u8]) -> Result<String> {
    request(input, crate::fusion::fuse_value)
}

/// Learns fusion weights from historical ratings by non-negative ridge regression: `{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}` → weights, clamped modalities, held-out R² and RMSE.
pub fn fusion_learn(input: &[u8]) -> Result<String> {
    request(input, crate::fusion::fusion_learn_value)
}

/// Parses a Chinese or English job description: `{"text", "lang"?, "id"?, "title"?, "taxonomy"?}` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans.
pub fn job_parse(input: &[u8]) -> Result<String> {
    request(input, crate::matching::job_parse_value)
}

/// Sentence embeddings from a user-supplied ONNX model (builds with the `onnx` feature): `{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}` → `{"model": {"onnx_sha256", ...}, "embeddings"}`, or with an anchor text each text's semantic score 0–1 against it (`"similarities"`).
pub fn semantic_embed(input: &[u8]) -> Result<String> {
    request(input, crate::semantic::semantic_embed_value)
}

/// Explained fit of one resume for one job: `{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English.
pub fn match_resume(input: &[u8]) -> Result<String> {
    request(input, crate::matching::match_value)
}

/// Ranks resumes for a job: `{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}` → `{"results": [{"id", "score", "rank", "explanation"}], "funnel"}`.
pub fn rank_resumes(input: &[u8]) -> Result<String> {
    request(input, crate::matching::rank_value)
}

/// Builds or updates a resume index: `{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}` → `{"index": BASE64, "count", "ids"}`.
pub fn index_build(input: &[u8]) -> Result<String> {
    request(input, crate::matching::index_build_value)
}

/// Top-k of a saved resume index for a job: `{"index": BASE64, "job", "top"?, "filters"?, "weights"?}` → ranked results and the funnel.
pub fn index_query(input: &[u8]) -> Result<String> {
    request(input, crate::matching::index_query_value)
}

/// Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: `{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}` → weights with standard errors and cross-validated log-loss and AUC.
pub fn match_learn_weights(input: &[u8]) -> Result<String> {
    request(input, crate::matching::learn_weights_value)
}

/// A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: `{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}` (docs/reports.md).
pub fn report(input: &[u8]) -> Result<String> {
    request(input, crate::report::report_value)
}

/// A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: `{"event", "lang"?, "style"?, "data"}` → `{"body", "warnings"}` (docs/wecom.md).
pub fn wecom_payload(input: &[u8]) -> Result<String> {
    request(input, crate::report::wecom_payload_value)
}

/// A WeChat mini-program subscribe-message body with every value checked against its kind: `{"template_id", "touser", "fields"}` → `{"body", "warnings"}` (docs/wecom.md).
pub fn subscribe_message(input: &[u8]) -> Result<String> {
    request(input, crate::report::subscribe_message_value)
}

/// Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: `{"events", "stages"?, "as_of"?, "audit"?}` (docs/analytics.md).
pub fn funnel(input: &[u8]) -> Result<String> {
    request(input, crate::analytics::funnel_value)
}

/// Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: `{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}` (docs/development.md).
pub fn develop(input: &[u8]) -> Result<String> {
    request(input, crate::develop::develop_value)
}

/// A success profile per role: features of top performers with lift and its confidence interval: `{"records", "top", "min_support"?, "confidence"?}` (docs/development.md).
pub fn success_profile(input: &[u8]) -> Result<String> {
    request(input, crate::develop::success_profile_value)
}

/// [`crate::voice::voice_features_wav_value`]: a WAV file's bytes and options
/// `{"transcript"?, "words"?, "config"?}` as JSON text (empty means none) → voice features.
/// The call behind every face's `voice_features_wav(bytes, options)`; not in [`OPS`].
pub fn voice_features_wav(wav: &[u8], options: &[u8]) -> Result<String> {
    to_string(&crate::voice::voice_features_wav_value(
        wav,
        &options_json(options)?,
    )?)
}

/// [`crate::voice::VoiceStream`] with JSON text for options and results: the handle behind
/// every face's streaming voice analyser (`ik_voice_stream_*` in C, `VoiceStream` elsewhere).
#[derive(Debug)]
pub struct VoiceStream(crate::voice::VoiceStream);

impl VoiceStream {
    /// A stream of mono audio at `sample_rate` Hz; `options` is `{"config"?}` (empty: none).
    pub fn new(sample_rate: u32, options: &[u8]) -> Result<VoiceStream> {
        Ok(VoiceStream(crate::voice::VoiceStream::new(
            sample_rate,
            &options_json(options)?,
        )?))
    }

    /// Pushes float samples (full scale ±1).
    pub fn push_f32(&mut self, samples: &[f32]) -> Result<()> {
        self.0.push_f32(samples)
    }

    /// Pushes 16-bit samples.
    pub fn push_i16(&mut self, samples: &[i16]) -> Result<()> {
        self.0.push_i16(samples)
    }

    /// Samples received so far.
    pub fn samples_received(&self) -> u64 {
        self.0.samples_received()
    }

    /// Ends the stream; `options` is `{"transcript"?, "words"?}` (empty: none) → voice features.
    pub fn finish(&mut self, options: &[u8]) -> Result<String> {
        let options = options_json(options)?;
        to_string(&self.0.finish(&options)?)
    }
}
