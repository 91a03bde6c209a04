"""The README's pipeline examples do what the README says they do (here: drop short documents)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tamis.api import run
from tamis.config import load_yaml

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
LONG = " ".join(["The harbour town switched on its tidal power station on Monday after ten years of work."] * 6)


def block(section: str, lang: str) -> str:
    """The first ``lang`` code block after the heading ``section``."""
    after = README[README.index(section):]
    match = re.search(rf"```{lang}\n(.*?)```", after, re.S)
    assert match, f"no {lang} block after {section!r}"
    return match.group(1)


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "in.jsonl").write_text(json.dumps({"id": "short", "text": "Ten words are not enough for a document."}) + "\n"
                                     + json.dumps({"id": "long", "text": LONG}) + "\n")
    return folder


def test_python_api_example_removes_short_documents(tmp_path: Path) -> None:
    # run as a script, as a reader would save it: the local executor's spawned workers import
    # the script again, which only the __main__ guard makes safe
    code = block("## Python API", "python")
    assert '"crawl/"' in code and '"out/"' in code
    code = code.replace('"crawl/"', repr(str(corpus(tmp_path)))).replace('"out/"', repr(str(tmp_path / "out")))
    script = tmp_path / "example.py"
    script.write_text(code)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split(None, 1) == ["1", "{'threshold:too_short': 1}\n"]
    assert "Error" not in done.stderr


def test_yaml_example_removes_short_documents(tmp_path: Path) -> None:
    data = yaml.safe_load(block("## YAML pipelines", "yaml"))
    data["run"] = {"executor": "inprocess"}
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text(yaml.safe_dump(data))
    summary = run([str(corpus(tmp_path))], str(tmp_path / "out"), load_yaml(str(cfg)))
    assert summary.kept == 1 and summary.removed == {"threshold:too_short": 1}


def test_readme_states_the_language_threshold_as_the_code_compares() -> None:
    from tamis.document import Document
    from tamis.presets import preset_steps
    from tamis.steps.registry import build_step

    spec = next(s for s in preset_steps("language") if s.name == "language_filter")
    step = build_step(spec)
    at = step.decide(Document("a", "x", {"lang": {"code": "en", "score": 0.65}}))
    above = step.decide(Document("b", "x", {"lang": {"code": "en", "score": 0.66}}))
    assert at is not None and above is None  # strictly above 0.65 is kept
    assert "English with a score > 0.65" in README and "≥ 0.65" not in README


def test_readme_ledger_glob_finds_every_record(tmp_path: Path) -> None:
    import fnmatch

    import pyarrow.parquet as pq

    line = next(x for x in README.splitlines() if x.startswith("OUT/ledger/"))
    pattern = line.split()[0].removeprefix("OUT/ledger/")
    # a global step (exact_dedup) starts a second stage, which writes its own ledger files
    summary = run([str(corpus(tmp_path))], str(tmp_path / "out"), steps=["ftfy", "exact_dedup"], executor="inprocess")
    files = sorted(p.name for p in (tmp_path / "out" / "ledger").iterdir())
    assert {f[:3] for f in files} == {"s0-", "s1-"}
    assert all(fnmatch.fnmatch(f, pattern) for f in files)
    assert pq.read_table(tmp_path / "out" / "ledger").num_rows == summary.input == 2


def test_the_clean_explain_block_is_what_the_command_prints() -> None:
    shown = block("Every dropped line gets a label and a reason", "text").splitlines()
    assert shown[0] == "$ .venv/bin/tamis clean --explain examples/pages/news-article.txt"
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "tamis", "clean", "--explain", "examples/pages/news-article.txt"],
                          capture_output=True, text=True, cwd=root, timeout=120)
    printed = done.stdout.splitlines()
    assert done.returncode == 0
    # every line the README shows is printed, in the same order (some are left out)
    at = 0
    for line in shown[1:]:
        at = printed.index(line, at) + 1  # ValueError: the README shows a line the command does not print


def test_the_preset_options_example_loads() -> None:
    from tamis.config import parse_pipeline

    cfg = parse_pipeline(yaml.safe_load(block("`options` changes some of the preset's steps", "yaml")))
    assert cfg.writer.format == "parquet"
    assert ("record_removed", True) in next(s for s in cfg.steps if s.name == "remove_furniture").options
