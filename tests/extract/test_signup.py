"""A newsletter sign-up box after the article: sentences, so the line model reads them as more
article; ``signup.py`` drops them by their pitch and place."""

from __future__ import annotations

from tests.extract.conftest import NAV
from tests.extract.test_teasers import STORY

from tamis.extract import clean_text, label_lines

BOX = ["Stay up to date with the Harbour Post.", "Subscribe to our newsletter and get the week's stories every Friday.",
       "You have successfully subscribed. Thank you!",
       "An email with an activation link has just been sent to your address. Please activate your subscription."]


def test_a_signup_box_after_the_article_is_dropped() -> None:
    text = "\n".join(NAV + STORY + BOX)
    out = clean_text(text)
    for line in STORY[1:]:
        assert line in out, line
    for line in BOX:
        assert line not in out, line
    labels = {x.text: x for x in label_lines(text)}
    assert labels[BOX[1]].label == "subscribe" and "sign-up box" in labels[BOX[1]].reason


def test_a_pitch_inside_the_article_stays() -> None:
    inside = "Readers who subscribe to our newsletter will get the new timetable by email as soon as it is published."
    text = "\n".join(NAV + STORY[:2] + [inside] + STORY[2:])
    assert inside in clean_text(text)
