"""Global steps whose resolve fails, for tests/run/test_worker_failures.py.

Referenced as ``tests.run.failing_steps:Name`` so worker processes import them like a user's steps.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from tamis.document import Document
from tamis.steps.base import Drop, GlobalStep


@dataclass(frozen=True, slots=True)
class FlagConfig:
    flag: str = ""  # a resolve task kills its worker while this file exists
    once: bool = False  # ... and removes it first, so that a retry succeeds


def _die_on_flag(config: FlagConfig) -> None:
    if os.path.exists(config.flag):
        if config.once:
            os.remove(config.flag)
        os._exit(3)


class DiesInResolve(GlobalStep):
    """A global step whose one resolve task kills its worker process (the OOM killer, a segfault)."""

    name = "tests.run.failing_steps:DiesInResolve"
    Config = FlagConfig
    spill_schema = pa.schema([("id", pa.string())])

    def observe(self, doc: Document) -> Iterator[dict[str, Any]]:
        yield {"id": doc.id}

    def resolve(self, ctx: Any) -> None:
        for _ in ctx.executor.map(_die_on_flag, [self.config]):
            pass

    def prepare(self, ctx: Any, shard: str) -> None:
        pass

    def apply(self, doc: Document) -> Drop | None:
        return None


class RaisesInResolve(DiesInResolve):
    """A global step with a bug in its resolve."""

    name = "tests.run.failing_steps:RaisesInResolve"

    def resolve(self, ctx: Any) -> None:
        raise RuntimeError("resolve bug")
