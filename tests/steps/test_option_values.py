"""Option values that matched nothing and removed or quarantined every document, with exit 0:
each is now refused when the step is configured."""

from __future__ import annotations

import pytest

from tamis.errors import ConfigError
from tamis.extract.steps import RemoveFurnitureConfig, line_labels
from tamis.quality.filters import LanguageFilterConfig
from tamis.quality.lang import LID176_CODES, load_model
from tamis.steps.repair import FtfyConfig


def test_a_misspelt_keep_label_is_refused() -> None:
    with pytest.raises(ConfigError, match="'bodyy'"):
        RemoveFurnitureConfig(keep_labels=("bodyy",))
    assert RemoveFurnitureConfig(keep_labels=("body", "related", "author-bio")).keep_labels


def test_the_label_list_holds_every_label_the_extractor_gives() -> None:
    from tamis.extract.text import label_lines

    text = ("Home | News | Sport\n\nShare this article\n\n" + "The council met on Tuesday and agreed the plan. " * 4
            + "\n\nAbout the author\nJane writes about councils.\n\n© 2024 Example Media. All rights reserved.")
    assert {line.label for line in label_lines(text)} <= line_labels()


def test_language_codes_outside_lid176_are_refused() -> None:
    with pytest.raises(ConfigError, match="'xx'"):
        LanguageFilterConfig(languages=("en", "xx"))
    with pytest.raises(ConfigError, match="'nb'"):  # the model says "no"
        LanguageFilterConfig(languages=("nb",))
    assert LanguageFilterConfig(languages=("en", "yue", "jbo")).languages


def test_every_code_the_model_gives_is_listed() -> None:
    model = load_model()
    probes = ["hello world", "日本語のテキスト", "Привет, мир", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดีชาวโลก", "12"]
    for text in probes:
        labels, _ = model.predict(text, k=-1, threshold=0.0)
        assert {label.removeprefix("__label__") for label in labels} <= LID176_CODES
    assert len(LID176_CODES) == 176


def test_an_unknown_unicode_normalisation_is_refused() -> None:
    # ftfy raised on it for every non-ASCII text: each document was quarantined, exit 0
    with pytest.raises(ConfigError, match="NFX"):
        FtfyConfig(normalization="NFX")


def test_a_numeric_threshold_on_a_text_label_says_so(tmp_path) -> None:
    # every document was quarantined as "internal_error:TypeError" with a traceback, and the
    # summary said that no input record could be read, though every one was
    from tamis.api import run
    from tamis.config import StepSpec
    from tests.helpers import ledger_rows

    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "x", "url": "http://a.example/"}\n{"id": "b", "text": "y", "url": "http://b.example/"}\n')
    out = tmp_path / "out"
    summary = run([str(src)], str(out), steps=[StepSpec.of("threshold", field="url", op=">=", value=5)], workers=1)
    assert {r["reason"] for r in ledger_rows(out)} == {"label_not_a_number"}
    (problem,) = summary.problems
    assert problem.startswith("every input record was quarantined")


def test_a_threshold_on_the_input_s_own_plain_field_runs(tmp_path) -> None:
    # "lang" as a dataset writes it ("en") is the input's value: no language step is needed
    from tamis.api import run
    from tamis.config import StepSpec

    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "Hello", "lang": "en"}\n{"id": "b", "text": "Bonjour", "lang": "fr"}\n')
    summary = run([str(src)], str(tmp_path / "out"), steps=[StepSpec.of("threshold", field="lang", op="==", value="en")], workers=1)
    assert summary.kept == 1 and sum(summary.removed.values()) == 1
