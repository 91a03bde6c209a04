"""Drive a GlobalStep through its three phases the way the runner will: observe every shard and
spill its rows to Parquet, resolve once, then prepare + apply per shard."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tamis.document import Document
from tamis.run.executors import InProcessExecutor
from tamis.steps.base import Drop, GlobalStep


@dataclass
class FakeCtx:
    work_dir: str
    spills: list[tuple[str, str]]
    executor: Any = field(default_factory=InProcessExecutor)
    fs: Any = field(default_factory=lambda: fsspec.filesystem("file"))


@dataclass
class Recorded:
    kept: dict[str, list[Document]]
    removed: dict[str, tuple[Document, Drop]]
    ctx: FakeCtx


class _Rec:
    """A ``Recorder``: removals by id; a quarantine fails the test."""

    def __init__(self) -> None:
        self.out: dict[str, tuple[Document, Drop]] = {}

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        self.out[doc.id] = (doc, drop)

    def quarantined(self, doc: Document, step: str, reason: str, detail: Any) -> None:
        raise AssertionError(f"{doc.id} quarantined by {step}: {reason} {detail}")


def drive(step: GlobalStep, shards: dict[str, list[Document]], tmp: Path, executor: Any = None) -> Recorded:
    spill_dir = tmp / "spills"
    spill_dir.mkdir(parents=True, exist_ok=True)
    spills = []
    for i, (shard, docs) in enumerate(shards.items()):
        rows = [row for doc in docs for row in step.observe(doc)]
        path = spill_dir / f"{i}.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=step.spill_schema), path)
        spills.append((shard, str(path)))
    work = tmp / "work"
    work.mkdir(exist_ok=True)
    ctx = FakeCtx(str(work), spills, executor or InProcessExecutor())
    step.resolve(ctx)
    kept: dict[str, list[Document]] = {}
    recorder = _Rec()
    for shard, docs in shards.items():
        step.prepare(ctx, shard)
        kept[shard] = list(step(docs, recorder))
    return Recorded(kept, recorder.out, ctx)


@pytest.fixture
def run_global(tmp_path: Path):
    def _run(step: GlobalStep, shards: dict[str, list[Document]], executor: Any = None, sub: str = "a") -> Recorded:
        return drive(step, shards, tmp_path / sub, executor)

    return _run
