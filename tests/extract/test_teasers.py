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


def _cut(line: str, length: int = 50) -> str:
    """A teaser as a blog widget cuts it: the first ``length - 3`` characters and "..."."""
    return line[: length - 3] + "..."


CUT = [_cut(x) for x in (
    "Aquarium welcomes two sea otter pups rescued after the storm",
    "Tram line extension opens to passengers three weeks early",
    "Volunteers plant a thousand trees beside the railway path",
    "A night market returns to the harbour square in June",
)]


def test_teasers_cut_at_one_length_are_dropped_even_when_they_are_the_whole_page() -> None:
    assert len({len(x) for x in CUT}) == 1 and all(x[-4].isalpha() for x in CUT)  # cut mid-word
    text = page(NAV, STORY, CUT)
    out = clean_text(text)
    assert STORY[1] in out and STORY[3] in out
    assert not any(line in out for line in CUT)
    labels = {x.text: x for x in label_lines(text)}
    assert labels[CUT[0]].label == "related" and "same length" in labels[CUT[0]].reason
    # a page that is only such a list (a blog's archive page as crawled) has no article
    assert clean_text(page(CUT)) == ""


def test_an_articles_own_ellipses_and_a_listing_cut_at_word_ends_stay() -> None:
    # an article's trailing-off sentences have lengths of their own
    own = ["She looked at the harbour for a long time, and then at the boats...",
           "He said he would come back in the spring, if the ferry still ran...",
           "Nobody in the village believed him, and nobody said so to his face..."]
    out = clean_text(page(NAV, STORY[:2], own, STORY[2:]))
    assert all(line in out for line in own)
    # an index page cut at word ends under a maximum: a few lengths repeat, most do not (kept
    # as the page's content, as CleanEval's gold keeps it)
    index = ["The author of three novels about the sea returns with short stories...",
             "Culture and climate may shape the gardens we create in each country...",
             "Only eighteen years have passed since the region's history was written...",
             "The settings of the two novels provide much of the pleasure of them...",
             "With the world at his feet, the young doctor chose to return home..."]
    assert sorted(map(len, index)) == [68, 70, 70, 70, 73] and all(x[-4].isalpha() for x in index)
    labels = {x.text: x for x in label_lines(page(NAV, index))}
    assert not any("same length" in labels[x].reason for x in index)


def test_a_refrain_or_parallel_lines_at_one_length_are_the_pages_own() -> None:
    # found by an adversarial review: a poem's refrain and a novel's parallel sentences, each
    # ending in an ellipsis at one length, were dropped as teasers
    refrain = "and still the river keeps its counsel..."
    verses = ["The ferry leaves at dawn with nobody aboard,", "the gulls go out to meet it, then come home,",
              "the harbour lights go dim along the quay,"]
    poem = [verses[0], refrain, verses[1], refrain, verses[2], refrain]
    parallel = [f"I waited for him for {n} years, and no letter came back to me..." for n in ("three", "seven", "eight")]
    assert len({len(x) for x in parallel}) == 1
    for lines in (poem, parallel):
        labels = label_lines(page(NAV, STORY[:2], lines, STORY[2:]))
        assert not any("same length" in x.reason for x in labels)
