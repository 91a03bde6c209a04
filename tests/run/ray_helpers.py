"""Test-only steps and tasks for the Ray executor tests.

They live in a real module (not in the test file) because Ray workers import them by name:
``tests.run.ray_helpers:SlowStep`` in a StepSpec, or the functions below pickled by reference.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tamis.document import Document
from tamis.steps.base import Drop, Filter, GlobalStep


def _tag(doc_id: str) -> str:
    """A file-name-safe key for the shard, taken from its first document's id."""
    return hashlib.sha1(doc_id.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class SlowConfig:
    pid_dir: str
    seconds: float = 0.0
    only: str = ""  # act only in shards whose first document id contains this


class SlowStep(Filter):
    """Pass-through. On a shard's first document it records (pid, attempt) in ``pid_dir`` and,
    on the shard's first attempt only, sleeps, so a test can find the worker and kill it."""

    name = "test_slow"
    Config = SlowConfig

    def __init__(self, config: Any = None) -> None:
        super().__init__(config)
        self._seen = False

    def decide(self, doc: Document) -> Drop | None:
        if self._seen or self.config.only not in doc.id:
            return None
        self._seen = True
        tag = _tag(doc.id)
        os.makedirs(self.config.pid_dir, exist_ok=True)
        # Attempts first: once the .first file (which a test watches) exists, the pid is recorded.
        with open(os.path.join(self.config.pid_dir, f"{tag}.attempts"), "a") as fh:
            fh.write(f"{os.getpid()}\n")
        try:
            fd = os.open(os.path.join(self.config.pid_dir, f"{tag}.first"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.write(fd, json.dumps({"pid": os.getpid(), "doc": doc.id}).encode())
            os.close(fd)
            first = True
        except FileExistsError:
            first = False
        if first:
            time.sleep(self.config.seconds)
        return None


@dataclass(frozen=True, slots=True)
class KillConfig:
    only: str


class KillSelf(Filter):
    """Kills its own worker process (SIGKILL) in shards whose first document id contains ``only``:
    a worker that dies on every attempt, as with a poison input that blows memory."""

    name = "test_kill_self"
    Config = KillConfig

    def decide(self, doc: Document) -> Drop | None:
        if self.config.only in doc.id:
            os.kill(os.getpid(), signal.SIGKILL)
        return None


@dataclass(frozen=True, slots=True)
class DedupConfig:
    partitions: int = 3


class ExactDedup(GlobalStep):
    """A tiny exact-text dedup with a partitioned, executor-spread resolve, shaped like the real
    dedup stages: observe (hash per doc) -> resolve (one task per hash partition, through
    ``ctx.executor.map``) -> prepare/apply (drop the non-first copies)."""

    name = "test_exact_dedup"
    Config = DedupConfig
    spill_schema = pa.schema([("id", pa.string()), ("h", pa.string())])

    def __init__(self, config: Any = None) -> None:
        super().__init__(config)
        self.drop: dict[str, str] = {}

    def observe(self, doc: Document) -> Iterable[dict[str, Any]]:
        return [{"id": doc.id, "h": hashlib.sha1(doc.text.encode()).hexdigest()}]

    def resolve(self, ctx: Any) -> None:
        jobs = [(ctx.spills, ctx.work_dir, p, self.config.partitions) for p in range(self.config.partitions)]
        # Per-partition work goes through the run's executor, so it is distributed on Ray.
        reports = list(ctx.executor.map(resolve_partition, jobs))
        with ctx.fs.open(f"{ctx.work_dir}/where.json", "wb") as fh:
            fh.write(json.dumps(sorted(reports)).encode())

    def prepare(self, ctx: Any, shard: str) -> None:
        self.drop = {}
        for p in range(self.config.partitions):
            with ctx.fs.open(f"{ctx.work_dir}/part-{p}.parquet", "rb") as fh:
                table = pq.read_table(fh).to_pylist()
            self.drop.update({row["id"]: row["of"] for row in table if row["shard"] == shard})

    def apply(self, doc: Document) -> Drop | None:
        of = self.drop.get(doc.id)
        return Drop("exact_duplicate", duplicate_of=of) if of is not None else None


def resolve_partition(job: tuple[list[tuple[str, str]], str, int, int]) -> tuple[int, int, bool]:
    """Keep the first copy (by shard id, then doc id) of every hash in partition ``p``.
    Returns (partition, pid, ran inside a Ray worker) so a test can see where it ran."""
    from tamis.io.paths import filesystem

    spills, work_dir, p, n = job
    fs, _ = filesystem(work_dir)
    first: dict[str, str] = {}
    rows = []
    for shard, path in sorted(spills):
        with fs.open(path, "rb") as fh:
            for row in pq.read_table(fh).to_pylist():
                if int(row["h"][:8], 16) % n != p:
                    continue
                if row["h"] in first:
                    rows.append({"shard": shard, "id": row["id"], "of": first[row["h"]]})
                else:
                    first[row["h"]] = row["id"]
    schema = pa.schema([("shard", pa.string()), ("id", pa.string()), ("of", pa.string())])
    with fs.open(f"{work_dir}/part-{p}.parquet", "wb") as fh:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), fh)
    return p, os.getpid(), _in_ray_worker()


def _in_ray_worker() -> bool:
    import sys

    if "ray" not in sys.modules:
        return False
    import ray

    return ray.is_initialized() and ray.get_runtime_context().worker.mode == ray.WORKER_MODE


# Plain tasks for the executor contract tests.

def square_slowly(x: int) -> int:
    time.sleep(0.05 * (x % 3))
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three is a bad item")
    return x


def die_on_two(x: int) -> int:
    if x == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return x
