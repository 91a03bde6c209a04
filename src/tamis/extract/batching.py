"""Pages in batches for the line model: the model's per-page overhead (a few hundred numpy
calls) is paid once per batch, and the batch's arrays stay bounded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

# A batch ends at this many characters or pages, whichever comes first. Its arrays take ~100
# bytes per character (a 1 MB batch of the benchmark's pages raised peak RSS by 108 MB), and the
# per-page overhead is paid off well before either bound: batches of 100 kB and of 1 MB ran at
# the same docs/s (2026-11-29).
BATCH_CHARS = 250_000
BATCH_PAGES = 256


def batches(items: Iterable[T], chars: Callable[[T], int] = len) -> Iterator[list[T]]:  # type: ignore[assignment]
    """``items`` in consecutive batches of at most ``BATCH_PAGES``, each ending at the item that
    brings it to ``BATCH_CHARS`` characters (as ``chars`` counts them) or more.

    >>> [len(b) for b in batches(["a" * BATCH_CHARS, "b", "c" * (BATCH_CHARS - 2), "d", "e"])]
    [1, 3, 1]
    """
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += chars(item)
        if total >= BATCH_CHARS or len(batch) >= BATCH_PAGES:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
