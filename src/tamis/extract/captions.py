"""Photo captions known by the credit they end with ("... in Montecito, California. (Photo: Getty
Images)", "... after eating a rabbit Credit: Getty", "(Image credit: All About Space)").

A caption describes its picture in a sentence, so the line model often reads it as article text,
and a caption between two paragraphs stands in the article's run. The credit at its end is the
picture's, not the text's: a short line that ends with one is a caption wherever it stands.
Credit words are matched with their capital ("Credit:", "Photo:", "Foto:", "Bild:") and a
source that reads as a name, so that "bad credit: tips to avoid", "Universal Credit: what
changes" or "Photo: 50 MP main" are not captions; a reference that opens with "Source:" is the
text's own, and so are the captions of a photo essay, where they carry most of the text.
"""

from __future__ import annotations

import re

import numpy as np

# a credit word and its colon, then the source to the line's end: a name ("The Siberian Times",
# "Ludovic Marin / AFP", "© Reuters", "dpa"), of a few words without a sentence in them; a value
# ("Universal Credit: what changes", "Photo: 50 MP main", "Credits: 20") or a clause ("Das ganze
# Bild: Was der Fernseher im Alltag taugt") is the text's own
_CREDIT = re.compile(
    r"(?:\b(?:[Ii]mage|[Pp]hoto|[Pp]icture|[Vv]ideo) ?[Cc]redits?|\bCredits?|\bPhoto(?:graph)?|\bImage|\bPicture"
    r"|\bFoto|\bBild|\bFotó|\bФото|\bCrédits? photo|\bCrédito)"
    # "Credit: Getty", "Foto : dpa"; the New York Times writes "Credit...Doug Mills/The New York Times"
    # after the caption's last sentence ("Universal Credit… What You Need to Know" is a headline)
    r"(?: ?: ?|(?:(?<=^Credit)|(?<=[.!?”\"]Credit)|(?<=[.!?”\"] Credit))(?:\.\.\.|…) ?)\(?(?P<source>(?:[^\W\d_]|©)[^.!?:;\n]{0,59}?)\)?\s*$"
)
_LOWER_AGENCIES = ("dpa", "picture alliance", "imago", "epa", "ddp")
_SOURCE_WORDS = 5  # the most words of a credit's source
_CAPTION_BEFORE = 3  # the fewest words of a caption before its credit
_CAPTION_WORDS = 30  # the most words of a caption (a paragraph run into its caption stays whole)
_ESSAY_SHARE = 0.5  # a page whose credited lines hold this share of its kept words is a photo essay

_REASON = ("caption", "a photo caption: the line ends with the picture's credit")


def ends_with_credit(line: str) -> bool:
    """Whether a line ends with a picture's credit (``_CREDIT``) whose source reads as a name.

    >>> ends_with_credit("Volunteers fill sandbags in Ravenna. Photograph: Reuters"), ends_with_credit("Foto: dpa/Jens Kalaene")
    (True, True)
    >>> ends_with_credit("Universal Credit: what changes in April"), ends_with_credit("Photo: 50 MP main, 48 MP ultra-wide")
    (False, False)
    >>> ends_with_credit("Das ganze Bild: Was der Fernseher im Alltag taugt")
    False
    >>> ends_with_credit("Universal Credit: What Changes In April"), ends_with_credit("(Image credit: All About Space)")
    (False, True)
    >>> ends_with_credit("The president at a rally last week. Credit...Doug Mills/The New York Times")
    True
    """
    if ":" not in line and "Credit" not in line:
        return False
    m = _CREDIT.search(line)
    if m is None:
        return False
    source = m["source"].strip()
    if len(source.split()) > _SOURCE_WORDS or not (source[0].isupper() or source[0] == "©" or source.lower().startswith(_LOWER_AGENCIES)):
        return False
    # a caption's words before its credit, or the credit in brackets; a line that is a credit
    # word and a capitalised phrase alone ("Universal Credit: What Changes", "Im Bild: Die
    # Sieger") is a heading, unless its source reads as an agency or a person ("dpa/Jens Kalaene")
    before = line[: m.start()]
    return (len(before.split()) >= _CAPTION_BEFORE or "(" in line[m.start() - 1 : m.start() + 1]
            or "/" in source or "©" in source or source.lower().startswith(_LOWER_AGENCIES))


def credited_captions(words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that end with a picture's credit (``keep`` is edited in place); each
    one's label and reason.

    >>> lines = ["Officials in Mongolia try to stop the spread of the plague Credit: The Siberian Times",
    ...          "The authorities closed the border for a week and asked hunters to stay away from the marmots.",
    ...          "(Image credit: All About Space)", "New chapter for people with bad credit: tips and scams to avoid"]
    >>> keep = np.ones(4, dtype=bool)
    >>> sorted(credited_captions(np.array([15, 18, 5, 12]), lines, keep)), keep.tolist()
    ([0, 2], [False, True, False, True])
    """
    found = [i for i in (keep & (words <= _CAPTION_WORDS)).nonzero()[0].tolist() if ends_with_credit(lines[i])]
    if not found:
        return {}
    # in a photo essay the captions are the text
    if len(found) >= 3 and int(words[found].sum()) >= _ESSAY_SHARE * int(words[keep].sum()):
        return {}
    keep[found] = False
    return dict.fromkeys(found, _REASON)
