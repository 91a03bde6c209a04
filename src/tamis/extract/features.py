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
from itertools import chain, count, repeat
from operator import is_not

import numpy as np

from tamis.extract.chars import char_counts, code_points, line_endings
from tamis.extract.lexicon import lexicon_groups, lines_containing
from tamis.extract.phrases import LEXICON_GROUPS
from tamis.extract.segments import Segments

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
    idx = np.flatnonzero(candidates)
    if len(idx):
        found = map(pattern.search, [lines[i] for i in idx.tolist()])
        hit[idx] = np.fromiter(map(is_not, found, repeat(None)), dtype=bool, count=len(idx))
    return hit


# Literal pieces one of which every URL-ish match contains; lines without any skip the regex.
_URL_NEEDLES = ("http", "www.", "@", ".com", ".org", ".net")


_WORD_TABLE: np.ndarray | None = None
_WORD_CHAR = re.compile(r"\w")


def _word_table() -> np.ndarray:
    """Whether each BMP character is a word character (``\\w``), from one regex scan (~15 ms,
    once per process), plus one False entry that characters beyond the BMP are clipped to."""
    table = np.zeros(0x10001, dtype=bool)
    for m in re.finditer(r"\w+", "".join(map(chr, range(0x10000)))):
        table[m.start() : m.end()] = True
    return table


def word_tokens(text: str) -> tuple[list[str], np.ndarray]:
    """The ``\\w+`` runs of ``text`` (``WORD_RE.findall``) and each one's line (the number of
    newlines before it).

    The runs are found by a table lookup over the code points; the tokens themselves come from
    ``str.split`` of the text with every other character made a space (no word character is
    whitespace). Three times faster than the regex, whose cost was mostly per-token overhead.

    >>> toks, lines = word_tokens("a-b\\n\\nc_d, 𝔘x 😀\\n")
    >>> toks, lines.tolist()
    (['a', 'b', 'c_d', '𝔘x'], [0, 0, 2, 2])
    """
    global _WORD_TABLE
    if _WORD_TABLE is None:
        _WORD_TABLE = _word_table()
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = _WORD_TABLE.take(cp, mode="clip")
    astral = np.flatnonzero(cp > 0xFFFF)
    if len(astral):  # rare (emoji, historic scripts): test those characters one by one
        chars = map(chr, cp[astral].tolist())
        word[astral] = np.fromiter(map(is_not, map(_WORD_CHAR.match, chars), repeat(None)), dtype=bool, count=len(astral))
    toks = np.where(word, cp, np.uint32(32)).tobytes().decode("utf-32-le", "surrogatepass").split()
    starts = np.flatnonzero(word & ~np.concatenate(([False], word[:-1])))
    return toks, np.searchsorted(np.flatnonzero(cp == 10), starts)


def token_types(toks: list[str], starts: Sequence[int] = (0,)) -> tuple[np.ndarray, list[str]]:
    """Each token's type id and the types, numbered in order of first occurrence, so that
    anything per token that depends only on its text is computed once per type. With
    ``starts`` (the first token of each page of a batch), a type is a word of one page: the same
    string on another page is another type, numbered where that page first uses it.

    >>> ids, types = token_types(["a", "b", "a", "\\n", "b"])
    >>> ids.tolist(), types
    ([0, 1, 0, 2, 1], ['a', 'b', '\\n'])
    >>> token_types(["a", "b", "b", "a"], starts=[0, 2])[0].tolist()
    [0, 1, 2, 3]
    """
    n = len(toks)
    counter = count()
    if len(starts) == 1:
        first: dict[str, int] = {}
        pos = np.fromiter(map(first.setdefault, toks, counter), dtype=np.int64, count=n)
        dense = np.zeros(n, dtype=np.int64)
        dense[np.fromiter(first.values(), dtype=np.int64, count=len(first))] = np.arange(len(first))
        return dense[pos], list(first)
    else:  # a fresh dictionary per page, positions counted across the batch
        bounds = list(starts) + [n]
        pos = np.fromiter(chain.from_iterable(map({}.setdefault, toks[bounds[k] : bounds[k + 1]], counter)
                                              for k in range(len(starts))), dtype=np.int64, count=n)
    firsts = np.flatnonzero(pos == np.arange(n))  # a token that starts its type was given its own position
    dense = np.zeros(n, dtype=np.int64)
    dense[firsts] = np.arange(len(firsts))
    return dense[pos], [toks[i] for i in firsts.tolist()]


def content_pairs(ids: np.ndarray, content: np.ndarray, line_of: np.ndarray, types: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (line, word) pairs of the tokens marked ``content`` (the page's content words),
    as two arrays sorted by line, then word; ``ids`` are the tokens' type ids (``token_types``),
    below ``types``.

    >>> import numpy as np
    >>> toks = ["lynn", "said", "\\n", "lynn", "won", "lynn"]
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
    low = "\n".join(lines).lower()
    lows = low.split("\n")
    if len(lows) != n:  # lowercasing never adds a newline; this keeps the mapping honest anyway
        lows = [s.lower() for s in lines]
        low = "\n".join(lows)
    # per-line counts by bincount over each token's line; what depends on a token's text alone
    # is looked up once per distinct token
    toks, word_lines = word_tokens(low)
    seg = seg if seg is not None else Segments.one(n)
    single = seg.single
    # in a batch, a word of one page is another type than the same string on the next page, so
    # that no page shares vocabulary with another; numbered by first use in each page, which
    # keeps each page's sums in the order (and so the rounding) it would have alone
    tid, types = token_types(toks) if single else token_types(toks, np.searchsorted(word_lines, seg.bounds[:-1]).tolist())
    type_stop = np.fromiter(map(stopwords.__contains__, types), dtype=bool, count=len(types))
    tok = np.bincount(word_lines, minlength=n).astype(np.float64)[:n]
    stops = np.bincount(word_lines, weights=type_stop[tid], minlength=n)[:n]
    # content words: not stop words, 3+ characters
    type_content = ~type_stop & (np.fromiter(map(len, types), dtype=np.int64, count=len(types)) >= 3)
    pairs = content_pairs(tid, type_content[tid], word_lines, len(types))
    # title overlap: share of a line's tokens that also occur in its page's first line (the <title>)
    tov = feats[:, col("title_overlap")]
    title_type = np.zeros(len(types), dtype=bool)
    title_type[tid[word_lines == seg.start[word_lines]]] = True
    if title_type.any():
        hits = np.bincount(word_lines, weights=title_type[tid], minlength=n)[:n]
        np.divide(hits, np.maximum(tok, 1), out=tov, where=(tok > 0) & (tok <= 40))
        tov[seg.bounds[:-1]] = 0.0
    feats[:, col("ends_sentence")], feats[:, col("ends_colon")], feats[:, col("ends_ellipsis")] = line_endings(points)
    feats[:, col("urlish")] = _line_hits(_URLISH_RE, lines, lines_containing(lows, _URL_NEEDLES, low, among=chars_a < 500), n)
    feats[:, col("date_like")] = _line_hits(_DATE_RE, lines, (chars_a < 80) & (cc["digit"] > 0), n)
    # repeats within the page
    keyed: Sequence[object] = lines if single else list(zip(seg.page_of.tolist(), lines))
    counts = Counter(keyed)
    feats[:, col("log_repeats")] = np.log(np.fromiter(map(counts.__getitem__, keyed), dtype=np.float64, count=n))
    groups = lexicon_groups(lows, tok.astype(np.int64).tolist(), low)
    grouped = np.fromiter(map(is_not, groups, repeat(None)), dtype=bool, count=n)
    for i in np.flatnonzero(grouped).tolist():
        feats[i, col(f"lex_{groups[i]}")] = 1.0
    feats[:, col("lex_any")] = grouped
    cjk = cc["cjk"].astype(np.float64)
    words = tok + cjk // 2
    safe_chars = np.maximum(chars_a, 1)
    feats[:, col("log_chars")] = np.log1p(chars_a)
    feats[:, col("log_words")] = np.log1p(words)
    feats[:, col("stop_ratio")] = stops / np.maximum(tok, 1)
    feats[:, col("log_stops")] = np.log1p(stops)
    feats[:, col("punct_per_word")] = cc["punct"] / (words + 1)
    feats[:, col("digit_ratio")] = cc["digit"] / safe_chars
    feats[:, col("titlecase_ratio")] = np.minimum(1.0, cc["cap"] / (cc["space"] + 1.0))
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
