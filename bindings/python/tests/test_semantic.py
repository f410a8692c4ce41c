"""The semantic score from an ONNX model through the wheel.

The default wheel is built without the ``onnx`` cargo feature (tract compiles for many minutes):
there, ``semantic_embed`` and a ``semantic_model`` in ``match_resume``/``rank_resumes`` raise
InvalidArgument saying how to get it, and a host-computed ``semantic_score`` works as before. The
feature itself is tested with a toy ONNX model in the core and CLI suites (``scripts/test``).
"""

from __future__ import annotations

import pytest

import interviewkit

MODEL = {"onnx": "/nonexistent/model.onnx", "tokenizer": "/nonexistent/tokenizer.json"}
JOB = {"text": "Data analyst\nSkills: Python, SQL", "title": "Data analyst"}
RESUME = {"text": "Wang Fang\nSkills: Python, SQL"}


def _has_onnx() -> bool:
    try:
        interviewkit.semantic_embed({"model": MODEL, "texts": ["x"]})
    except interviewkit.IoError:
        return True  # the model was looked for: this wheel runs ONNX models
    except interviewkit.InvalidArgument:
        return False
    raise AssertionError("a model that does not exist was accepted")


def test_model_members_are_checked_before_anything_runs() -> None:
    with pytest.raises(interviewkit.InvalidArgument, match="/model/tokenizer"):
        interviewkit.semantic_embed({"model": {"onnx": "m.onnx"}, "texts": ["x"]})
    with pytest.raises(interviewkit.InvalidArgument, match="/model/max_tokens"):
        interviewkit.semantic_embed(
            {"model": {**MODEL, "max_tokens": 0}, "texts": ["x"]}
        )
    with pytest.raises(interviewkit.InvalidArgument, match="/semantic_model/onnx"):
        interviewkit.match_resume(
            {"job": JOB, "resume": RESUME, "semantic_model": {"tokenizer": "t.json"}}
        )


@pytest.mark.skipif(_has_onnx(), reason="this wheel was built with --features onnx")
def test_without_the_feature_the_error_says_how_to_get_it() -> None:
    for call in (
        lambda: interviewkit.semantic_embed({"model": MODEL, "texts": ["python"]}),
        lambda: interviewkit.match_resume(
            {"job": JOB, "resume": RESUME, "semantic_model": MODEL}
        ),
        lambda: interviewkit.rank_resumes(
            {"job": JOB, "resumes": [{"id": "a", **RESUME}], "semantic_model": MODEL}
        ),
    ):
        with pytest.raises(interviewkit.InvalidArgument, match="--features onnx"):
            call()


def test_a_host_computed_semantic_score_is_a_component() -> None:
    low = interviewkit.match_resume({"job": JOB, "resume": RESUME, "semantic_score": 0.0})
    high = interviewkit.match_resume({"job": JOB, "resume": RESUME, "semantic_score": 1.0})
    sem = {c["id"]: c for c in high["components"]}["semantic"]
    assert sem["applicable"] and sem["raw"] == 1.0
    assert high["total"] > low["total"]
