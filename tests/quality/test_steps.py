from __future__ import annotations

import pytest

from tamis.config import StepSpec
from tamis.document import Document
from tamis.errors import ConfigError
from tamis.presets import preset_steps
from tamis.quality.presets import PRESETS
from tamis.steps.registry import BUILTIN_STEPS, build_step

from .texts import CODE, GOOD, MENU, SPAMMY

NAMES = ["gopher_quality", "gopher_repetition", "c4_quality", "c4_lines", "fineweb_quality", "language",
         "language_filter", "pii", "pii_redact", "gopher_quality_filter", "gopher_repetition_filter",
         "c4_filter", "fineweb_filter"]


def docs():
    return [Document("good", GOOD), Document("menu", MENU), Document("spam", SPAMMY), Document("code", CODE),
            Document("empty", "")]


def test_every_quality_step_is_registered():
    assert set(NAMES) <= set(BUILTIN_STEPS)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_build_and_keep_the_good_document(name, run):
    kept, rec = run(preset_steps(name), docs())
    assert "good" in [d.id for d in kept]
    assert "empty" in rec.dropped
    if name != "language":
        assert "menu" in rec.dropped
    if name not in ("language", "c4"):  # C4 has no repetition rule: 30 exclaimed lines pass it
        assert "spam" in rec.dropped
    assert not rec.quarantine


def test_gopher_preset_drop_reasons(run):
    _, rec = run(preset_steps("gopher"), docs())
    assert rec.dropped["spam"].startswith("gopher_dup")
    assert rec.dropped["empty"] == "empty"
    assert rec.dropped["menu"] in {"gopher_dup_line_frac", "gopher_dup_para_char_frac", "gopher_dup_line_char_frac"}


def test_c4_preset_removes_lines_and_drops_curly_pages(run):
    text = GOOD + "\nShare this\nClick here to enable javascript in your browser now."
    kept, rec = run(preset_steps("c4"), [Document("a", text), Document("code", CODE)])
    assert rec.dropped == {"code": "c4_curly_bracket"}
    assert kept[0].text == "\n".join(line.strip() for line in GOOD.splitlines() if line.strip())
    assert kept[0].metadata["quality"]["c4"]["removed"] == {"no_terminal_punct": 3, "javascript": 1}  # 2 blank


def test_labellers_never_drop(run):
    specs = [StepSpec.of(n) for n in ("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality", "language", "pii")]
    kept, rec = run(specs, docs())
    assert len(kept) == 5 and not rec.dropped and not rec.quarantine
    for d in kept:
        assert set(d.metadata["quality"]) == {"gopher", "gopher_repetition", "c4", "fineweb"}
        assert "code" in d.metadata["lang"] and "spans" in d.metadata["pii"]


def test_threshold_retune_needs_no_relabel(run):
    labelled, _ = run([StepSpec.of("gopher_quality")], docs())
    strict, _ = run([StepSpec.of("gopher_quality_filter", min_doc_words=10_000)], [d for d in labelled])
    assert strict == []
    relaxed, _ = run([StepSpec.of("threshold", field="quality.gopher.word_count", op=">=", value=1)], labelled)
    assert {d.id for d in relaxed} == {"good", "menu", "spam", "code"}


def test_filter_without_labels_quarantines(run):
    _, rec = run([StepSpec.of("fineweb_filter")], [Document("x", GOOD)])
    assert rec.quarantine == {"x": "missing_label:quality.fineweb"}


def test_language_filter_allowed_list(run):
    fr = Document("fr", "Le conseil municipal s'est réuni mardi soir pour discuter du nouveau pont sur la rivière.")
    en = Document("en", GOOD)
    kept, rec = run([StepSpec.of("language"), StepSpec.of("language_filter", languages=("fr",), min_score=0.5)], [fr, en])
    assert [d.id for d in kept] == ["fr"] and rec.dropped == {"en": "language_not_allowed"}
    assert kept[0].metadata["lang"]["code"] == "fr" and kept[0].metadata["lang"]["score"] > 0.5


def test_language_paragraphs(run):
    text = GOOD.split("\n\n")[0] + "\n\nDer Gemeinderat traf sich am Dienstagabend, um über die neue Brücke zu sprechen."
    kept, _ = run([StepSpec.of("language", paragraphs=True)], [Document("m", text)])
    assert [p["code"] for p in kept[0].metadata["lang"]["paragraphs"]] == ["en", "de"]


def test_pii_label_and_redact(run):
    text = "Contact jane@example.org or +1 415 555 0100. Card 4111-1111-1111-1111."
    kept, _ = run([StepSpec.of("pii"), StepSpec.of("pii_redact")], [Document("p", text)])
    assert kept[0].metadata["pii"]["counts"] == {"email": 1, "phone": 1, "credit_card": 1}
    assert kept[0].text == "Contact <EMAIL> or <PHONE>. Card <CREDIT_CARD>."


def test_bad_config_is_a_config_error():
    with pytest.raises(ConfigError):
        build_step(StepSpec.of("pii", kinds=("ssn",)))
    with pytest.raises(ConfigError):
        build_step(StepSpec.of("language_filter", min_score=2.0))
    with pytest.raises(ConfigError):
        preset_steps("nope")


def test_language_codes_are_checked_when_the_config_is_built() -> None:
    from tamis.quality.filters import LanguageFilterConfig

    assert LanguageFilterConfig(("en", "de", "als")).languages == ("en", "de", "als")
    for wrong in (("english",), ("EN",), ("en-US",)):
        with pytest.raises(ConfigError, match="not lid.176 codes"):
            LanguageFilterConfig(wrong)  # would match no document and remove every one


def test_a_quality_removal_names_its_threshold() -> None:
    # tamis explain and the report show the cut a document failed, not only its value
    doc = Document("d", "short text")
    list(build_step(StepSpec("gopher_quality"))(iter([doc]), None))  # type: ignore[arg-type]
    drop = build_step(StepSpec("gopher_quality_filter")).decide(doc)  # type: ignore[attr-defined]
    assert drop is not None and drop.reason == "gopher_short_doc"
    assert drop.detail == {"field": "quality.gopher.word_count", "value": 2, "threshold": 50}


def test_the_report_draws_every_built_in_cut() -> None:
    from tamis.report.pipeline import thresholds

    cuts = {(t.path, t.op, t.value) for t in thresholds(preset_steps("fineweb_pipeline")) if not t.loose}
    for cut in [("lang.score", ">", 0.65), ("quality.gopher.word_count", ">=", 50.0), ("quality.c4.sentences", ">=", 5.0),
                ("quality.gopher_repetition.dup_line_frac", "<=", 0.3), ("quality.fineweb.line_punct_ratio", ">=", 0.12)]:
        assert cut in cuts  # before, only four gopher cuts were found, by their option names


def test_a_text_without_letters_has_no_language(run):
    # fastText names one anyway ("en", 0.12 for an empty text); the label says "und" and the
    # language filter removes the document as it did
    kept, _ = run([StepSpec.of("language")], [Document("e", ""), Document("n", "12:30 – 45"), Document("g", GOOD)])
    assert [d.metadata["lang"]["code"] for d in kept] == ["und", "und", "en"]
    assert kept[0].metadata["lang"]["score"] == 0.0
    filtered, rec = run([StepSpec.of("language"), StepSpec.of("language_filter")], [Document("e", ""), Document("g", GOOD)])
    assert [d.id for d in filtered] == ["g"] and len(rec.dropped) == 1
