"""The Step base class's read-ahead: ``prefetch`` sees batches, ``apply`` still sees every
document once, in order, and a batch that breaks costs speed, never a document."""

from __future__ import annotations

import logging

import pytest

from tamis.document import Document
from tamis.steps.base import Drop, Labeller


class _Recorder:
    def __init__(self) -> None:
        self.quarantined_ids: list[str] = []

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        raise AssertionError("a labeller removes nothing")

    def quarantined(self, doc: Document, step: str, reason: str, detail: object) -> None:
        self.quarantined_ids.append(doc.id)


class Upper(Labeller):
    """Labels a document with its text upper-cased, computed in batches; the text "bad" breaks
    both the batch and the document."""

    name = "upper"
    batch_size = 3

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []
        self.ahead: dict[str, str] = {}

    def prefetch(self, docs: list[Document]) -> None:
        self.batches.append([d.id for d in docs])
        if any(d.text == "bad" for d in docs):
            raise ValueError("bad batch")
        self.ahead = {d.id: d.text.upper() for d in docs}

    def label(self, doc: Document) -> None:
        if doc.text == "bad":
            raise ValueError("bad document")
        doc.metadata["upper"] = self.ahead.pop(doc.id, None) or "alone:" + doc.text.upper()


def test_prefetch_sees_batches_and_apply_every_document() -> None:
    docs = [Document(str(i), t) for i, t in enumerate(["a", "b", "c", "d", "bad", "e", "f"])]
    step, rec = Upper(), _Recorder()
    out = list(step(iter(docs), rec))
    assert step.batches == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
    # the broken batch: its good documents labelled one by one, the bad one quarantined alone
    assert [(d.id, d.metadata["upper"]) for d in out] == [("0", "A"), ("1", "B"), ("2", "C"), ("3", "alone:D"),
                                                          ("5", "alone:E"), ("6", "F")]
    assert rec.quarantined_ids == ["4"]
    assert step.stats.batch_fallbacks == 1
    assert (step.stats.docs_in, step.stats.docs_out, step.stats.quarantined) == (7, 6, 1)


def test_the_first_prefetch_error_of_a_step_is_logged_once(caplog: pytest.LogCaptureFixture,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # the exception was dropped: only a counter said that the batch pass was broken, not why;
    # then it was logged once per shard (a step instance), 30 times for 30 files
    import tamis.steps.loop as loop

    monkeypatch.setattr(loop, "_PREFETCH_WARNED", set())
    docs = [Document(str(i), "bad" if i % 3 == 0 else "ok") for i in range(9)]
    step = Upper()
    with caplog.at_level(logging.WARNING, logger="tamis.steps.base"):
        list(step(iter(docs), _Recorder()))
        list(Upper()(iter(docs), _Recorder()))  # the next shard's instance
    assert step.stats.batch_fallbacks == 3
    (record,) = [r for r in caplog.records if r.name == "tamis.steps.base"]
    assert record.levelno == logging.WARNING
    assert "upper: prefetch raised ValueError: bad batch" in record.getMessage()


def test_the_hooks_the_run_and_report_look_up_are_declared_on_step() -> None:
    # missing_warning and report_thresholds were found by getattr: undeclared, a typo in a
    # step's override went unnoticed and nothing said what the hooks take
    from tamis.quality.filters import C4Filter
    from tamis.steps.base import Step
    from tamis.steps.filters import ThresholdFilter

    assert Step.report_thresholds is None and Upper.report_thresholds is None  # the report guesses
    assert Upper.missing_warning("01:upper", {}, 3) is None
    assert C4Filter.report_thresholds({"min_num_sentences": 5}) == [("quality.c4.sentences", ">=", 5)]
    assert "missing in all 3 documents" in ThresholdFilter.missing_warning("01:threshold", {"field": "x"}, 3)
