"""Comment threads and related-content headers in page text: the structures that the line model,
judging lines with their neighbourhood, reads as more article when they are prose."""

from __future__ import annotations

from tests.extract.conftest import ARTICLE_EN, NAV, page

from tamis.extract import clean_text, label_lines

POST = [
    "September 2024 open thread",
    "Our goal with these quarterly threads is to give readers a place to raise questions about our research in public.",
    "You can also write to us by email if you would rather discuss something privately.",
    "Posted in Open thread | Permalink | 3 Comments",
    "Comments",
]

THREAD = [
    "Milan Novak on September 12, 2024 at 4:47 pm said:",
    "Is there any update on how the new follow-up study will change your view of the cash transfer programme?",
    "The paper came out last month and the long-term effects it reports look smaller than the earlier estimates.",
    "Catherine (Research team) on September 13, 2024 at 5:23 pm said:",
    "Hi Milan,",
    "We have not reviewed the study yet, but we plan to consider it as part of our review at the end of the year.",
    "Our best guess is that it will not change our recommendation, though we will publish what we find either way.",
    "Alex on September 17, 2024 at 6:34 am said:",
    "I read your report on road safety and did not see any analysis of the time people lose on slower but safer buses.",
    "Logically there must be some speed at which the trade is no longer worth it, and I would like to know where you think it lies.",
]


def test_a_comment_thread_is_dropped_and_the_post_above_it_kept() -> None:
    text = page(NAV, POST, THREAD)
    out = clean_text(text)
    assert POST[1] in out and POST[2] in out
    for line in THREAD:
        assert line not in out
    labels = {x.text: x for x in label_lines(text)}
    assert "comment thread" in labels[THREAD[1]].reason and labels[THREAD[1]].label == "comment"


def test_one_comment_header_is_no_thread() -> None:
    # a quoted exchange inside an article ends with "said:" once; the article around it stays
    quote = ["The minister on Tuesday at a press conference said:",
             "We will build the lanes in the spring, and the first section along the river will open before the summer."]
    text = page(NAV, ARTICLE_EN[:3], quote, ARTICLE_EN[3:])
    out = clean_text(text)
    for line in ARTICLE_EN[1:]:
        assert line in out


TEASERS = [
    "Related coverage from Money and Careers:",
    "Here is exactly how to figure out when you can stop working",
    "How to invest in real estate to make money and build wealth",
    "How to get health insurance if you lose your job or retire early",
    "How to invest in index funds, explained for beginners",
]


def test_a_related_header_with_a_colon_starts_a_related_section() -> None:
    text = page(NAV, ARTICLE_EN, TEASERS)
    out = clean_text(text)
    assert ARTICLE_EN[-1] in out
    for line in TEASERS:
        assert line not in out
    labels = {x.text: x for x in label_lines(text)}
    assert labels[TEASERS[0]].label == "related" and "related section header" in labels[TEASERS[0]].reason


def test_a_see_also_link_inside_the_text_starts_no_section() -> None:
    link = "See also the council's report on road safety"
    text = page(NAV, ARTICLE_EN[:3], [link], ARTICLE_EN[3:])
    labels = {x.text: x for x in label_lines(text)}
    assert "section header" not in labels[link].reason
    assert labels[ARTICLE_EN[-1]].keep
