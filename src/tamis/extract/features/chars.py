"""Per-line character counts of a page from one code-point table lookup.

Every character class the line features count (digits, punctuation, separators, capitalised
words, CJK, spaces, bullets) is a bit in a table indexed by code point, built once per process.
A page is turned into one array of code points, looked up once, and the counts per line are
sums over line offsets: no regex scan and no Python loop per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Scripts written without spaces: a "word" there is roughly two characters.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_DIGIT_RE = re.compile(r"\d")
_SEP_RE = re.compile(r"[|•·›»«/\\>–—]")
# Sentence ends and clause marks beyond Latin: CJK, Arabic (question mark, comma, semicolon), Urdu
# (full stop), Devanagari, Bengali and Gurmukhi (danda), Armenian (full stop, comma), Ethiopic,
# Myanmar. A script whose sentences end in a mark the model does not count reads as a page of
# unpunctuated menu lines: before they were counted, clean_text dropped every line of an Urdu
# article (bench/languages.py).
SENTENCE_ENDS = ".!?。！？؟۔।॥։።။"
_CLAUSE_MARKS = ",.;，。、،؛۔।॥։՝።፣၊။"
_PUNCT_RE = re.compile("[" + re.escape(_CLAUSE_MARKS) + "]")
_SENT_END = tuple(SENTENCE_ENDS)
_CLOSERS = "\"'”’»)]*"

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

# Per-line character counts are segment sums of per-character values. Packing all six counts
# into one uint64 (``_LANE_BITS`` bits each) sums them with one table look-up and one
# ``reduceat``, where one ``cumsum`` per count cost more in numpy calls than in work, and two
# tables of 16-bit lanes (as before) twice the look-up over every character (a third of
# ``char_counts``). A lane holds a count up to ``_LANE_MAX``, so the sums are taken over chunks
# of at most that many characters (a longer line is several chunks) and a line's chunks are
# added up after unpacking.
_LANE_BITS = 10
_LANE_MAX = (1 << _LANE_BITS) - 1
_LANE_NAMES = ("digit", "punct", "sep", "cap", "cjk", "space")
_LANE_FLAGS = (_DIGIT, _PUNCT, _SEP, _CAPL, _CJK, _SPACE)
_LANE_SHIFTS = np.arange(len(_LANE_FLAGS), dtype=np.uint64) * np.uint64(_LANE_BITS)


def _lane_table() -> np.ndarray:
    """Flag byte -> its counts packed into lanes, in ``_LANE_FLAGS``' order.

    >>> hex(int(_lane_table()[_DIGIT | _CAPL | _SPACE]))
    '0x4000040000001'
    """
    b = np.arange(256, dtype=np.uint64)
    t = np.zeros(256, dtype=np.uint64)
    for lane, flag in enumerate(_LANE_FLAGS):
        t |= ((b & np.uint64(flag)) != 0).astype(np.uint64) << np.uint64(_LANE_BITS * lane)
    return t


_LANES = _lane_table()


def _lane_sums(values: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Per line, its lane counts unpacked (line x lane): ``values`` summed over each line's
    segment (``starts[i]`` on, ``lens[i]`` characters and the newline after it), in chunks of at
    most ``_LANE_MAX`` characters, so that no lane carries into the next.

    >>> v = np.array([1, 1, 0, 1 << _LANE_BITS, 0], dtype=np.uint64)
    >>> _lane_sums(v, np.array([0, 3]), np.array([2, 1]))[:, :2].tolist()
    [[2, 0], [0, 1]]
    """
    chunks = (lens + _LANE_MAX) // _LANE_MAX  # ceil((lens + 1) / _LANE_MAX), at least 1
    if int(chunks.max()) == 1:  # no line longer than a lane holds: a chunk per line
        sums = np.add.reduceat(values, starts)
        return ((sums[:, None] >> _LANE_SHIFTS) & np.uint64(_LANE_MAX)).astype(np.int64)
    first = np.zeros(len(lens) + 1, dtype=np.int64)  # each line's first chunk
    chunks.cumsum(out=first[1:])
    line = np.repeat(np.arange(len(lens)), chunks)
    sums = np.add.reduceat(values, starts[line] + (np.arange(int(first[-1])) - first[line]) * _LANE_MAX)
    lanes = ((sums[:, None] >> _LANE_SHIFTS) & np.uint64(_LANE_MAX)).astype(np.int64)
    return np.add.reduceat(lanes, first[:-1], axis=0)


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
        (lens[:-1] + 1).cumsum(out=starts[1:])
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
    >>> char_counts(["\U000111d0 \U0001d7ce \U0001f600"])["digit"].tolist()  # Sharada and math digits, an emoji
    [2]
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
    astral = (cp > 0xFFFF).nonzero()[0]
    if len(astral):  # rare (emoji, historic scripts); of the counted classes only digits reach past the BMP
        flags[astral] = np.fromiter(map(str.isdecimal, map(chr, cp[astral].tolist())), dtype=np.uint8,
                                    count=len(astral)) * np.uint8(_DIGIT)
    # a capital counts only at the page start or after an opener: move the previous character's
    # opener bit onto the capital bit and mask with it
    keep = np.empty(len(flags), dtype=np.uint8)
    keep[0] = 0xFF
    np.right_shift(flags[:-1] & np.uint8(_OPENER), _OPENER.bit_length() - _CAPL.bit_length(), out=keep[1:])
    keep[1:] |= np.uint8(0xFF ^ _CAPL)
    flags &= keep
    # indexing, not ``take``: with the one-byte flags as indices ``take`` ran 2-3 times slower
    counts = _lane_sums(_LANES[flags], starts, lens).T.copy()  # a contiguous row per count
    out = {name: counts[lane] for lane, name in enumerate(_LANE_NAMES)}
    out["bullet"] = (((flags[starts] & _BULLET) != 0) & (lens > 0)).astype(np.int64)
    return out


_ELLIPSIS, _DOT, _COLON = ord("…"), ord("."), ord(":")
# closing quotes and brackets after a line's last real character, and sentence ends, by code point
_CLOSER_TABLE = np.zeros(0x10001, dtype=bool)
_CLOSER_TABLE[[ord(c) for c in _CLOSERS]] = True
_SENT_END_TABLE = np.zeros(0x10001, dtype=bool)
_SENT_END_TABLE[[ord(c) for c in _SENT_END]] = True
# closers stepped over per line before falling back to a pass over every character
_CLOSER_STEPS = 4


def line_endings(points: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether each line ends a sentence, ends with a colon, ends with an ellipsis (``...`` or
    ``…``), all judged before any closing quotes or brackets, from ``code_points(lines)``: the
    last character that is not a closer, found by stepping back from every line's end at once
    (a running maximum over the whole text when a line ends in more than a few closers).

    >>> [x.tolist() for x in line_endings(code_points(["He said \u201cno.\u201d", "Note:", "Wait...)", "", "))", "A…"]))]
    [[True, False, False, False, False, False], [False, True, False, False, False, False], [False, False, True, False, False, True]]
    """
    cp, starts, lens = points
    # step back over closers from each line's end, all lines at once, a few steps at most;
    # only a line ending in a long run of closers sends the page to the whole-text pass
    last_at = starts + lens - 1
    back = (lens > 0) & _CLOSER_TABLE.take(cp[np.maximum(last_at, 0)], mode="clip")
    for _ in range(_CLOSER_STEPS):
        if not back.any():
            break
        last_at[back] -= 1
        back &= (last_at >= starts) & _CLOSER_TABLE.take(cp[np.maximum(last_at, 0)], mode="clip")
    else:
        if back.any():
            closer = _CLOSER_TABLE.take(cp, mode="clip")
            # index of the last non-closer at or before each position (-1 if none)
            real = np.maximum.accumulate(np.where(closer, -1, np.arange(len(cp))))
            last_at = real[np.maximum(starts + lens - 1, 0)]
    tail = np.where(lens > 0, last_at - starts + 1, 0)  # length of the line without its closers
    has = tail > 0
    last_at = np.maximum(last_at, 0)  # where tail is 0 the index is not used
    last = cp[last_at]
    # "..." ends at the last character: it and the two before it are dots, within the line
    three_dots = (tail >= 3) & (last == _DOT) & (cp[np.maximum(last_at - 1, 0)] == _DOT) & (cp[np.maximum(last_at - 2, 0)] == _DOT)
    ellipsis = has & ((last == _ELLIPSIS) | three_dots)
    sentence = has & _SENT_END_TABLE.take(last, mode="clip") & ~ellipsis
    return sentence, has & (last == _COLON), ellipsis
