from __future__ import annotations

import fsspec
import numpy as np
import pyarrow as pa

from tamis.dedup.exact import ExactDedup
from tamis.dedup.shuffle import read_partition, write_partitioned
from tamis.document import Document


def test_partitions_round_trip_with_empty_ones(tmp_path):
    fs = fsspec.filesystem("file")
    paths = []
    rng = np.random.default_rng(0)
    expected: dict[int, list[int]] = {p: [] for p in range(5)}
    for f in range(3):
        values = rng.integers(0, 1000, 50)
        part = np.where(values % 2 == 0, values % 5, 3)  # partitions 1 and 3 get most; some stay empty
        part[part == 4] = 0
        path = str(tmp_path / f"{f}.parquet")
        write_partitioned(fs, path, pa.table({"v": values}), part, 5)
        paths.append(path)
        for v, p in zip(values.tolist(), part.tolist()):
            expected[p].append(v)
    empty = str(tmp_path / "empty.parquet")
    write_partitioned(fs, empty, pa.table({"v": pa.array([], pa.int64())}), np.array([], np.int64), 5)
    paths.append(empty)
    for p in range(5):
        table = read_partition(fs, paths, p)
        got = [] if table is None else table.column("v").to_pylist()
        assert sorted(got) == sorted(expected[p])
    assert read_partition(fs, paths, 4) is None


def test_exact_dedup_with_empty_shards_and_many_partitions(run_global):
    from tamis.dedup.exact import ExactDedupConfig

    shards = {"a": [], "b": [Document("x", "same"), Document("y", "same")], "c": []}
    out = run_global(ExactDedup(ExactDedupConfig(buffer_mb=0.0001)), shards)
    assert {k: v[1].duplicate_of for k, v in out.removed.items()} == {"y": "x"}
