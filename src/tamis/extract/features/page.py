"""A page as the line model sees it: its non-empty lines, their blocks, and the two stages of
feature matrices built from them (per-line features from ``features``, then the neighbourhood of
stage one's scores)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain, compress

import numpy as np

from tamis.extract.features.context import block_features, context_features, windows_means
from tamis.extract.features.lines import BASE_FEATURES, line_features, split_lines, vocab_shared
from tamis.extract.markdown import looks_markdown, markdown_plain
from tamis.extract.features.phrases import SECTION_HEADERS
from tamis.extract.features.segments import Segments

# Longest line analysed in full; longer lines are judged from a prefix so that one 100 MB line
# costs a bounded amount of memory (its length still counts in full).
MAX_LINE_CHARS = 20_000
# Text in which fewer than one line break in 40 is a blank line has no block structure to read:
# Common Crawl's WET files and trafilatura's output (FineWeb) put every paragraph on a line of its
# own with nothing between, and ``layout.reflow`` splits a flat page into one sentence per line.
# The renderings the model learned from separate paragraphs with blank lines, so such text is
# read as one block per line; read as one block, its paragraphs lost 5-7 points of recall
# (BENCHMARKS.md, "Text without blank lines"). The text itself is not changed.
BLOCKLESS_SHARE = 1 / 40


# Characters that show nothing and are no white space to ``str.strip``: zero-width space,
# non-joiner and joiner, word joiner, byte order mark, soft hyphen. A line of them is empty.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")


class Page:
    """A page's text split into lines, with the non-empty ones indexed for the model; or a batch
    of pages laid end to end (``Page.join``), which the model scores as one."""

    __slots__ = ("lines", "index", "stripped", "markdown", "_blocks", "groups", "chars", "links", "pairs", "_seg")

    def __init__(self, text: str, links: Sequence[int] | np.ndarray | None = None, lines: list[str] | None = None) -> None:
        # ``lines``: ``split_lines(text)`` when the caller has it already (``layout.reflow_lines``)
        self.lines = split_lines(text) if lines is None else lines
        # Markdown page text is read as rendered (``markdown.markdown_plain``); a line that was only
        # an image is then empty. HTML renderings carry their links as counts instead.
        read = self.lines
        if links is None and looks_markdown(text):
            plain = split_lines(markdown_plain(text))
            # the same lines, unless a "\r" and a "\n" that a link kept apart now touch (one break)
            if len(plain) == len(self.lines):
                read = plain
        self.markdown = read is not self.lines
        stripped = list(map(str.strip, read))
        if not text.isascii() and any(map(text.__contains__, INVISIBLE)):  # rare: a line of zero-width joiners is empty
            stripped = [_EDGES.sub("", s) if s[:1] in INVISIBLE or s[-1:] in INVISIBLE else s for s in stripped]
        self.index: list[int] = list(compress(range(len(stripped)), stripped))  # the non-empty lines
        self.stripped: list[str] = list(filter(None, stripped))  # and their text, in order
        self.chars: list[int] = list(map(len, self.stripped))
        if self.chars and max(self.chars) > MAX_LINE_CHARS:
            self.stripped = [s if len(s) <= MAX_LINE_CHARS else s[:MAX_LINE_CHARS] for s in self.stripped]
        self.groups: list[str | None] = []
        # distinct (line, content word) pairs, filled by ``page_matrix``
        self.pairs: tuple[np.ndarray, np.ndarray] = _NO_PAIRS
        # links per non-empty line, when the text was rendered from HTML (``html.render_page``)
        self.links: np.ndarray | None = None
        if links is not None:
            counts = np.zeros(len(self.lines), dtype=np.float64)
            given = np.asarray(links, dtype=np.float64).reshape(-1)[: len(self.lines)]
            counts[: len(given)] = given
            self.links = counts[self.index]
        # built when first asked for: a page scored in a batch never needs its own (``join``
        # builds the batch's at once), and their numpy calls were a tenth of a short page's time
        self._blocks: np.ndarray | None = None
        self._seg: Segments | None = None

    @property
    def blocks(self) -> np.ndarray:
        """Block number of each non-empty line: a run of lines with no blank line between them
        (a menu rendered one item per line, a paragraph), numbered from 0 through the batch."""
        if self._blocks is None:
            self._blocks = _block_ids(np.asarray(self.index, dtype=np.int64), np.zeros(1, dtype=np.int64))
        return self._blocks

    @property
    def seg(self) -> Segments:
        """Which of the lines belong to which page: one page, or the batch's pages (``join``)."""
        if self._seg is None:
            self._seg = Segments.one(len(self.stripped))
        return self._seg

    @classmethod
    def join(cls, pages: Sequence[Page]) -> Page:
        """The non-empty lines of ``pages`` (none of them empty) as one batch; ``lines`` and
        ``index`` stay per page (read them from the pages themselves)."""
        out = cls.__new__(cls)
        out.lines, out.index = [], []
        out.markdown = False  # its pages' own flags count (each page is output from its own lines)
        out.stripped = [s for p in pages for s in p.stripped]
        out.chars = [c for p in pages for c in p.chars]
        out.groups = []
        out.pairs = _NO_PAIRS
        linked = [p.links is not None for p in pages]
        if any(linked) and not all(linked):
            raise ValueError("a batch mixes pages with and without link counts")
        out.links = np.concatenate([p.links for p in pages]) if all(linked) else None  # type: ignore[misc]
        out._seg = Segments([len(p.stripped) for p in pages])
        index = np.fromiter(chain.from_iterable(p.index for p in pages), dtype=np.int64, count=len(out.stripped))
        out._blocks = _block_ids(index, out._seg.bounds[:-1])
        return out


_NO_PAIRS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
for _a in _NO_PAIRS:
    _a.flags.writeable = False  # shared by every page until ``page_matrix`` fills its own


def _block_ids(index: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    """Block number of each non-empty line, from the lines' indexes in their page's text
    (``Page.index``, pages laid end to end) and each page's first line in that sequence: a new
    block starts at a line that follows a blank one (its index is not the previous one's plus
    one), at every line of a page without block structure (``BLOCKLESS_SHARE``), and at each
    page's first line, the batch's very first line excepted.

    >>> _block_ids(np.array([0, 1, 3, 4, 7]), np.array([0])).tolist()
    [0, 0, 1, 1, 2]
    >>> _block_ids(np.array([0, 1, 3, 0, 2, 3]), np.array([0, 3])).tolist()
    [0, 0, 1, 2, 3, 3]
    >>> _block_ids(np.arange(50), np.array([0])).tolist()[-3:]  # no blank line at all: a block per line
    [47, 48, 49]
    """
    n = len(index)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.not_equal(index[1:], index[:-1] + 1, out=starts[1:], casting="unsafe")
        starts[firsts] = 0  # a page's first line starts no block within its page
        sizes = np.diff(np.append(firsts, n))
        blockless = (sizes > 1) & (np.add.reduceat(starts, firsts) < BLOCKLESS_SHARE * (sizes - 1))
        if blockless.any():
            starts[np.repeat(blockless, sizes)] = 1
        starts[firsts] = 1  # each page's first line starts a block of the batch
        starts[0] = 0
    return starts.cumsum()


def page_matrix(page: Page, stopwords: frozenset[str]) -> tuple[np.ndarray, list[str]]:
    """Stage-one feature matrix of ``page`` (one row per non-empty line) and column names."""
    seg = page.seg
    feats, groups, pairs = line_features(page.stripped, stopwords, seg)
    page.groups = groups
    page.pairs = pairs
    if feats.shape[0]:
        # a truncated line keeps its true length
        feats[:, 0] = np.log1p(np.asarray(page.chars, dtype=np.float64))
    block_features(page.blocks, feats, seg)
    X, names = context_features(feats, seg)
    if page.links is None:
        return X, names
    link_names = ["link_density", "has_link", "link_density_w1", "link_density_w3", "has_link_w8", "link_density_prev",
                  "link_density_next"]
    if X.shape[0] == 0:
        return np.zeros((0, X.shape[1] + len(link_names))), names + link_names
    words = np.expm1(feats[:, BASE_FEATURES.index("log_words")])
    n, m = X.shape
    out = np.empty((n, m + len(link_names)))
    out[:, :m] = X
    L = out[:, m:]  # the link columns, in link_names' order
    dens, has = L[:, 0], L[:, 1]
    np.minimum(page.links / np.maximum(words, 1.0), 1.0, out=dens)
    np.greater(page.links, 0, out=has)
    means = windows_means(L[:, :2], (1, 3, 8), seg)  # window x line x (density, has a link)
    L[:, 2], L[:, 3], L[:, 4] = means[0, :, 0], means[1, :, 0], means[2, :, 1]
    seg.shifted(dens, L[:, 5], L[:, 6])
    return out, names + link_names


def _run_ids(idx: np.ndarray, gap: int, seg: Segments | None = None) -> np.ndarray:
    """Run number of each of the sorted line indexes ``idx``: a new run starts after more than
    ``gap`` lines not in ``idx``, and at a page edge of ``seg`` (the runs of ``_core`` and
    ``_anchor_runs``).

    >>> _run_ids(np.array([0, 2, 7, 8]), 3).tolist()
    [0, 0, 1, 1]
    >>> _run_ids(np.array([0, 2, 3]), 3, Segments([3, 1])).tolist()
    [0, 0, 1]
    """
    new = np.concatenate(([True], idx[1:] - idx[:-1] - 1 > gap))
    if seg is not None and not seg.single:
        page = seg.page_of[idx]
        new[1:] |= page[1:] != page[:-1]
    return new.cumsum() - 1


def _core(p: np.ndarray, chars: np.ndarray, seg: Segments, gap: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Each page's core: stage one's likely-body lines (p > 0.5) in the run, allowing gaps of up
    to ``gap`` other lines, that holds the most likely-body text; and each line's signed
    distance to it (log lines; negative before, 0 inside, positive after; 0 on a page without
    likely-body lines).

    Teasers and comments also score as prose, but they sit outside the core and talk about
    other things, which ``core_vocab`` (words shared with the core) then shows.

    >>> core, dist = _core(np.array([0.9, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.9]), np.full(9, 100.0), Segments.one(9))
    >>> core.tolist(), dist.round(2).tolist()[-2:]
    ([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0], [1.61, 1.79])
    >>> core, dist = _core(np.array([0.9, 0.1, 0.1, 0.9, 0.9]), np.full(5, 100.0), Segments([2, 1, 2]))
    >>> core.tolist(), dist.round(2).tolist()
    ([1.0, 0.0, 0.0, 1.0, 1.0], [0.0, 0.69, 0.0, 0.0, 0.0])
    """
    n = len(p)
    idx = (p > 0.5).nonzero()[0]
    if len(idx) == 0:
        return np.zeros(n), np.zeros(n)
    if seg.single:
        return _core_one(p, chars, idx, gap)
    run = _run_ids(idx, gap, seg)
    mass = np.bincount(run, weights=(p * chars)[idx])
    first = np.concatenate(([True], run[1:] != run[:-1]))
    run_page = seg.page_of[idx[first]]  # each run's page
    pages = len(seg.bounds) - 1
    best_mass = np.full(pages, -1.0)
    np.maximum.at(best_mass, run_page, mass)
    best = np.full(pages, len(mass))  # the first run of the page with the most mass, as argmax
    top = (mass == best_mass[run_page]).nonzero()[0]
    np.minimum.at(best, run_page[top], top)
    members = idx[run == best[seg.page_of[idx]]]
    lo = np.full(pages, n)
    hi = np.full(pages, -1)
    np.minimum.at(lo, seg.page_of[members], members)
    np.maximum.at(hi, seg.page_of[members], members)
    core = np.zeros(n)
    core[members] = 1.0
    pos = np.arange(n)
    lo_l, hi_l = lo[seg.page_of], hi[seg.page_of]
    has = hi_l >= 0
    dist = np.where(has, np.log1p(np.maximum(pos - hi_l, 0)) - np.log1p(np.maximum(lo_l - pos, 0)), 0.0)
    return core, dist


def _core_one(p: np.ndarray, chars: np.ndarray, idx: np.ndarray, gap: int) -> tuple[np.ndarray, np.ndarray]:
    """``_core`` of one page, whose likely-body lines ``idx`` are not empty: the direct way,
    half the time of the per-page bookkeeping (and the batch tests compare the two)."""
    n = len(p)
    run = _run_ids(idx, gap)
    mass = np.bincount(run, weights=(p * chars)[idx])
    members = idx[run == int(mass.argmax())]
    lo, hi = int(members[0]), int(members[-1])
    core = np.zeros(n)
    core[members] = 1.0
    pos = np.arange(n)
    return core, np.log1p(np.maximum(pos - hi, 0)) - np.log1p(np.maximum(lo - pos, 0))


def _anchor_runs(anchor: np.ndarray, prose: np.ndarray, seg: Segments, reach: int = 12, gap: int = 3) -> np.ndarray:
    """Indicator of the run of prose lines that starts within ``reach`` lines after each page's
    headline ``anchor`` (a line repeating the page's ``<title>``; the page's end where it has
    none), allowing gaps of up to ``gap`` other lines; zero on pages without an anchor or
    without prose after it.

    The article is the text under its headline. Where teasers or comments outweigh a short
    article, the page's largest block (``_core``) is the wrong reference; the text right after
    the headline is the right one.

    >>> _anchor_runs(np.array([1]), np.array([1, 0, 0, 1, 1, 0, 0, 0, 0, 1], dtype=bool), Segments.one(10)).tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    >>> _anchor_runs(np.array([3]), np.ones(3, dtype=bool), Segments.one(3)).tolist()
    [0.0, 0.0, 0.0]
    >>> _anchor_runs(np.array([0, 3]), np.array([0, 1, 1, 0, 1], dtype=bool), Segments([3, 2])).tolist()
    [0.0, 1.0, 1.0, 0.0, 1.0]
    """
    n = len(prose)
    out = np.zeros(n)
    if seg.single:  # the direct way (and the batch tests compare the two)
        a = int(anchor[0])
        after = prose[a + 1 :].nonzero()[0] + a + 1
        if a < n and len(after) and after[0] <= a + reach:
            out[after[_run_ids(after, gap) == 0]] = 1.0
        return out
    pidx = prose.nonzero()[0]
    ends = seg.bounds[1:]
    has = anchor < ends
    if len(pidx) == 0 or not has.any():
        return out
    a = anchor[has]
    j = pidx.searchsorted(a, side="right")  # the first prose line after each anchor
    f = pidx[np.minimum(j, len(pidx) - 1)]
    ok = (j < len(pidx)) & (f < ends[has]) & (f <= a + reach)
    if not ok.any():
        return out
    run = _run_ids(pidx, gap, seg)
    chosen = np.zeros(int(run[-1]) + 1, dtype=bool)
    chosen[run[j[ok]]] = True
    # the run's lines after the anchor (a run may also hold prose before it)
    after = np.full(len(ends), n)
    after[has.nonzero()[0][ok]] = a[ok]
    mark = pidx[chosen[run]]
    mark = mark[mark > after[seg.page_of[mark]]]
    out[mark] = 1.0
    return out


# stage one's smoothed score at these window sizes
_S1_WINDOWS = (1, 2, 4, 8, 16)
# and the windows of all of stage two's windowed means (``stage2_matrix``)
_WINDOWS2 = (1, 2, 3, 4, 8, 16)
STAGE2_NAMES: tuple[str, ...] = (
    ("s1",) + tuple(f"s1_w{w}" for w in _S1_WINDOWS)
    + ("s1_prev", "s1_next", "s1_before", "s1_after", "s1_peak_dist", "s1_page_mean", "s1_w8_rel",
       "s1_vocab", "s1_vocab_w1", "s1_vocab_w3", "core_vocab", "core_vocab_w2", "core_dist", "s1_headers_passed",
       "anchor_run", "anchor_vocab", "anchor_vocab_w2")
)


def stage2_matrix(page: Page, X: np.ndarray, names: list[str], logits: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Stage-two features: stage one's own inputs plus its scores of the neighbourhood, the
    page's vocabulary shared with the likely article, and furniture section headers passed
    (``STAGE2_NAMES``, written into one preallocated matrix)."""
    n = len(logits)
    m = X.shape[1]
    out = np.empty((n, m + len(STAGE2_NAMES)))
    names2 = names + list(STAGE2_NAMES)
    if n == 0:
        return out, names2
    seg = page.seg
    out[:, :m] = X
    # the new columns are built in a (column x line) array, each column contiguous, and moved
    # into ``out`` at the end in one copy: written one by one into the rows of ``out`` they
    # touched every row's cache lines again for each of them
    S = np.empty((len(STAGE2_NAMES), n))
    c = dict(zip(STAGE2_NAMES, S))  # writable column views (the rows of S), by name
    p = 1.0 / (1.0 + np.exp(-logits.clip(-30, 30)))
    c["s1"][:] = logits
    seg.shifted(p, c["s1_prev"], c["s1_next"])
    chars = np.expm1(X[:, names.index("log_chars")])
    mass = p * chars
    total = seg.per_line(seg.sums(mass))
    local = seg.cumsum(mass)  # the page's own running sum
    c["s1_before"][:] = c["s1_after"][:] = 0.0
    np.divide(local - mass, total, out=c["s1_before"], where=total > 0)
    np.divide(total - local, total, out=c["s1_after"], where=total > 0)
    # words shared with lines stage one believes are article text, and with its core
    vocab = len(page.groups) == n
    core, core_dist = _core(p, chars, seg)
    c["core_dist"][:] = core_dist
    if vocab:
        c["s1_vocab"][:] = vocab_shared(page.pairs[0], page.pairs[1], p, n)
        c["core_vocab"][:] = vocab_shared(page.pairs[0], page.pairs[1], core, n)
    else:
        c["s1_vocab"][:] = c["core_vocab"][:] = 0.0
    # a furniture section header ("Comments", "Related", "About the author") after the start
    # of the likely article: what follows it is usually furniture, however prose-like
    words = np.expm1(X[:, names.index("log_words")])
    groups = page.groups if vocab else [None] * n
    header = np.fromiter(map(SECTION_HEADERS.__contains__, groups), dtype=bool, count=n) & (words <= 6)
    start = seg.first((p > 0.5) & (words >= 8))[seg.page_of]
    header &= np.arange(n) > start
    passed = header.cumsum() - header
    if not seg.single:
        passed -= passed[seg.start]  # headers of earlier pages
    c["s1_headers_passed"][:] = np.minimum(passed, 3)
    # the text under the headline, and the words each line shares with it
    found = X[:, names.index("anchor_found")] > 0
    at = seg.first(found & (X[:, names.index("anchor_dist")] == 0))
    prose = (words >= 8) & (X[:, names.index("ends_sentence")] > 0)
    run = _anchor_runs(at, prose, seg)
    c["anchor_run"][:] = run
    c["anchor_vocab"][:] = vocab_shared(page.pairs[0], page.pairs[1], run, n) if vocab and run.any() else 0.0
    # every windowed mean at once, from one running sum per page of the four columns (each
    # column's sums are those it has alone): three calls, each a dozen numpy calls per batch, were one
    means = windows_means(np.column_stack((p, c["s1_vocab"], c["core_vocab"], c["anchor_vocab"])), _WINDOWS2, seg)
    for w in _S1_WINDOWS:
        c[f"s1_w{w}"][:] = means[_WINDOWS2.index(w), :, 0]
    c["s1_vocab_w1"][:] = means[_WINDOWS2.index(1), :, 1]
    c["s1_vocab_w3"][:] = means[_WINDOWS2.index(3), :, 1]
    c["core_vocab_w2"][:] = means[_WINDOWS2.index(2), :, 2]
    c["anchor_vocab_w2"][:] = means[_WINDOWS2.index(2), :, 3]
    # the page's strongest region: distance to the argmax of the smoothed score, as a fraction
    sm = c["s1_w8"]
    peak = seg.argmax(sm)[seg.page_of]
    c["s1_peak_dist"][:] = np.abs(np.arange(n) - peak) / np.maximum(1, seg.size)
    mean = seg.per_line(seg.means(p))
    c["s1_page_mean"][:] = mean
    c["s1_w8_rel"][:] = sm - mean
    out[:, m:] = S.T
    return out, names2
