"""Page-level context of the per-line features: blocks, neighbourhood windows, where a line
sits relative to the page's prose (before it, after it, in its largest cluster) and to the
headline. Everything is vectorised over the page's lines.
"""

from __future__ import annotations

import math

import numpy as np

from tamis.extract.features import BASE_FEATURES

# Features whose neighbourhood averages the model also sees (windowed context).
WINDOWED = ("log_chars", "stop_ratio", "ends_sentence", "titlecase_ratio", "lex_any", "prose", "date_like", "vocab_shared")
WINDOWS = (1, 3, 8)


def block_features(block_ids: np.ndarray, feats: np.ndarray) -> None:
    """Fill the block columns: how many lines share this line's block (a run of lines with no
    blank line between them, e.g. a menu rendered one item per line) and the block's rank."""
    if len(block_ids) == 0:
        return
    sizes = np.bincount(block_ids)
    feats[:, BASE_FEATURES.index("log_block_lines")] = np.log1p(sizes[block_ids])
    feats[:, BASE_FEATURES.index("block_index")] = np.log1p(block_ids)


def _prev_next(flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest flagged line at or before / at or after each line (-1 / n if none).

    >>> [x.tolist() for x in _prev_next(np.array([0, 1, 0, 0, 1, 0], dtype=bool))]
    [[-1, 1, 1, 1, 4, 4], [1, 1, 4, 4, 4, 6]]
    """
    n = len(flag)
    idx = np.arange(n)
    prev = np.maximum.accumulate(np.where(flag, idx, -1)) if n else idx
    nxt = np.minimum.accumulate(np.where(flag, idx, n)[::-1])[::-1] if n else idx
    return prev, nxt


def _cluster_features(mass: np.ndarray, prose: np.ndarray, total: float, names: list[str]) -> list[np.ndarray]:
    """How much of the page's prose is in this line's cluster of prose lines.

    A cluster is a run of prose lines in which gaps of up to ``gap`` non-prose lines are
    tolerated; the article is usually the one big cluster, teasers and comments small ones.
    Computed at three gap sizes, vectorised.
    """
    n = len(mass)
    is_prose = prose > 0
    pidx = np.flatnonzero(is_prose)
    prev, nxt = _prev_next(is_prose)
    out = []
    for gap in (1, 3, 6):
        cid = np.full(n, -1, dtype=np.int64)
        if len(pidx):
            new = np.ones(len(pidx), dtype=bool)
            new[1:] = np.diff(pidx) - 1 > gap
            cid[pidx] = np.cumsum(new) - 1
            # a non-prose line inside a tolerated gap belongs to the cluster around it
            inside = ~is_prose & (prev >= 0) & (nxt < n)
            rows = np.flatnonzero(inside)
            same = cid[prev[rows]] == cid[nxt[rows]]
            cid[rows[same]] = cid[prev[rows[same]]]
        member = cid >= 0
        sums = np.bincount(cid[member], weights=mass[member]) if member.any() else np.zeros(1)
        share = sums[np.maximum(cid, 0)]
        out.append(np.where(member, share / total if total > 0 else 0.0, 0.0))
        names.append(f"cluster{gap}_share")
        out.append(member & (share >= sums.max()))
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
    """Mean of ``col`` over the window ``[i-w, i+w]`` (clipped at the edges), in O(n).

    >>> _window_mean(np.array([0.0, 3.0, 0.0, 0.0]), 1).tolist()
    [1.5, 1.0, 1.0, 0.0]
    """
    csum = np.concatenate(([0.0], np.cumsum(col)))[:, None]
    return _window_means(col[:, None], w, csum)[:, 0]


def _window_means(cols: np.ndarray, w: int, csum: np.ndarray) -> np.ndarray:
    """``_window_mean`` for every column of ``cols`` at once, given the columns' cumulative sums
    with a leading row of zeros (``csum``), so that several windows share one ``cumsum``."""
    n = cols.shape[0]
    idx = np.arange(n)
    lo = np.maximum(idx - w, 0)
    hi = np.minimum(idx + w + 1, n)
    return (csum[hi] - csum[lo]) / (hi - lo)[:, None]


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
    win = np.column_stack([col[name] for name in WINDOWED])
    csum = np.zeros((n + 1, win.shape[1]))
    np.cumsum(win, axis=0, out=csum[1:])
    prev = np.zeros_like(win)
    prev[1:] = win[:-1]
    nxt = np.zeros_like(win)
    nxt[:-1] = win[1:]
    # (lines, windowed feature, view) flattened feature-major: one block instead of 48 columns;
    # the one-sided views say what comes before and after, separately
    views = [_window_means(win, w, csum) for w in WINDOWS] + [prev, nxt, (prev + nxt) / 2]
    windowed = np.stack(views, axis=2).reshape(n, -1)
    for name in WINDOWED:
        names += [f"{name}_w{w}" for w in WINDOWS] + [f"{name}_prev", f"{name}_next", f"{name}_pn"]
    extra: list[np.ndarray] = []
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
    # distance (in lines) to the nearest prose line, either way
    idx = np.arange(n)
    p_prev, p_next = _prev_next(prose > 0)
    dist = np.minimum(np.where(p_prev >= 0, idx - p_prev, 10**9), np.where(p_next < n, p_next - idx, 10**9))
    extra.append(np.log1p(np.minimum(dist, n).astype(np.float64)))
    names.append("log_dist_prose")
    extra.append(np.full(n, math.log1p(total)))
    names.append("log_page_prose")
    extra.append(np.full(n, math.log1p(n)))
    names.append("log_page_lines")
    extra += _cluster_features(mass, prose, total, names)
    extra += _anchor_features(col, mass, total, names)
    return np.concatenate((feats, windowed, np.column_stack(extra)), axis=1), names
