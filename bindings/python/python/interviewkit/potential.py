"""The talent potential model as a scikit-learn estimator.

:class:`PotentialModel` wraps the core's gradient-boosted tree learner (calibrated
probabilities, TreeSHAP explanations, an integrity-checked JSON model file). It follows the
scikit-learn estimator contract — ``fit``, ``predict_proba``, ``predict``, ``get_params``,
``set_params`` — so it works in ``cross_val_score``, ``GridSearchCV`` and pipelines. ``X`` may
be a pandas or polars DataFrame, a pyarrow Table, a list of dicts or a 2-D numpy array; missing
values and categorical (text) columns are handled by the core, without leakage.

>>> import interviewkit
>>> X = [{"score": s, "dept": "A" if s % 2 else "B"} for s in range(60)]
>>> y = [int(row["score"] >= 30) for row in X]
>>> model = interviewkit.PotentialModel(n_estimators=20, seed=7).fit(X, y)
>>> [round(p[1]) for p in model.predict_proba([{"score": 5, "dept": "A"}, {"score": 55, "dept": "B"}])]
[0, 1]

The model file works on every face: ``model.save("m.json")`` here, ``potential predict
--model m.json`` on the command line, ``potentialPredict({model, records})`` in the browser.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

from ._native import (
    potential_evaluate,
    potential_fit,
    potential_insights,
    potential_predict,
    potential_update,
)
from ._tables import column, rows

try:  # scikit-learn is optional: with it, PotentialModel is a real sklearn classifier.
    from sklearn.base import BaseEstimator, ClassifierMixin

    _BASES: tuple = (ClassifierMixin, BaseEstimator)
except ImportError:  # pragma: no cover - exercised only without scikit-learn
    _BASES = (object,)

try:
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None

__all__ = ["PotentialModel"]

#: The name the label travels under inside the request (never a feature).
_LABEL = "__interviewkit_label__"

#: Constructor arguments forwarded to the core's learner parameters when not None.
_PARAMS = (
    "learning_rate",
    "n_estimators",
    "num_leaves",
    "max_depth",
    "min_data_in_leaf",
    "class_weight",
    "calibration",
    "early_stopping_rounds",
    "validation_fraction",
    "seed",
)


class PotentialModel(*_BASES):  # type: ignore[misc]
    """Gradient-boosted trees for a 0/1 outcome (promoted, top performer, retained), with
    calibrated probabilities and per-prediction explanations.

    Every argument left as ``None`` takes the core's default (see ``docs/potential.md``).
    ``categorical`` names columns to treat as categories even when they hold numbers.
    After ``fit``: ``model_`` (the model as a dict, the same JSON every face loads),
    ``classes_`` (``[0, 1]``), ``feature_names_in_``, ``n_features_in_``.
    """

    def __init__(
        self,
        learning_rate: Optional[float] = None,
        n_estimators: Optional[int] = None,
        num_leaves: Optional[int] = None,
        max_depth: Optional[int] = None,
        min_data_in_leaf: Optional[int] = None,
        class_weight: Optional[str] = None,
        calibration: Optional[str] = None,
        early_stopping_rounds: Optional[int] = None,
        validation_fraction: Optional[float] = None,
        seed: Optional[int] = None,
        categorical: Optional[Sequence[str]] = None,
    ) -> None:
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.num_leaves = num_leaves
        self.max_depth = max_depth
        self.min_data_in_leaf = min_data_in_leaf
        self.class_weight = class_weight
        self.calibration = calibration
        self.early_stopping_rounds = early_stopping_rounds
        self.validation_fraction = validation_fraction
        self.seed = seed
        self.categorical = categorical

    # scikit-learn without BaseEstimator still finds these two.
    def get_params(self, deep: bool = True) -> Dict[str, Any]:
        """The constructor arguments (scikit-learn contract)."""
        return {name: getattr(self, name) for name in (*_PARAMS, "categorical")}

    def set_params(self, **params: Any) -> "PotentialModel":
        """Sets constructor arguments (scikit-learn contract); unknown names raise ValueError."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"PotentialModel has no parameter {name!r}; valid: {sorted(valid)}")
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()  # type: ignore[misc]
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags

    def _params(self) -> Dict[str, Any]:
        return {name: getattr(self, name) for name in _PARAMS if getattr(self, name) is not None}

    def _records(self, X: Any, y: Any = None) -> List[Dict[str, Any]]:
        records = rows(X, "X")
        if y is not None:
            labels = column(y, "y")
            if len(labels) != len(records):
                raise ValueError(f"X has {len(records)} rows but y has {len(labels)} labels")
            for row, label in zip(records, labels):
                if _LABEL in row:
                    raise ValueError(f"X must not have a column named {_LABEL!r}")
                row[_LABEL] = label
        return records

    def fit(self, X: Any, y: Any) -> "PotentialModel":
        """Trains on ``X`` and 0/1 labels ``y``; raises ``InvalidArgument`` (naming the row) for
        other label values or a single class."""
        records = self._records(X, y)
        request: Dict[str, Any] = {"records": records, "label": _LABEL, "params": self._params()}
        if self.categorical:
            request["categorical"] = list(self.categorical)
        self.model_ = potential_fit(request)
        self._adopt(self.model_)
        return self

    def _adopt(self, model: Dict[str, Any]) -> None:
        self.model_ = model
        self.feature_names_in_ = [f["name"] for f in model.get("features", [])]
        self.n_features_in_ = len(self.feature_names_in_)
        self.classes_ = _np.array([0, 1]) if _np is not None else [0, 1]

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            try:
                from sklearn.exceptions import NotFittedError
            except ImportError:  # pragma: no cover
                NotFittedError = RuntimeError  # type: ignore[misc,assignment]
            raise NotFittedError("PotentialModel is not fitted yet: call fit() or load() first")

    def explain(self, X: Any, top: int = 5) -> List[Dict[str, Any]]:
        """Per row: ``probability``, ``margin``, ``base_value`` and the ``top`` contributions
        (log-odds; base value + all contributions = margin)."""
        self._check_fitted()
        result = potential_predict({"model": self.model_, "records": self._records(X), "top": top})
        return result["predictions"]

    def predict_proba(self, X: Any) -> Any:
        """``[[P(0), P(1)], …]`` (a numpy array when numpy is installed)."""
        probs = [p["probability"] for p in self.explain(X, top=0)]
        pairs = [[1.0 - p, p] for p in probs]
        return _np.array(pairs) if _np is not None else pairs

    def predict(self, X: Any) -> Any:
        """0/1 at probability 0.5."""
        labels = [int(p[1] >= 0.5) for p in self.predict_proba(X)]
        return _np.array(labels) if _np is not None else labels

    def evaluate(self, X: Any, y: Any, group: Optional[str] = None, **options: Any) -> Dict[str, Any]:
        """The validation report: ``roc_auc``, ``pr_auc``, ``brier``, ``ece``, ``validity`` (r with
        a bootstrap CI), ``range_restriction`` and, with ``group``, ``adverse_impact``."""
        self._check_fitted()
        request = {"model": self.model_, "records": self._records(X, y), "label": _LABEL, **options}
        if group is not None:
            request["group"] = group
        return potential_evaluate(request)

    def update(self, X: Any, y: Any, mode: str = "refit") -> Dict[str, Any]:
        """Refits (or warm-starts, ``mode="warm_start"``) on new outcomes. Returns the core's
        report (``drift``, ``metrics_before``, ``metrics_after``) and moves this estimator to
        the new model version; the old model dict is not modified."""
        self._check_fitted()
        request = {"model": self.model_, "records": self._records(X, y), "label": _LABEL, "mode": mode}
        report = potential_update(request)
        self._adopt(report["model"])
        return report

    @staticmethod
    def insights(X: Any, y: Any, **options: Any) -> Dict[str, Any]:
        """Feature bands ranked by lift in the label rate, with Wilson intervals."""
        model = PotentialModel()
        return potential_insights({"records": model._records(X, y), "label": _LABEL, **options})

    def save(self, path: Union[str, Path]) -> None:
        """Writes the model file (JSON) that every face loads."""
        self._check_fitted()
        Path(path).write_text(json.dumps(self.model_, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Union[str, Path]) -> "PotentialModel":
        """Reads a model file; its integrity hash is checked on first use."""
        model = cls()
        model._adopt(json.loads(Path(path).read_text(encoding="utf-8")))
        return model
