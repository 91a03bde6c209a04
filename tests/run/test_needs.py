"""A filter whose labeller is missing from the pipeline stops the run before any work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.api import run
from tamis.cli import EXIT_CONFIG, main
from tamis.config import StepSpec
from tamis.errors import ConfigError
from tamis.run.needs import missing_labellers
from tamis.steps.registry import build_step

TEXT = ("The council met on Tuesday evening to discuss the new bridge over the river. The mayor said that "
        "repairs would start in the spring and that the old crossing would stay open until then.")


def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": TEXT}) + "\n" for i in range(3)))
    return src


@pytest.mark.parametrize(("steps", "labeller"), [
    (["fineweb_filter"], "fineweb_quality"),
    (["gopher_quality_filter", "gopher_quality"], "gopher_quality"),  # the order reversed
    (["ftfy", "language_filter"], "language"),
    (["c4_lines"], "c4_quality"),
])
def test_a_filter_without_its_labeller_is_refused_before_any_work(tmp_path: Path, steps: list[str],
                                                                   labeller: str) -> None:
    # every document was quarantined as missing_label:*, and the run exited 0
    out = tmp_path / "out"
    with pytest.raises(ConfigError, match=f"no {labeller} step comes before it: add {labeller} earlier"):
        run([str(corpus(tmp_path))], str(out), steps=steps, executor="inprocess")
    assert not out.exists()


def test_the_cli_exits_with_the_config_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text("steps:\n  - ftfy\n  - gopher_repetition_filter\n")
    code = main(["run", str(corpus(tmp_path)), "-o", str(tmp_path / "out"), "--config", str(cfg)])
    assert code == EXIT_CONFIG and "step 01:gopher_repetition_filter" in capsys.readouterr().err


def test_a_filter_alone_on_labelled_output_is_a_retune_not_a_mistake(tmp_path: Path) -> None:
    first = run([str(corpus(tmp_path))], str(tmp_path / "a"), steps=["gopher_quality"], executor="inprocess")
    assert first.ok and first.kept == 3
    again = run([str(tmp_path / "a" / "data")], str(tmp_path / "b"), executor="inprocess",
                steps=[StepSpec.of("gopher_quality_filter", min_doc_words=1000)])
    assert again.ok and again.removed == {"gopher_quality_filter:gopher_short_doc": 3}


def test_every_builtin_preset_has_its_labellers_in_order() -> None:
    from tamis.presets import PRESETS, preset_steps

    for name in PRESETS:
        steps = [build_step(spec) for spec in preset_steps(name)]
        assert missing_labellers(steps) == [], name


def test_a_retune_finds_labels_past_an_empty_first_shard_and_a_users_step_may_write_them(tmp_path: Path) -> None:
    from tamis.run.needs import first_document
    from tamis.run.plan import plan_shards
    from tamis.config import ReaderConfig

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text("")  # an empty first shard, as a previous run's output may hold
    (src / "b.jsonl").write_text(json.dumps({"id": "x", "text": TEXT, "metadata": {"quality": {"gopher": {}}}}) + "\n")
    shards = plan_shards([str(src)], ReaderConfig())
    assert len(shards) == 2 and first_document(shards, ReaderConfig()).id == "x"

    class MyGopher(type(build_step(StepSpec("ftfy")))):  # a user's step, outside tamis
        name = "my_gopher"

    MyGopher.__module__ = "usersteps"
    assert missing_labellers([MyGopher(), build_step(StepSpec("gopher_quality_filter"))]) == []


def test_a_users_step_that_declares_its_labels_is_held_to_them() -> None:
    ftfy = type(build_step(StepSpec("ftfy")))

    class Declared(ftfy):  # a user's step, outside tamis, that says what it writes
        name = "declared"
        writes = ("quality.mine",)

    class Above(ftfy):
        name = "above"
        writes = ("quality",)  # everything under quality

    class NoComma(ftfy):
        name = "no_comma"
        writes = ("quality")  # a string, as a missing comma leaves it

    for cls in (Declared, Above, NoComma):
        cls.__module__ = "usersteps"
    gopher_filter = build_step(StepSpec("gopher_quality_filter"))
    assert [label for _, _, label, _ in missing_labellers([Declared(), gopher_filter])] == ["quality.gopher"]
    assert missing_labellers([Above(), gopher_filter]) == []
    assert missing_labellers([NoComma(), gopher_filter]) == []


def test_an_input_field_of_the_labels_name_but_another_shape_is_no_label(tmp_path: Path) -> None:
    # a dataset's own "lang": "en" passed the check, then every document was quarantined as
    # missing_label:lang and the run said no input record could be read
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": TEXT, "lang": "en"}) + "\n" for i in range(3)))
    with pytest.raises(ConfigError, match="the input's field lang holds a str, not the labels language writes"):
        run([str(src)], str(tmp_path / "out"), executor="inprocess", steps=[StepSpec.of("language_filter", languages=["en"])])
