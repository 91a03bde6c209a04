"""Per-line features of page text, computed for a whole page at once.

Everything here is linear in the size of the text: one pass over the lines with C-level string
methods, then numpy over the (lines x features) matrix. The model (``model.py``) never sees a
line's words, only these numbers, which is what lets it work on languages it was not trained on:
the stop-word set covers ~70 languages and every other feature is script-neutral.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from tamis.extract.lexicon import LEXICON_GROUPS, match_lexicon

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
) + tuple(f"lex_{g}" for g in LEXICON_GROUPS)

# Features whose neighbourhood averages the model also sees (windowed context).
WINDOWED = ("log_chars", "stop_ratio", "ends_sentence", "titlecase_ratio", "lex_any", "prose")
WINDOWS = (1, 3, 8)


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


def _char_table() -> np.ndarray:
    """Bit flags for every BMP character: the character classes of the regexes above, so that
    a page's counts come from one vectorised pass instead of five regex scans per line."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for i in range(0x10000):
        c = chr(i)
        flags = 0
        if _DIGIT_RE.match(c):
            flags |= 1
        if _PUNCT_RE.match(c):
            flags |= 2
        if _SEP_RE.match(c):
            flags |= 4
        if _CAP_LETTER_RE.match(c):
            flags |= 8
        if _CJK_RE.match(c):
            flags |= 16
        if c.isspace() or c in "\"'“„«(":
            flags |= 32
        table[i] = flags
    return table


_CAP_LETTER_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻČŠŽŘĎŤŇŐŰА-ЯЁΑ-Ω]")
_TABLE: np.ndarray | None = None


def char_counts(lines: Sequence[str]) -> dict[str, np.ndarray]:
    """Per-line counts of digits, punctuation, separators, capitalised words and CJK characters.

    >>> {k: v.tolist() for k, v in char_counts(["Hello World, 42", "a|b"]).items()}
    {'digit': [2, 0], 'punct': [1, 0], 'sep': [0, 1], 'cap': [2, 0], 'cjk': [0, 0]}
    """
    global _TABLE
    if _TABLE is None:
        _TABLE = _char_table()
    n = len(lines)
    lens = np.fromiter((len(s) for s in lines), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        starts[1:] = np.cumsum(lens[:-1] + 1)
    cp = np.frombuffer("\n".join(lines).encode("utf-32-le"), dtype=np.uint32)
    flags = _TABLE[np.where(cp > 0xFFFF, 0, cp)]
    prev_boundary = np.empty(len(flags), dtype=bool)
    if len(flags):
        prev_boundary[0] = True
        prev_boundary[1:] = (flags[:-1] & 32) != 0
    out = {}
    for name, mask in (("digit", (flags & 1) != 0), ("punct", (flags & 2) != 0), ("sep", (flags & 4) != 0),
                       ("cap", ((flags & 8) != 0) & prev_boundary), ("cjk", (flags & 16) != 0)):
        c = np.zeros(len(mask) + 1, dtype=np.int64)
        np.cumsum(mask, out=c[1:])
        out[name] = c[starts + lens] - c[starts]
    return out


def line_features(lines: Sequence[str], stopwords: frozenset[str]) -> tuple[np.ndarray, list[str | None]]:
    """Features of the non-empty ``lines`` (already stripped) and each line's lexicon group.

    Blank lines are not passed in; block structure arrives through ``block_sizes``-like
    features computed by the caller. Returns ``(matrix, lexicon_groups)``.
    """
    n = len(lines)
    nf = len(BASE_FEATURES)
    feats = np.zeros((n, nf), dtype=np.float64)
    groups: list[str | None] = [None] * n
    if n == 0:
        return feats, groups
    lex_index = {g: BASE_FEATURES.index(f"lex_{g}") for g in LEXICON_GROUPS}
    counts = Counter(lines)
    is_stop = stopwords.__contains__
    c_chars, c_tok, c_stop, c_split = ([] for _ in range(4))
    cc = char_counts(lines)
    c_cjk, c_punct, c_digit, c_title, c_sep = cc["cjk"], cc["punct"], cc["digit"], cc["cap"], cc["sep"]
    c_end, c_colon, c_ell, c_url, c_date, c_bullet, c_rep, c_tov = ([] for _ in range(8))
    title_set: set[str] = set()
    for i, line in enumerate(lines):
        chars = len(line)
        low = line.lower()
        toks = WORD_RE.findall(low)
        ntok = len(toks)
        c_chars.append(chars)
        c_tok.append(ntok)
        c_stop.append(sum(map(is_stop, toks)))
        c_split.append(line.count(" ") + 1)
        tail = line.rstrip(_CLOSERS)
        last = tail[-1:]
        ell = tail.endswith(("...", "…"))
        c_end.append(last in _SENT_END and not ell)
        c_colon.append(last == ":")
        c_ell.append(ell)
        short = chars < 500
        c_url.append(short and _URLISH_RE.search(line) is not None)
        c_date.append(chars < 80 and _DATE_RE.search(line) is not None)
        c_bullet.append(line[:1] in "-*•·–—►▶>")
        c_rep.append(counts[line])
        if i == 0:
            title_set = set(toks)
        if 0 < ntok <= 40 and title_set:
            ts = set(toks)
            c_tov.append(len(ts & title_set) / len(ts) if i else 0.0)
        else:
            c_tov.append(0.0)
        if ntok <= 40:
            group = match_lexicon(low, ntok)
            if group:
                groups[i] = group
                feats[i, lex_index[group]] = 1.0
    chars_a = np.asarray(c_chars, dtype=np.float64)
    tok = np.asarray(c_tok, dtype=np.float64)
    cjk = np.asarray(c_cjk, dtype=np.float64)
    words = tok + cjk // 2
    stops = np.asarray(c_stop, dtype=np.float64)
    safe_tok = np.maximum(tok, 1)
    safe_chars = np.maximum(chars_a, 1)
    cols = (
        np.log1p(chars_a),
        np.log1p(words),
        stops / safe_tok,
        np.log1p(stops),
        np.asarray(c_end, dtype=np.float64),
        np.asarray(c_colon, dtype=np.float64),
        np.asarray(c_ell, dtype=np.float64),
        np.asarray(c_punct, dtype=np.float64) / (words + 1),
        np.asarray(c_digit, dtype=np.float64) / safe_chars,
        np.minimum(1.0, np.asarray(c_title, dtype=np.float64) / np.asarray(c_split, dtype=np.float64)),
        np.minimum(np.asarray(c_sep, dtype=np.float64), 10) / (words + 1),
        np.asarray(c_url, dtype=np.float64),
        np.asarray(c_date, dtype=np.float64),
        np.asarray(c_bullet, dtype=np.float64),
        np.log(np.asarray(c_rep, dtype=np.float64)),
        np.arange(n) / n,
        np.zeros(n),
        np.zeros(n),
        chars_a / max(1.0, float(chars_a.max())),
        np.minimum(1.0, cjk / safe_chars),
        np.asarray([g is not None for g in groups], dtype=np.float64),
        np.asarray(c_tov, dtype=np.float64),
    )
    feats[:, : len(cols)] = np.column_stack(cols)
    return feats, groups


def block_features(block_ids: np.ndarray, feats: np.ndarray) -> None:
    """Fill the block columns: how many lines share this line's block (a run of lines with no
    blank line between them, e.g. a menu rendered one item per line) and the block's rank."""
    if len(block_ids) == 0:
        return
    sizes = np.bincount(block_ids)
    feats[:, BASE_FEATURES.index("log_block_lines")] = np.log1p(sizes[block_ids])
    feats[:, BASE_FEATURES.index("block_index")] = np.log1p(block_ids)


def _cluster_features(mass: np.ndarray, prose: np.ndarray, total: float, names: list[str]) -> list[np.ndarray]:
    """How much of the page's prose is in this line's cluster of prose lines.

    A cluster is a run of prose lines in which gaps of up to ``gap`` non-prose lines are
    tolerated; the article is usually the one big cluster, teasers and comments small ones.
    Computed at three gap sizes, in O(n) each.
    """
    n = len(mass)
    out = []
    for gap in (1, 3, 6):
        cid = np.full(n, -1, dtype=np.int64)
        current = -1
        last_prose = -(10**9)
        for i in range(n):
            if prose[i]:
                if i - last_prose - 1 > gap or current < 0:
                    current += 1
                cid[i] = current
                last_prose = i
        # non-prose lines inside a tolerated gap belong to the cluster around them
        prev_cid = np.full(n, -1, dtype=np.int64)
        last = -1
        for i in range(n):
            if prose[i]:
                last = cid[i]
            prev_cid[i] = last
        nxt = -1
        for i in range(n - 1, -1, -1):
            if prose[i]:
                nxt = cid[i]
            elif nxt >= 0 and prev_cid[i] == nxt:
                cid[i] = nxt
        sums = np.bincount(cid[cid >= 0], weights=mass[cid >= 0]) if (cid >= 0).any() else np.zeros(1)
        frac = np.where(cid >= 0, sums[np.maximum(cid, 0)] / total if total > 0 else 0.0, 0.0)
        out.append(frac)
        names.append(f"cluster{gap}_share")
        out.append((cid >= 0) & (sums[np.maximum(cid, 0)] >= sums.max()) if len(sums) else np.zeros(n))
        names.append(f"cluster{gap}_largest")
    return [np.asarray(x, dtype=np.float64) for x in out]


def _anchor_features(col: dict[str, np.ndarray], mass: np.ndarray, total: float, names: list[str]) -> list[np.ndarray]:
    """Where a line sits relative to the headline: the line (after the first) that best repeats
    the first line, which in page renderings is the ``<title>``. The article follows it."""
    n = len(mass)
    ov = col["title_overlap"] * (np.expm1(col["log_words"]) >= 3)
    best = int(np.argmax(ov)) if n else 0
    if n == 0 or ov[best] < 0.6:
        names += ["anchor_found", "after_anchor", "anchor_dist", "anchor_mass"]
        return [np.zeros(n), np.full(n, 0.5), np.zeros(n), np.zeros(n)]
    idx = np.arange(n)
    cum = np.cumsum(mass)
    between = np.abs(cum - cum[best]) / total if total > 0 else np.zeros(n)
    names += ["anchor_found", "after_anchor", "anchor_dist", "anchor_mass"]
    return [np.ones(n), (idx > best).astype(float), np.sign(idx - best) * np.log1p(np.abs(idx - best)), between]


def _window_mean(col: np.ndarray, w: int) -> np.ndarray:
    """Mean of ``col`` over the window ``[i-w, i+w]`` (clipped at the edges), in O(n)."""
    c = np.concatenate(([0.0], np.cumsum(col)))
    n = len(col)
    idx = np.arange(n)
    lo = np.maximum(idx - w, 0)
    hi = np.minimum(idx + w + 1, n)
    return (c[hi] - c[lo]) / (hi - lo)


def context_features(feats: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Add neighbourhood and page-level context to the base features.

    ``prose`` marks lines that read like running text (long, with stop words and sentence
    punctuation); where a line sits relative to the page's prose mass separates header
    furniture (before any prose) from footer furniture (after it).
    """
    names = list(BASE_FEATURES)
    n = feats.shape[0]
    if n == 0:
        full, names = context_features(np.zeros((1, feats.shape[1])))
        return full[:0], names
    col = {name: feats[:, i] for i, name in enumerate(BASE_FEATURES)}
    words = np.expm1(col["log_words"])
    prose = ((words >= 8) & ((col["stop_ratio"] >= 0.12) | (col["cjk"] > 0.3)) & (col["punct_per_word"] > 0.02)).astype(float)
    col["prose"] = prose
    extra = []
    for name in WINDOWED:
        for w in WINDOWS:
            extra.append(_window_mean(col[name], w))
            names.append(f"{name}_w{w}")
        # one-sided windows: what comes before and after, separately
        c = col[name]
        prev = np.concatenate(([0.0], c[:-1]))
        nxt = np.concatenate((c[1:], [0.0]))
        extra.append(prev)
        names.append(f"{name}_prev")
        extra.append(nxt)
        names.append(f"{name}_next")
        extra.append((prev + nxt) / 2)
        names.append(f"{name}_pn")
    mass = prose * np.exp(col["log_chars"])
    total = mass.sum()
    cum = np.cumsum(mass)
    if total > 0:
        before = (cum - mass) / total
        after = (total - cum) / total
    else:
        before = np.zeros(n)
        after = np.zeros(n)
    extra.append(before)
    names.append("prose_before")
    extra.append(after)
    names.append("prose_after")
    # distance (in lines) to the nearest prose line, both ways, in O(n)
    dist = np.full(n, float(n))
    last = -(10**9)
    for i in range(n):
        if prose[i]:
            last = i
        dist[i] = i - last
    last = 10**9
    for i in range(n - 1, -1, -1):
        if prose[i]:
            last = i
        dist[i] = min(dist[i], last - i)
    extra.append(np.log1p(np.minimum(dist, n)))
    names.append("log_dist_prose")
    extra.append(np.full(n, math.log1p(total)))
    names.append("log_page_prose")
    extra.append(np.full(n, math.log1p(n)))
    names.append("log_page_lines")
    extra += _cluster_features(mass, prose, total, names)
    extra += _anchor_features(col, mass, total, names)
    return np.column_stack([feats] + extra), names
