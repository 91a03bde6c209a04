"""Failures of worker processes and of global steps: only what failed is lost, the run always
ends with a summary that says what happened, and its counts never suggest lost documents."""

from __future__ import annotations

import json
from pathlib import Path

import fsspec
import pytest

from tamis.cli import main
from tamis.config import PipelineConfig, ReaderConfig, StepSpec
from tamis.run.executors import InProcessExecutor, LocalExecutor
from tamis.run.layout import Layout
from tamis.run.plan import Shard
from tamis.run.runner import Run
from tamis.run.shard import ShardResult
from tamis.run.summary import summarize
from tests.helpers import check_invariant, ledger_rows

STEPS = "tests.run.failing_steps"


def _files(folder: Path, poison: bool) -> Path:
    """Six files of four documents, one shard each; with ``poison``, f0's last document kills its worker."""
    folder.mkdir(exist_ok=True)
    for f in range(6):
        with (folder / f"f{f}.jsonl").open("w") as fh:
            for i in range(4):
                text = "this one will die" if poison and (f, i) == (0, 3) else f"file {f} document {i} text"
                fh.write(json.dumps({"id": f"f{f}-{i}", "text": text}) + "\n")
    return folder


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_a_worker_that_dies_fails_only_its_own_shard(tmp_path: Path) -> None:
    # A dead worker breaks the whole process pool, which fails every task in it: the shards
    # running beside the poison one failed too, and on every retry, as the poison shard was
    # retried together with them. Slow documents keep the others running when it dies.
    config = PipelineConfig((StepSpec.of("tests.helpers:SlowStep", seconds=0.15), StepSpec("tests.helpers:Dies")))
    # the reference first, from the same paths (they are in the output's metadata), without the poison
    reference = tmp_path / "reference"
    assert Run([str(_files(tmp_path / "in", poison=False))], str(reference), config, InProcessExecutor()).execute().ok
    out = tmp_path / "out"
    with LocalExecutor(2) as ex:
        summary = Run([str(_files(tmp_path / "in", poison=True))], str(out), config, ex, retries=1).execute()
    assert [sid for sid, s in summary.shards.items() if s["status"] != "done"] == ["00000"]
    assert "worker process died" in summary.shards["00000"]["errors"][0]
    assert [p for p in summary.problems if p.startswith("shard ")] == [
        p for p in summary.problems if p.startswith("shard 00000 ")] and summary.problems
    assert summary.input == summary.kept == 20

    for sid in ("00001", "00002", "00003", "00004", "00005"):
        assert (out / "data" / f"{sid}.jsonl.gz").read_bytes() == (reference / "data" / f"{sid}.jsonl.gz").read_bytes()
    innocent = [r for r in ledger_rows(reference) if not r["id"].startswith("f0-")]
    assert sorted(map(str, ledger_rows(out))) == sorted(map(str, innocent))


def _global(tmp_path: Path, step: str, **options: object) -> tuple[PipelineConfig, Path]:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"document {i}"}) + "\n" for i in range(90)))
    return PipelineConfig((StepSpec.of(f"{STEPS}:{step}", **options),), ReaderConfig(shard_bytes=1024)), src


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_a_worker_lost_in_a_resolve_is_retried(tmp_path: Path) -> None:
    flag = tmp_path / "die"
    flag.touch()
    config, src = _global(tmp_path, "DiesInResolve", flag=str(flag), once=True)
    events: list[str] = []
    with LocalExecutor(2) as ex:
        summary = Run([str(src)], str(tmp_path / "out"), config, ex,
                      progress=lambda event, _r, _n: events.append(event)).execute()
    assert summary.ok, summary.problems
    assert [e for e in events if e.startswith("retry 1: ")] and not flag.exists()
    check_invariant(tmp_path / "out")


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_a_resolve_that_keeps_losing_its_worker_ends_the_run_with_a_summary(tmp_path: Path) -> None:
    flag = tmp_path / "die"
    flag.touch()
    config, src = _global(tmp_path, "DiesInResolve", flag=str(flag))
    out = tmp_path / "out"
    with LocalExecutor(2) as ex:
        summary = Run([str(src)], str(out), config, ex, retries=1).execute()
    assert not summary.ok
    assert summary.problems[0].startswith(f"global step steps[0] ({STEPS}:DiesInResolve) could not resolve: "
                                          "WorkerLost: a worker process died")
    assert json.loads((out / "summary.json").read_text())["ok"] is False
    flag.unlink()  # whatever killed it has passed: the rerun resolves and completes
    with LocalExecutor(2) as ex:
        assert Run([str(src)], str(out), config, ex).execute().ok
    check_invariant(out)


def test_a_resolve_that_raises_fails_the_run_with_one_line_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, src = _global(tmp_path, "RaisesInResolve")
    cfg = tmp_path / "p.yaml"
    cfg.write_text(f"steps:\n  - {STEPS}:RaisesInResolve\nreader: {{shard_bytes: 1024}}\n")
    out = tmp_path / "out"
    code = main(["run", str(src), "-o", str(out), "--config", str(cfg), "--executor", "inprocess"])
    printed = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in printed.out + printed.err
    problem = json.loads((out / "summary.json").read_text())["problems"][0]
    assert problem.startswith(f"global step steps[0] ({STEPS}:RaisesInResolve) could not resolve: RuntimeError: "
                              "resolve bug (in run/failing_steps.py:")
    assert "\n" not in problem and problem.replace("\n", " ")[:60] in " ".join(printed.out.split())


def _shards(n: int) -> list[Shard]:
    return [Shard(f"{i:05d}", "jsonl", ((f"in/f{i}.jsonl", f"f{i}.jsonl"),)) for i in range(n)]


def _summary(tmp_path: Path, results: dict[tuple[int, str], ShardResult], n_global: int, shards: int = 3):  # type: ignore[no-untyped-def]
    fs = fsspec.filesystem("file")
    return summarize(fs, Layout(str(tmp_path)), PipelineConfig(()), _shards(shards), results, n_global, 1.0)


def test_counts_after_a_failed_shard_say_they_cover_only_the_completed_shards(tmp_path: Path) -> None:
    # a failed shard counted as 0 input: "input documents 8" for a run of 24, said without a word
    results = {(0, "00000"): ShardResult("00000", 0, "failed", error="WorkerLost: a worker process died"),
               (0, "00001"): ShardResult("00001", 0, "done", input=8, kept=8),
               (0, "00002"): ShardResult("00002", 0, "done", input=8, kept=6, removed={"x": 2})}
    summary = _summary(tmp_path, results, 0)
    assert (summary.input, summary.kept, summary.removed) == (16, 14, {"x": 2})
    assert "the counts cover only the 2 of 3 shards that completed" in summary.problems[0]
    assert not any("invariant" in p for p in summary.problems)


def test_shards_stopped_before_a_global_step_are_not_a_broken_invariant(tmp_path: Path) -> None:
    # with a global step, a failed stage-0 shard left the others' stage 1 unrun: their input was
    # counted, their fates were not, and the summary claimed "invariant broken: input 20 != kept 0 …"
    results = {(0, "00000"): ShardResult("00000", 0, "failed", error="WorkerLost: a worker process died"),
               (0, "00001"): ShardResult("00001", 0, "done", input=10, removed={"short": 1}),
               (0, "00002"): ShardResult("00002", 0, "done", input=10)}
    summary = _summary(tmp_path, results, 1)
    assert not any("invariant" in p for p in summary.problems), summary.problems
    assert (summary.input, summary.kept, summary.removed) == (0, 0, {})
    assert "the counts cover only the 0 of 3 shards that completed" in summary.problems[0]
    assert [p for p in summary.problems if p.startswith("shard ")] == [
        "shard 00000 (f0.jsonl): failed: WorkerLost: a worker process died"]
    assert any(p.startswith("2 shards did not get to stage 1 (00001, 00002)") for p in summary.problems)
    assert summary.shards["00001"]["errors"] == ["stage 1 not run"] and not summary.ok


def test_a_long_error_keeps_its_exception_line_not_a_cut_off_start(tmp_path: Path) -> None:
    frames = "".join(f'  File "/site-packages/tamis/run/shard.py", line {i}, in _run_shard\n    return _run_shard(task)\n'
                     for i in range(10))
    error = f"internal error ValueError: cannot parse\nTraceback (most recent call last):\n{frames}ValueError: cannot parse\n"
    results = {(0, "00000"): ShardResult("00000", 0, "failed", error=error)}
    (problem,) = [p for p in _summary(tmp_path, results, 0, shards=1).problems if p.startswith("shard ")]
    assert problem.endswith("    return _run_shard(task)\nValueError: cannot parse"), problem
    assert len(problem) < 400
