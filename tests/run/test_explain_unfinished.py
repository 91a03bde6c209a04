"""``tamis explain`` on a run that did not finish says so, where an id is not in the ledger."""

from __future__ import annotations

import json
from pathlib import Path

from tamis.api import run
from tamis.config import StepSpec
from tamis.run.explain import explain


def test_an_id_missing_from_an_unfinished_run_says_why(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Some words here."}) + "\n")
    out = tmp_path / "out"
    run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess")
    text, found = explain(str(out), "zzz")
    assert not found and text == f"zzz: not in the ledger of {out}"  # a finished run: just not there
    summary = json.loads((out / "summary.json").read_text())
    summary["shards"]["00000"]["status"] = "failed"  # as a shard whose worker died leaves it
    (out / "summary.json").write_text(json.dumps(summary))
    text, _ = explain(str(out), "zzz")
    assert "1 of the run's 1 shards did not complete" in text
    (out / "summary.json").unlink()  # a run stopped before its end
    text, _ = explain(str(out), "zzz")
    assert "the run has not finished (no summary.json)" in text
