// Type declarations for the npm package `interviewkit` (index.js). Field names are the archive
// schema's snake_case JSON; see schema/*.json for the full JSON Schemas.

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * Loads and instantiates the WebAssembly module; await it once before calling anything else.
 * Later calls return the same promise. By default Node reads `pkg/interviewkit_wasm_bg.wasm`
 * from disk and browsers fetch it relative to the package's `index.js`.
 */
export function init(
  source?: URL | string | Request | Response | Promise<Response> | ArrayBuffer | ArrayBufferView | WebAssembly.Module,
): Promise<void>;

// ---------------------------------------------------------------------------------------------
// Errors

/** Names of the core's `ErrorCode` (append-only; pinned against the core by the tests). */
export type ErrorName =
  | "Ok"
  | "Internal"
  | "InvalidArgument"
  | "InvalidUtf8"
  | "InvalidJson"
  | "InvalidDocument"
  | "UnsupportedSchemaVersion"
  | "UnknownDocumentType"
  | "MigrationFailed"
  | "LimitExceeded"
  | "Io"
  | "KeyUnavailable"
  | "IntegrityCheckFailed"
  | "PolicyViolation";

/**
 * Error names and numbers, read from the core when `init()` runs (empty object before).
 * The literal types below are checked against the core's `ErrorCode::ALL` by the tests.
 */
export declare const ErrorCode: {
  readonly Ok: 0;
  readonly Internal: 1;
  readonly InvalidArgument: 2;
  readonly InvalidUtf8: 3;
  readonly InvalidJson: 4;
  readonly InvalidDocument: 5;
  readonly UnsupportedSchemaVersion: 6;
  readonly UnknownDocumentType: 7;
  readonly MigrationFailed: 8;
  readonly LimitExceeded: 9;
  readonly Io: 10;
  readonly KeyUnavailable: 11;
  readonly IntegrityCheckFailed: 12;
  readonly PolicyViolation: 13;
};

/**
 * Thrown by every operation. A real `Error`: `name` is the ErrorCode name, `code` its number.
 * `issues` holds every validation problem for `InvalidDocument` and is empty otherwise.
 */
export declare class InterviewKitError extends Error {
  readonly name: ErrorName;
  readonly code: number;
  readonly issues: Issue[];
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * What every operation accepts: JSON **text** (a string is parsed, not taken as a JSON string
 * value), UTF-8 bytes (`Uint8Array`, `ArrayBuffer`), or a value that `JSON.stringify` accepts.
 */
export type Input<T = unknown> = string | Uint8Array | ArrayBuffer | T;

// ---------------------------------------------------------------------------------------------
// Outputs

/** `version()`. */
export interface VersionInfo {
  /** Engine version, semver ("0.1.0"). */
  engine_version: string;
  /** The archive schema version written, and the newest read. */
  schema_version: number;
}

/** Stable codes of validation problems (append-only, snake_case). */
export type IssueCode =
  | "missing_field"
  | "wrong_type"
  | "unknown_value"
  | "out_of_range"
  | "too_short"
  | "bad_format"
  | "date_order"
  | "span_out_of_bounds"
  | "unknown_reference"
  | "duplicate_id"
  | "needs_migration"
  | "invalid_value";

/** One problem in a document. */
export interface Issue {
  /** JSON pointer (RFC 6901) to the offending value; "" is the document root. */
  pointer: string;
  /** Stable code. */
  code: IssueCode;
  /** What is wrong and what was expected, in English. */
  message: string;
  /** The same in Chinese. */
  message_zh: string;
}

/** `validate()`. */
export interface ValidationReport {
  /** True when there are no issues. */
  valid: boolean;
  /** The document's `kind`, when it could be read. */
  kind?: string;
  /** The document's `schema_version`, when it could be read. */
  schema_version?: number;
  /** Every problem, sorted by pointer then code. */
  issues: Issue[];
}

// ---------------------------------------------------------------------------------------------
// Documents (main fields typed; every document keeps fields the schema does not know)

/** The `kind` of an archive document. */
export type DocumentKind =
  | "candidate"
  | "resume"
  | "job_profile"
  | "interview"
  | "scorecard"
  | "employee_record"
  | "profile";

/** Fields every archive document has. Unknown fields are kept, hence the index signature. */
export interface ArchiveDocument {
  schema_version: number;
  kind: DocumentKind;
  [field: string]: unknown;
}

/** A candidate: identity, contact and consent records. */
export interface Candidate extends ArchiveDocument {
  kind: "candidate";
  id: string;
  name?: string;
  name_alt?: string;
  contact?: { email?: string; phone?: string; wechat_id?: string; city?: string; country_code?: string; [field: string]: unknown };
  language?: string;
  consents?: Array<Record<string, unknown>>;
}

/** `basics` of a Resume. */
export interface ResumeBasics {
  name?: string;
  label?: string;
  image?: string;
  email?: string;
  phone?: string;
  wechat_id?: string;
  url?: string;
  summary?: string;
  location?: { address?: string; postal_code?: string; city?: string; country_code?: string; region?: string; [field: string]: unknown };
  profiles?: Array<{ network?: string; username?: string; url?: string; [field: string]: unknown }>;
  [field: string]: unknown;
}

/** An evidence span into a text (character offsets). */
export interface Span {
  start: number;
  end: number;
  text?: string;
  [field: string]: unknown;
}

/** A Resume: source metadata, education, experience, skills, certifications, languages, raw text. */
export interface Resume extends ArchiveDocument {
  kind: "resume";
  id?: string;
  candidate_id?: string;
  source?: Record<string, unknown>;
  basics: ResumeBasics;
  education?: Array<{ institution?: string; area?: string; study_type?: string; degree?: string; start_date?: string; end_date?: string; evidence?: Span; [field: string]: unknown }>;
  experience?: Array<{ organization?: string; title?: string; start_date?: string; end_date?: string; description?: string; highlights?: string[]; evidence?: Span; [field: string]: unknown }>;
  skills?: Array<{ taxonomy_id?: string; name: string; level?: string; keywords?: string[]; evidence?: Span[]; [field: string]: unknown }>;
  certifications?: Array<{ name: string; date?: string; issuer?: string; url?: string; [field: string]: unknown }>;
  languages?: Array<{ language: string; fluency?: string; test?: string; score?: string; [field: string]: unknown }>;
  raw_text?: string;
  /** JSON Resume data with no place in the archive, kept for a lossless export. */
  json_resume?: Record<string, unknown>;
}

/** A JSON Resume (v1.0.0) document (https://jsonresume.org/schema). */
export interface JsonResume {
  basics?: {
    name?: string;
    label?: string;
    email?: string;
    phone?: string;
    url?: string;
    summary?: string;
    location?: Record<string, unknown>;
    profiles?: Array<Record<string, unknown>>;
    [field: string]: unknown;
  };
  work?: Array<Record<string, unknown>>;
  education?: Array<Record<string, unknown>>;
  skills?: Array<Record<string, unknown>>;
  languages?: Array<Record<string, unknown>>;
  certificates?: Array<Record<string, unknown>>;
  [section: string]: unknown;
}

/** A disagreement between two sources found by `mergeProfiles`; nothing is dropped silently. */
export interface MergeConflict {
  field: string;
  kept: unknown;
  kept_source: string;
  other: unknown;
  other_source: string;
}

/** The 360° profile of one candidate. */
export interface Profile extends ArchiveDocument {
  kind: "profile";
  candidate_id: string;
  identity: { name?: string; email?: string; phone?: string; [field: string]: unknown };
  candidates: ArchiveDocument[];
  resumes: Resume[];
  interviews: ArchiveDocument[];
  scorecards: ArchiveDocument[];
  employee_records: ArchiveDocument[];
  conflicts: MergeConflict[];
}

/** `mergeProfiles()`: one profile per candidate id, in order of first appearance. */
export interface MergeResult {
  profiles: Profile[];
}

// ---------------------------------------------------------------------------------------------
// Operations (all synchronous after `init()`; all throw InterviewKitError)

/** Engine and schema versions. */
export function version(): VersionInfo;

/**
 * Validates an archive document and reports every problem at once. Throws only for input that
 * is not a JSON document (InvalidJson, InvalidUtf8, InvalidArgument, LimitExceeded) and for a
 * newer schema_version than this build reads (UnsupportedSchemaVersion).
 */
export function validate(document: Input<Record<string, unknown> | JsonValue>): ValidationReport;

/** Moves a document to the current schema version and validates it. */
export function migrate(document: Input<Record<string, unknown> | JsonValue>): ArchiveDocument;

/** Imports a JSON Resume (v1.0.0) document as an archive Resume (lossless). */
export function importJsonResume(jsonResume: Input<JsonResume>): Resume;

/** Exports an archive Resume as a JSON Resume (v1.0.0) document. */
export function exportJsonResume(resume: Input<Resume | Record<string, unknown>>): JsonResume;

/** Merges archive documents (an array) into one 360° profile per candidate id. */
export function mergeProfiles(documents: Input<Array<Record<string, unknown>>>): MergeResult;

// ---------------------------------------------------------------------------------------------
// Fairness audit, blind screening, role views, encryption, audit trail (see docs/*.md)

/** One row of an audit table: group values and the outcome (0/1 or a score). */
export type AuditRecord = Record<string, string | number | boolean | null>;

/** `audit()` request: exactly one of `records` / `csv`, and of `selected` / `score`. */
export interface AuditRequest {
  records?: AuditRecord[];
  /** CSV text with a header row. */
  csv?: string;
  /** One group column, or several for intersectional groups ("F × Asian"). */
  group: string | string[];
  /** A 0/1 column: selection rates. */
  selected?: string;
  /** A numeric column: scoring rates (share strictly above the overall median). */
  score?: string;
  bootstrap?: { iterations?: number; seed?: number; confidence?: number };
  /** Share of rows below which a category is flagged `small_sample` (default 0.02). */
  small_share?: number;
}

/** One group's row of an audit table. An undefined ratio is `null` with a note, never 0. */
export interface AuditGroup {
  group: string;
  values: Record<string, string>;
  n: number;
  share: number;
  selected?: number;
  selection_rate?: number;
  scoring_rate?: number;
  impact_ratio: number | null;
  impact_ratio_note: string | null;
  flag_four_fifths: boolean | null;
  small_sample: boolean;
  is_reference: boolean;
  rate_ci?: [number, number] | null;
  impact_ratio_ci?: [number, number] | null;
  fisher_p?: number | null;
  z?: number | null;
  z_p?: number | null;
  [key: string]: unknown;
}

/** `audit()` result (the LL144-style report). */
export interface AuditReport {
  mode: 'selected' | 'score';
  n: number;
  group_columns: string[];
  reference_group: string | null;
  groups: AuditGroup[];
  /** Per-column tables when several group columns were given. */
  by_column: unknown[];
  notes: string[];
  warnings: string[];
  [key: string]: unknown;
}

/** Adverse-impact audit by group: selection or scoring rates, impact ratios, tests, CIs. */
export function audit(request: Input<AuditRequest>): AuditReport;

/** Renders an audit report as JSON, Markdown or a self-contained HTML page. */
export function auditRender(
  request: Input<{ report: AuditReport; format: 'json' | 'md' | 'html' }>,
): { format: string; text: string };

/** Blind screening of a resume, candidate or profile; masked text keeps its length. */
export function redact(
  request: Input<{ document: Record<string, unknown>; options?: { schools?: boolean; [key: string]: unknown } }>,
): { document: Record<string, unknown>; removed: Array<Record<string, unknown>>; [key: string]: unknown };

/** The roles of `roleView`. */
export type Role = 'candidate' | 'interviewer' | 'hr' | 'hiring_manager' | 'auditor' | 'data_scientist';

/** The document as one role may see it: every field not allowed for the role is removed. */
export function roleView(
  request: Input<{ document: Record<string, unknown>; role: Role; policy?: Record<string, string[]> }>,
): { role: Role; document: Record<string, unknown>; withheld: string[]; [key: string]: unknown };

/** A keyring: key-encryption keys by id (base64 of 32 bytes) and the active one. */
export interface Keyring {
  active: string;
  keys: Array<{ id: string; key?: string; [key: string]: unknown }>;
}

/** Encrypts sensitive fields (AES-256-GCM envelopes under a fresh data key). */
export function encrypt(
  request: Input<{ document: Record<string, unknown>; keyring: Keyring; fields?: string[] }>,
): Record<string, unknown>;

/** Opens every envelope; throws KeyUnavailable (shredded or missing key) or IntegrityCheckFailed. */
export function decrypt(request: Input<{ document: Record<string, unknown>; keyring: Keyring }>): Record<string, unknown>;

/** Re-wraps a document's data keys under another key of the keyring. */
export function rotateKeys(
  request: Input<{ document: Record<string, unknown>; keyring: Keyring; to?: string; [key: string]: unknown }>,
): Record<string, unknown>;

/** A new random 256-bit key (Web Crypto randomness). */
export function generateKey(request: Input<{ id: string }>): { id: string; key: string };

/** One sealed entry of the hash-chained audit trail. */
export interface LogEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details?: JsonValue;
  prev: string;
  hash: string;
  [key: string]: unknown;
}

/** Seals the next audit-trail entry after `previous` (null for the first). */
export function logAppend(
  request: Input<{ previous: LogEntry | null; entry: { at: string; actor: string; action: string; target: string; details?: JsonValue }; key?: string }>,
): LogEntry;

/** Verifies an audit trail; a broken chain is a report (`valid: false`), not an error. */
export function logVerify(
  request: Input<{ entries: LogEntry[]; key?: string; expected_head?: string; expected_length?: number }>,
): { valid: boolean; length: number; head: string | null; problems: Array<{ index: number; code: string; message: string }> };

// ---------------------------------------------------------------------------------------------
// Talent potential model (see docs/potential.md)

/** Training or scoring data: CSV text with a header row, or rows as objects. */
export type PotentialData =
  | { csv: string; records?: never }
  | { records: Array<Record<string, string | number | boolean | null>>; csv?: never };

/** A potential model file: metadata, trees, calibration and an integrity hash. */
export interface PotentialModelFile {
  format: string;
  format_version: number;
  model_version: number;
  parent_hash: string | null;
  features: Array<{ name: string; kind: string; [key: string]: unknown }>;
  metrics: Record<string, unknown>;
  integrity: { algorithm: string; content_hash: string };
  [key: string]: unknown;
}

/** One prediction: contributions (log-odds) add up to `margin - base_value`. */
export interface PotentialPrediction {
  id: string | number | null;
  probability: number;
  margin: number;
  base_value: number;
  contributions: Array<{ feature: string; value: unknown; contribution: number }>;
}

/** Trains a model (gradient-boosted trees, calibrated, explainable). */
export function potentialFit(
  request: Input<PotentialData & { label: string; id?: string; exclude?: string[]; categorical?: string[]; params?: Record<string, unknown> }>,
): PotentialModelFile;

/** Predicts with explanations. */
export function potentialPredict(
  request: Input<PotentialData & { model: PotentialModelFile | string; top?: number; id?: string }>,
): { predictions: PotentialPrediction[]; warnings: string[]; [key: string]: unknown };

/** Validation report: ROC-AUC, PR-AUC, calibration, validity r with a CI, adverse impact. */
export function potentialEvaluate(
  request: Input<PotentialData & { model: PotentialModelFile | string; label?: string; group?: string; [key: string]: unknown }>,
): { n: number; positives: number; roc_auc: number | null; pr_auc: number | null; [key: string]: unknown };

/** A new model version from new outcomes, with drift (PSI) and metric changes. */
export function potentialUpdate(
  request: Input<PotentialData & { model: PotentialModelFile | string; label?: string; mode?: 'refit' | 'warm_start' }>,
): { model: PotentialModelFile; drift: Record<string, number>; [key: string]: unknown };

/** Feature bands ranked by lift in the label rate, with Wilson intervals. */
export function potentialInsights(
  request: Input<PotentialData & { label: string; min_support?: number; exclude?: string[]; id?: string }>,
): { n: number; base_rate: number; insights: Array<{ band: string; lift: number; ci_low: number; ci_high: number; [key: string]: unknown }> };

// ---------------------------------------------------------------------------------------------
// Structured interview: the question bank (see docs/interview-bank.md)

/** One question of the bank as `bankList` returns it. */
export interface BankQuestion {
  id: string;
  type: 'behavioral' | 'situational' | 'technical' | 'scenario';
  competencies: string[];
  role_families: string[];
  time_limit_seconds: number;
  /** In the requested language, or both when no `lang` was given. */
  text: string | { zh: string; en: string };
  [key: string]: unknown;
}

/** The bank, filtered; `version` is the content hash of the whole bank. */
export function bankList(
  request: Input<{ lang?: 'zh' | 'en'; competency?: string; role_family?: string; type?: string; extension?: Record<string, unknown> }>,
): { version: string; competencies: Array<Record<string, unknown>>; questions: BankQuestion[] };

// ---------------------------------------------------------------------------------------------
// Structured interview: plans and sessions (see docs/interview-sessions.md)

/** One planned question. `text` is in the plan's language, or `{zh, en}` without one. */
export interface PlannedQuestion {
  question_id: string;
  time_limit_seconds: number;
  competency: string;
  type: 'behavioral' | 'situational' | 'technical' | 'scenario';
  text: string | { zh: string; en: string };
  [key: string]: unknown;
}

/** An interview plan (an archive `InterviewPlan`). */
export interface InterviewPlan {
  questions: PlannedQuestion[];
  seed: number;
  language?: 'zh' | 'en';
  rubric_hash: string;
  job_id?: string;
  competency_weights: Record<string, number>;
  weights_source: 'job' | 'role_family_default' | 'general_default';
  coverage: Record<string, { primary: number; secondary: number }>;
  warnings: Array<{ code: string; message: string; message_zh: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** A plan for a job profile: balanced over its competency weights, seeded, no repeats. */
export function interviewPlan(
  request: Input<{
    job: Record<string, unknown>;
    count?: number;
    seed?: number;
    lang?: 'zh' | 'en';
    exclude?: string[];
    previous_plans?: Array<Partial<InterviewPlan>>;
    types?: Array<'behavioral' | 'situational' | 'technical' | 'scenario'>;
    time_scale?: number;
    extension?: Record<string, unknown>;
  }>,
): InterviewPlan;

/** A sealed session snapshot: store it as it is; any change breaks its `mac`. */
export interface SessionSnapshot {
  format: 'interviewkit.session';
  version: number;
  session: Record<string, unknown>;
  outbox: SessionEvent[];
  next_sequence: number;
  mac: string;
  [key: string]: unknown;
}

/** An event for the host to deliver (WeCom/WeChat notifications); `sequence` de-duplicates. */
export interface SessionEvent {
  sequence: number;
  type:
    | 'session.created'
    | 'session.started'
    | 'answer.submitted'
    | 'session.paused'
    | 'session.resumed'
    | 'session.completed'
    | 'session.expired'
    | 'session.abandoned';
  session_id: string;
  at: string;
  progress: { answered: number; total: number };
  question_id?: string;
}

/** Progress `k/n`. */
export interface SessionProgress {
  answered: number;
  total: number;
  text: string;
}

/** Starts a session; `key` is the host's HMAC key (base64, ≥ 16 bytes); times are RFC 3339. */
export function sessionCreate(
  request: Input<{
    id: string;
    plan: Partial<InterviewPlan>;
    key: string;
    at: string;
    candidate_id?: string;
    job_id?: string;
    deadline?: string;
    lang?: 'zh' | 'en';
  }>,
): { snapshot: SessionSnapshot; events: SessionEvent[]; progress: SessionProgress };

/** Applies one event to a session. */
export function sessionApply(
  request: Input<{
    snapshot: SessionSnapshot;
    key: string;
    event: {
      type: 'start' | 'answer' | 'pause' | 'resume' | 'complete' | 'expire' | 'abandon';
      at: string;
      question_id?: string;
      transcript?: string;
      duration_ms?: number;
      language?: 'zh' | 'en';
      [key: string]: unknown;
    };
  }>,
): {
  snapshot: SessionSnapshot;
  events: SessionEvent[];
  progress: SessionProgress;
  next_question?: PlannedQuestion & { index: number };
  rejected?: { type: string; code: string; message: string; message_zh: string };
};

/** Takes the events waiting in the outbox; the returned snapshot's outbox is empty. */
export function sessionDrain(
  request: Input<{ snapshot: SessionSnapshot; key: string }>,
): { snapshot: SessionSnapshot; events: SessionEvent[] };

/** Checks a snapshot's MAC (throws `IntegrityCheckFailed` when it was altered). */
export function sessionVerify(
  request: Input<{ snapshot: SessionSnapshot; key: string }>,
): { valid: true; status: string; progress: SessionProgress };

// ---------------------------------------------------------------------------------------------
// Structured interview: answer scoring, scorecards, replay (see docs/interview-scoring.md)

/** A quote behind a level: code-point offsets into the transcript (`transcript.slice` for BMP text). */
export interface AnswerEvidence {
  quote: string;
  start: number;
  end: number;
  indicator: string;
}

/** One competency's result for one answer. */
export interface AnswerCompetency {
  level: 1 | 2 | 3 | 4 | 5;
  score: number;
  confidence: number;
  evidence: AnswerEvidence[];
  missing: Array<{ code: string; text: string }>;
}

/** The result of `answerScore`. */
export interface AnswerScore {
  question_id: string;
  language: 'zh' | 'en';
  feedback_language: 'zh' | 'en';
  competencies: Record<string, AnswerCompetency>;
  features: Record<string, unknown>;
  feedback: string;
  feedback_items: Array<{ code: string; text: string }>;
  warnings: Array<{ code: string; text: string }>;
  engine_version: string;
  rubric_version: string;
}

/** Scores one answer transcript against its question's rubric, with candidate feedback. */
export function answerScore(
  request: Input<{
    question_id: string;
    transcript: string;
    lang?: 'zh' | 'en';
    show_scores?: boolean;
    max_chars?: number;
    extension?: Record<string, unknown>;
  }>,
): AnswerScore;

/** One answer as `interviewScore` takes it. */
export interface InterviewAnswer {
  question_id: string;
  transcript: string;
  [key: string]: unknown;
}

/** An archive scorecard as `interviewScore` returns it (see schema/scorecard.json). */
export interface InterviewScorecard {
  schema_version: 1;
  kind: 'scorecard';
  id: string;
  scale: { min: number; max: number };
  competencies: Array<{
    competency: string;
    ai_score?: number;
    confidence?: number;
    level?: number;
    percentile?: number;
    evidence?: Array<{ question_id?: string; quote: string; span?: { start: number; end: number }; indicator?: string }>;
    [key: string]: unknown;
  }>;
  overall?: number;
  provenance: { engine_version: string; rubric_hash?: string; model_hash?: string; input_hash?: string };
  [key: string]: unknown;
}

/** Request fields shared by `interviewScore` and `interviewReplay`. */
export interface InterviewInputs {
  plan: Partial<InterviewPlan>;
  answers: InterviewAnswer[] | { answers: InterviewAnswer[] };
  norms?: Record<string, number[]>;
  extension?: Record<string, unknown>;
}

/** A scorecard for a whole interview, stamped for replay. */
export function interviewScore(
  request: Input<InterviewInputs & { id?: string; candidate_id?: string; interview_id?: string; job_id?: string; max_chars?: number }>,
): InterviewScorecard;

/** Recomputes a scorecard from the same inputs; `reproduced` is true when every bit matches. */
export function interviewReplay(request: Input<InterviewInputs & { scorecard: InterviewScorecard }>): {
  reproduced: boolean;
  input_hash_matches: boolean;
  engine_version_matches: boolean;
  rubric_hash_matches: boolean;
  model_hash_matches: boolean;
  differences: string[];
};

// ---------------------------------------------------------------------------------------------
// Policy gate and interviewer calibration (see docs/policy.md, docs/calibration.md)

/** A behaviour signal offered to the policy gate. */
export interface PolicySignal {
  category: 'content' | 'voice' | 'visual' | 'affect';
  name: string;
  value?: number;
  [key: string]: unknown;
}

/** The policy gate; throws `PolicyViolation` (naming the rule) when the policy forbids the request. */
export function policyCheck(
  request: Input<{
    policy: 'default' | 'eu' | 'cn' | 'us-nyc' | 'us-il' | Record<string, unknown>;
    signals: PolicySignal[];
    consents?: Array<Record<string, unknown>>;
    notices?: Array<{ notice: string; given_at: string; version?: string }>;
    bias_audit?: { reference: string; date: string };
    at: string;
    medium?: 'text' | 'audio' | 'video';
    missing_consent?: 'refuse' | 'drop';
    collected_at?: string;
  }>,
): {
  policy: { id: string; version: string; hash: string };
  allowed: PolicySignal[];
  dropped: Array<{ index: number; signal: string; category: string; reason: string; rule: string; [key: string]: unknown }>;
  required_notices: Array<Record<string, unknown>>;
  requirements: Array<Record<string, unknown>>;
  retention: Record<string, unknown>;
  [key: string]: unknown;
};

/** A policy profile in full, with its hash. */
export function policyProfile(request: Input<{ policy: string | Record<string, unknown> }>): {
  id: string;
  hash: string;
  [key: string]: unknown;
};

/** Interviewer calibration: divergence flags, rater statistics, agreement, panel aggregates. */
export function calibrate(
  request: Input<{
    ratings: Array<{ candidate_id: string; competency: string; interviewer_id: string; score: number; rated_at?: string; scale?: { min: number; max: number }; notes?: string }>;
    ai?: Array<{ candidate_id: string; competency: string; score: number; [key: string]: unknown }>;
    scorecards?: Array<Record<string, unknown>>;
    threshold?: number;
    scale?: { min: number; max: number };
    [key: string]: unknown;
  }>,
): {
  flags: Array<Record<string, unknown>>;
  divergence: Array<Record<string, unknown>>;
  raters: Record<string, Record<string, unknown>>;
  agreement: { icc_2_1: number | null; icc_2_k: number | null; [key: string]: unknown };
  panel: Array<Record<string, unknown>>;
  [key: string]: unknown;
};

// ---------------------------------------------------------------------------------------------
// Resume understanding: parsing, the skill taxonomy, the sequence labeller (docs/resume-parsing.md,
// docs/taxonomy.md, docs/ner.md)

/** Options of a resume parse. */
export interface ParseResumeOptions {
  /** `YYYY-MM-DD`: what "present" (`至今`) means; without it the total experience is not computed. */
  reference_date?: string;
  format?: 'txt' | 'html' | 'docx' | 'pdf';
  /** Largest accepted file in bytes (default 10 MB). */
  max_bytes?: number;
  /** `true` (default): the embedded taxonomy; `false`: none; an object or CSV text: a replacement. */
  taxonomy?: boolean | Record<string, unknown> | string;
  taxonomy_extension?: Record<string, unknown>;
  /** A labeller model from `nerTrain`, base64. */
  ner_model?: string;
  school_tiers?: Record<string, string[]>;
  file_name?: string;
  id?: string;
  candidate_id?: string;
}

/** A parsed resume: an archive Resume (with evidence spans) and the parse's warnings. */
export interface ParsedResume {
  resume: Record<string, unknown>;
  warnings: Array<{ code: string; message: string; field?: string }>;
}

/** Parses a resume file's bytes in the browser (nothing leaves the device). */
export function parseResumeFile(bytes: Uint8Array | ArrayBuffer, options?: ParseResumeOptions | string): ParsedResume;

/** Parses a resume given inside one request: `text` or `base64` plus the options. */
export function parseResume(request: Input<ParseResumeOptions & { text?: string; base64?: string }>): ParsedResume;

/** A skill found in text; offsets are code points. */
export interface SkillMatch {
  id: string;
  name: string;
  name_zh?: string;
  category: string;
  surface: string;
  start: number;
  end: number;
}

/** Skills in text (`find`), one term (`term`) or one id (`id`). */
export function taxonomyLookup(
  request: Input<{
    text: string;
    mode?: 'find' | 'term' | 'id';
    taxonomy?: boolean | Record<string, unknown> | string;
    extension?: Record<string, unknown>;
    lang?: 'zh' | 'en';
  }>,
): {
  version: string;
  matches?: SkillMatch[];
  hits?: Array<{ id: string; name: string; name_zh?: string; category: string; how: string; score: number; via?: string }>;
  skill?: Record<string, unknown> | null;
  related?: Array<{ id: string; name: string; name_zh?: string; relation: string; weight: number }>;
};

/** The taxonomy in use: version hash, counts per category and source. */
export function taxonomyInfo(
  request: Input<{ taxonomy?: boolean | Record<string, unknown> | string; extension?: Record<string, unknown>; lang?: 'zh' | 'en' }>,
): { version: string; skills: number; groups: number; skills_with_zh: number; [key: string]: unknown };

/** Entity-level scores of a labeller. */
export interface NerMetrics {
  micro_f1: number;
  precision: number;
  recall: number;
  per_type: Record<string, { precision: number; recall: number; f1: number; support: number; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** Trains the sequence labeller from BMES or CoNLL text. */
export function nerTrain(
  request: Input<{ format: 'bmes' | 'conll'; train: string; dev?: string; options?: Record<string, unknown> }>,
): { model: string; report: Record<string, unknown> & { dev?: NerMetrics } };

/** Tags text with a labeller model; spans in code points. */
export function nerTag(
  request: Input<{ model: string; text?: string; texts?: string[] }>,
): { entities: Array<{ type: string; start: number; end: number; text: string }> | Array<Array<{ type: string; start: number; end: number; text: string }>> };

/** Scores a labeller model on annotated text. */
export function nerEval(request: Input<{ model: string; format: 'bmes' | 'conll'; test: string }>): NerMetrics;

/** Voice analysis settings (every field optional; see docs/voice.md for defaults and ranges). */
export interface VoiceConfig {
  f0_min?: number;
  f0_max?: number;
  yin_threshold?: number;
  voicing_threshold?: number;
  silence_db?: number;
  min_level_dbfs?: number;
  min_pause_s?: number;
  syllable_dip_db?: number;
  clipping_warn_ratio?: number;
  max_duration_s?: number;
}

/** What was said: plain text (for fillers) and/or timed words (for the speech rate), seconds. */
export interface VoiceTranscript {
  transcript?: string;
  words?: Array<{ text: string; start: number; end: number }>;
}

/**
 * Voice features: how the speech sounds (pitch, voicing, pauses, rate, loudness, fillers).
 * No emotion or affect is inferred. `category` is always `"voice"`.
 */
export interface VoiceFeatures {
  category: 'voice';
  note: string;
  duration_s: number;
  sample_rate: number;
  analysis_rate: number;
  frames: number;
  f0: {
    median_hz: number | null;
    mean_hz: number | null;
    stdev_hz: number | null;
    p5_hz: number | null;
    p95_hz: number | null;
    stdev_semitones: number | null;
    range_semitones: number | null;
    voiced_frames: number;
  };
  voiced_ratio: number;
  pauses: {
    count: number;
    total_s: number;
    mean_s: number;
    max_s: number;
    ratio: number;
    count_ge_0_5s: number;
    count_ge_2s: number;
    speech_s: number;
    span_s: number;
  };
  speech_rate: { method: 'word_timings' | 'syllable_nuclei'; value: number | null; unit: 'words_per_minute' | 'syllables_per_second'; syllable_nuclei: number; syllables_per_second: number | null; words: number | null; words_per_minute: number | null };
  loudness: { mean_dbfs: number | null; stdev_db: number | null; p5_dbfs: number | null; p95_dbfs: number | null };
  clipping_ratio: number;
  fillers: { source: string; count: number; words: number; per_100_words: number | null; per_minute: number | null; by_form: Record<string, number> } | null;
  warnings: Array<{ code: string; message: string }>;
  config: Required<VoiceConfig>;
}

/** Voice features of `{wav_base64 | samples + sample_rate, transcript?, words?, config?}`. */
export function voiceFeatures(
  request: Input<VoiceTranscript & { wav_base64?: string; samples?: number[]; sample_rate?: number; config?: VoiceConfig }>,
): VoiceFeatures;

/** Voice features of a WAV file's bytes, computed on the device. */
export function voiceFeaturesWav(bytes: Uint8Array | ArrayBuffer, options?: (VoiceTranscript & { config?: VoiceConfig }) | string): VoiceFeatures;

/** A streaming voice analysis: push chunks as they are recorded, then `finish()`. */
export class VoiceStream {
  constructor(sampleRate: number, options?: { config?: VoiceConfig } | string);
  /** Float32Array / number[] on a ±1 scale, or Int16Array. */
  push(samples: Float32Array | Float64Array | Int16Array | number[]): void;
  readonly samplesReceived: number;
  finish(options?: VoiceTranscript | string): VoiceFeatures;
  free(): void;
}

/** Behaviour summaries of a video interview from the host's own vision pipeline: `{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred. */
export function visualSummary(request: Input<Record<string, unknown>>): Record<string, any>;

/** Score fusion behind the policy gate: `{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}` → `{"scorecard", "contributions", "dropped", "divergence", …}`; `PolicyViolation` naming the rule when the policy refuses a signal. */
export function fuse(request: Input<Record<string, unknown>>): Record<string, any>;

/** Learns fusion weights from historical ratings by non-negative ridge regression: `{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}` → weights, clamped modalities, held-out R² and RMSE. */
export function fusionLearn(request: Input<Record<string, unknown>>): Record<string, any>;

/** Sentence embeddings from a user-supplied ONNX model (builds with the `onnx` feature): `{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}` → `{"model": {"onnx_sha256", ...}, "embeddings"}`, or with an anchor text each text's semantic score 0–1 against it (`"similarities"`). Not available in the WASM package: it throws InvalidArgument saying so. */
export function semanticEmbed(request: Input<Record<string, unknown>>): Record<string, any>;

/** Parses a Chinese or English job description: `{"text", "lang"?, "id"?, "title"?, "taxonomy"?}` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans. */
export function jobParse(request: Input<Record<string, unknown>>): Record<string, any>;

/** Explained fit of one resume for one job: `{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English. */
export function matchResume(request: Input<Record<string, unknown>>): Record<string, any>;

/** Ranks resumes for a job: `{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}` → `{"results": [{"id", "score", "rank", "explanation"}], "funnel"}`. */
export function rankResumes(request: Input<Record<string, unknown>>): Record<string, any>;

/** Builds or updates a resume index: `{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}` → `{"index": BASE64, "count", "ids"}`. */
export function indexBuild(request: Input<Record<string, unknown>>): Record<string, any>;

/** Top-k of a saved resume index for a job: `{"index": BASE64, "job", "top"?, "filters"?, "weights"?}` → ranked results and the funnel. */
export function indexQuery(request: Input<Record<string, unknown>>): Record<string, any>;

/** Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: `{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}` → weights with standard errors and cross-validated log-loss and AUC. */
export function matchLearnWeights(request: Input<Record<string, unknown>>): Record<string, any>;

/** A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: `{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}` (docs/reports.md). */
export function report(request: Input<Record<string, unknown>>): Record<string, any>;

/** A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: `{"event", "lang"?, "style"?, "data"}` → `{"body", "warnings"}` (docs/wecom.md). */
export function wecomPayload(request: Input<Record<string, unknown>>): Record<string, any>;

/** A WeChat mini-program subscribe-message body with every value checked against its kind: `{"template_id", "touser", "fields"}` → `{"body", "warnings"}` (docs/wecom.md). */
export function subscribeMessage(request: Input<Record<string, unknown>>): Record<string, any>;

/** Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: `{"events", "stages"?, "as_of"?, "audit"?}` (docs/analytics.md). */
export function funnel(request: Input<Record<string, unknown>>): Record<string, any>;

/** Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: `{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}` (docs/development.md). */
export function develop(request: Input<Record<string, unknown>>): Record<string, any>;

/** A success profile per role: features of top performers with lift and its confidence interval: `{"records", "top", "min_support"?, "confidence"?}` (docs/development.md). */
export function successProfile(request: Input<Record<string, unknown>>): Record<string, any>;
