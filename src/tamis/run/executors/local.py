"""Worker processes on this machine: the embedded default, no services."""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from tamis.run.executors.base import Executor, WorkerLost

T = TypeVar("T")
R = TypeVar("R")
_END = object()


class LocalExecutor(Executor):
    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: pyarrow and rich start threads, and forking a threaded process can
            # deadlock the child.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=_watch_parent,
                                             initargs=(os.getpid(),))
        return self._pool

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        # Even one task runs in a worker process: a crash there (a segfault in a parser, the OOM
        # killer) becomes WorkerLost, a failed shard in the summary and a rerun that resumes;
        # run here, it took the driver down with no summary at all. The in-process executor is
        # the choice for no process hop.
        if not items:
            return
        pool = self._get_pool()
        # Submit lazily, a few tasks ahead, so results stream and memory stays flat.
        pending: set[Future[R]] = set()
        queue = iter(items)
        lost = False
        while True:
            while not lost and len(pending) < self.workers * 2:
                item = next(queue, _END)
                if item is _END:
                    break
                try:
                    pending.add(pool.submit(fn, item))
                except BrokenProcessPool:
                    lost = True
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    lost = True
        if lost:
            self.close()
            raise WorkerLost("a worker process died; unfinished shards were not committed")

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is not None and not issubclass(exc[0], Exception):
            # interrupted (Ctrl-C, or SIGTERM, which the CLI raises as an interrupt): do not wait
            # for the running shards, which are not committed and rerun on resume. A worker left
            # waiting on its task queue never exits on its own: each holds that queue's write end.
            self._terminate_workers()
        self.close()

    def _terminate_workers(self) -> None:
        if self._pool is None:
            return
        # ``ProcessPoolExecutor.terminate_workers`` is Python 3.14's; before it, its process table
        terminate = getattr(self._pool, "terminate_workers", None)
        if terminate is not None:
            terminate()
            return
        processes = getattr(self._pool, "_processes", None) or {}
        for proc in list(processes.values()):
            proc.terminate()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """In each worker: end it when the driver is gone. Killed outright (SIGKILL, the OOM killer),
    the driver cannot stop its workers, and a worker waiting on its task queue never sees that
    queue close (every worker holds its write end): they lived on, re-parented to init. Its
    shard is not committed, and a rerun redoes it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="tamis-parent-watch", daemon=True).start()
