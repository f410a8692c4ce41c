"""Hostile and wrong input: every case ends in a clean InterviewKitError with its code."""

from __future__ import annotations

import datetime
import json

import pytest

import interviewkit
from interviewkit import _native

FUNCTIONS = [
    (interviewkit.validate, "document"),
    (interviewkit.migrate, "document"),
    (interviewkit.import_json_resume, "json_resume"),
    (interviewkit.export_json_resume, "resume"),
    (interviewkit.merge_profiles, "documents"),
]
FUNCTION_IDS = [f.__name__ for f, _ in FUNCTIONS]
CANDIDATE = {"schema_version": 1, "kind": "candidate", "id": "c-1", "name": "张伟"}


def _nested_list(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("func,param", FUNCTIONS, ids=FUNCTION_IDS)
@pytest.mark.parametrize(
    "value",
    [42, 1.5, None, True, ("a",), {"a"}, object(), bytearray(b"{}"), memoryview(b"{}")],
    ids=["int", "float", "None", "bool", "tuple", "set", "object", "bytearray", "memoryview"],
)
def test_wrong_argument_type(func, param: str, value) -> None:
    with pytest.raises(interviewkit.InvalidArgument) as info:
        func(value)
    err = info.value
    assert err.code == 2 and isinstance(err, interviewkit.InvalidInput)
    assert f"`{param}`" in err.message
    assert "dict or list" in err.message and "str" in err.message and "bytes" in err.message
    assert type(value).__name__ in err.message


@pytest.mark.parametrize("func,param", FUNCTIONS, ids=FUNCTION_IDS)
def test_argument_count_and_keyword(func, param: str) -> None:
    with pytest.raises(TypeError):
        func()
    with pytest.raises(TypeError):
        func("{}", "{}")
    with pytest.raises(TypeError):
        func(not_a_parameter="{}")
    # The documented keyword works.
    try:
        func(**{param: "[]" if param == "documents" else "{}"})
    except interviewkit.InterviewKitError:
        pass


@pytest.mark.parametrize(
    "value",
    [
        {"when": datetime.date(2026, 1, 1)},
        {"tags": {"a", "b"}},
        {"x": object()},
        {("tuple", "key"): 1},
        {"score": float("nan")},
        {"score": float("inf")},
    ],
    ids=["date", "set", "object", "tuple-key", "nan", "inf"],
)
def test_values_json_cannot_hold(value) -> None:
    with pytest.raises(interviewkit.InvalidArgument) as info:
        interviewkit.validate(value)
    assert "`document`" in info.value.message
    # The json module's own exception is kept as the cause.
    assert isinstance(info.value.__cause__, (TypeError, ValueError))


def test_circular_reference() -> None:
    doc: dict = dict(CANDIDATE)
    doc["self"] = doc
    with pytest.raises(interviewkit.InvalidArgument, match="Circular reference"):
        interviewkit.validate(doc)


def test_missing_required_fields() -> None:
    report = interviewkit.validate({"schema_version": 1, "kind": "candidate"})
    assert report["valid"] is False
    assert [i["pointer"] for i in report["issues"]] == ["/id"]
    with pytest.raises(interviewkit.InvalidDocument) as info:
        interviewkit.migrate({"schema_version": 1, "kind": "candidate"})
    assert info.value.issues[0]["pointer"] == "/id"


def test_wrong_field_types_reports_every_problem() -> None:
    report = interviewkit.validate(
        {"schema_version": 1, "kind": "candidate", "id": 7, "contact": {"email": 3}}
    )
    assert report["valid"] is False
    assert {i["pointer"] for i in report["issues"]} >= {"/id", "/contact/email"}
    assert all(i["message"] and i["message_zh"] for i in report["issues"])


# JSON Resume documents (import_json_resume's input) carry no archive schema_version.
ARCHIVE_FUNCTIONS = [(f, p) for f, p in FUNCTIONS if f is not interviewkit.import_json_resume]


@pytest.mark.parametrize(
    "func,param", ARCHIVE_FUNCTIONS, ids=[f.__name__ for f, _ in ARCHIVE_FUNCTIONS]
)
def test_future_schema_version(func, param: str) -> None:
    doc = dict(CANDIDATE, schema_version=999)
    arg = [doc] if param == "documents" else doc
    with pytest.raises(interviewkit.UnsupportedSchemaVersion) as info:
        func(arg)
    assert info.value.code == 6 and "999" in info.value.message


@pytest.mark.parametrize("func,param", FUNCTIONS, ids=FUNCTION_IDS)
def test_invalid_utf8_bytes(func, param: str) -> None:
    data = b'{"schema_version":1,"kind":"candidate","id":"\xff\xfe"}'
    with pytest.raises(interviewkit.InvalidUtf8) as info:
        func(data)
    assert info.value.code == 3
    assert f"byte offset {data.index(0xFF)}" in info.value.message


def test_lone_surrogate_in_str_is_invalid_utf8() -> None:
    text = '{"id":"\udc80"}'
    with pytest.raises(interviewkit.InvalidUtf8, match=f"byte offset {text.index(chr(0xDC80))}"):
        interviewkit.validate(text)
    with pytest.raises(interviewkit.InvalidUtf8):
        interviewkit.validate(dict(CANDIDATE, name="\ud800"))


@pytest.mark.parametrize("text", ["", "   ", "{", "{'a': 1}", "[1,]", "nul", '{"a":1}x'])
def test_malformed_json(text: str) -> None:
    for arg in (text, text.encode()):
        with pytest.raises(interviewkit.InvalidJson) as info:
            interviewkit.validate(arg)
        assert info.value.code == 4


def test_nesting_10000_levels_as_text() -> None:
    for text in ("[" * 10000 + "]" * 10000, '{"a":' * 10000 + "1" + "}" * 10000):
        for arg in (text, text.encode()):
            with pytest.raises(interviewkit.InvalidJson):
                interviewkit.validate(arg)


def test_nesting_10000_levels_as_python_objects() -> None:
    nested_dict: dict = {}
    for _ in range(10000):
        nested_dict = {"a": nested_dict}
    for value in (_nested_list(10000), nested_dict):
        for func, _ in FUNCTIONS:
            with pytest.raises(interviewkit.InvalidJson) as info:
                func(value)
            assert info.value.code == 4


def test_nesting_within_the_parser_limit_is_fine() -> None:
    report = interviewkit.validate(dict(CANDIDATE, extra=_nested_list(100)))
    assert report["valid"] is True


def _big_resume(raw_text_bytes: int) -> dict:
    return {
        "schema_version": 1,
        "kind": "resume",
        "id": "r-big",
        "candidate_id": "c-big",
        "raw_text": "简历" * (raw_text_bytes // 6),  # 6 UTF-8 bytes per repetition
    }


def test_20_mb_document() -> None:
    doc = _big_resume(20 * 1024 * 1024)
    text = json.dumps(doc, ensure_ascii=False)
    assert len(text.encode()) >= 20 * 1024 * 1024
    for arg in (doc, text, text.encode()):
        report = interviewkit.validate(arg)
        assert report["valid"] is True, report["issues"][:3]
    migrated = interviewkit.migrate(text.encode())
    assert migrated["raw_text"] == doc["raw_text"]


def test_200k_skills() -> None:
    doc = _big_resume(0)
    doc["skills"] = [{"name": f"skill {i}"} for i in range(200_000)]
    report = interviewkit.validate(doc)
    assert report["valid"] is True, report["issues"][:3]


def test_input_over_the_size_limit() -> None:
    data = b" " * (_native.MAX_INPUT_BYTES + 1)
    with pytest.raises(interviewkit.LimitExceeded) as info:
        interviewkit.validate(data)
    assert info.value.code == 9 and str(_native.MAX_INPUT_BYTES) in info.value.message


def test_merge_profiles_needs_an_array() -> None:
    with pytest.raises(interviewkit.InvalidArgument, match="`documents`"):
        interviewkit.merge_profiles(CANDIDATE)


def test_export_needs_a_resume() -> None:
    with pytest.raises(interviewkit.UnknownDocumentType) as info:
        interviewkit.export_json_resume(CANDIDATE)
    assert info.value.code == 7
