"""Main content of an HTML page.

resiliparse renders the DOM to text (C++, linear, robust to broken markup) while skipping the
elements whose markup already says they are furniture (``<nav>``, ``<footer>``, ``<aside>``,
forms, ARIA navigation and hidden regions); the line model of ``text.py`` then removes what the
markup did not mark. The same rendering is one of the model's training inputs, so the model has
seen exactly what it gets here.
"""

from __future__ import annotations

from tamis.extract.text import LineLabel, clean_text, label_lines

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


def render_html(html: bytes | str) -> str:
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
        main_content=False,
        preserve_formatting=True,
        list_bullets=False,
        alt_texts=False,
        links=False,
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
    return clean_text(render_html(html))


def label_html(html: bytes | str, url: str | None = None) -> list[LineLabel]:
    """Labels and reasons for each rendered line of an HTML page (see ``label_lines``)."""
    return label_lines(render_html(html))
