from __future__ import annotations

import json

import numpy as np
import pytest

from tamis.extract.trees import TreeEnsemble


def test_matches_sklearn_on_random_data() -> None:
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    X = rng.random((600, 5))
    y = ((X[:, 0] > 0.5) ^ (X[:, 1] * X[:, 2] > 0.3)).astype(int)
    hgb = ensemble.HistGradientBoostingClassifier(max_iter=20, max_depth=4, random_state=0).fit(X, y)
    trees = TreeEnsemble.from_sklearn(hgb, tuple("abcde"))
    Xt = rng.random((200, 5))
    np.testing.assert_allclose(trees.logits(Xt), hgb.decision_function(Xt), atol=1e-9)
    # the JSON form scores the same (values are rounded to 1e-6)
    again = TreeEnsemble.from_json(json.loads(json.dumps(trees.to_json())))
    np.testing.assert_allclose(again.logits(Xt), hgb.decision_function(Xt), atol=1e-4)


def test_empty_input() -> None:
    t = TreeEnsemble(("a",), np.array([0]), np.array([np.inf]), np.array([0]), np.array([0]), np.array([1.5]),
                     np.array([0]), 0, 0.0)
    assert t.logits(np.zeros((0, 1))).shape == (0,)
    assert t.logits(np.zeros((2, 1))).tolist() == [1.5, 1.5]
