"""What the raw HTML says before it is parsed, from cheap passes over its bytes or text: how
deep its elements may nest (resiliparse's main-content pass is quadratic in depth), whether it may
hold an embedded post, and whether an element holds one character alone, which that pass drops.
"""

from __future__ import annotations

import re

import numpy as np

# resiliparse's main-content pass is quadratic in nesting depth (10k levels: ~2 s); past this
# depth the page is rendered in full instead, which is linear.
MAX_MAIN_CONTENT_DEPTH = 800
_TAG = re.compile(r"<(/?)(?:div|span|section|article|main|p|li|ul|ol|table|tbody|tr|td|font|center|blockquote|b|i|a|em|strong|form|nav|header|footer|aside)\b", re.I)


def nesting_depth(text: str) -> int:
    """Upper-bound estimate of the element nesting depth (common container tags only); only
    pages with many tags are scanned, since depth cannot exceed the number of tags.

    >>> nesting_depth("<div>" * 5000 + "x" + "</div>" * 5000)
    5000
    >>> nesting_depth("<p>short</p>")
    0
    """
    if text.count("<") <= MAX_MAIN_CONTENT_DEPTH:
        return 0
    marks = _TAG.findall(text)
    if not marks:
        return 0
    steps = np.fromiter((-1 if m else 1 for m in marks), dtype=np.int64, count=len(marks))
    return int(steps.cumsum().max())


def scan_tags(data: bytes) -> tuple[int, bool, bool]:
    """Three facts about raw HTML from one numpy pass over its ``<``: a cheap upper bound of the
    tag nesting depth, the running count of ``<`` that open a tag minus ``</`` that close one (an
    element with an end tag nets zero; void elements and ``<`` in scripts only raise the bound;
    ``nesting_depth`` runs only on pages above it); whether a ``<blockquote>`` may open (``<bl``,
    any case), where embedded posts live; and whether an element holds one three-byte UTF-8
    character alone (``>中</``, ``>—</``; see ``keep_lone_characters``).

    >>> scan_tags(b"<div>" * 3000 + b"</div>" * 3000)
    (3000, False, False)
    >>> depth, quote, lone = scan_tags(b"<p>a</p><br>" * 5000 + b'<BlockQuote class="twitter-tweet">')
    >>> depth <= 5001, quote, lone
    (True, True, False)
    >>> scan_tags("<p>去了<span>中</span>国</p>".encode())[2], scan_tags("<i>\ue001</i>".encode())[2]  # (a private-use icon)
    (True, False)
    """
    a = np.frombuffer(data, dtype=np.uint8)
    if len(a) < 2:
        return 0, False, False
    lt = (a[:-1] == 60).nonzero()[0]  # "<"
    if len(lt) == 0:
        return 0, False, False
    after = a[lt + 1]
    depth = int(np.where(after == 47, -1, 1).cumsum().max())  # "</" closes, anything else opens
    inner = lt[lt + 2 < len(a)]
    quote = bool(np.any(((a[inner + 1] | 32) == 98) & ((a[inner + 2] | 32) == 108)))  # "b", "l"
    # ">" then a three-byte character's lead byte (E0-EF) and two continuation bytes, then "</";
    # not the private use area (EE, and EF 80-A3), whose icons resiliparse is right to drop
    end = lt[after == 47]
    end = end[end >= 4]
    end = end[a[end - 4] == 62]  # four bytes after a ">": few end tags, so the rest looks at few
    lone = False
    if len(end):
        lead, second, third = a[end - 3], a[end - 2], a[end - 1]
        lone = bool(np.any((lead >= 0xE0) & (lead <= 0xEF) & (lead != 0xEE) & ((lead != 0xEF) | (second >= 0xA4))
                           & ((second & 0xC0) == 0x80) & ((third & 0xC0) == 0x80)))
    return depth, quote, lone


# resiliparse's main-content pass drops a text node that is one three-byte UTF-8 character,
# meaning to drop icon-font glyphs (the private use area), but its test takes in every such
# character: a Chinese or Japanese character in its own <span> or <a>, "—", "€", "→", "❤" (real
# pages: "I <span>❤</span> starting new research collaborations" lost the heart). A word joiner
# (U+2060, invisible) after the character makes the node longer than the test looks at; the
# rendering loses the joiners again (``render_page``).
# (not the private use area, nor invisible spaces and format marks: a lone zero-width joiner
# between two spans is better gone)
_LONE_CHARACTER = re.compile(">([\u0800-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2fff\u3001-\ud7ff\uf900-\ufefe\uff00-\uffff])</")
_JOINER = "\u2060"


def keep_lone_characters(text: str) -> tuple[str, int]:
    """``text`` with a word joiner after each character that stands alone in an element, and
    how many there were.

    >>> keep_lone_characters("<p>去了<span>中</span>国 <i>\ue001</i> <b>ab</b> <s>\u200d</s></p>")
    ('<p>去了<span>中\u2060</span>国 <i>\ue001</i> <b>ab</b> <s>\u200d</s></p>', 1)
    """
    return _LONE_CHARACTER.subn(">\\1" + _JOINER + "</", text)


def strip_joiners(rendered: str) -> str:
    """A rendering of ``keep_lone_characters``'s page without the joiners it put in."""
    return rendered.replace(_JOINER, "")
