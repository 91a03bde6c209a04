"""What the three dedup steps share: shard bookkeeping, resumable tasks, per-shard decisions.

The resolve context (``ctx``) is the runner's: ``work_dir`` (unique to this global step, already
created), ``spills`` (``(shard id, spill path)`` pairs), ``executor`` (``map(fn, items)``) and
``fs`` (the fsspec filesystem of those paths).

Resumability: every task writes its output to a temporary name and renames it when complete, and
is skipped when its output already exists, so a resolve killed half-way restarts at the first
unfinished task. Task outputs live under ``work_dir/r-<fingerprint of the spills>``: if a shard
is rerun and its spill changes, the next resolve starts from scratch in a new folder instead of
reusing outputs computed from the old spill. ``CURRENT`` names the folder of the last complete
resolve; ``prepare`` reads decisions from there (its context carries no spills).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from tamis.dedup.shuffle import read_partition
from tamis.errors import ShardError

DONE_MARKER = "_done"
POINTER = "CURRENT"

# Decisions: one row per document that belongs to a duplicate group, partitioned by its shard.
DECISION_SCHEMA = pa.schema(
    [
        ("shard", pa.int32()),  # shard index (sorted shard-id order); routes the row
        ("id", pa.string()),
        ("row", pa.int64()),  # the document's spill row in its shard: orders the members of a repeated id
        ("removed", pa.bool_()),
        ("duplicate_of", pa.string()),  # the survivor's id (null for the survivor itself)
        ("cluster", pa.string()),
        ("size", pa.int64()),  # members in the group
        ("jaccard_est", pa.float64()),  # MinHash estimate vs the survivor (NaN for exact dedup)
        ("jaccard", pa.float64()),  # exact Jaccard vs the survivor when verified (else NaN)
    ]
)


@dataclass(frozen=True, slots=True)
class ShardSpill:
    index: int  # position in sorted shard-id order; the high half of every doc key
    shard: str
    path: str


def ordered_spills(ctx: Any) -> list[ShardSpill]:
    """The spills in a deterministic order (sorted by shard id), so "first" means the same
    document on every rerun whatever order the shards finished in."""
    return [ShardSpill(i, shard, path) for i, (shard, path) in enumerate(sorted(ctx.spills))]


def join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *parts])


def shard_file(shard: str) -> str:
    """A file-system-safe, stable file name for a shard id (ids may contain '/' or ':').

    >>> shard_file("in/a.jsonl:0-100") == shard_file("in/a.jsonl:0-100")
    True
    """
    return xxhash.xxh3_64_hexdigest(shard.encode()) + ".parquet"


def spill_rows(fs: Any, path: str) -> int:
    if not fs.exists(path):
        return 0
    with fs.open(path, "rb") as fh:
        return pq.ParquetFile(fh).metadata.num_rows


def read_spill(fs: Any, path: str, schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
    """One shard's spill; a shard that produced no rows may have no file at all."""
    if not fs.exists(path):
        empty = schema.empty_table()
        return empty if columns is None else empty.select(columns)
    with fs.open(path, "rb") as fh:
        return pq.read_table(fh, columns=columns)


def write_table(fs: Any, path: str, table: pa.Table) -> None:
    """Write atomically: a reader (or a resumed resolve) never sees half a file."""
    tmp = path + ".tmp"
    with fs.open(tmp, "wb") as fh:
        pq.write_table(table, fh)
    fs.mv(tmp, path)


def read_table(fs: Any, path: str, columns: list[str] | None = None) -> pa.Table:
    with fs.open(path, "rb") as fh:
        return pq.read_table(fh, columns=columns)


def run_tasks(ctx: Any, fn: Callable[[Any], Any], items: Sequence[Any], outputs: Sequence[str]) -> None:
    """Run ``fn`` over the items whose output file does not exist yet (resume)."""
    todo = [item for item, out in zip(items, outputs) if not ctx.fs.exists(out)]
    for _ in ctx.executor.map(fn, todo):
        pass


def map_reduce(ctx: Any, work: str, spills: list[ShardSpill], k: int, map_task: Callable[[Any], Any],
               reduce_task: Callable[[Any], Any], map_extra: tuple[Any, ...] = (), reduce_extra: tuple[Any, ...] = (),
               reduce_dir: str = "reduce", reduce_ext: str = "parquet") -> list[str]:
    """The hash-partitioned shuffle every dedup step runs: one map task per shard spill, called
    with ``(fs, spill_path, shard_index, out, k, *map_extra)`` and writing ``k`` partitions, then
    one reduce task per partition, called with ``(fs, map_outputs, partition, out, *reduce_extra)``.
    Returns the reduce outputs, in partition order.
    """
    fs = ctx.fs
    for sub in ("map", reduce_dir):
        fs.makedirs(join(work, sub), exist_ok=True)
    map_out = [join(work, "map", f"{s.index:06d}.parquet") for s in spills]
    run_tasks(ctx, map_task, [(fs, s.path, s.index, o, k, *map_extra) for s, o in zip(spills, map_out)], map_out)
    red_out = [join(work, reduce_dir, f"{p:06d}.{reduce_ext}") for p in range(k)]
    run_tasks(ctx, reduce_task, [(fs, map_out, p, o, *reduce_extra) for p, o in enumerate(red_out)], red_out)
    return red_out


def _fingerprint(ctx: Any) -> str:
    """A hash of the spills' identities (path, size, modification stamp where the store has one)."""
    h = xxhash.xxh3_64()
    for shard, path in sorted(ctx.spills):
        info = ctx.fs.info(path) if ctx.fs.exists(path) else {}
        stamp = [info.get(key) for key in ("size", "mtime", "created", "ETag", "etag", "LastModified")]
        h.update(repr((shard, path, stamp)).encode())
    return h.hexdigest()


def begin(ctx: Any) -> str | None:
    """The folder for this resolve's task outputs, or ``None`` when it is already complete."""
    root = join(ctx.work_dir, "r-" + _fingerprint(ctx))
    if ctx.fs.exists(join(root, DONE_MARKER)) and _pointer(ctx) == root:
        return None
    ctx.fs.makedirs(root, exist_ok=True)
    return root


def finish(ctx: Any, root: str) -> None:
    """Mark ``root`` complete, point ``CURRENT`` at it, and delete older resolves' folders."""
    with ctx.fs.open(join(root, DONE_MARKER), "wb") as fh:
        fh.write(b"ok\n")
    tmp = join(ctx.work_dir, POINTER + ".tmp")
    with ctx.fs.open(tmp, "wb") as fh:
        fh.write(root.rsplit("/", 1)[-1].encode())
    ctx.fs.mv(tmp, join(ctx.work_dir, POINTER))
    for path in ctx.fs.ls(ctx.work_dir, detail=False):
        if path.rstrip("/").rsplit("/", 1)[-1].startswith("r-") and path.rstrip("/") != root.rstrip("/"):
            ctx.fs.rm(path, recursive=True)


def _pointer(ctx: Any) -> str | None:
    path = join(ctx.work_dir, POINTER)
    if not ctx.fs.exists(path):
        return None
    return join(ctx.work_dir, ctx.fs.cat_file(path).decode().strip())


def current_root(ctx: Any, step: str) -> str:
    """The folder of the last complete resolve (for ``prepare``)."""
    root = _pointer(ctx)
    if root is None or not ctx.fs.exists(join(root, DONE_MARKER)):
        raise ShardError(f"{step}: prepare() before resolve() finished in {ctx.work_dir}")
    return root


def gather_task(item: tuple[Any, list[str], int, str]) -> None:
    """Reduce side of the decisions shuffle: collect one shard's rows from every producer."""
    fs, paths, index, out = item
    table = read_partition(fs, paths, index)
    write_table(fs, out, DECISION_SCHEMA.empty_table() if table is None else table.cast(DECISION_SCHEMA))


def gather_decisions(ctx: Any, root: str, spills: list[ShardSpill], producer_paths: list[str]) -> None:
    """Route decision rows (written partitioned by shard index) to one file per shard."""
    dec_dir = join(root, "decisions")
    ctx.fs.makedirs(dec_dir, exist_ok=True)
    outs = [join(dec_dir, shard_file(s.shard)) for s in spills]
    run_tasks(ctx, gather_task, [(ctx.fs, producer_paths, s.index, o) for s, o in zip(spills, outs)], outs)


class Decision(NamedTuple):
    """One document's row of ``DECISION_SCHEMA``, without its routing columns."""

    removed: bool
    duplicate_of: str | None
    cluster: str
    size: int
    jaccard_est: float
    jaccard: float


class Decisions:
    """A shard's decisions by spill row: the documents of a group, each at the row its
    observation took in the shard's spill. ``apply`` sees the documents in that order, so it
    counts them to find a document's row. By id alone (as before), documents that share an id
    (ids are kept as the input gives them) got each other's decisions: two copies under one id
    were both removed as each other's duplicate, and a unique text under a duplicate's id went
    with it."""

    def __init__(self, rows: list[tuple[str, int, Decision]]) -> None:
        self._by_row = {row: (doc_id, decision) for doc_id, row, decision in rows}

    def take(self, doc_id: str, row: int) -> Decision | None:
        """The decision of the document at spill ``row``, None when it is in no group (or the
        row holds another id, which would mean the rows were counted wrong: better no decision
        than another document's)."""
        found = self._by_row.get(row)
        return found[1] if found is not None and found[0] == doc_id else None


def load_decisions(ctx: Any, step: str, shard: str) -> Decisions:
    """This shard's decisions; memory is bounded by the shard's size."""
    path = join(current_root(ctx, step), "decisions", shard_file(shard))
    if not ctx.fs.exists(path):
        return Decisions([])
    table = read_table(ctx.fs, path)
    ids, rows = table.column("id").to_pylist(), table.column("row").to_pylist()
    cols = [table.column(name).to_pylist() for name in DECISION_SCHEMA.names[3:]]
    return Decisions([(i, r, Decision(*d)) for i, r, d in zip(ids, rows, zip(*cols))])


def iter_chunks(n: int, size: int) -> Iterator[tuple[int, int]]:
    for lo in range(0, n, size):
        yield lo, min(n, lo + size)
