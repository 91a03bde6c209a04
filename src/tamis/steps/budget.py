"""A wall-clock budget per document and step, so that one page cannot stall its shard.

Every algorithm in tamis is meant to be linear in its input, and the readers cap a document's
size, so a size cap is meant to be a time cap. A budget holds when that fails: a pattern that
backtracks on an input nobody foresaw (two did, on runs of spaces and of dotted labels), or a
user's step waiting on a service. The shard runner arms a clock for the shard
(``document_clock``); the step base class opens each document's window (``CLOCK.begin``) around
``apply`` and around a batch's ``prefetch``. A document past its window gets ``OverBudget``
raised in it, a ``DocumentError``: it is quarantined with the reason ``time_budget``, and the
shard goes on.

How: an interval timer (``SIGALRM``) ticks while a shard runs, and its handler raises in the
main thread when the open window has passed. Python's regular expression engines (``re`` and
``regex``) check for signals as they match, so a runaway pattern is stopped; one call into
compiled code that does not (numpy, the HTML parser) is stopped when it returns. A timer set
before (``pytest-timeout``, a caller's ``alarm``) keeps its deadline: it is put back afterwards,
and its handler is called if it falls due meanwhile. Off the main thread, or where the platform
has no interval timer (Windows), signals cannot be used: documents then run unbudgeted.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tamis.errors import DocumentError


class OverBudget(DocumentError):
    """A document took longer than the budget of one step; it is quarantined."""

    def __init__(self, seconds: float) -> None:
        super().__init__("time_budget", f"over the time budget of {seconds:g} s per document and step")


class _Clock:
    __slots__ = ("seconds", "deadline", "outer", "outer_interval", "outer_handler")

    def __init__(self) -> None:
        self.seconds: float | None = None  # the budget while a clock is armed, else None
        self.deadline: float | None = None  # the open window's end (time.monotonic)
        self.outer: float | None = None  # when a timer set before this clock falls due
        self.outer_interval = 0.0  # and its interval, if it repeats
        self.outer_handler: Any = None

    def begin(self) -> None:
        """Open a document's window (a no-op while no clock is armed)."""
        if self.seconds is not None:
            self.deadline = time.monotonic() + self.seconds

    def end(self) -> None:
        self.deadline = None

    def _tick(self, signum: int, frame: Any) -> None:
        now = time.monotonic()
        if self.outer is not None and now >= self.outer:
            self.outer = now + self.outer_interval if self.outer_interval else None
            if callable(self.outer_handler):
                self.outer_handler(signum, frame)
        if self.deadline is not None and now > self.deadline and self.seconds is not None:
            self.deadline = None  # raised once: the step's and the runner's handling must not be interrupted
            raise OverBudget(self.seconds)


CLOCK = _Clock()


def can_budget() -> bool:
    """Whether documents can be interrupted here: an interval timer, on the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def document_clock(seconds: float | None) -> Iterator[bool]:
    """Arm the clock for the ``with`` block (a shard's run): each document window opened in it
    lasts ``seconds``. Yields whether the budget is enforced (see ``can_budget``); with
    ``seconds`` None or 0, or already armed (a nested run), it changes nothing."""
    if not seconds or CLOCK.seconds is not None or not can_budget():
        yield False
        return
    tick = min(1.0, max(0.01, seconds / 10))  # a window overruns by at most a tick
    delay, interval = signal.getitimer(signal.ITIMER_REAL)
    CLOCK.outer = time.monotonic() + delay if delay > 0 else None
    CLOCK.outer_interval = interval
    CLOCK.outer_handler = signal.signal(signal.SIGALRM, CLOCK._tick)
    CLOCK.seconds = seconds
    # an earlier timer that falls due sooner, or repeats faster, than the tick sets the pace
    signal.setitimer(signal.ITIMER_REAL, min(tick, delay) if delay > 0 else tick, min(tick, interval) if interval > 0 else tick)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        CLOCK.seconds = CLOCK.deadline = None
        # (None: the handler was not set from Python, and cannot be put back from it)
        signal.signal(signal.SIGALRM, CLOCK.outer_handler if CLOCK.outer_handler is not None else signal.SIG_DFL)
        if CLOCK.outer is not None:  # the earlier timer, with what is left of its delay
            signal.setitimer(signal.ITIMER_REAL, max(CLOCK.outer - time.monotonic(), 0.001), CLOCK.outer_interval)
        CLOCK.outer = CLOCK.outer_handler = None
        CLOCK.outer_interval = 0.0
