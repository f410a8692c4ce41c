"""The exception hierarchy is derived from the core's ErrorCode table and stays in step."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import interviewkit
from interviewkit import _native, errors

# Classes whose Python name adds "Error" to the core name, because the bare name would read
# oddly (or shadow a builtin idea) in Python.
RENAMED = {"Internal": "InternalError", "Io": "IoError"}
INPUT_PROBLEMS = {
    "InvalidArgument",
    "InvalidUtf8",
    "InvalidJson",
    "InvalidDocument",
    "UnknownDocumentType",
    "LimitExceeded",
}


def test_table_comes_from_the_core() -> None:
    table = _native.ERROR_CODES
    assert table[0] == (0, "Ok")
    codes = [code for code, _ in table]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert interviewkit.ERROR_CODES == tuple(tuple(pair) for pair in table)


@pytest.mark.parametrize("code,name", [pair for pair in _native.ERROR_CODES if pair[0] != 0])
def test_every_code_has_a_declared_class(code: int, name: str) -> None:
    # Declared statically in errors.py (not the import-time fallback for unknown codes).
    assert name in errors._DECLARED, f"errors.py declares no class for ErrorCode {code} {name}"
    cls = interviewkit.error_class(code)
    assert cls is errors._DECLARED[name]
    assert cls.code == code and cls.code_name == name
    assert cls.__name__ == RENAMED.get(name, name)
    assert issubclass(cls, interviewkit.InterviewKitError)
    assert issubclass(cls, interviewkit.InvalidInput) == (name in INPUT_PROBLEMS)
    # Exported from the package and listed in __all__.
    assert getattr(interviewkit, cls.__name__) is cls
    assert cls.__name__ in interviewkit.__all__
    assert getattr(errors, cls.__name__) is cls


def test_every_declared_class_has_a_code() -> None:
    names = {name for _, name in _native.ERROR_CODES}
    for name, cls in errors._DECLARED.items():
        assert name in names, f"{cls.__name__} names {name!r}, which is not a core ErrorCode"
    assert "Ok" not in errors._DECLARED


def test_hierarchy() -> None:
    assert issubclass(interviewkit.InterviewKitError, Exception)
    assert issubclass(interviewkit.InvalidInput, interviewkit.InterviewKitError)
    assert issubclass(interviewkit.InvalidJson, interviewkit.InvalidInput)
    assert issubclass(interviewkit.InvalidDocument, interviewkit.InvalidInput)
    assert not issubclass(interviewkit.UnsupportedSchemaVersion, interviewkit.InvalidInput)
    assert not issubclass(interviewkit.InternalError, interviewkit.InvalidInput)


def test_raised_error_carries_code_name_message_issues() -> None:
    with pytest.raises(interviewkit.InvalidDocument) as info:
        interviewkit.migrate({"schema_version": 1, "kind": "candidate"})
    err = info.value
    assert err.code == 5 and err.code_name == "InvalidDocument"
    assert err.message == str(err) and "/id" in err.message
    assert err.issues and all(
        set(issue) >= {"pointer", "code", "message", "message_zh"} for issue in err.issues
    )
    assert any(issue["pointer"] == "/id" for issue in err.issues)


def test_errors_other_than_invalid_document_have_no_issues() -> None:
    with pytest.raises(interviewkit.InvalidJson) as info:
        interviewkit.validate("{")
    assert info.value.issues == []


def test_pickle_keeps_everything() -> None:
    with pytest.raises(interviewkit.InvalidDocument) as info:
        interviewkit.migrate({"schema_version": 1, "kind": "candidate"})
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is interviewkit.InvalidDocument
    assert (copy.code, copy.message, copy.issues) == (
        info.value.code,
        info.value.message,
        info.value.issues,
    )


def test_panic_becomes_internal_error() -> None:
    with pytest.raises(interviewkit.InternalError) as info:
        _native._panic_for_tests()
    assert info.value.code == 1 and info.value.code_name == "Internal"
    assert "panic" in info.value.message


def test_native_stub_lists_every_native_name() -> None:
    stub = Path(errors.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    declared = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared.add(node.target.id)
    public = {name for name in dir(_native) if not name.startswith("__")}
    assert public <= declared, f"missing from _native.pyi: {sorted(public - declared)}"
    assert (Path(errors.__file__).parent / "py.typed").is_file()
