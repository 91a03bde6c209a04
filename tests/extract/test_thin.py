"""A page whose decoding keeps almost nothing is decoded again with a lower bar (``text.THIN_WORDS``)."""

from __future__ import annotations

import numpy as np

from tamis.extract.model import viterbi
from tamis.extract.page import Page
from tamis.extract.text import THIN_THRESHOLD, THIN_WORDS, _verdicts

LINES = [
    "Events",
    "Menu",
    "Our picks for the month.",
    "Cheer on the young riders at the finals in Gladstone this weekend.",
    "Visit the national horse show in Harrisburg, with a grand prix and a trade fair.",
    "Advertisement",
]
P_BODY = np.array([0.05, 0.05, 0.9, 0.45, 0.4, 0.05])  # the article's lines sit just under the bar
ENDS = np.array([False, False, True, True, True, False])


def _decide(words: list[int]):
    page = Page("\n".join(LINES))
    page.groups = [None] * len(LINES)
    first = viterbi(P_BODY, 1.0, 0.5)
    d = _verdicts(page, np.zeros((len(LINES), 1)), ["x"], P_BODY, np.array(words), ENDS, first, False, 1.0, 0.5)
    return first.astype(bool), d


def test_a_thin_page_keeps_the_runs_above_the_lower_bar() -> None:
    first, d = _decide([1, 1, 5, 12, 15, 1])
    assert first.tolist() == [False, False, True, False, False, False]  # the first decoding keeps the dek only
    assert d.keep.tolist() == (P_BODY >= THIN_THRESHOLD).tolist()
    assert f"under {THIN_WORDS} words" in d.kept_by[3] and 3 in d.kept_by and 2 not in d.kept_by


def test_a_page_with_enough_body_is_decoded_once() -> None:
    first, d = _decide([1, 1, THIN_WORDS, 12, 15, 1])
    assert d.keep.tolist() == first.tolist()
    assert not d.kept_by


def test_a_page_with_no_run_keeps_its_best_prose_and_says_why() -> None:
    page = Page("\n".join(LINES))
    page.groups = [None] * len(LINES)
    p = np.array([0.05, 0.05, 0.2, 0.25, 0.1, 0.05])  # nothing reaches even the lower bar
    words = np.array([1, 1, 5, 12, 15, 1])
    d = _verdicts(page, np.zeros((len(LINES), 1)), ["x"], p, words, ENDS, viterbi(p, 1.0, 0.5), False, 1.0, 0.5)
    assert d.keep.tolist() == [False, False, False, True, False, False]  # 8+ words, ends a sentence, p >= 0.8 * best
    assert "best prose" in d.kept_by[3]
