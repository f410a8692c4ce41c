"""PotentialModel: the scikit-learn contract, every table kind, the model file, bad input."""

from __future__ import annotations

import json
import random

import pytest

import interviewkit
from interviewkit import PotentialModel


def _data(n: int = 400, seed: int = 0):
    """Promotion depends on rating and training score; department adds a little; gaps included."""
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        rating = rng.choice([1, 2, 3, 4, 5, None])
        score = rng.randint(40, 100)
        dept = rng.choice(["Sales", "Tech", "HR"])
        logit = -6 + 0.06 * score + (0.8 * rating if rating else 1.5) + (0.5 if dept == "Tech" else 0)
        p = 1 / (1 + pow(2.718281828, -logit))
        X.append({"rating": rating, "training_score": score, "department": dept})
        y.append(int(rng.random() < p))
    return X, y


def test_fit_predict_explain() -> None:
    X, y = _data()
    model = PotentialModel(seed=1).fit(X, y)
    assert model.feature_names_in_ == ["rating", "training_score", "department"]
    assert list(model.classes_) == [0, 1]
    proba = model.predict_proba(X[:5])
    assert proba.shape == (5, 2)
    assert all(abs(p0 + p1 - 1) < 1e-12 for p0, p1 in proba)
    for row in model.explain(X[:5], top=10):
        total = row["base_value"] + sum(c["contribution"] for c in row["contributions"])
        assert total == pytest.approx(row["margin"], abs=1e-9)  # contributions add up
    # Higher training score, everything else equal: the probability does not fall much and
    # the extremes are ordered.
    low, high = model.predict_proba(
        [{"rating": 3, "training_score": 40, "department": "HR"},
         {"rating": 3, "training_score": 100, "department": "HR"}]
    )[:, 1]
    assert high > low


def test_every_table_kind_gives_the_same_model() -> None:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    X, y = _data(200)
    reference = PotentialModel(seed=3).fit(X, y).model_["training"]["data_hash"]
    frame = pd.DataFrame(X)
    tables = [frame, pl.DataFrame(X), pa.Table.from_pylist(X)]
    labels = [pd.Series(y), pl.Series(y), pa.array(y)]
    for table, labels_ in zip(tables, labels):
        model = PotentialModel(seed=3).fit(table, labels_)
        assert model.model_["training"]["data_hash"] == reference, type(table)


def test_cross_val_score_and_clone() -> None:
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    X, y = _data(600, seed=5)
    import pandas as pd

    scores = cross_val_score(PotentialModel(seed=2), pd.DataFrame(X), y, cv=3, scoring="roc_auc")
    assert len(scores) == 3
    assert scores.mean() > 0.7, scores
    model = PotentialModel(learning_rate=0.05, num_leaves=7)
    copy = clone(model)
    assert copy.get_params()["learning_rate"] == 0.05
    copy.set_params(num_leaves=31)
    assert copy.num_leaves == 31 and model.num_leaves == 7
    with pytest.raises(ValueError):
        copy.set_params(nope=1)


def test_numpy_matrix_columns_are_named() -> None:
    np = pytest.importorskip("numpy")
    X, y = _data(300)
    matrix = np.array([[r["rating"] if r["rating"] else np.nan, r["training_score"]] for r in X])
    model = PotentialModel(seed=1).fit(matrix, np.array(y))
    assert model.feature_names_in_ == ["x0", "x1"]
    assert model.predict(matrix[:3]).shape == (3,)


def test_model_file_round_trip_and_tamper(tmp_path) -> None:
    X, y = _data()
    model = PotentialModel(seed=1).fit(X, y)
    path = tmp_path / "m.json"
    model.save(path)
    loaded = PotentialModel.load(path)
    assert (loaded.predict_proba(X[:20]) == model.predict_proba(X[:20])).all()
    doc = json.loads(path.read_text("utf-8"))
    doc["base_score"] = doc["base_score"] + 1.0
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(interviewkit.IntegrityCheckFailed):
        PotentialModel.load(path).predict_proba(X[:1])


def test_evaluate_update_insights() -> None:
    X, y = _data(500)
    model = PotentialModel(seed=1).fit(X[:300], y[:300])
    report = model.evaluate(X[300:], y[300:], group="department")
    assert 0.5 < report["roc_auc"] <= 1 and report["n"] == 200
    assert {g["group"] for g in report["adverse_impact"]["groups"]} == {"Sales", "Tech", "HR"}
    old = model.model_
    result = model.update(X[300:], y[300:])
    assert model.model_["model_version"] == old["model_version"] + 1
    assert model.model_["parent_hash"] == old["integrity"]["content_hash"]
    assert set(result["drift"]) >= {"rating", "training_score", "department"}
    found = PotentialModel.insights(X, y)
    assert found["insights"] and found["insights"][0]["lift"] >= found["insights"][-1]["lift"]


def test_bad_input() -> None:
    X, y = _data(50)
    with pytest.raises(interviewkit.InvalidArgument) as info:
        PotentialModel().fit(X, [2] + y[1:])
    assert "label" in str(info.value) or "[0]" in str(info.value)
    with pytest.raises(interviewkit.InvalidArgument):
        PotentialModel().fit(X, [1] * len(X))  # a single class
    with pytest.raises(ValueError):
        PotentialModel().fit(X, y[:-1])
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        PotentialModel().predict_proba(X)
