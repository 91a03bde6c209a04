"""Gopher quality and repetition signals (Rae et al. 2021, "Scaling Language Models", appendix A).

Pure functions from text to a dict of numbers. They compute every signal, never decide: the
thresholds live in the filter steps, so a threshold can be retuned without recomputing anything.
Formulas follow datatrove 0.10.1 (``GopherQualityFilter``, ``GopherRepetitionFilter``) so that the
published thresholds select the same documents.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import numpy as np

from tamis.quality.words import is_symbol_word, split_words

# The eight stop words of the Gopher paper; a document needs at least two of them.
STOP_WORDS: tuple[str, ...] = ("the", "be", "to", "of", "and", "that", "have", "with")

_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
_LINE_BREAK = re.compile(r"\n+")


def gopher_quality_signals(text: str, stop_words: Iterable[str] = STOP_WORDS) -> dict[str, float | int | None]:
    """The Gopher quality signals of ``text``.

    ``word_count`` and ``mean_word_length`` count only words that are not pure punctuation;
    the symbol and alphabetic ratios divide by all tokens, as the reference does. Ratios whose
    denominator is zero are ``None``.

    >>> s = gopher_quality_signals("The cat sat on the mat.\\n- and then #left...")
    >>> s["word_count"], s["stop_words"], s["bullet_lines_ratio"], s["ellipsis_lines_ratio"]
    (9, 2, 0.5, 0.5)
    >>> round(s["mean_word_length"], 2), round(s["hash_ratio"], 3)
    (3.11, 0.077)
    >>> gopher_quality_signals("")["word_count"], gopher_quality_signals("")["mean_word_length"]
    (0, None)
    """
    words = split_words(text)
    n_tokens = len(words)
    # Most tokens are plain alphabetic words; only the rest needs the per-character checks.
    alpha = [w for w in words if w.isalpha()]
    rest = [w for w in words if not w.isalpha()]
    non_symbol = [w for w in rest if not is_symbol_word(w)]
    n_words = len(alpha) + len(non_symbol)
    total_len = sum(map(len, alpha)) + sum(map(len, non_symbol))
    alpha_words = len(alpha) + sum(1 for w in rest if any(c.isalpha() for c in w))
    lines = text.splitlines()
    n_lines = len(lines)
    bullets = ellipsis_lines = 0
    for line in lines:
        head = line.lstrip()
        if head.startswith(("•", "-")):
            bullets += 1
        tail = line.rstrip()
        if tail.endswith(("...", "…")):
            ellipsis_lines += 1
    stop = set(stop_words)
    return {
        "tokens": n_tokens,
        "word_count": n_words,
        "mean_word_length": total_len / n_words if n_words else None,
        "hash_ratio": text.count("#") / n_tokens if n_tokens else None,
        "ellipsis_ratio": (text.count("...") + text.count("…")) / n_tokens if n_tokens else None,
        "bullet_lines_ratio": bullets / n_lines if n_lines else None,
        "ellipsis_lines_ratio": ellipsis_lines / n_lines if n_lines else None,
        "alpha_words_ratio": alpha_words / n_tokens if n_tokens else None,
        "stop_words": len(stop.intersection(words)),
    }


def duplicate_count(items: Iterable[str]) -> tuple[int, int]:
    """Number of items that repeat an earlier one, and their total length in characters.

    >>> duplicate_count(["a", "bb", "a", "bb", "bb", "c"])
    (3, 5)
    """
    seen: set[str] = set()
    dups = dup_chars = 0
    for item in items:
        if item in seen:
            dups += 1
            dup_chars += len(item)
        else:
            seen.add(item)
    return dups, dup_chars


_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)


class _Ngrams:
    """Word n-grams of one text as 64-bit hashes, built incrementally (n from n-1), with the
    character length of every n-gram from a prefix sum. n-grams are compared as word sequences;
    a collision needs two distinct sequences with equal 64-bit hashes."""

    def __init__(self, words: Sequence[str]) -> None:
        vocab: dict[str, int] = {}
        ids = [vocab.setdefault(w, len(vocab)) for w in words]
        # Offset ids by one so that the hash of a sequence never ignores a leading id 0.
        self.ids = np.asarray(ids, dtype=np.uint64) + np.uint64(1)
        self.cum = np.concatenate(([0], np.cumsum([len(w) for w in words], dtype=np.int64)))
        self.n_words = len(ids)
        self._n = 1
        self._hash = self.ids.copy()

    def hashes(self, n: int) -> np.ndarray:
        if n < self._n:
            self._n, self._hash = 1, self.ids.copy()
        with np.errstate(over="ignore"):
            while self._n < n:
                self._hash = self._hash[:-1] * _HASH_MULT + self.ids[self._n :]
                self._n += 1
        return self._hash

    def chars(self, n: int) -> np.ndarray:
        """Characters of each n-gram, words joined without separator."""
        return self.cum[n:] - self.cum[:-n]


def top_ngram_chars(words: Sequence[str], n: int, grams: _Ngrams | None = None) -> int:
    """Characters covered by the most frequent word n-gram (joined by spaces) times its count;
    ties go to the n-gram seen first. 0 when the text has fewer than ``n`` words.

    >>> top_ngram_chars("a b a b a b c".split(), 2)
    9
    >>> top_ngram_chars("x yy x zz".split(), 2), top_ngram_chars(["a"], 2)
    (4, 0)
    """
    if len(words) < n:
        return 0
    grams = grams or _Ngrams(words)
    _, first, counts = np.unique(grams.hashes(n), return_index=True, return_counts=True)
    best = counts.max()
    pos = int(first[counts == best].min())
    return (int(grams.chars(n)[pos]) + n - 1) * int(best)


def duplicate_ngram_chars(words: Sequence[str], n: int, grams: _Ngrams | None = None) -> int:
    """Characters in n-grams (joined without spaces) that repeat an earlier n-gram; after a repeat,
    the scan jumps past it so that overlapping repeats are not counted twice.

    >>> duplicate_ngram_chars("x y z x y z x y z".split(), 3)
    6
    >>> duplicate_ngram_chars("a b c d e f".split(), 2), duplicate_ngram_chars([], 5)
    (0, 0)
    """
    last = len(words) - n + 1
    if last <= 0:
        return 0
    grams = grams or _Ngrams(words)
    h = grams.hashes(n)
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    repeats = np.flatnonzero(first[inverse] < np.arange(last))
    if repeats.size == 0:
        return 0
    # Equivalent to the reference's left-to-right scan (a repeat makes it skip the next n-1
    # positions), but visiting only the positions whose n-gram occurred before: a first
    # occurrence is never a repeat, and it was kept unless a skip window covered it.
    chars = grams.chars(n)
    first_pos = first[inverse]
    dups: list[int] = []  # positions counted as repeats, increasing
    kept_again: set[int] = set()  # n-gram ids re-kept at a later position (first one skipped)
    next_visit = 0
    repeated = 0
    for c, gid, f in zip(repeats.tolist(), inverse[repeats].tolist(), first_pos[repeats].tolist()):
        if c < next_visit:
            continue
        if gid in kept_again:
            is_dup = True
        else:
            k = bisect_right(dups, f - 1)
            is_dup = k == 0 or f - dups[k - 1] >= n
        if is_dup:
            dups.append(c)
            repeated += int(chars[c])
            next_visit = c + n
        else:
            kept_again.add(gid)
    return repeated


def gopher_repetition_signals(
    text: str,
    top_ngrams: Sequence[int] = (2, 3, 4),
    dup_ngrams: Sequence[int] = (5, 6, 7, 8, 9, 10),
) -> dict[str, float | int]:
    """Repetition signals of ``text``: duplicate paragraph/line fractions (by count and by
    characters), and n-gram character fractions. Character fractions divide by ``len(text)``.

    >>> s = gopher_repetition_signals("spam spam\\n\\nspam spam\\n\\neggs")
    >>> s["dup_para_frac"], round(s["dup_para_char_frac"], 3), s["dup_line_frac"]
    (0.3333333333333333, 0.346, 0.3333333333333333)
    >>> gopher_repetition_signals("")["chars"]
    0
    """
    n_chars = len(text)
    denom = n_chars or 1
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    para_dups, para_dup_chars = duplicate_count(paragraphs)
    lines = _LINE_BREAK.split(text)
    line_dups, line_dup_chars = duplicate_count(lines)
    out: dict[str, float | int] = {
        "chars": n_chars,
        "dup_para_frac": para_dups / len(paragraphs),
        "dup_para_char_frac": para_dup_chars / denom,
        "dup_line_frac": line_dups / len(lines),
        "dup_line_char_frac": line_dup_chars / denom,
    }
    words = split_words(text)
    grams = _Ngrams(words)
    for n in sorted(top_ngrams):
        out[f"top_{n}_gram_char_frac"] = top_ngram_chars(words, n, grams) / denom
    for n in sorted(dup_ngrams):
        out[f"dup_{n}_gram_char_frac"] = duplicate_ngram_chars(words, n, grams) / denom
    return out
