"""Command-line mistakes a review found ending in a Python traceback or passing silently: each is
a one-line error with a non-zero exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamis.api import run
from tamis.cli import EXIT_CONFIG, EXIT_OK, main


@pytest.fixture()
def finished(tmp_path: Path) -> Path:
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "The council met on Tuesday and agreed the plan for the new bridge."}\n')
    out = tmp_path / "out"
    assert run([str(src)], str(out), steps=["ftfy"], workers=1).ok
    return out


def test_a_damaged_or_foreign_ledger_file_is_an_error_not_a_traceback(finished: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (finished / "ledger" / "README.txt").write_text("notes")  # a stray file is not read as a ledger
    assert main(["explain", str(finished), "a"]) == EXIT_OK
    for path in (finished / "ledger").glob("*.parquet"):
        path.write_bytes(path.read_bytes()[:40])
    capsys.readouterr()
    assert main(["explain", str(finished), "a"]) == EXIT_CONFIG
    assert main(["report", str(finished)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "cannot be read" in err and "Traceback" not in err


def test_report_arguments_are_checked(finished: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(finished), "-O", str(tmp_path / "no" / "such" / "r.html")]) == EXIT_CONFIG
    assert "does not exist" in capsys.readouterr().err
    for flag in ("--samples", "--max-docs"):
        with pytest.raises(SystemExit) as stop:
            main(["report", str(finished), flag, "-5"])
        assert stop.value.code == 2


def test_a_report_into_an_object_store_needs_no_existing_folder(finished: Path) -> None:
    import fsspec

    from tamis.report import write_report

    assert write_report(str(finished), path="memory://reports/new/r.html", progress=False) == "memory://reports/new/r.html"
    assert fsspec.filesystem("memory").exists("/reports/new/r.html")


def test_eval_names_a_wrong_benchmark_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "extraction", str(tmp_path / "nope")]) == EXIT_CONFIG
    assert "not the scrapinghub benchmark's folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["eval", "extraction", str(tmp_path), "--limit", "0"])
