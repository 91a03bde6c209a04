"""Shared test helpers: ledger checks and tiny steps used by several tests.

Steps here are referenced as ``tests.helpers:Name`` in pipelines, so worker processes can import
them exactly like a user's own steps.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from tamis.document import Document
import pyarrow as pa

from tamis.steps.base import Drop, Filter, GlobalStep, Labeller

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def ledger_rows(out: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in sorted((out / "ledger").glob("*.parquet")):
        rows.extend(pq.read_table(part).to_pylist())
    return rows


def check_invariant(out: Path, repeats: dict[str, int] | None = None) -> dict[str, Any]:
    """Every input document has exactly one final ledger record, and summary.json agrees.

    ``repeats``: ids that the test's input itself gives to more than one record, with how many
    (counted from the input by the test, never from the run): each has that many records.
    """
    summary = json.loads((out / "summary.json").read_text())
    rows = ledger_rows(out)
    ids = Counter(r["id"] for r in rows)
    expected = repeats or {}
    doubled = {i: n for i, n in ids.items() if n > 1 and i not in expected}
    assert not doubled, f"documents with more than one ledger record: {sorted(doubled.items())[:5]}"
    wrong = {i: (ids.get(i, 0), n) for i, n in expected.items() if ids.get(i, 0) != n}
    assert not wrong, f"repeated ids with another number of ledger records than the input has (got, want): {wrong}"
    fates = Counter(r["fate"] for r in rows)
    assert summary["input"] == len(rows), (summary["input"], len(rows))
    assert summary["kept"] == fates["kept"]
    assert summary["quarantined"] == fates["quarantined"]
    assert sum(summary["removed"].values()) == fates["removed"]
    assert summary["input"] == summary["kept"] + sum(summary["removed"].values()) + summary["quarantined"]
    return summary


def output_rows(out: Path) -> list[dict[str, Any]]:
    """Every kept row of a run's jsonl.gz output, metadata decoded."""
    from tamis.config import WriterConfig
    from tamis.io.writers import read_output

    rows: list[dict[str, Any]] = []
    for path in sorted((out / "data").glob("*.jsonl.gz")):
        with path.open("rb") as fh:
            rows.extend(read_output(fh, WriterConfig()))
    return rows


@dataclass(frozen=True, slots=True)
class SlowConfig:
    seconds: float = 0.05
    pid_file: str = ""


class SlowStep(Labeller):
    """Sleeps per document so a test can kill a run part-way; notes its worker pid."""

    name = "tests.helpers:SlowStep"
    Config = SlowConfig

    def label(self, doc: Document) -> None:
        if self.config.pid_file:
            with open(self.config.pid_file, "a") as fh:
                fh.write(f"{os.getpid()}\n")
        time.sleep(self.config.seconds)


@dataclass(frozen=True, slots=True)
class DropConfig:
    word: str = "spam"


class DropWord(Filter):
    """Removes documents that contain a word: the simplest possible filter."""

    name = "tests.helpers:DropWord"
    Config = DropConfig

    def decide(self, doc: Document) -> Drop | None:
        return Drop("has_word", {"word": self.config.word}) if self.config.word in doc.text else None


class Stalls(Labeller):
    """Never finishes on documents that ask for it: a regex that backtracks exponentially on
    "stall" (compiled code that checks for signals), a sleep on "sleep" (a wait on a service)."""

    name = "tests.helpers:Stalls"

    def label(self, doc: Document) -> None:
        if "stall" in doc.text:
            re.match(r"(a+)+$", "a" * 64 + "b")  # 2^64 ways to fail
        if "sleep" in doc.text:
            time.sleep(3600)


class RaisesLate(Labeller):
    """On "late": a call into compiled code that takes a while and then raises (a decode that
    fails at its last byte), so that a time budget runs out while it cannot be interrupted."""

    name = "tests.helpers:RaisesLate"

    def label(self, doc: Document) -> None:
        if "late" in doc.text:
            (b"a" * 60_000_000 + b"\xff").decode("utf-8")


class Explodes(Labeller):
    """Raises an unexpected error on documents that ask for it, like a buggy step would."""

    name = "tests.helpers:Explodes"

    def label(self, doc: Document) -> None:
        if "boom" in doc.text:
            raise RuntimeError("boom")


class Dies(Labeller):
    """Kills its worker process on a document that asks for it, as a segfault or the OOM killer would."""

    name = "tests.helpers:Dies"

    def label(self, doc: Document) -> None:
        if "die" in doc.text:
            os._exit(3)


class BatchExplodes(Explodes):
    """``Explodes``, with a batch pass that raises on a batch holding a "boom" document."""

    name = "tests.helpers:BatchExplodes"
    batch_size = 4

    def prefetch(self, docs: list[Document]) -> None:
        if any("boom" in d.text for d in docs):
            raise RuntimeError("boom in the batch")


class FirstOfText(GlobalStep):
    """A deliberately naive global step (keep the first document of each exact text) that
    exercises the observe → resolve → prepare → apply machinery of the runner."""

    name = "tests.helpers:FirstOfText"
    spill_schema = pa.schema([("id", pa.string()), ("text", pa.string())])

    def observe(self, doc: Document) -> list[dict[str, Any]]:
        return [{"id": doc.id, "text": doc.text}]

    def resolve(self, ctx: Any) -> None:
        first: dict[str, str] = {}
        dups: dict[str, str] = {}
        for _shard, path in ctx.spills:
            with ctx.fs.open(path, "rb") as fh:
                for row in pq.read_table(fh).to_pylist():
                    if row["text"] in first:
                        dups[row["id"]] = first[row["text"]]
                    else:
                        first[row["text"]] = row["id"]
        with ctx.fs.open(f"{ctx.work_dir}/dups.json", "wb") as fh:
            fh.write(json.dumps(dups).encode())

    def prepare(self, ctx: Any, shard: str) -> None:
        with ctx.fs.open(f"{ctx.work_dir}/dups.json", "rb") as fh:
            self.dups = json.loads(fh.read())

    def apply(self, doc: Document) -> Drop | None:
        if doc.id in self.dups:
            return Drop("duplicate", duplicate_of=self.dups[doc.id])
        return None
