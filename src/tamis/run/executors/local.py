"""Worker processes on this machine: the embedded default, no services."""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar, cast

from tamis.run.executors.base import Executor, WorkerLost

T = TypeVar("T")
R = TypeVar("R")
_END = object()
_LOST = object()  # an isolated task whose worker died


class LocalExecutor(Executor):
    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._solo: set[ProcessPoolExecutor] = set()  # one-task pools that isolate a broken pool's tasks

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = self._new_pool(self.workers)
        return self._pool

    @staticmethod
    def _new_pool(workers: int) -> ProcessPoolExecutor:
        # spawn, not fork: pyarrow and rich start threads, and forking a threaded process can
        # deadlock the child.
        return ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_watch_parent,
                                   initargs=(os.getpid(),))

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        # Even one task runs in a worker process: a crash there (a segfault in a parser, the OOM
        # killer) becomes WorkerLost, a failed shard in the summary and a rerun that resumes;
        # run here, it took the driver down with no summary at all. The in-process executor is
        # the choice for no process hop.
        if not items:
            return
        queue = iter(items)
        lost = 0
        while suspects := (yield from self._pooled(fn, queue)):
            # One dead worker breaks the whole pool and fails every task in it, not only its own:
            # run each of those again in a process of its own, so that only a task that kills its
            # worker again is lost (run together, they broke the pool again on every retry).
            self.close()
            if len(suspects) == 1:  # alone in the pool: its worker was the one that died
                lost += 1
                continue
            for result in self._isolated(fn, suspects):
                if result is _LOST:
                    lost += 1
                else:
                    yield cast(R, result)
        if lost:
            raise WorkerLost(f"a worker process died ({lost} task(s) lost: killed, out of memory or a crash in "
                             "compiled code); unfinished shards were not committed")

    def _pooled(self, fn: Callable[[T], R], queue: Iterator[T]) -> Generator[R, None, list[T]]:
        """Run the queue's items in the pool, a few ahead so results stream and memory stays flat,
        yielding results as they complete. Returns the items a broken pool lost (none when the
        queue ran out)."""
        pool = self._get_pool()
        pending: dict[Future[R], T] = {}
        lost: list[T] = []
        while True:
            while not lost and len(pending) < self.workers * 2:
                item = next(queue, _END)
                if item is _END:
                    break
                try:
                    pending[pool.submit(fn, cast(T, item))] = cast(T, item)
                except BrokenProcessPool:
                    lost.append(cast(T, item))
            if not pending:
                return lost
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                item = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    lost.append(item)
                    continue
                yield result

    def _isolated(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R | object]:
        """Each item in a one-process pool of its own, ``workers`` at a time: a worker that dies
        there takes only its own task down, which comes back as ``_LOST``."""
        queue = iter(items)
        running: dict[Future[R], ProcessPoolExecutor] = {}
        while True:
            while len(running) < self.workers and (item := next(queue, _END)) is not _END:
                pool = self._new_pool(1)
                self._solo.add(pool)  # for close() and an interrupt, should this generator stop early
                running[pool.submit(fn, cast(T, item))] = pool
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                pool = running.pop(fut)
                pool.shutdown(wait=True)
                self._solo.discard(pool)
                try:
                    result: R | object = fut.result()
                except BrokenProcessPool:
                    result = _LOST
                yield result

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is not None and not issubclass(exc[0], Exception):
            # interrupted (Ctrl-C, or SIGTERM, which the CLI raises as an interrupt): do not wait
            # for the running shards, which are not committed and rerun on resume. A worker left
            # waiting on its task queue never exits on its own: each holds that queue's write end.
            self._terminate_workers()
        self.close()

    def _terminate_workers(self) -> None:
        for pool in [self._pool, *self._solo]:
            if pool is not None:
                _terminate(pool)

    def close(self) -> None:
        for pool in [self._pool, *self._solo]:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        self._solo.clear()


def _terminate(pool: ProcessPoolExecutor) -> None:
    # ``ProcessPoolExecutor.terminate_workers`` is Python 3.14's; before it, its process table
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    processes = getattr(pool, "_processes", None) or {}
    for proc in list(processes.values()):
        proc.terminate()


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
