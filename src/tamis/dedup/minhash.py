"""MinHash signatures, LSH banding and Jaccard similarity: pure, numpy-vectorised functions.

Shingles are hashed to 64 bits (a polynomial hash per word and per n-gram, then an avalanche
step), so two different shingles collide with probability ~2^-64. A permutation is the map
``h -> a*h (mod 2^64)`` with ``a`` odd: a bijection on 64-bit values, so the minimum is well
defined, and since the inputs are already uniformly mixed hashes its minima behave like
independent min-wise samples (the estimator is unbiased with variance ``J(1-J)/k``: checked in
the tests). An additive term ``+ b`` measured no better and costs a third more time. All ``k``
permutations of all shingles are one broadcast multiply and a column minimum in numpy.

Banding: a signature of ``k = b*r`` values is cut into ``b`` bands of ``r`` rows; two documents
are candidates when any band is equal. At Jaccard ``s`` that happens with probability
``P(s) = 1 - (1 - s^r)^b`` (the S-curve). ``choose_bands`` picks ``(b, r)`` by integrating the
curve: the false-positive area ``∫_0^t P(s) ds`` below the threshold ``t`` and the false-negative
area ``∫_t^1 (1 - P(s)) ds`` above it, weighted. Candidates are cheap to check afterwards (the
signature estimate, or the exact Jaccard), so the default weighs false negatives more: a missed
pair is lost for good, a false candidate costs one comparison.
"""

from __future__ import annotations

import functools
import re

import numpy as np

_SPACE = re.compile(r"\s+")
_POLY = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio), the n-gram polynomial base
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)
_CHUNK = 2048  # shingles per broadcast block: bounds the (chunk x k) temporary to 2 MiB at k=128


def _avalanche(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit flips each output bit with p ~ 1/2."""
    h = h ^ (h >> np.uint64(33))
    h = h * _M1
    h ^= h >> np.uint64(33)
    h *= _M2
    h ^= h >> np.uint64(33)
    return h


def _ngrams(units: np.ndarray, n: int) -> np.ndarray:
    """Combine consecutive unit hashes into n-gram hashes (order-sensitive)."""
    if len(units) == 0:
        return units
    if len(units) < n:  # a short text is one shingle: it still gets a signature
        n = len(units)
    m = len(units) - n + 1
    with np.errstate(over="ignore"):
        h = units[:m].copy()
        for j in range(1, n):
            h *= _POLY
            h += units[j : j + m]
        return _avalanche(h)


class _Powers:
    """``P^i`` and ``P^-i`` (mod 2^64) for i < size, grown on demand (P odd, so invertible)."""

    def __init__(self) -> None:
        self.up = np.ones(1, np.uint64)
        self.down = np.ones(1, np.uint64)

    def get(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        if size > len(self.up):
            size = max(size, 2 * len(self.up), 4096)
            inverse = np.uint64(pow(int(_POLY), -1, 1 << 64))
            with np.errstate(over="ignore"):
                self.up = np.multiply.accumulate(np.concatenate([[np.uint64(1)], np.full(size - 1, _POLY)]))
                self.down = np.multiply.accumulate(np.concatenate([[np.uint64(1)], np.full(size - 1, inverse)]))
        return self.up, self.down


_POWERS = _Powers()
_ASCII_WORD = np.zeros(128, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
    _ASCII_WORD[_c] = True


@functools.cache
def _word_table() -> np.ndarray:
    """Whether each code point is a regex ``\\w`` character (``isalnum()`` or ``_``, which is
    exactly how ``re`` defines it for str patterns); built on first non-ASCII text (~0.3 s)."""
    table = np.fromiter((chr(cp).isalnum() for cp in range(0x110000)), dtype=bool, count=0x110000)
    table[ord("_")] = True
    return table


# Scripts written without spaces between words: Han, Hiragana and Katakana (with the
# half-width forms), Thai, Lao, Khmer and Myanmar. A ``\\w+`` run of them is a clause or a
# whole paragraph, so one changed character made a page share no word 5-gram with its copy;
# each of their characters is a token instead, and their "word" 5-grams are character 5-grams.
_SOLO_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F),
                (0x20000, 0x2FA1F), (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))


_WORD, _SOLO = 1, 2


@functools.cache
def _char_table() -> np.ndarray:
    """Per code point, ``_WORD`` if it is a ``\\w`` character, plus ``_SOLO`` if it is one of a
    script without spaces: one look-up for both (two cost non-ASCII text a sixth more time)."""
    table = _word_table().astype(np.uint8)
    for lo, hi in _SOLO_RANGES:
        table[lo : hi + 1] *= _WORD | _SOLO
    return table


def token_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the lower-cased ``\\w+`` tokens of ``text``, without a Python loop;
    in scripts written without spaces (``_SOLO_RANGES``), each character is a token.

    Each token's hash is the polynomial ``sum((cp_i + 1) * P^(len-1-i)) mod 2^64`` over its code
    points, avalanched; all tokens at once from prefix sums of ``(cp_i + 1) * P^-i``. Word
    characters are looked up in a table (``re``'s own definition of ``\\w``), so this gives the
    tokens of ``re.findall(r"\\w+", text.lower())`` at a fraction of the cost.

    >>> bool((token_hashes("Hello, World") == token_hashes("hello — world…")).all())
    True
    >>> len(token_hashes("naïve café_au lait 42")), len(token_hashes("?!"))
    (4, 0)
    >>> len(token_hashes("今天上午, 市政府 opened 2 schools")), bool(token_hashes("日本")[0] == token_hashes("日")[0])
    (10, True)
    """
    text = text.lower()
    if text.isascii():
        cps = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        word = _ASCII_WORD[cps]
        solo = None
    else:
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        flags = _char_table()[cps]
        word = (flags & _WORD).view(bool)
        solo = (flags == _WORD | _SOLO) if flags.max() > _WORD else None
    if not word.any():
        return np.empty(0, np.uint64)
    if solo is None:
        edges = np.flatnonzero(np.diff(np.concatenate([[False], word, [False]]).view(np.int8)))
        starts, ends = edges[0::2], edges[1::2]
    else:
        # a token starts after a non-word character or at or after a solo one, and ends likewise
        before = np.concatenate([[False], word[:-1] & ~solo[:-1]])  # the previous character continues a token
        after = np.concatenate([word[1:] & ~solo[1:], [False]])  # the next character continues one
        starts = np.flatnonzero(word & (solo | ~before))
        ends = np.flatnonzero(word & (solo | ~after)) + 1
    up, down = _POWERS.get(len(cps) + 1)
    with np.errstate(over="ignore"):
        weighted = (cps.astype(np.uint64) + np.uint64(1)) * down[: len(cps)]
        prefix = np.concatenate([[np.uint64(0)], np.cumsum(weighted, dtype=np.uint64)])
        h = (prefix[ends] - prefix[starts]) * up[ends - 1]
    return _avalanche(h)


def word_shingles(text: str, n: int = 5) -> np.ndarray:
    """64-bit hashes of the word n-grams of ``text`` (lower-cased ``\\w+`` tokens).

    >>> len(word_shingles("the cat sat on the mat", n=2))
    5
    >>> bool((word_shingles("The cat!", 2) == word_shingles("the   CAT", 2)).all())
    True
    >>> len(word_shingles("", 3)), len(word_shingles("one two", 3))
    (0, 1)
    """
    return _ngrams(token_hashes(text), n)


def char_shingles(text: str, n: int = 5) -> np.ndarray:
    """64-bit hashes of character n-grams, for scripts written without spaces (zh, ja, th).

    Whitespace runs count as one space, so re-wrapped text shingles the same.

    >>> len(char_shingles("日本語のテキスト", 3))
    6
    >>> bool((char_shingles("ab  cd", 2) == char_shingles("AB\\ncd", 2)).all())
    True
    """
    norm = _SPACE.sub(" ", text.lower()).strip()
    units = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    return _ngrams(units, n)


def permutations(num_perm: int, seed: int = 1) -> np.ndarray:
    """The odd multipliers of ``num_perm`` permutations ``h -> a*h mod 2^64``.

    >>> a = permutations(4)
    >>> a.dtype.name, len(a), bool((a % 2 == 1).all())
    ('uint64', 4, True)
    """
    rng = np.random.default_rng(seed)
    return rng.integers(0, 1 << 63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def signature(shingles: np.ndarray, perm: np.ndarray) -> np.ndarray:
    """The MinHash signature: for each permutation, the minimum permuted shingle hash.

    >>> perm = permutations(64)
    >>> s = word_shingles("a b c d e f g h i j", 2)
    >>> bool((signature(s, perm) == signature(s[::-1], perm)).all())  # a set function
    True
    """
    if len(shingles) <= _CHUNK:
        return np.multiply.outer(shingles, perm).min(axis=0, initial=_MAX)
    out = np.full(len(perm), _MAX, dtype=np.uint64)
    for lo in range(0, len(shingles), _CHUNK):
        np.minimum(out, np.multiply.outer(shingles[lo : lo + _CHUNK], perm).min(axis=0), out=out)
    return out


def estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard: the fraction of equal signature positions (row-wise for 2-D input).

    >>> perm = permutations(128)
    >>> x = word_shingles(" ".join(map(str, range(100))), 1)
    >>> float(estimate(signature(x, perm), signature(x, perm)))
    1.0
    """
    return (np.asarray(sig_a) == np.asarray(sig_b)).mean(axis=-1)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle hash sets (duplicates ignored).

    >>> jaccard(np.array([1, 2, 3], np.uint64), np.array([2, 3, 4], np.uint64))
    0.5
    >>> jaccard(np.array([], np.uint64), np.array([], np.uint64))
    1.0
    """
    ua, ub = np.unique(a), np.unique(b)
    union = len(np.union1d(ua, ub))
    return 1.0 if union == 0 else len(np.intersect1d(ua, ub, assume_unique=True)) / union


def candidate_probability(s: np.ndarray | float, bands: int, rows: int) -> np.ndarray:
    """P(two documents at Jaccard ``s`` share at least one band): the LSH S-curve.

    >>> round(float(candidate_probability(0.8, 9, 13)), 3)
    0.399
    """
    return 1.0 - (1.0 - np.asarray(s, dtype=float) ** rows) ** bands


def error_areas(threshold: float, bands: int, rows: int, steps: int = 1000) -> tuple[float, float]:
    """(false-positive area below ``threshold``, false-negative area above it) of the S-curve,
    integrated with the trapezoid rule.

    >>> [round(x, 3) for x in error_areas(0.8, 9, 13)]  # longer bands: fewer FP, more FN
    [0.025, 0.033]
    >>> [round(x, 3) for x in error_areas(0.8, 11, 11)]
    [0.051, 0.016]
    """
    lo = np.linspace(0.0, threshold, steps)
    hi = np.linspace(threshold, 1.0, steps)
    fp = float(np.trapezoid(candidate_probability(lo, bands, rows), lo))
    fn = float(np.trapezoid(1.0 - candidate_probability(hi, bands, rows), hi))
    return fp, fn


def choose_bands(threshold: float, num_perm: int, fn_weight: float = 0.7) -> tuple[int, int]:
    """The ``(bands, rows)`` with ``bands * rows <= num_perm`` minimising the weighted error
    area ``(1 - fn_weight) * FP + fn_weight * FN``.

    >>> choose_bands(0.8, 128)
    (11, 11)
    >>> choose_bands(0.7, 128)
    (16, 8)
    >>> b, r = choose_bands(0.5, 64); b * r <= 64
    True
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp, fn = error_areas(threshold, bands, rows, steps=200)
            cost = (1.0 - fn_weight) * fp + fn_weight * fn
            if best is None or cost < best[0] - 1e-12:
                best = (cost, bands, rows)
    assert best is not None  # num_perm >= 1 gives at least one candidate
    return best[1], best[2]


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band: an ``(n, bands)`` array for ``(n, k)`` signatures.

    Each band's rows are folded with a band-specific seed, so equal rows in different bands never
    produce the same key.

    >>> sig = np.arange(12, dtype=np.uint64).reshape(2, 6)
    >>> keys = band_keys(np.vstack([sig, sig[:1]]), 3, 2)
    >>> keys.shape, bool((keys[0] == keys[2]).all()), bool((keys[0] != keys[1]).all())
    ((3, 3), True, True)
    """
    sigs = np.asarray(signatures, dtype=np.uint64)
    out = np.empty((len(sigs), bands), dtype=np.uint64)
    if len(sigs) == 0:
        return out
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.full(len(sigs), np.uint64(band + 1) * _POLY, dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = _avalanche(h ^ sigs[:, col])
            out[:, band] = h
    return out
