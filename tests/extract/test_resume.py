"""The article resuming after a box of short lines (``decoding.resumed_runs``): paragraphs that
score a little over the bar, which the decoding alone loses to the box above them."""

from __future__ import annotations

import numpy as np

from tamis.extract.decoding import resumed_runs
from tamis.extract.features.page import Page
from tamis.extract.model import viterbi
from tamis.extract.text import _verdicts

LINES = [
    "The harbour ferry will run every twenty minutes from March, the transport authority said on Friday.",
    "The new timetable adds two boats on weekday mornings, when the queues at the pier have been longest.",
    "DON'T MISS",
    "Mayor opens new playground [PICTURES]",
    "Five walks along the river this autumn [GUIDE]",
    "Passengers with monthly passes will not pay more, but single tickets will rise by ten cents next year.",
    "The ferry on the harbour (Image: GETTY)",
    "The authority said that the two new boats were bought second-hand from a company on the coast.",
    "Related articles",
    "Tram fares rise in January",
]
GROUPS = [None, None, None, None, None, None, "caption", None, "related", None]
P_BODY = np.array([0.95, 0.9, 0.15, 0.2, 0.25, 0.62, 0.1, 0.66, 0.02, 0.05])
WORDS = np.array([len(line.split()) for line in LINES])
ENDS = np.array([line.endswith(".") for line in LINES])


def _verdicts_of(p: np.ndarray):
    page = Page("\n".join(LINES))
    page.groups = list(GROUPS)
    states = viterbi(p, 1.0, 0.5)
    return states, _verdicts(page, np.zeros((len(LINES), 1)), ["x"], p, WORDS, ENDS, states, False, 0.5, None)


def test_the_article_resuming_after_a_box_is_kept_and_says_why() -> None:
    states, d = _verdicts_of(P_BODY)
    assert states.tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]  # the decoding loses the two paragraphs
    assert np.flatnonzero(d.keep).tolist() == [0, 1, 5, 7]  # the caption and the box stay dropped
    assert "resuming after a box" in d.kept_by[5]


def test_one_paragraph_or_weak_paragraphs_after_a_box_are_not_the_article() -> None:
    one = P_BODY.copy()
    one[7] = 0.2  # the second paragraph reads as furniture: one paragraph is a teaser's summary
    assert resumed_runs(one, WORDS, ENDS, GROUPS, viterbi(one, 1.0, 0.5)) == []
    weak = P_BODY.copy()
    weak[[5, 7]] = 0.45  # both under the bar
    assert resumed_runs(weak, WORDS, ENDS, GROUPS, viterbi(weak, 1.0, 0.5)) == []


def test_a_long_box_ends_the_article() -> None:
    lines = LINES[:2] + ["A teaser link"] * 7 + LINES[5:8]
    groups = GROUPS[:2] + [None] * 7 + GROUPS[5:8]
    p = np.concatenate([P_BODY[:2], np.full(7, 0.1), P_BODY[5:8]])
    words = np.array([len(line.split()) for line in lines])
    ends = np.array([line.endswith(".") for line in lines])
    assert resumed_runs(p, words, ends, groups, viterbi(p, 1.0, 0.5)) == []
