"""The ``tamis`` command line: its top-level commands, help texts and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tamis.cli import EXIT_CONFIG, EXIT_INCOMPLETE, EXIT_OK, main
from tamis.errors import ConfigError


def small_run(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": f"text number {i}"}) + "\n" for i in range(3)))
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "--executor", "inprocess", "--config", str(_yaml(tmp_path))]) == 0
    return out


def _yaml(tmp_path: Path) -> Path:
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text("steps:\n  - ftfy\n")
    return cfg


def test_explain_outside_a_run_says_what_report_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nonexistent_folder")
    assert main(["explain", missing, "x"]) == EXIT_CONFIG
    explain_err = capsys.readouterr().err
    assert main(["report", missing]) == EXIT_CONFIG
    assert capsys.readouterr().err == explain_err
    assert "not a finished tamis run" in explain_err
    out = small_run(tmp_path)
    capsys.readouterr()
    assert main(["explain", str(out), "d1"]) == EXIT_OK
    assert main(["explain", str(out), "nope"]) == EXIT_INCOMPLETE  # a run, but not an id of it
    assert "not in the ledger" in capsys.readouterr().out


def test_run_help_points_to_a_command_that_lists_presets(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--list-presets" not in help_text and "`tamis steps` lists them" in help_text
    assert main(["steps"]) == EXIT_OK
    assert "preset default" in capsys.readouterr().out


def test_run_prints_a_warning_for_a_filter_field_no_document_has(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "a few words"}) + "\n")
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text('steps:\n  - gopher_quality\n  - threshold: {field: quality.mine.word_cout, op: ">=", value: 50}\n')
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "--config", str(cfg), "--executor", "inprocess"]) == 0
    err = capsys.readouterr().err
    assert "tamis: WARNING: filter 01:threshold: field 'quality.mine.word_cout' missing in all 1 documents" in err
    # with no labeller of that label before it, the run is refused before any work
    cfg.write_text('steps:\n  - ftfy\n  - threshold: {field: quality.gopher.word_count, op: ">=", value: 50}\n')
    assert main(["run", str(src), "-o", str(tmp_path / "out2"), "--config", str(cfg), "--executor", "inprocess"]) == 2
    assert "no gopher_quality step comes before it" in capsys.readouterr().err and not (tmp_path / "out2").exists()


def test_run_summary_names_an_example_id_per_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("the same short text\n")
    (src / "b.txt").write_text("the same short text\n")
    (src / "c.txt").write_text("")  # quarantined as empty_file
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text("steps:\n  - exact_dedup\n")
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "--config", str(cfg), "--executor", "inprocess"]) == 0
    out = capsys.readouterr().out
    lines = [" ".join(x.split()) for x in out[out.index("one document per reason"):].splitlines()[1:3]]
    dropped = next(x for x in lines if x.startswith("removed exact_dedup:"))
    doc_id = dropped.split()[-1]
    assert doc_id.endswith(("a.txt", "b.txt"))
    assert any(x.startswith("quarantined read:empty_file ") and x.endswith("c.txt") for x in lines), lines
    assert main(["explain", str(tmp_path / "out"), doc_id]) == EXIT_OK  # the id printed is one explain knows
    assert "fate:   removed" in capsys.readouterr().out


def test_steps_lists_whole_descriptions_in_aligned_columns(capsys: pytest.CaptureFixture[str]) -> None:
    from tamis.steps.registry import BUILTIN_STEPS

    assert main(["steps"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.endswith("\n")
    step_block = out.split("\n\n")[0].splitlines()
    starts = {len(line) - len(line.split(None, 1)[1].lstrip()) if not line.startswith(" ") else None
              for line in step_block} - {None}
    assert len(starts) == 1  # every description starts in the same column, even after the longest name
    column = starts.pop()
    described: dict[str, str] = {}
    name = ""
    for line in step_block:
        if not line.startswith(" "):
            name = line.split()[0]
        described[name] = (described.get(name, "") + " " + line[column:].strip()).strip()
    assert set(described) == set(BUILTIN_STEPS)
    assert "alphabetic words, stop words." in described["gopher_quality"]
    assert described["language"].endswith("optionally per paragraph.")
    assert all(text.endswith((".", "...", ")")) for text in described.values()), described


def test_python_dash_m_tamis_runs_the_cli() -> None:
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "tamis", "steps"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "preset default" in res.stdout


def test_package_lists_its_lazy_functions() -> None:
    import subprocess
    import sys

    # a fresh interpreter: listing the names must not load the extraction model
    code = ("import sys, tamis; print(sorted(set(tamis.__all__) & set(dir(tamis))));"
            "print('tamis.extract' in sys.modules); print(callable(tamis.clean_text))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.stdout.splitlines() == [
        "['Document', 'clean_text', 'clean_texts', 'extract_html', 'extract_htmls']", "False", "True"], res.stderr


def test_steps_name_prints_its_options_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "threshold"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("threshold\n") and "options:" in out
    assert "  field: str = (required)" in out and "  keep_missing: bool = True" in out
    assert main(["steps", "ftfy"]) == 0 and "ftfy" in capsys.readouterr().out
    assert main(["steps", "remove_furniture"]) == 0  # each option with the comment that explains it
    assert "  record_removed: bool = False\n      Also write each removed line's text" in capsys.readouterr().out
    assert main(["steps", "no_such_step"]) == 2
    assert "unknown step" in capsys.readouterr().err


def test_steps_preset_prints_the_yaml_that_runs_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["steps", "default"]) == 0
    out = capsys.readouterr().out
    assert '  - threshold: {"field": "location.http_status", "op": "<", "reason": "http_error_status", "value": 300, "warn_missing": false}\n  - ftfy\n  - extract_html\n' in out
    assert '  - line_dedup: {"action": "label", "min_docs": 3, "scope": "site"}' in out
    # the printed steps load as a pipeline, and a preset's step can be changed with options:
    data = yaml.safe_load(out)
    from tamis.config import parse_pipeline

    assert [s.name for s in parse_pipeline(data).steps] == [s.name for s in parse_pipeline({"preset": "default"}).steps]
    changed = parse_pipeline({"preset": "default", "options": {"remove_furniture": {"record_removed": True}}})
    assert dict(next(s for s in changed.steps if s.name == "remove_furniture").options) == {"record_removed": True}
    assert main(["steps", "language"]) == 0  # a step and a preset of the same name: both are shown
    out = capsys.readouterr().out
    assert "options:" in out and "# preset language" in out
    # the step is shown as comments, so the output still loads as the preset's config
    assert [s.name for s in parse_pipeline(yaml.safe_load(out)).steps] == ["language", "language_filter"]
    with pytest.raises(ConfigError, match="the preset has no step 'pii'"):
        parse_pipeline({"preset": "default", "options": {"pii": {}}})


def test_a_misspelt_text_field_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # every record quarantined as no_text_field: accounted for, but nothing read, so not exit 0
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "content": f"text number {i}"}) + "\n" for i in range(3)))
    args = ["run", str(src), "--executor", "inprocess", "--config", str(_yaml(tmp_path))]
    assert main([*args, "-o", str(tmp_path / "bad"), "--text-field", "contnet"]) == EXIT_INCOMPLETE
    out = capsys.readouterr().out
    assert "run failed" in out and "no input record could be read: all 3 were quarantined" in out
    assert main([*args, "-o", str(tmp_path / "good"), "--text-field", "content"]) == EXIT_OK


@pytest.mark.parametrize("section", ["writer: parquet", "reader: 5", "run: [1, 2]"])
def test_a_config_section_that_is_not_a_mapping_is_a_config_error(tmp_path: Path, section: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # dict("parquet") raised a bare ValueError (a traceback, exit 1) before the mapping check ran
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text(f"steps:\n  - ftfy\n{section}\n")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d", "text": "some text"}) + "\n")
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "--config", str(cfg)]) == EXIT_CONFIG
    name = section.split(":")[0]
    assert f"{name}: expected a mapping of options" in capsys.readouterr().err


def test_what_the_readme_calls_safe_to_delete_report_and_explain_do_without(tmp_path: Path) -> None:
    # the README listed _run.json as safe to delete, and the report then lost every threshold
    import re
    import shutil

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text().splitlines()
    i = next(i for i, line in enumerate(readme) if "safe to delete once the run is complete" in line)
    entry = next(line for line in reversed(readme[: i + 1]) if line.startswith("OUT/"))
    deletable = re.findall(r"_\w+(?:\.json)?", entry.split("  ")[0])
    assert "_done" in deletable
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": "The council met on Tuesday. " * (i + 1)}) + "\n"
                           for i in range(4)))
    cfg = tmp_path / "p.yaml"
    cfg.write_text("steps:\n  - gopher_quality\n  - gopher_quality_filter\n")
    out = tmp_path / "out"
    assert main(["run", str(src), "-o", str(out), "--executor", "inprocess", "--config", str(cfg)]) == EXIT_OK
    for name in deletable:
        path = out / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    assert main(["explain", str(out), "d0"]) == EXIT_OK
    assert main(["report", str(out)]) == EXIT_OK
    assert "not recorded in _run.json" not in (out / "report.html").read_text()


def test_steps_prints_a_users_option_types_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "tests.run.plain_annotations:NoShouting"]) == 0
    out = capsys.readouterr().out
    assert "max_upper: float = 0.5" in out and "words: list[str] | None = None" in out and "<class" not in out
