"""Scoring pages as one batch (``Page.join``, ``clean_texts``) gives exactly what scoring each
page alone gives: every feature bit for bit, and so every decision.

The batch path takes page-level quantities (sums, maxima, windows, runs, "the first line that")
per segment of the joined lines; a window or a run that leaked across a page edge, a word shared
between two pages, or a sum taken in another order would change a page's features depending on
its neighbours in the batch. These tests put pages next to each other that differ in exactly
those ways.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.extract.layout import reflow
from tamis.extract.model import load_model
from tamis.extract.features.page import Page, page_matrix, stage2_matrix
from tamis.extract.text import clean_text, clean_texts, label_lines, label_lines_batch

from .conftest import ARTICLE_DE, ARTICLE_EN, FOOTER, NAV, page

# lines of every kind the features react to: prose, headers, menus, repeats, a comment header,
# section headers, dates, links, numbered items, CJK, an empty line (a new block)
LINES = st.sampled_from(ARTICLE_EN + ARTICLE_DE + FOOTER + NAV + [
    "", "", "1. First item of the list", "2. Second item", "3. Third item", "Posted on 12.03.2021 at 10:45",
    "Visit https://example.org/page for more", "Jane says:", "Comments", "Related posts",
    "東京都は火曜日、新しい自転車道の建設を決めた。工事は春に始まる予定だ。", "Reply", "Reply",
])
PAGES = st.lists(st.lists(LINES, min_size=0, max_size=25).map("\n".join), min_size=1, max_size=6)


def _features(pages: list[Page], links: bool) -> list[np.ndarray]:
    model = load_model("html" if links else "text")
    out = []
    for p in pages:
        X, names = page_matrix(p, model.stopwords)
        S, _ = stage2_matrix(p, X, names, model.stage1.logits(X))
        out.append(S)
    return out


def _assert_batch_equals_pages(texts: list[str], links: list[np.ndarray] | None = None) -> None:
    def make(i: int, t: str) -> Page:
        return Page(t, None if links is None else links[i])

    alone = [p for p in (make(i, t) for i, t in enumerate(texts)) if p.stripped]
    if not alone:
        return
    batch = Page.join([p for p in (make(i, t) for i, t in enumerate(texts)) if p.stripped])
    (S,) = _features([batch], links is not None)
    b = batch.seg.bounds.tolist()
    for k, expect in enumerate(_features(alone, links is not None)):
        got = S[b[k] : b[k + 1]]
        assert got.shape == expect.shape
        # bit for bit (NaN never occurs; array_equal would call it a difference)
        assert np.array_equal(got, expect), f"page {k} differs in columns {np.flatnonzero((got != expect).any(axis=0)).tolist()}"


@settings(max_examples=60, deadline=None)
@given(PAGES)
def test_batch_features_are_each_pages_own(texts: list[str]) -> None:
    _assert_batch_equals_pages([reflow(t) for t in texts])


@settings(max_examples=30, deadline=None)
@given(PAGES, st.randoms(use_true_random=False))
def test_batch_features_with_link_counts_are_each_pages_own(texts: list[str], rnd) -> None:
    links = [np.array([rnd.choice([0, 0, 1, 3]) for _ in t.splitlines()]) for t in texts]
    _assert_batch_equals_pages(texts, links)


def test_clean_texts_is_clean_text_for_each(english_page: str) -> None:
    texts = [english_page, "", "Home\nNews", page(ARTICLE_DE), english_page.upper(), "x" * 30_000]
    assert list(clean_texts(texts)) == [clean_text(t) for t in texts]
    # and the labels, reasons left out, of the batch are those of each page
    got = label_lines_batch(texts, explain=False)
    assert got == [label_lines(t, explain=False) for t in texts]


def test_clean_texts_batches_bound_memory(monkeypatch: pytest.MonkeyPatch, english_page: str) -> None:
    import tamis.extract.batching as batching
    import tamis.extract.text as text

    sizes: list[int] = []
    real = text._clean_batch
    monkeypatch.setattr(batching, "BATCH_PAGES", 3)
    monkeypatch.setattr(text, "_clean_batch", lambda batch, *a: sizes.append(len(batch)) or real(batch, *a))
    out = list(text.clean_texts([english_page] * 7))
    assert sizes == [3, 3, 1]
    assert out == [clean_text(english_page)] * 7


def test_batch_matches_on_the_benchmark_renderings(shared: Path) -> None:
    root = shared / "data" / "article-extraction-benchmark"
    ids = sorted(json.loads((root / "ground-truth.json").read_text(encoding="utf-8")))
    for renderer in ("html-text", "beautifulsoup"):
        out = json.loads((root / "output" / f"{renderer}.json").read_text(encoding="utf-8"))["output"]
        texts = [out[i]["articleBody"] for i in ids]
        assert list(clean_texts(texts)) == [clean_text(t) for t in texts], renderer


def test_extract_htmls_matches_extract_html_on_the_benchmark(shared: Path) -> None:
    import gzip

    from tamis.extract.html import extract_html, extract_htmls

    root = shared / "data" / "article-extraction-benchmark"
    ids = sorted(json.loads((root / "ground-truth.json").read_text(encoding="utf-8")))[:90]
    htmls = [gzip.open(root / "html" / f"{i}.html.gz").read() for i in ids]
    assert list(extract_htmls(htmls)) == [extract_html(h) for h in htmls]


JUNK = st.text(alphabet=st.characters(codec="utf-8"), max_size=600) | st.text(max_size=100).map(lambda s: "\n".join([s] * 8))


@settings(max_examples=60, deadline=None)
@given(st.lists(JUNK, min_size=1, max_size=5))
def test_batches_of_arbitrary_text_never_raise_and_match(texts: list[str]) -> None:
    # junk (control characters, lone surrogates, empty pages, repeated lines) next to other junk
    assert list(clean_texts(texts)) == [clean_text(t) for t in texts]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=800) | st.text(max_size=400), min_size=1, max_size=4))
def test_html_batches_of_junk_never_raise_and_match(pages: list) -> None:
    from tamis.extract.html import extract_html, extract_htmls

    assert list(extract_htmls(pages)) == [extract_html(p) for p in pages]


WHITE = st.sampled_from([" ", "\t", " \u00a0 ", "\u3000"])
# Markdown lines, which the model reads as rendered (an image alone: an empty line) and which are output as written
MARKDOWN = st.sampled_from(["![logo](/l.png)", " ![x](/x.png) ", "Read [the report](https://example.org/r) today.",
                            "## The council met on Tuesday", "* [Home](/)"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(LINES | WHITE | LINES.map(lambda s: f"  {s} ") | MARKDOWN, max_size=25).map("\n".join), min_size=1,
                max_size=4))
def test_kept_text_is_assemble_of_the_kept_lines(texts: list[str]) -> None:
    # clean_texts joins the kept lines from the page's stripped lines and line numbers
    from tamis.extract.text import assemble, decide_batch, kept_indices, kept_text

    texts = texts + ["Home\n\n" + "A" * 25_000 + "\n \nThe council met on Tuesday."]  # a line the model reads cut
    for d in decide_batch(texts, None, None, [None] * len(texts)):
        assert kept_text(d) == (assemble(d.page.lines, kept_indices(d)) if d is not None else "")
