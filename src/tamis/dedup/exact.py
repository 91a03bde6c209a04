"""Exact dedup: documents whose normalised texts hash equal (xxh3-128) are one group.

Phases (see ``tamis.dedup.base`` for the resolve context and resumability):

- ``observe``: one spill row per document: id, the 128-bit hash, its keep score.
- ``resolve``: map each spill into ``K`` hash partitions; reduce each partition by sorting on
  (hash, -score, doc key), so the first row of every run of equal hashes is the survivor; route
  the decisions to one file per shard (a second, small shuffle keyed by shard).
- ``prepare``/``apply``: drop the removed ids of this shard with ``duplicate_of`` = survivor id;
  survivors of a group get ``metadata["dedup"]["exact"]`` (cluster, size).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa

from tamis.dedup import base
from tamis.dedup.keep import check_keep, doc_keys, keep_score, survivor_order
from tamis.dedup.normalize import Normalisation, normalise, text_hash128
from tamis.dedup.shuffle import choose_partitions, read_partition, u64, write_partitioned
from tamis.document import Document
from tamis.steps.base import Drop, GlobalStep

SPILL_SCHEMA = pa.schema(
    [("id", pa.string()), ("h_hi", pa.uint64()), ("h_lo", pa.uint64()), ("score", pa.float64())]
)


@dataclass(frozen=True, slots=True)
class ExactDedupConfig:
    normalise: Normalisation = field(default_factory=Normalisation)
    keep: str = "first"  # first | longest | field
    keep_field: str | None = None  # metadata path for keep="field" (highest value survives)
    # Memory one reduce task may use for its partition; sets the number of partitions.
    buffer_mb: float = 256.0

    def __post_init__(self) -> None:
        check_keep(self.keep, self.keep_field, "exact_dedup")


class ExactDedup(GlobalStep):
    """Remove every document whose normalised text equals an earlier (or better) one."""

    name = "exact_dedup"
    Config = ExactDedupConfig
    spill_schema: ClassVar[pa.Schema] = SPILL_SCHEMA

    def observe(self, doc: Document) -> Iterable[dict[str, Any]]:
        norm = normalise(doc.text, self.config.normalise)
        if not norm and self.config.normalise.punctuation and doc.text.strip():
            # a text of symbols alone ("😀😀😀", "€ $ £") is compared with its symbols, the other
            # differences still ignored: without them they were all one group, copies of the first
            norm = normalise(doc.text, replace(self.config.normalise, punctuation=False))
        hi, lo = text_hash128(norm)
        score = keep_score(doc, self.config.keep, self.config.keep_field)
        yield {"id": doc.id, "h_hi": hi, "h_lo": lo, "score": score}

    def resolve(self, ctx: Any) -> None:
        work = base.begin(ctx)
        if work is None:
            return
        fs, spills = ctx.fs, base.ordered_spills(ctx)
        rows = sum(base.spill_rows(fs, s.path) for s in spills)
        k = choose_partitions(rows, 64, int(self.config.buffer_mb * 2**20))
        red_out = base.map_reduce(ctx, work, spills, k, _map_task, _reduce_task, reduce_extra=(len(spills),))
        base.gather_decisions(ctx, work, spills, red_out)
        base.finish(ctx, work)

    def prepare(self, ctx: Any, shard: str) -> None:
        self._decisions = base.load_decisions(ctx, self.name, shard)
        self._row = 0  # every document was observed once: its place in the shard is its spill row

    def apply(self, doc: Document) -> Drop | None:
        d = self._decisions.take(doc.id, self._row)
        self._row += 1
        if d is None:
            return None
        if d.removed:
            return Drop("exact_duplicate", {"cluster": d.cluster, "size": d.size}, duplicate_of=d.duplicate_of)
        doc.metadata.setdefault("dedup", {})["exact"] = {"cluster": d.cluster, "size": d.size}
        return None


def _map_task(item: tuple[Any, str, int, str, int]) -> None:
    fs, spill_path, index, out, k = item
    table = base.read_spill(fs, spill_path, SPILL_SCHEMA)
    keys = doc_keys(index, table.num_rows)
    table = table.append_column("key", pa.array(keys, pa.uint64()))
    lo = u64(table.column("h_lo"))
    write_partitioned(fs, out, table, (lo % np.uint64(k)).astype(np.int64), k)


def _reduce_task(item: tuple[Any, list[str], int, str, int]) -> None:
    fs, map_paths, p, out, n_shards = item
    table = read_partition(fs, map_paths, p)
    if table is None:
        table = SPILL_SCHEMA.empty_table().append_column("key", pa.array([], pa.uint64()))
    hi, lo = u64(table.column("h_hi")), u64(table.column("h_lo"))
    keys, scores = u64(table.column("key")), table.column("score").to_numpy()
    rank = np.empty(len(keys), np.int64)
    rank[survivor_order(scores, keys)] = np.arange(len(keys))
    # Sorted by hash, best member first inside each run of equal hashes.
    order = np.lexsort((rank, lo, hi))
    members, survivors, sizes = group_runs(order, hi[order], lo[order])
    removed = members != survivors
    ids = table.column("id").combine_chunks()
    shard_idx = (keys[members] >> np.uint64(32)).astype(np.int32)
    surv_ids = ids.take(pa.array(survivors, pa.int64())).to_pylist()
    decisions = pa.table(
        {
            "shard": pa.array(shard_idx, pa.int32()),
            "id": ids.take(pa.array(members, pa.int64())),
            "row": pa.array((keys[members] & np.uint64(0xFFFFFFFF)).astype(np.int64), pa.int64()),
            "removed": pa.array(removed, pa.bool_()),
            "duplicate_of": pa.array([s if r else None for s, r in zip(surv_ids, removed.tolist())], pa.string()),
            "cluster": pa.array([f"x{h:016x}" for h in hi[survivors].tolist()], pa.string()),
            "size": pa.array(sizes, pa.int64()),
            "jaccard_est": pa.array(np.full(len(members), np.nan), pa.float64()),
            "jaccard": pa.array(np.full(len(members), np.nan), pa.float64()),
        },
        schema=base.DECISION_SCHEMA,
    )
    write_partitioned(fs, out, decisions, shard_idx.astype(np.int64), n_shards)


def group_runs(order: np.ndarray, *sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Members of runs (length >= 2) of equal keys in sorted order, each with its run's head.

    Returns (member, head, run size) for every member of a duplicate run, where ``head`` is the
    first member of the run (the survivor when rows are sorted best first).

    >>> m, h, n = group_runs(np.array([4, 1, 0, 3]), np.array([7, 7, 8, 9], dtype=np.uint64))
    >>> m.tolist(), h.tolist(), n.tolist()
    ([4, 1], [4, 4], [2, 2])
    """
    n = len(order)
    if n == 0:
        empty = np.array([], np.int64)
        return empty, empty, empty
    new = np.zeros(n, bool)
    new[0] = True
    for key in sorted_keys:
        new[1:] |= key[1:] != key[:-1]
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, n))
    size_of = np.repeat(sizes, sizes)
    head_of = np.repeat(starts, sizes)
    dup = size_of > 1
    return order[dup].astype(np.int64), order[head_of[dup]].astype(np.int64), size_of[dup].astype(np.int64)
