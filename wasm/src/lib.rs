//! # InterviewKit for JavaScript (the WASM face)
//!
//! The raw WebAssembly exports behind the npm package `interviewkit`. JavaScript users never
//! import this module directly: `wasm/index.js` wraps it (accepts plain objects, parses results,
//! re-instantiates after a trap) and `wasm/index.d.ts` types it.
//!
//! Shape (after ruff_wasm): one small facade of free functions, because the API has no state
//! to hold in a class. Every operation comes twice:
//!
//! * `op(text)` takes JSON text (a JS string; wasm-bindgen writes it into linear memory as
//!   UTF-8 in one pass);
//! * `opBytes(bytes)` takes a `Uint8Array` of UTF-8 bytes, so invalid UTF-8 reaches the core
//!   and is reported as `InvalidUtf8` like on every other face.
//!
//! Both hand bytes to [`interviewkit_core::json`], whose parser enforces the size limit and
//! serde_json's nesting limit (128). That is why input crosses the boundary as text and never
//! as a JS object tree: a 10,000-level object converted value by value would recurse through
//! the wasm stack and trap, while as text it is a clean `InvalidJson`.
//!
//! Results come back as compact JSON text; the wrapper `JSON.parse`s it. Errors are thrown as
//! real JS `Error` objects: instances of `InterviewKitError` (`wasm/errors.js`) whose `name`
//! and `code` come from [`ErrorCode::name`] and [`ErrorCode::as_i32`] of
//! [`Error::code`](interviewkit_core::Error::code), never from numbers written here.
//!
//! Panics: wasm32 builds use `panic = "abort"`, so a panic cannot be caught in Rust; it traps.
//! The panic hook installed by [`start`] hands the message to JS first, and the wrapper turns
//! the trap into an `Internal` error and re-instantiates the module (see `wasm/README.md`).

use interviewkit_core::{json, Error, ErrorCode};
use wasm_bindgen::prelude::*;

// `raw_module` is imported verbatim, relative to the generated `pkg/interviewkit_wasm.js`, so
// it names the very module the wrapper imports: one `InterviewKitError` class, and
// `instanceof` works.
#[wasm_bindgen(raw_module = "../errors.js")]
extern "C" {
    /// `InterviewKitError`, a subclass of JS `Error` defined in `wasm/errors.js`.
    #[wasm_bindgen(js_name = InterviewKitError)]
    type JsInterviewKitError;

    /// `new InterviewKitError(name, code, message, issuesJson)`.
    #[wasm_bindgen(constructor, js_class = "InterviewKitError")]
    fn new(name: &str, code: i32, message: &str, issues_json: &str) -> JsInterviewKitError;

    /// Keeps a panic's message for the wrapper, which reports it when the trap reaches JS.
    #[wasm_bindgen(js_name = recordPanic)]
    fn record_panic(message: &str);
}

/// Runs once per instantiation: installs the panic hook that reports the message to JS
/// before the trap.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| record_panic(&info.to_string())));
}

/// What a JS error is made of: `(name, code, message, issues as JSON text)`.
///
/// Name and code come only from [`Error::code`]; `issues` is the validation report's list for
/// `InvalidDocument` and `[]` otherwise.
pub fn error_parts(err: &Error) -> (&'static str, i32, String, String) {
    let code = err.code();
    let issues = err
        .report()
        .and_then(|report| json::to_string(&report.issues).ok())
        .unwrap_or_else(|| "[]".to_string());
    (code.name(), code.as_i32(), err.to_string(), issues)
}

fn to_js_error(err: &Error) -> JsValue {
    let (name, code, message, issues) = error_parts(err);
    JsInterviewKitError::new(name, code, &message, &issues).into()
}

fn run(
    op: fn(&[u8]) -> interviewkit_core::Result<String>,
    input: &[u8],
) -> Result<String, JsValue> {
    reserve_headroom(input.len());
    op(input).map_err(|err| to_js_error(&err))
}

/// Inputs from this size up get memory reserved before they are parsed.
const RESERVE_FROM_BYTES: usize = 256 * 1024;
/// Headroom reserved per input byte: a parsed document of many small values (plus the output
/// text) peaked at about 9.4 times its JSON size in measurements.
const RESERVE_FACTOR: usize = 10;

/// Grows the heap once, up front, for a large input.
///
/// Rust's wasm allocator (dlmalloc) grows linear memory 64 KiB at a time, and V8 answers many
/// `memory.grow` calls with full garbage collections of the JS heap: the first 22 MB document
/// took 5 s instead of 0.8 s, and 25 s when the caller's JS heap was large. Allocating and
/// freeing one block of the expected peak leaves dlmalloc a free region to carve from. The
/// pages are not touched, so the host commits them only when they are used. Failure to reserve
/// is harmless: the parse then grows memory as before (and fails cleanly if it must).
fn reserve_headroom(input_len: usize) {
    if !cfg!(target_arch = "wasm32")
        || !(RESERVE_FROM_BYTES..=json::MAX_INPUT_BYTES).contains(&input_len)
    {
        return;
    }
    let mut block: Vec<u8> = Vec::new();
    if block.try_reserve_exact(input_len * RESERVE_FACTOR).is_ok() {
        // Keep the allocation from being optimised away; it is freed on return.
        std::hint::black_box(&mut block);
    }
}

/// Every [`ErrorCode`] as a JSON object `{"Ok": 0, "Internal": 1, …}`, built from
/// [`ErrorCode::ALL`]. The wrapper exposes it as `ErrorCode` and uses it for the few errors it
/// raises itself (arguments that are not JSON values).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> String {
    let table: serde_json::Map<String, serde_json::Value> = ErrorCode::ALL
        .iter()
        .map(|code| (code.name().to_string(), code.as_i32().into()))
        .collect();
    serde_json::Value::Object(table).to_string()
}

/// Engine and schema versions as JSON: `{"engine_version":"0.1.0","schema_version":1}`.
#[wasm_bindgen]
pub fn version() -> String {
    json::version()
}

/// Declares one operation's text and bytes entry points over a `json::` function.
///
/// Docs are passed as plain string literals: `///` comments captured by `macro_rules!` turn into
/// raw strings (`r"…"`), which wasm-bindgen copies into the generated JS as they are.
macro_rules! entry_points {
    ($($doc:literal $text:ident / $text_js:ident, $bytes:ident / $bytes_js:ident => $core:path;)*) => {$(
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Input: JSON text (a JS string)."]
        #[wasm_bindgen(js_name = $text_js)]
        pub fn $text(text: &str) -> Result<String, JsValue> {
            run($core, text.as_bytes())
        }

        #[doc = $doc]
        #[doc = ""]
        #[doc = "Input: UTF-8 bytes (a JS `Uint8Array`); invalid UTF-8 gives `InvalidUtf8`."]
        #[wasm_bindgen(js_name = $bytes_js)]
        pub fn $bytes(bytes: &[u8]) -> Result<String, JsValue> {
            run($core, bytes)
        }
    )*};
}

entry_points! {
    "Validates an archive document; returns the validation report as JSON."
    validate / validate, validate_bytes / validateBytes => json::validate;
    "Moves a document to the current schema version; returns it as JSON."
    migrate / migrate, migrate_bytes / migrateBytes => json::migrate;
    "Imports a JSON Resume (v1.0.0) document; returns the archive Resume as JSON."
    import_json_resume / importJsonResume, import_json_resume_bytes / importJsonResumeBytes
        => json::import_json_resume;
    "Exports an archive Resume; returns the JSON Resume document as JSON."
    export_json_resume / exportJsonResume, export_json_resume_bytes / exportJsonResumeBytes
        => json::export_json_resume;
    "Merges archive documents (a JSON array) into profiles; returns the merge result as JSON."
    merge_profiles / mergeProfiles, merge_profiles_bytes / mergeProfilesBytes
        => json::merge_profiles;
    "Adverse-impact audit of a request; returns the report as JSON."
    audit / audit, audit_bytes / auditBytes => json::audit;
    "Renders an audit report as JSON, Markdown or HTML."
    audit_render / auditRender, audit_render_bytes / auditRenderBytes => json::audit_render;
    "Blind screening of a resume, candidate or profile; returns the redacted document and what was removed."
    redact / redact, redact_bytes / redactBytes => json::redact;
    "The document as one role may see it (deny by default)."
    role_view / roleView, role_view_bytes / roleViewBytes => json::role_view;
    "Encrypts sensitive fields of a document (AES-256-GCM envelopes)."
    encrypt / encrypt, encrypt_bytes / encryptBytes => json::encrypt;
    "Opens every envelope in a document."
    decrypt / decrypt, decrypt_bytes / decryptBytes => json::decrypt;
    "Re-wraps a document's data keys under another key."
    rotate_keys / rotateKeys, rotate_keys_bytes / rotateKeysBytes => json::rotate_keys;
    "Generates a random 256-bit key-encryption key."
    generate_key / generateKey, generate_key_bytes / generateKeyBytes => json::generate_key;
    "Seals the next entry of a hash-chained audit trail."
    log_append / logAppend, log_append_bytes / logAppendBytes => json::log_append;
    "Verifies a hash-chained audit trail; returns the report."
    log_verify / logVerify, log_verify_bytes / logVerifyBytes => json::log_verify;
    "Trains a talent-potential model (gradient-boosted trees, calibrated, explainable)."
    potential_fit / potentialFit, potential_fit_bytes / potentialFitBytes => json::potential_fit;
    "Predicts with a potential model; contributions add up to each margin."
    potential_predict / potentialPredict, potential_predict_bytes / potentialPredictBytes => json::potential_predict;
    "Validation report of a potential model on labelled data."
    potential_evaluate / potentialEvaluate, potential_evaluate_bytes / potentialEvaluateBytes => json::potential_evaluate;
    "Refits or warm-starts a potential model on new outcomes: a new version, drift and metrics."
    potential_update / potentialUpdate, potential_update_bytes / potentialUpdateBytes => json::potential_update;
    "Insight mining: feature bands ranked by lift in the label rate, with confidence intervals."
    potential_insights / potentialInsights, potential_insights_bytes / potentialInsightsBytes => json::potential_insights;
    "The structured-interview question bank, filtered by language, competency, role family, type."
    bank_list / bankList, bank_list_bytes / bankListBytes => json::bank_list;
    "An interview plan from a job profile's competency weights."
    interview_plan / interviewPlan, interview_plan_bytes / interviewPlanBytes => json::interview_plan;
    "Starts an interview session."
    session_create / sessionCreate, session_create_bytes / sessionCreateBytes => json::session_create;
    "Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session."
    session_apply / sessionApply, session_apply_bytes / sessionApplyBytes => json::session_apply;
    "Takes the events waiting in a session's outbox."
    session_drain / sessionDrain, session_drain_bytes / sessionDrainBytes => json::session_drain;
    "Checks a session snapshot's HMAC."
    session_verify / sessionVerify, session_verify_bytes / sessionVerifyBytes => json::session_verify;
    "Scores one answer transcript against its question's rubric."
    answer_score / answerScore, answer_score_bytes / answerScoreBytes => json::answer_score;
    "A scorecard for a whole interview."
    interview_score / interviewScore, interview_score_bytes / interviewScoreBytes => json::interview_score;
    "Recomputes a scorecard from the same inputs and compares it bit for bit."
    interview_replay / interviewReplay, interview_replay_bytes / interviewReplayBytes => json::interview_replay;
    "The policy gate."
    policy_check / policyCheck, policy_check_bytes / policyCheckBytes => json::policy_check;
    "A jurisdiction policy profile in full."
    policy_profile / policyProfile, policy_profile_bytes / policyProfileBytes => json::policy_profile;
    "Interviewer calibration."
    calibrate / calibrate, calibrate_bytes / calibrateBytes => json::calibrate;
    "Parses a resume given in the request."
    parse_resume / parseResume, parse_resume_bytes / parseResumeBytes => json::parse_resume;
    "Skills in text, or one term or id."
    taxonomy_lookup / taxonomyLookup, taxonomy_lookup_bytes / taxonomyLookupBytes => json::taxonomy_lookup;
    "The skill taxonomy in use (embedded default, a replacement or an extension)."
    taxonomy_info / taxonomyInfo, taxonomy_info_bytes / taxonomyInfoBytes => json::taxonomy_info;
    "Trains the sequence labeller."
    ner_train / nerTrain, ner_train_bytes / nerTrainBytes => json::ner_train;
    "Tags text with a labeller model."
    ner_tag / nerTag, ner_tag_bytes / nerTagBytes => json::ner_tag;
    "Scores a labeller model on annotated text."
    ner_eval / nerEval, ner_eval_bytes / nerEvalBytes => json::ner_eval;
    "Behaviour summaries (smiles, gaze, head movement, gestures) from per-frame face data."
    visual_summary / visualSummary, visual_summary_bytes / visualSummaryBytes => json::visual_summary;
    "Fuses content scores with the signals the policy allows into the Scorecard."
    fuse / fuse, fuse_bytes / fuseBytes => json::fuse;
    "Learns fusion weights from historical ratings."
    fusion_learn / fusionLearn, fusion_learn_bytes / fusionLearnBytes => json::fusion_learn;
    "Sentence embeddings from an ONNX model: not in the WASM build (InvalidArgument says so)."
    semantic_embed / semanticEmbed, semantic_embed_bytes / semanticEmbedBytes => json::semantic_embed;
    "Parses a job description into a JobProfile."
    job_parse / jobParse, job_parse_bytes / jobParseBytes => json::job_parse;
    "Explained fit score of one resume for one job."
    match_resume / matchResume, match_resume_bytes / matchResumeBytes => json::match_resume;
    "Ranks resumes for a job, with the screening funnel."
    rank_resumes / rankResumes, rank_resumes_bytes / rankResumesBytes => json::rank_resumes;
    "Builds or updates a saved resume index."
    index_build / indexBuild, index_build_bytes / indexBuildBytes => json::index_build;
    "Top-k of a saved resume index for a job."
    index_query / indexQuery, index_query_bytes / indexQueryBytes => json::index_query;
    "Learns matching weights from historical outcomes."
    match_learn_weights / matchLearnWeights, match_learn_weights_bytes / matchLearnWeightsBytes => json::match_learn_weights;
    "A candidate, interviewer or HR report."
    report / report, report_bytes / reportBytes => json::report;
    "A WeCom message body."
    wecom_payload / wecomPayload, wecom_payload_bytes / wecomPayloadBytes => json::wecom_payload;
    "A WeChat subscribe-message body."
    subscribe_message / subscribeMessage, subscribe_message_bytes / subscribeMessageBytes => json::subscribe_message;
    "Hiring-funnel analytics from archive events."
    funnel / funnel, funnel_bytes / funnelBytes => json::funnel;
    "Development suggestions for gaps."
    develop / develop, develop_bytes / developBytes => json::develop;
    "A success profile of top performers."
    success_profile / successProfile, success_profile_bytes / successProfileBytes => json::success_profile;
    "Voice features (pitch, voicing, pauses, speech rate, loudness, fillers) of a request."
    voice_features / voiceFeatures, voice_features_bytes / voiceFeaturesBytes => json::voice_features;
}

/// Parses a resume file: its bytes (a JS `Uint8Array`: text in UTF-8/UTF-16/GBK, HTML, DOCX,
/// PDF with a text layer) and the options as JSON text (empty for none). Returns
/// `{"resume", "warnings"}` as JSON text.
#[wasm_bindgen(js_name = parseResumeFile)]
pub fn parse_resume_file(bytes: &[u8], options: &str) -> Result<String, JsValue> {
    reserve_headroom(bytes.len());
    json::parse_resume_file(bytes, options.as_bytes()).map_err(|err| to_js_error(&err))
}

/// Voice features of a WAV file: its bytes (a JS `Uint8Array`) and the options
/// `{"transcript"?, "words"?, "config"?}` as JSON text (empty for none). Returns JSON text.
#[wasm_bindgen(js_name = voiceFeaturesWav)]
pub fn voice_features_wav(bytes: &[u8], options: &str) -> Result<String, JsValue> {
    reserve_headroom(bytes.len());
    json::voice_features_wav(bytes, options.as_bytes()).map_err(|err| to_js_error(&err))
}

/// A streaming voice analysis (the raw class behind the package's `VoiceStream`).
#[wasm_bindgen(js_name = VoiceStream)]
pub struct VoiceStream {
    inner: json::VoiceStream,
}

#[wasm_bindgen(js_class = VoiceStream)]
impl VoiceStream {
    /// A stream at `sample_rate` Hz with options `{"config"?}` as JSON text (empty for none).
    #[wasm_bindgen(constructor)]
    pub fn new(sample_rate: u32, options: &str) -> Result<VoiceStream, JsValue> {
        json::VoiceStream::new(sample_rate, options.as_bytes())
            .map(|inner| VoiceStream { inner })
            .map_err(|err| to_js_error(&err))
    }

    /// Pushes float samples (a `Float32Array`, full scale ±1).
    #[wasm_bindgen(js_name = pushF32)]
    pub fn push_f32(&mut self, samples: &[f32]) -> Result<(), JsValue> {
        self.inner
            .push_f32(samples)
            .map_err(|err| to_js_error(&err))
    }

    /// Pushes 16-bit samples (an `Int16Array`).
    #[wasm_bindgen(js_name = pushI16)]
    pub fn push_i16(&mut self, samples: &[i16]) -> Result<(), JsValue> {
        self.inner
            .push_i16(samples)
            .map_err(|err| to_js_error(&err))
    }

    /// Samples received so far (a JS number; exact below 2^53).
    #[wasm_bindgen(js_name = samplesReceived)]
    pub fn samples_received(&self) -> f64 {
        self.inner.samples_received() as f64
    }

    /// Ends the stream with options `{"transcript"?, "words"?}` as JSON text (empty for none);
    /// returns the features as JSON text.
    pub fn finish(&mut self, options: &str) -> Result<String, JsValue> {
        self.inner
            .finish(options.as_bytes())
            .map_err(|err| to_js_error(&err))
    }
}

/// Panics on purpose so the tests can prove that a trap becomes an `Internal` error and the
/// module recovers. Not part of the package's API (the wrapper does not export it by name).
#[doc(hidden)]
#[wasm_bindgen(js_name = __testPanic)]
pub fn test_panic() {
    panic!("deliberate panic for the trap-recovery test");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_table_lists_every_code_from_the_core() {
        let table: serde_json::Value = serde_json::from_str(&error_codes()).unwrap();
        let table = table.as_object().unwrap();
        assert_eq!(table.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            assert_eq!(table[code.name()], code.as_i32());
        }
    }

    #[test]
    fn error_parts_come_from_the_code() {
        let err = json::validate(b"{").unwrap_err();
        let (name, code, message, issues) = error_parts(&err);
        assert_eq!(
            (name, code),
            ("InvalidJson", ErrorCode::InvalidJson.as_i32())
        );
        assert!(message.contains("not valid JSON"));
        assert_eq!(issues, "[]");

        let err = json::import_json_resume(b"[]").unwrap_err();
        let (name, _, _, issues) = error_parts(&err);
        assert_eq!(name, "InvalidDocument");
        assert!(issues.contains("\"pointer\":\"\""), "{issues}");
    }

    #[test]
    fn declarations_pin_the_error_codes() {
        // index.d.ts must spell `Name: number` literally for TypeScript; this keeps it in step
        // with ErrorCode::ALL.
        let dts = include_str!("../index.d.ts");
        for code in ErrorCode::ALL {
            let entry = format!("readonly {}: {};", code.name(), code.as_i32());
            assert!(dts.contains(&entry), "index.d.ts lacks `{entry}`");
            assert!(
                dts.contains(&format!("\"{}\"", code.name())),
                "ErrorName lacks {code}"
            );
        }
    }
}
