"""Pages laid end to end: which of a batch's lines belong to which page.

The line model's features are a few hundred numpy calls per page whatever its size, so on the
short pages of a crawl (a median of 8 lines) the calls, not the work, cost most of the time.
Scoring many pages as one matrix pays for the calls once per batch. Every page-level quantity
(totals, maxima, neighbourhood windows, "the first line that ...") is then taken per segment.
Sums and running sums are each page's own (numpy sums pairwise, and a running sum over the
whole batch, less the page's offset, would round differently), so a page's features are the
same to the last bit whatever its neighbours in the batch: the model reads exactly the numbers
it was trained on, and a batch decides as the pages alone would. With one segment, the helpers
make the same numpy calls as the single-page code.

Every segment holds at least one line: the caller leaves empty pages out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


# Pages of up to this many lines get their running sums in blocks of pages of similar length
# (``Segments._running``); a longer page is summed alone, as its few calls cost little next to
# its work.
_GROUPED_LINES = 1024


class Segments:
    """Consecutive runs of lines (pages) of a batch of ``n`` lines."""

    __slots__ = ("bounds", "single", "page_of", "start", "end", "size", "n", "_groups")

    def __init__(self, sizes: Sequence[int] | np.ndarray) -> None:
        sizes = np.asarray(sizes, dtype=np.int64)
        self.bounds = np.zeros(len(sizes) + 1, dtype=np.int64)
        sizes.cumsum(out=self.bounds[1:])
        self.n = int(self.bounds[-1])
        self.single = len(sizes) == 1
        self._groups: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] | None = None
        # per line: its page, and the page's first and past-last line (the batch's arrays)
        if self.single:  # every page has these (``Page``), so build them cheaply
            self.page_of = self.start = np.zeros(self.n, dtype=np.int64)
            self.end = self.size = np.full(self.n, self.n, dtype=np.int64)
        else:
            self.page_of = np.repeat(np.arange(len(sizes)), sizes)
            self.start = self.bounds[:-1][self.page_of]
            self.end = self.bounds[1:][self.page_of]
            self.size = sizes[self.page_of]

    @classmethod
    def one(cls, n: int) -> Segments:
        """One page of ``n`` lines (built directly: every ``Page`` makes one)."""
        seg = cls.__new__(cls)
        seg.bounds = np.array([0, n], dtype=np.int64)
        seg.n, seg.single = n, True
        seg._groups = None
        seg.page_of = seg.start = np.zeros(n, dtype=np.int64)
        seg.end = seg.size = np.full(n, n, dtype=np.int64)
        return seg

    def sums(self, x: np.ndarray) -> np.ndarray:
        """Per-page sums of ``x`` (a float for one page), each as ``x[page].sum()``: numpy sums
        pairwise, and a single pass over the batch would round differently.

        >>> Segments([2, 1]).sums(np.array([1.0, 2.0, 4.0])).tolist()
        [3.0, 4.0]
        """
        if self.single:
            return x.sum()
        b = self.bounds.tolist()
        return np.array([x[b[k] : b[k + 1]].sum() for k in range(len(b) - 1)])

    def means(self, x: np.ndarray) -> np.ndarray:
        """Per-page means of ``x`` (a float for one page), each as ``x[page].mean()``: numpy's
        mean of floats is their sum divided by their count, so each page's ``sums`` divided by
        its length, without ``mean``'s call overhead per page (10-15 us, more than the sum).

        >>> Segments([2, 1]).means(np.array([0.1, 0.7, 0.3])).tolist() == [np.array([0.1, 0.7]).mean(), 0.3]
        True
        """
        if self.single:
            return x.mean()
        return self.sums(x) / np.diff(self.bounds)

    def per_line(self, values: np.ndarray) -> np.ndarray:
        """Each line's value of the per-page ``values`` (from ``sums``, ``means``, ...); for one
        page, the value itself, which broadcasts (``np.broadcast_to`` cost ~10 us a call)."""
        return values if self.single else values[self.page_of]

    def cumsum(self, x: np.ndarray) -> np.ndarray:
        """Running sums of ``x`` (along its first axis) within each page: each page's own
        ``np.cumsum``, so that a page's values do not depend on the pages before it (a running
        sum over the batch, less the page's offset, would round differently).

        >>> Segments([2, 2]).cumsum(np.array([1.0, 2.0, 4.0, 8.0])).tolist()
        [1.0, 3.0, 4.0, 12.0]
        """
        if self.single:
            return x.cumsum(axis=0)
        out = np.empty(x.shape)
        self._running(x, out, 0)
        return out

    def padded_cumsum(self, x: np.ndarray) -> np.ndarray:
        """``cumsum`` of the (line x column) ``x`` with a row of zeros before each page: the
        sum of lines ``[i, j)`` of page ``k`` is ``out[j + k] - out[i + k]``.

        >>> Segments([2, 3]).padded_cumsum(np.array([[1.0], [2.0], [4.0], [8.0], [16.0]]))[:, 0].tolist()
        [0.0, 1.0, 3.0, 0.0, 4.0, 12.0, 28.0]
        """
        out = np.zeros((x.shape[0] + len(self.bounds) - 1, x.shape[1]))
        self._running(x, out, 1)
        return out

    def _running(self, x: np.ndarray, out: np.ndarray, shift: int) -> None:
        """Each page's own ``np.cumsum`` of ``x`` (along its first axis) into ``out``, a page's
        rows moved down by ``shift`` per page up to and including it.

        One ``cumsum`` per page cost a tenth of a short page's time in calls. Pages of similar
        length are summed as one block instead, padded with zeros at their ends to the group's
        width (``_page_groups``): ``cumsum`` along a block's rows adds each page's values in
        the same order as its own ``cumsum`` does, so the sums are the same to the last bit,
        and the padding after a page's end changes none of its sums.
        """
        if self._groups is None:
            self._groups = self._page_groups()
        padded = np.concatenate((x, np.zeros((1,) + x.shape[1:])))  # row n: the padding's zeros
        for rows, valid, lines, pages in self._groups:
            block = padded[rows].cumsum(axis=1)
            out[lines + shift * (pages + 1) if shift else lines] = block[valid]
        b = self.bounds.tolist()
        for k in (np.diff(self.bounds) > _GROUPED_LINES).nonzero()[0].tolist():  # long pages one by one
            x[b[k] : b[k + 1]].cumsum(axis=0, out=out[b[k] + shift * (k + 1) : b[k + 1] + shift * (k + 1)])

    def _page_groups(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """The pages of up to ``_GROUPED_LINES`` lines in groups by length, each padded to the
        next power of two (at most twice the work): per group, the (pages x width) rows of the
        pages' lines, the padding pointing at row ``n``; which of them are lines; and those
        lines' rows and pages, in order. Built once per batch, used by every running sum."""
        sizes = np.diff(self.bounds)
        width = np.ones(len(sizes), dtype=np.int64)
        np.left_shift(1, np.ceil(np.log2(np.maximum(sizes, 1))).astype(np.int64), out=width)
        groups = []
        for w in np.unique(width[sizes <= _GROUPED_LINES]).tolist():
            pages = ((width == w) & (sizes <= _GROUPED_LINES)).nonzero()[0]
            offset = np.arange(w)
            valid = offset < sizes[pages, None]
            rows = np.where(valid, self.bounds[pages, None] + offset, self.n)
            lines = rows[valid]
            groups.append((rows, valid, lines, self.page_of[lines]))
        return groups

    def maxima(self, x: np.ndarray) -> np.ndarray:
        """Per-page maxima of ``x``."""
        if self.single:
            return x.max()
        return np.maximum.reduceat(x, self.bounds[:-1])

    def first(self, mask: np.ndarray) -> np.ndarray:
        """Per page, the index (in the batch) of its first line where ``mask`` holds, else the
        page's end.

        >>> Segments([3, 2]).first(np.array([0, 1, 1, 0, 0], dtype=bool)).tolist()
        [1, 5]
        """
        at = np.where(mask, np.arange(self.n), self.end)
        return np.minimum.reduceat(at, self.bounds[:-1])

    def argmax(self, x: np.ndarray) -> np.ndarray:
        """Per page, the index (in the batch) of its first maximum of ``x``, as ``np.argmax``.

        >>> Segments([3, 2]).argmax(np.array([1.0, 3.0, 3.0, 0.0, 2.0])).tolist()
        [1, 4]
        """
        if self.single:
            return np.array([int(x.argmax())])
        return self.first(x == self.maxima(x)[self.page_of])

    def prev_next(self, flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of the nearest flagged line of the same page at or before / at or after each
        line; where there is none, the line before the page's first / the page's end.

        >>> [x.tolist() for x in Segments([4, 2]).prev_next(np.array([0, 1, 0, 0, 0, 1], dtype=bool))]
        [[-1, 1, 1, 1, 3, 5], [1, 1, 4, 4, 5, 5]]
        """
        idx = np.arange(self.n)
        prev = np.maximum.accumulate(np.where(flag, idx, -1))
        nxt = np.minimum.accumulate(np.where(flag, idx, self.n)[::-1])[::-1]
        if not self.single:
            # a flag on another page is no neighbour
            prev = np.where(prev >= self.start, prev, self.start - 1)
            nxt = np.where(nxt < self.end, nxt, self.end)
        return prev, nxt

    def shifted(self, col: np.ndarray, out_prev: np.ndarray, out_next: np.ndarray) -> None:
        """Write each line's previous and next line's value of ``col`` (0 across a page edge)."""
        out_prev[0] = 0.0
        out_prev[1:] = col[:-1]
        out_next[:-1] = col[1:]
        out_next[-1] = 0.0
        if not self.single:
            firsts = self.bounds[1:-1]
            out_prev[firsts] = 0.0
            out_next[firsts - 1] = 0.0

    def window_bounds(self, ws: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of ``padded_cumsum`` that bound the window ``[i-w, i+w]`` of every ``w`` of ``ws``
        around each line, clipped to its page, and the window's length (window x line x 1)."""
        idx = np.arange(self.n)
        w = np.asarray(ws)[:, None]
        lo = np.maximum(idx - w, self.start)
        hi = np.minimum(idx + w + 1, self.end)
        size = (hi - lo)[:, :, None].astype(np.float64)
        return lo + self.page_of, hi + self.page_of, size
