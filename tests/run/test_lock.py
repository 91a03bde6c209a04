"""One run at a time in an output folder (a review: two runs of one command both worked there)."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import StepSpec
from tamis.errors import ConfigError


def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Some words here."}\n')
    return src


def test_a_run_leaves_no_lock_and_a_held_lock_refuses_the_next(tmp_path: Path) -> None:
    out, src = tmp_path / "out", corpus(tmp_path)
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    assert not (out / ".lock").exists()
    # as a run still working holds it (flock is per open file: this open is another holder)
    fd = os.open(out / ".lock", os.O_CREAT | os.O_RDWR)
    os.write(fd, json.dumps({"pid": 12345, "host": "elsewhere", "since": "now"}).encode())
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(ConfigError, match="another run is writing to .*pid 12345 on elsewhere"):
            run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess")
        assert (out / ".lock").exists()  # not taken from its holder
    finally:
        os.close(fd)


@pytest.mark.parametrize("holder", [{"pid": 1, "host": "another-container"}, {"pid": os.getpid(), "host": "here"}])
def test_the_lock_file_of_a_run_that_died_is_taken_over(tmp_path: Path, holder: dict) -> None:
    # a review: a record of another host (a new container's name) or of a reused pid refused every
    # rerun; the kernel's lock went with the dead process, and the file alone holds nothing
    out, src = tmp_path / "out", corpus(tmp_path)
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    (out / ".lock").write_text(json.dumps({**holder, "since": "then"}))
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    assert not (out / ".lock").exists()


def test_a_lock_file_this_user_may_not_write_is_locked_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a review: another user's lock file left by a killed run made os.open(O_RDWR) raise, with a traceback
    import tamis.run.lock as lock

    out, src = tmp_path / "out", corpus(tmp_path)
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
    (out / ".lock").write_text("{}")
    real_open = os.open

    def no_write(path: object, flags: int, *args: object, **kwargs: object) -> int:  # (root may write anything)
        if os.path.basename(str(path)) == ".lock" and flags & os.O_ACCMODE == os.O_RDWR:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lock.os, "open", no_write)
    assert run([str(src)], str(out), steps=[StepSpec("ftfy")], executor="inprocess").ok
