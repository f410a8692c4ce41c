"""InterviewKit's exceptions: one class per core ``ErrorCode``.

Every error InterviewKit raises is an :class:`InterviewKitError`. Problems with what the
caller passed in (wrong argument type, invalid UTF-8, malformed JSON, a document that breaks
the schema, the wrong kind of document, an input over a size limit) are also
:class:`InvalidInput`, so ``except interviewkit.InvalidInput`` catches "bad data" while
leaving bugs (:class:`InternalError`) alone.

Numbers are never written here: each class names its core code (``code_name``, equal to the
Rust ``ErrorCode::name()``) and the numeric ``code`` is filled in at import time from the
native module's ``ERROR_CODES`` table, which is ``ErrorCode::ALL``. A code the core gained
after this file was written still gets a class (a direct subclass of
:class:`InterviewKitError` named after the code), so the wheel never fails on it; the test
suite fails until a class is declared here.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Optional, Tuple, Type

from . import _native

__all__ = [
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


class InterviewKitError(Exception):
    """Base class of every InterviewKit error.

    Attributes:
        code: the stable numeric ``ErrorCode`` (the same number on every face).
        code_name: the code's stable name, e.g. ``"InvalidJson"``.
        message: the English message; it names the field or argument and what was expected.
        issues: for :class:`InvalidDocument`, every validation problem as a dict with
            ``pointer``, ``code``, ``message`` and ``message_zh``; empty otherwise.
    """

    code: ClassVar[int]
    code_name: ClassVar[str]
    message: str
    issues: List[Dict[str, Any]]

    def __init__(self, message: str, issues: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.issues = list(issues) if issues is not None else []

    def __reduce__(self) -> Tuple[Any, ...]:
        # Keep the issues when the exception is pickled (e.g. across multiprocessing).
        return (type(self), (self.message, self.issues))


class InvalidInput(InterviewKitError):
    """The input was unusable: wrong type, not UTF-8, not JSON, not a valid document, the wrong
    kind of document, or over a limit. Fix the data, not the library."""


class InternalError(InterviewKitError):
    """A bug inside InterviewKit (for example a caught Rust panic). Please report it."""

    code_name = "Internal"


class InvalidArgument(InvalidInput):
    """An argument had the wrong type or held values JSON cannot represent."""

    code_name = "InvalidArgument"


class InvalidUtf8(InvalidInput):
    """Text input (``bytes``, or a ``str`` with lone surrogates) was not valid UTF-8."""

    code_name = "InvalidUtf8"


class InvalidJson(InvalidInput):
    """The input was not well-formed JSON, or was nested deeper than the parser allows."""

    code_name = "InvalidJson"


class InvalidDocument(InvalidInput):
    """The JSON was well formed but breaks the archive schema; ``.issues`` lists every problem."""

    code_name = "InvalidDocument"


class UnsupportedSchemaVersion(InterviewKitError):
    """The document's ``schema_version`` is newer than this build reads (upgrade InterviewKit),
    or is not a version at all."""

    code_name = "UnsupportedSchemaVersion"


class UnknownDocumentType(InvalidInput):
    """The document's ``kind`` is not one this operation accepts."""

    code_name = "UnknownDocumentType"


class MigrationFailed(InterviewKitError):
    """An old document could not be moved to the current schema version."""

    code_name = "MigrationFailed"


class LimitExceeded(InvalidInput):
    """The input exceeded a limit (for example the maximum input size)."""

    code_name = "LimitExceeded"


class IoError(InterviewKitError):
    """A file could not be read or written."""

    code_name = "Io"


class KeyUnavailable(InterviewKitError):
    """A key the operation needs is not in the keyring, or was destroyed (crypto-shredding):
    the data it protects cannot be read."""

    code_name = "KeyUnavailable"


class IntegrityCheckFailed(InterviewKitError):
    """Authenticated data failed its check: a wrong key, altered ciphertext, a bad HMAC or a
    broken hash chain."""

    code_name = "IntegrityCheckFailed"


class PolicyViolation(InterviewKitError):
    """The jurisdiction policy forbids what was asked (a prohibited signal such as emotion
    inference under the EU AI Act, or a missing consent); the message names the rule."""

    code_name = "PolicyViolation"


#: Every ``(code, name)`` pair of the core's ``ErrorCode::ALL``, including ``(0, "Ok")``.
ERROR_CODES: Tuple[Tuple[int, str], ...] = tuple(_native.ERROR_CODES)

_DECLARED: Dict[str, Type[InterviewKitError]] = {
    cls.code_name: cls
    for cls in (
        InternalError,
        InvalidArgument,
        InvalidUtf8,
        InvalidJson,
        InvalidDocument,
        UnsupportedSchemaVersion,
        UnknownDocumentType,
        MigrationFailed,
        LimitExceeded,
        IoError,
        KeyUnavailable,
        IntegrityCheckFailed,
        PolicyViolation,
    )
}


def _build_classes() -> Dict[int, Type[InterviewKitError]]:
    by_code: Dict[int, Type[InterviewKitError]] = {}
    for code, name in ERROR_CODES:
        if code == 0:  # Ok: success, never an exception.
            continue
        cls = _DECLARED.get(name)
        if cls is None:
            cls = type(name, (InterviewKitError,), {"code_name": name, "__module__": __name__})
        cls.code = code
        by_code[code] = cls
    return by_code


# Read by the native module (interviewkit._native) to pick the class it raises.
_CLASS_BY_CODE: Dict[int, Type[InterviewKitError]] = _build_classes()


def error_class(code: int) -> Type[InterviewKitError]:
    """The exception class raised for a numeric error code; ``KeyError`` if there is none."""
    return _CLASS_BY_CODE[code]
