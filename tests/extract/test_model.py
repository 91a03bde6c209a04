"""The line model's stages: what each one sees, and that a model file round-trips."""

from __future__ import annotations

import json

import numpy as np

from tamis.extract.model import BinnedLinear, LineModel, sigmoid


def _linear(names: tuple[str, ...], weights: list[list[float]], bias: float) -> BinnedLinear:
    # one edge at 0 per column: bin 0 below zero, bin 1 at or above
    return BinnedLinear(names, tuple(np.array([0.0]) for _ in names), tuple(np.array(w) for w in weights), bias)


def _stages() -> tuple[BinnedLinear, BinnedLinear, BinnedLinear]:
    s1 = _linear(("a",), [[-1.0, 2.0]], 0.0)
    s2 = _linear(("a", "prev"), [[-1.0, 2.0], [-3.0, 1.0]], 0.5)
    s3 = _linear(("a", "prev"), [[0.0, 0.0], [-4.0, 4.0]], -0.25)
    return s1, s2, s3


def _context(X: np.ndarray):  # a stand-in for page.stage2_matrix: the inputs plus the previous stage's logits
    return lambda logits: np.column_stack((X, logits))


def test_stage_three_sees_stage_two_logits() -> None:
    s1, s2, s3 = _stages()
    X = np.array([[1.0], [-1.0], [2.0], [-0.5]])
    two = LineModel(s1, s2, frozenset(), 1.0, 0.5, {})
    three = LineModel(s1, s2, frozenset(), 1.0, 0.5, {}, s3)
    l1, p2 = two.body_probability(X, _context(X))
    l2 = s2.logits(np.column_stack((X, l1)))
    assert np.allclose(p2, sigmoid(l2))
    _, p3 = three.body_probability(X, _context(X))
    assert np.allclose(p3, sigmoid(s3.logits(np.column_stack((X, l2)))))
    assert not np.allclose(p3, p2)
    assert three.shared3 == 1 and three.shared == 1  # column "a" is binned once, in stage one


def test_a_model_with_three_stages_round_trips_through_json() -> None:
    s1, s2, s3 = _stages()
    model = LineModel(s1, s2, frozenset({"the"}), 1.0, 0.5, {"stages": 3}, s3)
    again = LineModel.from_json(json.loads(json.dumps(model.to_json())))
    X = np.array([[0.3], [-2.0]])
    assert again.stage3 is not None
    assert np.allclose(again.body_probability(X, _context(X))[1], model.body_probability(X, _context(X))[1])
    two = LineModel.from_json(json.loads(json.dumps(LineModel(s1, s2, frozenset(), 1.0, 0.5, {}).to_json())))
    assert two.stage3 is None and "stage3" not in two.to_json()


def test_a_column_needs_one_weight_per_bin() -> None:
    # logits_from_bins gathers without bounds checks: a weight table shorter than the bins is refused
    import pytest

    with pytest.raises(ValueError):
        BinnedLinear(("a",), (np.array([0.0, 1.0]),), (np.zeros(2),), 0.0)
    X = np.array([[-1.0], [0.0], [5.0]])
    model = BinnedLinear(("a",), (np.array([0.0, 1.0]),), (np.array([1.0, 2.0, 4.0]),), 0.5)
    assert model.logits(X).tolist() == [1.5, 2.5, 4.5]
