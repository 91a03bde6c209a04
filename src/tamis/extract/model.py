"""The line model: binned logistic regression (an additive model) plus Viterbi smoothing.

Each feature is cut into quantile bins learned at training time and each bin has one weight, so
a line's score is a sum of table look-ups: nonlinear in every feature, linear in time, and every
term can be named in an explanation ("few stop words: -1.3"). Two stages run: the second sees
the first stage's scores of the neighbouring lines. A two-state Viterbi pass (body / furniture)
then prefers long runs, since furniture and body both come in blocks.

The model file is JSON, written by ``tamis.extract.training.train`` and shipped in the package.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from tamis.extract.trees import TreeEnsemble

MODEL_FILES = {"text": "model.json", "html": "model_html.json"}
# ``BinnedLinear.bins`` of fewer values than this compares each with every edge rank in one
# broadcast (a temporary of ranks x values booleans): for a short page, two numpy calls beat two
# per rank; the two broke even at ~5,000 values (50 lines of 96 columns, 200 of 23).
_BROADCAST_VALUES = 4096
# ``BinnedLinear.bins`` compares blocks of about this many values (1 MB of float64) with every
# edge rank in turn; on a batch of 3 kB pages blocks of 1,024 x 96 beat the whole matrix by a
# fifth, and blocks of 128 rows or 2,048 lost some of it.
_CACHED_VALUES = 1 << 17


class BinnedLinear:
    """``score(x) = bias + sum_j weights[j][bin_j(x_j)]``.

    A column's bin is the number of its edges at or below the value (``searchsorted`` with
    ``side="right"``, as in training). ``bins`` and ``logits_from_bins`` are split so that a
    second stage whose leading columns share the first stage's edges can reuse its bins.
    """

    __slots__ = ("names", "edges", "weights", "bias", "_offsets", "_flat_w", "_by_rank", "_bin_dtype")

    def __init__(self, names: tuple[str, ...], edges: tuple[np.ndarray, ...], weights: tuple[np.ndarray, ...], bias: float) -> None:
        self.names = names
        self.edges = edges
        self.weights = weights
        self.bias = bias
        m = len(names)
        if any(len(w) != len(e) + 1 for w, e in zip(weights, edges, strict=True)):
            # a bin is a count of edges, 0 to all of them: ``logits_from_bins`` relies on it
            raise ValueError("a binned column needs one weight per bin, one more than its edges")
        sizes = np.fromiter((len(w) for w in weights), dtype=np.int64, count=m)
        self._offsets = np.concatenate(([0], sizes.cumsum()[:-1])) if m else np.zeros(0, dtype=np.int64)
        self._flat_w = np.concatenate(weights) if m else np.zeros(0)
        self._by_rank = edges_by_rank(edges)
        # a bin index fits in int8 while no column has 127 edges (16 bins are trained)
        self._bin_dtype = np.int8 if self._by_rank.shape[0] < 127 else np.int64
        if self._by_rank.shape[0] > 255:  # ``bins`` counts in uint8
            raise ValueError("a binned column has more than 255 edges")

    def shares_edges(self, other: BinnedLinear) -> int:
        """How many leading columns have the same names and edges in both models."""
        k = 0
        for a, b, ea, eb in zip(self.names, other.names, self.edges, other.edges):
            if a != b or not np.array_equal(ea, eb):
                break
            k += 1
        return k

    def bins(self, X: np.ndarray, start: int = 0) -> np.ndarray:
        """Bin index of every value of ``X``, whose columns are this model's from ``start`` on.

        The bin is the number of edges at or below the value, counted one edge rank at a time
        (``edges_by_rank``): one comparison of a block of rows with the rank's row of edges,
        added into the counts. A dozen whole-matrix numpy calls, where one ``searchsorted`` per
        column (~100) cost more in call overhead than in work, and one broadcast comparison with
        every rank at once (a rows x ranks x columns temporary, summed along its middle axis)
        took twice as long. Exact: the same comparisons ``searchsorted`` makes, with no shifted
        keys. The temporaries are two bytes per value, a quarter of ``X`` itself. Below
        ``_BROADCAST_VALUES`` values (one short page) the broadcast's two calls cost less.

        >>> m = BinnedLinear(("a", "b"), (np.array([0.0, 1.0]), np.array([-1.0])), (np.zeros(3), np.zeros(2)), 0.0)
        >>> m.bins(np.array([[0.0, -1.0], [-np.inf, np.inf], [1.0, -2.0], [-0.0, -1.5]])).tolist()
        [[1, 1], [0, 1], [2, 0], [1, 0]]
        >>> m.bins(np.array([[np.nan, 0.0]])).tolist()  # as searchsorted: NaN sorts above every edge
        [[2, 1]]
        """
        if np.isnan(X).any():  # never produced by the features; NaN compares false, so count it as searchsorted does
            return self._bins_searchsorted(X, start)
        ranks = self._by_rank[:, start : start + X.shape[1]]  # (rank, column); NaN pads compare false
        if X.size < _BROADCAST_VALUES:  # a page's few lines: two calls instead of two per rank
            return (X[:, None, :] >= ranks[None]).sum(axis=1, dtype=self._bin_dtype)
        counts = np.zeros(X.shape, dtype=np.uint8)  # at most 255 edges (16 bins are trained)
        # a block of rows at a time, all ranks on it while it is in cache: passing each rank
        # over a batch's whole matrix (megabytes) read it from memory a dozen times
        rows = max(1, _CACHED_VALUES // max(1, X.shape[1]))
        above = np.empty((min(rows, X.shape[0]), X.shape[1]), dtype=bool)
        for start_row in range(0, X.shape[0], rows):
            block, count = X[start_row : start_row + rows], counts[start_row : start_row + rows]
            flags = above[: len(block)]
            for row in ranks:
                np.greater_equal(block, row, out=flags)
                count += flags.view(np.uint8)
        return counts.view(np.int8) if self._bin_dtype is np.int8 else counts.astype(self._bin_dtype)

    def _bins_searchsorted(self, X: np.ndarray, start: int) -> np.ndarray:
        out = np.empty(X.shape, dtype=np.int64)
        for j in range(X.shape[1]):
            out[:, j] = self.edges[start + j].searchsorted(X[:, j], side="right")
        return out

    def logits_from_bins(self, B: np.ndarray) -> np.ndarray:
        # ``take`` with native-width indices gathers faster than indexing with ``B + offsets``
        # (an int8 plus int64 sum, then a fancy-index pass); the same terms, each row summed
        # alone as before. A block of rows at a time through buffers that stay in cache (as in
        # ``bins``): the whole batch's indices and terms were two fresh arrays of megabytes.
        # ``mode="clip"``: every index is in range (a bin is 0 to the column's number of edges,
        # and ``__init__`` checks one weight per bin), and with ``out`` the default mode
        # "raise" gathers into a temporary copy first, which took half of ``take``'s time.
        n, m = B.shape
        rows = max(1, _CACHED_VALUES // max(1, m))
        out = np.empty(n)
        index = np.empty((min(rows, n), m), dtype=np.intp)
        terms = np.empty((min(rows, n), m))
        for a in range(0, n, rows):
            block = B[a : a + rows]
            k = len(block)
            np.add(block, self._offsets, out=index[:k])
            self._flat_w.take(index[:k], out=terms[:k], mode="clip")
            terms[:k].sum(axis=1, out=out[a : a + k])
        out += self.bias
        return out

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-line, per-feature terms (lines x features); their row sums plus bias are the logits."""
        m = len(self.names)
        return self._flat_w[self.bins(X[:, :m]) + self._offsets]

    def logits(self, X: np.ndarray) -> np.ndarray:
        if X.shape[0] == 0:
            return np.zeros(0)
        return self.logits_from_bins(self.bins(X[:, : len(self.names)]))

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            # edges at full precision: features often sit exactly on an edge (log1p(1), 0.5)
            "edges": [e.tolist() for e in self.edges],
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
    stage2: BinnedLinear | TreeEnsemble
    stopwords: frozenset[str]
    # cost (nats) of switching between body and furniture from one line to the next
    switch_cost: float
    threshold: float
    meta: dict[str, Any]
    # an optional third stage: stage two's columns built again from stage two's scores, which
    # place the page's core and the text under the headline better than stage one's did
    stage3: BinnedLinear | None = None
    # leading stage-two (stage-three) columns binned exactly as in stage one, whose bins are then reused
    shared: int = field(init=False, default=0)
    shared3: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        shared = self.stage1.shares_edges(self.stage2) if isinstance(self.stage2, BinnedLinear) else 0
        object.__setattr__(self, "shared", shared)
        object.__setattr__(self, "shared3", self.stage1.shares_edges(self.stage3) if self.stage3 is not None else 0)

    def body_probability(self, X: np.ndarray, stage2: Callable[[np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Stage-one logits and the last stage's body probabilities of the lines ``X``;
        ``stage2`` builds the stage-two columns from the previous stage's logits
        (``page.stage2_matrix``), for stage two and again for stage three."""
        if X.shape[0] == 0:
            return np.zeros(0), np.zeros(0)
        m1 = len(self.stage1.names)
        B1 = self.stage1.bins(X[:, :m1])
        l1 = self.stage1.logits_from_bins(B1)
        X2 = stage2(l1)
        if isinstance(self.stage2, TreeEnsemble):
            return l1, sigmoid(self.stage2.logits(X2))
        l2 = self._next_logits(self.stage2, self.shared, B1, X2)
        if self.stage3 is None:
            return l1, sigmoid(l2)
        return l1, sigmoid(self._next_logits(self.stage3, self.shared3, B1, stage2(l2)))

    @staticmethod
    def _next_logits(stage: BinnedLinear, k: int, B1: np.ndarray, X2: np.ndarray) -> np.ndarray:
        # the new columns copied out of ``X2``'s rows first: ``bins`` compares a contiguous block
        # in 0.96 ms where the strided view took 1.56 (a batch of 2,750 lines), for a 0.08 ms copy
        B2 = np.concatenate((B1[:, :k], stage.bins(np.ascontiguousarray(X2[:, k : len(stage.names)]), start=k)), axis=1)
        return stage.logits_from_bins(B2)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "stage1": self.stage1.to_json(),
            "stage2": self.stage2.to_json(),
            **({"stage3": self.stage3.to_json()} if self.stage3 is not None else {}),
            "switch_cost": self.switch_cost,
            "threshold": self.threshold,
            "meta": self.meta,
            "stopwords": sorted(self.stopwords),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineModel:
        return cls(
            BinnedLinear.from_json(data["stage1"]),
            TreeEnsemble.from_json(data["stage2"]) if data["stage2"].get("kind") == "trees" else BinnedLinear.from_json(data["stage2"]),
            frozenset(data["stopwords"]),
            float(data["switch_cost"]),
            float(data["threshold"]),
            dict(data.get("meta", {})),
            BinnedLinear.from_json(data["stage3"]) if "stage3" in data else None,
        )


def edges_by_rank(edges: tuple[np.ndarray, ...]) -> np.ndarray:
    """Edges as a (rank x column) matrix, padded with NaN where a column has fewer edges, so that
    ``(x >= row).sum()`` over the rows counts a value's edges at or below it (NaN compares false).

    >>> edges_by_rank((np.array([0.5, 2.0]), np.array([1.0]))).tolist()
    [[0.5, 1.0], [2.0, nan]]
    """
    rows = max((len(e) for e in edges), default=0)
    out = np.full((rows, len(edges)), np.nan)
    for j, e in enumerate(edges):
        out[: len(e), j] = e
    return out


@lru_cache(maxsize=2)
def load_model(kind: str = "text") -> LineModel:
    """The packaged model for page text (``"text"``) or for rendered HTML with link counts
    (``"html"``), read once per process, offline."""
    text = resources.files("tamis.extract").joinpath(MODEL_FILES[kind]).read_text(encoding="utf-8")
    return LineModel.from_json(json.loads(text))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Numerically safe logistic function.

    >>> sigmoid(np.array([0.0, 800.0, -800.0])).round(3).tolist()
    [0.5, 1.0, 0.0]
    """
    return 0.5 * (1.0 + np.tanh(0.5 * x.clip(-500, 500)))


def viterbi(p_body: np.ndarray, switch_cost: float, threshold: float = 0.5, bounds: Sequence[int] | None = None) -> np.ndarray:
    """Most likely body(1)/furniture(0) sequence given per-line body probabilities; with
    ``bounds`` (first line of each page and the end), each page's own, in one pass.

    Each line scores ``log p`` as body or ``log(1-p)`` as furniture, shifted so that a lone line
    is body exactly when ``p > threshold``; every change of state costs ``switch_cost`` (nats),
    so a one-line flip inside a long run needs strong evidence.

    >>> viterbi(np.array([0.9, 0.9, 0.45, 0.9, 0.1, 0.1]), 1.0).tolist()
    [1, 1, 1, 1, 0, 0]
    >>> viterbi(np.array([0.9, 0.9, 0.45, 0.9, 0.1, 0.1]), 0.0).tolist()
    [1, 1, 0, 1, 0, 0]
    >>> viterbi(np.array([0.9, 0.9, 0.2, 0.9]), 1.0).tolist(), viterbi(np.array([0.9, 0.9, 0.2, 0.9]), 1.0, bounds=[0, 2, 4]).tolist()
    ([1, 1, 1, 1], [1, 1, 0, 1])
    """
    if not 0.0 < threshold < 1.0:  # a prior probability: log(t / (1 - t)) needs 0 < t < 1
        raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold!r}")
    n = len(p_body)
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    eps = 1e-6
    p = p_body.clip(eps, 1 - eps)
    shift = math.log(threshold / (1 - threshold))
    gain = (np.log(p) - np.log(1 - p) - shift).tolist()  # body minus furniture, per line
    c = float(switch_cost)
    pages = list(bounds) if bounds is not None else [0, n]
    # scores of ending in furniture (v0) / body (v1); furniture emission taken as 0
    back0 = bytearray(n)
    back1 = bytearray(n)
    ends: list[int] = []  # per page: the state it ends in
    for lo, hi in zip(pages, pages[1:]):
        v0, v1 = 0.0, gain[lo]
        for i in range(lo + 1, hi):
            a, b = v0, v1 - c
            if a >= b:
                n0 = a
            else:
                n0 = b
                back0[i] = 1
            d, e = v1, v0 - c
            if d >= e:
                n1 = d
                back1[i] = 1
            else:
                n1 = e
            v0, v1 = n0, n1 + gain[i]
        ends.append(1 if v1 >= v0 else 0)
    states = np.zeros(n, dtype=np.int8)
    for (lo, hi), s in zip(zip(pages, pages[1:]), ends):
        for i in range(hi - 1, lo - 1, -1):
            states[i] = s
            s = back1[i] if s == 1 else back0[i]
    return states
