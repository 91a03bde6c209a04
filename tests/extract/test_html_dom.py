"""extract_html on hand-written pages: DOM context reaches the model, and furniture marked by the
markup (comment threads, captions, forms) stays out of the article."""

from __future__ import annotations

import numpy as np
import pytest

from tamis.extract import html

from tamis.extract.dom import SCOPE_NAMES, TAG_NAMES, mark_tags, split_marks
from tamis.extract.html import extract_html, render_marked

ARTICLE = [
    "The city council voted on Tuesday to rebuild the old stone bridge over the river, which has been closed since the spring floods.",
    "Engineers told the council that the repairs would take about eighteen months and that the new deck would carry buses as well as cars.",
    "Residents who live near the bridge said they welcomed the decision, although several asked for a temporary footbridge during the works.",
    "The council will publish the full plans next month and hold two public meetings before the contract is signed.",
]
COMMENTS = [
    "I have been waiting for this for years, finally someone at the council listened to what the people in our street have been saying.",
    "Eighteen months is far too long, they should have started the repairs last summer when the water was low and the weather was dry.",
]


def _page(comment_wrapper: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    thread = "".join(f'<div class="comment-body"><p>{c}</p></div>' for c in COMMENTS)
    return (f"<html><head><title>Bridge to be rebuilt</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Bridge to be rebuilt</h1>{body}"
            f"<figure><img src='b.jpg'><p class='caption'>The bridge in 1920. Photo: city archive, used with permission of the archive.</p></figure>"
            f"</article>{comment_wrapper.format(thread)}<footer>Copyright 2026</footer></body></html>")


def test_comment_section_and_caption_dropped() -> None:
    out = extract_html(_page('<section id="comments"><h3>2 comments</h3>{}</section>'))
    for p in ARTICLE:
        assert p in out
    for c in COMMENTS:
        assert c not in out
    assert "city archive" not in out and "Home" not in out and "Copyright" not in out


def test_page_wrapped_in_form_keeps_its_article() -> None:
    # ASP.NET pages put the whole body in one <form>; forms are only skipped when they hold no article
    page = _page("{}").replace("<body>", "<body><form action='/post' method='post'>").replace("</body>", "</form></body>")
    out = extract_html(page)
    assert sum(p in out for p in ARTICLE) >= 3


def test_dom_context_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # off by default (too slow for what it gains, see html.DOM_MARKS); the machinery must still work
    monkeypatch.setattr(html, "DOM_MARKS", True)
    monkeypatch.setattr(html, "DOM_SCOPES", True)
    text, info = render_marked("<body><article><h2>Section heading here</h2><p>Some text of the article.</p>"
                               "<ul><li><a href='/x'>A link</a> in a list</li><li>second item</li></ul></article></body>")
    lines = text.splitlines()
    assert len(lines) == info.shape[0]
    by_text = {line.strip(): row for line, row in zip(lines, info) if line.strip()}
    assert TAG_NAMES[by_text["Section heading here"][1] - 1] == "heading"
    assert TAG_NAMES[by_text["Some text of the article."][1] - 1] == "para"
    article_bit = 1 << SCOPE_NAMES.index("article")
    assert all(row[2] & article_bit for row in by_text.values())


def test_split_marks_never_leaves_markers() -> None:
    marked = mark_tags("<p>a</p><li>b</li>") + "\U000F0101\U000F0101\n\U000F0100\U000F0100x (/y)\n\n\U000F01FF"
    text, info = split_marks(marked)
    assert not any(0xF0000 <= ord(ch) <= 0xF01FF for ch in text)
    assert info.dtype == np.int64 and info.shape == (len(text.splitlines()), 3)
