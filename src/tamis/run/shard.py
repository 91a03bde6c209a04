"""One shard, one stage, in a worker: read → steps → write output + ledger part → commit.

Everything is written under temporary names and renamed into place; the commit marker is
written last. A worker killed at any point leaves no marker, so the shard is simply redone.
"""

from __future__ import annotations

import json
import os
import time
import traceback
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import pyarrow as pa
import pyarrow.parquet as pq

from tamis.config import PipelineConfig, WriterConfig
from tamis.document import Document
from tamis.errors import ShardError
from tamis.io.paths import filesystem
from tamis.io.readers import Unreadable, read_shard
from tamis.io.plainjson import NotPlain, metadata_json
from tamis.io.writers import Prepared, extension, read_output, write_prepared
from tamis.run.context import GlobalContext
from tamis.run.layout import Layout
from tamis.run.ledger import LedgerPart
from tamis.run.plan import Shard
from tamis.steps.base import GlobalStep, Step
from tamis.steps.budget import document_clock
from tamis.steps.registry import build_step

# Between stages documents travel as Parquet with metadata as JSON: lossless and compact.
INTERMEDIATE = WriterConfig(format="parquet")


@dataclass(frozen=True)
class ShardTask:
    shard: Shard
    stage: int
    config: PipelineConfig
    output: str  # the run's output folder, as an fsspec url


@dataclass
class ShardResult:
    shard: str
    stage: int
    status: str  # "done", "partial" (input broken part-way) or "failed"
    input: int = 0
    kept: int = 0
    removed: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


def stage_bounds(steps: list[Step]) -> list[int]:
    """Indices of global steps: stage k runs up to (and observes for) the k-th of them."""
    return [i for i, step in enumerate(steps) if isinstance(step, GlobalStep)]


def run_shard(task: ShardTask) -> ShardResult:
    """Entry point in the worker. Shard-level failures come back as a result, not an exception,
    so one bad shard never takes the others down; a killed worker shows up in the executor."""
    start = time.perf_counter()
    try:
        result = _run(task)
    except (ShardError, OSError) as err:  # OSError: storage trouble. Not committed; a rerun redoes it.
        return ShardResult(task.shard.id, task.stage, "failed", error=f"{type(err).__name__}: {err}")
    except Exception as err:  # noqa: BLE001 - a bug must fail this shard only, loudly, not the run
        tb = traceback.format_exc(limit=6)
        return ShardResult(task.shard.id, task.stage, "failed", error=f"internal error {type(err).__name__}: {err}\n{tb}")
    except SystemExit as err:
        # sys.exit() in a step, or Ray stopping the worker (its SIGTERM handler exits): the shard
        # fails uncommitted, so a rerun redoes it whole. Passed on, it reached the driver through
        # the process pool, which exited 0 with nothing written; taken for the document's own
        # fault, it quarantined a document whose worker was merely stopped
        tb = traceback.format_exc(limit=6)
        return ShardResult(task.shard.id, task.stage, "failed", error=f"{tb}a step called sys.exit({err.code!r}), or the "
                           "worker was told to stop; the shard was not committed")  # (the summary keeps an error's end)
    result.seconds = time.perf_counter() - start
    return result


def _run(task: ShardTask) -> ShardResult:
    # each document's time in each step is bounded while the shard runs (steps/budget.py)
    with document_clock(task.config.run.doc_seconds):
        return _run_shard(task)


def _run_shard(task: ShardTask) -> ShardResult:
    fs, root = filesystem(task.output)
    layout = Layout(root)
    shard, stage = task.shard, task.stage
    steps = [build_step(spec) for spec in task.config.steps]
    bounds = stage_bounds(steps)
    lo = bounds[stage - 1] if stage > 0 else 0
    hi = bounds[stage] if stage < len(bounds) else len(steps)
    final = stage == len(bounds)
    ledger = LedgerPart(shard.id)
    result = ShardResult(shard.id, stage, "done")

    if stage == 0:
        stream: Iterable[Document] = _accounted(read_shard(shard, task.config.reader), ledger, result)
    else:
        stream = _intermediate(fs, layout.intermediate(stage - 1, shard.id))
        # steps[lo] is the global step resolved after the previous stage: it applies first.
        cast(GlobalStep, steps[lo]).prepare(GlobalContext(layout.global_dir(stage - 1), [], None, fs), shard.id)
    for step in steps[lo:hi]:
        stream = step(stream, ledger)

    tag = uuid.uuid4().hex[:8]
    written: dict[str, str] = {}  # final path -> temp path
    if final:
        path = layout.data(shard.id, extension(task.config.writer))
        written[path] = _write(fs, layout.tmp(path, tag), _keeping(_writable(stream, ledger, True), ledger), task.config.writer)
    else:
        gstep = cast(GlobalStep, steps[hi])
        spill_path = layout.spill(stage, shard.id)
        spill = _Spill(fs, layout.tmp(spill_path, tag), gstep.spill_schema)
        path = layout.intermediate(stage, shard.id)
        written[path] = _write(fs, layout.tmp(path, tag), spill.observing(gstep, _writable(stream, ledger, False)), INTERMEDIATE)
        written[spill_path] = spill.close()
    ledger_path = layout.ledger(stage, shard.id)
    with fs.open(layout.tmp(ledger_path, tag), "wb") as fh:
        pq.write_table(ledger.table(), fh, compression="zstd")
    written[ledger_path] = layout.tmp(ledger_path, tag)

    for final_path, tmp in written.items():
        fs.makedirs(os.path.dirname(final_path), exist_ok=True)
        fs.mv(tmp, final_path)
    counts = ledger.counts()
    result.kept = counts["kept"] if final else 0
    result.removed = counts["removed"]
    result.quarantined = counts["quarantined"]
    # Keyed by position too: a pipeline may use the same step (e.g. threshold) more than once.
    result.steps = {f"{i:02d}:{s.name}": {**asdict(s.stats), "removed": dict(s.stats.removed)}
                    for i, s in enumerate(steps[lo:hi], start=lo)}
    # paths relative to the output folder: a copy of it (cp -r, an S3 sync) checks its own files
    # on resume, not the original's, which made it skip shards whose files it did not have
    root = layout.root.rstrip("/") + "/"
    marker = {"result": asdict(result), "relative": True, "files": {p.removeprefix(root): fs.size(p) for p in written}}
    _atomic_json(fs, layout.marker(stage, shard.id), marker)  # the commit point
    return result


def _accounted(items: Iterator[Document | Unreadable], ledger: LedgerPart, result: ShardResult) -> Iterator[Document]:
    """Count every input record and send the unreadable ones straight to the ledger."""
    for item in items:
        result.input += 1
        if isinstance(item, Unreadable):
            ledger.quarantined(Document(item.id, ""), "read", item.reason, item.detail)
            if item.ends_shard or item.lost:
                result.status = "partial"
                result.error = f"{item.reason}: {item.detail.get('message', '')}"
            continue
        yield item


def _writable(docs: Iterable[Document], ledger: LedgerPart, final: bool) -> Iterator[Prepared]:
    """The documents with their metadata as JSON text (``plainjson.metadata_json``: numpy numbers
    as numbers, the same through an intermediate stage as in the output; NaN kept until the
    ``final`` output); one whose text is no string or whose metadata has no JSON form is
    quarantined alone, where it failed its whole shard in the writer."""
    for doc in docs:
        if type(doc.text) is not str:
            ledger.quarantined(Document(doc.id, "", doc.metadata), "write", "text_not_string",
                               {"message": f"a step left the text as {type(doc.text).__name__}, not str"})
            continue
        try:
            metadata = metadata_json(doc.metadata, finite=final)
        except NotPlain as err:
            ledger.quarantined(doc, "write", "metadata_not_json", {"message": str(err)})
            continue
        yield doc, metadata


def _keeping(docs: Iterable[Prepared], ledger: LedgerPart) -> Iterator[Prepared]:
    for item in docs:
        ledger.kept(item[0])
        yield item


def _intermediate(fs: Any, path: str) -> Iterator[Document]:
    with fs.open(path, "rb") as fh:
        for row in read_output(fh, INTERMEDIATE):
            yield Document(row["id"], row["text"], row["metadata"])


def _write(fs: Any, tmp: str, docs: Iterable[Prepared], cfg: WriterConfig) -> str:
    fs.makedirs(os.path.dirname(tmp), exist_ok=True)
    with fs.open(tmp, "wb") as fh:
        write_prepared(fh, docs, cfg)
    return tmp


class _Spill:
    """Buffers a global step's observations and writes them to Parquet in batches."""

    def __init__(self, fs: Any, path: str, schema: pa.Schema, batch: int = 8192) -> None:
        fs.makedirs(os.path.dirname(path), exist_ok=True)
        self.fs, self.path, self.schema, self.batch = fs, path, schema, batch
        self.fh = fs.open(path, "wb")
        self.writer = pq.ParquetWriter(self.fh, schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def observing(self, step: GlobalStep, docs: Iterable[Prepared]) -> Iterator[Prepared]:
        for item in docs:
            self.rows.extend(step.observe(item[0]))
            if len(self.rows) >= self.batch:
                self._flush()
            yield item

    def _flush(self) -> None:
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def close(self) -> str:
        self._flush()
        self.writer.close()
        self.fh.close()
        return self.path


def _atomic_json(fs: Any, path: str, obj: Any) -> None:
    fs.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{uuid.uuid4().hex[:8]}.partial"
    with fs.open(tmp, "wb") as fh:
        fh.write(json.dumps(obj, indent=1, sort_keys=True).encode())
    fs.mv(tmp, path)


def read_marker(fs: Any, layout: Layout, stage: int, shard: str) -> ShardResult | None:
    """The committed result of a shard, if its marker exists and every file it lists is intact."""
    path = layout.marker(stage, shard)
    if not fs.exists(path):
        return None
    try:
        with fs.open(path, "rb") as fh:
            marker = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    root = layout.root.rstrip("/") + "/" if marker.get("relative") else ""  # (markers before 2026-11-30 hold full paths)
    for file, size in marker.get("files", {}).items():
        if not fs.exists(root + file) or fs.size(root + file) != size:
            return None
    return ShardResult(**marker["result"])
