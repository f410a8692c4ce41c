"""Type stubs for the private extension module ``interviewkit._native`` (Rust, pyo3).

Use the public package ``interviewkit`` instead; it re-exports these functions.
"""

from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from typing_extensions import TypeAlias

#: A document argument: a dict or list is serialised as ``json.dumps(value, ensure_ascii=False,
#: allow_nan=False)`` would, a str is JSON text, bytes are UTF-8 JSON text passed unchanged.
JsonInput: TypeAlias = Union[Dict[str, Any], List[Any], str, bytes]

#: Every ``(code, name)`` pair of the core's ``ErrorCode::ALL``, in numeric order.
ERROR_CODES: Tuple[Tuple[int, str], ...]
#: The largest input accepted, in bytes; larger inputs raise ``LimitExceeded``.
MAX_INPUT_BYTES: int
#: Inputs of at least this many bytes are processed with the GIL released.
GIL_RELEASE_THRESHOLD: int
#: ``"debug"`` or ``"release"``: the Cargo profile this extension was built with.
BUILD_PROFILE: str

def version() -> Dict[str, Any]:
    """The engine and schema versions: ``{"engine_version": "0.1.0", "schema_version": 1}``."""

def validate(document: JsonInput) -> Dict[str, Any]:
    """Validate an archive document; returns the report with every problem at once."""

def migrate(document: JsonInput) -> Dict[str, Any]:
    """Move a document to the current schema version; raises ``InvalidDocument`` if invalid."""

def import_json_resume(json_resume: JsonInput) -> Dict[str, Any]:
    """Import a JSON Resume (v1.0.0) document as an archive resume document."""

def export_json_resume(resume: JsonInput) -> Dict[str, Any]:
    """Export an archive resume document as JSON Resume (v1.0.0)."""

def merge_profiles(documents: JsonInput) -> Dict[str, Any]:
    """Assemble 360° profiles from a list of archive documents: ``{"profiles": [...]}``."""

def audit(request: JsonInput) -> Dict[str, Any]:
    """Adverse-impact audit of a request ``{"records"|"csv", "group", "selected"|"score", …}``; returns the report."""

def audit_render(request: JsonInput) -> Dict[str, Any]:
    """Render an audit report: ``{"report", "format": "json"|"md"|"html"}`` → ``{"format", "text"}``."""

def redact(request: JsonInput) -> Dict[str, Any]:
    """Blind screening: ``{"document", "options"?}`` → ``{"document", "removed", …}``."""

def role_view(request: JsonInput) -> Dict[str, Any]:
    """The document as one role may see it (deny by default): ``{"document", "role"}``."""

def encrypt(request: JsonInput) -> Dict[str, Any]:
    """Encrypt sensitive fields (AES-256-GCM envelopes): ``{"document", "keyring", "fields"?}``."""

def decrypt(request: JsonInput) -> Dict[str, Any]:
    """Open every envelope: ``{"document", "keyring"}``; raises ``KeyUnavailable``/``IntegrityCheckFailed``."""

def rotate_keys(request: JsonInput) -> Dict[str, Any]:
    """Re-wrap data keys under another key: ``{"document", "keyring", "to"?}``."""

def generate_key(request: JsonInput) -> Dict[str, Any]:
    """A new random 256-bit key-encryption key: ``{"id"}`` → ``{"id", "key"}``."""

def log_append(request: JsonInput) -> Dict[str, Any]:
    """Seal the next audit-trail entry: ``{"previous", "entry", "key"?}``."""

def log_verify(request: JsonInput) -> Dict[str, Any]:
    """Verify an audit trail: ``{"entries", "key"?, "expected_head"?, "expected_length"?}``."""

def potential_fit(request: JsonInput) -> Dict[str, Any]:
    """Trains a talent-potential model (gradient-boosted trees, calibrated, explainable) from a."""

def potential_predict(request: JsonInput) -> Dict[str, Any]:
    """Predicts with a model: `{"model", "csv"|"records", "top"?}` → `{"predictions": [{"id",."""

def potential_evaluate(request: JsonInput) -> Dict[str, Any]:
    """Validation report of a model on labelled data: ROC-AUC, PR-AUC, calibration error, validity r."""

def potential_update(request: JsonInput) -> Dict[str, Any]:
    """Refits or warm-starts a model on new outcomes: a new model version (the old one is untouched),."""

def potential_insights(request: JsonInput) -> Dict[str, Any]:
    """Insight mining: feature bands ranked by lift in the label rate, with confidence intervals."""

def bank_list(request: JsonInput) -> Dict[str, Any]:
    """The structured-interview question bank, filtered: ``{"version", "competencies", "questions"}``."""

def interview_plan(request: JsonInput) -> Dict[str, Any]:
    """An interview plan from a job profile's competency weights: ``{"job", "count"?, "seed"?, "lang"?, "exclude"?, "previous_plans"?, "types"?, "extension"?}`` → the plan (balanced, seeded, no repeats)."""

def session_create(request: JsonInput) -> Dict[str, Any]:
    """Starts an interview session: ``{"id", "plan", "key", "at", …}`` → ``{"snapshot", "events"}``; the snapshot is sealed with an HMAC under the host's key."""

def session_apply(request: JsonInput) -> Dict[str, Any]:
    """Applies one event (start, answer, pause, resume, complete, expire, abandon) to a session: ``{"snapshot", "key", "event"}`` → ``{"snapshot", "events", "progress", …}``."""

def session_drain(request: JsonInput) -> Dict[str, Any]:
    """Takes the events waiting in a session's outbox: ``{"snapshot", "key"}`` → ``{"snapshot", "events"}``."""

def session_verify(request: JsonInput) -> Dict[str, Any]:
    """Checks a session snapshot's HMAC: ``{"snapshot", "key"}`` → ``{"valid", "status", "progress"}``."""

def answer_score(request: JsonInput) -> Dict[str, Any]:
    """Scores one answer transcript against its question's rubric: ``{"question_id", "transcript", "lang"?, "show_scores"?, "extension"?}`` → levels, evidence and feedback per competency."""

def interview_score(request: JsonInput) -> Dict[str, Any]:
    """A scorecard for a whole interview: ``{"plan", "answers", "norms"?, …}`` → an archive Scorecard stamped with the engine and rubric versions and the input hash."""

def interview_replay(request: JsonInput) -> Dict[str, Any]:
    """Recomputes a scorecard from the same inputs and compares it bit for bit: ``{"scorecard", "plan", "answers", "norms"?}`` → ``{"reproduced", "differences", …}``."""

def policy_check(request: JsonInput) -> Dict[str, Any]:
    """The policy gate: ``{"policy", "signals", "consents"?, "notices"?, "at", …}`` → the signals allowed and dropped with reasons; ``PolicyViolation`` naming the rule when the policy forbids."""

def policy_profile(request: JsonInput) -> Dict[str, Any]:
    """A jurisdiction policy profile in full: ``{"policy": "eu"|{…}}`` → the profile and its hash."""

def calibrate(request: JsonInput) -> Dict[str, Any]:
    """Interviewer calibration: ``{"ratings", "ai"?, "scorecards"?, "threshold"?, …}`` → divergence flags, rater leniency and drift, ICC and weighted kappa, panel aggregates."""

def parse_resume(request: JsonInput) -> Dict[str, Any]:
    """Parses a resume given in the request: ``{"text"|"base64", "reference_date"?, "taxonomy"?, "ner_model"?, …}`` → ``{"resume", "warnings"}``, every value with its evidence span. ``parse_resume_file`` takes the file's bytes."""

def parse_resume_file(data: Union[bytes, bytearray], options: Optional[JsonInput] = None) -> Dict[str, Any]:
    """Parses a resume file's bytes (text in UTF-8/UTF-16/GBK, HTML, DOCX, PDF with a text layer) with an optional options dict (``reference_date``, ``taxonomy``, ``taxonomy_extension``, ``ner_model``, ``school_tiers``, ``format``, ``max_bytes``, ``file_name``, ``id``, ``candidate_id``); returns ``{"resume", "warnings"}`` with evidence spans. Releases the GIL."""

def taxonomy_lookup(request: JsonInput) -> Dict[str, Any]:
    """Skills in text, or one term or id: ``{"text", "mode"?: "find"|"term"|"id", "taxonomy"?, "extension"?, "lang"?}`` → matches with code-point spans, lookup hits, or a skill with its related skills."""

def taxonomy_info(request: JsonInput) -> Dict[str, Any]:
    """The skill taxonomy in use (embedded default, a replacement or an extension): ``{"taxonomy"?, "extension"?, "lang"?}`` → version hash, counts per category and source, ambiguous surfaces."""

def ner_train(request: JsonInput) -> Dict[str, Any]:
    """Trains the sequence labeller: ``{"format": "bmes"|"conll", "train", "dev"?, "options"?}`` → ``{"model": BASE64, "report"}``."""

def ner_tag(request: JsonInput) -> Dict[str, Any]:
    """Tags text with a labeller model: ``{"model": BASE64, "text"|"texts"}`` → entity spans in code points."""

def ner_eval(request: JsonInput) -> Dict[str, Any]:
    """Scores a labeller model on annotated text: ``{"model", "format", "test"}`` → micro F1, precision, recall, per type."""

def visual_summary(request: JsonInput) -> Dict[str, Any]:
    """Behaviour summaries of a video interview from the host's own vision pipeline: ``{"frames"?: [{"t", "blendshapes", "head_pose"?, "gestures"?}], "events"?, "duration_s"?, "config"?}`` (MediaPipe blendshape names) → smile episodes, gaze-at-camera ratio, head movement, gesture rate. No emotion is inferred."""

def fuse(request: JsonInput) -> Dict[str, Any]:
    """Score fusion behind the policy gate: ``{"policy", "scorecard", "signals"?, "consents"?, "weights"?, "reliability"?, "mapping"?, "at"?, …}`` → ``{"scorecard", "contributions", "dropped", "divergence", …}``; ``PolicyViolation`` naming the rule when the policy refuses a signal."""

def fusion_learn(request: JsonInput) -> Dict[str, Any]:
    """Learns fusion weights from historical ratings by non-negative ridge regression: ``{"rows": [{"rating", "scores"}], "lambda"?, "folds"?, …}`` → weights, clamped modalities, held-out R² and RMSE."""

def semantic_embed(request: JsonInput) -> Dict[str, Any]:
    """Sentence embeddings from a user-supplied ONNX model (wheels built with ``--features onnx``): ``{"model": {"onnx": PATH, "tokenizer": PATH, "max_tokens"?}, "texts": [...], "anchor"?}`` → ``{"model": {"onnx_sha256", ...}, "embeddings"}``, or with an anchor text each text's semantic score 0–1 against it (``"similarities"``)."""

def job_parse(request: JsonInput) -> Dict[str, Any]:
    """Parses a Chinese or English job description: ``{"text", "lang"?, "id"?, "title"?, "taxonomy"?}`` → a JobProfile (skills, minimum years, degree, majors, languages, certifications, location, knock-outs) with evidence spans."""

def match_resume(request: JsonInput) -> Dict[str, Any]:
    """Explained fit of one resume for one job: ``{"job": JobProfile|{"text"}, "resume": Resume|{"text"}, "weights"?, "reference_date"?, "semantic_score"?, "semantic_model"?}`` → total 0–100, knock-outs, components that add up, matched/partial/missing skills and gaps in Chinese and English."""

def rank_resumes(request: JsonInput) -> Dict[str, Any]:
    """Ranks resumes for a job: ``{"job", "resumes": [{"id", "resume"|"text"}], "top"?, "filters"?, "weights"?, "reference_date"?, "semantic_model"?}`` → ``{"results": [{"id", "score", "rank", "explanation"}], "funnel"}``."""

def index_build(request: JsonInput) -> Dict[str, Any]:
    """Builds or updates a resume index: ``{"resumes"?: [{"id", "resume"|"text"}], "index"?: BASE64, "remove"?: [ids], "reference_date"?}`` → ``{"index": BASE64, "count", "ids"}``."""

def index_query(request: JsonInput) -> Dict[str, Any]:
    """Top-k of a saved resume index for a job: ``{"index": BASE64, "job", "top"?, "filters"?, "weights"?}`` → ranked results and the funnel."""

def match_learn_weights(request: JsonInput) -> Dict[str, Any]:
    """Learns matching weights from historical outcomes (advanced or hired) by L2-regularised logistic regression: ``{"outcomes": [{"components", "outcome"}], "l2"?, "folds"?}`` → weights with standard errors and cross-validated log-loss and AUC."""

def report(request: JsonInput) -> Dict[str, Any]:
    """A candidate, interviewer or HR report as JSON, Markdown or self-contained HTML with SVG charts: ``{"kind", "format"?, "lang"?, "scorecard" | "scorecards", "potential"?, "match"?, "funnel"?, "options"?}`` (docs/reports.md)."""

def wecom_payload(request: JsonInput) -> Dict[str, Any]:
    """A WeCom (企业微信) message body, markdown or template_card, within WeCom's length limits: ``{"event", "lang"?, "style"?, "data"}`` → ``{"body", "warnings"}`` (docs/wecom.md)."""

def subscribe_message(request: JsonInput) -> Dict[str, Any]:
    """A WeChat mini-program subscribe-message body with every value checked against its kind: ``{"template_id", "touser", "fields"}`` → ``{"body", "warnings"}`` (docs/wecom.md)."""

def funnel(request: JsonInput) -> Dict[str, Any]:
    """Hiring-funnel analytics from archive events: progress, conversion, stage durations, channel drop-out and pass-through by group: ``{"events", "stages"?, "as_of"?, "audit"?}`` (docs/analytics.md)."""

def develop(request: JsonInput) -> Dict[str, Any]:
    """Development suggestions: gaps → ranked courses from a catalogue with time-to-proficiency from archive history: ``{"gaps" | "scorecard" | "profile", "catalog", "history"?, "bars"?}`` (docs/development.md)."""

def success_profile(request: JsonInput) -> Dict[str, Any]:
    """A success profile per role: features of top performers with lift and its confidence interval: ``{"records", "top", "min_support"?, "confidence"?}`` (docs/development.md)."""

def voice_features(request: JsonInput) -> Dict[str, Any]:
    """Voice features of ``{"wav_base64"|"samples", "sample_rate"?, "transcript"?, "words"?, "config"?}``: pitch, voicing, pauses, speech rate, loudness variation, fillers (no affect is inferred)."""

def voice_features_wav(data: Union[bytes, bytearray], options: Optional[JsonInput] = None) -> Dict[str, Any]:
    """Voice features of a WAV file's bytes with optional ``{"transcript"?, "words"?, "config"?}``. Releases the GIL."""

class _VoiceStream:
    """The native streaming voice analyser behind ``interviewkit.VoiceStream``."""
    def __init__(self, sample_rate: int, options: Optional[JsonInput] = None) -> None: ...
    def push_f32_le(self, data: bytes) -> None: ...
    def push_i16_le(self, data: bytes) -> None: ...
    @property
    def samples_received(self) -> int: ...
    def finish(self, options: Optional[JsonInput] = None) -> Dict[str, Any]: ...

def _panic_for_tests() -> None:
    """Test hook: raises ``InternalError`` from a caught Rust panic."""


def batch_parse_resumes(
    table: Any, column: str, id_column: Optional[str], options: str, progress: Optional[Callable[[int], Any]] = None
) -> Any:
    """Parses a column of an Arrow stream; returns an ``arrow_array_stream`` capsule (see ``interviewkit.batch``)."""

def batch_screen(
    table: Any,
    column: str,
    id_column: Optional[str],
    request: str,
    resume_json: bool,
    explain: bool,
    top: Optional[int] = None,
    progress: Optional[Callable[[int], Any]] = None,
) -> Any:
    """Screens a column of an Arrow stream against jobs; returns an ``arrow_array_stream`` capsule."""

def batch_predict_potential(
    table: Any, model: str, id_column: Optional[str], top: int, progress: Optional[Callable[[int], Any]] = None
) -> Any:
    """Predicts potential for an Arrow stream; returns an ``arrow_array_stream`` capsule."""

def batch_audit(table: Any, request: str, progress: Optional[Callable[[int], Any]] = None) -> str:
    """Audits an Arrow stream; returns the report (with ``row_errors``) as JSON text."""
