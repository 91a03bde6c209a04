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
from itertools import count, repeat
from operator import is_not

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

# Per-line character counts are segment sums of per-character values. Packing several counts
# into one uint64 (``_LANE_BITS`` bits each) sums them all with one ``reduceat``, where one
# ``cumsum`` per count cost more in numpy calls than in work. A lane holds a count up to the
# longest line plus its newline; longer lines (never the case for page lines, which ``Page``
# truncates at 20,000 characters) are summed one count at a time.
_LANE_BITS = 16
_LANE_MAX = (1 << _LANE_BITS) - 1
# counts in (table, lane) order: the first table has four lanes, the second two
_LANE_NAMES = (("digit", "punct", "sep", "cap"), ("cjk", "space"))
_LANE_FLAGS = ((_DIGIT, _PUNCT, _SEP, _CAPL), (_CJK, _SPACE))


def _lane_tables() -> tuple[np.ndarray, np.ndarray]:
    """Flag byte -> its counts packed into lanes, one table per row of ``_LANE_FLAGS``.

    >>> [hex(int(t[_DIGIT | _CAPL | _SPACE])) for t in _lane_tables()]
    ['0x1000000000001', '0x10000']
    """
    b = np.arange(256, dtype=np.uint64)
    out = []
    for flags in _LANE_FLAGS:
        t = np.zeros(256, dtype=np.uint64)
        for lane, flag in enumerate(flags):
            t |= ((b & np.uint64(flag)) != 0).astype(np.uint64) << np.uint64(_LANE_BITS * lane)
        out.append(t)
    return out[0], out[1]


_LANES = _lane_tables()


def _line_sums(mask: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    c = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=c[1:])
    return c[ends] - c[starts]


def code_points(lines: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points of the lines joined, each line followed by a newline (the last one too, so
    that every line is a non-empty segment for ``reduceat``), and each line's start and length.

    >>> [x.tolist() for x in code_points(["ab", "", "c"])]
    [[97, 98, 10, 10, 99, 10], [0, 3, 4], [2, 0, 1]]
    """
    n = len(lines)
    lens = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.cumsum(lens[:-1] + 1, out=starts[1:])
    # surrogatepass: text decoded with surrogateescape holds lone surrogates, which have no flags
    cp = np.frombuffer(("\n".join(lines) + "\n").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return cp, starts, lens


def char_counts(lines: Sequence[str], points: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Per-line counts of digits, punctuation, separators, capitalised words, CJK characters and
    spaces, and whether the line starts with a bullet character; ``points`` is
    ``code_points(lines)``, when the caller has it.

    >>> {k: v.tolist() for k, v in char_counts(["Hello World, 42", "- a|b"]).items()}
    {'digit': [2, 0], 'punct': [1, 0], 'sep': [0, 1], 'cap': [2, 0], 'cjk': [0, 0], 'space': [2, 1], 'bullet': [0, 1]}
    >>> char_counts(["", "A"])["cap"].tolist()
    [0, 1]
    """
    global _TABLE
    if _TABLE is None:
        # one extra entry without flags for every character beyond the BMP (``take`` clips to it)
        _TABLE = np.append(_char_table(), np.uint8(0))
    if len(lines) == 0:
        return {name: np.zeros(0, dtype=np.int64) for name in ("digit", "punct", "sep", "cap", "cjk", "space", "bullet")}
    cp, starts, lens = code_points(lines) if points is None else points
    # a newline has none of the counted flags, so a line's segment may include the one after it
    flags = _TABLE.take(cp, mode="clip")
    # a capital counts only at the page start or after an opener: move the previous character's
    # opener bit onto the capital bit and mask with it
    keep = np.empty(len(flags), dtype=np.uint8)
    keep[0] = 0xFF
    np.right_shift(flags[:-1] & np.uint8(_OPENER), _OPENER.bit_length() - _CAPL.bit_length(), out=keep[1:])
    keep[1:] |= np.uint8(0xFF ^ _CAPL)
    flags &= keep
    out: dict[str, np.ndarray] = {}
    if lens.max() < _LANE_MAX:
        for names, table in zip(_LANE_NAMES, _LANES):
            sums = np.add.reduceat(table.take(flags), starts)
            for lane, name in enumerate(names):
                out[name] = ((sums >> np.uint64(_LANE_BITS * lane)) & np.uint64(_LANE_MAX)).astype(np.int64)
    else:
        ends = starts + lens
        for names, bits in zip(_LANE_NAMES, _LANE_FLAGS):
            for name, bit in zip(names, bits):
                out[name] = _line_sums((flags & bit) != 0, starts, ends)
    out = {name: out[name] for name in ("digit", "punct", "sep", "cap", "cjk", "space")}
    out["bullet"] = (((flags[starts] & _BULLET) != 0) & (lens > 0)).astype(np.int64)
    return out


_ELLIPSIS, _DOT, _COLON = ord("…"), ord("."), ord(":")
# closing quotes and brackets after a line's last real character, and sentence ends, by code point
_CLOSER_TABLE = np.zeros(0x10001, dtype=bool)
_CLOSER_TABLE[[ord(c) for c in _CLOSERS]] = True
_SENT_END_TABLE = np.zeros(0x10001, dtype=bool)
_SENT_END_TABLE[[ord(c) for c in _SENT_END]] = True


def line_endings(points: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether each line ends a sentence, ends with a colon, ends with an ellipsis (``...`` or
    ``…``), all judged before any closing quotes or brackets, from ``code_points(lines)``: the
    last character that is not a closer, found for every line at once by a running maximum.

    >>> [x.tolist() for x in line_endings(code_points(["He said \u201cno.\u201d", "Note:", "Wait...)", "", "))", "A…"]))]
    [[True, False, False, False, False, False], [False, True, False, False, False, False], [False, False, True, False, False, True]]
    """
    cp, starts, lens = points
    closer = _CLOSER_TABLE.take(cp, mode="clip")
    # index of the last non-closer at or before each position (-1 if none)
    real = np.maximum.accumulate(np.where(closer, -1, np.arange(len(cp))))
    last_at = real[np.maximum(starts + lens - 1, 0)]
    tail = np.where(lens > 0, last_at - starts + 1, 0)  # length of the line without its closers
    last_at = np.maximum(last_at, 0)  # where tail is 0 the index is not used
    last = cp[last_at]
    dot = cp == _DOT
    three_dots = np.zeros(len(cp), dtype=bool)  # "..." ends at this position
    three_dots[2:] = dot[2:] & dot[1:-1] & dot[:-2]
    has = tail > 0
    ellipsis = has & ((last == _ELLIPSIS) | ((tail >= 3) & three_dots[last_at]))
    sentence = has & _SENT_END_TABLE.take(last, mode="clip") & ~ellipsis
    return sentence, has & (last == _COLON), ellipsis


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


def token_types(toks: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each token's type id and the types, numbered in order of first occurrence, so that
    anything per token that depends only on its text is computed once per type.

    >>> ids, types = token_types(["a", "b", "a", "\\n", "b"])
    >>> ids.tolist(), types
    ([0, 1, 0, 2, 1], ['a', 'b', '\\n'])
    """
    first: dict[str, int] = {}
    pos = np.fromiter(map(first.setdefault, toks, count()), dtype=np.int64, count=len(toks))
    dense = np.zeros(len(toks), dtype=np.int64)
    dense[np.fromiter(first.values(), dtype=np.int64, count=len(first))] = np.arange(len(first))
    return dense[pos], list(first)


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


def line_features(lines: Sequence[str], stopwords: frozenset[str]) -> tuple[np.ndarray, list[str | None], tuple[np.ndarray, np.ndarray]]:
    """Features of the non-empty ``lines`` (already stripped), each line's lexicon group, and
    the page's ``content_pairs`` (kept for stage two's vocabulary features).

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
    tid, types = token_types(toks)
    type_stop = np.fromiter(map(stopwords.__contains__, types), dtype=bool, count=len(types))
    tok = np.bincount(word_lines, minlength=n).astype(np.float64)[:n]
    stops = np.bincount(word_lines, weights=type_stop[tid], minlength=n)[:n]
    # content words: not stop words, 3+ characters
    type_content = ~type_stop & (np.fromiter(map(len, types), dtype=np.int64, count=len(types)) >= 3)
    pairs = content_pairs(tid, type_content[tid], word_lines, len(types))
    # title overlap: share of a line's tokens that also occur in the first line (the <title>)
    title_set = set(toks[: int(tok[0])])
    if title_set and len(toks):
        in_title = np.fromiter(map(title_set.__contains__, types), dtype=bool, count=len(types))[tid]
        hits = np.bincount(word_lines, weights=in_title, minlength=n)[:n]
        tov = feats[:, col("title_overlap")]
        np.divide(hits, np.maximum(tok, 1), out=tov, where=(tok > 0) & (tok <= 40))
        tov[0] = 0.0
    feats[:, col("ends_sentence")], feats[:, col("ends_colon")], feats[:, col("ends_ellipsis")] = line_endings(points)
    feats[:, col("urlish")] = _line_hits(_URLISH_RE, lines, lines_containing(lows, _URL_NEEDLES, low, among=chars_a < 500), n)
    feats[:, col("date_like")] = _line_hits(_DATE_RE, lines, (chars_a < 80) & (cc["digit"] > 0), n)
    counts = Counter(lines)
    feats[:, col("log_repeats")] = np.log(np.fromiter(map(counts.__getitem__, lines), dtype=np.float64, count=n))
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
    feats[:, col("rel_position")] = np.arange(n) / n
    feats[:, col("chars_vs_max")] = chars_a / max(1.0, float(chars_a.max()))
    feats[:, col("cjk")] = np.minimum(1.0, cjk / safe_chars)
    feats[:, col("vocab_shared")] = vocab_shared(pairs[0], pairs[1], np.ones(n), n)
    return feats, groups, pairs
