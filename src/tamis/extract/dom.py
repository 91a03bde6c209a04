"""Per-line DOM context for rendered HTML, without a Python walk over the DOM.

The line model sees text; what the markup says about a line (it is a heading, a list item, a
caption; it sits inside an element whose class names it a comment thread or a share bar) is
carried through resiliparse's rendering by *marker characters*: code points of Supplementary
Private Use Area-A (U+F0000...), which no page uses as text and which resiliparse renders like
any other character. Two kinds are inserted before rendering:

- a **tag marker** right after the opening tag of a few block elements (one regex pass over the
  HTML string, in C): the line that element starts begins with its marker;
- a pair of **scope markers** as the first and last child of every element that a CSS selector
  of a *scope group* matches (lexbor runs the selectors in C; Python only touches the matches):
  every line between the two is inside that group.

``split_marks`` then removes the markers from the rendered text and returns, per line, the link
count (resiliparse's ``(href)`` link markers), the tag and the active scope groups.

BMP private-use characters would not do: resiliparse's main-content pass drops a text node that
is a single BMP private-use character (an icon-font glyph), and icon fonts live there.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import contains
from typing import Any

import numpy as np

# Block elements whose tag the model sees, as groups (one feature column each).
TAG_GROUPS: dict[str, tuple[str, ...]] = {
    "h1": ("h1",),
    "heading": ("h2", "h3", "h4", "h5", "h6"),
    "item": ("li", "dt", "dd"),
    "cell": ("td", "th"),
    "para": ("p",),
    "quote": ("blockquote",),
    "caption": ("figcaption", "caption"),
    "pre": ("pre",),
}
TAG_NAMES: tuple[str, ...] = tuple(TAG_GROUPS)

# Scope groups: CSS selectors for elements whose markup names them by a common convention
# (class/id words used by CMS themes, microdata, ARIA). Substring matches are loose ("author"
# is also in WordPress's ``author-jane`` class on the article itself, "sidebar" in a layout's
# ``with-sidebar``), so the furniture groups exclude any element that is or holds the article;
# the model learns how much each group is worth, so a stray match costs a little weight, not a
# hard drop.
def _cls(*words: str) -> str:
    return ",".join(f"[{a}*={w} i]" for w in words for a in ("class", "id"))


ARTICLE = "article,main,[itemprop=articleBody]," + _cls("article-body", "articlebody", "article__body", "article-content",
                                                        "story-body", "storybody", "story-content", "entry-content",
                                                        "post-content", "post-body", "article-text", "articletext",
                                                        "body-text", "main-content", "maincontent")


def _furniture(selectors: str) -> str:
    return f":is({selectors}):not({ARTICLE},:has({ARTICLE}))"


SCOPE_GROUPS: dict[str, str] = {
    "comment": _furniture(_cls("comment", "disqus", "respond") + ",[itemtype*=Comment i]"),
    "related": _furniture(_cls("related", "recommend", "trending", "popular", "most-read", "mostread", "more-stories",
                               "outbrain", "taboola", "read-next", "readnext", "teaser")),
    "share": _furniture(_cls("share", "sharing", "social", "follow-us")),
    "figure": "figure,figcaption," + _cls("gallery", "slideshow"),
    "byline": _furniture(_cls("byline", "author", "dateline", "timestamp", "pubdate", "post-meta", "article-meta",
                              "entry-meta") + ",[rel=author],[itemprop=author],time"),
    "promo": _furniture(_cls("newsletter", "subscribe", "signup", "sign-up", "promo", "advert", "sponsor", "paywall")),
    "sidebar": _furniture(_cls("sidebar", "widget")),
    "breadcrumb": _furniture(_cls("breadcrumb", "crumbs")),
    "tags": _furniture(_cls("tags", "tag-list", "taglist", "topics", "keywords", "categories") + ",[rel=tag]"),
    "header": "header," + _cls("masthead"),
    "table": "table",
    "list": "ul,ol,dl",
    "article": ARTICLE,
}
SCOPE_NAMES: tuple[str, ...] = tuple(SCOPE_GROUPS)

_TAG_BASE = 0xF0000
_SCOPE_BASE = 0xF0100
_TAG_MARK = {tag: chr(_TAG_BASE + k) for k, group in enumerate(TAG_NAMES) for tag in TAG_GROUPS[group]}
_OPEN_TAG = re.compile(r"<(" + "|".join(sorted({t for g in TAG_GROUPS.values() for t in g}, key=len, reverse=True))
                       + r")(?=[\s>/])[^>]*>", re.I)
_ANY_MARK = re.compile("[\U000F0000-\U000F01FF]")
# resiliparse writes a link as "anchor text (href)"; an href has no spaces and has one of / . # :
_LINK_MARK = re.compile(r" ?\((?=[^()\s]*[/.#:?=])[^()\s]{1,2000}\)")


def mark_tags(html: str) -> str:
    """``html`` with a tag marker after each opening tag of the ``TAG_GROUPS`` elements.

    >>> [hex(ord(c)) for c in mark_tags('<H2 class="x">T</H2><p>a</p><pre>b</pre><param>')
    ...  if ord(c) >= 0xF0000]
    ['0xf0001', '0xf0004', '0xf0007']
    """
    return _OPEN_TAG.sub(lambda m: m.group(0) + _TAG_MARK[m.group(1).lower()], html)


def mark_scopes(tree: Any) -> None:
    """Insert scope markers into the parsed ``tree`` (a resiliparse ``HTMLTree``), in place: the
    first and last child of each element matched by a group's selector are the group's start and
    end markers. The markers are two characters long so that no text node is a lone character."""
    body = tree.body
    if body is None:
        return
    for k, selector in enumerate(SCOPE_GROUPS.values()):
        start = chr(_SCOPE_BASE + 2 * k) * 2
        end = chr(_SCOPE_BASE + 2 * k + 1) * 2
        for el in body.query_selector_all(selector).values():
            el.prepend(tree.create_text_node(start))
            el.append(tree.create_text_node(end))


def split_marks(marked: str) -> tuple[str, np.ndarray]:
    """Remove link, tag and scope markers from a rendering; per output line: the link count,
    the tag group (index into ``TAG_NAMES`` plus one, 0 for none) and the active scope groups
    (bit ``k`` for ``SCOPE_NAMES[k]``), as an int64 array (lines x 3).

    A line is in a scope group when the group is open at the line's first character of text;
    lines that held nothing but markers are dropped.

    >>> text, info = split_marks("a (/x) b\\n\\U000F0100\\U000F0100\\n\\U000F0004Para\\n\\U000F0101\\U000F0101 tail")
    >>> text
    'a b\\nPara\\n tail'
    >>> info.tolist()
    [[1, 0, 0], [0, 5, 1], [0, 0, 0]]
    """
    out: list[str] = []
    rows: list[tuple[int, int, int]] = []
    if _ANY_MARK.search(marked) is None:
        # no DOM marks (the default): link markers only, removed from the lines that can hold
        # one (a "("), found without a Python step per line
        lines = marked.splitlines()
        links = np.zeros(len(lines), dtype=np.int64)
        paren = np.fromiter(map(contains, lines, repeat("(")), dtype=bool, count=len(lines))
        for i in np.flatnonzero(paren).tolist():
            lines[i], links[i] = _LINK_MARK.subn("", lines[i])
        lo, hi = 0, len(lines)
        while lo < hi and not lines[lo].strip():
            lo += 1
        while hi > lo and not lines[hi - 1].strip():
            hi -= 1
        info = np.zeros((hi - lo, 3), dtype=np.int64)
        info[:, 0] = links[lo:hi]
        return "\n".join(lines[lo:hi]), info
    depth = [0] * len(SCOPE_NAMES)
    state = 0
    for line in marked.splitlines():
        links = 0
        if "(" in line:
            line, links = _LINK_MARK.subn("", line)
        tag = 0
        line_state = state
        if _ANY_MARK.search(line) is not None:
            pieces = _ANY_MARK.split(line)
            marks = _ANY_MARK.findall(line)
            seen_text = bool(pieces[0].strip())
            for piece_after, m in zip(pieces[1:], marks):
                code = ord(m)
                if code < _SCOPE_BASE:
                    if not seen_text and not tag:
                        tag = code - _TAG_BASE + 1
                else:
                    k, is_end = divmod(code - _SCOPE_BASE, 2)
                    if k < len(SCOPE_NAMES):
                        if is_end:
                            depth[k] = max(0, depth[k] - 1)
                        else:
                            depth[k] += 1
                        state = state | (1 << k) if depth[k] else state & ~(1 << k)
                    if not seen_text:
                        line_state = state
                if not seen_text and piece_after.strip():
                    seen_text = True
            line = "".join(pieces)
            if not line.strip():
                continue
        elif not out and not line.strip():
            continue
        out.append(line)
        rows.append((links, tag, line_state))
    while out and not out[-1].strip():
        out.pop()
        rows.pop()
    info = np.asarray(rows, dtype=np.int64).reshape(len(rows), 3)
    return "\n".join(out), info
