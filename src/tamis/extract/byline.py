"""The byline block between a headline and its article: the author's name, "By", the date, an
e-mail address or a social handle, one to a line ("By" / "Sarah E. Needleman" / "@saraheneedleman"
/ "Nov. 19, 2019 8:03 am ET"). They are metadata, not the article's text; the line model keeps
them with the paragraphs below them, as short lines inside an article run.

A block is the kept lines right under the headline, or right above the first two paragraphs in a
row, that are all bylines, datelines, addresses, handles or names, and hold at least one that
names the author ("By ...", an address, a date with its time): a name alone is as often a
subheading, and a date or a figure alone a diary's or a changelog's heading ("Monday 3 June
1912", "Version 4.10").
"""

from __future__ import annotations

import re

import numpy as np

from tamis.extract.headline import BY_WORDS, is_byline, is_dateline
from tamis.extract.rules import is_reply_date, is_timestamp

_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.\w+|@\w+")  # an e-mail address or a social handle, alone on its line
_META_WORDS = 10  # the most words of a byline block's line
_NAME_WORDS = 4  # the most words of a name (with a title or an outlet: "The Wall Street Journal")
_PARAGRAPH_WORDS = 15  # the article starts with two paragraphs of this many words in a row

_REASON = ("byline", "in the byline block under the headline (author, date, contact): metadata, not the article's text")
_REASON_NO_TITLE = ("byline", "in the byline block above the article (author, date, contact): metadata, not the article's text")


def is_byline_line(line: str) -> bool:
    """Whether a line names the author or the date on its own: a byline, a dateline, a comment-style
    date, "By" alone (``headline.BY_WORDS``), an e-mail address or a handle.

    >>> [is_byline_line(s) for s in ("By", "Sarah.Needleman@wsj.com", "@saraheneedleman", "Nov. 19, 2019 8:03 am ET")]
    [True, True, True, True]
    >>> is_byline_line("Sarah E. Needleman"), is_byline_line("The council voted on Tuesday.")
    (False, False)
    """
    words = line.split()
    if not words or len(words) > _META_WORDS:
        return False
    if len(words) == 1 and words[0].lower().rstrip(":") in BY_WORDS:
        return True
    return _ADDRESS.fullmatch(line) is not None or is_byline(line) or is_dateline(line) or is_timestamp(line)


def names_the_author(line: str) -> bool:
    """A byline line that is no heading: "By ..." (or "By" alone), "Published ...", an address, a
    handle, or a date with its time.

    >>> names_the_author("By Jane Miller"), names_the_author("@janemiller"), names_the_author("March 12, 2024 9:15 am ET")
    (True, True, True)
    >>> names_the_author("Monday 3 June 1912"), names_the_author("Version 4.10"), names_the_author("1914")
    (False, False, False)
    """
    words = line.split()
    if not words or len(words) > _META_WORDS:
        return False
    if len(words) == 1 and words[0].lower().rstrip(":") in BY_WORDS:
        return True
    # a date with its time ("Nov. 19, 2019 8:03 am ET", "2 days ago at 07:52"), as a reply's: a date
    # alone or a figure alone is as often a heading (a diary's "Monday 3 June 1912", a timeline's
    # "1914", "John 3:16", "Version 4.10", a live blog's "12:31")
    return _ADDRESS.fullmatch(line) is not None or is_byline(line) or is_reply_date(line)


def _is_name(line: str) -> bool:
    """A short line of capitalised words without figures or a sentence's end ("Sarah E. Needleman")."""
    words = line.split()
    return (len(words) <= _NAME_WORDS and all(w[:1].isupper() for w in words) and line[-1:] not in ".!?:"
            and not any(c.isdigit() for c in line))


def _block(lines: list[str], run: list[int]) -> list[int]:
    """The lines of ``run`` (in reading order from the headline, or upwards from the article) up to
    the first that is neither a byline line nor a name, if one of them names the author; of
    those, the lines from the first byline line to the last in reading order, and a name right
    after a lone "By": a name above the byline or below it, alone, is as often the headline or a
    subheading ("Key Points").

    >>> _block(["Key Points", "12 March 2024, 09:15", "By", "Jane Miller", "Results"], [4, 3, 2, 1, 0])
    [1, 2, 3]
    """
    out = []
    for k in run:
        if not (is_byline_line(lines[k]) or _is_name(lines[k])):
            break
        out.append(k)
    if not any(names_the_author(lines[k]) for k in out):
        return []
    order = sorted(out)
    marked = [k for k in order if is_byline_line(lines[k])]
    first, last = marked[0], marked[-1]
    taken = [k for k in order if first <= k <= last]
    after = [k for k in order if k > last]
    if after and lines[last].split()[0].lower().rstrip(":") in BY_WORDS and len(lines[last].split()) == 1:
        taken.append(after[0])
    return taken


def byline_block(lines: list[str], words: np.ndarray, keep: np.ndarray, title: int | None) -> dict[int, tuple[str, str]]:
    """Drop the kept lines of the byline block (``keep`` is edited in place); each one's label and reason.

    >>> lines = ["Ferry to run every twenty minutes", "By", "Jane Miller", "jane@harbourpost.example", "12 March 2024, 09:15",
    ...          "The harbour ferry will run every twenty minutes from March, the transport authority said on Friday.",
    ...          "The new timetable adds two boats on weekday mornings, when the queues at the pier have been longest."]
    >>> keep = np.ones(7, dtype=bool)
    >>> sorted(byline_block(lines, np.array([5, 1, 2, 1, 4, 17, 18]), keep, 0)), keep.tolist()
    ([1, 2, 3, 4], [True, False, False, False, False, True, True])
    >>> keep = np.ones(7, dtype=bool)
    >>> byline_block(lines[:1] + ["Module Efficiency"] + lines[5:], np.array([5, 2, 17, 18]), keep[:4], 0)
    {}
    """
    kept = keep.nonzero()[0].tolist()
    paragraphs = [bool(words[k] >= _PARAGRAPH_WORDS) for k in kept]
    # the article's start: the first of two paragraphs in a row among the kept lines
    start = next((p for p in range(len(kept) - 1) if paragraphs[p] and paragraphs[p + 1]), None)
    if start is None:
        return {}
    top = kept[:start]
    if title in top:
        top = top[top.index(title) + 1 :]
        drop = set(_block(lines, top))
    else:
        top = top[1:]  # without a headline found, the first kept line may be it
        drop = set()
    drop.update(_block(lines, top[::-1]))
    if not drop:
        return {}
    found = sorted(drop)
    keep[found] = False
    return dict.fromkeys(found, _REASON if title is not None else _REASON_NO_TITLE)
