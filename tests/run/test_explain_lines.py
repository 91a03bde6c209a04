"""``tamis explain`` on a kept page: which lines ``remove_furniture`` took out, with their text
when the run recorded it (``record_removed``), and how to record it when it did not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import StepSpec
from tamis.report import write_report
from tamis.run.explain import explain

PAGE = """Home
News
Sport
Contact

Harbour town opens its first tidal power station

The small harbour town of Kelbrook switched on its tidal power station on Monday, after ten years of planning and two of building work.
Officials said the turbines, anchored on the sea bed outside the harbour wall, would supply about four thousand homes when the tide runs strongest.
Fishermen had feared that the construction would drive fish away from the bay, but a survey published last month found no change in the catch.
The council now hopes to add a second row of turbines within five years, if the first winter of storms leaves the station unharmed.

Share this article
Facebook Twitter Email
© 2024 Example Media. All rights reserved.
"""


@pytest.mark.parametrize("record", [True, False])
def test_explain_lists_the_removed_lines_of_a_kept_page(tmp_path: Path, record: bool) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(PAGE)
    steps = [StepSpec("line_labels"), StepSpec.of("remove_furniture", record_removed=record)]
    summary = run([str(tmp_path / "in")], str(tmp_path / "out"), steps=steps, executor="inprocess")
    assert summary.kept == 1
    text, found = explain(str(tmp_path / "out"), str(tmp_path / "in" / "page.txt"))  # a file's id is its path
    assert found and "fate:   kept" in text
    if record:
        assert "removed lines (" in text
        assert "'Share this article'" in text and "'Home'" in text
        assert "Officials said" not in text.split("removed lines (")[1].split("labels:")[0]
        # the report shows them struck through, where it showed a placeholder before
        report = Path(write_report(str(tmp_path / "out"), progress=False)).read_text()
        assert "Share this article" in report
    else:
        assert "removed lines: " in text and "record_removed: true" in text
        assert "'Share this article'" not in text


def test_an_id_typed_another_way_gets_the_ids_that_end_alike(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(PAGE)
    run([str(tmp_path / "in")], str(tmp_path / "out"), steps=[StepSpec("ftfy")], executor="inprocess")
    text, found = explain(str(tmp_path / "out"), "./in/page.txt")
    assert not found and f"ids like it: {tmp_path / 'in' / 'page.txt'}" in text
    text, found = explain(str(tmp_path / "out"), "other.txt")
    assert not found and "ids like it" not in text


def test_a_record_id_without_its_prefix_finds_the_record(tmp_path: Path) -> None:
    rows = [{"id": "urn:uuid:342e0cfd-c2b7-45c7-a66e-a38fac0c6611", "text": PAGE}, {"id": "urn:uuid:0000", "text": PAGE + " x"}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    run([str(tmp_path / "in.jsonl")], str(tmp_path / "out"), steps=[StepSpec("ftfy")], executor="inprocess")
    text, found = explain(str(tmp_path / "out"), "342e0cfd-c2b7-45c7-a66e-a38fac0c6611")
    assert not found and "urn:uuid:342e0cfd-c2b7-45c7-a66e-a38fac0c6611" in text and "urn:uuid:0000" not in text
    # in another case too (a review: WARC uuids are upper case in some files, typed lower)
    text, _ = explain(str(tmp_path / "out"), "342E0CFD-C2B7-45C7-A66E-A38FAC0C6611")
    assert "ids like it: urn:uuid:342e0cfd-c2b7-45c7-a66e-a38fac0c6611" in text


def test_a_file_id_typed_with_dots_and_slashes_is_found(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    run(["./in/"], "out", steps=[StepSpec("ftfy")], executor="inprocess")
    for typed in ("in/page.txt", "./in/page.txt", "in//page.txt"):
        text, found = explain("out", typed)
        assert found and "id:     in/page.txt" in text, text
