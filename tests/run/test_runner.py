"""The runner end to end: executors agree, reruns resume, global steps, YAML configs, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import fsspec
import pytest

from tamis.api import run
from tamis.cli import main
from tamis.config import ReaderConfig, StepSpec
from tamis.errors import ConfigError
from tests.helpers import check_invariant, ledger_rows, output_rows

ROOT = Path(__file__).resolve().parents[2]


def corpus(tmp_path: Path, n: int = 300) -> Path:
    path = tmp_path / "corpus.jsonl"
    with path.open("w") as fh:
        for i in range(n):
            text = "spam offer" if i % 7 == 0 else f"document {i % 50} about \u00e2\u0080\u0099things\u00e2\u0080\u0099"
            fh.write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")
    return path


STEPS = ["ftfy", StepSpec.of("tests.helpers:DropWord", word="spam"), "tests.helpers:FirstOfText"]
SMALL_SHARDS = ReaderConfig(shard_bytes=2048)


def snapshot(out: Path) -> tuple[dict[str, bytes], list[tuple]]:
    data = {p.name: p.read_bytes() for p in sorted((out / "data").iterdir())}
    ledger = sorted((r["id"], r["fate"], r["step"], r["reason"], r["duplicate_of"]) for r in ledger_rows(out))
    return data, ledger


def test_inprocess_and_local_executors_produce_identical_output(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    a = run([str(src)], str(tmp_path / "a"), steps=STEPS, executor="inprocess", reader=SMALL_SHARDS)
    b = run([str(src)], str(tmp_path / "b"), steps=STEPS, executor="local", workers=2, reader=SMALL_SHARDS)
    assert a.ok and b.ok and len(a.shards) > 3
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    summary = check_invariant(tmp_path / "a")
    # ftfy repaired the mojibake, the filter removed spam, the global step removed repeats.
    rows = output_rows(tmp_path / "a")
    assert all("\u2019things\u2019" in r["text"] for r in rows)
    assert summary["removed"] == {"tests.helpers:DropWord:has_word": 43, "tests.helpers:FirstOfText:duplicate": 207}
    dup = next(r for r in ledger_rows(tmp_path / "a") if r["reason"] == "duplicate")
    assert dup["duplicate_of"].startswith("doc-")


def test_rerun_resumes_and_redoes_only_damaged_shards(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    out = tmp_path / "out"
    run([str(src)], str(out), steps=STEPS, executor="inprocess", reader=SMALL_SHARDS)
    before = snapshot(out)
    victim = sorted((out / "data").iterdir())[1]
    victim.write_bytes(b"damaged")  # the marker's recorded size no longer matches
    markers = {p: p.stat().st_mtime_ns for p in (out / "_done").rglob("*.json")}
    run([str(src)], str(out), steps=STEPS, executor="inprocess", reader=SMALL_SHARDS)
    assert snapshot(out) == before
    rewritten = [p for p, t in markers.items() if p.stat().st_mtime_ns != t]
    assert [p.name for p in rewritten] == [victim.name.split(".")[0] + ".json"]
    check_invariant(out)


def test_a_copied_output_folder_checks_its_own_files_on_resume(tmp_path: Path) -> None:
    # commit markers held full paths: a copy (cp -r, an S3 sync) checked the original's files,
    # skipped a shard whose data file it lacked (summary ok, rows missing), and failed for good
    # where it lacked the intermediate files of a global step
    import shutil

    src = corpus(tmp_path)
    steps = ["ftfy", "exact_dedup"]
    run([str(src)], str(tmp_path / "a"), steps=steps, executor="inprocess", reader=SMALL_SHARDS)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    sorted((tmp_path / "b" / "data").iterdir())[1].unlink()
    shutil.rmtree(tmp_path / "b" / "_work")
    summary = run([str(src)], str(tmp_path / "b"), steps=steps, executor="inprocess", reader=SMALL_SHARDS)
    assert summary.ok and snapshot(tmp_path / "b") == snapshot(tmp_path / "a")
    check_invariant(tmp_path / "b")


def test_the_same_input_spelt_another_way_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus(tmp_path).name
    monkeypatch.chdir(tmp_path)
    first = run([src], "out", steps=STEPS, executor="inprocess")
    again = run([f"./{src}"], "out", steps=STEPS, executor="inprocess")  # refused: "the input arguments differ"
    assert first.ok and again.ok and again.kept == first.kept


def test_output_folder_refuses_another_config(tmp_path: Path) -> None:
    src = corpus(tmp_path, 10)
    run([str(src)], str(tmp_path / "out"), steps=["ftfy"], executor="inprocess")
    with pytest.raises(ConfigError, match=r"another run: the config.s steps differ \(was \[.ftfy.\], now"):
        run([str(src)], str(tmp_path / "out"), steps=["ftfy", "tests.helpers:Explodes"], executor="inprocess")


def test_output_to_fsspec_memory_and_parquet(tmp_path: Path) -> None:
    src = corpus(tmp_path, 20)
    from tamis.config import WriterConfig

    summary = run([str(src)], "memory://tamis-out", steps=["ftfy"], executor="inprocess",
                  writer=WriterConfig(format="parquet"))
    fs = fsspec.filesystem("memory")
    assert summary.ok and fs.exists("/tamis-out/summary.json")
    import pyarrow.parquet as pq

    with fs.open(fs.glob("/tamis-out/data/*.parquet")[0], "rb") as fh:
        table = pq.read_table(fh)
    assert table.column_names == ["id", "text", "metadata"] and table.num_rows == 20
    fs.rm("/tamis-out", recursive=True)


def test_yaml_pipeline_and_cli_explain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = corpus(tmp_path, 30)
    cfg = tmp_path / "p.yaml"
    cfg.write_text("steps:\n  - ftfy\n  - tests.helpers:DropWord: {word: spam}\nwriter: {format: jsonl}\n")
    code = main(["run", str(src), "-o", str(tmp_path / "out"), "--config", str(cfg), "--workers", "1"])
    assert code == 0
    assert (tmp_path / "out" / "data" / "00000.jsonl").exists()
    capsys.readouterr()
    assert main(["explain", str(tmp_path / "out"), "doc-7"]) == 0
    shown = capsys.readouterr().out
    assert "removed" in shown and "has_word" in shown and "tests.helpers:DropWord" in shown
    assert main(["explain", str(tmp_path / "out"), "doc-8"]) == 0
    assert "kept" in capsys.readouterr().out
    assert main(["explain", str(tmp_path / "out"), "nope"]) == 1


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("steps: [ftfyy]\n", "unknown step 'ftfyy'; did you mean 'ftfy'"),
        ("steps: [{threshold: {field: a, op: '~', value: 1}}]\n", "threshold.op"),
        ("steps: [{ftfy: {normalisation: NFC}}]\n", "unknown key 'normalisation'"),
        ("stepz: []\n", "unknown key 'stepz'"),
        ("steps: [ftfy]\nwriter: {format: csv}\n", "writer.format"),
    ],
)
def test_bad_config_is_a_clear_error_before_any_work(tmp_path: Path, yaml_text: str, message: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "p.yaml"
    cfg.write_text(yaml_text)
    code = main(["run", str(corpus(tmp_path, 3)), "-o", str(tmp_path / "out"), "--config", str(cfg)])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out" / "data").exists()


def test_cli_exit_code_is_nonzero_when_a_shard_is_partial(tmp_path: Path) -> None:
    import gzip

    blob = gzip.compress(b"".join(json.dumps({"text": f"t{i} " * 30}).encode() + b"\n" for i in range(300)))
    (tmp_path / "cut.jsonl.gz").write_bytes(blob[:-40])
    proc = subprocess.run([sys.executable, "-m", "tamis.cli", "run", str(tmp_path / "cut.jsonl.gz"), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "incomplete run" in proc.stdout and "partial" in proc.stdout
    # a damaged file reads the same way again: the summary does not promise that a rerun helps
    out = " ".join(proc.stdout.split())
    assert "replace the file to read it whole" in out and "retry failed shards" not in out
    check_invariant(tmp_path / "out")


def test_yaml_run_section_chooses_the_executor_and_stays_out_of_the_hash(tmp_path: Path) -> None:
    from tamis.config import parse_pipeline

    local = parse_pipeline({"steps": ["ftfy"]})
    ray = parse_pipeline({"steps": ["ftfy"], "run": {"executor": "ray", "workers": 4, "ray_address": "auto"}})
    assert ray.run.executor == "ray" and ray.run.workers == 4
    assert local.hash() == ray.hash()  # resuming a local run on Ray is allowed
    with pytest.raises(ConfigError, match="run.executor"):
        parse_pipeline({"steps": [], "run": {"executor": "spark"}})
    cfg = tmp_path / "p.yaml"
    cfg.write_text("steps: [ftfy]\nrun: {executor: inprocess}\n")
    assert main(["run", str(corpus(tmp_path, 5)), "-o", str(tmp_path / "out"), "--config", str(cfg)]) == 0


def test_redoing_an_early_stage_redoes_everything_after_it(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    out = tmp_path / "out"
    run([str(src)], str(out), steps=STEPS, executor="inprocess", reader=SMALL_SHARDS)
    before = snapshot(out)
    next((out / "_work" / "s0" / "docs").iterdir()).write_bytes(b"damaged")  # one stage-0 output
    stage1 = {p: p.stat().st_mtime_ns for p in (out / "_done" / "s1").iterdir()}
    run([str(src)], str(out), steps=STEPS, executor="inprocess", reader=SMALL_SHARDS)
    assert snapshot(out) == before
    assert all(p.stat().st_mtime_ns != t for p, t in stage1.items())  # decisions were remade
    check_invariant(out)


def test_a_failing_batch_pass_loses_nothing_and_is_counted(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    texts = ["fine one", "fine two", "boom", "fine three", "fine four", "fine five"]
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    run([str(src)], str(tmp_path / "out"), steps=["tests.helpers:BatchExplodes"], executor="inprocess")
    summary = check_invariant(tmp_path / "out")
    assert (summary["kept"], summary["quarantined"]) == (5, 1)
    assert summary["steps"]["00:tests.helpers:BatchExplodes"]["batch_fallbacks"] == 1
    assert [r["id"] for r in ledger_rows(tmp_path / "out") if r["fate"] == "quarantined"] == ["d2"]


def test_yaml_preset_with_writer_options(tmp_path: Path) -> None:
    from tamis.config import parse_pipeline

    cfg = parse_pipeline({"preset": "default", "writer": {"format": "parquet"}})
    assert [s.name for s in cfg.steps][:3] == ["threshold", "ftfy", "extract_html"] and cfg.writer.format == "parquet"
    with pytest.raises(ConfigError, match="not both"):
        parse_pipeline({"preset": "dedup", "steps": ["ftfy"]})
    with pytest.raises(ConfigError, match="'steps' list or a 'preset' name is required"):
        parse_pipeline({"writer": {"format": "jsonl"}})
    with pytest.raises(ConfigError, match="unknown preset"):
        parse_pipeline({"preset": "no_such_preset"})


def test_a_rerun_with_another_input_file_is_refused(tmp_path: Path) -> None:
    # shards are kept by their place in the plan: with a file added in front, shard 00000 would
    # name another file, and the rerun would skip one file's documents and count another's twice
    src = tmp_path / "in"
    src.mkdir()
    for name in ("b", "c"):
        (src / f"{name}.jsonl").write_text(json.dumps({"id": name, "text": f"document {name}"}) + "\n")
    out = str(tmp_path / "out")
    assert run([str(src)], out, steps=["ftfy"], executor="inprocess").input == 2
    (src / "a.jsonl").write_text(json.dumps({"id": "a", "text": "document a"}) + "\n")
    with pytest.raises(ConfigError, match=r"another run: the input files differ: added \S*in/a.jsonl\. .*new output"):
        run([str(src)], out, steps=["ftfy"], executor="inprocess")
    (src / "a.jsonl").unlink()
    was = (src / "c.jsonl").stat()
    (src / "c.jsonl").write_text(json.dumps({"id": "c", "text": "document c, edited since"}) + "\n")  # same name, new size
    with pytest.raises(ConfigError, match=r"another run: the input files differ: changed \S*in/c.jsonl\. "):
        run([str(src)], out, steps=["ftfy"], executor="inprocess")
    (src / "c.jsonl").write_text(json.dumps({"id": "c", "text": "document c"}) + "\n")
    os.utime(src / "c.jsonl", ns=(was.st_atime_ns, was.st_mtime_ns))  # the very file again, as restored from a copy
    again = run([str(src)], out, steps=["ftfy"], executor="inprocess")  # the same files again: resumed
    assert again.ok and again.resumed == 2 and again.as_dict()["docs_per_s"] is None  # no rate for shards not run


def test_a_file_edited_in_place_is_not_kept_from_the_old_run(tmp_path: Path) -> None:
    # same size, new text: by size alone the rerun kept the old shard and its old text silently
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps({"id": "a", "text": "document one"}) + "\n")
    (src / "b.jsonl").write_text(json.dumps({"id": "b", "text": "document two"}) + "\n")
    out = str(tmp_path / "out")
    run([str(src)], out, steps=["ftfy"], executor="inprocess")
    before = (src / "b.jsonl").stat()
    (src / "b.jsonl").write_text(json.dumps({"id": "b", "text": "document 2!!"}) + "\n")
    assert (src / "b.jsonl").stat().st_size == before.st_size
    # a later modification time, as an edit seconds or days later would leave it
    os.utime(src / "b.jsonl", ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    with pytest.raises(ConfigError, match=r"the input files differ: changed \S*in/b.jsonl \(same size, new modification time\)\. ") as err:
        run([str(src)], out, steps=["ftfy"], executor="inprocess")
    assert "a.jsonl" not in str(err.value)
    (src / "a.jsonl").unlink()
    with pytest.raises(ConfigError, match=r"changed \S*in/b.jsonl \(same size, new modification time\); removed \S*in/a.jsonl\. "):
        run([str(src)], out, steps=["ftfy"], executor="inprocess")


def test_a_worker_that_dies_fails_its_shard_not_the_run(tmp_path: Path) -> None:
    # with one worker, or one shard, the task used to run in the driver, and a crash there left
    # no summary at all; now it is a failed shard and a run that says so
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "this one will die"}) + "\n")
    summary = run([str(src)], str(tmp_path / "out"), steps=["tests.helpers:Dies"], executor="local", workers=1)
    assert not summary.ok
    assert any("worker process died" in p for p in summary.problems)
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["ok"] is False


def test_the_default_pipeline_gives_the_same_bytes_twice(tmp_path: Path) -> None:
    # labels are output: a wall-clock timing among them (extract_html's "ms") made two runs of
    # the same input, and Ray against local, differ
    examples = Path(__file__).resolve().parents[2] / "examples" / "pages"
    outs = []
    for name in ("one", "two"):
        run([str(examples)], str(tmp_path / name), executor="inprocess")
        outs.append({p.name: p.read_bytes() for p in sorted((tmp_path / name / "data").iterdir())})
    assert outs[0] == outs[1] and outs[0]


def test_an_output_folder_inside_the_input_folder_is_not_read_as_input(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.txt").write_text("The harbour town opened its tidal power station on Monday.\n")
    out = folder / "out"
    first = run([str(folder)], str(out), steps=["ftfy"], executor="inprocess")
    again = run([str(folder)], str(out), steps=["ftfy"], executor="inprocess")  # resumes, same inputs
    assert first.ok and again.ok and first.kept == again.kept == 1
    assert again.resumed


def test_a_misnamed_text_field_is_warned_about_with_the_fields_found(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"x{i}", "content": "some text"}) + "\n" for i in range(3)))
    summary = run([str(src)], str(tmp_path / "out"), steps=["ftfy"], executor="inprocess")
    # every record accounted for, but none read: not a run to exit 0 with
    assert summary.quarantined == 3 and not summary.ok and summary.invariant_ok
    (problem,) = summary.problems
    assert problem.startswith("no input record could be read: all 3 were quarantined (no_text_field: 3)")
    (warning,) = summary.warnings  # the warning says why
    assert "3 record(s) have no text field 'text'" in warning and "fields: content" in warning
    assert "--text-field" in warning and "the first, x0," in warning  # the record's own id


def test_a_step_instance_of_a_user_class_runs_whatever_its_name(tmp_path: Path) -> None:
    from tests.helpers import Explodes

    step = Explodes(Explodes.Config())
    step.name = "my_own_name"  # not the registry's: the run goes by the class's import path
    summary = run([str(corpus(tmp_path, 3))], str(tmp_path / "out"), steps=["ftfy", step], executor="inprocess")
    assert summary.ok and summary.input == 3


def test_html_input_without_extract_html_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.html").write_text("<html><body><p>The harbour town opened its tidal power station.</p></body></html>")
    bare = run([str(tmp_path / "in")], str(tmp_path / "a"), steps=["gopher_quality"], executor="inprocess")
    assert any("no extract_html step" in w for w in bare.warnings)
    extracted = run([str(tmp_path / "in")], str(tmp_path / "b"), steps=["extract_html", "gopher_quality"], executor="inprocess")
    assert not any("no extract_html step" in w for w in extracted.warnings)


def test_a_null_or_non_string_text_is_text_not_string_not_a_missing_field(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [{"id": "r1", "text": None}, {"id": "r2", "text": 12345},
                                                           {"id": "r3", "text": "fine text"}]))
    summary = run([str(src)], str(tmp_path / "out"), steps=["ftfy"], executor="inprocess")
    reasons = {r["id"]: r["reason"] for r in ledger_rows(tmp_path / "out") if r["fate"] == "quarantined"}
    assert reasons == {"r1": "text_not_string", "r2": "text_not_string"}
    assert not any("no text field" in w for w in summary.warnings)


def test_a_refused_rerun_names_only_what_differs(tmp_path: Path) -> None:
    from tamis.config import PipelineConfig, WriterConfig
    from tamis.presets import preset_steps

    src = corpus(tmp_path, 3)
    steps = tuple(preset_steps("language"))  # options with tuples, which JSON gives back as lists
    run([str(src)], str(tmp_path / "out"), PipelineConfig(steps), executor="inprocess")
    with pytest.raises(ConfigError) as err:
        run([str(src)], str(tmp_path / "out"), PipelineConfig(steps, writer=WriterConfig(format="jsonl")),
            executor="inprocess")
    assert "the config's writer differ" in str(err.value) and "steps differ" not in str(err.value)


def test_a_retried_stage_counts_every_shard_it_ran_not_only_the_lost_ones(tmp_path: Path) -> None:
    # after a WorkerLost retry the runner returned how many shards were lost as "ran", so a
    # fresh run reported the others as resumed
    from tamis.config import PipelineConfig
    from tamis.run.executors.base import InProcessExecutor, WorkerLost
    from tamis.run.runner import Run

    class LosesOneWorker(InProcessExecutor):
        lost = False

        def map(self, fn, items):  # type: ignore[no-untyped-def]
            for i, item in enumerate(items):
                if i == len(items) - 1 and not self.lost:
                    self.lost = True
                    raise WorkerLost("1 worker died")
                yield fn(item)

    config = PipelineConfig(tuple(StepSpec(s) for s in ("ftfy",)), SMALL_SHARDS)
    summary = Run([str(corpus(tmp_path))], str(tmp_path / "out"), config, LosesOneWorker()).execute()
    assert summary.ok and len(summary.shards) > 3
    assert summary.resumed == 0 and json.loads((tmp_path / "out" / "summary.json").read_text())["resumed_shards"] == 0


def test_an_output_path_that_is_a_file_is_a_config_error(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "a page"}) + "\n")
    (tmp_path / "taken").write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot write the output folder"):
        run([str(src)], str(tmp_path / "taken"), steps=["ftfy"], executor="inprocess")


def test_a_glob_over_the_folder_that_holds_the_output_resumes(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.jsonl").write_text(json.dumps({"id": "a", "text": "a page"}) + "\n")
    pattern, out = str(tmp_path / "c" / "**"), str(tmp_path / "c" / "out")
    assert run([pattern], out, steps=["ftfy"], executor="inprocess").ok
    again = run([pattern], out, steps=["ftfy"], executor="inprocess")  # refused before: its own output was new input
    assert again.ok and again.input == 1


def test_an_output_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    # the run wrote over a user's data/00000.jsonl.gz, and stray files in ledger/ broke explain
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "hello there"}\n')
    out = tmp_path / "other"
    (out / "data").mkdir(parents=True)
    (out / "data" / "00000.jsonl.gz").write_bytes(b"keep")
    with pytest.raises(ConfigError, match="not empty and holds no tamis run"):
        run([str(src)], str(out), steps=["ftfy"], workers=1)
    assert (out / "data" / "00000.jsonl.gz").read_bytes() == b"keep" and not (out / "_run.json").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"")  # hidden files are no data
    assert run([str(src)], str(empty), steps=["ftfy"], workers=1).ok  # an empty folder is fine


def test_a_step_of_the_drivers_script_is_refused_where_workers_cannot_import_it(tmp_path: Path) -> None:
    # a review: under Ray every shard failed with "cannot import step '__main__:NoShouting'", after
    # the output folder was claimed
    from tamis.config import PipelineConfig
    from tamis.errors import ConfigError
    from tamis.run.executors.base import InProcessExecutor
    from tamis.run.runner import Run

    class Remote(InProcessExecutor):
        imports_main = False

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "words"}\n')
    config = PipelineConfig((StepSpec("__main__:NoShouting"),))
    with pytest.raises(ConfigError, match="defined in the script that starts the run"):
        Run([str(src)], str(tmp_path / "out"), config, Remote()).execute()
    assert not (tmp_path / "out").exists()


def test_an_output_folder_removed_during_the_run_ends_it_with_a_problem_not_a_traceback(tmp_path: Path) -> None:
    # a review: FileNotFoundError at the summary's write
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "words"}\n')
    out = tmp_path / "out"
    summary = run([str(src)], str(out), steps=[StepSpec.of("tests.run.odd_steps:RemovesFolder", path=str(out))],
                  executor="inprocess")
    assert not summary.ok and any("moved or removed during the run" in p for p in summary.problems)
