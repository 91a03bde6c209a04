"""A .json file of one JSON array, and a text file of a byte order mark alone (found by a review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.api import run
from tests.helpers import check_invariant, ledger_rows

RECORDS = [{"id": f"a{i}", "text": f"Record number {i} of the array."} for i in range(3)]


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_file_is_one_json_array_record_and_the_run_says_it_lost_it(tmp_path: Path, indent: int | None) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "array.json").write_text(json.dumps(RECORDS, indent=indent))
    (src / "ok.jsonl").write_text(json.dumps({"id": "b", "text": "A line of JSON Lines."}) + "\n")
    out = tmp_path / "out"
    summary = run([str(src)], str(out), steps=[], executor="inprocess")
    check_invariant(out)
    rows = {r["id"]: r for r in ledger_rows(out)}
    # before: one bad_json record (or one per line of the pretty-printed array), and exit 0
    assert len(rows) == 2  # the array's file and the JSON Lines record
    (bad,) = [r for r in rows.values() if r["id"] != "b"]
    assert bad["id"].endswith("array.json")
    assert bad["reason"] == "json_array" and "jq -c" in json.loads(bad["detail"])["message"]
    assert summary.kept == 1 and not summary.ok  # its records were not read: the run says so


def test_a_text_file_of_a_byte_order_mark_alone_is_an_empty_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bom8.txt").write_bytes(b"\xef\xbb\xbf\n")
    (src / "bom16.txt").write_bytes(b"\xff\xfe")
    (src / "real.txt").write_bytes(b"\xef\xbb\xbfSome text.\n")
    out = tmp_path / "out"
    summary = run([str(src)], str(out), steps=[], executor="inprocess")
    check_invariant(out)
    reasons = sorted((Path(r["id"]).name, r["reason"]) for r in ledger_rows(out) if r["fate"] == "quarantined")
    assert reasons == [("bom16.txt", "empty_file"), ("bom8.txt", "empty_file")]  # before: kept with text ""
    assert summary.kept == 1 and summary.ok


def test_a_large_json_array_is_not_split_into_byte_ranges(tmp_path: Path) -> None:
    # a review: the later byte ranges of a pretty-printed array read as 162 bad_json records and
    # one "document" (an object's line), from a file already reported as a json_array
    from tamis.config import ReaderConfig

    src = tmp_path / "big.json"
    src.write_text(json.dumps([{"id": f"a{i}", "text": "word " * 20} for i in range(300)], indent=2))
    out = tmp_path / "out"
    summary = run([str(src)], str(out), steps=[], executor="inprocess", reader=ReaderConfig(shard_bytes=8192))
    check_invariant(out)
    assert [r["reason"] for r in ledger_rows(out)] == ["json_array"] and summary.kept == 0


def test_a_large_json_file_of_json_lines_is_still_split(tmp_path: Path) -> None:
    from tamis.config import ReaderConfig
    from tamis.run.plan import plan_shards

    src = tmp_path / "lines.json"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": "word " * 20}) + "\n" for i in range(300)))
    assert len(plan_shards([str(src)], ReaderConfig(shard_bytes=8192))) > 1
