"""Wrong argument types to the Python API: a clear tamis error before any work, not an
AttributeError deep inside, and no argument silently dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

import tamis
from tamis.api import build_config, run
from tamis.config import PipelineConfig, StepSpec, WriterConfig
from tamis.errors import ConfigError
from tamis.steps.repair import FtfyRepair


@pytest.fixture()
def src(tmp_path: Path) -> Path:
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "a", "text": "The council met on Tuesday and agreed the plan."}\n')
    return path


def test_paths_may_be_pathlib_paths(src: Path, tmp_path: Path) -> None:
    # run(Path(...)) failed with "'PosixPath' object is not iterable"
    assert run(src, tmp_path / "out", steps=["ftfy"], workers=1).ok
    assert run([src], tmp_path / "out2", steps=["ftfy"], workers=1).ok


@pytest.mark.parametrize("steps, message", [
    ([{"threshold": {"field": "x"}}], 'StepSpec.of\\("threshold"'),
    ([5], "a step is a name"),
    ([FtfyRepair], "a step is a name"),  # the class, not an instance
    ("ftfy", "write \\['ftfy'\\]"),
])
def test_steps_of_the_wrong_kind_are_named(src: Path, tmp_path: Path, steps: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        run(src, tmp_path / "out", steps=steps, workers=1)
    assert not (tmp_path / "out").exists()


def test_config_arguments_are_checked_and_never_dropped(src: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be a PipelineConfig"):
        run(src, tmp_path / "out", config={"steps": ["ftfy"]})
    config = PipelineConfig((StepSpec("ftfy"),))
    with pytest.raises(ConfigError, match="not both"):  # steps= and writer= were ignored
        run(src, tmp_path / "out", config, writer=WriterConfig(format="parquet"))
    with pytest.raises(ConfigError, match="workers"):  # 0 meant all cores, -2 one worker
        run(src, tmp_path / "out", config, workers=0)
    with pytest.raises(ConfigError, match="not both"):
        build_config("x.yaml", "gopher")


def test_one_page_given_to_the_batch_functions_is_refused() -> None:
    # a str is iterable: each character was cleaned as a page of its own
    with pytest.raises(TypeError, match="wrap it in a list"):
        tamis.clean_texts("hello world")
    with pytest.raises(TypeError, match="wrap it in a list"):
        tamis.extract_htmls("<p>hi</p>")
    with pytest.raises(ValueError, match="a number strictly between 0 and 1"):
        tamis.clean_text("some text here", threshold="0.5")
