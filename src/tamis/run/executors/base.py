"""The Executor contract (one screen)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from tamis.errors import RetryableError

T = TypeVar("T")
R = TypeVar("R")


class WorkerLost(RetryableError):
    """A worker died mid-task (killed, out of memory). Its shard was not committed; rerun it."""


class Executor(ABC):
    """Runs ``fn(item)`` for each item, possibly in parallel, and yields the results as they
    complete (in any order). ``fn`` and the items must be picklable. Errors raised by ``fn``
    propagate; a lost worker raises ``WorkerLost`` after the surviving tasks have finished, and
    only the tasks that died with a worker are lost: the runner reruns whatever yielded nothing."""

    workers: int = 1
    # Whether the workers can import the driver's ``__main__`` (a step defined in the script that
    # starts the run): local processes re-import it (hence the script's ``__main__`` guard); Ray's
    # workers on other machines cannot, and such a step is refused before any work.
    imports_main: bool = True

    @abstractmethod
    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None:
        """Release workers. Executors are reusable until closed."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class InProcessExecutor(Executor):
    """Runs everything in the calling process, in order: deterministic and easy to debug."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)
