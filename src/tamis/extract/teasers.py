"""Teaser cards: a portal's list of other stories, each a headline run into its summary.

A rendering that puts a card's headline and summary on one line ("Customers Leave Without Paying
$690 Bill At Troy Steakhouse A party of six left ...") gives lines that end sentences and read as
prose, so the line model keeps a list of them as an article. Their headlines give them away:
English headlines capitalise their function words ("Leave Without Paying ... At Troy"), which a
sentence never does; a card that opens its summary with the story's dateline has the dateline in
mid-line ("Indian-origin man pleads guilty in US NEW YORK: An Indian-origin man has ..."). One
such line is a name or a quote; three on a page are a list of cards.
"""

from __future__ import annotations

import re

import numpy as np

# function words that a Title-Case headline capitalises and a sentence writes in lower case
_FUNCTION_WORDS = frozenset({
    "A", "An", "The", "To", "In", "At", "Of", "For", "On", "With", "After", "From", "And", "Or", "But", "By", "As",
    "Over", "Into", "Up", "Out", "About", "Is", "Are", "Be", "Your", "Its", "Not", "Than",
})
_QUOTES = "‘’'\"“”:;,?!()"
_HEAD_WORDS = 5  # the fewest words of the headline
_TAIL_WORDS = 4  # the fewest words of the summary after it
_CARDS = 3  # the fewest cards on a page for them to be a list

_NUMBER = re.compile(r"[\d.]+")
_REASON = ("related", "a teaser card (a Title-Case headline run into its summary), one of a list of them")


def glued_headline(line: str) -> bool:
    """Whether a line starts with a Title-Case headline of ``_HEAD_WORDS`` or more words, a
    function word among them capitalised (not as a sentence's first word), and goes on for ``_TAIL_WORDS`` or more words, at
    least half of them in lower case.

    >>> glued_headline("Customers Leave Without Paying $690 Bill At Troy Steakhouse A party of six left without paying.")
    True
    >>> glued_headline("Michigan Department of Natural Resources officers are looking for tips.")
    False
    >>> glued_headline("The Doobie Brothers Unite With Michael McDonald for 50th Anniversary Tour")
    False
    >>> glued_headline("Senior Softball: The Santa Cruz Irregulars are recruiting new players.")
    False
    """
    words = line.split()
    head = 0
    function_words = 0  # capitalised inside the headline, not as a sentence's first word
    for k, word in enumerate(words):
        w = word.strip(_QUOTES)
        if not w or not (w[0].isupper() or w[0].isdigit() or w[0] == "$"):
            break
        head += 1
        # (after a section's number, "4.54 The Survey ...", a function word starts the sentence)
        function_words += k > 0 and w in _FUNCTION_WORDS and words[k - 1][-1:] not in ".:!?;" and not _NUMBER.fullmatch(words[k - 1])
    if head < _HEAD_WORDS or not function_words or len(words) - head < _TAIL_WORDS:
        return False
    # a head set off by a stop or colon ("SEQUENCE IN THE SAND. As the pirates ...", "Senior
    # Softball: The Santa Cruz ...") is a listing's run-in head, the page's own content; a card's
    # headline runs into its summary unmarked, in Title Case rather than capitals
    if words[head - 1][-1:] in ".:!?;" or 2 * sum(1 for w in words[:head] if w.isupper() and len(w) > 1) > head:
        return False
    # the summary is a sentence, mostly in lower case ("for 50th Anniversary Tour" ends a headline)
    tail = words[head:]
    return 2 * sum(1 for w in tail if w[:1].islower()) >= len(tail)


# a headline ending in a lower-case letter, a digit or a two-letter name ("US", "UK"), then a
# wire story's dateline in capitals
# ("NEW YORK:", "UNITED NATIONS:") and the story's first word
_GLUED_DATELINE = re.compile(r"(?P<head>.+?(?:[a-z0-9’'\")\]]|\b[A-Z]{2})) (?P<place>[A-Z][A-Z.’'-]{2,}(?: [A-Z][A-Z.’'-]{2,}){0,2}): [A-Z“\"‘]")


def glued_dateline(line: str) -> bool:
    """Whether a line is a headline of four or more words, not all in capitals, run into a
    story that opens with its dateline, each of the dateline's words three or more capitals (a
    reference's author initials, "Altman RB: GAPSCORE ...", are fewer).

    >>> glued_dateline("Man pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has pleaded guilty.")
    True
    >>> glued_dateline("NEW YORK: An Indian-origin man has pleaded guilty."), glued_dateline("Chang JT, Altman RB: GAPSCORE: names.")
    (False, False)
    >>> glued_dateline("ONLY BUSH CAN DELIVER THE MESSAGE TO UZBEKISTAN: The White House says so.")
    False
    """
    m = _GLUED_DATELINE.match(line)
    return m is not None and len(m["head"].split()) >= 4 and any(c.islower() for c in m["head"])


def teaser_cards(words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that are teaser cards (``glued_headline``, ``glued_dateline``), when a page keeps
    ``_CARDS`` or more of them (``keep`` is edited in place); each one's label and reason.

    >>> lines = ["Police: 2 In Custody After Death Of Student A woman and a man were arrested.",
    ...          "Customers Leave Without Paying $690 Bill At Troy Steakhouse A party of six left.",
    ...          "Michigan To Mail Redistricting Panel Applications To 250,000 The state will mail them.",
    ...          "The council met on Monday."]
    >>> keep = np.ones(4, dtype=bool)
    >>> sorted(teaser_cards(np.array([15, 15, 14, 5]), lines, keep)), keep.tolist()
    ([0, 1, 2], [False, False, False, True])
    >>> keep = np.ones(3, dtype=bool)
    >>> teaser_cards(np.array([15, 14, 5]), lines[1:], keep), keep.tolist()
    ({}, [True, True, True])
    """
    candidates = np.flatnonzero(keep & (words >= _HEAD_WORDS + _TAIL_WORDS)).tolist()
    cards = [i for i in candidates if lines[i][:1].isupper() or lines[i][:1].isdigit() or lines[i][:1] in _QUOTES]
    cards = [i for i in cards if glued_headline(lines[i]) or glued_dateline(lines[i])]
    if len(cards) < _CARDS:
        return {}
    keep[cards] = False
    return dict.fromkeys(cards, _REASON)
