"""A small gradient-boosted tree ensemble, evaluated with numpy (trained by scikit-learn).

The line model's second stage can be trees instead of a binned linear model: trees combine
features ("long prose, but after the main block and next to a date line"), which an additive
model cannot. Explanations still come from stage one, which stays additive.

All trees are walked at once: every (line, tree) pair holds a node id in one flat node table,
and each step of a fixed number of steps (the deepest tree's depth) moves every pair one level
down. Leaves point to themselves, so pairs that reached a leaf early stay put. The cost is
``depth`` vectorised gathers over a (lines x trees) array, with no Python loop per line or tree.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class TreeEnsemble:
    """``logit(x) = bias + sum over trees of the value of the leaf that x reaches``."""

    __slots__ = ("names", "feature", "threshold", "left", "right", "value", "roots", "depth", "bias")

    def __init__(self, names: tuple[str, ...], feature: np.ndarray, threshold: np.ndarray, left: np.ndarray,
                 right: np.ndarray, value: np.ndarray, roots: np.ndarray, depth: int, bias: float) -> None:
        self.names = names
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.value = value
        self.roots = roots
        self.depth = depth
        self.bias = bias

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Raw scores of the rows of ``X`` (columns in ``names`` order).

        >>> t = TreeEnsemble(("a",), np.array([0, 0, 0]), np.array([0.5, np.inf, np.inf]),
        ...                  np.array([1, 1, 2]), np.array([2, 1, 2]), np.array([0.0, -1.0, 2.0]),
        ...                  np.array([0]), 1, 0.25)
        >>> t.logits(np.array([[0.1], [0.9]])).tolist()
        [-0.75, 2.25]
        """
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        node = np.broadcast_to(self.roots, (n, len(self.roots)))
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            go_left = X[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node].sum(axis=1) + self.bias

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "trees",
            "names": list(self.names),
            "feature": self.feature.tolist(),
            "threshold": [None if not np.isfinite(t) else float(t) for t in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.round(6).tolist(),
            "roots": self.roots.tolist(),
            "depth": self.depth,
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeEnsemble:
        return cls(
            tuple(data["names"]),
            np.asarray(data["feature"], dtype=np.int64),
            np.asarray([np.inf if t is None else t for t in data["threshold"]], dtype=np.float64),
            np.asarray(data["left"], dtype=np.int64),
            np.asarray(data["right"], dtype=np.int64),
            np.asarray(data["value"], dtype=np.float64),
            np.asarray(data["roots"], dtype=np.int64),
            int(data["depth"]),
            float(data["bias"]),
        )

    @classmethod
    def from_sklearn(cls, model: Any, names: tuple[str, ...]) -> TreeEnsemble:
        """Flatten a fitted binary ``HistGradientBoostingClassifier`` (numeric features only)."""
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        depth = 0
        offset = 0
        for (pred,) in model._predictors:
            nodes = pred.nodes
            roots.append(offset)
            for i, nd in enumerate(nodes):
                if nd["is_leaf"]:
                    feature.append(0)
                    threshold.append(np.inf)
                    left.append(offset + i)
                    right.append(offset + i)
                    value.append(float(nd["value"]))
                else:
                    feature.append(int(nd["feature_idx"]))
                    threshold.append(float(nd["num_threshold"]))
                    left.append(offset + int(nd["left"]))
                    right.append(offset + int(nd["right"]))
                    value.append(0.0)
                depth = max(depth, int(nd["depth"]))
            offset += len(nodes)
        bias = float(np.ravel(model._baseline_prediction)[0])
        return cls(names, np.asarray(feature), np.asarray(threshold), np.asarray(left), np.asarray(right),
                   np.asarray(value), np.asarray(roots), depth, bias)
