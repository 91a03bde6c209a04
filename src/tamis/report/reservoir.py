"""A uniform sample of a stream of unknown length: the report's documents per reason and its
signal values, held within a fixed size whatever the run's."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any


class Reservoir:
    """Uniform sample of at most ``cap`` items from a stream of unknown length (algorithm R).

    >>> r = Reservoir(3, random.Random(0))
    >>> for i in range(100): r.add(lambda i=i: i)
    >>> len(r.items), r.seen
    (3, 100)
    """

    def __init__(self, cap: int, rng: random.Random) -> None:
        self.cap, self.rng, self.seen = cap, rng, 0
        self.items: list[Any] = []

    def add(self, make: Callable[[], Any]) -> None:
        """``make`` builds the item only when it is taken, so skipped items cost nothing."""
        self.seen += 1
        if len(self.items) < self.cap:
            self.items.append(make())
        else:
            j = int(self.rng.random() * self.seen)
            if j < self.cap:
                self.items[j] = make()

    def add_value(self, value: Any) -> None:
        """``add`` for a ready value (the hot path for signal values)."""
        self.seen += 1
        if len(self.items) < self.cap:
            self.items.append(value)
        else:
            j = int(self.rng.random() * self.seen)
            if j < self.cap:
                self.items[j] = value
