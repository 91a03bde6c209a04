"""Listing an input folder: symlinked folders are followed once, a link loop ends, and a folder is
never counted as a document."""

from __future__ import annotations

import os
from pathlib import Path

from tamis.api import run
from tamis.config import ReaderConfig
from tamis.run.plan import list_inputs
from tests.helpers import check_invariant, ledger_rows


def test_a_symlinked_folder_is_read_and_a_link_loop_ends(tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "deep").mkdir(parents=True)
    (other / "x.txt").write_text("a page in a linked folder")
    (other / "deep" / "y.txt").write_text("a page deeper in the linked folder")
    src = tmp_path / "in"
    (src / "real").mkdir(parents=True)
    (src / "real" / "a.txt").write_text("a page in the input folder")
    os.symlink(other, src / "real" / "link")
    os.symlink("..", src / "real" / "loop")  # back to the input folder: must not be walked again
    os.symlink(src / "real", src / "again")  # a folder already listed: its pages are not read twice
    os.symlink(tmp_path / "missing", src / "broken")  # leads nowhere
    names = sorted(f.name for f in list_inputs([str(src)], ReaderConfig()))
    assert names == [f"{src}/broken", f"{src}/real/a.txt", f"{src}/real/link/deep/y.txt", f"{src}/real/link/x.txt"]
    summary = run([str(src)], str(tmp_path / "out"), steps=["ftfy"], workers=1)
    rows = {r["id"]: r for r in ledger_rows(tmp_path / "out")}
    assert {i for i, r in rows.items() if r["fate"] == "kept"} == {
        f"{src}/real/a.txt", f"{src}/real/link/x.txt", f"{src}/real/link/deep/y.txt"}
    assert rows[f"{src}/broken"]["reason"] == "unreadable_file"  # a dangling link is a lost file
    assert summary.kept == 3
    check_invariant(tmp_path / "out")


def test_a_link_to_an_enclosing_folder_ends(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text("one page")
    os.symlink(tmp_path, src / "sub" / "up")  # contains the input folder itself
    (tmp_path / "beside.txt").write_text("a page beside the input folder")
    names = sorted(f.name for f in list_inputs([str(src)], ReaderConfig()))
    assert f"{src}/sub/a.txt" in names and f"{src}/sub/up/beside.txt" in names
    assert not any("/up/in/" in n for n in names)  # the input folder is not listed again through the link


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(tmp_path: Path, monkeypatch) -> None:
    import tamis.run.plan as plan

    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "hidden-from-us.txt").write_text("a page we cannot reach")
    (src / "a.txt").write_text("a page")
    scandir = os.scandir

    def denied(path):  # tests run as root, where chmod 000 blocks nothing
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(plan.os, "scandir", denied)
    summary = run([str(src)], str(tmp_path / "out"), steps=["ftfy"], executor="inprocess")
    rows = {r["id"]: r for r in ledger_rows(tmp_path / "out")}
    assert rows[f"{src}/locked"]["reason"] == "unreadable_file" and rows[f"{src}/a.txt"]["fate"] == "kept"
    assert not summary.ok  # what the folder held is lost: exit 1
