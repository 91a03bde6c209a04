"""Photo captions known by the credit they end with (``captions.py``)."""

from __future__ import annotations

from tests.extract.conftest import ARTICLE_EN, NAV

from tamis.extract import clean_text, label_lines

CAPTION = "Cyclists on the new lane along the river in the spring sunshine, where the first section opened Credit: Jane Doe / City Press"


def test_a_caption_with_its_credit_inside_the_article_is_dropped() -> None:
    text = "\n".join(NAV + ARTICLE_EN[:3] + [CAPTION] + ARTICLE_EN[3:])
    out = clean_text(text)
    for line in ARTICLE_EN[1:]:
        assert line in out, line
    assert CAPTION not in out
    labels = {x.text: x for x in label_lines(text)}
    assert labels[CAPTION].label == "caption" and "credit" in labels[CAPTION].reason


def test_a_sentence_that_ends_on_a_lower_case_credit_stays() -> None:
    line = "The council also set up a fund for people with bad credit: small loans for bicycles and repairs"
    out = clean_text("\n".join(NAV + ARTICLE_EN[:3] + [line] + ARTICLE_EN[3:]))
    assert line in out
