"""The public API: shapes, input forms, JSON Resume round trip, threads."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import pytest

import interviewkit
from interviewkit import _native
from _support import SAMPLE_JSON_RESUME, strict_equal_mismatches

CANDIDATE = {
    "schema_version": 1,
    "kind": "candidate",
    "id": "c-001",
    "name": "张伟",
    "contact": {"email": "zhang.wei@example.com"},
}


def test_version() -> None:
    info = interviewkit.version()
    assert set(info) >= {"engine_version", "schema_version"}
    assert info["schema_version"] == 1
    assert interviewkit.__version__ == info["engine_version"]


def test_every_input_form_gives_the_same_report() -> None:
    text = json.dumps(CANDIDATE, ensure_ascii=False)
    reports = [
        interviewkit.validate(CANDIDATE),
        interviewkit.validate(OrderedDict(CANDIDATE)),
        interviewkit.validate(text),
        interviewkit.validate(text.encode("utf-8")),
        interviewkit.validate(document=CANDIDATE),
    ]
    assert all(r == reports[0] for r in reports)
    assert reports[0]["valid"] is True and reports[0]["kind"] == "candidate"


def test_non_ascii_survives() -> None:
    migrated = interviewkit.migrate(CANDIDATE)
    assert migrated["name"] == "张伟"


def test_results_are_fresh_objects() -> None:
    a = interviewkit.migrate(CANDIDATE)
    a["name"] = "changed"
    assert interviewkit.migrate(CANDIDATE)["name"] == "张伟"
    assert CANDIDATE["name"] == "张伟"


def test_json_resume_sample_round_trips_losslessly() -> None:
    raw = SAMPLE_JSON_RESUME.read_bytes()
    sample = json.loads(raw)
    for arg in (sample, raw, raw.decode("utf-8")):
        resume = interviewkit.import_json_resume(arg)
        assert resume["kind"] == "resume" and resume["schema_version"] == 1
        assert interviewkit.validate(resume)["valid"] is True
        back = interviewkit.export_json_resume(resume)
        assert back == sample
        assert not strict_equal_mismatches(back, sample)


def test_merge_profiles_accepts_a_list() -> None:
    resume = interviewkit.import_json_resume(SAMPLE_JSON_RESUME.read_bytes())
    resume["candidate_id"] = "c-001"
    merged = interviewkit.merge_profiles([CANDIDATE, resume])
    assert isinstance(merged["profiles"], list) and len(merged["profiles"]) == 1


def test_large_inputs_release_the_gil() -> None:
    # A background thread counts while the main thread validates a large document. A call that
    # held the GIL would let the counter run only around the call (about one 5 ms switch
    # interval at each end); with the GIL released it runs for most of the call.
    doc = {"schema_version": 1, "kind": "resume", "id": "r", "raw_text": "x" * (8 << 20)}
    data = json.dumps(doc).encode()
    assert len(data) >= _native.GIL_RELEASE_THRESHOLD
    counter = [0]
    stop = threading.Event()

    def count() -> None:
        while not stop.is_set():
            counter[0] += 1

    worker = threading.Thread(target=count)
    worker.start()
    try:
        # The counter's speed on its own (time.sleep releases the GIL).
        before = counter[0]
        time.sleep(0.2)
        rate = (counter[0] - before) / 0.2
        results = []
        for _ in range(3):
            before = counter[0]
            start = time.perf_counter()
            assert interviewkit.validate(data)["valid"] is True
            elapsed = time.perf_counter() - start
            results.append((counter[0] - before, elapsed))
    finally:
        stop.set()
        worker.join()
    # Ran for at least 30 % of the call and for at least four switch intervals.
    assert any(
        delta >= 0.3 * rate * elapsed and delta >= 0.02 * rate for delta, elapsed in results
    ), f"counter rate {rate:.0f}/s; (increments, seconds) per call: {results}"


def test_threads_get_the_same_answers() -> None:
    docs = [dict(CANDIDATE, id=f"c-{i}") for i in range(64)]
    expected = [interviewkit.validate(d) for d in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(interviewkit.validate, docs))
    assert got == expected


def test_result_values_keep_their_json_types() -> None:
    extra = {
        "ints": [0, -1, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1],
        "floats": [0.1, 1.5, -2.5e-300, 1e300, 3.0],
        "other": [True, False, None, "", "张伟 \u2028 \U0001F600", {"k": {}}],
    }
    doc = dict(CANDIDATE, extra=extra)
    migrated = interviewkit.migrate(doc)
    assert not strict_equal_mismatches(migrated, doc)
    assert list(migrated) == list(doc)  # key order kept


def _deep(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def test_results_deeper_than_the_parser_limit() -> None:
    # The deepest input the parser takes; merge wraps it a few levels deeper, so the result
    # cannot be parsed back by the same parser (the face then builds it with json.loads).
    doc = dict(CANDIDATE, extra=_deep(124))
    assert interviewkit.validate(doc)["valid"] is True
    merged = interviewkit.merge_profiles([doc])
    with pytest.raises(interviewkit.InvalidJson):
        interviewkit.validate(merged)
    assert json.dumps(doc["extra"]) in json.dumps(merged)


class _Str(str):
    pass


class _Dict(dict):
    pass


EQUIVALENCE_VALUES = [
    {"s": "plain", "u": "张伟 \u2028 \u0000 \" \\ \n \U0001F600", "empty": ""},
    {"i": [0, -1, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1, 2**70, -(2**70)]},
    {"f": [0.0, -0.0, 0.1, 1e16, 1.5e-320, 1.7976931348623157e308, 3.0, 1 / 3]},
    {"b": [True, False, None]},
    {1: "int key", 2.5: "float key", True: "bool key", None: "None key"},
    {"sub": [_Str("str subclass"), _Dict(a=1), OrderedDict(b=2)]},
    {"deep": _deep(100)},
]


@pytest.mark.parametrize("extra", EQUIVALENCE_VALUES, ids=range(len(EQUIVALENCE_VALUES)))
def test_dict_input_means_what_json_dumps_means(extra) -> None:
    # The face serialises plain dicts/lists itself (faster) and hands anything else to the json
    # module; either way the core must see what json.dumps(ensure_ascii=False) gives.
    doc = dict(CANDIDATE, extra=extra)
    text = json.dumps(doc, ensure_ascii=False)
    from_dict = interviewkit.migrate(doc)
    from_text = interviewkit.migrate(text)
    assert not strict_equal_mismatches(from_dict, from_text)
    assert from_dict == json.loads(text)
