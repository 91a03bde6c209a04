"""What a global step sees when it resolves and when it prepares a shard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GlobalContext:
    work_dir: str  # fsspec path (no protocol) private to this global step, already created
    spills: list[tuple[str, str]]  # (shard id, spill Parquet path) for every shard
    executor: Any  # an Executor, for spreading per-partition work; None inside shard workers
    fs: Any  # the fsspec filesystem of work_dir and the spills
