"""Per-line features of page text, computed for a whole page at once.

Everything here is linear in the size of the text and works on the page as a whole: one
tokenisation, one code-point table lookup and one regex scan per pattern (after substring
prefilters), mapped back to lines by offset, then numpy over the (lines x features) matrix; a
per-line Python loop cost more than all of that together. The model (``model.py``) never sees a
line's words, only these numbers, which is what lets it work on languages it was not trained on:
the stop-word set covers ~70 languages and every other feature is script-neutral.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from operator import is_not

import numpy as np

from tamis.extract.features.chars import char_counts, code_points, line_endings
from tamis.extract.features.lexicon import Haystack, lexicon_groups, lines_containing
from tamis.extract.features.phrases import LEXICON_GROUPS
from tamis.extract.features.segments import Segments
from tamis.extract.features.tokens import page_tokens

WORD_RE = re.compile(r"\w+")
_DATE_RE = re.compile(
    r"\b(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(19|20)\d\d)\b"
)
_URLISH_RE = re.compile(r"https?://|www\.|\S@\S|\.(com|org|net)\b", re.I)

# Names of the per-line base features, in column order. Kept explicit because the model file
# stores weights by position and the explanations refer to features by these names.
BASE_FEATURES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "stop_ratio",
    "log_stops",
    "ends_sentence",
    "ends_colon",
    "ends_ellipsis",
    "punct_per_word",
    "digit_ratio",
    "titlecase_ratio",
    "separators",
    "urlish",
    "date_like",
    "bullet_start",
    "log_repeats",
    "rel_position",
    "log_block_lines",
    "block_index",
    "chars_vs_max",
    "cjk",
    "lex_any",
    "title_overlap",
    "vocab_shared",
) + tuple(f"lex_{g}" for g in LEXICON_GROUPS)
_COLUMN = {name: i for i, name in enumerate(BASE_FEATURES)}


def tokens(text: str) -> list[str]:
    """The benchmark's tokens: lowercase ``\\w+`` runs.

    >>> tokens("Hello, World! 3 cats")
    ['hello', 'world', '3', 'cats']
    """
    return WORD_RE.findall(text.lower())


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` with any line ending (``\\r\\n``, ``\\r``, ``\\n``).

    >>> split_lines("a\\r\\nb\\rc\\n")
    ['a', 'b', 'c']
    """
    return text.splitlines()


def _line_hits(pattern: re.Pattern[str], lines: Sequence[str], candidates: np.ndarray, n: int) -> np.ndarray:
    """Whether each candidate line holds a match of ``pattern`` (the candidates are few, so one
    ``search`` per candidate costs less than joining them and mapping offsets back).

    >>> _line_hits(_DATE_RE, ["on 12:30", "no", "in 1999"], np.array([True, False, True]), 3).tolist()
    [True, False, True]
    """
    hit = np.zeros(n, dtype=bool)
    idx = candidates.nonzero()[0]
    if len(idx):
        found = map(pattern.search, [lines[i] for i in idx.tolist()])
        hit[idx] = np.fromiter(map(is_not, found, repeat(None)), dtype=bool, count=len(idx))
    return hit


# Literal pieces one of which every URL-ish match contains; lines without any skip the regex.
_URL_NEEDLES = ("http", "www.", "@", ".com", ".org", ".net")


def content_pairs(ids: np.ndarray, content: np.ndarray, line_of: np.ndarray, types: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (line, word) pairs of the tokens marked ``content`` (the page's content words),
    as two arrays sorted by line, then word; ``ids`` are the tokens' type ids (``token_types``),
    below ``types``.

    >>> import numpy as np
    >>> toks = ["lynn", "said", "\\n", "lynn", "won", "lynn"]
    >>> from tamis.extract.features.tokens import token_types
    >>> ids, types = token_types(toks)
    >>> content = np.array([True, True, False, True, True, True])
    >>> [x.tolist() for x in content_pairs(ids, content, np.array([0, 0, 1, 1, 1, 1]), len(types))]
    [[0, 0, 1, 1], [0, 1, 0, 3]]
    """
    # sorting the keys and dropping repeats is np.unique, without its ~0.2 ms of overhead
    key = np.sort(line_of[content] * types + ids[content])
    if len(key) == 0:
        return key, key
    first = np.empty(len(key), dtype=bool)
    first[0] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    key = key[first]
    return key // types, key % types


def vocab_shared(lines: np.ndarray, ids: np.ndarray, weight: np.ndarray, n: int) -> np.ndarray:
    """Per line, the mean over its content words of how much *other* lines use the word,
    each other line counting with its ``weight`` (capped at 1 per word).

    Article paragraphs share their names and topic words; teasers of other stories, menus and
    most comments share few words with the rest of the page. With weights 1 this is plain
    vocabulary sharing; with stage one's body probabilities it is sharing with the likely article.

    >>> vocab_shared(np.array([0, 0, 1, 2]), np.array([0, 1, 0, 2]), np.ones(3), 3).tolist()
    [0.5, 1.0, 0.0]
    """
    out = np.zeros(n)
    if len(ids) == 0:
        return out
    w = weight[lines]
    total = np.bincount(ids, weights=w)
    other = np.minimum(total[ids] - w, 1.0)
    per_line = np.bincount(lines, minlength=n)[:n]
    sums = np.bincount(lines, weights=other, minlength=n)[:n]
    return np.where(per_line > 0, sums / np.maximum(per_line, 1), 0.0)


def _repeats(lines: Sequence[str], page_of: np.ndarray | None = None) -> np.ndarray:
    """How many times each line occurs in its page (``page_of``: each line's page in a batch).

    Counted over the whole batch first: a line that occurs once there occurs once in its page,
    and only the few others (6% of a batch of CleanEval pages) are counted again by (page,
    line): 1.3 ms instead of 1.7 for keying all 4,000 lines of the batch by a tuple.

    >>> _repeats(["a", "b", "a", "a", "c"], np.array([0, 0, 0, 1, 1])).tolist()
    [2.0, 1.0, 2.0, 1.0, 1.0]
    """
    counts = Counter(lines)
    out = np.fromiter(map(counts.__getitem__, lines), dtype=np.float64, count=len(lines))
    if page_of is not None:
        again = (out > 1).nonzero()[0]
        keyed = list(zip(page_of[again].tolist(), [lines[i] for i in again.tolist()]))
        in_page = Counter(keyed)
        out[again] = np.fromiter(map(in_page.__getitem__, keyed), dtype=np.float64, count=len(keyed))
    return out


def prose_lines(words: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The lines the page norms below are measured on: 12+ words ending a sentence."""
    return (words >= 12) & ends


def _prose_means(ratio: np.ndarray, prose: np.ndarray, seg: Segments) -> tuple[np.ndarray, np.ndarray]:
    """Per page: how many ``prose`` lines it has, and their mean ``ratio`` (0 without any)."""
    count = np.atleast_1d(seg.sums(prose.astype(np.float64)))
    return count, np.atleast_1d(seg.sums(np.where(prose, ratio, 0.0))) / np.maximum(count, 1.0)


# Title-Case is a menu's and a headline's mark in English, where prose capitalises a sentence's first
# word and names: 17% of the words of the English training pages' prose lines (12+ words ending a
# sentence), 27% at the 90th percentile. German capitalises every noun (35%), and its articles
# read as menus to a model that learned English: a page whose prose passes TITLECASE_PAGE has the
# excess over TITLECASE_PROSE taken off every line's ratio (BENCHMARKS.md, 2026-11-29 17:40).
TITLECASE_PROSE = 0.17
TITLECASE_PAGE = 0.25


def titlecase_ratios(ratio: np.ndarray, prose: np.ndarray, seg: Segments) -> np.ndarray:
    """Each line's share of Title-Cased words (``ratio``, capped at 1), less its page's excess:
    what its page's prose lines have on average beyond ``TITLECASE_PROSE``, on pages with three
    prose lines or more whose average passes ``TITLECASE_PAGE``. Per page as if alone (``seg``).

    >>> de = np.array([1.0, 0.36, 0.33, 0.4])  # a menu and three prose lines of a German page
    >>> prose = np.array([False, True, True, True])
    >>> titlecase_ratios(de, prose, Segments.one(4)).round(2).tolist()
    [0.81, 0.17, 0.14, 0.21]
    >>> titlecase_ratios(np.array([1.0, 0.1, 0.2, 0.15]), prose, Segments.one(4)).tolist()
    [1.0, 0.1, 0.2, 0.15]
    """
    ratio = np.minimum(1.0, ratio)
    if not (prose & (ratio > TITLECASE_PAGE)).any():  # no page's prose can average above it
        return ratio
    count, mean = _prose_means(ratio, prose, seg)
    excess = np.where((count >= 3) & (mean > TITLECASE_PAGE), mean - TITLECASE_PROSE, 0.0)
    if not excess.any():
        return ratio
    return np.maximum(0.0, ratio - excess[seg.page_of])


# Stop words are prose's mark, and the stop-word list holds each language's 60 most frequent
# words: 41% of the words of English prose lines, 32% at the 5th percentile, but fewer where a
# language's frequent words are inflected or glued to others (Kazakh, Georgian, Zulu, Turkish),
# whose articles then read as lists of titles. A page whose prose lines average under STOP_PAGE
# has every line's stop ratio scaled towards STOP_PROSE, by at most STOP_SCALE (BENCHMARKS.md,
# 2026-11-29 17:45): a menu without stop words stays at none.
STOP_PROSE = 0.41
STOP_PAGE = 0.2
STOP_SCALE = 2.5


def stop_ratios(ratio: np.ndarray, prose: np.ndarray, seg: Segments) -> np.ndarray:
    """Each line's share of stop words (``ratio``), scaled on pages whose prose lines (three or
    more) average under ``STOP_PAGE``. Per page as if alone (``seg``).

    >>> kk = np.array([0.0, 0.15, 0.1, 0.2])  # a menu and three prose lines
    >>> prose = np.array([False, True, True, True])
    >>> stop_ratios(kk, prose, Segments.one(4)).round(2).tolist()
    [0.0, 0.38, 0.25, 0.5]
    """
    if not (prose & (ratio < STOP_PAGE)).any():  # no page's prose can average below it
        return ratio
    count, mean = _prose_means(ratio, prose, seg)
    low = (count >= 3) & (mean < STOP_PAGE) & (mean > 0)
    if not low.any():
        return ratio
    scale = np.where(low, np.minimum(STOP_SCALE, STOP_PROSE / np.where(low, mean, 1.0)), 1.0)
    return np.minimum(1.0, ratio * scale[seg.page_of])


def line_features(lines: Sequence[str], stopwords: frozenset[str],
                  seg: Segments | None = None) -> tuple[np.ndarray, list[str | None], tuple[np.ndarray, np.ndarray]]:
    """Features of the non-empty ``lines`` (already stripped), each line's lexicon group, and
    the page's ``content_pairs`` (kept for stage two's vocabulary features). ``seg`` lays out a
    batch of pages; the word ids of the pairs are then per page, so that no page shares
    vocabulary with another.

    Every count comes from whole-page passes (code-point table lookups, one split into tokens,
    facts per distinct token rather than per token, substring prefilters before any regex)
    mapped back to lines by offsets; the only per-line Python work left is C-level ``map``
    calls. Blank lines are not passed in; block structure arrives through ``block_features``.
    """
    n = len(lines)
    feats = np.zeros((n, len(BASE_FEATURES)), dtype=np.float64)
    if n == 0:
        return feats, [], (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    col = _COLUMN.__getitem__
    points = code_points(lines)
    cc = char_counts(lines, points)
    chars_a = points[2].astype(np.float64)
    # each line lowercased on its own: ``lower`` of the joined batch takes its slow path for
    # every character once any line is not ASCII, per line only for those lines (3.2 -> 1.2 ms
    # on a 240 kB batch of CleanEval pages). The same text: ``lower`` maps characters one by
    # one, and its one rule with context (Greek final sigma) stops at a newline as at the end
    # of a string (tests/extract/test_fast_paths.py)
    lows = list(map(str.lower, lines))
    low = "\n".join(lows)
    # per-line counts by bincount over each token's line; what depends on a token's text alone
    # is looked up once per distinct token
    seg = seg if seg is not None else Segments.one(n)
    single = seg.single
    # in a batch, a word of one page is another type than the same string on the next page, so
    # that no page shares vocabulary with another (``tokens``)
    words_of = page_tokens(low, stopwords, None if single else seg.page_of)
    word_lines, tid = words_of.line, words_of.type
    tok = np.bincount(word_lines, minlength=n).astype(np.float64)[:n]
    stops = np.bincount(word_lines, weights=words_of.stop, minlength=n)[:n]
    # content words: not stop words, 3+ characters
    pairs = content_pairs(tid, ~words_of.stop & (words_of.length >= 3), word_lines, words_of.types)
    # title overlap: share of a line's tokens that also occur in its page's first line (the <title>)
    tov = feats[:, col("title_overlap")]
    title_type = np.zeros(words_of.types, dtype=bool)
    title_type[tid[word_lines == seg.start[word_lines]]] = True
    if title_type.any():
        hits = np.bincount(word_lines, weights=title_type[tid], minlength=n)[:n]
        np.divide(hits, np.maximum(tok, 1), out=tov, where=(tok > 0) & (tok <= 40))
        tov[seg.bounds[:-1]] = 0.0
    feats[:, col("ends_sentence")], feats[:, col("ends_colon")], feats[:, col("ends_ellipsis")] = line_endings(points)
    haystack = Haystack(low)  # both substring searches of the lowercased lines, encoded once
    feats[:, col("urlish")] = _line_hits(_URLISH_RE, lines, lines_containing(lows, _URL_NEEDLES, haystack, among=chars_a < 500), n)
    feats[:, col("date_like")] = _line_hits(_DATE_RE, lines, (chars_a < 80) & (cc["digit"] > 0), n)
    # repeats within the page
    feats[:, col("log_repeats")] = np.log(_repeats(lines, None if single else seg.page_of))
    groups = lexicon_groups(lows, tok.astype(np.int64).tolist(), haystack)
    grouped = np.fromiter(map(is_not, groups, repeat(None)), dtype=bool, count=n)
    for i in grouped.nonzero()[0].tolist():
        feats[i, col(f"lex_{groups[i]}")] = 1.0
    feats[:, col("lex_any")] = grouped
    cjk = cc["cjk"].astype(np.float64)
    words = tok + cjk // 2
    safe_chars = np.maximum(chars_a, 1)
    feats[:, col("log_chars")] = np.log1p(chars_a)
    feats[:, col("log_words")] = np.log1p(words)
    prose = prose_lines(words, feats[:, col("ends_sentence")] > 0)
    feats[:, col("stop_ratio")] = stop_ratios(stops / np.maximum(tok, 1), prose, seg)
    feats[:, col("log_stops")] = np.log1p(stops)
    feats[:, col("punct_per_word")] = cc["punct"] / (words + 1)
    feats[:, col("digit_ratio")] = cc["digit"] / safe_chars
    feats[:, col("titlecase_ratio")] = titlecase_ratios(cc["cap"] / (cc["space"] + 1.0), prose, seg)
    feats[:, col("separators")] = np.minimum(cc["sep"], 10) / (words + 1)
    feats[:, col("bullet_start")] = cc["bullet"]
    if single:
        feats[:, col("rel_position")] = np.arange(n) / n
        feats[:, col("chars_vs_max")] = chars_a / max(1.0, float(chars_a.max()))
    else:
        feats[:, col("rel_position")] = (np.arange(n) - seg.start) / seg.size
        feats[:, col("chars_vs_max")] = chars_a / np.maximum(1.0, seg.maxima(chars_a))[seg.page_of]
    feats[:, col("cjk")] = np.minimum(1.0, cjk / safe_chars)
    feats[:, col("vocab_shared")] = vocab_shared(pairs[0], pairs[1], np.ones(n), n)
    return feats, groups, pairs
