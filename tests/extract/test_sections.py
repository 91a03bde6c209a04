"""Furniture sections (``rules.furniture_sections``): where a section that a header starts in the
middle of an article ends, so that the article after a "Read more" box is not lost with it, and
a teaser box is not taken for the article resuming."""

from __future__ import annotations

import numpy as np

from tamis.extract.rules import furniture_sections


def _sections(rows: list[tuple[str | None, int]], ends: list[bool] | None = None) -> list[int]:
    """The lines in a section, for lines given as (group, words); long lines end a sentence, and
    so do the lines ``ends`` says."""
    groups = [g for g, _ in rows]
    words = np.array([w for _, w in rows])
    prose = words >= 15
    return sorted(furniture_sections(groups, words, prose, np.ones(len(rows), dtype=np.int8), ["x"] * len(rows),
                                     prose if ends is None else np.array(ends)))


def test_the_article_resuming_in_two_short_sentences_ends_a_box() -> None:
    # "Lesen Sie auch", two teaser titles, then "Die Arbeiten sollen bis Ende September dauern.",
    # "Danach fahren die Züge wieder im Viertelstundentakt." and a long paragraph
    rows = [(None, 30), (None, 25), ("related", 3), (None, 7), (None, 4), (None, 7), (None, 7), (None, 30), (None, 25)]
    ends = [True, True, False, False, False, True, True, True, True]
    assert _sections(rows, ends) == [2, 3, 4]
    # without sentence ends (teaser titles) the box runs on to the long paragraphs' heading
    assert _sections(rows) == [2, 3, 4, 5]


def test_ad_slots_between_paragraphs_do_not_hide_the_article_resuming() -> None:
    rows = [(None, 30), (None, 25),  # the article so far
            ("related", 2), ("ad", 1),  # "Read more", "Advertisement"
            (None, 22), (None, 24), ("ad", 1), (None, 20), (None, 26)]  # the article goes on
    assert _sections(rows) == [2, 3]


def test_a_teaser_box_still_runs_to_its_end() -> None:
    # teasers are short lines; the section ends at a short line with prose after it, a heading
    rows = [(None, 30), ("related", 2), (None, 9), (None, 8), (None, 10), (None, 30), (None, 28), (None, 25)]
    assert _sections(rows) == [1, 2, 3]


def test_a_box_of_long_teasers_with_read_more_links_stays_a_section() -> None:
    # "You might also like", three teasers of a sentence each, "Read more": the link is a header of
    # the box's own kind, and says that the prose before it is the box's, not the article resuming
    rows = [(None, 30), (None, 28),
            ("related", 4), (None, 18), (None, 20), (None, 17), ("related", 2), (None, 3)]
    assert _sections(rows) == [2, 3, 4, 5, 6, 7]


def test_reply_headers_keep_a_comment_section_going() -> None:
    # in a thread every reply has a header ("Rating: 12 votes"), and a reply's paragraphs are prose
    rows = [(None, 30), (None, 28),
            ("comment", 1), ("comment", 3), (None, 25), (None, 22), (None, 21),
            ("comment", 3), (None, 20), (None, 30), (None, 2)]
    assert _sections(rows) == list(range(2, 11))


def test_a_long_line_ending_in_a_colon_counts_as_the_article_resuming() -> None:
    from tests.extract.conftest import ARTICLE_EN, NAV, page

    from tamis.extract import label_lines

    after = ["The council published the survey results on its website on Monday, together with the plans for the first "
             "section and a map of the lanes, and at a short press conference outside the town hall in the afternoon the "
             "mayor summed them up for the reporters who had come:",
             "We listened to what the residents told us.",
             "Most of those who answered said that they would cycle to work at least twice a week if the lanes were built.",
             "The first section will be built along the river, where the road is widest and the traffic is lightest."]
    text = "\n".join(NAV) + "\n\n" + page(ARTICLE_EN, ["Related posts", "Council budget delayed again"], after)
    labels = {x.text: x for x in label_lines(text)}
    assert labels["Related posts"].label == "related" and not labels["Council budget delayed again"].keep
    assert labels[after[0]].keep and labels[after[2]].keep, [(labels[a].keep, labels[a].reason) for a in after]


def test_a_line_that_copies_the_whole_article_is_dropped() -> None:
    # a page's structured-data summary rendered as one line: every paragraph again
    from tests.extract.conftest import ARTICLE_EN, NAV, page

    from tamis.extract import clean_text, label_lines

    body = ARTICLE_EN[1:] * 3  # a long article: twelve paragraphs
    copy = " ".join(body)
    text = "\n".join(NAV) + "\n\n" + page(ARTICLE_EN[:1], body, [copy], ["Share on Facebook"])
    labels = [x for x in label_lines(text) if x.text == copy]
    assert labels and not labels[0].keep and labels[0].label == "repeated"
    assert clean_text(text).count(body[0]) == 3


def test_a_box_whose_first_line_ends_in_a_colon_is_still_a_box() -> None:
    # "Top 10 gadgets of 2024: ...:" opens a teaser list, it is not the article going on
    from tests.extract.conftest import ARTICLE_EN, NAV, page

    from tamis.extract import label_lines

    box = ["Related posts",
           "Top 10 gadgets of 2024: the phones, laptops and smart home devices that our reviewers could not stop talking about:",
           "From folding phones to quiet robot vacuums, these are the products that made the biggest difference this year.",
           "The best budget headphones you can buy right now, tested on the bus, in the gym and on a long-haul flight."]
    footer = ["Privacy policy", "© 2024 Example News. All rights reserved."]
    labels = {x.text: x for x in label_lines("\n".join(NAV) + "\n\n" + page(ARTICLE_EN, box, footer))}
    assert not any(labels[line].keep for line in box), [(labels[line].keep, labels[line].reason) for line in box]


def test_a_reply_that_quotes_a_whole_post_keeps_its_answer() -> None:
    from tamis.extract.notices import article_copies

    post = " ".join(f"p{i}" for i in range(190)) + "."
    answer = " ".join(f"a{i}" for i in range(45)) + "."
    reply = "dave_k said: " + post + " " + answer  # one line, mostly a quote
    keep = np.ones(3, dtype=bool)
    words = np.array([190, len(reply.split()), 2])
    assert article_copies(words, [post, reply, "Reply"], keep) == {} and keep.all()
    # a line that is the article's paragraphs again, and nothing else, is a copy
    paras = [" ".join(f"w{k}x{i}" for i in range(80)) + "." for k in range(3)]
    keep = np.ones(4, dtype=bool)
    copy = "Print version: " + " ".join(paras)
    assert list(article_copies(np.array([80, 80, 80, 242]), paras + [copy], keep)) == [3]


def test_a_reply_button_starts_no_section() -> None:
    # a forum thread: each post followed by its "Reply" button; the answers are the content
    groups = [None, None, "comment", None, None, "comment", None, None, "comment"]
    words = np.array([6, 40, 1, 2, 35, 1, 2, 30, 1])
    states = np.ones(9, dtype=np.int8)
    for button in ("Reply", "Antworten", "返信"):
        lines = ["Q", "x", button, "rita", "x", button, "kb", "x", button]
        assert furniture_sections(groups, words, words >= 15, states, lines) == {}
    # a comment section's own header still starts one
    lines[2] = "3 Replies"
    assert 2 in furniture_sections(groups, words, words >= 15, states, lines)

