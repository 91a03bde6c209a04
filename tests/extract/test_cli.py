"""``tamis clean`` / ``tamis extract`` from the command line: bad input gives one line and an exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tamis.cli import EXIT_BROKEN_PIPE, EXIT_CONFIG, main
from tamis.extract.model import viterbi

from .conftest import ARTICLE_EN, FOOTER, page


@pytest.mark.parametrize("command", ["clean", "extract"])
def test_missing_or_unreadable_file_is_one_line(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, str(tmp_path / "nonexistent.txt")]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "input not found" in err and "nonexistent.txt" in err
    assert main([command, str(tmp_path)]) == EXIT_CONFIG  # a folder
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["5", "0", "1", "-0.2", "nan", "high"])
def test_clean_threshold_outside_zero_one_is_a_usage_error(bad: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.txt"
    path.write_text(page(ARTICLE_EN, FOOTER))
    with pytest.raises(SystemExit) as exc:
        main(["clean", "--threshold", bad, str(path)])
    assert exc.value.code == 2
    assert "strictly between 0 and 1" in capsys.readouterr().err
    assert main(["clean", "--threshold", "0.7", str(path)]) == 0
    assert ARTICLE_EN[1] in capsys.readouterr().out


@pytest.mark.parametrize("bad", [5.0, 0.0, 1.0, -1.0, float("nan")])
def test_viterbi_names_the_allowed_range(bad: float) -> None:
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        viterbi(np.array([0.9, 0.1]), 1.0, bad)


def test_closed_stdout_exits_quietly(tmp_path: Path) -> None:
    # more output than a pipe buffers (64 KiB), so the writer meets the closed pipe
    paragraphs = [f"Paragraph {i} of a long article about the tidal power station that the harbour town built."
                  for i in range(2000)]
    path = tmp_path / "long.html"
    path.write_text("<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    proc = subprocess.Popen([sys.executable, "-m", "tamis.cli", "extract", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"Paragraph 0 ")
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_clean_given_an_html_page_extracts_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "saved.html"
    page.write_text("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav><article><h1>Bridge reopens</h1>"
                    "<p>The old bridge over the river reopened on Tuesday after two years of repairs, the council said.</p>"
                    "<p>Drivers had used a detour through the industrial estate while the work went on.</p></article>"
                    "</body></html>", encoding="utf-8")
    assert main(["clean", str(page)]) == 0
    out, err = capsys.readouterr()
    assert "looks like HTML" in err
    assert "The old bridge over the river reopened on Tuesday" in out
    assert "<p>" not in out and "</" not in out  # the markup is not printed as text
    assert "--threshold" not in err
    assert main(["clean", "--threshold", "0.7", str(page)]) == 0  # the HTML model's own bar decides: said so
    assert "--threshold applies to page text" in capsys.readouterr().err


def test_extract_explain_lists_what_was_never_rendered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> <a href='/n'>Newsroom</a></nav><div><div><div><article>"
                    "<h1>Bridge reopens</h1><p>The old bridge over the river reopened on Tuesday after two years of "
                    "repairs, the council said.</p><p>Drivers had used a detour through the industrial estate.</p>"
                    "</article></div></div></div><footer>© 2024 River Post</footer></body></html>", encoding="utf-8")
    assert main(["extract", "--explain", str(page)]) == 0
    out = capsys.readouterr().out
    head, _, gone = out.partition("not rendered, so never read by the model")
    assert "The old bridge over the river reopened" in head
    assert "Home Newsroom" in gone and "© 2024 River Post" in gone and "markup marks it as furniture" in gone


@pytest.mark.parametrize("command", ["clean", "extract"])
def test_binary_input_is_refused_as_the_pipeline_quarantines_it(command: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8)))
    assert main([command, str(junk)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "binary" in err
    # UTF-16 with its byte-order mark is text, though full of NULs
    text = tmp_path / "utf16.txt"
    text.write_bytes(page(ARTICLE_EN, FOOTER).encode("utf-16"))
    assert main([command, str(text)]) == 0
    assert ARTICLE_EN[1] in capsys.readouterr().out


def test_extract_given_page_text_cleans_it_and_keeps_its_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # read as HTML, plain text lost its line ends: every paragraph came out on one line
    path = tmp_path / "article.txt"
    path.write_text(page(ARTICLE_EN, FOOTER), encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "has no HTML markup" in err
    assert main(["clean", str(path)]) == 0
    assert out == capsys.readouterr().out and out.count("\n") > 2


def test_extract_of_page_text_on_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # handed on to clean, the text was read from stdin a second time, and nothing was printed
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page(ARTICLE_EN, FOOTER).encode())))
    assert main(["extract", "-"]) == 0
    assert ARTICLE_EN[1] in capsys.readouterr().out


def test_explain_says_why_a_body_line_kept_by_a_rule_was_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a page where no run scored as body keeps its best prose; --explain hid that reason, since it
    # showed none for kept body lines (a review found it only through the Python API)
    path = tmp_path / "login.txt"
    path.write_text("Login\nRegister\n\nThis forum is for members only, please sign in to see the posts.\n\nHelp\nTerms\n")
    assert main(["clean", "--explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "KEEP body" in out and "among the best prose of a page where no run scored as body" in out
    path.write_text(page(ARTICLE_EN, FOOTER))
    assert main(["clean", "--explain", str(path)]) == 0
    assert " in an article run" not in capsys.readouterr().out  # the plain score of a run's line stays unsaid
