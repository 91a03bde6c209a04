"""The generic threshold filter: a field that no document has is counted and reported, not ignored."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import StepSpec
from tamis.document import Document
from tamis.steps.filters import ThresholdConfig, ThresholdFilter

LONG = " ".join(["The harbour town switched on its tidal power station on Monday after ten years of work."] * 6)


def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    texts = {"short": "Too short to keep.", "long": LONG, "long2": LONG.replace("Monday", "Tuesday")}
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()))
    return path


def test_filter_counts_documents_without_the_field() -> None:
    step = ThresholdFilter(ThresholdConfig(field="quality.gopher.word_count", op=">=", value=50))
    docs = [Document("a", "x", {"quality": {"gopher": {"word_count": 80}}}), Document("b", "y"), Document("c", "z")]
    kept = list(step(docs, recorder=None))  # type: ignore[arg-type]  # nothing is removed: no recorder call
    assert [d.id for d in kept] == ["a", "b", "c"]
    assert step.stats.missing == 2 and step.stats.docs_in == 3


@pytest.mark.parametrize("executor", ["inprocess", "local"])
def test_run_warns_when_no_document_has_the_field(tmp_path: Path, executor: str,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    # a field under no built-in label (under one, a key its labeller does not write is refused first:
    # tests/run/test_threshold_fields.py)
    spec = StepSpec.of("threshold", field="quality.mine.word_cuont", op=">=", value=50, reason="too_short")
    with caplog.at_level(logging.WARNING, logger="tamis"):
        summary = run([str(corpus(tmp_path))], str(tmp_path / "out"), steps=["ftfy", "gopher_quality", spec],
                      executor=executor, workers=1)
    assert summary.ok and summary.kept == 3  # a field no document has filters nothing...
    assert summary.steps["02:threshold"]["missing"] == 3  # (summary.json says how often it lacked its field)
    warned = [r.getMessage() for r in caplog.records if "missing in all" in r.getMessage()]
    # ...and says so, naming the step and the field
    assert warned == ["filter 02:threshold: field 'quality.mine.word_cuont' missing in all 3 documents, "
                      "so it kept them all; does an earlier step write it?"]


def test_run_with_the_labeller_filters_and_does_not_warn(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    spec = StepSpec.of("threshold", field="quality.gopher.word_count", op=">=", value=50, reason="too_short")
    with caplog.at_level(logging.WARNING, logger="tamis"):
        summary = run([str(corpus(tmp_path))], str(tmp_path / "out"), steps=["ftfy", "gopher_quality", spec],
                      executor="inprocess")
    assert summary.kept == 2 and summary.removed == {"threshold:too_short": 1}
    assert not [r for r in caplog.records if "missing in all" in r.getMessage()]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_labelled_output_can_be_filtered_again_without_relabelling(tmp_path: Path, fmt: str) -> None:
    # label once, decide later: a run's own output (metadata written as a JSON string) read back
    # must give the labels back, so a retuned threshold needs no labeller
    from tamis.config import WriterConfig

    labelled = run([str(corpus(tmp_path))], str(tmp_path / "labelled"), steps=["gopher_quality"], executor="inprocess",
                   writer=WriterConfig(format=fmt))
    assert labelled.kept == 3
    spec = StepSpec.of("threshold", field="quality.gopher.word_count", op=">=", value=50, reason="too_short")
    again = run([str(tmp_path / "labelled" / "data")], str(tmp_path / "again"), steps=[spec], executor="inprocess")
    assert again.kept == 2 and again.removed == {"threshold:too_short": 1}
    assert again.steps["00:threshold"].get("missing", 0) == 0


def test_an_ordering_threshold_needs_a_number() -> None:
    from tamis.errors import ConfigError

    with pytest.raises(ConfigError, match="must be a number"):
        ThresholdConfig("quality.gopher.word_count", ">=", "50")  # a quoted YAML number
    assert ThresholdConfig("lang.code", "==", "en").value == "en"  # equality may compare strings


def test_line_dedup_by_site_without_any_url_is_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    spec = StepSpec.of("line_dedup", scope="site", url_field="link")
    with caplog.at_level(logging.WARNING, logger="tamis"):
        summary = run([str(corpus(tmp_path))], str(tmp_path / "out"), steps=[spec], executor="inprocess")
    assert summary.steps["00:line_dedup"]["missing"] == 3
    warned = [r.getMessage() for r in caplog.records if "no URL at" in r.getMessage()]
    assert warned == ["00:line_dedup: no URL at 'link' in any of 3 documents, so no line was counted per site; "
                      "set url_field, or scope: corpus"]


def test_missing_counts_add_up_over_shards_and_one_document_with_the_field_means_no_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # the per-step "missing" count was added twice from the second shard on (9 of 6 documents),
    # and the warning then said "missing in all 6" though one document had the field
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        record = {"id": f"d{i}", "text": "some words", **({"quality": {"mine": {"x": 1}}} if i == 3 else {})}
        (src / f"{i}.jsonl").write_text(json.dumps(record) + "\n")
    spec = StepSpec.of("threshold", field="quality.mine.x", op=">=", value=0)
    with caplog.at_level(logging.WARNING, logger="tamis"):
        summary = run([str(src)], str(tmp_path / "out"), steps=[spec], executor="inprocess")
    assert summary.steps["00:threshold"]["missing"] == 5 and summary.steps["00:threshold"]["docs_in"] == 6
    assert not [r for r in caplog.records if "missing in all" in r.getMessage()]
