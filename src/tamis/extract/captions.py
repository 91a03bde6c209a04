"""Photo captions known by the credit they end with ("... in Montecito, California. (Photo: Getty
Images)", "... after eating a rabbit Credit: Getty", "(Image credit: All About Space)").

A caption describes its picture in a sentence, so the line model often reads it as article text,
and a caption between two paragraphs stands in the article's run. The credit at its end is the
picture's, not the text's: a line that ends with one is a caption wherever it stands. Credit
words are matched with their capital ("Credit:", "Photo:", "Foto:", "Bild:"), so that a sentence
that ends on "bad credit: tips to avoid" is not one; a reference that opens with "Source:" is the
text's own.
"""

from __future__ import annotations

import re

import numpy as np

# a credit word and its colon, then the source (no sentence in it) to the line's end
_CREDIT = re.compile(
    r"(?:\b(?:[Ii]mage|[Pp]hoto|[Pp]icture|[Vv]ideo) ?[Cc]redits?|\bCredits?|\bPhoto(?:graph)?|\bImage|\bPicture"
    r"|\bFoto|\bBild|\bFotó|\bФото|\bCrédits? photo|\bCrédito)"
    r" ?: ?[^.!?:\n]{1,60}?\)?\s*$"
)
_CAPTION_WORDS = 80  # the most words of a caption

_REASON = ("caption", "a photo caption: the line ends with the picture's credit")


def credited_captions(words: np.ndarray, lines: list[str], keep: np.ndarray) -> dict[int, tuple[str, str]]:
    """Drop the kept lines that end with a picture's credit (``keep`` is edited in place); each
    one's label and reason.

    >>> lines = ["Officials in Mongolia try to stop the spread of the plague Credit: The Siberian Times",
    ...          "The authorities closed the border for a week.", "(Image credit: All About Space)",
    ...          "New chapter for people with bad credit: tips and scams to avoid"]
    >>> keep = np.ones(4, dtype=bool)
    >>> sorted(credited_captions(np.array([15, 8, 5, 12]), lines, keep)), keep.tolist()
    ([0, 2], [False, True, False, True])
    """
    out: dict[int, tuple[str, str]] = {}
    for i in np.flatnonzero(keep & (words <= _CAPTION_WORDS)).tolist():
        line = lines[i]
        if ":" in line and _CREDIT.search(line) is not None:
            keep[i] = False
            out[i] = _REASON
    return out
