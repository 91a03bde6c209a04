"""`tamis eval extraction --benchmark jsonl`: the benchmark metric on the user's own pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from tests.extract.conftest import ARTICLE_EN, FOOTER, NAV, page

from tamis.cli import main
from tamis.errors import ConfigError
from tamis.extract.evaluation.evaluate import jsonl_pages, run_benchmark


def _html(paragraphs: list[str]) -> str:
    nav = "".join(f"<li><a href='/{x}'>{x}</a></li>" for x in NAV)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body><nav><ul>{nav}</ul></nav><article>{body}</article><footer>{FOOTER[-1]}</footer></body></html>"


@pytest.fixture
def bench_file(tmp_path: Path) -> Path:
    gold = "\n\n".join(ARTICLE_EN[1:])
    rows = [{"id": "a", "gold": gold, "text": page(NAV, ARTICLE_EN, FOOTER), "html": _html(ARTICLE_EN[1:])},
            {"id": "b", "gold": gold, "text": page(NAV, ARTICLE_EN[1:], FOOTER[:4]), "html": _html(ARTICLE_EN[1:])}]
    path = tmp_path / "pages.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n\n")
    return path


def test_jsonl_benchmark_scores_tamis_against_uncleaned_text(bench_file: Path) -> None:
    rows = run_benchmark(bench_file, "text", benchmark="jsonl")
    tamis, batched, uncleaned = rows
    assert (tamis.system, tamis.docs, uncleaned.system) == ("tamis clean_text", 2, "uncleaned page text")
    assert uncleaned.recall == pytest.approx(1.0) and uncleaned.precision < 0.9
    assert tamis.f1 > uncleaned.f1
    # the batch API decides exactly as clean_text does
    assert (batched.system, batched.f1, batched.precision, batched.recall) == ("tamis clean_texts (batched)", tamis.f1, tamis.precision, tamis.recall)


def test_jsonl_benchmark_html_input(bench_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "extraction", "--benchmark", "jsonl", str(bench_file), "--input", "html", "--no-reference"])
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    line = next(x for x in out if x.startswith("tamis extract_html "))
    # F1 of the article paragraphs alone; keeping the menu and footer too would score about 0.94
    assert float(line.split()[3]) > 0.99
    batched = next(x for x in out if x.startswith("tamis extract_htmls (batched)"))
    assert batched.split()[4:8] == line.split()[3:7]  # the same F1, P, R and pages


def test_bad_benchmark_lines_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"gold": "x", "text": "y"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl:2: not a JSON line"):
        jsonl_pages(bad, "text")
    with pytest.raises(ConfigError, match="'html'"):
        jsonl_pages(bad, "html")
    assert main(["eval", "extraction", "--benchmark", "jsonl", str(bad)]) != 0
    assert "bad.jsonl:2" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"gold": "x", "text": "y"}\n')[:-8])  # truncated gzip
    with pytest.raises(ConfigError, match="cannot be read"):
        jsonl_pages(broken, "text")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"gold": "caf\u00e9", "text": "y"}\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="cannot be read"):
        jsonl_pages(latin, "text")
