"""Executors are transports: they run picklable shard tasks and return results.

None of them knows what a step does. ``InProcessExecutor`` runs the tasks in the calling process
(the test double, and ``--executor inprocess`` for debugging), ``LocalExecutor`` uses worker
processes (the embedded default), ``RayExecutor`` (``executors/ray.py``, imported only when asked
for, as Ray is an optional extra) runs on a cluster.
"""

from tamis.run.executors.base import Executor, InProcessExecutor, WorkerLost
from tamis.run.executors.local import LocalExecutor

__all__ = ["Executor", "InProcessExecutor", "LocalExecutor", "WorkerLost", "make_executor"]


def make_executor(kind: str, workers: int, address: str | None = None) -> Executor:
    """Build an executor by name (``inprocess``, ``local``, ``ray``); Ray is imported lazily."""
    from tamis.errors import ConfigError

    if kind == "inprocess":
        return InProcessExecutor()
    if kind == "local":
        return LocalExecutor(workers)
    if kind == "ray":
        from tamis.run.executors.ray import RayExecutor

        return RayExecutor(workers, address)
    raise ConfigError(f"unknown executor {kind!r} (known: inprocess, local, ray)")
