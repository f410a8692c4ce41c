"""Every case of every tests/vectors/*.json file, run through the Python face.

Each case is one pytest test (id = the case name). A case given as a JSON value runs three
times inside its test: as a Python ``dict``/``list`` (when it is one), as ``str`` JSON text and
as UTF-8 ``bytes``; ``input_text`` runs as ``str`` and ``bytes``; ``input_base64`` and
``input_file`` run as the exact ``bytes`` (a file also as ``str`` when it is UTF-8).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import interviewkit
from _support import REPO_ROOT, VECTORS_DIR, pattern_mismatches, strict_equal_mismatches

OPS = {
    "version": interviewkit.version,
    "validate": interviewkit.validate,
    "migrate": interviewkit.migrate,
    "import_json_resume": interviewkit.import_json_resume,
    "export_json_resume": interviewkit.export_json_resume,
    "merge_profiles": interviewkit.merge_profiles,
    "audit": interviewkit.audit,
    "audit_render": interviewkit.audit_render,
    "redact": interviewkit.redact,
    "role_view": interviewkit.role_view,
    "encrypt": interviewkit.encrypt,
    "decrypt": interviewkit.decrypt,
    "rotate_keys": interviewkit.rotate_keys,
    "generate_key": interviewkit.generate_key,
    "log_append": interviewkit.log_append,
    "log_verify": interviewkit.log_verify,
    "potential_fit": interviewkit.potential_fit,
    "potential_predict": interviewkit.potential_predict,
    "potential_evaluate": interviewkit.potential_evaluate,
    "potential_update": interviewkit.potential_update,
    "potential_insights": interviewkit.potential_insights,
    "bank_list": interviewkit.bank_list,
    "interview_plan": interviewkit.interview_plan,
    "session_create": interviewkit.session_create,
    "session_apply": interviewkit.session_apply,
    "session_drain": interviewkit.session_drain,
    "session_verify": interviewkit.session_verify,
    "answer_score": interviewkit.answer_score,
    "interview_score": interviewkit.interview_score,
    "interview_replay": interviewkit.interview_replay,
    "policy_check": interviewkit.policy_check,
    "policy_profile": interviewkit.policy_profile,
    "calibrate": interviewkit.calibrate,
    "parse_resume": interviewkit.parse_resume,
    "taxonomy_lookup": interviewkit.taxonomy_lookup,
    "taxonomy_info": interviewkit.taxonomy_info,
    "ner_train": interviewkit.ner_train,
    "ner_tag": interviewkit.ner_tag,
    "ner_eval": interviewkit.ner_eval,
    "visual_summary": interviewkit.visual_summary,
    "fuse": interviewkit.fuse,
    "fusion_learn": interviewkit.fusion_learn,
    "job_parse": interviewkit.job_parse,
    "semantic_embed": interviewkit.semantic_embed,
    "match_resume": interviewkit.match_resume,
    "rank_resumes": interviewkit.rank_resumes,
    "index_build": interviewkit.index_build,
    "index_query": interviewkit.index_query,
    "match_learn_weights": interviewkit.match_learn_weights,
    "report": interviewkit.report,
    "wecom_payload": interviewkit.wecom_payload,
    "subscribe_message": interviewkit.subscribe_message,
    "funnel": interviewkit.funnel,
    "develop": interviewkit.develop,
    "success_profile": interviewkit.success_profile,
    "voice_features": interviewkit.voice_features,
}
INPUT_KEYS = ("input", "input_text", "input_base64", "input_file")


def _load_cases() -> List[Tuple[Path, Dict[str, Any]]]:
    cases = []
    for path in sorted(VECTORS_DIR.glob("*.json")):
        with path.open(encoding="utf-8") as f:
            for case in json.load(f)["cases"]:
                cases.append((path, case))
    return cases


CASES = _load_cases()


def test_vector_files_found() -> None:
    assert CASES, f"no cases found in {VECTORS_DIR}/*.json"
    names = [case["name"] for _, case in CASES]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"case names must be unique across files: {duplicates}"


def _input_forms(case: Dict[str, Any]) -> List[Tuple[str, Any]]:
    """(label, argument) pairs to run the first op with."""
    present = [k for k in INPUT_KEYS if k in case]
    ops = case["op"] if isinstance(case["op"], list) else [case["op"]]
    if ops[0] == "version":
        assert not present, "version takes no input"
        return [("none", None)]
    assert len(present) == 1, f"a case needs exactly one of {INPUT_KEYS}, has {present}"
    key = present[0]
    if key == "input":
        value = case["input"]
        text = json.dumps(value, ensure_ascii=False)
        forms = [("str", text), ("bytes", text.encode("utf-8"))]
        if isinstance(value, (dict, list)):
            forms.insert(0, ("object", value))
        return forms
    if key == "input_text":
        text = case["input_text"]
        return [("str", text), ("bytes", text.encode("utf-8"))]
    if key == "input_base64":
        return [("bytes", base64.b64decode(case["input_base64"]))]
    raw = (REPO_ROOT / case["input_file"]).read_bytes()
    forms = [("bytes", raw)]
    try:
        forms.append(("str", raw.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    return forms


def _input_value(case: Dict[str, Any]) -> Any:
    """The input as a JSON value, for ``expect_same_as_input``."""
    if "input" in case:
        return case["input"]
    if "input_text" in case:
        return json.loads(case["input_text"])
    if "input_file" in case:
        return json.loads((REPO_ROOT / case["input_file"]).read_bytes())
    raise AssertionError("expect_same_as_input needs an input that is JSON")


def _run(ops: List[str], argument: Any) -> Any:
    result = argument
    for i, op in enumerate(ops):
        assert op in OPS, f"unknown op {op!r}"
        result = OPS[op]() if op == "version" else OPS[op](result)
        assert isinstance(result, dict), f"op {i} ({op}) returned {type(result).__name__}"
    return result


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=case["name"]) for _, case in CASES]
)
def test_vector(case: Dict[str, Any]) -> None:
    ops = case["op"] if isinstance(case["op"], list) else [case["op"]]
    checks = [k for k in ("expect", "expect_same_as_input", "error") if k in case]
    assert checks, "a case needs expect, expect_same_as_input or error"
    for label, argument in _input_forms(case):
        context = f"case {case['name']!r} with {label} input"
        if "error" in case:
            want = case["error"]
            with pytest.raises(interviewkit.InterviewKitError) as info:
                _run(ops, argument)
            err = info.value
            assert (err.code, err.code_name) == (want["code"], want["name"]), (
                f"{context}: expected error {want['code']} {want['name']}, "
                f"got {err.code} {err.code_name}: {err.message}"
            )
            assert type(err) is interviewkit.error_class(want["code"]), context
            if "issues" in want:
                problems = pattern_mismatches(err.issues, want["issues"])
                assert not problems, f"{context}: issues differ:\n" + "\n".join(problems)
            continue
        result = _run(ops, argument)
        if "expect" in case:
            problems = pattern_mismatches(result, case["expect"])
            assert not problems, f"{context}: result differs:\n" + "\n".join(problems)
        if case.get("expect_same_as_input"):
            problems = strict_equal_mismatches(result, _input_value(case))
            assert not problems, f"{context}: not equal to the input:\n" + "\n".join(problems)
