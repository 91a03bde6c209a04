"""Thresholds the report draws, from threshold steps, step options and the report_thresholds hook."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tamis.config import StepSpec
from tamis.document import Document
from tamis.report.pipeline import specs_from_record, step_options, thresholds
from tamis.steps.base import Drop, Filter

HERE = __name__


@dataclass(frozen=True, slots=True)
class WordsConfig:
    min_words: int = 50
    max_symbol_ratio: float = 0.1
    verbose: bool = False


class Words(Filter):
    """A step whose numeric options follow the min_/max_ convention."""

    name = "words"
    Config = WordsConfig

    def decide(self, doc: Document) -> Drop | None:
        return None


class Declared(Words):
    """A step that says exactly which signal each option cuts."""

    @classmethod
    def report_thresholds(cls, options: dict[str, Any]) -> Iterable[tuple[str, str, float]]:
        yield "quality.custom.n_words", ">=", options["min_words"]


def test_defaults_are_filled_in_from_the_step_config() -> None:
    assert step_options(StepSpec.of(f"{HERE}:Words", min_words=20)) == {
        "min_words": 20, "max_symbol_ratio": 0.1, "verbose": False}
    # An unknown step keeps its recorded options rather than failing the report.
    assert step_options(StepSpec.of("not-installed", x=1)) == {"x": 1}


def test_min_max_options_are_drawn_on_signals_under_the_step_name() -> None:
    found = thresholds([StepSpec.of(f"{HERE}:Words", min_words=20)])
    assert sorted((t.path, t.op, t.value) for t in found) == [("symbol_ratio", "<=", 0.1), ("words", ">=", 20.0)]
    words = next(t for t in found if t.path == "words")
    # The step's registry name is the import path here, so only an exact component match counts.
    assert not words.matches("quality.gopher.words")


def test_hook_names_exact_paths() -> None:
    (t,) = thresholds([StepSpec.of(f"{HERE}:Declared", min_words=7)])
    assert (t.path, t.op, t.value, t.loose) == ("quality.custom.n_words", ">=", 7.0, False)
    assert t.matches("quality.custom.n_words") and not t.matches("quality.custom.n_words2")


def test_specs_from_every_recorded_shape() -> None:
    shapes = [{"steps": ["ftfy", {"threshold": {"field": "a", "op": ">", "value": 1}}]},
              [{"name": "threshold", "options": {"field": "a", "op": ">", "value": 1}}, {"name": "ftfy"}],
              {"steps": "not a list"}, None]
    got = [[s.name for s in specs_from_record(shape)] for shape in shapes]
    assert got == [["ftfy", "threshold"], ["threshold", "ftfy"], [], []]
