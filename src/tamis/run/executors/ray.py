"""Shards as Ray tasks: the same transport contract as ``LocalExecutor``, on a cluster.

Nothing here knows what a shard is. Each item becomes one Ray task that calls ``fn(item)``; the
task's return value comes back through Ray, while the data itself travels through the run's
output folder (local disk for a one-machine Ray, an fsspec url such as ``s3://`` on a cluster).

Why retries are safe: a shard writes every file under a temporary name, renames it into place
and writes its commit marker last (see ``tamis.run.shard``). A task whose worker was killed
therefore left no marker, and Ray's own task retry (``max_retries``) simply redoes it. Only when
Ray gives up does the loss reach the runner, as ``WorkerLost``, which the runner retries again.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from tamis.errors import ConfigError
from tamis.run.executors.base import Executor, WorkerLost

T = TypeVar("T")
R = TypeVar("R")

# Results are tiny (a ShardResult); documents never pass through the object store. The smallest
# store Ray accepts is 75 MiB, so a local start stays cheap on a laptop or a 2-core CI box.
LOCAL_OBJECT_STORE_BYTES = 128 * 1024 * 1024


def _lost_errors() -> tuple[type[BaseException], ...]:
    """Ray errors that mean "the process or node running the task is gone", not "fn raised".

    Looked up by name because the set grew across Ray releases (``NodeDiedError`` and
    ``OutOfMemoryError`` are newer than 2.9)."""
    import ray.exceptions as rex

    names = ("WorkerCrashedError", "NodeDiedError", "OutOfMemoryError", "LocalRayletDiedError",
             "ObjectLostError", "OwnerDiedError", "ObjectReconstructionFailedError")
    return tuple(getattr(rex, n) for n in names if hasattr(rex, n))


def _invoke(fn: Callable[[Any], Any], item: Any) -> Any:
    """The one remote function: a generic trampoline, so ``fn`` stays any picklable callable."""
    return fn(item)


# How long to wait for a cluster's address to accept a connection: ``ray.init`` itself retries an
# unreachable address for minutes, after the output folder was claimed.
CONNECT_SECONDS = 10.0


def _check_reachable(address: str) -> None:
    """A ConfigError, before any work, when nothing listens at a ``host:port`` (or ``ray://``)
    address. "auto" and "local" name no port and are left to Ray.

    >>> _check_reachable("auto")
    >>> _check_reachable("http://head:8265")
    Traceback (most recent call last):
    ...
    tamis.errors.ConfigError: http://head:8265 is an HTTP address (the dashboard's, for `ray job submit`); give the cluster's HOST:6379 or ray://HOST:10001
    """
    if address.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{address} is an HTTP address (the dashboard's, for `ray job submit`); give the cluster's "
                          "HOST:6379 or ray://HOST:10001")
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as err:
        raise ConfigError(f"cannot reach the Ray cluster at {address} ({err}); is `ray start --head` running there, "
                          "and is its port open to this machine?") from err


class RayExecutor(Executor):
    """Run ``fn(item)`` as Ray tasks, yielding results as they complete.

    - ``address=None`` (and no ``RAY_ADDRESS`` in the environment) starts a private local Ray
      with ``workers`` CPUs and no dashboard; ``close()`` shuts it down again.
    - ``address="ray://..."``, ``"host:port"`` or ``"auto"`` connects to an existing cluster,
      whose CPUs decide the parallelism (``workers``, if larger, keeps more tasks queued so an
      autoscaling cluster grows); ``close()`` disconnects and leaves the cluster running.
    - If this process already called ``ray.init`` (with its own runtime_env, namespace, ...),
      that connection is reused as is.

    ``cpus_per_task`` is the resource hint of one shard (shard work is single-threaded Python);
    ``max_retries`` is how often Ray reruns a task whose worker died before ``WorkerLost``.
    """

    imports_main = False  # (a worker on another node has no copy of the driver's script)

    def __init__(self, workers: int | None = None, address: str | None = None, *, max_retries: int = 3,
                 cpus_per_task: float = 1.0, runtime_env: dict[str, Any] | None = None) -> None:
        try:
            import ray  # noqa: F401 - fail here, with the fix, rather than in the middle of a run
        except ImportError as err:
            raise ConfigError("the ray executor needs Ray: pip install 'tamis[ray]'") from err
        if max_retries < 0:
            raise ConfigError("max_retries must be 0 or more")
        if cpus_per_task <= 0:
            raise ConfigError("cpus_per_task must be positive")
        self.workers = max(1, workers or os.cpu_count() or 1)
        env = (os.environ.get("RAY_ADDRESS") or "").strip()
        given = (address or env).strip()
        if given.lower() == "auto" and env:  # "auto" reads RAY_ADDRESS first: checked as if given
            given = env
        # as Ray reads it: "RAY://host" is no module name (its scheme must be lower case)
        self.address = ("ray://" + given[6:] if given.lower().startswith("ray://") else given) or None
        if self.address:
            _check_reachable(self.address)
        self.max_retries = max_retries
        self.cpus_per_task = cpus_per_task
        self.runtime_env = runtime_env
        self._owns_ray = False
        self._remote: Any = None

    def _connect(self) -> Any:
        """Start or join Ray on first use, so building an executor costs nothing."""
        import ray

        if not ray.is_initialized():
            common: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
            if self.runtime_env is not None:
                common["runtime_env"] = self.runtime_env
            if self.address:
                ray.init(address=self.address, **common)
            else:
                # "local", not None: None would silently join whatever cluster ``ray start`` left
                # on this machine, which is not what a user who gave no address asked for.
                ray.init(address="local", num_cpus=self.workers, include_dashboard=False,
                         object_store_memory=LOCAL_OBJECT_STORE_BYTES, **common)
            self._owns_ray = True
        if self._remote is None:
            # retry_exceptions=False: an exception from fn is a bug or a bad item, and rerunning
            # it gives the same answer; only a dead worker is worth another attempt.
            self._remote = ray.remote(_invoke).options(num_cpus=self.cpus_per_task, max_retries=self.max_retries,
                                                        retry_exceptions=False)
        return ray

    def _window(self, ray: Any) -> int:
        """Tasks in flight: twice the task slots, so workers never wait for the driver and the
        driver never holds a million pending refs for a large corpus. The slots are the cluster's
        CPUs or ``workers``, whichever is larger: an autoscaling cluster only grows when it sees
        queued tasks, so ``workers`` is how a user asks for more than is running now."""
        cpus = max(float(ray.cluster_resources().get("CPU", 0)), float(self.workers))
        return max(2, int(2 * cpus / self.cpus_per_task))

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if not items:
            return
        ray = self._connect()
        from ray.exceptions import RayTaskError

        lost_types = _lost_errors()
        window = self._window(ray)
        queue = iter(items)
        pending: list[Any] = []
        lost: list[str] = []
        try:
            while True:
                # Unlike a broken process pool, one dead Ray worker does not stop the others,
                # so keep submitting: the runner reruns only what was lost.
                while len(pending) < window:
                    item = next(queue, _END)
                    if item is _END:
                        break
                    pending.append(self._remote.remote(fn, item))
                if not pending:
                    break
                ready, pending = ray.wait(pending, num_returns=1)
                for ref in ready:
                    try:
                        result = ray.get(ref)
                    except RayTaskError as err:
                        cause = getattr(err, "cause", None)
                        if isinstance(cause, BaseException):
                            raise cause from err  # fn's own exception, as the contract says
                        raise
                    except lost_types as err:
                        lost.append(f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")
                        continue
                    yield result
        finally:
            # The consumer stopped early or fn raised: do not leave orphan tasks on the cluster.
            for ref in pending:
                ray.cancel(ref, force=False)
        if lost:
            raise WorkerLost(f"{len(lost)} Ray task(s) lost after {self.max_retries} retries "
                             f"(first: {lost[0]}); their shards were not committed")

    def close(self) -> None:
        if self._owns_ray:
            import ray

            ray.shutdown()
            self._owns_ray = False
        self._remote = None


_END = object()
