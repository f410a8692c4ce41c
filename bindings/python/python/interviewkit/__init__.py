"""InterviewKit: the employee-archive engine, from one Rust core.

Every function takes a document as a ``dict`` or ``list`` (serialised as
``json.dumps(document, ensure_ascii=False, allow_nan=False)`` would), a ``str`` of JSON text, or
``bytes`` of UTF-8 JSON text (passed to the core unchanged), and returns new plain Python data
(``dict``). Failures raise a subclass of
:class:`InterviewKitError` whose ``.code`` is the core's stable ``ErrorCode``.

>>> import interviewkit
>>> interviewkit.validate({"schema_version": 1, "kind": "candidate", "id": "c-1"})["valid"]
True

Large inputs (see ``interviewkit._native.GIL_RELEASE_THRESHOLD``) are processed with the GIL
released, so threads can validate documents in parallel. All functions are thread-safe.
"""

from __future__ import annotations

from ._native import (
    answer_score,
    audit,
    audit_render,
    bank_list,
    calibrate,
    decrypt,
    encrypt,
    export_json_resume,
    generate_key,
    import_json_resume,
    interview_plan,
    interview_replay,
    interview_score,
    log_append,
    log_verify,
    merge_profiles,
    migrate,
    ner_eval,
    ner_tag,
    ner_train,
    parse_resume,
    parse_resume_file,
    policy_check,
    policy_profile,
    potential_evaluate,
    potential_fit,
    potential_insights,
    potential_predict,
    potential_update,
    redact,
    role_view,
    rotate_keys,
    session_apply,
    session_create,
    session_drain,
    session_verify,
    taxonomy_info,
    taxonomy_lookup,
    validate,
    version,
    voice_features,
    voice_features_wav,
)
from .fairness import audit_table
from .potential import PotentialModel
from .voice import VoiceStream
from .errors import (
    ERROR_CODES,
    InternalError,
    InterviewKitError,
    InvalidArgument,
    InvalidDocument,
    InvalidInput,
    InvalidJson,
    InvalidUtf8,
    IntegrityCheckFailed,
    IoError,
    KeyUnavailable,
    PolicyViolation,
    LimitExceeded,
    MigrationFailed,
    UnknownDocumentType,
    UnsupportedSchemaVersion,
    error_class,
)

#: The engine version of the bundled core (semver), equal to ``version()["engine_version"]``.
__version__: str = version()["engine_version"]

__all__ = [
    "__version__",
    "version",
    "validate",
    "migrate",
    "import_json_resume",
    "export_json_resume",
    "merge_profiles",
    "audit",
    "audit_table",
    "audit_render",
    "redact",
    "role_view",
    "encrypt",
    "decrypt",
    "rotate_keys",
    "generate_key",
    "log_append",
    "log_verify",
    "bank_list",
    "PotentialModel",
    "potential_fit",
    "potential_predict",
    "potential_evaluate",
    "potential_update",
    "potential_insights",
    "interview_plan",
    "session_create",
    "session_apply",
    "session_drain",
    "session_verify",
    "answer_score",
    "interview_score",
    "interview_replay",
    "policy_check",
    "policy_profile",
    "calibrate",
    "parse_resume",
    "parse_resume_file",
    "taxonomy_lookup",
    "taxonomy_info",
    "ner_train",
    "ner_tag",
    "ner_eval",
    "voice_features",
    "voice_features_wav",
    "VoiceStream",
    "ERROR_CODES",
    "error_class",
    "InterviewKitError",
    "InvalidInput",
    "InternalError",
    "InvalidArgument",
    "InvalidUtf8",
    "InvalidJson",
    "InvalidDocument",
    "UnsupportedSchemaVersion",
    "UnknownDocumentType",
    "MigrationFailed",
    "LimitExceeded",
    "IoError",
    "KeyUnavailable",
    "IntegrityCheckFailed",
    "PolicyViolation",
]
