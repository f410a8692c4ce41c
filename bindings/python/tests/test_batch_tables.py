"""interviewkit.batch over typed tables: potential prediction and the adverse-impact audit read
integer, float, boolean, text and categorical columns through Arrow and give the numbers of the
row-based calls, with unreadable rows reported instead of failing the batch."""

import json

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import interviewkit as ik
from interviewkit import batch


def employees(n=150):
    rows = []
    for i in range(n):
        rating = 1.0 + (i * 37 % 40) / 10.0
        tenure = i * 7 % 11
        rows.append({
            "emp": f"e{i:03d}",
            "rating": rating,
            "tenure": tenure,
            "dept": ["sales", "it", "ops"][i % 3],
            "mentor": i % 4 == 0,
        })
    labels = [int(r["rating"] > 3.2 and (r["tenure"] > 3 or r["mentor"])) for r in rows]
    return rows, labels


@pytest.fixture(scope="module")
def model():
    rows, labels = employees()
    return ik.PotentialModel(n_estimators=25, min_data_in_leaf=5, seed=3).fit(rows, labels)


def test_predictions_equal_predict_proba_for_every_table_kind(model):
    rows, _ = employees(40)
    rows[3]["rating"] = None
    rows[4]["dept"] = "legal"
    want = [p[1] for p in model.predict_proba(rows)]
    frame = pd.DataFrame(rows)
    frame["dept"] = frame["dept"].astype("category")  # dictionary-encoded in Arrow
    out = batch.predict_potential(frame, model, id_column="emp", top=2)
    assert isinstance(out, pd.DataFrame)
    assert out["probability"].tolist() == pytest.approx(want, abs=0, rel=0)
    assert out["id"].tolist() == [r["emp"] for r in rows]
    assert out["error_code"].isna().all()
    assert out["warnings"][4] and "legal" in out["warnings"][4][0]
    contributions = json.loads(out["contributions"][0])
    assert len(contributions) == 2 and {"feature", "value", "contribution"} <= set(contributions[0])
    polars = batch.predict_potential(pl.DataFrame(rows), model.model_)
    assert isinstance(polars, pl.DataFrame)
    assert polars["probability"].to_list() == out["probability"].tolist()
    assert polars["contributions"].null_count() == polars.height  # top=0: none asked for


def test_a_bad_cell_is_its_rows_error_and_a_model_file_works(model, tmp_path):
    rows, _ = employees(6)
    table = pa.table({
        "rating": [r["rating"] for r in rows],
        "tenure": [str(r["tenure"]) for r in rows[:2]] + ["three years"] + [str(r["tenure"]) for r in rows[3:]],
        "dept": [r["dept"] for r in rows],
        "mentor": [r["mentor"] for r in rows],
    })
    path = tmp_path / "m.json"
    model.save(str(path))
    out = batch.predict_potential(table, str(path)).to_pylist()
    assert out[2]["error_code"] == "InvalidArgument" and out[2]["probability"] is None
    assert "rows[2].tenure" in out[2]["error"] and "three years" in out[2]["error"]
    good = [r for i, r in enumerate(rows) if i != 2]
    want = [p[1] for p in model.predict_proba(good)]
    assert [r["probability"] for i, r in enumerate(out) if i != 2] == pytest.approx(want, abs=0, rel=0)
    with pytest.raises(ik.InvalidArgument) as err:
        batch.predict_potential(table.drop_columns(["dept"]), model)
    assert "dept" in str(err.value)
    nested = table.drop_columns(["dept"]).append_column("dept", pa.array([[1]] * 6))
    with pytest.raises(ik.InvalidArgument) as err:
        batch.predict_potential(nested, model)
    assert "`dept`" in str(err.value) and "List(Int64)" in str(err.value)


def applicants(n):
    return [{
        "sex": ["F", "M"][i % 2],
        "site": ["bj", "sh", "sz"][i % 3],
        "hired": (i % 5 == 0) if i % 2 == 0 else (i % 3 != 0),
        "score": float(i * 13 % 100),
    } for i in range(n)]


def test_audit_over_many_chunks_equals_audit_table():
    rows = applicants(20_000)  # more than two 8,192-row chunks
    table = pa.Table.from_pylist(rows)
    want = ik.audit_table(rows, group=["sex", "site"], selected="hired", bootstrap=50, seed=4)
    seen = []
    got = batch.audit(table, group=["sex", "site"], selected="hired", bootstrap=50, seed=4,
                      progress=seen.append)
    assert sum(seen) == 20_000 and len(seen) == 3
    assert got.pop("row_errors") == []
    assert got == want
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=5000))
    streamed = batch.audit(reader, group=["sex", "site"], selected="hired", bootstrap=50, seed=4)
    streamed.pop("row_errors")
    assert streamed == want


def test_audit_lists_unreadable_rows_and_keeps_the_rest():
    rows = applicants(300)
    frame = pd.DataFrame(rows)
    frame["hired"] = frame["hired"].map({True: "yes", False: "no"})
    frame.loc[17, "hired"] = "maybe"
    frame.loc[18, "hired"] = None
    got = batch.audit(frame, group="sex", selected="hired", bootstrap=0)
    assert got["row_errors"] == [{
        "row": 17, "column": "hired", "error_code": "InvalidArgument",
        "error": got["row_errors"][0]["error"],
    }]
    assert "rows[17].hired" in got["row_errors"][0]["error"]
    assert got["n_records"] == 299 and got["excluded"]["missing_outcome"] == 1
    assert got["warnings"][0].startswith("1 of 300 rows could not be read")
    kept = [dict(r, hired=("yes" if r["hired"] else "no")) for i, r in enumerate(rows) if i != 17]
    kept[17]["hired"] = None  # row 18 of the input
    want = ik.audit_table(kept, group="sex", selected="hired", bootstrap=0)
    assert got["groups"] == want["groups"]
    with pytest.raises(ik.InvalidArgument) as err:
        batch.audit(frame, group="gender", selected="hired")
    assert "gender" in str(err.value)
