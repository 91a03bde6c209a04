"""The external group-by that every dedup step uses: hash partitions on disk, sorted in memory.

A group-by over the corpus (all documents with the same text hash, the same LSH band key, the
same line hash) never fits a dict at web scale. Instead:

1. **Map** (one task per input shard): compute the keys of the shard, assign each row to one of
   ``K`` partitions by ``key % K`` and write ONE Parquet file per shard whose row groups are
   sorted by partition, with the partition sizes in the file's key-value metadata.
2. **Reduce** (one task per partition): read partition ``p`` from every map file (only the row
   groups that hold it) and sort it with numpy; equal keys are now adjacent runs.

``K`` is chosen so one partition fits the configured buffer; each task's memory is therefore
bounded by ``max(shard size, buffer)``, whatever the corpus size. The files are plain Parquet on
an fsspec filesystem, so map and reduce tasks can run on different machines (Ray): this is the
classic sort-based shuffle, with the map files as the shuffle blocks.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

_META_KEY = b"tamis.partition_counts"
MAX_PARTITIONS = 4096


def choose_partitions(rows: int, row_bytes: int, buffer_bytes: int) -> int:
    """How many partitions keep one partition's rows under ``buffer_bytes``.

    The factor 3 leaves room for the sort's index array and temporaries.

    >>> choose_partitions(1000, 24, 1 << 20)
    1
    >>> choose_partitions(10_000_000, 24, 256 << 20)
    3
    >>> choose_partitions(10**12, 24, 1)  # capped: a partition per task, not per row
    4096
    """
    return int(min(MAX_PARTITIONS, max(1, math.ceil(rows * row_bytes * 3 / max(1, buffer_bytes)))))


def write_partitioned(fs: Any, path: str, table: pa.Table, part: np.ndarray, k: int) -> None:
    """Write ``table`` to ``path`` grouped by ``part`` (values in ``range(k)``).

    Row groups never straddle two partitions, so a reader can fetch one partition alone. The file
    is written under a temporary name and renamed, so ``path`` exists only once complete: that is
    what ``run_tasks`` takes as "done" when a resolve resumes.
    """
    order = np.argsort(part, kind="stable")
    counts = np.bincount(part, minlength=k).astype(np.int64)
    table = table.take(pa.array(order))
    schema = table.schema.with_metadata({_META_KEY: counts.astype("<i8").tobytes()})
    bounds = np.concatenate([[0], np.cumsum(counts)])
    tmp = path + ".tmp"
    with fs.open(tmp, "wb") as fh, pq.ParquetWriter(fh, schema) as writer:
        if table.num_rows == 0:
            writer.write_table(table.cast(schema))
        for p in range(k):
            lo, hi = int(bounds[p]), int(bounds[p + 1])
            if hi > lo:
                writer.write_table(table.slice(lo, hi - lo).cast(schema), row_group_size=1 << 20)
    fs.mv(tmp, path)


def read_partition(fs: Any, paths: Sequence[str], p: int, columns: list[str] | None = None) -> pa.Table | None:
    """Partition ``p`` of every map file in ``paths``, concatenated (``None`` if all empty)."""
    tables = []
    for path in paths:
        with fs.open(path, "rb") as fh:
            pf = pq.ParquetFile(fh)
            counts = np.frombuffer(pf.schema_arrow.metadata[_META_KEY], dtype="<i8")
            if p >= len(counts) or counts[p] == 0:
                continue
            lo = int(counts[:p].sum())
            hi = lo + int(counts[p])
            groups, start = [], 0
            for g in range(pf.num_row_groups):
                n = pf.metadata.row_group(g).num_rows
                if lo <= start < hi and n:
                    groups.append(g)
                start += n
            tables.append(pf.read_row_groups(groups, columns=columns))
    if not tables:
        return None
    return pa.concat_tables(tables)


def save_array(fs: Any, path: str, array: np.ndarray) -> None:
    """Store a numpy array (``.npy``) on any fsspec filesystem."""
    with fs.open(path, "wb") as fh:
        np.save(fh, array, allow_pickle=False)


def load_array(fs: Any, path: str) -> np.ndarray:
    """Load a ``.npy`` array: memory-mapped on a local disk (random row access costs only the
    pages touched, and the OS can evict them), read whole from a remote store."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    if protocol in ("file", "local"):
        return np.load(path, mmap_mode="r", allow_pickle=False)
    return np.load(io.BytesIO(fs.cat_file(path)), allow_pickle=False)


def u64(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """An Arrow integer column as a uint64 numpy array (hashes travel as uint64)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return column.to_numpy(zero_copy_only=False).astype(np.uint64, copy=False)
