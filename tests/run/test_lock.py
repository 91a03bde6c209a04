"""One run at a time in an output folder (a review: two runs of one command both worked there)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import StepSpec
from tamis.errors import ConfigError


def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Some words here."}\n')
    return src


def test_a_run_leaves_no_lock_and_a_live_holder_refuses_the_next(tmp_path: Path) -> None:
    out, src = tmp_path / "out", corpus(tmp_path)
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    assert not (out / ".lock").exists()
    # as a run still working would leave it: this very process, alive on this machine
    (out / ".lock").write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": "now"}))
    with pytest.raises(ConfigError, match="another run is writing to .*pid"):
        run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess")
    assert (out / ".lock").exists()  # not taken from its holder


def test_the_lock_of_a_run_that_died_is_taken_over(tmp_path: Path) -> None:
    out, src = tmp_path / "out", corpus(tmp_path)
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / ".lock").write_text(json.dumps({"pid": int(gone.stdout), "host": socket.gethostname(), "since": "then"}))
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    assert not (out / ".lock").exists()
