"""Listing an input folder: symlinked folders are followed once, a link loop ends, and a folder is
never counted as a document."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import ReaderConfig
from tamis.errors import ConfigError
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


@pytest.mark.parametrize("target", ["..", "parent", "root", "slash"])
def test_a_link_to_the_input_folder_or_one_that_holds_it_is_not_followed(tmp_path: Path, target: str,
                                                                           caplog) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text("one page")
    link = {"..": "..", "parent": str(tmp_path), "root": str(src), "slash": "/"}[target]
    os.symlink(link, src / "sub" / "up")  # reading through it would read beyond the input (or all of /)
    (tmp_path / "beside.txt").write_text("a page beside the input folder")
    with caplog.at_level("WARNING", logger="tamis"):
        names = sorted(f.name for f in list_inputs([str(src)], ReaderConfig()))
    assert names == [f"{src}/sub/a.txt"]
    assert "not following the link" in caplog.text and f"{src}/sub/up" in caplog.text


def test_a_link_up_does_not_read_the_runs_own_output_and_reruns_read_the_same(tmp_path: Path) -> None:
    base = tmp_path / "base"
    src = base / "in"
    src.mkdir(parents=True)
    (src / "a.txt").write_text("the only page of the input")
    os.symlink("..", src / "up")
    out = base / "out"
    first = run([str(src)], str(out), steps=["ftfy"], workers=1)
    second = run([str(src)], str(out), steps=["ftfy"], workers=1)
    assert first.input == second.input == 1 and first.ok and second.ok
    check_invariant(out)


def test_the_output_folder_is_not_read_through_a_link(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("the only page of the input")
    out = tmp_path / "elsewhere" / "out"
    os.symlink(tmp_path / "elsewhere", src / "linked")  # holds the output, not the input
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text("a page in the linked folder")
    run([str(src)], str(out), steps=["ftfy"], workers=1)
    os.symlink(out / "summary.json", src / "summary.txt")  # a link to a file of the output
    names = sorted(f.name for f in list_inputs([str(src)], ReaderConfig(), output=str(out)))
    assert names == [f"{src}/a.txt", f"{src}/linked/b.txt"]


def test_a_linked_file_whose_real_file_is_listed_is_read_once(tmp_path: Path, caplog) -> None:
    src = tmp_path / "in"
    (src / "real").mkdir(parents=True)
    (src / "real" / "a.txt").write_text("a page")
    (tmp_path / "outside.txt").write_text("a page outside the input")
    os.symlink("real/a.txt", src / "b.txt")  # listed before real/a.txt: the real one is kept
    os.symlink(tmp_path / "outside.txt", src / "o1.txt")
    os.symlink(tmp_path / "outside.txt", src / "o2.txt")  # the same file as o1: read once
    with caplog.at_level("WARNING", logger="tamis"):
        names = sorted(f.name for f in list_inputs([str(src)], ReaderConfig()))
    assert names == [f"{src}/o1.txt", f"{src}/real/a.txt"]
    assert f"{src}/b.txt" in caplog.text and f"{src}/o2.txt" in caplog.text


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


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst", ".warc", ".warc.gz", ".parquet", ".txt"])
def test_a_dangling_link_of_any_format_is_a_lost_file_and_the_rest_is_read(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text('{"id": "a", "text": "a page that is there"}\n')
    os.symlink(tmp_path / f"nowhere{suffix}", src / f"dangling{suffix}")
    out = tmp_path / "out"
    summary = run([str(src)], str(out), steps=["ftfy"], workers=1)
    rows = {r["id"]: r for r in ledger_rows(out)}
    assert rows["a"]["fate"] == "kept"
    assert rows[f"{src}/dangling{suffix}"]["reason"] == "unreadable_file"
    statuses = sorted(s["status"] for s in summary.shards.values())
    assert statuses == ["done", "partial"] and not summary.ok  # what the file held is lost: exit 1
    check_invariant(out)


def test_a_visible_link_to_a_hidden_real_file_is_read(tmp_path: Path) -> None:
    # the layout of a Kubernetes ConfigMap volume: k/f.jsonl -> ..data/f.jsonl, ..data -> ..v1
    (tmp_path / "k" / "..v1").mkdir(parents=True)
    (tmp_path / "k" / "..v1" / "f.jsonl").write_text('{"id": "a", "text": "a page"}\n')
    os.symlink("..v1", tmp_path / "k" / "..data")
    os.symlink("..data/f.jsonl", tmp_path / "k" / "f.jsonl")
    names = [f.name for f in list_inputs([str(tmp_path / "k")], ReaderConfig())]
    assert names == [f"{tmp_path / 'k'}/f.jsonl"]


@pytest.mark.parametrize("spelling", ["in", "./in/", "in//", "in/*.txt", "./in/../in", "../here/in", "../here/in/*.txt"])
def test_ids_do_not_depend_on_how_a_relative_input_is_spelt(tmp_path: Path, monkeypatch, spelling: str) -> None:
    (tmp_path / "here" / "in" / "sub").mkdir(parents=True)
    (tmp_path / "here" / "in" / "a.txt").write_text("a")
    (tmp_path / "here" / "in" / "sub" / "b.txt").write_text("b")
    monkeypatch.chdir(tmp_path / "here")
    names = [f.name for f in list_inputs([spelling], ReaderConfig())]
    assert names == (["in/a.txt"] if "*" in spelling else ["in/a.txt", "in/sub/b.txt"])


def test_an_absolute_input_keeps_absolute_ids(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("a")
    for spelling in (f"{tmp_path}/in/", f"{tmp_path}//in", f"{tmp_path}/in/*.txt", f"{tmp_path}/in/a.txt"):
        assert [f.name for f in list_inputs([spelling], ReaderConfig())] == [f"{tmp_path}/in/a.txt"]


def test_a_file_named_twice_is_read_once(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("a")
    monkeypatch.chdir(tmp_path)
    for spellings in (["in", "./in/"], ["in/a.txt", "in/*.txt"], ["in", f"{tmp_path}/in/a.txt"]):
        assert [f.name for f in list_inputs(spellings, ReaderConfig())] == ["in/a.txt"], spellings


def test_file_urls_name_files_alike_whether_a_folder_or_a_glob(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("a")
    for spelling in (f"file://{tmp_path}/in", f"file://{tmp_path}/in/*.txt", f"file://{tmp_path}/in/a.txt"):
        assert [f.name for f in list_inputs([spelling], ReaderConfig())] == [f"file://{tmp_path}/in/a.txt"], spelling


def test_a_glob_reads_the_folders_it_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "nest/*" read nest/z.txt only, and "nest/[ab]" found no input at all
    monkeypatch.chdir(tmp_path)
    for rel in ("nest/a/x.txt", "nest/b/y.txt", "nest/z.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("text")
    names = sorted(f.name for f in list_inputs(["nest/*"], ReaderConfig()))
    assert names == ["nest/a/x.txt", "nest/b/y.txt", "nest/z.txt"]
    assert sorted(f.name for f in list_inputs(["nest/[ab]"], ReaderConfig())) == ["nest/a/x.txt", "nest/b/y.txt"]


def test_an_input_folder_that_holds_only_the_output_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "00000.jsonl.gz").write_bytes(b"x")
    with pytest.raises(ConfigError, match="the output folder .* is inside it"):
        list_inputs([str(folder)], ReaderConfig(), output=str(folder))


def test_a_glob_skips_hidden_folders_and_lists_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    for rel in ("in/a.jsonl", "in/sub/b.jsonl", "in/.git/objects/x.jsonl", "in/_old/u.jsonl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    assert sorted(f.name for f in list_inputs(["in/*"], ReaderConfig())) == ["in/a.jsonl", "in/sub/b.jsonl"]
    names = [f.name for f in list_inputs(["in/**"], ReaderConfig())]
    assert len(names) == len(set(names)) and "named more than once" not in caplog.text


def test_double_star_globs_read_the_folders_they_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "in/**/a" matched the folder a and read nothing: folders were not read under "**"
    monkeypatch.chdir(tmp_path)
    for rel in ("in/a/1.txt", "in/b/3.txt", "in/b/.cache/4.txt", "in/top.txt", "in/.hidden.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("text")
    names = lambda pattern: sorted(f.name for f in list_inputs([pattern], ReaderConfig()))  # noqa: E731
    assert names("in/**/a") == ["in/a/1.txt"] and names("**/b") == ["in/b/3.txt"]
    assert names("in/**") == names("in/*") == ["in/a/1.txt", "in/b/3.txt", "in/top.txt"]  # hidden names skipped alike
    assert names("in/.*") == ["in/.hidden.txt"]  # unless the pattern spells one


def test_a_glob_of_only_private_names_says_why_nothing_is_read(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "_a.jsonl").write_text("{}")
    with pytest.raises(ConfigError, match="only hidden or _private names"):
        list_inputs([str(tmp_path / "in" / "*.jsonl")], ReaderConfig())


def test_a_glob_of_private_names_next_to_other_inputs_is_only_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "_a.jsonl").write_text("{}")
    other = tmp_path / "b.jsonl"
    other.write_text("{}")
    names = [f.name for f in list_inputs([str(tmp_path / "in" / "*.jsonl"), str(other)], ReaderConfig())]
    assert names == [str(other)] and "only hidden or _private names" in caplog.text
    for spelt in ("[_]*.jsonl", "[a_]*.jsonl"):
        assert [f.name for f in list_inputs([str(tmp_path / "in" / spelt)], ReaderConfig())] == [str(tmp_path / "in" / "_a.jsonl")]


@pytest.mark.parametrize("spelling", [".", "./", "in/..", "*.txt", "a.txt"])
def test_the_working_folder_names_its_files_as_they_are_named_alone(tmp_path: Path, monkeypatch, spelling: str) -> None:
    # a review: "tamis run ." named the file "./a.txt", and "tamis run a.txt" named it "a.txt"
    (tmp_path / "in").mkdir()
    (tmp_path / "a.txt").write_text("a")
    monkeypatch.chdir(tmp_path)
    names = [f.name for f in list_inputs([spelling], ReaderConfig())]
    assert "a.txt" in names and not [n for n in names if n.startswith("./")]
