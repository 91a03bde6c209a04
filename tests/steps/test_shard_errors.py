"""A step that raises a ShardError (or a RetryableError) fails its shard uncommitted, as errors.py
says, and running the same command again redoes it; it is not one quarantined document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tamis.api import run
from tamis.document import Document
from tamis.errors import RetryableError
from tamis.steps.base import Labeller


@dataclass(frozen=True, slots=True)
class FlakyConfig:
    flag: str = ""  # while this file exists, the store is "down"


class Flaky(Labeller):
    """Looks a document up in a store that is down while ``flag`` exists."""

    name = "tests.steps.test_shard_errors:Flaky"
    Config = FlakyConfig

    def label(self, doc: Document) -> None:
        if "lookup" in doc.text and Path(self.config.flag).exists():
            raise RetryableError("the store timed out")
        doc.metadata["looked_up"] = True


def test_a_retryable_error_in_a_step_fails_the_shard_and_a_rerun_redoes_it(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": "lookup" if i == 2 else f"text {i}"}) + "\n"
                           for i in range(4)))
    flag = tmp_path / "down"
    flag.touch()
    steps = [Flaky(FlakyConfig(str(flag)))]
    first = run([str(src)], str(tmp_path / "out"), steps=steps, executor="inprocess")
    # it was quarantined as internal_error:RetryableError, the run ok: the document lost for good
    assert not first.ok and first.quarantined == 0
    assert any("RetryableError: the store timed out" in p for p in first.problems)
    flag.unlink()
    again = run([str(src)], str(tmp_path / "out"), steps=steps, executor="inprocess")
    assert again.ok and again.kept == 4 and again.quarantined == 0
