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


def test_a_value_after_a_credit_word_is_the_texts_own() -> None:
    # "Universal Credit: what changes", "Photo: 50 MP main": the source of a credit is a name
    guide = ["Universal Credit: what changes in April for people who work part time",
             "The taper rate falls from 55 to 50 per cent, so claimants keep more of each pound they earn above the allowance.",
             "Working Tax Credit: who can still claim it after the move to the new system",
             "Only people who already receive it can go on claiming until their household is moved across by the department."]
    out = clean_text("\n".join(NAV + ARTICLE_EN[:3] + guide + ARTICLE_EN[3:]))
    for line in guide:
        assert line in out, line


def test_the_captions_of_a_photo_essay_are_its_text() -> None:
    essay = [f"{scene} on the last morning of the market season, before the stalls were packed away Photograph: Ana Ruiz"
             for scene in ("A fishmonger lays out the last of the sardines", "Two sisters sell honey from their grandfather's hives",
                           "The flower stall keeps its buckets in the shade", "A baker hands out the broken loaves to the children")]
    out = clean_text("\n".join(NAV + ["The last market of the summer"] + essay))
    for line in essay:
        assert line in out, line


def test_a_credit_after_an_ellipsis_is_a_caption_too() -> None:
    # the New York Times' captions end "Credit...Name/The New York Times"; a sentence that trails
    # off in "credit..." is no caption
    caption = "Cyclists on the new lane along the river in the spring sunshine. Credit...Jane Doe/The City Press"
    trailing = "Asked who deserved the praise, the mayor said she would not take the credit... not yet"
    text = "\n".join(NAV + ARTICLE_EN[:3] + [caption, trailing] + ARTICLE_EN[3:])
    out = clean_text(text)
    assert caption not in out and trailing in out
    labels = {x.text: x for x in label_lines(text)}
    assert labels[caption].label == "caption"


def test_a_headline_with_credit_and_an_ellipsis_is_no_caption() -> None:
    # the ellipsis credit ends a caption's last sentence; in a headline "Credit…" is the subject
    headings = ["Cost of Living Payment and Universal Credit… What You Need to Know",
                "The Child Tax Credit... Explained in Plain English"]
    text = "\n".join(NAV + ARTICLE_EN[:3] + [headings[0], ARTICLE_EN[3], headings[1]] + ARTICLE_EN[4:])
    out = clean_text(text)
    for line in headings:
        assert line in out, line
