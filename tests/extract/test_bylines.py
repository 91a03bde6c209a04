"""The byline block between a headline and its article (``byline.py``): metadata, dropped with a reason."""

from __future__ import annotations

from tests.extract.conftest import ARTICLE_EN, NAV, page

from tamis.extract import clean_text, label_lines

DECK = ["Twelve kilometres of protected lanes will be built by next summer, and here is what changes for drivers, "
        "shop owners and the people who cycle every day."]
BLOCK = ["By", "Jane Miller", "The Harbour Post", "jane.miller@harbourpost.example", "@janemiller", "March 12, 2024 9:15 am ET"]


def test_a_byline_block_under_the_headline_is_dropped_and_says_why() -> None:
    # one block to a line, as html-text renders a page, under a deck: the model keeps the block
    # with the article around it
    text = "\n".join(NAV + ARTICLE_EN[:1] + DECK + BLOCK + ARTICLE_EN[1:])
    out = clean_text(text)
    assert out.startswith(ARTICLE_EN[0]) and DECK[0] in out
    for line in ARTICLE_EN[1:]:
        assert line in out, line
    for line in BLOCK:
        assert line not in out.splitlines(), line
    labels = {x.text: x for x in label_lines(text)}
    assert labels["Jane Miller"].label == "byline" and "byline block" in labels["Jane Miller"].reason


def test_a_subheading_above_the_first_paragraphs_is_no_byline() -> None:
    # a name-shaped line alone (no date, no "By", no address) is a subheading as often as a name
    text = page(NAV, ARTICLE_EN[:1], ["Safer Streets"], ARTICLE_EN[1:])
    assert "Safer Streets" in clean_text(text)


def test_a_dateline_with_its_time_and_outlet_between_slashes_is_a_byline() -> None:
    # "November 20, 2019 / 1:07 AM / CBS News": the slashes are no words, so the line is as short
    # as "March 12, 2024 9:15 am ET"
    line = "March 12, 2024 / 9:15 AM / Harbour Post"
    text = "\n".join(NAV + ARTICLE_EN[:1] + [line] + ARTICLE_EN[1:])
    out = clean_text(text)
    assert line not in out and ARTICLE_EN[1] in out
