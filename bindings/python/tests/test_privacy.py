"""Fairness audit, blind screening, role views, encryption and the audit trail from Python."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest

import interviewkit
from _support import REPO_ROOT

KEYRING = json.loads((REPO_ROOT / "tests/fixtures/keys/test-keyring.json").read_text("utf-8"))
RESUME_ZH = json.loads((REPO_ROOT / "tests/fixtures/redact/resume_zh.json").read_text("utf-8"))


def test_audit_table_matches_hand_computed_rates() -> None:
    # F: 1 of 4 selected (0.25); M: 3 of 4 (0.75) -> F's impact ratio 1/3, flagged.
    rows = [{"sex": "F", "hired": h} for h in (1, 0, 0, 0)] + [
        {"sex": "M", "hired": h} for h in (1, 1, 1, 0)
    ]
    report = interviewkit.audit_table(rows, group="sex", selected="hired", bootstrap=0)
    by_group = {g["group"]: g for g in report["groups"]}
    assert by_group["F"]["selection_rate"] == pytest.approx(0.25)
    assert by_group["M"]["selection_rate"] == pytest.approx(0.75)
    assert by_group["F"]["impact_ratio"] == pytest.approx(1 / 3)
    assert by_group["F"]["flag_four_fifths"] is True
    assert by_group["M"]["impact_ratio"] == pytest.approx(1.0)
    assert report["reference_group"] == "M"


def test_audit_table_turns_nan_into_an_unknown_group_not_a_crash() -> None:
    rows = [
        {"sex": "F", "hired": 1},
        {"sex": "M", "hired": 0},
        {"sex": float("nan"), "hired": 1},  # a missing value as pandas writes it
    ]
    report = interviewkit.audit_table(rows, group="sex", selected="hired", bootstrap=0)
    assert report["unknown"]["n"] == 1
    assert sum(g["n"] for g in report["groups"]) == 2


def test_audit_table_accepts_objects_with_to_dict_records() -> None:
    class FakeFrame:  # the only part of the pandas API audit_table uses
        __module__ = "pandas.core.frame"

        def to_dict(self, orient: str):
            assert orient == "records"
            return [{"g": "a", "s": 1.0}, {"g": "b", "s": math.nan}, {"g": "b", "s": 3.0}]

    report = interviewkit.audit_table(FakeFrame(), group="g", score="s", bootstrap=0)
    assert report["mode"] == "score"
    assert report["excluded"]["missing_outcome"] == 1


def test_audit_errors_name_the_column() -> None:
    with pytest.raises(interviewkit.InvalidArgument) as info:
        interviewkit.audit({"records": [{"a": 1}], "group": "nope", "selected": "a"})
    assert "nope" in str(info.value)
    with pytest.raises(TypeError):
        interviewkit.audit_table(42, group="g", selected="s")


def test_audit_render_gives_markdown_and_html() -> None:
    report = interviewkit.audit_table(
        [{"g": "a", "s": 1}, {"g": "b", "s": 0}], group="g", selected="s", bootstrap=0
    )
    md = interviewkit.audit_render({"report": report, "format": "md"})
    assert md["format"] == "md" and "|" in md["text"]
    html = interviewkit.audit_render({"report": report, "format": "html"})
    assert html["text"].lower().startswith("<!doctype html")


def test_redact_removes_the_name_everywhere_and_keeps_offsets() -> None:
    result = interviewkit.redact({"document": RESUME_ZH})
    text = json.dumps(result, ensure_ascii=False)
    assert RESUME_ZH["basics"]["name"] not in text
    raw_before = RESUME_ZH["raw_text"]
    raw_after = result["document"]["raw_text"]
    assert len(raw_after) == len(raw_before)  # code points: offsets stay valid
    categories = {r["category"] for r in result["removed"]}
    assert {"name", "gender", "ethnicity"} <= categories


def test_role_view_withholds_contact_from_the_interviewer() -> None:
    view = interviewkit.role_view({"document": RESUME_ZH, "role": "interviewer"})
    assert "email" not in view["document"].get("basics", {})
    assert "/basics/email" in view["withheld"] or "/basics" in view["withheld"]
    with pytest.raises(interviewkit.InvalidArgument):
        interviewkit.role_view({"document": RESUME_ZH, "role": "janitor"})


def test_encrypt_decrypt_rotate_and_shred() -> None:
    sealed = interviewkit.encrypt({"document": RESUME_ZH, "keyring": KEYRING})
    assert "$encrypted" in sealed["basics"]["name"]
    assert interviewkit.decrypt({"document": sealed, "keyring": KEYRING}) == RESUME_ZH

    new_key = interviewkit.generate_key({"id": "k-new"})
    ring = {"active": "k-new", "keys": KEYRING["keys"] + [new_key]}
    rotated = interviewkit.rotate_keys({"document": sealed, "keyring": ring})
    only_new = {"active": "k-new", "keys": [new_key]}
    assert interviewkit.decrypt({"document": rotated, "keyring": only_new}) == RESUME_ZH

    # Crypto-shredding: the key is destroyed, the data is gone, and the error says so.
    shredded = {"keys": [{"id": "k-new", "destroyed": True}]}
    with pytest.raises(interviewkit.KeyUnavailable) as info:
        interviewkit.decrypt({"document": rotated, "keyring": shredded})
    assert info.value.code == 11 and "k-new" in str(info.value)

    tampered = copy.deepcopy(sealed)
    env = tampered["basics"]["name"]["$encrypted"]
    env["ct"] = ("A" if env["ct"][0] != "A" else "B") + env["ct"][1:]
    with pytest.raises(interviewkit.IntegrityCheckFailed) as info:
        interviewkit.decrypt({"document": tampered, "keyring": KEYRING})
    assert info.value.code == 12 and "/basics/name" in str(info.value)


def test_audit_trail_chain_and_tamper_detection() -> None:
    entries = []
    previous = None
    for i, action in enumerate(["read", "change", "decide"]):
        previous = interviewkit.log_append(
            {
                "previous": previous,
                "entry": {"at": f"2026-11-23T10:0{i}:00Z", "actor": "hr-1", "action": action, "target": "c-1"},
            }
        )
        entries.append(previous)
    ok = interviewkit.log_verify({"entries": entries})
    assert ok["valid"] and ok["length"] == 3 and ok["head"] == entries[-1]["hash"]

    reordered = [entries[0], entries[2], entries[1]]
    assert not interviewkit.log_verify({"entries": reordered})["valid"]
    truncated = interviewkit.log_verify({"entries": entries[:2], "expected_length": 3})
    assert not truncated["valid"]
