"""Teaser cards: a portal's list of other stories, each a headline run into its summary.

A rendering that puts a card's headline and summary on one line ("Customers Leave Without Paying
$690 Bill At Troy Steakhouse A party of six left ...") gives lines that end sentences and read as
prose, so the line model keeps a list of them as an article. Their headlines give them away:
English headlines capitalise their function words ("Leave Without Paying ... At Troy"), which a
sentence never does; a card that opens its summary with the story's dateline has the dateline in
mid-line ("Indian-origin man pleads guilty in US NEW YORK: An Indian-origin man has ..."). One
such line is a name or a quote; three on a page, above the article or below it, are a list of
cards (between two of the page's own paragraphs, they are the article's list of books or winners).
"""

from __future__ import annotations

import re
from collections import Counter

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
_OWN_WORDS = 12  # the fewest words of a paragraph of the page's own around the cards
_OWN_ARTICLE_WORDS = 40  # the fewest words of those paragraphs for the page to be an article

_NUMBER = re.compile(r"[\d.]+")
# the start of a line whose first ``_HEAD_WORDS`` words are capitalised (or figures)
_TITLE_START = re.compile(r"(?:[‘’'\"“”:;,?!()]*[A-Z0-9$À-ÖØ-Þ]\S*\s+){%d}" % _HEAD_WORDS)
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
    >>> glued_headline("On Tuesday, The Wall Street Journal reported that the talks had failed."), glued_headline(
    ...     "Sarah Lee, Director Of Research At Acme, said the results were encouraging.")
    (False, False)
    """
    if _TITLE_START.match(line) is None:  # (most lines fail at their second or third word, in C)
        return False
    words = line.split()
    head = 0
    function_words = 0  # capitalised inside the headline, not as a sentence's first word
    for k, word in enumerate(words):
        w = word.strip(_QUOTES)
        if not w or not (w[0].isupper() or w[0].isdigit() or w[0] == "$"):
            break
        head += 1
        # (after a stop, a comma or a section's number, "On Tuesday, The Journal ...", "4.54 The Survey ...",
        # a function word starts the sentence)
        function_words += k > 0 and w in _FUNCTION_WORDS and words[k - 1][-1:] not in ".:!?;," and not _NUMBER.fullmatch(words[k - 1])
    if head < _HEAD_WORDS or not function_words or len(words) - head < _TAIL_WORDS:
        return False
    # a head set off by a stop, colon or comma ("SEQUENCE IN THE SAND. As the pirates ...", "Senior
    # Softball: The Santa Cruz ...", "Sarah Lee, Director Of Research At Acme, said") is a listing's
    # run-in head or a sentence's subject; a card's headline runs into its summary unmarked, in
    # Title Case rather than capitals
    if words[head - 1][-1:] in ".:!?;," or 2 * sum(1 for w in words[:head] if w.isupper() and len(w) > 1) > head:
        return False
    # the summary is a sentence, mostly in lower case ("for 50th Anniversary Tour" ends a headline)
    tail = words[head:]
    return 2 * sum(1 for w in tail if w[:1].islower()) >= len(tail)


# a headline ending in a lower-case letter, a digit or a two-letter name ("US", "UK"), then a
# wire story's dateline in capitals
# ("NEW YORK:", "UNITED NATIONS:") and the story's first word
_GLUED_DATELINE = re.compile(r"(?P<head>.+?(?:[a-z0-9’'\")\]]|\b[A-Z]{2})) (?P<place>[A-Z][A-Z.’'-]{2,}(?: [A-Z][A-Z.’'-]{2,}){0,2}): [A-Z“\"‘]")


# a listing's field labels, which stand where a dateline would ("... live music WHERE: Market Square")
_FIELD_LABELS = frozenset({
    "WHERE", "WHEN", "WHAT", "WHO", "VENUE", "TIME", "DATE", "NOTE", "UPDATE", "WARNING", "CAUTION", "PRICE", "COST",
    "TICKETS", "LOCATION", "ADDRESS", "TIP", "MEETING POINT", "EDITOR'S NOTE", "EDITOR’S NOTE", "CONTACT", "INFO",
})


_DATELINE_HINT = re.compile(r"[A-Z.’'-]{3}: [A-Z“\"‘]")


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
    >>> glued_dateline("Jazz on the green returns with live music WHERE: Market Square, Saturday at noon.")
    False
    """
    # (the pattern's lazy head costs a try at every character of a long line; most lines hold no ": ")
    if ": " not in line or _DATELINE_HINT.search(line) is None:
        return False
    m = _GLUED_DATELINE.match(line)
    return (m is not None and m["place"] not in _FIELD_LABELS and len(m["head"].split()) >= 4
            and any(c.islower() for c in m["head"]))


def teaser_cards(words: np.ndarray, ends: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that are teaser cards (``glued_headline``, ``glued_dateline``), when a
    page keeps ``_CARDS`` or more of them (``keep`` is edited in place); each one's label and reason.
    ``ends``: whether each line ends a sentence (the feature pass's), for the page's own paragraphs.

    >>> lines = ["Police: 2 In Custody After Death Of Student A woman and a man were arrested.",
    ...          "Customers Leave Without Paying $690 Bill At Troy Steakhouse A party of six left.",
    ...          "Michigan To Mail Redistricting Panel Applications To 250,000 The state will mail them.",
    ...          "The council met on Monday."]
    >>> story = "The harbour ferry will run every twenty minutes from March, the authority said on Friday in a statement."
    >>> keep = np.ones(6, dtype=bool)
    >>> sorted(teaser_cards(np.array([15, 15, 14, 19, 19, 19]), np.ones(6, dtype=bool), lines[:3] + [story] * 3, keep)), keep.tolist()
    ([0, 1, 2], [False, False, False, True, True, True])
    >>> keep = np.ones(3, dtype=bool)
    >>> teaser_cards(np.array([15, 14, 5]), np.ones(3, dtype=bool), lines[1:], keep), keep.tolist()
    ({}, [True, True, True])

    Between two paragraphs of the page's own, they are the article's list:

    >>> own = "The jury met for three days before it chose the winners in each of the categories."
    >>> keep = np.ones(5, dtype=bool)
    >>> teaser_cards(np.array([17, 15, 15, 14, 17]), np.ones(5, dtype=bool), [own] + lines[:3] + [own], keep), bool(keep.all())
    ({}, True)
    """
    candidates = (keep & (words >= _HEAD_WORDS + _TAIL_WORDS)).nonzero()[0].tolist()
    cards = [i for i in candidates if lines[i][:1].isupper() or lines[i][:1].isdigit() or lines[i][:1] in _QUOTES]
    cards = [i for i in cards if glued_headline(lines[i]) or glued_dateline(lines[i])]
    if len(cards) < _CARDS:
        return {}
    # a portal's cards stand above the article or below it; with paragraphs of the page's own
    # on both sides they are a list inside the article (books, award winners, products)
    listed = set(cards)
    own = [i for i in (keep & ends & (words >= _OWN_WORDS)).nonzero()[0].tolist() if i not in listed]
    # (and with too little text of its own for an article, the cards are the page: news in brief)
    if int(words[own].sum()) < _OWN_ARTICLE_WORDS or (own[0] < cards[0] and own[-1] > cards[-1]):
        return {}
    keep[cards] = False
    return dict.fromkeys(cards, _REASON)


# A line that a site cut at a fixed number of characters: a word broken off, then an ellipsis
# ("Aborigines in Australia longer than previously tho..."). A blog's "recent posts" widget or a
# portal's list cuts every teaser at the same length, which an article's own lines do not share.
_CUT_END = re.compile(r"\w(?:\.\.\.|…)$")
_CUT_LINES = 3  # the fewest lines cut at one length for them to be a list
# ... and the share of the page's lines ending in a word and an ellipsis that they are: a listing
# cut at word ends under a maximum (CleanEval's index pages, whose gold keeps them) shares lengths
# only here and there (5 of 19 lines at 153 characters, 3 of 11 at 138)
_CUT_SHARE = 2 / 3
_CUT_MIN_CHARS = 24  # shorter lines ("More...", a poem's "And then...") share lengths by chance
_CUT_REASON = ("related", "cut off at the same length as other lines of the page: a list of teasers for other pages")


def _parallel(texts: list[str]) -> bool:
    """Whether lines of one length are mostly the same characters in the same places: sentences
    written in parallel ("I waited three years …", "I waited four years …"), not teasers of
    different stories, which share a few letters at most.

    >>> _parallel(["I waited three years...", "I waited four years ..."]), _parallel(["Tram opens early...", "Otters rescued at s..."])
    (True, False)
    """
    pairs = list(zip(texts, texts[1:]))
    same = sum(sum(x == y for x, y in zip(a, b)) for a, b in pairs)
    return same >= 0.5 * sum(len(a) for a, _ in pairs)


def cut_teasers(lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that end in a word and an ellipsis, when ``_CUT_LINES`` or more of them,
    and most of the page's such lines (``_CUT_SHARE``), have exactly one length (``keep`` is edited
    in place); each one's label and reason. On a page of nothing else, nothing is left: it has no
    article.

    >>> lines = ["Aborigines in Australia longer than previously tho...", "Surf's up! N. Korea tourism agency tries to woo fo...",
    ...          "Grand Imam of Istiqlal Mosque Calls for Preservati...", "The museum reopens on Monday after two years of work."]
    >>> keep = np.ones(4, dtype=bool)
    >>> sorted(cut_teasers(lines, keep)), keep.tolist()
    ([0, 1, 2], [False, False, False, True])
    >>> cut_teasers([lines[0]] * 3 + [lines[3]], np.ones(4, dtype=bool))  # one line three times: a refrain
    {}
    >>> keep = np.ones(3, dtype=bool)  # lengths that differ: an article's own ellipses
    >>> cut_teasers(["He paused for a long while...", "And then, slowly, she turned round and left...", lines[0]], keep)
    {}
    """
    # (the suffix first: few lines end in an ellipsis, and the pattern would scan each line)
    cut = [i for i, line in enumerate(lines)
           if line.endswith(("...", "…")) and len(line) >= _CUT_MIN_CHARS and _CUT_END.search(line[-4:])]
    if len(cut) < _CUT_LINES:
        return {}
    length, count = Counter(len(lines[i]) for i in cut).most_common(1)[0]
    if count < _CUT_LINES or count < _CUT_SHARE * len(cut):
        return {}
    # a site's teasers are of different pages: a line repeated at one length (a poem's refrain, a
    # log's retries, a song's chorus) is the page's own
    same = [i for i in cut if len(lines[i]) == length]
    if len({lines[i] for i in same}) < _CUT_LINES or _parallel([lines[i] for i in same]):
        return {}
    listed = [i for i in same if keep[i]]
    keep[listed] = False
    return dict.fromkeys(listed, _CUT_REASON)
