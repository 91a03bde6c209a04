"""The line model: binned logistic regression (an additive model) plus Viterbi smoothing.

Each feature is cut into quantile bins learned at training time and each bin has one weight, so
a line's score is a sum of table look-ups: nonlinear in every feature, linear in time, and every
term can be named in an explanation ("few stop words: -1.3"). Two stages run: the second sees
the first stage's scores of the neighbouring lines. A two-state Viterbi pass (body / furniture)
then prefers long runs, since furniture and body both come in blocks.

The model file is JSON, written by ``tamis.extract.train`` and shipped in the package.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

MODEL_FILE = "model.json"


class BinnedLinear:
    """``score(x) = bias + sum_j weights[j][bin_j(x_j)]``.

    Scoring is one ``searchsorted`` over all columns at once: column ``j``'s values and edges are
    shifted by ``j * _SPAN`` into disjoint ranges, so the global insertion point minus the edges
    of earlier columns is the bin, and ``global + j`` indexes the flattened weights.
    """

    __slots__ = ("names", "edges", "weights", "bias", "_flat_edges", "_flat_w", "_shift")
    _SPAN = 1e7

    def __init__(self, names: tuple[str, ...], edges: tuple[np.ndarray, ...], weights: tuple[np.ndarray, ...], bias: float) -> None:
        self.names = names
        self.edges = edges
        self.weights = weights
        self.bias = bias
        m = len(names)
        self._shift = np.arange(m, dtype=np.float64) * self._SPAN
        self._flat_edges = np.concatenate([e + j * self._SPAN for j, e in enumerate(edges)]) if m else np.zeros(0)
        self._flat_w = np.concatenate(weights) if m else np.zeros(0)

    def _terms(self, X: np.ndarray) -> np.ndarray:
        m = len(self.names)
        shifted = np.clip(X[:, :m], -self._SPAN / 2 + 1, self._SPAN / 2 - 1) + self._shift
        pos = np.searchsorted(self._flat_edges, shifted.ravel(), side="right").reshape(shifted.shape)
        return self._flat_w[pos + np.arange(m)]

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-line, per-feature terms (lines x features); their row sums plus bias are the logits."""
        return self._terms(X)

    def logits(self, X: np.ndarray) -> np.ndarray:
        if X.shape[0] == 0:
            return np.zeros(0)
        return self._terms(X).sum(axis=1) + self.bias

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "edges": [e.round(6).tolist() for e in self.edges],
            "weights": [w.round(5).tolist() for w in self.weights],
            "bias": round(float(self.bias), 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BinnedLinear:
        return cls(
            tuple(data["names"]),
            tuple(np.asarray(e, dtype=np.float64) for e in data["edges"]),
            tuple(np.asarray(w, dtype=np.float64) for w in data["weights"]),
            float(data["bias"]),
        )


@dataclass(frozen=True, slots=True)
class LineModel:
    stage1: BinnedLinear
    stage2: BinnedLinear
    stopwords: frozenset[str]
    # log-probabilities of staying in the same state (furniture, body) between lines
    stay: tuple[float, float]
    threshold: float
    meta: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "stage1": self.stage1.to_json(),
            "stage2": self.stage2.to_json(),
            "stay": list(self.stay),
            "threshold": self.threshold,
            "meta": self.meta,
            "stopwords": sorted(self.stopwords),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineModel:
        return cls(
            BinnedLinear.from_json(data["stage1"]),
            BinnedLinear.from_json(data["stage2"]),
            frozenset(data["stopwords"]),
            (float(data["stay"][0]), float(data["stay"][1])),
            float(data["threshold"]),
            dict(data.get("meta", {})),
        )


@lru_cache(maxsize=1)
def load_model() -> LineModel:
    """The packaged model (read once per process, offline)."""
    text = resources.files("tamis.extract").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LineModel.from_json(json.loads(text))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Numerically safe logistic function.

    >>> sigmoid(np.array([0.0, 800.0, -800.0])).round(3).tolist()
    [0.5, 1.0, 0.0]
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.clip(x, -500, 500)))


def viterbi(p_body: np.ndarray, stay: tuple[float, float], threshold: float = 0.5) -> np.ndarray:
    """Most likely body(1)/furniture(0) sequence given per-line body probabilities.

    ``threshold`` shifts the prior: a line is body on its own when ``p_body > threshold``; the
    transition costs then make isolated flips expensive.

    >>> viterbi(np.array([0.9, 0.9, 0.45, 0.9, 0.1, 0.1]), (math.log(0.9), math.log(0.9))).tolist()
    [1, 1, 1, 1, 0, 0]
    """
    n = len(p_body)
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    eps = 1e-6
    p = np.clip(p_body, eps, 1 - eps)
    shift = math.log(threshold / (1 - threshold))
    e1 = np.log(p) - shift / 2
    e0 = np.log(1 - p) + shift / 2
    s0, s1 = stay
    sw0 = math.log(max(eps, 1 - math.exp(s0)))  # leave furniture
    sw1 = math.log(max(eps, 1 - math.exp(s1)))  # leave body
    back = np.zeros((n, 2), dtype=np.int8)
    v0, v1 = float(e0[0]), float(e1[0])
    e0l = e0.tolist()
    e1l = e1.tolist()
    for i in range(1, n):
        a, b = v0 + s0, v1 + sw1  # into furniture from furniture / body
        c, d = v0 + sw0, v1 + s1  # into body from furniture / body
        if a >= b:
            n0, b0 = a, 0
        else:
            n0, b0 = b, 1
        if d >= c:
            n1, b1 = d, 1
        else:
            n1, b1 = c, 0
        back[i, 0] = b0
        back[i, 1] = b1
        v0, v1 = n0 + e0l[i], n1 + e1l[i]
    states = np.zeros(n, dtype=np.int8)
    s = 1 if v1 >= v0 else 0
    for i in range(n - 1, -1, -1):
        states[i] = s
        s = back[i, s]
    return states
