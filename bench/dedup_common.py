"""Drive a tamis GlobalStep through observe -> spill -> resolve -> prepare/apply, in-process,
with per-phase timings (the runner does the same with more bookkeeping)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from tamis.document import Document
from tamis.run.executors import InProcessExecutor
from tamis.steps.base import Drop, GlobalStep

DATATROVE_PY = Path(__file__).resolve().parent / ".venv-datatrove" / "bin" / "python"


@dataclass
class Ctx:
    work_dir: str
    spills: list[tuple[str, str]]
    executor: Any = field(default_factory=InProcessExecutor)
    fs: Any = field(default_factory=lambda: fsspec.filesystem("file"))


class Rec:
    def __init__(self) -> None:
        self.removed: dict[str, Drop] = {}


class _Recorder:
    def __init__(self, rec: Rec) -> None:
        self.rec = rec

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        self.rec.removed[doc.id] = drop

    def quarantined(self, doc: Document, step: str, reason: str, detail: Any) -> None:
        raise RuntimeError(f"{doc.id}: {reason} {detail}")


def drive(step: GlobalStep, shards: dict[str, Iterable[Document]], work: Path, executor: Any = None,
          reread: Any = None) -> tuple[Rec, dict[str, float], Ctx]:
    """``shards`` maps shard id -> documents (an iterable, consumed once); ``reread(shard)``
    gives the documents again for the apply phase (defaults to keeping them in a list)."""
    times = {"observe": 0.0, "resolve": 0.0, "apply": 0.0}
    (work / "spills").mkdir(parents=True, exist_ok=True)
    (work / "global").mkdir(exist_ok=True)
    kept_lists: dict[str, list[Document]] = {}
    spills = []
    for i, (shard, docs) in enumerate(shards.items()):
        t = time.perf_counter()
        path = work / "spills" / f"{i:05d}.parquet"
        with pq.ParquetWriter(path, step.spill_schema) as writer:
            rows: list[dict] = []
            held = [] if reread is None else None
            for doc in docs:
                rows.extend(step.observe(doc))
                if held is not None:
                    held.append(doc)
                if len(rows) >= 8192:
                    writer.write_table(pa.Table.from_pylist(rows, schema=step.spill_schema))
                    rows = []
            writer.write_table(pa.Table.from_pylist(rows, schema=step.spill_schema))
        if held is not None:
            kept_lists[shard] = held
        spills.append((shard, str(path)))
        times["observe"] += time.perf_counter() - t
    ctx = Ctx(str(work / "global"), spills, executor or InProcessExecutor())
    t = time.perf_counter()
    step.resolve(ctx)
    times["resolve"] = time.perf_counter() - t
    rec = Rec()
    recorder = _Recorder(rec)
    t = time.perf_counter()
    for shard in shards:
        step.prepare(ctx, shard)
        docs = kept_lists[shard] if reread is None else reread(shard)
        for _ in step(docs, recorder):
            pass
    times["apply"] = time.perf_counter() - t
    return rec, times, ctx
