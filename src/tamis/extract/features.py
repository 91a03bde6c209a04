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
from functools import lru_cache
from itertools import compress, count, repeat
from operator import methodcaller

import numpy as np

from tamis.extract.lexicon import LEXICON_GROUPS, lexicon_groups, lines_containing

WORD_RE = re.compile(r"\w+")
# Scripts written without spaces: a "word" there is roughly two characters.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_DIGIT_RE = re.compile(r"\d")
_DATE_RE = re.compile(
    r"\b(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(19|20)\d\d)\b"
)
_URLISH_RE = re.compile(r"https?://|www\.|\S@\S|\.(com|org|net)\b", re.I)
_SEP_RE = re.compile(r"[|•·›»«/\\>–—]")
_PUNCT_RE = re.compile(r"[,.;，。、]")
_CAP_RE = re.compile(r"(?<![^\s\"'“„«(])[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻČŠŽŘĎŤŇŐŰА-ЯЁΑ-Ω]")
_SENT_END = tuple(".!?。！？")
_CLOSERS = "\"'”’»)]*"

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


# Bit flags of the character table: one vectorised pass over a page's code points gives every
# per-line character count, instead of several regex scans per line.
_DIGIT, _PUNCT, _SEP, _CAPL, _CJK, _OPENER, _SPACE, _BULLET = (1 << k for k in range(8))
_CAP_LETTER_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻČŠŽŘĎŤŇŐŰА-ЯЁΑ-Ω]")
_BULLETS = "-*•·–—►▶>"


def _char_table() -> np.ndarray:
    """Flags for every BMP character (characters beyond it have none).

    Built once per process, with one regex scan per class over a string of all BMP characters
    (about 20 ms; testing the characters one by one took about 0.4 s of every worker's start-up).
    """
    table = np.zeros(0x10000, dtype=np.uint8)
    bmp = "".join(map(chr, range(0x10000)))
    opener = re.compile(r"[\s\"'“„«(]")
    for pattern, flag in ((_DIGIT_RE, _DIGIT), (_PUNCT_RE, _PUNCT), (_SEP_RE, _SEP), (_CAP_LETTER_RE, _CAPL),
                          (_CJK_RE, _CJK), (opener, _OPENER)):
        hits = [m.start() for m in pattern.finditer(bmp)]
        table[hits] |= flag
    table[ord(" ")] |= _SPACE
    table[[ord(c) for c in _BULLETS]] |= _BULLET
    return table


_TABLE: np.ndarray | None = None


def _line_sums(mask: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    c = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=c[1:])
    return c[ends] - c[starts]


def char_counts(lines: Sequence[str]) -> dict[str, np.ndarray]:
    """Per-line counts of digits, punctuation, separators, capitalised words, CJK characters and
    spaces, and whether the line starts with a bullet character.

    >>> {k: v.tolist() for k, v in char_counts(["Hello World, 42", "- a|b"]).items()}
    {'digit': [2, 0], 'punct': [1, 0], 'sep': [0, 1], 'cap': [2, 0], 'cjk': [0, 0], 'space': [2, 1], 'bullet': [0, 1]}
    """
    global _TABLE
    if _TABLE is None:
        _TABLE = _char_table()
    n = len(lines)
    lens = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        starts[1:] = np.cumsum(lens[:-1] + 1)
    ends = starts + lens
    cp = np.frombuffer("\n".join(lines).encode("utf-32-le"), dtype=np.uint32)
    flags = _TABLE[np.where(cp > 0xFFFF, 0, cp)]
    prev_boundary = np.empty(len(flags), dtype=bool)
    if len(flags):
        prev_boundary[0] = True
        prev_boundary[1:] = (flags[:-1] & _OPENER) != 0
    out = {name: _line_sums((flags & bit) != 0, starts, ends)
           for name, bit in (("digit", _DIGIT), ("punct", _PUNCT), ("sep", _SEP))}
    out["cap"] = _line_sums(((flags & _CAPL) != 0) & prev_boundary, starts, ends)
    out["cjk"] = _line_sums((flags & _CJK) != 0, starts, ends)
    out["space"] = _line_sums((flags & _SPACE) != 0, starts, ends)
    first = flags[np.minimum(starts, max(len(flags) - 1, 0))] if len(flags) else np.zeros(n, dtype=np.uint8)
    out["bullet"] = (((first & _BULLET) != 0) & (lens > 0)).astype(np.int64)
    return out


_TOKEN_OR_NL = re.compile(r"\w+|\n")
_ELLIPSES = ("...", "…")
_SENT_END_SET = frozenset(_SENT_END)


@lru_cache(maxsize=4)
def _token_codes(stopwords: frozenset[str]) -> dict[str, int]:
    """Token -> code for the page tokenizer: 1 stop word, 2 line break, absent 0."""
    codes = dict.fromkeys(stopwords, 1)
    codes["\n"] = 2
    return codes


def _line_hits(pattern: re.Pattern[str], lines: Sequence[str], candidates: np.ndarray, n: int) -> np.ndarray:
    """Whether each candidate line holds a match of ``pattern``: one scan over the candidates
    joined (patterns never span a newline), mapped back to lines by offset."""
    hit = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(candidates)
    if len(idx) == 0:
        return hit
    sub = [lines[i] for i in idx.tolist()]
    starts = np.zeros(len(sub), dtype=np.int64)
    starts[1:] = np.cumsum(np.fromiter(map(len, sub[:-1]), dtype=np.int64, count=len(sub) - 1) + 1)
    pos = [m.start() for m in pattern.finditer("\n".join(sub))]
    if pos:
        hit[idx[np.searchsorted(starts, np.asarray(pos), side="right") - 1]] = True
    return hit


# Literal pieces one of which every URL-ish match contains; lines without any skip the regex.
_URL_NEEDLES = ("http", "www.", "@", ".com", ".org", ".net")


def content_pairs(toks: list[str], codes: np.ndarray, line_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (line, word) pairs of a page's content words (not stop words, 3+ characters),
    as two arrays; a word's id is the position of its first occurrence.

    >>> import numpy as np
    >>> toks = ["lynn", "said", "\\n", "lynn", "won", "lynn"]
    >>> [x.tolist() for x in content_pairs(toks, np.array([0, 0, 2, 0, 0, 0]), np.array([0, 0, 1, 1, 1, 1]))]
    [[0, 0, 1, 1], [0, 1, 0, 3]]
    """
    keep = (codes == 0) & (np.fromiter(map(len, toks), dtype=np.int64, count=len(toks)) >= 3)
    words = list(compress(toks, keep))
    if not words:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first: dict[str, int] = {}
    ids = np.fromiter(map(first.setdefault, words, count()), dtype=np.int64, count=len(words))
    v = len(words)
    key = np.unique(line_of[keep] * v + ids)
    return key // v, key % v


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


def line_features(lines: Sequence[str], stopwords: frozenset[str]) -> tuple[np.ndarray, list[str | None], tuple[np.ndarray, np.ndarray]]:
    """Features of the non-empty ``lines`` (already stripped), each line's lexicon group, and
    the page's ``content_pairs`` (kept for stage two's vocabulary features).

    Every count comes from whole-page passes (one tokenisation, one code-point table lookup,
    one scan per regex) mapped back to lines by offsets; the only per-line Python work left is
    C-level ``map`` calls. Blank lines are not passed in; block structure arrives through
    ``block_features``.
    """
    n = len(lines)
    nf = len(BASE_FEATURES)
    feats = np.zeros((n, nf), dtype=np.float64)
    if n == 0:
        return feats, [], (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    cc = char_counts(lines)
    chars_a = np.fromiter(map(len, lines), dtype=np.float64, count=n)
    low = "\n".join(lines).lower()
    lows = low.split("\n")
    if len(lows) != n:  # lowercasing never adds a newline; this keeps the mapping honest anyway
        lows = [s.lower() for s in lines]
        low = "\n".join(lows)
    # tokens with line breaks as separators: per-line counts by bincount over the line index
    toks = _TOKEN_OR_NL.findall(low)
    codes = np.fromiter(map(_token_codes(stopwords).get, toks, repeat(0)), dtype=np.int8, count=len(toks))
    is_nl = codes == 2
    line_of = np.cumsum(is_nl)
    word_lines = line_of[~is_nl]
    tok = np.bincount(word_lines, minlength=n).astype(np.float64)[:n]
    stops = np.bincount(word_lines, weights=(codes[~is_nl] == 1), minlength=n)[:n]
    pairs = content_pairs(toks, codes, line_of)
    # title overlap: share of a line's tokens that also occur in the first line (the <title>)
    title_set = set(WORD_RE.findall(lows[0]))
    tov = np.zeros(n)
    if title_set and len(toks):
        in_title = np.fromiter(map(title_set.__contains__, toks), dtype=bool, count=len(toks))
        hits = np.bincount(word_lines, weights=in_title[~is_nl], minlength=n)[:n]
        tov = np.where((tok > 0) & (tok <= 40), hits / np.maximum(tok, 1), 0.0)
        tov[0] = 0.0
    tails = [s.rstrip(_CLOSERS) for s in lines]
    ell = np.fromiter(map(methodcaller("endswith", _ELLIPSES), tails), dtype=bool, count=n)
    lasts = [t[-1:] for t in tails]
    end = np.fromiter(map(_SENT_END_SET.__contains__, lasts), dtype=bool, count=n) & ~ell
    colon = np.fromiter(map(":".__eq__, lasts), dtype=bool, count=n)
    url = _line_hits(_URLISH_RE, lines, (chars_a < 500) & lines_containing(lows, _URL_NEEDLES), n)
    date = _line_hits(_DATE_RE, lines, (chars_a < 80) & (cc["digit"] > 0), n)
    counts = Counter(lines)
    rep = np.fromiter(map(counts.__getitem__, lines), dtype=np.float64, count=n)
    groups = lexicon_groups(lows, tok.astype(np.int64).tolist())
    lex_col = {g: BASE_FEATURES.index(f"lex_{g}") for g in LEXICON_GROUPS}
    for i, g in enumerate(groups):
        if g is not None:
            feats[i, lex_col[g]] = 1.0
    cjk = cc["cjk"].astype(np.float64)
    words = tok + cjk // 2
    safe_chars = np.maximum(chars_a, 1)
    cols = (
        np.log1p(chars_a),
        np.log1p(words),
        stops / np.maximum(tok, 1),
        np.log1p(stops),
        end,
        colon,
        ell,
        cc["punct"] / (words + 1),
        cc["digit"] / safe_chars,
        np.minimum(1.0, cc["cap"] / (cc["space"] + 1.0)),
        np.minimum(cc["sep"], 10) / (words + 1),
        url,
        date,
        cc["bullet"],
        np.log(rep),
        np.arange(n) / n,
        np.zeros(n),
        np.zeros(n),
        chars_a / max(1.0, float(chars_a.max())),
        np.minimum(1.0, cjk / safe_chars),
        np.fromiter((g is not None for g in groups), dtype=np.float64, count=n),
        tov,
        vocab_shared(pairs[0], pairs[1], np.ones(n), n),
    )
    feats[:, : len(cols)] = np.column_stack(cols)
    return feats, groups, pairs
