"""Ids are kept as given; a repeated id is reported at the end of the run and explained in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.api import run
from tamis.cli import main
from tamis.run.explain import explain
from tests.helpers import ledger_rows


def test_repeated_ids_are_kept_reported_and_all_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": "the first document called a"},
        {"id": "a", "text": "a second, different document also called a"},
        {"id": "b", "text": "b is alone"},
    ]))
    # Another file is another shard: the check must see across shards.
    (src / "two.jsonl").write_text(json.dumps({"id": "a", "text": "a third one, in another file"}) + "\n")
    summary = run([str(src)], str(tmp_path / "out"), steps=["ftfy"], workers=1)
    assert summary.ok and summary.kept == 4  # nothing is lost, renamed or quarantined
    assert [r["id"] for r in ledger_rows(tmp_path / "out")].count("a") == 3
    (warning,) = summary.warnings
    assert "1 id occurs more than once" in warning and "a (3)" in warning
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["warnings"] == [warning]

    text, found = explain(str(tmp_path / "out"), "a")
    assert found and "3 documents have this id" in text
    for body in ("the first document", "a second, different document", "a third one"):
        assert body in text
    text, _ = explain(str(tmp_path / "out"), "b")
    assert "documents have this id" not in text and "b is alone" in text

    capsys.readouterr()
    assert main(["run", str(src), "-o", str(tmp_path / "out2"), "--config", str(_ftfy(tmp_path))]) == 0
    assert "id occurs more than once" in capsys.readouterr().out


def test_unique_ids_give_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": f"doc {i}"}) + "\n" for i in range(5)))
    summary = run([str(path)], str(tmp_path / "out"), steps=["ftfy"], workers=1)
    assert summary.ok and summary.warnings == []


def _ftfy(tmp_path: Path) -> Path:
    path = tmp_path / "ftfy.yaml"
    path.write_text("steps:\n  - ftfy\n")
    return path


@pytest.mark.parametrize("step", ["exact_dedup", "minhash_dedup"])
def test_an_exact_copy_under_the_same_id_is_explained_as_such(tmp_path: Path, step: str) -> None:
    # decisions used to be keyed by id alone: both copies got the copy's decision, and the text
    # was lost from the corpus
    src = tmp_path / "in.jsonl"
    text = " ".join(f"the harbour town opened its tidal power station on monday after {i} years of planning"
                    for i in range(5))
    src.write_text("".join(json.dumps({"id": "d0", "text": text}) + "\n" for _ in range(2))
                   + json.dumps({"id": "other", "text": "something else entirely, " * 5}) + "\n")
    summary = run([str(src)], str(tmp_path / "out"), steps=[step], executor="inprocess")
    assert summary.kept == 2 and sum(summary.removed.values()) == 1
    out, found = explain(str(tmp_path / "out"), "d0")
    # not "duplicate of: d0 (removed ...)", a chain that points at itself
    assert found and "another document with the same id 'd0' (the input repeats it)" in out


@pytest.mark.parametrize("step", ["exact_dedup", "minhash_dedup"])
def test_a_unique_text_under_a_duplicates_id_is_kept(tmp_path: Path, step: str) -> None:
    copy = " ".join(f"the council approved the cycle lanes on the seafront in session {i}" for i in range(5))
    unique = " ".join(f"goats graze the high meadows above the village in summer {i}" for i in range(5))
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "b", "text": copy}, {"id": "", "text": ""},  # an empty text is observed by neither step alike
        {"id": "a", "text": unique}, {"id": "a", "text": copy}]))
    summary = run([str(src)], str(tmp_path / "out"), steps=[step], executor="inprocess")
    fates = [(r["id"], r["fate"], r["duplicate_of"]) for r in ledger_rows(tmp_path / "out")]
    assert sorted(fates, key=str) == sorted([("b", "kept", None), ("", "kept", None), ("a", "kept", None),
                                             ("a", "removed", "b")], key=str)
    assert summary.kept == 3


def test_a_chain_through_a_repeated_id_names_the_kept_document(tmp_path: Path) -> None:
    # b copies the first "a", which is kept; the second "a" copies z and is removed. explain b read
    # the removed "a" first: "duplicate of: a, itself a duplicate of z (kept)"
    first = " ".join(f"alpha beta gamma delta epsilon zeta eta theta {i}" for i in range(5))
    second = " ".join(f"one two three four five six seven eight {i}" for i in range(5))
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": first}, {"id": "b", "text": first}, {"id": "z", "text": second}, {"id": "a", "text": second}]))
    run([str(src)], str(tmp_path / "out"), steps=["exact_dedup"], executor="inprocess")
    out, found = explain(str(tmp_path / "out"), "b")
    assert found and "duplicate of: a (kept; the input gives 2 documents this id)" in out
    assert "itself a duplicate of z" not in out
