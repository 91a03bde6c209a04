"""Keep policy: which member of a duplicate group survives.

Every document gets a numeric ``score`` when it is observed (higher is better) and a ``doc key``
that encodes its input position: ``shard index << 32 | row`` with shard indexes in sorted
shard-id order. The survivor of a group is the member with the highest score, ties broken by the
smallest doc key, i.e. the first in input order. Encoding the whole policy as two numbers lets the
out-of-core resolve pick survivors with one vectorised sort, without ever reading texts back.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Literal

import numpy as np

from tamis.document import Document
from tamis.errors import ConfigError
from tamis.steps.filters import lookup

KeepPolicy = Literal["first", "longest", "field"]
KEEP_POLICIES = ("first", "longest", "field")
ROW_BITS = 32


def check_keep(keep: str, keep_field: str | None, where: str) -> None:
    """Validate a keep policy in a step config (raises ``ConfigError`` naming the key)."""
    if keep not in KEEP_POLICIES:
        raise ConfigError(f"{where}.keep: {keep!r} is not one of {', '.join(KEEP_POLICIES)}")
    if keep == "field" and not keep_field:
        raise ConfigError(f"{where}.keep_field must name a metadata path when keep is 'field'")


def keep_score(doc: Document, keep: str, keep_field: str | None = None) -> float:
    """The survivor score of ``doc`` under a policy (higher wins; ties go to the first).

    >>> d = Document("a", "four", {"quality": {"score": 0.9}})
    >>> keep_score(d, "first"), keep_score(d, "longest"), keep_score(d, "field", "quality.score")
    (0.0, 4.0, 0.9)
    >>> keep_score(d, "field", "missing.path")
    -inf
    """
    if keep == "first":
        return 0.0
    if keep == "longest":
        return float(len(doc.text))
    value: Any = lookup(doc.metadata, keep_field or "")
    # numbers.Real: a user's labeller may write numpy numbers (np.float32 is no float)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        # A document without the field (or with a non-number) never beats one that has it.
        return -math.inf
    return float(value)


def doc_keys(shard_index: int, n: int) -> np.ndarray:
    """Doc keys of the ``n`` rows of one shard.

    >>> doc_keys(2, 3).tolist() == [(2 << 32) + i for i in range(3)]
    True
    """
    if n >= 1 << ROW_BITS:
        raise ValueError(f"a shard has {n} documents; at most {1 << ROW_BITS} are supported")
    return (np.uint64(shard_index) << np.uint64(ROW_BITS)) | np.arange(n, dtype=np.uint64)


def split_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(shard index, row) arrays of doc keys.

    >>> s, r = split_keys(doc_keys(5, 2))
    >>> s.tolist(), r.tolist()
    ([5, 5], [0, 1])
    """
    keys = keys.astype(np.uint64, copy=False)
    return (keys >> np.uint64(ROW_BITS)).astype(np.int64), (keys & np.uint64((1 << ROW_BITS) - 1)).astype(np.int64)


def survivor_order(scores: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Indexes that sort members best first: highest score, then smallest key.

    >>> survivor_order(np.array([1.0, 5.0, 5.0]), np.array([0, 9, 3], dtype=np.uint64)).tolist()
    [2, 1, 0]
    """
    return np.lexsort((keys, -scores))
