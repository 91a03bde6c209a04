"""Main-content extraction: furniture removal from page text, and from HTML.

- ``clean_text(text)``: the article of a page's plain text (lines kept in order).
- ``label_lines(text)``: every line with a label (body, title, heading, navigation, share, ...)
  and a reason a person can check.
- ``extract_html(html, url)``: the article of an HTML page.
- ``clean_texts(texts)``, ``extract_htmls(htmls)``: the same for many documents, in order, with
  the line model scoring them in batches (the same results, faster on short documents).
"""

from __future__ import annotations

from typing import Any

__all__ = ["clean_text", "clean_texts", "extract_html", "extract_htmls", "label_lines", "LineLabel"]


def __getattr__(name: str) -> Any:
    # lazy so that importing tamis.extract (e.g. for the CLI's parser) does not load numpy models
    if name in ("clean_text", "clean_texts", "label_lines", "LineLabel"):
        from tamis.extract import text

        return getattr(text, name)
    if name in ("extract_html", "extract_htmls"):
        from tamis.extract import html

        return getattr(html, name)
    raise AttributeError(name)
