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


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux's /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone since the listing
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.integration
@pytest.mark.timeout(240)
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process parents from Linux's /proc")
@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
def test_the_workers_end_with_the_driver_and_the_rerun_completes(tmp_path: Path, how: str) -> None:
    # a scheduler stopping a job signals its main process only (SIGTERM), and the OOM killer
    # kills it outright (SIGKILL): Python's default for SIGTERM ended the driver at once, and in
    # both cases the spawned workers, waiting on their task queue, lived on
    src = tmp_path / "in.jsonl"
    with src.open("w") as fh:
        for i in range(600):
            fh.write(json.dumps({"id": f"d{i}", "text": f"text number {i}"}) + "\n")
    cfg = tmp_path / "p.yaml"
    cfg.write_text(CONFIG)
    out = tmp_path / "out"
    proc = tamis_run(src, out, cfg)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "_done").rglob("*.json"))) < 2:
        time.sleep(0.05)
    workers = [c for c in _children(proc.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
    assert workers, "the pool's workers have started"
    if how == "sigterm":
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    else:
        proc.kill()
        proc.wait(timeout=30)
    deadline = time.time() + 30
    while time.time() < deadline and any(_alive(c) for c in workers):
        time.sleep(0.1)
    left = [c for c in workers if _alive(c)]
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, "worker processes outlived the driver"
    assert not (out / "summary.json").exists()
    assert tamis_run(src, out, cfg).wait(timeout=180) == 0
    check_invariant(out)


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_sigterm_does_not_wait_for_the_running_shards(tmp_path: Path) -> None:
    # interrupted, the executor terminates its workers: waiting for their shards (uncommitted,
    # redone on resume) would hold a stopping job for as long as a shard takes, here ~12 s
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"text number {i}"}) + "\n" for i in range(40)))
    cfg = tmp_path / "p.yaml"
    cfg.write_text("steps:\n  - tests.helpers:SlowStep: {seconds: 0.5}\nreader: {shard_bytes: 1024}\n")
    proc = tamis_run(src, tmp_path / "out", cfg)
    deadline = time.time() + 60
    while time.time() < deadline and len(_children(proc.pid)) < 3:  # the resource tracker and two workers
        time.sleep(0.05)
    time.sleep(2.0)  # well into the first shards
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert time.monotonic() - start < 6
