"""Markdown page text read as an HTML renderer would show it (see ``markdown_plain``).

``Page`` uses these to score a Markdown page's lines as rendered while the output keeps them as
written. Both functions are pure and linear in the input.
"""

from __future__ import annotations

import re

# Markdown (what RAG crawlers such as Firecrawl, Jina Reader or crawl4ai produce, and html2text)
# writes a link as "[text](url)" and an image as "![alt](url)". Read as is, a sentence with three
# links looks like a menu of URLs (punctuation, no stop words), and a menu item like prose-length
# text: on the benchmark's pages turned into Markdown, cleaned F1 fell from 0.91 (html-text) to
# 0.75-0.82. The model reads what an HTML renderer would show instead (``markdown_plain``); the
# kept lines are output as they were written, links included. Emphasis markers ("**", "_") are
# left alone: removing them too cost F1 on html2text's rendering without blank lines (0.8938 ->
# 0.8886). A converter that wraps lines (html2text's default) breaks links across lines, so the
# patterns span line breaks. Neither the text nor the URL may hold a bracket, so a match attempt
# ends at the next "[" or "]" (or after 1,000 / 2,000 characters), and time stays linear on any
# input (with "[^\]]*", a 20,000-character line of "[" took 4 s).
_MD_IMAGE = re.compile(r"!\[(?:[^\[\]\\]|\\.){0,1000}\]\([^()\[\]]{0,2000}\)")
_MD_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.){0,1000})(\]\([^()\[\]]{0,2000}\))")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # what str.splitlines splits at


def looks_markdown(text: str) -> bool:
    """Whether ``text`` may hold Markdown links, images or headings: a few substring scans, so
    that plain text (nearly all page text) skips ``markdown_plain``.

    >>> looks_markdown("Read [the report](https://example.org/r.pdf)."), looks_markdown("Plain text (see notes).")
    (True, False)
    """
    return "](" in text or "\n#" in text or text[:1] == "#"


def _breaks(s: str) -> str:
    return "".join(_LINE_BREAKS.findall(s))


def markdown_plain(text: str) -> str:
    """Markdown as an HTML renderer would show it: link text without its URL, no images, no
    heading marks; every line break is kept, so line ``i`` of the result is line ``i`` of
    ``text``. List markers ("* ", "1. ") stay, as text renderers write them too.

    >>> markdown_plain("## Council [approves](/news/1) the **new** bridge ![map](/m.png)")
    'Council approves the **new** bridge '
    >>> markdown_plain("* [Read the\\nfull story](https://example.org/a-\\nlong-url) #tag").splitlines()
    ['* Read the', 'full story', ' #tag']
    >>> markdown_plain("[ ![\\\\[logo\\\\]](/l.png) ](/)")
    '  '
    """
    text = _MD_IMAGE.sub(lambda m: _breaks(m.group()), text)
    text = _MD_LINK.sub(lambda m: m.group(1) + _breaks(m.group(2)), text)
    return _MD_HEADING.sub("", text)
