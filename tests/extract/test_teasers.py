"""A portal's list of teaser cards, each a Title-Case headline run into its summary on one line:
lines that end sentences and read as prose to the line model."""

from __future__ import annotations

from tests.extract.conftest import NAV, page

from tamis.extract import clean_text, label_lines

STORY = [
    "Harbour ferry to run every twenty minutes from March",
    "The harbour ferry will run every twenty minutes from the first of March, the transport authority said on Friday.",
    "The new timetable adds two boats on weekday mornings, when the queues at the pier have been longest.",
    "Passengers with monthly passes will not pay more, but single tickets will rise by ten cents.",
]

CARDS = [
    "Bakery On Mill Street To Close After Forty Years The owners said they could no longer find staff for the early shifts.",
    "Library Extends Opening Hours For Exam Season Students will be able to study until midnight from next week.",
    "Council Votes To Repair Old Bridge Before Winter The work will close the bridge to cars for six weeks.",
    "Local Runner Wins Marathon In Record Time She finished the course four minutes faster than last year's winner.",
]


def test_a_list_of_teaser_cards_is_dropped_and_the_story_kept() -> None:
    text = page(NAV, STORY, ["Latest stories"], CARDS)
    out = clean_text(text)
    for line in STORY[1:]:
        assert line in out, line
    for line in CARDS:
        assert line not in out, line
    labels = {x.text: x for x in label_lines(text)}
    assert labels[CARDS[0]].label == "related" and "teaser card" in labels[CARDS[0]].reason


def test_run_in_heads_of_a_listing_are_its_content() -> None:
    # a head set off by a colon ("Senior Softball: The ...") is a listing's own structure
    listing = [
        "Sports clubs looking for players this autumn",
        "Senior Softball: The Irregulars are recruiting new players for their team, which practises on Saturdays at the park.",
        "Youth Rugby Club: The club is looking for girls and boys between twelve and sixteen who would like to learn the game.",
        "Open Water Swimmers: The group meets at the main beach at seven every morning while the water stays above fifteen degrees.",
        "Chess In The Library: Beginners and experienced players meet in the reading room every Thursday evening at six.",
    ]
    out = clean_text(page(NAV, listing))
    for line in listing[1:]:
        assert line in out, line


def test_cards_that_open_their_summary_with_a_dateline_are_dropped() -> None:
    cards = [
        "Port workers end strike after pay deal ROTTERDAM: Dock workers returned to work on Monday after the union accepted the offer.",
        "Storm closes mountain roads for a second day INNSBRUCK: Snow and fallen trees kept three passes shut on Tuesday morning.",
        "Central bank holds rates as prices cool FRANKFURT: The bank left its main rate unchanged and said inflation was easing.",
    ]
    text = page(NAV, STORY, cards)
    out = clean_text(text)
    assert STORY[1] in out and STORY[3] in out
    for line in cards:
        assert line not in out, line
