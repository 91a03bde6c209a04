"""Main-content extraction: furniture removal from page text, and from HTML.

- ``clean_text(text)``: the article of a page's plain text (lines kept in order).
- ``label_lines(text)``: every line with a label (body, title, heading, navigation, share, ...)
  and a reason a person can check.
- ``extract_html(html, url)``: the article of an HTML page.
"""

from __future__ import annotations

from typing import Any

__all__ = ["clean_text", "extract_html", "label_lines", "LineLabel"]


def __getattr__(name: str) -> Any:
    # lazy so that importing tamis.extract (e.g. for the CLI's parser) does not load numpy models
    if name in ("clean_text", "label_lines", "LineLabel"):
        from tamis.extract import text

        return getattr(text, name)
    if name == "extract_html":
        from tamis.extract.html import extract_html

        return extract_html
    raise AttributeError(name)
