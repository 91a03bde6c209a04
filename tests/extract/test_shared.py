"""Checks against the shared data (the seed, the scrapinghub benchmark); skipped when absent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tamis.extract import clean_text, label_lines
from tamis.extract.evaluation.metric import score

pytestmark = pytest.mark.shared


def _seed(shared: Path) -> str:
    path = shared / "seed" / "000_4132dcb8b412739c.txt"
    if not path.exists():
        pytest.skip("seed document is absent")
    return path.read_text(encoding="utf-8")


def test_seed_keeps_title_and_article_drops_bio_onwards(shared: Path) -> None:
    text = _seed(shared)
    lines = [s.strip() for s in text.splitlines() if s.strip()]
    cut = next(i for i, s in enumerate(lines) if s.startswith("About Banner Leon"))
    out = clean_text(text).splitlines()
    kept = [s for s in out if s]
    assert kept == lines[:cut]


def test_seed_explain_says_why(shared: Path) -> None:
    labels = label_lines(_seed(shared))
    dropped = [x for x in labels if not x.keep]
    assert dropped and all(x.reason for x in dropped)
    labels_by_text = {x.text: x for x in labels}
    assert labels_by_text["About Banner Leon"].label == "author-bio"
    assert labels_by_text["Leave a Reply"].label == "comment"


def test_cli_clean_seed(shared: Path) -> None:
    path = shared / "seed" / "000_4132dcb8b412739c.txt"
    _seed(shared)
    res = subprocess.run([sys.executable, "-m", "tamis.cli", "clean", str(path), "--explain"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "drop author-bio" in res.stdout and "About Banner Leon" in res.stdout


def test_benchmark_sample_beats_uncleaned(shared: Path) -> None:
    base = shared / "data" / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    out = json.loads((base / "output" / "html-text.json").read_text())["output"]
    ids = sorted(gold)[:30]
    ours = score((clean_text(out[i]["articleBody"]), gold[i]["articleBody"]) for i in ids)
    raw = score((out[i]["articleBody"], gold[i]["articleBody"]) for i in ids)
    assert ours.f1 > raw.f1 + 0.15


def test_html_sample_beats_full_page_text(shared: Path) -> None:
    import gzip

    from tamis.extract import extract_html
    from tamis.extract.html import render_html

    base = shared / "data" / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    ids = sorted(gold)[-20:]
    pages = {i: gzip.open(base / "html" / f"{i}.html.gz").read() for i in ids}
    ours = score((extract_html(pages[i]), gold[i]["articleBody"]) for i in ids)
    raw = score((render_html(pages[i]), gold[i]["articleBody"]) for i in ids)
    assert ours.f1 > raw.f1 + 0.15
    assert ours.precision > raw.precision
