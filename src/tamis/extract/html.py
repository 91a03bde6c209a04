"""Main content of an HTML page.

resiliparse renders the DOM (compiled, linear, robust to broken markup) while skipping the
elements whose markup already says they are furniture (``<nav>``, ``<footer>``, ``<aside>``,
forms without article content, ARIA navigation, hidden regions, headers, captions, post meta
data). It renders minimal HTML, whose ``<a>`` tags give each line's link count, a feature of
the line model, which then removes what the markup did not mark. The model is trained on the same
rendering (``render_page``), so it reads the kind of text it learned from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from html import unescape
from itertools import repeat
from typing import NamedTuple

import numpy as np

from tamis.extract.model import LineModel, load_model
from tamis.extract.batching import batches
from tamis.extract.limits import MAX_HTML_CHARS
from tamis.extract.dom import revive_lists, unmask_embeds
from tamis.extract.rawhtml import MAX_MAIN_CONTENT_DEPTH, keep_lone_characters, nesting_depth, scan_tags, strip_joiners
from tamis.extract.assemble import assemble
from tamis.extract.text import LineLabel, decide_batch, label_lines, many

# CSS selectors of elements that are furniture by their markup alone.
SKIP_ELEMENTS: tuple[str, ...] = (
    "nav",
    "footer",
    "aside",
    # a form is furniture (search, newsletter, login) unless it holds the article: ASP.NET pages
    # wrap the whole body in one <form>
    "form:not(:has(article, main, h1, p ~ p))",
    "button",
    "select",
    "[role=navigation]",
    "[role=contentinfo]",
    "[role=complementary]",
    "[aria-hidden=true]",
    "[hidden]",
    # the site header, or the article's (headline, standfirst, byline), which article-body text
    # leaves out; photo captions and credits by their near-universal class names.
    # Cross-validated F1 0.951 -> 0.959 (figure/figcaption made no difference and are not here)
    "header",
    "[class*=caption i]",
    "[class*=credit i]",
)

# Start from resiliparse's own main-content pruning (DOM heuristics: class names, link density);
# the line model then removes what it left in.
MAIN_CONTENT = True

# resiliparse's main-content pass also leaves out post meta data when asked: elements whose class
# names say byline, entry/post/article meta (bylines, dates, author boxes, tags). Article-body
# text leaves them out as well (the benchmark's gold does), and the line model
# cannot always tell a byline from a short sentence. Cross-validated (5 folds, 2026-11-28 23:58
# UTC): F1 0.9649 -> 0.9662, and 0.9643 -> 0.9677 on a second split; of the 133 rendered lines
# it removes from the 181 benchmark pages, 3 are in the gold. The text model's training
# rendering (``render_html``) keeps them, as the text renderings it is meant for do.
POST_META = False

# a main-content rendering shorter than this (characters) is taken to have lost the article
MIN_MAIN_CHARS = 200


def _to_str(html: bytes | str) -> str:
    if isinstance(html, str):
        return html
    if not isinstance(html, (bytes, bytearray, memoryview)):
        # as ``clean_text`` does: the text of an object's repr is no page, and an empty result
        # would hide the caller's mistake
        raise TypeError(f"HTML must be str or bytes, not {type(html).__name__}")
    from tamis.io.httpbody import html_text

    # Valid UTF-8 with non-ASCII bytes is almost never another encoding by chance, and decoding
    # it is ~6x cheaper than detection (which misread 4 of the 181 benchmark pages as cp125x);
    # other bytes are read in the charset their meta tag declares, or else the one detected
    return html_text(bytes(html))


# The page is rendered as resiliparse's "minimal HTML" (text with <p>, <h2>, <a href> ... tags and
# escaped text) rather than as plain text with link markers ("anchor (href)"): the markers cannot
# be told from text in parentheses, so removing them deleted "(D-Minn.)" or "(£17.43)" from
# articles and glued the next word on ("reportedWeWork"), and an href holding parentheses
# ("javascript:void(0)") was left in the text. Tags are unambiguous, since "<" in text is escaped.
_MARKUP = re.compile(r"<[^>]*>")
# a closed anchor's end tag marks one link on the line it ends on; resiliparse writes an empty
# anchor (an image link, alt texts being off) without an end tag, as plain text had no marker
_LINK_END = "</a>"
_SENTINEL = "\x00"  # the HTML parser turns NUL into U+FFFD, so rendered text never holds it


def split_links(rendered: str) -> tuple[str, np.ndarray]:
    """Text and per-line link counts of a minimal-HTML rendering (``preserve_formatting=
    "minimal_html"``, ``links=True``): tags removed and entities decoded, blank lines at either
    end dropped. A link counts on the line where its anchor ends. One regex pass over the page,
    one count per line, and a fix-up of the lines that hold a link.

    >>> text, links = split_links('<p>Read <a href="/a">more</a> or <a href="/b">(b)</a> &amp; (D-Minn.) here</p>\\n'
    ...                           '<a href="/img"> plain &lt;3\\n\\n')
    >>> text, links.tolist()
    ('Read more or (b) & (D-Minn.) here\\n plain <3', [2, 0])
    """
    if _SENTINEL in rendered:
        rendered = rendered.replace(_SENTINEL, "")
    # "<br><br>" ends a paragraph, as a blank line in plain text: pages without <p> elements
    # separate their paragraphs so, and the model reads blank lines as block boundaries
    rendered = rendered.replace("<br><br>", "<br>\n<br>")
    # tags go before the split: an attribute may hold a line separator (U+2028), never "\n"
    text = _MARKUP.sub("", rendered.replace(_LINK_END, _SENTINEL))
    if "&" in text:
        text = unescape(text)
    lines = text.splitlines()
    links = np.fromiter(map(str.count, lines, repeat(_SENTINEL)), dtype=np.int64, count=len(lines))
    for i in links.nonzero()[0].tolist():
        lines[i] = lines[i].replace(_SENTINEL, "")
    lo, hi = 0, len(lines)
    while lo < hi and not lines[lo].strip():
        lo += 1
    while hi > lo and not lines[hi - 1].strip():
        hi -= 1
    return "\n".join(lines[lo:hi]), links[lo:hi]


def render_page(html: bytes | str) -> tuple[str, np.ndarray, int]:
    """The HTML line model's input: the page's ``<title>``, when it has one, as a first line of
    context and a blank line, then the rendered page text; the link count of every line; and how
    many leading lines are context, which the model reads but never outputs.

    Link density is the DOM signal that separates menus and teaser lists from article
    paragraphs. The title says what the article is about: the line features compare every line
    with the first (``title_overlap``), and stage two with the text under the line that repeats
    it (``anchor_vocab``), which is how a short article is told from longer teasers or comments.

    >>> text, links, context = render_page('<title>Bridge news</title><article><p>The bridge <a href="/b">reopens</a>.</p></article>')
    >>> text, links.tolist(), context
    ('Bridge news\\n\\nThe bridge reopens.', [0, 0, 1], 2)
    >>> render_page('<p>No title here.</p>')[2], render_page('<title> </title><p>Blank title.</p>')[2]
    (0, 0)
    """
    text = _to_str(html)
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    raw = bytes(html) if isinstance(html, (bytearray, memoryview)) else html
    cheap, quote, lone = scan_tags(raw if isinstance(raw, bytes) and len(raw) <= MAX_HTML_CHARS else text.encode("utf-8", "replace"))
    main = MAIN_CONTENT and (cheap <= MAX_MAIN_CONTENT_DEPTH or nesting_depth(text) <= MAX_MAIN_CONTENT_DEPTH)
    page, joined = text, 0
    # (for the main-content pass only; a page in a one-byte encoding, where cp1252's "—" is one
    # byte the UTF-8 scan cannot see, is searched as parsed)
    if main and (lone or (isinstance(raw, bytes) and len(raw) == len(text) and not raw.isascii())):
        page, joined = keep_lone_characters(text)
    rendered, title = _render(page, links=True, main_content=main, embeds=quote, markup=True, post_meta=POST_META)
    if joined:
        rendered = strip_joiners(rendered)
    text, links = split_links(rendered)
    if main and len(text) < MIN_MAIN_CHARS:
        # the pruning took (nearly) everything, the article with it: a page that is one list, or
        # a site builder's page whose post sits in a <header>. Render it all, <header> included,
        # and the model decides (telling a post's <header> from a site's by a :has() selector
        # instead cost ~2% of the time of every page)
        rendered, title = _render(page, links=True, main_content=False, embeds=False, markup=True,
                                  skip=tuple(e for e in SKIP_ELEMENTS if e != "header"))
        text, links = split_links(strip_joiners(rendered) if joined else rendered)
    title = " ".join((title or "").split())
    if not title or not text:
        return text, links, 0
    return f"{title}\n\n{text}", np.concatenate(([0, 0], links)), 2


def render_html(html: bytes | str, links: bool = False, main_content: bool = False) -> str:
    """Page text of ``html``: one line per block element, furniture-marked elements skipped.

    >>> render_html("<html><body><nav>Home</nav><p>Hello <b>world</b>.</p></body></html>")
    'Hello world.'
    """
    return _render(html, links, main_content)[0]


# elements whose text is an alt text or a caption, never article text
_MEDIA = ("img", "area", "object", "video", "audio", "embed", "picture", "figcaption", "svg")


def _render(html: bytes | str, links: bool, main_content: bool, embeds: bool = True,
            markup: bool = False, post_meta: bool = True, skip: tuple[str, ...] | None = None) -> tuple[str, str | None]:
    """``render_html`` and the page's ``<title>``, from one parse; ``embeds=False`` says the page
    has no ``<blockquote>``, so no embedded post to unmask; ``markup=True`` renders minimal HTML
    (what ``split_links`` reads) instead of plain text; ``post_meta=False`` leaves out what the
    main-content pass reads as post meta data (see ``POST_META``); ``skip`` replaces
    ``SKIP_ELEMENTS``."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    text = _to_str(html)
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    try:
        tree = HTMLTree.parse(text)
    except UnicodeEncodeError:  # a lone surrogate (str decoded with surrogateescape): the parser takes UTF-8
        tree = HTMLTree.parse(text.encode("utf-8", "replace").decode("utf-8"))
    if main_content:
        if embeds:
            unmask_embeds(tree)
        revive_lists(tree)
    rendered = extract_plain_text(
        tree,
        main_content=main_content,
        preserve_formatting="minimal_html" if markup else True,
        list_bullets=False,
        # with alt_texts off, resiliparse 2.0.1 skips every <figure>, and with it WordPress tables
        # (<figure class="wp-block-table">) and highlighted code; on, with the media elements
        # skipped (``_MEDIA``), a figure gives its text and no alt text
        alt_texts=True,
        links=links,
        form_fields=False,
        noscript=False,
        comments=False,
        post_meta=post_meta,
        # one selector list: matched as one, it renders the same 11% faster than as separate selectors
        skip_elements=[", ".join(list(SKIP_ELEMENTS if skip is None else skip) + list(_MEDIA))],
    )
    return rendered, tree.title


def extract_html(html: bytes | str, url: str | None = None) -> str:
    """The main content of an HTML page (empty for a page without any).

    ``url`` is accepted for API stability (site-specific hints may use it); it is not used yet.

    >>> extract_html(b"")
    ''
    >>> page = ("<html><body><article><h1>Bridge to reopen</h1>"
    ...         + "<p>Officials said the old bridge will reopen in spring after repairs are finished.</p>" * 4
    ...         + '</article><div class="comments"><p>Great news, thanks!</p></div></body></html>')
    >>> print(extract_html(page).splitlines()[-1])
    Officials said the old bridge will reopen in spring after repairs are finished.
    """
    return page_article(*render_page(html))


def page_article(text: str, links: np.ndarray, context: int, model: LineModel | None = None) -> str:
    """The article of a ``render_page`` rendering, decided as ``extract_html`` decides (also by
    the trainer, with its fold models): model scores alone, since the text rules (headline,
    furniture sections) cost F1 on HTML (see ``label_html``), and never the context lines."""
    return page_articles([(text, links, context)], model)[0]


def page_articles(renderings: Sequence[tuple[str, np.ndarray, int]], model: LineModel | None = None) -> list[str]:
    """``page_article`` of each rendering, the line model scoring them in batches (the same
    results; see ``text.clean_texts``)."""
    return [article.text for article in scored_articles(renderings, model)]


class ScoredArticle(NamedTuple):
    """One page's extraction, with what the pipeline step records about it."""

    text: str
    scores: list[float]  # p(body) of each non-empty line of ``text``, in order
    # for a page without an article: its most article-like line and that line's p(body), which
    # says why the page was dropped (None when it has an article, or no line at all)
    best: tuple[float, str] | None = None
    title: str | None = None  # the page's <title>, which the model reads as context and never outputs
    # the rendered lines the model dropped, each with its p(body), and the rendering's characters:
    # what ``tamis explain`` and the report show of an HTML page's furniture
    dropped: tuple[tuple[float, str], ...] = ()
    rendered: int = 0


def scored_articles(renderings: Sequence[tuple[str, np.ndarray, int]],
                    model: LineModel | None = None) -> list[ScoredArticle]:
    """``page_articles``, each with the p(body) of its lines: one per non-empty line of the
    article, in order (``assemble`` keeps every kept line and adds only blank ones)."""
    model = model or load_model("html")
    out = []
    for batch in batches(renderings, chars=lambda r: len(r[0])):
        decisions = decide_batch([r[0] for r in batch], model, None, [r[1] for r in batch], rules=False)
        for (text, _, context), d in zip(batch, decisions):
            title = text.split("\n", 1)[0] if context else None
            if d is None:
                out.append(ScoredArticle("", [], None, title))
                continue
            # ``keep`` and ``p_body`` are per non-empty line, ``page.index`` their line numbers
            shown = (np.asarray(d.page.index) >= context).nonzero()[0]
            rows = [i for i in shown.tolist() if d.keep[i]]
            dropped = tuple((round(float(d.p_body[i]), 3), d.page.stripped[i]) for i in shown.tolist() if not d.keep[i])
            rendered = sum(len(d.page.stripped[i]) + 1 for i in shown.tolist())
            if not rows:
                top = int(shown[np.argmax(d.p_body[shown])]) if len(shown) else None
                best = None if top is None else (round(float(d.p_body[top]), 3), d.page.stripped[top][:120])
                out.append(ScoredArticle("", [], best, title, dropped, rendered))
                continue
            out.append(ScoredArticle(assemble(text.splitlines(), [d.page.index[i] for i in rows], indent=True),
                                     [round(float(d.p_body[i]), 3) for i in rows], None, title, dropped, rendered))
    return out


def extract_htmls(htmls: Iterable[bytes | str]) -> Iterator[str]:
    """``extract_html`` of each page, in order, with the line model scoring many pages at once
    (rendering stays per page).

    >>> list(extract_htmls([b"", "<title>T</title><p>" + "The bridge will reopen in spring, officials said on Monday. " * 3 + "</p>"]))
    ['', 'The bridge will reopen in spring, officials said on Monday. The bridge will reopen in spring, officials said on Monday. The bridge will reopen in spring, officials said on Monday.']
    """
    return (article.text for article in extract_htmls_scored(many(htmls, "htmls")))


def extract_htmls_scored(htmls: Iterable[bytes | str]) -> Iterator[ScoredArticle]:
    """``extract_htmls``, each article with its lines' p(body) (``scored_articles``)."""
    htmls = many(htmls, "htmls")
    model = load_model("html")
    for batch in batches(map(render_page, htmls), chars=lambda r: len(r[0])):
        yield from scored_articles(batch, model)  # one model batch: ``batches`` bounds both alike


def unrendered_lines(html: bytes | str) -> list[tuple[str, str]]:
    """The page's text lines the line model never saw, each with why: markup that says furniture
    (``SKIP_ELEMENTS``: nav, footer, aside, header, forms, hidden elements, captions), or
    resiliparse's main-content pass (menus by class name, shallow lists, post meta data). For
    ``tamis extract --explain``: three renderings of the page, compared line by line.

    >>> page = '<body><nav><a href="/">Home</a></nav><article><p>The bridge reopens in spring.</p></article></body>'
    >>> unrendered_lines(page)
    [('Home', 'markup marks it as furniture (nav, footer, aside, header, form, caption, hidden)')]
    """
    text = _to_str(html)
    if len(text) > MAX_HTML_CHARS:
        text = text[:MAX_HTML_CHARS]
    seen = set(line.strip() for line in render_page(text)[0].splitlines())
    skipped_by_markup = set(line.strip() for line in _render(text, links=False, main_content=False)[0].splitlines())
    out: list[tuple[str, str]] = []
    for line in _render(text, links=False, main_content=False, skip=())[0].splitlines():
        line = line.strip()
        if not line or line in seen:
            continue
        why = ("pruned by resiliparse's main-content pass (menu class names, lists near <body>, post meta data)"
               if line in skipped_by_markup else "markup marks it as furniture (nav, footer, aside, header, form, caption, hidden)")
        out.append((line, why))
        seen.add(line)
    return out


def label_html(html: bytes | str, url: str | None = None) -> list[LineLabel]:
    """Labels and reasons for each rendered line of an HTML page (see ``label_lines``), decided
    as ``extract_html`` decides (``url``, as there, is accepted and not used yet).

    ``label_lines``' two text rules are off here because they cost F1 on HTML under
    cross-validation (3 folds, scrapinghub, 2026-11-28: 0.944 with both, 0.951 without): the
    headline rule keeps the ``<h1>``, which article-body golds (and trafilatura's text) leave out,
    and a section header ("Related", "Comments") can start a section that swallows the rest of a
    list-shaped article, while in HTML the furniture sections are already marked by the DOM.
    """
    text, links, context = render_page(html)
    labels = label_lines(text, load_model("html"), links=links, rules=False)
    # numbered as the rendering without the <title> context lines, which are not labelled
    return [replace(label, line=label.line - context) for label in labels if label.line >= context]
