"""Text normalisation and hashing shared by the dedup steps.

Two documents are "the same" for exact dedup when their normalised texts hash equal, so the
normalisation decides what counts as a copy: a page re-crawled with a different date line is a
copy only if digits are ignored; a page re-rendered with other line breaks only if whitespace is.
All functions here are pure and cheap, because they run once per document (or per line).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import xxhash

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


@functools.cache
def _punct_table() -> dict[int, None]:
    """Unicode punctuation and symbols (categories P* and S*), built on first use (~0.3 s):
    ``str.translate`` is the fastest way to delete a character class from a str in CPython."""
    return {cp: None for cp in range(0x110000) if unicodedata.category(chr(cp))[0] in "PS"}


@dataclass(frozen=True, slots=True)
class Normalisation:
    """Which differences to ignore when comparing texts."""

    case: bool = True  # ignore letter case
    whitespace: bool = True  # collapse runs of whitespace, strip the ends
    punctuation: bool = False  # delete punctuation and symbols
    digits: bool = False  # map every digit to 0 (dates, counters, prices)
    unicode: bool = True  # NFKC: full-width and compatibility forms compare equal


def normalise(text: str, norm: Normalisation = Normalisation()) -> str:
    """Apply ``norm`` to ``text``.

    >>> normalise("  Hello,\\n  World!  ")
    'hello, world!'
    >>> normalise("Posted 12 May 2024: Hello!", Normalisation(punctuation=True, digits=True))
    'posted 00 may 0000 hello'
    >>> normalise("ＡＢＣ  def", Normalisation(case=False))
    'ABC def'
    """
    if norm.unicode:
        text = unicodedata.normalize("NFKC", text)
    if norm.case:
        text = text.lower()
    if norm.punctuation:
        text = text.translate(_punct_table())
    if norm.digits:
        text = _DIGITS.sub("0", text)
    if norm.whitespace:
        text = _SPACE.sub(" ", text).strip()
    return text


def text_hash128(text: str) -> tuple[int, int]:
    """The 128-bit xxh3 hash of ``text`` as two unsigned 64-bit halves (high, low).

    128 bits make an accidental collision negligible at any corpus size (at 10^10 documents the
    birthday bound is ~10^-19), so exact dedup never needs to compare texts.

    >>> text_hash128("a") == text_hash128("a") and text_hash128("a") != text_hash128("b")
    True
    >>> all(0 <= h < 2**64 for h in text_hash128("x"))
    True
    """
    value = xxhash.xxh3_128_intdigest(text.encode("utf-8", "surrogatepass"))
    return value >> 64, value & 0xFFFFFFFFFFFFFFFF


def hash64(text: str, seed: int = 0) -> int:
    """A 64-bit xxh3 hash of ``text`` (used for lines and site keys).

    >>> hash64("menu") == hash64("menu") != hash64("menu", seed=1)
    True
    """
    return xxhash.xxh3_64_intdigest(text.encode("utf-8", "surrogatepass"), seed)

