"""Collecting a run for the report: counts, signals, samples, duplicates, config sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tamis.config import WriterConfig
from tamis.document import Document
from tamis.errors import ConfigError
from tamis.io.writers import write_documents
from tamis.report.data import Limits, collect
from tamis.run.ledger import LedgerPart
from tamis.steps.base import Drop


def fake_run(out: Path, *, n_dups: int = 3, summary_kept: int | None = None, run_config: Any = None,
             extra: tuple[Document, ...] = ()) -> dict[str, Any]:
    """An OUT folder written with the core's own ledger and writer: two kept originals, one of
    them duplicated ``n_dups`` times, the other once, and one quarantined document."""
    (out / "data").mkdir(parents=True)
    (out / "ledger").mkdir()
    part = LedgerPart("00000")
    kept = [Document("orig-a", "Alpha text that others copied.", {"quality": {"score": 0.9}, "lang": {"label": "en"}}),
            Document("orig-b", "Bravo text.", {"quality": {"score": 0.7}, "lang": {"label": "de"}}), *extra]
    for i in range(n_dups):
        part.removed(Document(f"dup-a{i}", "Alpha text that others copied.", {"quality": {"score": 0.8}}),
                     "dedup", Drop("duplicate", {"similarity": 1.0}, duplicate_of="orig-a"))
    part.removed(Document("dup-b0", "Bravo text.", {}), "dedup", Drop("duplicate", {}, duplicate_of="orig-b"))
    part.quarantined(Document("bad", ""), "read", "bad_json", {"error": "Expecting value"})
    for doc in kept:
        part.kept(doc)
    pq.write_table(part.table(), out / "ledger" / "s0-00000.parquet")
    with open(out / "data" / "00000.jsonl.gz", "wb") as fh:
        write_documents(fh, kept, WriterConfig())
    summary = {"input": len(kept) + n_dups + 2, "kept": len(kept) if summary_kept is None else summary_kept,
               "removed": {"dedup:duplicate": n_dups + 1}, "quarantined": 1, "config_hash": "x", "ok": True,
               "steps": {"dedup": {"docs_in": n_dups + 3, "docs_out": 2, "quarantined": 0, "seconds": 0.1}}}
    (out / "summary.json").write_text(json.dumps(summary))
    info: dict[str, Any] = {"config_hash": "x", "inputs": ["in"]}
    if run_config is not None:
        info["config"] = run_config
    (out / "_run.json").write_text(json.dumps(info))
    return summary


def test_counts_reconcile_and_duplicates_are_clustered(tmp_path: Path) -> None:
    fake_run(tmp_path, n_dups=3)
    data = collect(str(tmp_path), progress=False)
    assert data.ledger_counts["kept"] == 2
    assert data.ledger_counts["removed"] == {"dedup:duplicate": 4}
    assert data.ledger_counts["quarantined"] == 1
    assert not [n for n in data.notes if "differ" in n]
    # orig-a has 3 duplicates (a cluster of 4), orig-b one (a cluster of 2).
    assert dict(data.clusters) == {"4": 1, "2": 1}
    dups = data.samples["removed · dedup:duplicate"].items
    by_id = {d["id"]: d for d in dups}
    assert by_id["dup-a0"]["original"]["text"].startswith("Alpha text")
    assert by_id["dup-b0"]["duplicate_of"] == "orig-b"
    assert data.langs["kept"] == {"en": 1, "de": 1}


def test_signals_split_kept_and_removed(tmp_path: Path) -> None:
    fake_run(tmp_path, n_dups=2)
    data = collect(str(tmp_path), progress=False)
    score = data.signals["quality.score"]
    assert sorted(score["kept"].items) == [0.7, 0.9]
    assert score["removed"].items == [0.8, 0.8]


def test_mismatch_with_summary_is_reported(tmp_path: Path) -> None:
    fake_run(tmp_path, summary_kept=5)
    data = collect(str(tmp_path), progress=False)
    assert any("differ from summary.json" in n for n in data.notes)


def test_samples_are_bounded(tmp_path: Path) -> None:
    fake_run(tmp_path, n_dups=30)
    data = collect(str(tmp_path), limits=Limits(samples_per_group=5, index_ids=10), progress=False)
    group = data.samples["removed · dedup:duplicate"]
    assert len(group.items) == 5 and group.seen == 31
    assert len(data.index) == 10
    # Removed documents fill the index before kept ones: they are the ones people look up.
    assert all(entry[0] != "kept" for entries in data.index.values() for entry in entries)


def test_config_recorded_in_run_file_gives_thresholds(tmp_path: Path) -> None:
    recorded = {"steps": [{"name": "threshold", "options": [["field", "quality.score"], ["op", ">="], ["value", 0.75]]}],
                "writer": {"format": "jsonl.gz"}}
    fake_run(tmp_path, run_config=recorded)
    data = collect(str(tmp_path), progress=False)
    assert data.config_source == "recorded in _run.json"
    assert [(t.path, t.value) for t in data.thresholds] == [("quality.score", 0.75)]
    assert not [n for n in data.notes if "not recorded" in n]


def test_without_config_the_page_says_how_to_get_thresholds(tmp_path: Path) -> None:
    fake_run(tmp_path)
    data = collect(str(tmp_path), progress=False)
    assert data.thresholds == [] and [s.name for s in data.specs] == ["dedup"]
    assert any("--config" in n for n in data.notes)


def test_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no summary.json"):
        collect(str(tmp_path), progress=False)


def test_config_in_yaml_shape_as_the_runner_records_it(tmp_path: Path) -> None:
    from tamis.config import PipelineConfig, StepSpec

    config = PipelineConfig((StepSpec("ftfy"), StepSpec.of("threshold", field="quality.score", op=">", value=0.1)))
    fake_run(tmp_path, run_config=config.as_dict())
    data = collect(str(tmp_path), progress=False)
    assert [s.name for s in data.specs] == ["ftfy", "threshold"]
    exact = [(t.path, t.op, t.value) for t in data.thresholds if not t.loose]
    assert exact == [("quality.score", ">", 0.1)]
    # ftfy's size guard is an option, not a cut on any signal of these documents.
    assert not [t for t in data.thresholds if any(t.matches(p) for p in data.signals) and t.loose]


def test_small_real_run(small_run: dict[str, Any]) -> None:
    data = collect(small_run["out"], progress=False)  # the config comes from _run.json
    assert data.config_source == "recorded in _run.json"
    s = small_run["summary"]
    assert data.ledger_counts["kept"] == s["kept"] == 7
    assert data.ledger_counts["removed"] == s["removed"] == {"threshold:low_quality": 5}
    assert data.ledger_counts["quarantined"] == s["quarantined"] == 1
    assert [t.path for t in data.thresholds] == ["quality.score"]
    # Every removed document scored under the threshold, every kept one at or above it.
    # and, as its drops name the signal, they are apart from removals by other rules.
    assert set(data.signals["quality.score"]) == {"kept", "cut"}
    assert max(data.signals["quality.score"]["cut"].items) < 0.5 <= min(data.signals["quality.score"]["kept"].items)
    assert len(data.signals["quality.words"]["removed"].items) == 5
    assert data.line_reasons == {"navigation": 3, "boilerplate": 3}
    assert "before" in data.lengths and "after" in data.lengths
    assert "quarantined · read:bad_json" in data.samples


def test_extraction_line_labels_in_compact_form(tmp_path: Path) -> None:
    """The extraction step records ``[line index, label, p(body)]`` and keeps only body lines in
    the text; the page shows the kept lines in place and the removed ones as labelled gaps."""
    cleaned = Document("page-1", "Main story line one.\nMain story line two.",
                       {"extract": {"lines": [[0, "navigation", 0.01], [1, "title", 0.8], [3, "body", 0.95],
                                              [4, "legal", 0.05]], "chars_removed": 40},
                        "lang": {"code": "en", "score": 0.98, "top": {"en": 0.98, "de": 0.01}}})
    fake_run(tmp_path, extra=(cleaned,),
             run_config={"steps": [{"remove_furniture": {"keep_labels": ["body", "title"]}}]})
    data = collect(str(tmp_path), progress=False)
    (rec,) = data.samples["kept · cleaned (lines removed)"].items
    assert [(ln["text"], ln["reason"]) for ln in rec["lines"]] == [
        (None, "navigation"), ("Main story line one.", None), ("Main story line two.", None), (None, "legal")]
    assert data.line_reasons == {"navigation": 1, "legal": 1}
    # page-1 was 41 + 40 removed characters long; the others were not cleaned, so before == after.
    assert sorted(data.lengths["before"].items) == [11.0, 30.0, 41.0 + 40] and data.lengths_recorded == 1
    assert sorted(data.lengths["after"].items) == [11.0, 30.0, 41.0]
    assert data.langs["kept"] == {"en": 2, "de": 1}  # lang.code, as the language step writes it
    assert "lang.score" in data.signals and not [p for p in data.signals if p.startswith("lang.top")]


def test_thresholds_learned_from_drop_details(tmp_path: Path) -> None:
    """A filter whose options do not name its signal still shows its cut when its drops say it."""
    fake_run(tmp_path)
    part = LedgerPart("00001")
    for i, words in enumerate((3, 9)):
        part.removed(Document(f"short-{i}", "", {"quality": {"gopher": {"word_count": words}}}), "gopher_quality_filter",
                     Drop("gopher_short_doc", {"field": "quality.gopher.word_count", "value": words, "threshold": 50}))
    pq.write_table(part.table(), tmp_path / "ledger" / "s0-00001.parquet")
    data = collect(str(tmp_path), progress=False)
    (t,) = data.thresholds
    assert (t.path, t.value, t.step, t.reason) == ("quality.gopher.word_count", 50.0, "gopher_quality_filter",
                                                   "gopher_short_doc")
    assert t.matches("quality.gopher.word_count")


def test_progress_bar_runs_over_every_file(tmp_path: Path, capsys: Any) -> None:
    fake_run(tmp_path)
    data = collect(str(tmp_path), progress=True)
    assert data.ledger_counts["kept"] == 2  # the bar is transient; the result is the same as without it


def test_max_docs_bounds_the_distributions_not_the_counts(tmp_path: Path) -> None:
    fake_run(tmp_path)
    data = collect(str(tmp_path), limits=Limits(max_kept_docs=1), progress=False)
    assert data.kept_read == 1 and data.ledger_counts["kept"] == 2
    assert any("first 1 read" in n for n in data.notes)


def test_the_http_status_a_filter_decides_on_is_a_signal_and_other_provenance_is_not(tmp_path: Path) -> None:
    # the default pipeline starts with a threshold on location.http_status: the report drew no
    # chart of it, since everything under "location" is provenance
    extra = (Document("page", "A page.", {"location": {"path": "a.warc", "record": 3, "http_status": 200}}),)
    fake_run(tmp_path, extra=extra)
    data = collect(str(tmp_path), progress=False)
    assert data.signals["location.http_status"]["kept"].items == [200.0]
    assert "location.record" not in data.signals


def test_documents_without_a_language_are_counted_and_said(tmp_path: Path) -> None:
    # a review: the chart held 113 of 115 documents, and nothing said where the other two were
    from tamis.report.html import _languages

    fake_run(tmp_path, n_dups=2)  # 3 duplicates and the quarantined document carry no language
    data = collect(str(tmp_path), progress=False)
    assert data.no_lang == {"removed": 4} and sum(data.langs["kept"].values()) == 2
    assert f"{sum(data.no_lang.values())} documents have no language label" in _languages(data)
