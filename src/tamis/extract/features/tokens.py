"""The words of a page, or of a batch of pages, as the per-line word features need them.

Per token: its line, its length, whether it is a stop word, and its type, i.e. which distinct
word of its page it is, numbered in order of first use in the page (a word of one page is
another type than the same string on the next page, so that no page shares vocabulary with
another, and each page's sums keep the order, and so the rounding, they would have alone).

Two ways to the same numbers. A dict per page costs ~0.5 us a token (a Python string per token
from ``str.split``, one dict lookup each), a fifth of the whole feature pass on a batch. Arrow's
hash kernels (pyarrow is a dependency anyway) number the tokens from one buffer of their code
points without a Python object per token, in about half the time on a batch (12 vs 22 ms for
250 kB of CleanEval text as 100 pages), but each call has a fixed cost of ~0.4 ms in all (most
of it hashing the stop-word set for ``is_in``), so inputs under ``ARROW_TOKENS`` keep the dicts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, count, repeat
from operator import is_not
from typing import Any

import numpy as np

# Inputs with at least this many tokens are numbered by Arrow (below it, its fixed call costs
# outweigh the per-token savings: the two broke even at ~1,250 tokens, 8 kB of page text).
ARROW_TOKENS = 2000

_WORD_TABLE: np.ndarray | None = None
_MARKS = frozenset({"Mn", "Mc", "Me"})  # combining marks: part of the word they follow
_WORD_CHAR = re.compile(r"\w")


def _word_table() -> np.ndarray:
    """Whether each BMP character is a word character (``\\w``) or a combining mark, from one
    regex scan and one pass over the categories (~30 ms, once per process), plus one False entry
    that characters beyond the BMP are clipped to.

    A vowel sign is a mark, not a letter, to ``\\w``: "शेयर" would be the tokens "श" and "यर",
    and a Hindi, Bengali, Tamil or Thai page would read as a list of one-letter stop words.

    >>> t = _word_table(); bool(t[ord("े")]), bool(t[ord("a")]), bool(t[ord(" ")])
    (True, True, False)
    """
    table = np.zeros(0x10001, dtype=bool)
    for m in re.finditer(r"\w+", "".join(map(chr, range(0x10000)))):
        table[m.start() : m.end()] = True
    table[list(map(ord, mark_chars()))] = True
    return table


@lru_cache(maxsize=1)
def mark_chars() -> str:
    """The combining marks of the BMP that ``\\w`` leaves out (vowel signs, viramas, Thai vowels
    and tones, Arabic and Hebrew points; also variation selectors and the marks of symbols, so an
    emoji's "\\ufe0f" is a one-character word: leaving those out measured 0.0004 lower on HTML)."""
    return "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in _MARKS and not _WORD_CHAR.match(chr(c)))


@lru_cache(maxsize=1)
def feature_word_re() -> re.Pattern[str]:
    """The features' words as one regex: ``\\w`` runs with their combining marks (``mark_chars``).

    >>> feature_word_re().findall("शेयर करें, ❤")
    ['शेयर', 'करें']
    """
    return re.compile("[\\w" + re.escape(mark_chars()) + "]+")


def _word_chars(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of ``text`` and whether each is a word character (``\\w``)."""
    global _WORD_TABLE
    if _WORD_TABLE is None:
        _WORD_TABLE = _word_table()
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = _WORD_TABLE.take(cp, mode="clip")
    astral = (cp > 0xFFFF).nonzero()[0]
    if len(astral):  # rare (emoji, historic scripts): test those characters one by one
        chars = map(chr, cp[astral].tolist())
        word[astral] = np.fromiter(map(is_not, map(_WORD_CHAR.match, chars), repeat(None)), dtype=bool, count=len(astral))
    return cp, word


def _runs(word: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and past-last index of each run of True in ``word``: its edges, where a value
    differs from the one before, found in one comparison over the text (a mask per side and
    its shifted copy cost four passes each), then split alternately into starts and ends.

    >>> [x.tolist() for x in _runs(np.array([1, 1, 0, 1, 0, 0, 1], dtype=bool))]
    [[0, 3, 6], [2, 4, 7]]
    >>> [x.tolist() for x in _runs(np.array([0, 0], dtype=bool))], [x.tolist() for x in _runs(np.zeros(0, dtype=bool))]
    ([[], []], [[], []])
    """
    n = len(word)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    edges = (word[1:] != word[:-1]).nonzero()[0] + 1
    if word[0] or word[-1]:
        edges = np.concatenate(([0] if word[0] else [], edges, [n] if word[-1] else [])).astype(np.int64)
    return edges[0::2], edges[1::2]


def token_lines(cp: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The line of each token (the number of newlines before it), from the text's code points
    ``cp`` and the tokens' sorted first indexes ``starts`` (no token starts at a newline).

    Each line's tokens are counted by placing its end among the tokens (a binary search per
    line), and each line number repeated that many times: a batch has ten times more tokens
    than lines, and placing every token among the newlines took a millisecond a batch.

    >>> token_lines(np.array([97, 10, 10, 98, 32, 99, 10]), np.array([0, 3, 5])).tolist()
    [0, 2, 2]
    """
    newlines = (cp == 10).nonzero()[0]
    # each line's first and past-last token, differenced by hand: ``np.diff`` with ``prepend``
    # and ``append`` cost 40 us a call, most of a short page's tokenising
    bounds = np.empty(len(newlines) + 2, dtype=np.int64)
    bounds[0], bounds[-1] = 0, len(starts)
    bounds[1:-1] = starts.searchsorted(newlines)
    return np.repeat(np.arange(len(bounds) - 1), bounds[1:] - bounds[:-1])


def word_tokens(text: str) -> tuple[list[str], np.ndarray]:
    """The words of ``text`` (``feature_word_re().findall``: ``\\w+`` runs with their combining
    marks) and each one's line (the number of newlines before it).

    The runs are found by a table lookup over the code points; the tokens themselves come from
    ``str.split`` of the text with every other character made a space (no word character is
    whitespace). Three times faster than the regex, whose cost was mostly per-token overhead.

    >>> toks, lines = word_tokens("a-b\\n\\nc_d, 𝔘x 😀\\n")
    >>> toks, lines.tolist()
    (['a', 'b', 'c_d', '𝔘x'], [0, 0, 2, 2])
    """
    cp, word = _word_chars(text)
    return _token_strings(cp, word), token_lines(cp, _runs(word)[0])


def _token_strings(cp: np.ndarray, word: np.ndarray) -> list[str]:
    """The tokens as strings: the text with every non-word character made a space, split."""
    return np.where(word, cp, np.uint32(32)).tobytes().decode("utf-32-le", "surrogatepass").split()


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
    firsts = (pos == np.arange(n)).nonzero()[0]  # a token that starts its type was given its own position
    dense = np.zeros(n, dtype=np.int64)
    dense[firsts] = np.arange(len(firsts))
    return dense[pos], [toks[i] for i in firsts.tolist()]


@dataclass(frozen=True, slots=True)
class Tokens:
    """The ``\\w+`` tokens of a text, in order: each one's line, type id (``token_types``),
    length in characters and stop-word flag, and the number of types."""

    line: np.ndarray
    type: np.ndarray
    types: int
    length: np.ndarray
    stop: np.ndarray


def page_tokens(text: str, stopwords: frozenset[str], line_page: np.ndarray | None = None,
                arrow_from: int = ARROW_TOKENS) -> Tokens:
    """The tokens of ``text`` (lines joined by newlines; already lowercased, as the features
    read it). ``line_page`` gives each line's page in a batch (types are then per page); None
    for one page. From ``arrow_from`` tokens on they are numbered by Arrow, else by dicts: the
    same numbers either way.

    >>> t = page_tokens("the cat\\nthe cat sat\\ncat", frozenset({"the"}), np.array([0, 0, 1]))
    >>> t.line.tolist(), t.type.tolist(), t.types, t.length.tolist(), t.stop.tolist()
    ([0, 0, 1, 1, 1, 2], [0, 1, 0, 1, 2, 3], 4, [3, 3, 3, 3, 3, 3], [True, False, True, False, False, False])
    >>> a = page_tokens("the cat\\nthe cat sat\\ncat", frozenset({"the"}), np.array([0, 0, 1]), arrow_from=0)
    >>> a.type.tolist(), a.types, a.stop.tolist()
    ([0, 1, 0, 1, 2, 3], 4, [True, False, True, False, False, False])
    """
    cp, word = _word_chars(text)
    starts, ends = _runs(word)
    line = token_lines(cp, starts)
    length = ends - starts
    page = None if line_page is None or len(line) == 0 or line_page[line[0]] == line_page[line[-1]] else line_page[line]
    if len(starts) >= max(arrow_from, 1):
        # ``compress``, not a boolean index: the same code points in under half the time
        ids, types, stop = _arrow_types(np.compress(word, cp), length, page, stopwords)
        return Tokens(line, ids, types, length, stop)
    toks = _token_strings(cp, word)
    first_tokens = [0] if page is None else np.concatenate(([True], page[1:] != page[:-1])).nonzero()[0].tolist()
    ids, names = token_types(toks, first_tokens)
    type_stop = np.fromiter(map(stopwords.__contains__, names), dtype=bool, count=len(names))
    return Tokens(line, ids, len(names), length, type_stop[ids])


@lru_cache(maxsize=4)
def _stop_array(stopwords: frozenset[str]) -> Any:
    import pyarrow as pa

    return pa.array([w.encode("utf-32-le", "surrogatepass") for w in sorted(stopwords)], type=pa.large_binary())


# A code point takes 21 bits; a page number in the 11 above them keeps a uint32 code unit
_CP_BITS = 21
_MAX_PAGES = 1 << (32 - _CP_BITS)


def _arrow_types(chars: np.ndarray, length: np.ndarray, page: np.ndarray | None,
                 stopwords: frozenset[str]) -> tuple[np.ndarray, int, np.ndarray]:
    """``token_types`` ids, their number, and each token's stop-word flag, from the tokens'
    code points laid end to end (``chars``, which may be changed) and their lengths. Arrow's
    dictionary encoding numbers distinct values in order of first occurrence, as the dicts do.
    The tokens go in as binary strings of their UTF-32 code units, as they are in ``chars``:
    equal bytes are equal strings, and no conversion to UTF-8 (with byte offsets) is needed.

    Per page (``page`` per token, or None), each token's first code unit carries its page
    number in the bits above the code point, so that one encoding numbers (page, word) pairs:
    pages are laid end to end, so their order of first occurrence is the dicts' order. (A
    second encoding of page x word ids cost a fifth of the numbering.) The stop-word flags are
    then read from the dictionary with those bits cleared again.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = np.zeros(len(length) + 1, dtype=np.int64)
    (length * 4).cumsum(out=offsets[1:])
    paged = page is not None and len(page) > 0 and 0 <= int(page.min()) and int(page.max()) < _MAX_PAGES
    if paged:
        chars = np.ascontiguousarray(chars, dtype="<u4")
        chars[offsets[:-1] // 4] |= page.astype(np.uint32) << np.uint32(_CP_BITS)
    data = pa.py_buffer(np.ascontiguousarray(chars, dtype="<u4"))
    strings = pa.Array.from_buffers(pa.large_binary(), len(length), [None, pa.py_buffer(offsets), data])
    words = pc.dictionary_encode(strings)
    gid = words.indices.to_numpy().astype(np.int64)
    dictionary = _unpaged(words.dictionary) if paged else words.dictionary
    stop = pc.is_in(dictionary, value_set=_stop_array(stopwords)).to_numpy(zero_copy_only=False)[gid]
    if page is None or paged:
        return gid, len(words.dictionary), stop
    # too many pages for the spare bits: number (page, word) pairs in a second encoding
    per_page = pc.dictionary_encode(pa.array(page.astype(np.int64) * len(words.dictionary) + gid))
    return per_page.indices.to_numpy().astype(np.int64), len(per_page.dictionary), stop


def _unpaged(words: Any) -> Any:
    """The binary strings of UTF-32 code units ``words`` with the page bits of each string's
    first code unit cleared (``_arrow_types``)."""
    import pyarrow as pa

    _, offsets_buffer, data_buffer = words.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[words.offset : words.offset + len(words) + 1]
    units = np.frombuffer(data_buffer, dtype="<u4", count=int(offsets[-1]) // 4).copy()
    units[offsets[:-1] // 4] &= np.uint32((1 << _CP_BITS) - 1)
    return pa.Array.from_buffers(pa.large_binary(), len(words), [None, pa.py_buffer(offsets), pa.py_buffer(units)])
