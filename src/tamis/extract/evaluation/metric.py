"""The scrapinghub article-extraction-benchmark metric.

Lowercase, ``\\w+`` tokens, 4-token shingles counted with multiplicity; per document precision
= |pred ∩ gold| / |pred| and recall = |pred ∩ gold| / |gold| (both 1 when both are empty);
precision and recall are averaged over documents and F1 is taken from the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text``; a text shorter than ``n`` tokens gives
    one shingle of all its tokens, so short texts still count.

    >>> sorted(shingles("A b c d e").items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    >>> shingles("")
    Counter()
    """
    toks = _WORD.findall(text.lower())
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def precision_recall(pred: str, gold: str) -> tuple[float, float]:
    """Per-document precision and recall.

    >>> precision_recall("one two three four five", "one two three four")
    (0.5, 1.0)
    >>> precision_recall("", "")
    (1.0, 1.0)
    >>> precision_recall("", "some gold text here")
    (0.0, 0.0)
    """
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0
    tp = sum((p & g).values())
    precision = tp / sum(p.values()) if p else 0.0
    recall = tp / sum(g.values()) if g else 0.0
    return precision, recall


@dataclass(frozen=True, slots=True)
class Score:
    f1: float
    precision: float
    recall: float
    docs: int


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Benchmark score of ``(prediction, gold)`` pairs.

    >>> s = score([("a b c d", "a b c d"), ("", "w x y z")])
    >>> (s.precision, s.recall, round(s.f1, 3))
    (0.5, 0.5, 0.5)
    """
    ps, rs = [], []
    for pred, gold in pairs:
        p, r = precision_recall(pred, gold)
        ps.append(p)
        rs.append(r)
    if not ps:
        return Score(0.0, 0.0, 0.0, 0)
    p = sum(ps) / len(ps)
    r = sum(rs) / len(rs)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(f1, p, r, len(ps))
