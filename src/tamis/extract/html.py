"""Main content of an HTML page.

resiliparse renders the DOM to text (C++, linear, robust to broken markup) while skipping the
elements whose markup already says they are furniture (``<nav>``, ``<footer>``, ``<aside>``,
forms, ARIA navigation and hidden regions); the line model of ``text.py`` then removes what the
markup did not mark. The same rendering is one of the model's training inputs, so the model has
seen exactly what it gets here.
"""

from __future__ import annotations

import re

import numpy as np

from tamis.extract.model import load_model
from tamis.extract.text import LineLabel, assemble, kept_lines, label_lines

# CSS selectors of elements that are furniture by their markup alone.
SKIP_ELEMENTS: tuple[str, ...] = (
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "[role=navigation]",
    "[role=contentinfo]",
    "[role=complementary]",
    "[aria-hidden=true]",
    "[hidden]",
)

# Start from resiliparse's own main-content pruning (DOM heuristics: class names, link density);
# the line model then removes what it left in.
MAIN_CONTENT = True

# Parsing cost is linear, but a page past this size is cut: the article is nearly always early.
MAX_HTML_CHARS = 5_000_000


def _to_str(html: bytes | str) -> str:
    if isinstance(html, str):
        return html
    if not isinstance(html, (bytes, bytearray, memoryview)):
        return str(html)
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    data = bytes(html)
    return bytes_to_str(data, detect_encoding(data))


# resiliparse writes a link as "anchor text (href)"; an href has no spaces and has one of / . # :
_LINK_MARK = re.compile(r" ?\((?=[^()\s]*[/.#:?=])[^()\s]{1,2000}\)")


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
    return int(np.cumsum(steps).max())


def render_links(html: bytes | str) -> tuple[str, list[int]]:
    """Page text of ``html`` and, per line, how many links the line held (the link markers
    are removed from the text). Link density is the DOM signal that separates menus and
    teaser lists from article paragraphs.

    >>> render_links('<article><p>Read <a href="/a">this</a> now.</p><p>More text.</p></article>')
    ('Read this now.\\n\\nMore text.', [1, 0, 0])
    """
    text = _to_str(html)
    main = MAIN_CONTENT and nesting_depth(text) <= MAX_MAIN_CONTENT_DEPTH
    marked = render_html(text, links=True, main_content=main)
    lines = marked.splitlines()
    counts = []
    for i, line in enumerate(lines):
        if "(" in line:
            line, k = _LINK_MARK.subn("", line)
            lines[i] = line
            counts.append(k)
        else:
            counts.append(0)
    return "\n".join(lines), counts


def render_html(html: bytes | str, links: bool = False, main_content: bool = False) -> str:
    """Page text of ``html``: one line per block element, furniture-marked elements skipped.

    >>> render_html("<html><body><nav>Home</nav><p>Hello <b>world</b>.</p></body></html>")
    'Hello world.'
    """
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    text = _to_str(html)
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    tree = HTMLTree.parse(text)
    return extract_plain_text(
        tree,
        main_content=main_content,
        preserve_formatting=True,
        list_bullets=False,
        alt_texts=False,
        links=links,
        form_fields=False,
        noscript=False,
        comments=False,
        skip_elements=list(SKIP_ELEMENTS),
    )


def extract_html(html: bytes | str, url: str | None = None) -> str:
    """The main content of an HTML page (empty for a page without any).

    ``url`` is accepted for API stability (site-specific hints may use it); it is not used yet.

    >>> extract_html(b"")
    ''
    """
    text, links = render_links(html)
    kept = kept_lines(text, load_model("html"), links=links)
    return assemble(text.splitlines(), kept)


def label_html(html: bytes | str, url: str | None = None) -> list[LineLabel]:
    """Labels and reasons for each rendered line of an HTML page (see ``label_lines``)."""
    text, links = render_links(html)
    return label_lines(text, load_model("html"), links=links)
