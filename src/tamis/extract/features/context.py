"""Page-level context of the per-line features: blocks, neighbourhood windows, where a line
sits relative to the page's prose (before it, after it, in its largest cluster) and to the
headline. Everything is vectorised over the page's lines.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from tamis.extract.features.lines import BASE_FEATURES
from tamis.extract.features.segments import Segments

# Features whose neighbourhood averages the model also sees (windowed context).
WINDOWED = ("log_chars", "stop_ratio", "ends_sentence", "titlecase_ratio", "lex_any", "prose", "date_like", "vocab_shared")
WINDOWS = (1, 3, 8)


def block_features(block_ids: np.ndarray, feats: np.ndarray, seg: Segments | None = None) -> None:
    """Fill the block columns: how many lines share this line's block (a run of lines with no
    blank line between them, e.g. a menu rendered one item per line) and the block's rank in
    its page. ``block_ids`` number the blocks of the whole batch in order."""
    if len(block_ids) == 0:
        return
    sizes = np.bincount(block_ids)
    feats[:, BASE_FEATURES.index("log_block_lines")] = np.log1p(sizes[block_ids])
    rank = block_ids if seg is None or seg.single else block_ids - block_ids[seg.start]
    feats[:, BASE_FEATURES.index("block_index")] = np.log1p(rank)


_CLUSTER_GAPS = (1, 3, 6)
CLUSTER_NAMES = tuple(f"cluster{gap}_{kind}" for gap in _CLUSTER_GAPS for kind in ("share", "largest"))
ANCHOR_NAMES = ("anchor_found", "after_anchor", "anchor_dist", "anchor_mass")


def _cluster_features(mass: np.ndarray, prose: np.ndarray, total: np.ndarray, out: np.ndarray, seg: Segments) -> None:
    """How much of the page's prose is in this line's cluster of prose lines, written into the
    columns ``CLUSTER_NAMES`` of ``out``; ``total`` is each line's page's prose mass.

    A cluster is a run of prose lines in which gaps of up to ``gap`` non-prose lines are
    tolerated; the article is usually the one big cluster, teasers and comments small ones.
    Computed at three gap sizes at once, vectorised; a cluster never crosses a page edge.

    >>> out = np.zeros((5, 6))
    >>> _cluster_features(np.array([10.0, 0, 20, 0, 0]), np.array([1.0, 0, 1, 0, 0]), np.full(5, 30.0), out, Segments.one(5))
    >>> out[:, :2].tolist()
    [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]]
    >>> _cluster_features(np.array([10.0, 0, 20, 0, 0]), np.array([1.0, 0, 1, 0, 0]), np.array([10.0, 10, 20, 20, 20]), out, Segments([2, 3]))
    >>> out[:, :2].tolist()
    [[1.0, 1.0], [0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]]
    """
    n = len(mass)
    is_prose = prose > 0
    pidx = is_prose.nonzero()[0]
    m = len(pidx)
    if m == 0:  # no clusters: every column 0
        out[:, : len(CLUSTER_NAMES)] = 0.0
        return
    # all gap sizes at once (gap size x prose line): a cluster starts where the run of non-prose
    # lines before a prose line is longer than the gap size, and at a page's first prose line
    g = len(_CLUSTER_GAPS)
    sizes = np.asarray(_CLUSTER_GAPS)[:, None]
    new = np.ones((g, m), dtype=bool)
    new[:, 1:] = (pidx[1:] - pidx[:-1] - 1) > sizes
    if not seg.single:
        page = seg.page_of[pidx]
        new[:, 1:] |= page[1:] != page[:-1]
    cid = new.cumsum(axis=1) - 1
    cid += np.arange(g)[:, None] * m  # one id space per gap size
    sums = np.bincount(cid.ravel(), weights=np.concatenate([mass[pidx]] * g), minlength=g * m)
    # every line takes the cluster of the last prose line at or before it; a non-prose line is
    # a member when it sits in a tolerated gap, i.e. the prose lines around it are in one cluster
    prev, nxt = seg.prev_next(is_prose)
    rank = np.maximum(is_prose.cumsum() - 1, 0)
    inside = (prev >= seg.start) & (nxt < seg.end)
    member = is_prose | (inside & (np.where(inside, nxt - prev - 1, n) <= sizes))
    share = np.where(member, sums[cid[:, rank]], 0.0)
    if seg.single:
        best = sums.reshape(g, m).max(axis=1)[:, None]
    else:  # the largest cluster of each gap size and page
        page_best = np.zeros((g, len(seg.bounds) - 1))
        np.maximum.at(page_best, (np.repeat(np.arange(g), m), np.tile(page, g)), sums[cid].ravel())
        best = page_best[:, seg.page_of]
    largest = member & (share >= best)
    ratio = out[:, 0 : 2 * g : 2].T  # a view: (gap size x line)
    ratio[:] = 0.0
    np.divide(share, total, out=ratio, where=total > 0)
    out[:, 1 : 2 * g : 2] = largest.T


def _anchor_features(title_overlap: np.ndarray, log_words: np.ndarray, cum: np.ndarray, total: np.ndarray, out: np.ndarray,
                     seg: Segments) -> None:
    """Where a line sits relative to the headline: the line (after the first) that best repeats
    the first line, which in page renderings is the ``<title>``. The article follows it.
    Written into the columns ``ANCHOR_NAMES`` of ``out``; ``cum`` is the prose mass's running
    sum within each page (``Segments.cumsum``, which ``context_features`` has already taken),
    ``total`` each line's page's prose mass."""
    ov = title_overlap * (np.expm1(log_words) >= 3)
    best = seg.argmax(ov)
    found = (ov[best] >= 0.6)[seg.page_of]
    at = best[seg.page_of]
    idx = np.arange(len(cum))
    out[:, 0] = found
    out[:, 1] = np.where(found, idx > at, 0.5)
    out[:, 2] = np.where(found, np.sign(idx - at) * np.log1p(np.abs(idx - at)), 0.0)
    out[:, 3] = 0.0
    np.divide(np.abs(cum - cum[at]), total, out=out[:, 3], where=found & (total > 0))


def window_mean(col: np.ndarray, w: int, seg: Segments | None = None) -> np.ndarray:
    """Mean of ``col`` over the window ``[i-w, i+w]`` (clipped at the edges), in O(n).

    >>> window_mean(np.array([0.0, 3.0, 0.0, 0.0]), 1).tolist()
    [1.5, 1.0, 1.0, 0.0]
    """
    return windows_means(col[:, None], (w,), seg)[0, :, 0]


def windows_means(values: np.ndarray, ws: tuple[int, ...], seg: Segments | None = None) -> np.ndarray:
    """``window_mean`` at every window size of ``ws`` and for every column of the (line x
    column) ``values`` at once (window x line x column), from running sums: one gather for all.
    With ``seg``, windows end at page edges.

    >>> windows_means(np.array([[0.0], [3.0], [0.0], [0.0]]), (1, 8))[:, :, 0].tolist()
    [[1.5, 1.0, 1.0, 0.0], [0.75, 0.75, 0.75, 0.75]]
    >>> windows_means(np.array([[0.0], [3.0], [0.0], [0.0]]), (1,), Segments([2, 2]))[0, :, 0].tolist()
    [1.5, 1.5, 0.0, 0.0]
    """
    n = values.shape[0]
    if seg is not None and not seg.single:
        csum = seg.padded_cumsum(values)
        lo, hi, size = seg.window_bounds(ws)
    else:
        csum = np.zeros((n + 1, values.shape[1]))
        values.cumsum(axis=0, out=csum[1:])
        lo, hi, size = _cached_bounds(n, ws) if n <= _CACHED_LINES else _window_bounds(n, ws)
    out = csum[hi]
    out -= csum[lo]
    out /= size
    return out


# pages up to this many lines keep their window bounds: at most 1024 entries of 128 lines
# (~16 MB; a few MB in practice, since only a handful of window sets are asked for). Longer
# pages would hold memory in proportion to their length, and their work outweighs the set-up.
_CACHED_LINES = 128


def _window_bounds(n: int, ws: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First and past-last row of every window of ``ws`` around each of ``n`` lines, and the
    window's length (window x line x 1)."""
    idx = np.arange(n)
    w = np.asarray(ws)[:, None]
    lo = np.maximum(idx - w, 0)
    hi = np.minimum(idx + w + 1, n)
    size = (hi - lo)[:, :, None].astype(np.float64)
    return lo, hi, size


@lru_cache(maxsize=1024)
def _cached_bounds(n: int, ws: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_window_bounds``, kept per page length: building them took half of each call (~16 us of
    ~32 at 30 lines, ~11 calls a page), and short pages share their lengths."""
    bounds = _window_bounds(n, ws)
    for a in bounds:
        a.flags.writeable = False  # shared by every caller
    return bounds


_VIEWS = tuple(f"_w{w}" for w in WINDOWS) + ("_prev", "_next", "_pn")
CONTEXT_NAMES: tuple[str, ...] = (
    BASE_FEATURES
    + tuple(name + view for name in WINDOWED for view in _VIEWS)
    + ("prose_before", "prose_after", "log_dist_prose", "log_page_prose", "log_page_lines")
    + CLUSTER_NAMES
    + ANCHOR_NAMES
)
_COL = {name: i for i, name in enumerate(BASE_FEATURES)}
_WINDOWED_BASE = [_COL.get(name, -1) for name in WINDOWED]  # -1: "prose", computed here


def context_features(feats: np.ndarray, seg: Segments | None = None) -> tuple[np.ndarray, list[str]]:
    """Add neighbourhood and page-level context to the base features (of a batch of pages, laid
    out by ``seg``; one page when it is None).

    ``prose`` marks lines that read like running text (long, with stop words and sentence
    punctuation); where a line sits relative to the page's prose mass separates header
    furniture (before any prose) from footer furniture (after it). The result is written into
    one preallocated matrix, column block by column block (``CONTEXT_NAMES``).
    """
    names = list(CONTEXT_NAMES)
    n, nb = feats.shape
    X = np.empty((n, len(names)))
    if n == 0:
        return X, names
    seg = seg or Segments.one(n)
    X[:, :nb] = feats
    words = np.expm1(feats[:, _COL["log_words"]])
    prose = ((words >= 8) & ((feats[:, _COL["stop_ratio"]] >= 0.12) | (feats[:, _COL["cjk"]] > 0.3))
             & (feats[:, _COL["punct_per_word"]] > 0.02)).astype(float)
    win = feats[:, _WINDOWED_BASE]
    win[:, WINDOWED.index("prose")] = prose
    nw = win.shape[1]
    # (lines, windowed feature, view) flattened feature-major: one block instead of 48 columns;
    # the one-sided views say what comes before and after, separately
    block = np.empty((n, nw, len(_VIEWS)))
    block[:, :, : len(WINDOWS)] = windows_means(win, WINDOWS, seg).transpose(1, 2, 0)
    prev = block[:, :, len(WINDOWS)]
    nxt = block[:, :, len(WINDOWS) + 1]
    seg.shifted(win, prev, nxt)
    block[:, :, len(WINDOWS) + 2] = (prev + nxt) / 2
    c = nb + nw * len(_VIEWS)
    X[:, nb:c] = block.reshape(n, -1)
    mass = prose * np.exp(feats[:, _COL["log_chars"]])
    page_total = seg.sums(mass)
    total = seg.per_line(page_total)
    local = seg.cumsum(mass)  # the page's own running sum
    X[:, c : c + 2] = 0.0
    np.divide(local - mass, total, out=X[:, c], where=total > 0)  # prose_before
    np.divide(total - local, total, out=X[:, c + 1], where=total > 0)  # prose_after
    # distance (in lines) to the nearest prose line of the page, either way
    idx = np.arange(n)
    p_prev, p_next = seg.prev_next(prose > 0)
    dist = np.minimum(np.where(p_prev >= seg.start, idx - p_prev, 10**9), np.where(p_next < seg.end, p_next - idx, 10**9))
    X[:, c + 2] = np.log1p(np.minimum(dist, seg.size).astype(np.float64))
    # math.log1p per page, as the model's training features were computed (numpy's log1p can
    # differ from it in the last bit)
    sizes = (seg.bounds[1:] - seg.bounds[:-1]).tolist()
    X[:, c + 3] = seg.per_line(np.array([math.log1p(t) for t in np.atleast_1d(page_total).tolist()]))
    X[:, c + 4] = seg.per_line(np.array([math.log1p(k) for k in sizes]))
    c += 5
    _cluster_features(mass, prose, total, X[:, c : c + len(CLUSTER_NAMES)], seg)
    c += len(CLUSTER_NAMES)
    _anchor_features(feats[:, _COL["title_overlap"]], feats[:, _COL["log_words"]], local, total, X[:, c:], seg)
    return X, names
