"""A run killed with SIGKILL (driver and worker pool together) resumes to the same output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import check_invariant
from tests.run.test_runner import snapshot

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """steps:
  - ftfy
  - tests.helpers:SlowStep: {seconds: 0.01}
  - tests.helpers:DropWord: {word: spam}
reader: {shard_bytes: 2048}
"""


def tamis_run(src: Path, out: Path, cfg: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tamis.cli", "run", str(src), "-o", str(out), "--config",
                             str(cfg), "--workers", "2"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_sigkill_mid_run_then_rerun_gives_identical_output(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    with src.open("w") as fh:
        for i in range(600):
            fh.write(json.dumps({"id": f"d{i}", "text": "spam" if i % 9 == 0 else f"text number {i}"}) + "\n")
    cfg = tmp_path / "p.yaml"
    cfg.write_text(CONFIG)

    reference = tmp_path / "reference"
    assert tamis_run(src, reference, cfg).wait(timeout=180) == 0

    out = tmp_path / "out"
    proc = tamis_run(src, out, cfg)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "_done").rglob("*.json"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and every pool worker, mid-shard
    proc.wait(timeout=30)
    done_before = len(list((out / "_done").rglob("*.json")))
    total = len(list((reference / "_done").rglob("*.json")))
    assert 3 <= done_before < total, "the kill must land part-way through the run"
    assert not (out / "summary.json").exists()

    assert tamis_run(src, out, cfg).wait(timeout=180) == 0
    assert snapshot(out) == snapshot(reference)
    assert not list((out / "_tmp").iterdir())  # half-written files of the killed run are gone
    check_invariant(out)
