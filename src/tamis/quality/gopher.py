"""Gopher quality and repetition signals (Rae et al. 2021, "Scaling Language Models", appendix A).

Pure functions from text to a dict of numbers. They compute every signal, never decide: the
thresholds live in the filter steps, so a threshold can be retuned without recomputing anything.
Formulas follow datatrove 0.10.1 (``GopherQualityFilter``, ``GopherRepetitionFilter``) so that the
published thresholds select the same documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

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
    n_words = 0
    total_len = 0
    alpha_words = 0
    for w in words:
        if w.isalpha():
            n_words += 1
            total_len += len(w)
            alpha_words += 1
            continue
        if not is_symbol_word(w):
            n_words += 1
            total_len += len(w)
        if any(c.isalpha() for c in w):
            alpha_words += 1
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


def top_ngram_chars(words: Sequence[str], n: int) -> int:
    """Characters covered by the most frequent word n-gram (joined by spaces) times its count;
    ties go to the n-gram seen first. 0 when the text has fewer than ``n`` words.

    >>> top_ngram_chars("a b a b a b c".split(), 2)
    9
    """
    if len(words) < n:
        return 0
    counts = Counter(zip(*(words[i:] for i in range(n))))
    gram, count = max(counts.items(), key=lambda kv: kv[1])
    return (sum(map(len, gram)) + n - 1) * count


def duplicate_ngram_chars(words: Sequence[str], n: int) -> int:
    """Characters in n-grams (joined without spaces) that repeat an earlier n-gram; after a repeat,
    the scan jumps past it so that overlapping repeats are not counted twice.

    >>> duplicate_ngram_chars("x y z x y z x y z".split(), 3)
    6
    >>> duplicate_ngram_chars([], 5)
    0
    """
    last = len(words) - n + 1
    if last <= 0:
        return 0
    grams = ["".join(g) for g in zip(*(words[i:] for i in range(n)))]
    seen: set[str] = set()
    repeated = 0
    idx = 0
    while idx < last:
        gram = grams[idx]
        if gram in seen:
            repeated += len(gram)
            idx += n
        else:
            seen.add(gram)
            idx += 1
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
    for n in top_ngrams:
        out[f"top_{n}_gram_char_frac"] = top_ngram_chars(words, n) / denom
    for n in dup_ngrams:
        out[f"dup_{n}_gram_char_frac"] = duplicate_ngram_chars(words, n) / denom
    return out
