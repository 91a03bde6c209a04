"""The time budget per document and step: a document that would stall its shard is quarantined
(``time_budget``) and the shard goes on; a timer set before the run keeps its deadline."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import PipelineConfig, RunConfig, StepSpec, load_yaml
from tamis.errors import ConfigError
from tamis.steps.budget import CLOCK, can_budget, document_clock
from tests.helpers import check_invariant, ledger_rows

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer on this platform")


def _input(tmp_path: Path, texts: list[str]) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return src


@pytest.mark.parametrize("executor", ["inprocess", "local"])
def test_a_stalled_document_is_quarantined_and_the_shard_goes_on(tmp_path: Path, executor: str) -> None:
    texts = ["a fine page", "this one would stall the regex", "another fine page", "this one would sleep", "last page"]
    config = PipelineConfig((StepSpec("ftfy"), StepSpec("tests.helpers:Stalls")),
                            run=RunConfig(executor=executor, workers=1, doc_seconds=0.5))
    start = time.monotonic()
    summary = run([str(_input(tmp_path, texts))], str(tmp_path / "out"), config)
    assert time.monotonic() - start < 60  # not 2^64 steps, not an hour
    assert summary.kept == 3 and summary.quarantined == 2
    rows = {r["id"]: r for r in ledger_rows(tmp_path / "out")}
    assert {i: rows[i]["reason"] for i in ("d1", "d3")} == {"d1": "time_budget", "d3": "time_budget"}
    assert rows["d1"]["step"].endswith("Stalls")
    check_invariant(tmp_path / "out")


def test_an_earlier_timer_keeps_its_deadline_and_handler() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with document_clock(5.0) as enforced:
            assert enforced and CLOCK.seconds == 5.0
            time.sleep(0.6)  # the earlier timer falls due inside the run: its handler is called
        assert fired == [signal.SIGALRM]
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        with document_clock(5.0):
            time.sleep(0.2)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 29.0 < left < 30.0  # put back with what was left of it
        assert CLOCK.seconds is None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_budget_off_the_main_thread_or_when_turned_off() -> None:
    seen: list[bool] = []

    def off_main() -> None:
        seen.append(can_budget())
        with document_clock(1.0) as enforced:
            seen.append(enforced)

    thread = threading.Thread(target=off_main)
    thread.start()
    thread.join()
    assert seen == [False, False]
    with document_clock(0) as enforced:
        assert not enforced and CLOCK.seconds is None


def test_the_budget_is_validated_and_read_from_yaml(tmp_path: Path) -> None:
    for bad in (-1, "fast", True):
        with pytest.raises(ConfigError, match="doc_seconds"):
            RunConfig(doc_seconds=bad)  # type: ignore[arg-type]
    path = tmp_path / "p.yaml"
    path.write_text("steps: [ftfy]\nrun: {doc_seconds: 2.5}\n")
    assert load_yaml(str(path)).run.doc_seconds == 2.5


def test_a_repeating_earlier_timer_keeps_repeating() -> None:
    fired: list[float] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(time.monotonic()))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2, 0.2)
        with document_clock(5.0):
            time.sleep(0.75)
        assert len(fired) >= 2  # it went on ticking inside the run
        _, interval = signal.getitimer(signal.ITIMER_REAL)
        assert interval == pytest.approx(0.2, abs=0.01)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_budget_that_runs_out_inside_a_raising_call_quarantines_the_document(tmp_path: Path) -> None:
    # the pending signal was handled in the step's own error handlers, and OverBudget, raised
    # there, failed the shard (on every rerun) instead of setting one document aside
    config = PipelineConfig((StepSpec("tests.helpers:RaisesLate"),), run=RunConfig(executor="inprocess", doc_seconds=0.01))
    summary = run([str(_input(tmp_path, ["fine", "this one fails late", "fine too"]))], str(tmp_path / "out"), config)
    assert summary.ok and summary.kept == 2 and summary.quarantined == 1
    (row,) = [r for r in ledger_rows(tmp_path / "out") if r["fate"] == "quarantined"]
    assert row["id"] == "d1" and row["reason"] in ("time_budget", "internal_error:UnicodeDecodeError")
