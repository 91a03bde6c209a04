"""The Ray executor: same output as the local executor, and faults that lose nothing.

One local Ray (2 CPUs) is started for the whole module: on a 2-core box a start costs seconds
and ~500 MB, so every test shares it. Helper steps live in ``tests/run/ray_helpers.py`` because
Ray workers import them by name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray")

from tamis.config import PipelineConfig, StepSpec, parse_pipeline  # noqa: E402
from tamis.io.paths import filesystem  # noqa: E402
from tamis.run.executors import LocalExecutor, WorkerLost  # noqa: E402
from tamis.run.executors.ray import RayExecutor  # noqa: E402
from tamis.run.ledger import read_ledger  # noqa: E402
from tamis.run.runner import Run  # noqa: E402
from tests.run import ray_helpers  # noqa: E402

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
HELPERS = "tests.run.ray_helpers"
N_FILES, DOCS_PER_FILE = 6, 25
MOJIBAKE = "caf\u00c3\u00a9"  # "café" decoded as Latin-1: ftfy repairs it


# -- fixtures ---------------------------------------------------------------------------------

def _write_corpus(root: Path) -> None:
    """Six JSONL files (one shard each) with cross-file duplicates, low scores, mojibake and one
    broken line, so every fate and the global step have something to do."""
    root.mkdir()
    for f in range(N_FILES):
        lines = []
        for i in range(DOCS_PER_FILE):
            n = f * DOCS_PER_FILE + i
            word = MOJIBAKE if n % 11 == 0 else "hello"
            text = f"document {n % 40} says {word} " + "word " * (n % 7)
            if n % 9 == 0:
                text = "a text repeated in many files, the same every time"
            lines.append(json.dumps({"id": f"f{f}-{i}", "text": text, "score": (n * 37 % 100) / 100}))
        if f == 4:
            lines.insert(3, '{"id": "broken", "text": ')
        (root / f"part-{f:02d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _steps(*extra: StepSpec) -> tuple[StepSpec, ...]:
    return (*extra, StepSpec("ftfy"), StepSpec.of("threshold", field="score", op=">=", value=0.2, reason="low_score"),
            StepSpec.of(f"{HELPERS}:ExactDedup", partitions=3))


def _snapshot(out: Path) -> dict[str, Any]:
    """What must be identical between runs: output shard bytes and the sorted ledger rows."""
    fs, root = filesystem(str(out))
    ledger = read_ledger(fs, f"{root}/ledger").to_pylist()
    return {
        "data": {p.name: p.read_bytes() for p in sorted((out / "data").iterdir())},
        "ledger": sorted(tuple(sorted(row.items())) for row in ledger),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ray") / "corpus"
    _write_corpus(root)
    return root


@pytest.fixture(scope="module")
def ray_ex() -> Any:
    """The module's one Ray: started by RayExecutor itself (no address), shut down at the end."""
    if ray.is_initialized():  # another module left one behind: ours must be a fresh start
        ray.shutdown()
    ex = RayExecutor(2)
    # Ray puts the driver's working directory on its workers' sys.path: start from the repo root
    # so workers can import tests.run.ray_helpers wherever pytest was launched from.
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        list(ex.map(ray_helpers.square_slowly, [1]))  # start now, outside any test's timer
    finally:
        os.chdir(cwd)
    yield ex
    ex.close()
    assert not ray.is_initialized(), "a RayExecutor that started Ray must shut it down"


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same pipeline with the local executor: what every Ray run must reproduce."""
    out = tmp_path_factory.mktemp("ref") / "out"
    with LocalExecutor(2) as ex:
        summary = Run([str(corpus)], str(out), PipelineConfig(_steps()), ex).execute()
    assert summary.ok, summary.problems
    assert summary.input == N_FILES * DOCS_PER_FILE + 1
    assert summary.quarantined == 1 and summary.kept > 0
    assert any(k.endswith(":exact_duplicate") for k in summary.removed)
    assert any(k.endswith(":low_score") for k in summary.removed)
    return {"summary": summary, **_snapshot(out)}


def _check_same(out: Path, summary: Any, reference: dict[str, Any]) -> None:
    assert summary.ok, summary.problems
    snap = _snapshot(out)
    assert list(snap["data"]) == list(reference["data"])
    for name, blob in snap["data"].items():
        assert blob == reference["data"][name], f"output shard {name} differs from the local run"
    assert snap["ledger"] == reference["ledger"]
    ids = [dict(row)["id"] for row in snap["ledger"]]
    assert len(ids) == len(set(ids)) == summary.input, "a document was lost or accounted twice"
    ref = reference["summary"]
    assert (summary.input, summary.kept, summary.removed, summary.quarantined) == (
        ref.input, ref.kept, ref.removed, ref.quarantined)


# -- the executor contract ----------------------------------------------------------------------

@pytest.mark.timeout(60)
def test_map_yields_every_result_and_propagates_errors(ray_ex: RayExecutor) -> None:
    assert sorted(ray_ex.map(ray_helpers.square_slowly, list(range(10)))) == [x * x for x in range(10)]
    assert list(ray_ex.map(ray_helpers.square_slowly, [])) == []
    with pytest.raises(ValueError, match="three is a bad item"):
        list(ray_ex.map(ray_helpers.fail_on_three, list(range(6))))


@pytest.mark.timeout(90)
def test_lost_worker_raises_worker_lost_after_the_others_finish(ray_ex: RayExecutor) -> None:
    # Reuses the module's Ray (already initialised) with no task retries of its own.
    ex = RayExecutor(2, max_retries=0)
    got: list[int] = []
    with pytest.raises(WorkerLost, match="1 Ray task"):
        for value in ex.map(ray_helpers.die_on_two, list(range(6))):
            got.append(value)
    assert sorted(got) == [0, 1, 3, 4, 5]
    ex.close()
    assert ray.is_initialized(), "an executor that joined a running Ray must not shut it down"


# -- same output as the local executor ----------------------------------------------------------

@pytest.mark.timeout(120)
def test_ray_run_is_byte_identical_to_local(ray_ex: RayExecutor, corpus: Path, reference: dict[str, Any],
                                           tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = Run([str(corpus)], str(out), PipelineConfig(_steps()), ray_ex).execute()
    _check_same(out, summary, reference)
    # The global step's per-partition resolve ran as Ray tasks, not on the driver.
    where = json.loads((out / "_work/s0/global/where.json").read_text())
    assert [p for p, _, _ in where] == [0, 1, 2]
    assert all(in_ray and pid != os.getpid() for _, pid, in_ray in where), where


@pytest.mark.timeout(120)
def test_dedup_stages_give_the_same_output_on_ray(ray_ex: RayExecutor, corpus: Path, tmp_path: Path) -> None:
    """The real dedup steps (exact, MinHash, line) resolve through ctx.executor.map; under Ray
    their partitions run as Ray tasks and decide exactly as with the local executor."""
    pytest.importorskip("tamis.dedup")  # lands with the dedup branch
    config = PipelineConfig((StepSpec("ftfy"), StepSpec("exact_dedup"), StepSpec("minhash_dedup"),
                             StepSpec("line_dedup")))
    with LocalExecutor(2) as local:
        ref_summary = Run([str(corpus)], str(tmp_path / "local"), config, local).execute()
    assert any("near_duplicate" in k for k in ref_summary.removed), ref_summary.removed
    reference = {"summary": ref_summary, **_snapshot(tmp_path / "local")}
    summary = Run([str(corpus)], str(tmp_path / "ray"), config, ray_ex).execute()
    _check_same(tmp_path / "ray", summary, reference)


@pytest.mark.timeout(180)
def test_the_default_pipeline_with_html_is_the_same_on_ray(ray_ex: RayExecutor, tmp_path: Path) -> None:
    """Extraction, line labels and site evidence too: an HTML page's labels once held a timing,
    which made the two executors' bytes differ on HTML input only."""
    from tamis.presets import preset_steps

    config = PipelineConfig(tuple(preset_steps("default")))
    pages = REPO / "examples" / "pages"
    with LocalExecutor(2) as local:
        ref_summary = Run([str(pages)], str(tmp_path / "local"), config, local).execute()
    reference = {"summary": ref_summary, **_snapshot(tmp_path / "local")}
    summary = Run([str(pages)], str(tmp_path / "ray"), config, ray_ex).execute()
    _check_same(tmp_path / "ray", summary, reference)


# -- faults -------------------------------------------------------------------------------------

def _wait_for(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.timeout(150)
def test_worker_killed_mid_task_is_retried_without_loss(ray_ex: RayExecutor, corpus: Path,
                                                        reference: dict[str, Any], tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    slow = StepSpec.of(f"{HELPERS}:SlowStep", pid_dir=str(pids), seconds=60.0, only="f2-")
    out = tmp_path / "out"
    events: list[str] = []
    box: dict[str, Any] = {}

    def drive() -> None:
        try:
            run = Run([str(corpus)], str(out), PipelineConfig(_steps(slow)), ray_ex,
                      progress=lambda event, _r, _n: events.append(event))
            box["summary"] = run.execute()
        except BaseException as err:  # noqa: BLE001 - handed to the test thread to re-raise
            box["error"] = err

    driver = threading.Thread(target=drive, daemon=True)
    driver.start()
    first = _wait_for(lambda: next(iter(pids.glob("*.first")), None) if pids.exists() else None, 60, "the slow shard")
    victim = _wait_for(lambda: first.read_text() and json.loads(first.read_text())["pid"], 5, "its pid")
    assert victim != os.getpid()
    os.kill(victim, signal.SIGKILL)  # the worker sleeps inside the shard, long before its commit
    driver.join(120)
    assert not driver.is_alive(), "the run did not finish after the worker was killed"
    if "error" in box:
        raise box["error"]
    attempts = first.with_suffix(".attempts").read_text().split()
    assert len(attempts) == 2 and attempts[0] == str(victim) and attempts[1] != str(victim)
    # Ray's task retry absorbed the loss: the runner never had to rerun the stage.
    assert not [e for e in events if e.startswith("retry")], events
    _check_same(out, box["summary"], reference)


@pytest.mark.timeout(150)
def test_worker_dying_on_every_attempt_fails_only_its_shard(ray_ex: RayExecutor, corpus: Path,
                                                            tmp_path: Path) -> None:
    ex = RayExecutor(2, max_retries=0)  # joins the module's Ray
    kill = StepSpec.of(f"{HELPERS}:KillSelf", only="f3-")
    events: list[str] = []
    summary = Run([str(corpus)], str(tmp_path / "out"), PipelineConfig(_steps(kill)), ex, retries=1,
                  progress=lambda event, _r, _n: events.append(event)).execute()
    assert not summary.ok
    # Shard 00003 is lost; the others wait for stage 1, which needs every shard's stage 0.
    errors = {sid: s["errors"] for sid, s in summary.shards.items()}
    assert "Ray task(s) lost" in errors["00003"][0]
    assert all(errs == ["stage 1 not run"] for sid, errs in errors.items() if sid != "00003"), errors
    assert len([e for e in events if e.startswith("retry")]) == 2  # first try + one runner retry
    # The other shards of stage 0 are committed; the global stage waits for a rerun.
    done = sorted(p.stem for p in (tmp_path / "out/_done/s0").glob("*.json"))
    assert done == ["00000", "00001", "00002", "00004", "00005"]


@pytest.mark.timeout(180)
def test_rerun_after_driver_killed_resumes_from_committed_shards(ray_ex: RayExecutor, corpus: Path,
                                                                 reference: dict[str, Any], tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    config_file = tmp_path / "pipeline.yaml"
    slow = {f"{HELPERS}:SlowStep": {"pid_dir": str(pids), "seconds": 1.5}}
    steps = [slow, "ftfy", {"threshold": {"field": "score", "op": ">=", "value": 0.2, "reason": "low_score"}},
             {f"{HELPERS}:ExactDedup": {"partitions": 3}}]
    config_file.write_text(json.dumps({"steps": steps}))  # JSON is YAML
    config = parse_pipeline(json.loads(config_file.read_text()))
    out = tmp_path / "out"
    address = ray.get_runtime_context().gcs_address
    # The driver is the real CLI, joining the module's cluster; PYTHONPATH lets it import helpers.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "tamis.cli", "run", str(corpus), "-o", str(out), "--config", str(config_file),
           "--executor", "ray", "--ray-address", address]
    proc = subprocess.Popen(cmd, env=env, cwd=str(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    markers = out / "_done" / "s0"
    try:
        _wait_for(lambda: proc.poll() is not None or len(list(markers.glob("*.json"))) >= 2, 90, "two committed shards")
        assert proc.poll() is None, f"the driver ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    # Ray reaps the dead driver's workers, so no stale task keeps writing while the rerun runs.
    workers = {int(pid) for f in pids.glob("*.attempts") for pid in f.read_text().split()}
    assert workers and os.getpid() not in workers
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 30, "the dead job's workers to exit")
    committed = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in markers.glob("*.json")}
    assert 2 <= len(committed) < N_FILES, "the kill must land between the first and the last shard"
    assert not (out / "summary.json").exists()

    events: list[tuple[str, str | None]] = []
    summary = Run([str(corpus)], str(out), config, ray_ex,
                  progress=lambda event, r, _n: events.append((event, r.shard if r else None))).execute()
    skipped = {shard for event, shard in events if event == "skipped"}
    # Every shard committed before the kill is reused as it is, not redone.
    assert {Path(name).stem for name in committed} <= skipped
    for name, (blob, _mtime) in committed.items():
        assert (markers / name).read_bytes() == blob
    _check_same(out, summary, reference)
