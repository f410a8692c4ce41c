"""interviewkit.batch: Arrow tables in and out, one result row per input row, bad rows reported
in place, the same numbers as the single calls, whatever the table library or the split."""

import json
import pathlib

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import interviewkit as ik
from interviewkit import batch

ROOT = pathlib.Path(__file__).resolve().parents[3]
FX = ROOT / "tests" / "fixtures"
REF = "2026-06-30"
NAMES = ["resume_zh_good", "resume_zh_nocert", "resume_en_good", "resume_en_related", "resume_en_synonym"]
TEXTS = [(FX / "matching" / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES]
JOBS = [
    {"id": "bank", "text": (FX / "matching" / "jd_zh_banker.txt").read_text(encoding="utf-8")},
    {"id": "data", "text": (FX / "matching" / "jd_en_data.txt").read_text(encoding="utf-8"), "lang": "en"},
]


def test_parse_resumes_matches_single_calls_and_keeps_bad_rows_in_place():
    docx = (FX / "resumes" / "en_docx_analyst.docx").read_bytes()
    table = pa.table({
        "doc": pa.array([TEXTS[0].encode(), None, b"\x00\x01\x02garbage" * 50, docx], type=pa.binary()),
        "key": ["a", "b", "c", "d"],
    })
    out = batch.parse_resumes(table, "doc", id_column="key", options={"reference_date": REF})
    assert isinstance(out, pa.Table)
    assert out.num_rows == 4
    assert out["row"].to_pylist() == [0, 1, 2, 3]
    assert out["id"].to_pylist() == ["a", "b", "c", "d"]
    rows = out.to_pylist()
    for i, doc in ((0, TEXTS[0].encode()), (3, docx)):
        single = ik.parse_resume_file(doc, {"reference_date": REF, "id": "abcd"[i]})["resume"]
        assert json.loads(rows[i]["resume"]) == single
        assert rows[i]["error_code"] is None
        assert rows[i]["skills"] == [s.get("taxonomy_id", s["name"]) for s in single["skills"]]
        assert rows[i]["name"] == single["basics"].get("name")
    assert rows[1]["error_code"] == "InvalidArgument" and rows[1]["resume"] is None
    assert "missing" in rows[1]["error"]
    with pytest.raises(ik.InterviewKitError) as single_err:
        ik.parse_resume_file(b"\x00\x01\x02garbage" * 50, {})
    assert rows[2]["error_code"] == type(single_err.value).__name__
    assert rows[2]["resume"] is None and rows[3]["error_code"] is None


def test_every_table_library_and_a_plain_list_give_the_same_rows():
    base = batch.parse_resumes(TEXTS, options={"reference_date": REF})
    assert isinstance(base, pa.Table)
    frame = pd.DataFrame({"text": TEXTS})
    from_pandas = batch.parse_resumes(frame, options={"reference_date": REF})
    assert isinstance(from_pandas, pd.DataFrame)
    from_polars = batch.parse_resumes(pl.DataFrame({"text": TEXTS}), options={"reference_date": REF})
    assert isinstance(from_polars, pl.DataFrame)
    want = base["resume"].to_pylist()
    assert from_pandas["resume"].tolist() == want
    assert from_polars["resume"].to_list() == want
    # large_string and string_view columns are read in place too.
    large = pa.table({"text": pa.array(TEXTS, type=pa.large_string())})
    assert batch.parse_resumes(large, options={"reference_date": REF})["resume"].to_pylist() == want


def test_screen_equals_match_resume_and_any_split_gives_the_same_scores():
    table = pa.table({"text": TEXTS, "id": NAMES})
    out = batch.screen(table, JOBS, id_column="id", reference_date=REF, explain=True)
    assert out.num_rows == len(TEXTS) * len(JOBS)
    rows = out.to_pylist()
    scores = set()
    for r in rows:
        i = NAMES.index(r["id"])
        job = JOBS[[j["id"] for j in JOBS].index(r["job_id"])]
        single = ik.match_resume({"job": job, "resume": {"text": TEXTS[i]}, "reference_date": REF})
        assert r["score"] == pytest.approx(single["total"], abs=1e-9)
        assert r["knockout_passed"] == single["knockout_passed"]
        assert json.loads(r["explanation"])["total"] == pytest.approx(single["total"])
        assert r["matched_skills"] == [s["id"] for s in single["explanation"]["matched"]]
        scores.add(r["score"])
    assert len(scores) >= 5
    halves = pa.concat_tables([
        batch.screen(table.slice(0, 2), JOBS, id_column="id", reference_date=REF),
        batch.screen(table.slice(2), JOBS, id_column="id", reference_date=REF),
    ])
    assert halves["score"].to_pylist() == out["score"].to_pylist()


def test_screen_reads_parsed_resumes_keeps_bad_rows_and_takes_top_k():
    parsed = batch.parse_resumes(pa.table({"text": TEXTS, "id": NAMES}), id_column="id", options={"reference_date": REF})
    resumes = pa.table({"resume": parsed["resume"].to_pylist() + ["{not json", None], "id": NAMES + ["bad", "none"]})
    out = batch.screen(resumes, JOBS, column="resume", id_column="id", resume_json=True, reference_date=REF)
    errors = out.filter(pa.compute.is_valid(out["error_code"])).to_pylist()
    assert [e["id"] for e in errors] == ["bad", "none"]
    assert all(e["error_code"] == "InvalidArgument" and e["job_id"] is None for e in errors)
    assert out.num_rows == len(NAMES) * len(JOBS) + 2

    seen = []
    top = batch.screen(pa.table({"text": TEXTS, "id": NAMES}), JOBS, id_column="id", reference_date=REF, top=2,
                       progress=seen.append)
    assert sum(seen) == len(TEXTS)
    for job in ("bank", "data"):
        rows = [r for r in top.to_pylist() if r["job_id"] == job]
        assert 1 <= len(rows) <= 2
        assert all(r["knockout_passed"] for r in rows)
        assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_request_errors_raise_and_name_the_field():
    with pytest.raises(ik.InterviewKitError) as err:
        batch.screen(TEXTS, [{"schema_version": 1, "kind": "job_profile", "id": "x", "title": "T",
                              "requirements": {"min_years_experience": -1}}])
    assert "/jobs/0/requirements/min_years_experience" in str(err.value)
    with pytest.raises(ik.InterviewKitError) as err:
        batch.parse_resumes(TEXTS, options={"refrence_date": REF})
    assert "refrence_date" in str(err.value)
    with pytest.raises(ik.InterviewKitError) as err:
        batch.parse_resumes(pa.table({"n": [1, 2]}), "n")
    assert "string or binary" in str(err.value)
    with pytest.raises(ik.InterviewKitError) as err:
        batch.parse_resumes(pa.table({"text": TEXTS}), "body")
    assert "body" in str(err.value)
    with pytest.raises(TypeError):
        batch.parse_resumes(42)


def test_top_k_across_many_chunks_equals_sorting_everything():
    # Two-row batches: every batch is its own native chunk, so the per-job heaps carry across.
    texts = TEXTS * 3 + [None]
    ids = [f"{n}-{i}" for i in range(3) for n in NAMES] + ["missing"]
    table = pa.table({"text": texts, "id": ids})
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=2))
    full = batch.screen(table, JOBS, id_column="id", reference_date=REF).to_pylist()
    for k in (1, 3, 100):
        reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=2))
        got = batch.screen(reader, JOBS, id_column="id", reference_date=REF, top=k).to_pylist()
        want = []
        for job in sorted({r["job_id"] for r in full if r["job_id"]}):
            rows = [r for r in full if r["job_id"] == job and r["knockout_passed"]]
            rows.sort(key=lambda r: (-r["score"], r["id"], r["row"]))
            want += rows[:k]
        want += [r for r in full if r["error_code"] is not None]
        assert got == want, k
    with pytest.raises(ValueError):
        batch.screen(table, JOBS, top=0)


def test_rows_past_the_native_screening_block_keep_their_index():
    # The core screens 256 rows at a time inside each chunk; rows, ids and errors past a block
    # edge must keep their own index, with and without top.
    n = 600
    texts = [None if i % 97 == 5 else TEXTS[i % len(TEXTS)] for i in range(n)]
    ids = [f"r{i}" for i in range(n)]
    table = pa.table({"text": texts, "id": ids})
    out = batch.screen(table, JOBS, id_column="id", reference_date=REF).to_pylist()
    errors = [r for r in out if r["error_code"] is not None]
    assert [r["row"] for r in errors] == [i for i in range(n) if i % 97 == 5]
    assert all(r["id"] == f"r{r['row']}" for r in out)
    scored = [r for r in out if r["error_code"] is None]
    assert len(scored) == (n - len(errors)) * len(JOBS)
    by_text = {}
    for r in scored:
        by_text.setdefault((r["row"] % len(TEXTS), r["job_id"]), set()).add(r["score"])
    assert all(len(s) == 1 for s in by_text.values())  # same text, same score, any block
    top = batch.screen(table, JOBS, id_column="id", reference_date=REF, top=2).to_pylist()
    assert [r["row"] for r in top if r["error_code"] is not None] == [r["row"] for r in errors]
    assert all(r["id"] == f"r{r['row']}" for r in top)
