"""A threshold on a key that its labeller does not write stops the run before any work."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tamis.api import run
from tamis.cli import EXIT_CONFIG, main
from tamis.config import StepSpec
from tamis.document import Document
from tamis.errors import ConfigError
from tamis.run.needs import unknown_fields
from tamis.steps.base import Labeller
from tamis.quality.steps import GopherQuality
from tamis.steps.registry import build_step

TEXTS = ("", "Menu\nHome\n", "The council met on Tuesday evening. The mayor said that repairs would start "
         "in the spring.\n\n- one\n- two...\n{curly} lorem ipsum\nThe council met on Tuesday evening.\n")


def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)))
    return src


def threshold(field: str) -> StepSpec:
    return StepSpec.of("threshold", field=field, op=">=", value=1)


def _keys(metadata: dict[str, Any], label: str) -> set[str]:
    node: Any = metadata
    for part in label.split("."):
        node = node[part]
    return set(node)


@pytest.mark.parametrize("spec", [StepSpec("gopher_quality"), StepSpec.of("gopher_repetition", dup_ngrams=[7, 11]),
                                  StepSpec("c4_quality"), StepSpec("fineweb_quality"),
                                  StepSpec.of("language", paragraphs=True), StepSpec("language")])
def test_declared_fields_are_the_keys_the_labeller_writes(spec: StepSpec) -> None:
    # the check is only as good as the declaration: it must match what label() writes, on any text
    step = build_step(spec)
    assert isinstance(step, Labeller)
    step.setup()
    fields = step.fields()
    assert fields is not None and len(fields) == 1
    (label, keys), = fields.items()
    for text in TEXTS:
        doc = Document("x", text)
        step.label(doc)
        written = _keys(doc.metadata, label)
        # "paragraphs" is only written for text with letters; the rest always
        assert written <= set(keys) and set(keys) - written <= {"paragraphs"}, (text, written, keys)


@pytest.mark.parametrize(("steps", "field", "hint"), [
    (["gopher_quality"], "quality.gopher.word_cout", "quality.gopher.word_count"),
    (["c4_quality", "c4_lines"], "quality.c4.removed_line", "quality.c4.removed_lines"),
    (["fineweb_quality"], "quality.fineweb.line_punct", "quality.fineweb.line_punct_ratio"),
    (["language"], "lang.scores", "lang.score"),
    ([StepSpec.of("gopher_repetition", dup_ngrams=[7])], "quality.gopher_repetition.dup_5_gram_char_frac",
     "quality.gopher_repetition.dup_7_gram_char_frac"),
])
def test_a_misspelt_field_under_a_present_labeller_is_refused(tmp_path: Path, steps: list[Any], field: str,
                                                              hint: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(ConfigError, match=f"reads {field}, which no step before it writes \\(did you mean {hint}\\?\\)"):
        run([str(corpus(tmp_path))], str(out), steps=[*steps, threshold(field)], executor="inprocess")
    assert not out.exists()


@pytest.mark.parametrize(("steps", "field"), [
    (["gopher_quality"], "quality.gopher.word_count"),
    (["c4_quality", "c4_lines"], "quality.c4.removed_lines"),  # written by c4_lines, not its labeller
    (["c4_quality"], "quality.c4.removed.javascript"),  # keys below a declared one are not checked
    (["language"], "lang.top.en"),
    ([StepSpec.of("gopher_repetition", dup_ngrams=[7])], "quality.gopher_repetition.dup_7_gram_char_frac"),
])
def test_a_field_the_labeller_writes_runs(tmp_path: Path, steps: list[Any], field: str) -> None:
    summary = run([str(corpus(tmp_path))], str(tmp_path / "out"), steps=[*steps, threshold(field)], executor="inprocess")
    assert summary.ok and summary.kept + sum(summary.removed.values()) == len(TEXTS)


def test_a_users_step_before_the_threshold_may_write_any_key() -> None:
    # tests.helpers' step declares nothing: it may add keys under quality.gopher, so nothing is refused
    steps = [build_step(StepSpec("gopher_quality")), build_step(StepSpec("tests.helpers:DropWord")),
             build_step(threshold("quality.gopher.my_own_count"))]
    assert unknown_fields(steps) == []
    assert [f for _, _, f, _, _ in unknown_fields([steps[0], steps[2]])] == ["quality.gopher.my_own_count"]


def test_the_cli_names_the_field_and_exits_with_the_config_code(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text('steps:\n  - gopher_quality\n  - threshold: {field: quality.gopher.word_cout, op: ">=", value: 50}\n')
    assert main(["run", str(corpus(tmp_path)), "-o", str(tmp_path / "out"), "--config", str(cfg)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "step 01:threshold reads quality.gopher.word_cout" in err and "word_count" in err
    assert not (tmp_path / "out").exists()


def test_a_users_labeller_that_names_its_keys_is_held_to_them() -> None:
    class Mine(Labeller):
        name = "mine"

        def label(self, doc: Document) -> None:
            doc.metadata.setdefault("quality", {})["mine"] = {"score": 1.0}

        def fields(self) -> dict[str, tuple[str, ...]]:
            return {"quality.mine": ("score",)}

    found = unknown_fields([Mine(), build_step(threshold("quality.mine.scor")), build_step(threshold("quality.mine.score"))])
    assert [(i, field, keys) for i, _, field, _, keys in found] == [(1, "quality.mine.scor", ["score"])]


def test_without_the_labeller_a_retune_on_labelled_output_is_not_checked(tmp_path: Path) -> None:
    # a review: c4_lines alone on a previous run's output (its labels already there) was refused,
    # since c4_lines' own keys made the known set look complete
    first = run([str(corpus(tmp_path))], str(tmp_path / "a"), steps=["c4_quality"], executor="inprocess")
    assert first.ok
    again = run([str(tmp_path / "a" / "data")], str(tmp_path / "b"), executor="inprocess",
                steps=["c4_lines", StepSpec.of("threshold", field="quality.c4.lorem_ipsum", op="==", value=False)])
    assert again.ok and again.kept + sum(again.removed.values()) == first.kept


class MyGopher(GopherQuality):
    """A user's subclass that writes one more key than its parent names."""

    name = "mine:MyGopher"

    def label(self, doc: Document) -> None:
        super().label(doc)
        doc.metadata["quality"]["gopher"]["digit_ratio"] = 0.0


def test_a_users_subclass_of_a_builtin_labeller_is_not_held_to_its_parents_keys() -> None:
    steps = [MyGopher(), build_step(threshold("quality.gopher.digit_ratio"))]
    assert unknown_fields(steps) == []


def test_a_repetition_filter_rule_for_an_n_its_labeller_does_not_compute_is_refused(tmp_path: Path) -> None:
    # every document was quarantined as missing_label:...top_3_gram_char_frac, at run time
    steps = [StepSpec.of("gopher_repetition", top_ngrams=[2]), StepSpec("gopher_repetition_filter")]
    with pytest.raises(ConfigError, match="reads quality.gopher_repetition.top_3_gram_char_frac, which no step before it"):
        run([str(corpus(tmp_path))], str(tmp_path / "out"), steps=steps, executor="inprocess")
    # with the rules for 3- and 4-grams off, it runs
    steps[1] = StepSpec.of("gopher_repetition_filter", top_3_gram=None, top_4_gram=None)
    summary = run([str(corpus(tmp_path))], str(tmp_path / "out2"), steps=steps, executor="inprocess")
    assert summary.ok


def test_the_last_labeller_of_a_label_is_the_one_whose_keys_count() -> None:
    # a review: a second gopher_repetition replaces the first one's label, and its keys are gone
    steps = [build_step(StepSpec.of("gopher_repetition", top_ngrams=[2])), build_step(StepSpec.of("gopher_repetition", top_ngrams=[3, 4])),
             build_step(StepSpec("gopher_repetition_filter"))]
    assert [field for _, _, field, _, _ in unknown_fields(steps)] == ["quality.gopher_repetition.top_2_gram_char_frac"]
