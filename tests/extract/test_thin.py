"""A page whose decoding keeps almost nothing is decoded again with a lower bar (``decoding.THIN_WORDS``)."""

from __future__ import annotations

import numpy as np

from tamis.extract.model import viterbi
from tamis.extract.features.page import Page
from tamis.extract.decoding import THIN_THRESHOLD, THIN_WORDS, slots, thin_states
from tamis.extract.text import _verdicts

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


def _verdicts_of(p: np.ndarray, words: np.ndarray, first: np.ndarray):
    """``_verdicts`` of the one page, with its thin decoding found as ``decide_batch`` finds it."""
    page = Page("\n".join(LINES))
    page.groups = [None] * len(LINES)
    thin = thin_states(p, words, ENDS, first, [0, len(LINES)], 1.0, 0.5, slots([None] * len(LINES), LINES, words))[0]
    return _verdicts(page, np.zeros((len(LINES), 1)), ["x"], p, words, ENDS, first, False, 0.5, thin)


def _decide(words: list[int]):
    first = viterbi(P_BODY, 1.0, 0.5)
    return first.astype(bool), _verdicts_of(P_BODY, np.array(words), first)


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
    p = np.array([0.05, 0.05, 0.2, 0.25, 0.1, 0.05])  # nothing reaches even the lower bar
    d = _verdicts_of(p, np.array([1, 1, 5, 12, 15, 1]), viterbi(p, 1.0, 0.5))
    assert d.keep.tolist() == [False, False, False, True, False, False]  # 8+ words, ends a sentence, p >= 0.8 * best
    assert "best prose" in d.kept_by[3]


def test_the_lower_bar_lets_ad_slots_and_captions_pass_as_the_first_decoding_does() -> None:
    # a thin page decoded at 0.3: "Advertisement" (p 0.35) between its paragraphs is still dropped,
    # and the paragraph under a caption the model reads as furniture is still kept
    lines = ["Our picks for the month.", "Advertisement", "Cheer on the young riders at the finals.",
             "(AP Photo/Jane Doe)", "Visit the horse show in Harrisburg, with a grand prix."]
    groups = [None, "ad", None, "caption", None]
    p = np.array([0.45, 0.35, 0.45, 0.02, 0.4])
    words = np.array([5, 1, 7, 3, 9])
    states = np.zeros(len(lines), dtype=np.int8)
    low = thin_states(p, words, np.array([True, False, True, False, True]), states, [0, len(lines)], 1.0, 0.5,
                      slots(groups, lines, words))[0]
    assert low.tolist() == [1, 0, 1, 0, 1]


def test_a_caption_the_model_reads_as_body_is_decoded_as_itself() -> None:
    from tamis.extract.decoding import decode

    # "Shares in Getty Images rose 4 percent." is a caption by its words only: at the end of the
    # article's run, with furniture after it, it stays in the run
    p = np.array([0.9, 0.9, 0.68, 0.1, 0.1])
    words = np.array([20, 20, 8, 2, 2])
    marks = slots([None, None, "caption", None, None], [""] * 5, words)
    assert decode(p, marks, 1.0, 0.5, [0, 5]).tolist() == [1, 1, 1, 0, 0]


def test_a_line_under_the_lower_bar_inside_the_run_says_so() -> None:
    # the run kept at the lower bar carries a line under it, as runs are kept whole
    p = np.array([0.05, 0.05, 0.9, 0.45, 0.28, 0.45, 0.05])
    lines = LINES[:5] + ["The organisers expect more than ten thousand visitors over the three days."] + LINES[5:]
    page = Page("\n".join(lines))
    page.groups = [None] * len(lines)
    words, ends = np.array([1, 1, 5, 12, 15, 13, 1]), np.array([False, False, True, True, True, True, False])
    first = viterbi(p, 1.0, 0.5)
    thin = thin_states(p, words, ends, first, [0, len(lines)], 1.0, 0.5, slots([None] * len(lines), lines, words))[0]
    d = _verdicts(page, np.zeros((len(lines), 1)), ["x"], p, words, ends, first, False, 0.5, thin)
    assert d.keep[3:6].all()
    assert "under the lower bar too" in d.kept_by[4] and "under" not in d.kept_by[3].split(":")[0]
