// InterviewKit for JavaScript: the package's public API over the raw WebAssembly exports.
//
// The wrapper holds no domain logic. It (1) loads the module (from disk in Node, with fetch in
// browsers), (2) turns each input into JSON text or UTF-8 bytes, (3) JSON.parses results, and
// (4) turns a trap (a Rust panic under panic=abort, or any exception that escaped the wasm
// code) into an `Internal` InterviewKitError and re-instantiates the module.

import initWasm, * as raw from './pkg/interviewkit_wasm.js';
import { InterviewKitError, takePanicMessage } from './errors.js';

export { InterviewKitError };

/**
 * Error names and numbers, `{Ok: 0, Internal: 1, ...}`, read from the core's `ErrorCode::ALL`
 * when `init()` runs (empty before). Frozen after init.
 */
export const ErrorCode = {};

let loading = null;
let ready = false;
let broken = null; // set if re-instantiating after a trap ever fails

const WASM_FILE = './pkg/interviewkit_wasm_bg.wasm';

function isNode() {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

/**
 * Loads and instantiates the WebAssembly module. Call once (awaiting it) before anything else;
 * later calls return the same promise.
 *
 * @param {*} [source] where the module comes from: a URL, a `Response`, bytes, or a compiled
 *   `WebAssembly.Module`. By default Node reads `pkg/interviewkit_wasm_bg.wasm` next to this
 *   file and browsers fetch it relative to this module's URL.
 * @returns {Promise<void>}
 */
export function init(source) {
  if (loading === null) {
    loading = load(source).catch((err) => {
      loading = null;
      throw err;
    });
  }
  return loading;
}

async function load(source) {
  if (source === undefined && isNode()) {
    const { readFile } = await import('node:fs/promises');
    source = await readFile(new URL(WASM_FILE, import.meta.url));
  } else if (source === undefined) {
    source = new URL(WASM_FILE, import.meta.url);
  }
  await initWasm({ module_or_path: source });
  Object.assign(ErrorCode, JSON.parse(raw.errorCodes()));
  Object.freeze(ErrorCode);
  ready = true;
}

function fail(name, message, options) {
  return new InterviewKitError(name, ErrorCode[name], message, [], options);
}

/**
 * Runs one raw export. Errors the Rust side returns are already InterviewKitErrors. Anything
 * else thrown out of wasm code (a trap: `WebAssembly.RuntimeError`) left the instance in an
 * unknown state (its stack pointer was never restored), so the module is re-instantiated.
 */
function guard(fn, arg) {
  if (broken !== null) {
    throw fail('Internal', 'internal error: the module could not be re-instantiated after a trap; reload it', { cause: broken });
  }
  try {
    return fn(arg);
  } catch (err) {
    if (err instanceof InterviewKitError) throw err;
    const panic = takePanicMessage();
    try {
      raw.__wbg_reset_state();
    } catch (resetErr) {
      broken = resetErr;
    }
    const what = panic !== null ? `panic: ${panic}` : String(err?.message ?? err);
    throw fail('Internal', `internal error: ${what} (this is a bug in InterviewKit)`, { cause: err });
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

/**
 * Runs an operation. `input` may be JSON text (string), UTF-8 bytes (Uint8Array, ArrayBuffer)
 * or any JSON-serialisable value (object, array, ...), which is JSON.stringify'd here so that
 * nesting limits are enforced by the core's parser and never by recursion through wasm.
 */
function call(opName, textFn, bytesFn, input) {
  if (!ready) {
    throw new Error(`interviewkit: call and await init() before ${opName}()`);
  }
  let output;
  if (typeof input === 'string') {
    output = guard(textFn, input);
  } else if (input instanceof Uint8Array) {
    output = guard(bytesFn, input);
  } else if (input instanceof ArrayBuffer) {
    output = guard(bytesFn, new Uint8Array(input));
  } else if (ArrayBuffer.isView(input)) {
    throw fail('InvalidArgument',
      `invalid argument \`document\`: expected JSON text, a Uint8Array of UTF-8 bytes or a JSON value; got ${describe(input)}`);
  } else {
    let text;
    try {
      text = JSON.stringify(input);
    } catch (err) {
      if (err instanceof RangeError) {
        throw fail('InvalidJson',
          'input is not valid JSON: the value is nested too deeply to serialise (the parser allows 128 levels)',
          { cause: err });
      }
      throw fail('InvalidArgument',
        `invalid argument \`document\`: expected a JSON value; ${err?.message ?? err}`, { cause: err });
    }
    if (text === undefined) {
      throw fail('InvalidArgument',
        `invalid argument \`document\`: expected JSON text, a Uint8Array of UTF-8 bytes or a JSON value; got ${describe(input)}`);
    }
    output = guard(textFn, text);
  }
  return JSON.parse(output);
}

/**
 * Engine and schema versions.
 * @returns {{engine_version: string, schema_version: number}}
 */
export function version() {
  if (!ready) throw new Error('interviewkit: call and await init() before version()');
  return JSON.parse(guard(raw.version));
}

/** Validates an archive document; returns a report listing every problem. */
export function validate(document) {
  return call('validate', raw.validate, raw.validateBytes, document);
}

/** Moves a document to the current schema version (and validates it). */
export function migrate(document) {
  return call('migrate', raw.migrate, raw.migrateBytes, document);
}

/** Imports a JSON Resume (v1.0.0) document as an archive Resume. */
export function importJsonResume(jsonResume) {
  return call('importJsonResume', raw.importJsonResume, raw.importJsonResumeBytes, jsonResume);
}

/** Exports an archive Resume as a JSON Resume (v1.0.0) document. */
export function exportJsonResume(resume) {
  return call('exportJsonResume', raw.exportJsonResume, raw.exportJsonResumeBytes, resume);
}

/** Merges archive documents (an array) into one 360° profile per candidate id. */
export function mergeProfiles(documents) {
  return call('mergeProfiles', raw.mergeProfiles, raw.mergeProfilesBytes, documents);
}

/** Adverse-impact (fairness) audit: `{records | csv, group, selected | score, bootstrap?, small_share?}` → report. */
export function audit(request) {
  return call('audit', raw.audit, raw.auditBytes, request);
}

/** Renders an audit report: `{report, format: 'json' | 'md' | 'html'}` → `{format, text}`. */
export function auditRender(request) {
  return call('auditRender', raw.auditRender, raw.auditRenderBytes, request);
}

/** Blind screening: `{document, options?}` → `{document, removed, …}`; offsets stay valid. */
export function redact(request) {
  return call('redact', raw.redact, raw.redactBytes, request);
}

/** The document as one role may see it (deny by default): `{document, role}`. */
export function roleView(request) {
  return call('roleView', raw.roleView, raw.roleViewBytes, request);
}

/** Encrypts sensitive fields with AES-256-GCM envelopes: `{document, keyring, fields?}`. */
export function encrypt(request) {
  return call('encrypt', raw.encrypt, raw.encryptBytes, request);
}

/** Opens every envelope: `{document, keyring}`; throws KeyUnavailable / IntegrityCheckFailed. */
export function decrypt(request) {
  return call('decrypt', raw.decrypt, raw.decryptBytes, request);
}

/** Re-wraps data keys under another key: `{document, keyring, to?}`. */
export function rotateKeys(request) {
  return call('rotateKeys', raw.rotateKeys, raw.rotateKeysBytes, request);
}

/** A new random 256-bit key-encryption key: `{id}` → `{id, key}` (Web Crypto randomness). */
export function generateKey(request) {
  return call('generateKey', raw.generateKey, raw.generateKeyBytes, request);
}

/** Seals the next audit-trail entry: `{previous, entry, key?}`. */
export function logAppend(request) {
  return call('logAppend', raw.logAppend, raw.logAppendBytes, request);
}

/** Verifies an audit trail: `{entries, key?, expected_head?, expected_length?}` → report. */
export function logVerify(request) {
  return call('logVerify', raw.logVerify, raw.logVerifyBytes, request);
}

/** Trains a talent-potential model from a table: `{csv | records, label, id?, exclude?, params?}` → the model. */
export function potentialFit(request) {
  return call('potentialFit', raw.potentialFit, raw.potentialFitBytes, request);
}

/** Predicts with a potential model: `{model, csv | records, top?}` → `{predictions}`; contributions add up to each margin. */
export function potentialPredict(request) {
  return call('potentialPredict', raw.potentialPredict, raw.potentialPredictBytes, request);
}

/** Validation report: ROC-AUC, PR-AUC, calibration error, validity r with CI, range restriction, adverse impact. */
export function potentialEvaluate(request) {
  return call('potentialEvaluate', raw.potentialEvaluate, raw.potentialEvaluateBytes, request);
}

/** Refits or warm-starts on new outcomes: `{model, new model version, drift, metrics_before, metrics_after}`. */
export function potentialUpdate(request) {
  return call('potentialUpdate', raw.potentialUpdate, raw.potentialUpdateBytes, request);
}

/** Insight mining: feature bands ranked by lift in the label rate, with confidence intervals. */
export function potentialInsights(request) {
  return call('potentialInsights', raw.potentialInsights, raw.potentialInsightsBytes, request);
}

/** The structured-interview question bank: `{lang?, competency?, role_family?, type?, extension?}` → `{version, competencies, questions}`. */
export function bankList(request) {
  return call('bankList', raw.bankList, raw.bankListBytes, request);
}

/** An interview plan from a job profile's competency weights: `{"job", "count"?, "seed"?, "lang"?, "exclude"?, "previous_plans"?, "types"?, "extension"?}` → the plan (balanced, seeded, no repeats). */
export function interviewPlan(request) {
  return call('interviewPlan', raw.interviewPlan, raw.interviewPlanBytes, request);
}

/** Starts an interview session: `{"id", "plan", "key", "at", …}` → `{"snapshot", "events"}`; the snapshot is sealed with an HMAC under the host's key. */
export function sessionCreate(request) {
  return call('sessionCreate', raw.sessionCreate, raw.sessionCreateBytes, request);
}

/** Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session: `{"snapshot", "key", "event"}` → `{"snapshot", "events", "progress", …}`. */
export function sessionApply(request) {
  return call('sessionApply', raw.sessionApply, raw.sessionApplyBytes, request);
}

/** Takes the events waiting in a session's outbox: `{"snapshot", "key"}` → `{"snapshot", "events"}`. */
export function sessionDrain(request) {
  return call('sessionDrain', raw.sessionDrain, raw.sessionDrainBytes, request);
}

/** Checks a session snapshot's HMAC: `{"snapshot", "key"}` → `{"valid", "status", "progress"}`. */
export function sessionVerify(request) {
  return call('sessionVerify', raw.sessionVerify, raw.sessionVerifyBytes, request);
}

/** Scores one answer transcript against its question's rubric: `{"question_id", "transcript", "lang"?, "show_scores"?, "extension"?}` → levels, evidence and feedback per competency. */
export function answerScore(request) {
  return call('answerScore', raw.answerScore, raw.answerScoreBytes, request);
}

/** A scorecard for a whole interview: `{"plan", "answers", "norms"?, …}` → an archive Scorecard stamped with the engine and rubric versions and the input hash. */
export function interviewScore(request) {
  return call('interviewScore', raw.interviewScore, raw.interviewScoreBytes, request);
}

/** Recomputes a scorecard from the same inputs and compares it bit for bit: `{"scorecard", "plan", "answers", "norms"?}` → `{"reproduced", "differences", …}`. */
export function interviewReplay(request) {
  return call('interviewReplay', raw.interviewReplay, raw.interviewReplayBytes, request);
}

/** The policy gate: `{"policy", "signals", "consents"?, "notices"?, "at", …}` → the signals allowed and dropped with reasons; `PolicyViolation` naming the rule when the policy forbids. */
export function policyCheck(request) {
  return call('policyCheck', raw.policyCheck, raw.policyCheckBytes, request);
}

/** A jurisdiction policy profile in full: `{"policy": "eu"|{…}}` → the profile and its hash. */
export function policyProfile(request) {
  return call('policyProfile', raw.policyProfile, raw.policyProfileBytes, request);
}

/** Interviewer calibration: `{"ratings", "ai"?, "scorecards"?, "threshold"?, …}` → divergence flags, rater leniency and drift, ICC and weighted kappa, panel aggregates. */
export function calibrate(request) {
  return call('calibrate', raw.calibrate, raw.calibrateBytes, request);
}

/** Parses a resume given in the request: `{"text"|"base64", "reference_date"?, "taxonomy"?, "ner_model"?, …}` → `{"resume", "warnings"}`, every value with its evidence span. `parse_resume_file` takes the file's bytes. */
export function parseResume(request) {
  return call('parseResume', raw.parseResume, raw.parseResumeBytes, request);
}

/** Skills in text, or one term or id: `{"text", "mode"?: "find"|"term"|"id", "taxonomy"?, "extension"?, "lang"?}` → matches with code-point spans, lookup hits, or a skill with its related skills. */
export function taxonomyLookup(request) {
  return call('taxonomyLookup', raw.taxonomyLookup, raw.taxonomyLookupBytes, request);
}

/** The skill taxonomy in use (embedded default, a replacement or an extension): `{"taxonomy"?, "extension"?, "lang"?}` → version hash, counts per category and source, ambiguous surfaces. */
export function taxonomyInfo(request) {
  return call('taxonomyInfo', raw.taxonomyInfo, raw.taxonomyInfoBytes, request);
}

/** Trains the sequence labeller: `{"format": "bmes"|"conll", "train", "dev"?, "options"?}` → `{"model": BASE64, "report"}`. */
export function nerTrain(request) {
  return call('nerTrain', raw.nerTrain, raw.nerTrainBytes, request);
}

/** Tags text with a labeller model: `{"model": BASE64, "text"|"texts"}` → entity spans in code points. */
export function nerTag(request) {
  return call('nerTag', raw.nerTag, raw.nerTagBytes, request);
}

/** Scores a labeller model on annotated text: `{"model", "format", "test"}` → micro F1, precision, recall, per type. */
export function nerEval(request) {
  return call('nerEval', raw.nerEval, raw.nerEvalBytes, request);
}

/**
 * Parses a resume file in the browser: nothing leaves the device.
 * @param {Uint8Array|ArrayBuffer} bytes the file (text in UTF-8/UTF-16/GBK, HTML, DOCX, PDF with a text layer)
 * @param {object|string} [options] `{reference_date?, taxonomy?, taxonomy_extension?, ner_model?, school_tiers?, format?, max_bytes?, file_name?, id?, candidate_id?}`
 * @returns {{resume: object, warnings: object[]}}
 */
export function parseResumeFile(bytes, options) {
  if (!ready) {
    throw new Error('interviewkit: call and await init() before parseResumeFile()');
  }
  let file;
  if (bytes instanceof Uint8Array) file = bytes;
  else if (bytes instanceof ArrayBuffer) file = new Uint8Array(bytes);
  else {
    throw fail('InvalidArgument',
      `invalid argument \`bytes\`: expected the file as a Uint8Array or ArrayBuffer; got ${describe(bytes)}`);
  }
  let text = '';
  if (typeof options === 'string') text = options;
  else if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw fail('InvalidArgument',
        `invalid argument \`options\`: expected an object; got ${describe(options)}`);
    }
    text = JSON.stringify(options);
  }
  return JSON.parse(guard((args) => raw.parseResumeFile(args[0], args[1]), [file, text]));
}

/** Behaviour summaries of a video interview from the host's own vision pipeline: `{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred. */
export function visualSummary(request) {
  return call('visualSummary', raw.visualSummary, raw.visualSummaryBytes, request);
}

/** Score fusion behind the policy gate: `{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}` → `{"scorecard", "contributions", "dropped", "divergence", …}`; `PolicyViolation` naming the rule when the policy refuses a signal. */
export function fuse(request) {
  return call('fuse', raw.fuse, raw.fuseBytes, request);
}

/** Learns fusion weights from historical ratings by non-negative ridge regression: `{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}` → weights, clamped modalities, held-out R² and RMSE. */
export function fusionLearn(request) {
  return call('fusionLearn', raw.fusionLearn, raw.fusionLearnBytes, request);
}

/** Sentence embeddings from a user-supplied ONNX model (builds with the `onnx` feature): `{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}` → `{"model": {"onnx_sha256", ...}, "embeddings"}`, or with an anchor text each text's semantic score 0–1 against it (`"similarities"`). Not available in the WASM package: it throws InvalidArgument saying so. */
export function semanticEmbed(request) {
  return call('semanticEmbed', raw.semanticEmbed, raw.semanticEmbedBytes, request);
}

/** Parses a Chinese or English job description: `{"text", "lang"?, "id"?, "title"?, "taxonomy"?}` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans. */
export function jobParse(request) {
  return call('jobParse', raw.jobParse, raw.jobParseBytes, request);
}

/** Explained fit of one resume for one job: `{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English. */
export function matchResume(request) {
  return call('matchResume', raw.matchResume, raw.matchResumeBytes, request);
}

/** Ranks resumes for a job: `{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}` → `{"results": [{"id", "score", "rank", "explanation"}], "funnel"}`. */
export function rankResumes(request) {
  return call('rankResumes', raw.rankResumes, raw.rankResumesBytes, request);
}

/** Builds or updates a resume index: `{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}` → `{"index": BASE64, "count", "ids"}`. */
export function indexBuild(request) {
  return call('indexBuild', raw.indexBuild, raw.indexBuildBytes, request);
}

/** Top-k of a saved resume index for a job: `{"index": BASE64, "job", "top"?, "filters"?, "weights"?}` → ranked results and the funnel. */
export function indexQuery(request) {
  return call('indexQuery', raw.indexQuery, raw.indexQueryBytes, request);
}

/** Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: `{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}` → weights with standard errors and cross-validated log-loss and AUC. */
export function matchLearnWeights(request) {
  return call('matchLearnWeights', raw.matchLearnWeights, raw.matchLearnWeightsBytes, request);
}

/** A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: `{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}` (docs/reports.md). */
export function report(request) {
  return call('report', raw.report, raw.reportBytes, request);
}

/** A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: `{"event", "lang"?, "style"?, "data"}` → `{"body", "warnings"}` (docs/wecom.md). */
export function wecomPayload(request) {
  return call('wecomPayload', raw.wecomPayload, raw.wecomPayloadBytes, request);
}

/** A WeChat mini-program subscribe-message body with every value checked against its kind: `{"template_id", "touser", "fields"}` → `{"body", "warnings"}` (docs/wecom.md). */
export function subscribeMessage(request) {
  return call('subscribeMessage', raw.subscribeMessage, raw.subscribeMessageBytes, request);
}

/** Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: `{"events", "stages"?, "as_of"?, "audit"?}` (docs/analytics.md). */
export function funnel(request) {
  return call('funnel', raw.funnel, raw.funnelBytes, request);
}

/** Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: `{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}` (docs/development.md). */
export function develop(request) {
  return call('develop', raw.develop, raw.developBytes, request);
}

/** A success profile per role: features of top performers with lift and its confidence interval: `{"records", "top", "min_support"?, "confidence"?}` (docs/development.md). */
export function successProfile(request) {
  return call('successProfile', raw.successProfile, raw.successProfileBytes, request);
}

/** Voice features of `{"wav_base64"|"samples", "sample_rate"?, "transcript"?, "words"?, "config"?}`: pitch, voicing, pauses, speech rate, loudness variation, fillers. No emotion or affect is inferred; pass the result through `policyCheck` as a `voice` signal before using it. */
export function voiceFeatures(request) {
  return call('voiceFeatures', raw.voiceFeatures, raw.voiceFeaturesBytes, request);
}

function fileBytes(bytes, name) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw fail('InvalidArgument',
    `invalid argument \`${name}\`: expected the file as a Uint8Array or ArrayBuffer; got ${describe(bytes)}`);
}

function optionsText(options) {
  if (typeof options === 'string') return options;
  if (options === undefined || options === null) return '';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw fail('InvalidArgument',
      `invalid argument \`options\`: expected an object; got ${describe(options)}`);
  }
  return JSON.stringify(options);
}

/**
 * Voice features of a WAV file, computed on the device.
 * @param {Uint8Array|ArrayBuffer} bytes the WAV file (PCM 8/16/24/32-bit or float, 8–192 kHz)
 * @param {object|string} [options] `{transcript?, words?, config?}`
 * @returns {object} the voice features
 */
export function voiceFeaturesWav(bytes, options) {
  if (!ready) {
    throw new Error('interviewkit: call and await init() before voiceFeaturesWav()');
  }
  const file = fileBytes(bytes, 'bytes');
  const text = optionsText(options);
  return JSON.parse(guard((args) => raw.voiceFeaturesWav(args[0], args[1]), [file, text]));
}

/**
 * A streaming voice analysis of mono audio (for example from an AudioWorklet): push chunks as
 * they are recorded, then `finish()`. Call `free()` when done with it (or let it be collected).
 */
export class VoiceStream {
  /**
   * @param {number} sampleRate Hz, 8000–192000
   * @param {object|string} [options] `{config?}`
   */
  constructor(sampleRate, options) {
    if (!ready) {
      throw new Error('interviewkit: call and await init() before new VoiceStream()');
    }
    if (!Number.isInteger(sampleRate) || sampleRate < 0 || sampleRate > 0xffffffff) {
      throw fail('InvalidArgument',
        `invalid argument \`sample_rate\`: expected a whole number of Hz from 8000 to 192000; got ${sampleRate}`);
    }
    const text = optionsText(options);
    this._raw = guard((args) => new raw.VoiceStream(args[0], args[1]), [sampleRate, text]);
  }

  _live() {
    if (!this._raw) {
      throw fail('InvalidArgument', 'invalid argument `stream`: expected a stream that has not been freed');
    }
    return this._raw;
  }

  /** Pushes samples: a `Float32Array` (or array of numbers) on a ±1 scale, or an `Int16Array`. */
  push(samples) {
    this._live();
    if (samples instanceof Int16Array) {
      guard((s) => this._raw.pushI16(s), samples);
    } else if (samples instanceof Float32Array) {
      guard((s) => this._raw.pushF32(s), samples);
    } else if (Array.isArray(samples) || samples instanceof Float64Array) {
      guard((s) => this._raw.pushF32(s), Float32Array.from(samples));
    } else {
      throw fail('InvalidArgument',
        `invalid argument \`samples\`: expected a Float32Array, an Int16Array or an array of numbers; got ${describe(samples)}`);
    }
  }

  /** Samples received so far. */
  get samplesReceived() {
    return guard(() => this._live().samplesReceived());
  }

  /**
   * Ends the stream.
   * @param {object|string} [options] `{transcript?, words?}`
   * @returns {object} the voice features
   */
  finish(options) {
    const stream = this._live();
    const text = optionsText(options);
    return JSON.parse(guard((t) => stream.finish(t), text));
  }

  /** Releases the stream's memory now rather than at garbage collection. */
  free() {
    if (this._raw) {
      this._raw.free();
      this._raw = null;
    }
  }
}

/**
 * Not API: lets the package's own tests trigger a Rust panic and check the recovery.
 * @internal
 */
export const __testing = Object.freeze({
  panic: () => guard(raw.__testPanic),
});
