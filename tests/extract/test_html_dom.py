"""extract_html on hand-written pages: link counts reach the model, and furniture marked by the
markup (comment threads, captions, forms) stays out of the article."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.extract import html
from tamis.extract.html import extract_html, render_page, split_links

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


def test_link_counts_per_line() -> None:
    text, links, _ = render_page("<body><article><h2>Section heading here</h2><p>Some text of the article.</p>"
                               "<p>See <a href='/x'>this</a> and <a href='https://b.org/y'>that</a> for more.</p>"
                               "<p>A last paragraph of the article.</p></article></body>")
    lines = text.splitlines()
    assert len(lines) == len(links)
    by_text = {line.strip(): int(n) for line, n in zip(lines, links) if line.strip()}
    assert by_text == {"Section heading here": 0, "Some text of the article.": 0, "See this and that for more.": 2,
                       "A last paragraph of the article.": 0}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", '<a href="/a">', "</a>", "<p>", "</p>", "<br>", "&amp;", "&lt;p&gt;", " ", "\n",
                                 "\u2028", '<a href="x\u2028y">', "(b)", "(https://x.org/p)", "é"]), max_size=40))
def test_split_links_keeps_lines_aligned(pieces: list[str]) -> None:
    # the counts must stay aligned with the lines whatever the markup looks like, a line
    # separator inside an attribute included
    text, links = split_links("".join(pieces))
    assert len(links) == len(text.splitlines())
    assert links.min(initial=0) >= 0
    assert "\x00" not in text and "<a" not in text


def test_text_in_parentheses_is_not_a_link() -> None:
    # link markers in plain text ("anchor (href)") could not be told from an article's own
    # parentheses: "(D-Minn.)" was removed and counted as a link, and removing a marker glued the
    # next word on; an href with parentheses (javascript:void(0)) stayed in the text
    text, links, _ = render_page("<article><p>Rep. Jane Doe (D-Minn.) said the shares (£17.43) fell, "
                                 "<a href='https://b.com/x'>Bloomberg reported </a>Monday. "
                                 "<a href='javascript:void(0);'>Share</a></p><p>One<br><br>Two</p></article>")
    assert text.splitlines()[0] == "Rep. Jane Doe (D-Minn.) said the shares (£17.43) fell, Bloomberg reported Monday. Share"
    assert links.tolist()[0] == 2
    # two line breaks end a paragraph, as in plain text: a blank line between the two
    assert text.splitlines()[1:] == ["", "One", "", "Two"]


def test_title_is_context_not_output() -> None:
    # the <title> is the model's first line (what the article is about) but never part of the result
    page = _page('<section id="comments"><h3>2 comments</h3>{}</section>').replace(
        "<title>Bridge to be rebuilt</title>", "<title>Council votes for a new stone bridge | The Courier</title>")
    text, links, context = html.render_page(page)
    assert context == 2 and text.splitlines()[0] == "Council votes for a new stone bridge | The Courier"
    assert "The Courier" not in extract_html(page)
    assert all("The Courier" not in label.text for label in html.label_html(page))
    assert html.render_page("<p>A page without a title element at all.</p>")[2] == 0


def test_embedded_post_is_rendered(monkeypatch) -> None:
    # resiliparse's main-content pruning reads "twitter-tweet" / "social-media-embed" as a share
    # widget; an embedded post is a quotation in the article and must reach the model
    tweet = "The new bridge deck is in place and buses will cross it from Monday morning onwards."
    embed = ('<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">'
             f'{tweet} <a href="https://t.co/x1">pic.twitter.com/x1</a></p>— City Council (@council) '
             '<a href="https://twitter.com/council/status/1">May 3, 2026</a></blockquote></div>')
    page = _page("{}").replace(f"<p>{ARTICLE[2]}</p>", f"<p>{ARTICLE[2]}</p>{embed}")
    assert tweet in html.render_page(page)[0]
    monkeypatch.setattr(html, "unmask_embeds", lambda tree: 0)
    assert tweet not in html.render_page(page)[0]  # what the pruning alone does


def test_label_lines_are_numbered_as_the_rendering_without_the_title() -> None:
    page = _page("{}")
    text, _, context = render_page(page)
    rendered = text.splitlines()[context:]
    labels = html.label_html(page)
    assert labels and all(rendered[label.line].strip() == label.text for label in labels)


def test_post_meta_is_not_rendered(monkeypatch) -> None:
    # bylines, dates and author boxes marked by their class names are not article text, and the
    # HTML model's rendering leaves them out (the text model's training rendering keeps them);
    # resiliparse looks for them inside the content element, not at its top level
    byline = "Written by Jane Doe, Senior Correspondent, on May 3, 2026"
    page = _page("{}").replace("<h1>Bridge to be rebuilt</h1>", f'<h1>Bridge to be rebuilt</h1><div><div class="entry-meta">{byline}</div></div>')
    assert byline not in render_page(page)[0] and ARTICLE[0] in render_page(page)[0]
    assert byline in html.render_html(page, main_content=True)
    monkeypatch.setattr(html, "POST_META", True)
    assert byline in render_page(page)[0]


def test_an_article_inside_a_header_element_is_rendered(monkeypatch) -> None:
    # site builders wrap a whole post in <header>, which is skipped as furniture; when that leaves
    # nothing, the page is rendered again in full with its <header> elements
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    page = (f"<html><head><title>Bridge to be rebuilt</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<header class='post-section'><h1>Bridge to be rebuilt</h1><div>{body}</div></header></body></html>")
    assert all(p in render_page(page)[0] for p in ARTICLE)
    assert all(p in extract_html(page) for p in ARTICLE)
    monkeypatch.setattr(html, "MIN_MAIN_CHARS", 0)
    assert not any(p in render_page(page)[0] for p in ARTICLE)


def test_a_page_that_main_content_pruning_empties_is_rendered_in_full(monkeypatch) -> None:
    # resiliparse's pruning drops a page that is one list (its items read as navigation); with
    # (nearly) nothing left, the page is rendered in full and the model decides
    facts = [f"Fact number {i}: I have lived in {c} for a few years and liked the food there a lot." for i, c in
             enumerate(["Rome", "Oslo", "Lima", "Kyoto", "Accra", "Quito"])]
    page = ("<html><head><title>Facts</title></head><body><nav><a href='/'>Home</a></nav><main><h1>Facts</h1>"
            "<p>In no particular order, here are some facts about me:</p><ul>" + "".join(f"<li>{f}</li>" for f in facts)
            + "</ul></main></body></html>")
    monkeypatch.setattr(html, "revive_lists", lambda tree: 0)  # as before lists were revived
    assert all(f in render_page(page)[0] for f in facts)
    monkeypatch.setattr(html, "MIN_MAIN_CHARS", 0)
    assert not any(f in render_page(page)[0] for f in facts)


def test_a_figure_gives_its_table_or_code_but_no_alt_text_or_caption() -> None:
    # resiliparse skips every <figure> when alt texts are off: WordPress wraps its tables in one
    deep = "<html><head><title>T</title></head><body><div><div><div><article><p>The council met on Tuesday.</p>{}</article></div></div></div></body></html>"
    table = render_page(deep.format('<figure class="wp-block-table"><table><tr><td>Tide</td><td>4.2 m</td></tr></table></figure>'))[0]
    code = render_page(deep.format('<figure class="highlight"><pre>pip install tamis</pre></figure>'))[0]
    image = render_page(deep.format('<figure><img src="a.jpg" alt="A photo of the harbour"><figcaption>The harbour at dawn</figcaption></figure>'))[0]
    assert "Tide\t\t4.2 m" in table and "pip install tamis" in code
    assert "photo" not in image and "dawn" not in image and "The council met on Tuesday." in image
    icon = render_page(deep.format('<a href="/s"><svg><title>Share on Facebook</title><path d="M0 0"/></svg></a>'))[0]
    assert "Share on Facebook" not in icon  # an inline icon's label is no text of the page


def test_a_shallow_prose_list_is_kept_and_a_shallow_menu_is_not_revived() -> None:
    # resiliparse drops any <ul> within three levels of <body> as a site menu; simple sites keep
    # their articles' lists there
    para = "<p>The council met on Tuesday to discuss the new plan for the harbour and its future.</p>" * 3
    items = ("When viewing the replies to a post, you only see the replies known to your server.",
             "The rest are hidden from you unless you open the original post on its own server.")
    prose = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    menu = '<ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul>'
    page = f"<html><head><title>Replies</title></head><body>{menu}<article><h1>Replies</h1>{para}{prose}{para}</article></body></html>"
    text = render_page(page)[0]
    assert all(i in text for i in items)
    assert "About us" not in text


def test_code_in_pre_keeps_its_indentation() -> None:
    para = "<p>The council met on Tuesday to discuss the new plan for the harbour and its future today.</p>" * 3
    code = "<pre><code>def main():\n    for x in range(3):\n        print(x)\n</code></pre>"
    page = f"<html><head><title>T</title></head><body><div><div><div><article><h1>T</h1>{para}{code}{para}</article></div></div></div></body></html>"
    assert "def main():\n    for x in range(3):\n        print(x)" in extract_html(page)


def test_only_code_indentation_is_kept() -> None:
    para = "<p>The council met on Tuesday to discuss the new plan for the harbour and its future today.</p>" * 3
    page = ("<html><head><title>T</title></head><body><div><div><div><article><h1>T</h1>" + para
            + "<p>&nbsp;&nbsp;An indented paragraph that the council also discussed at length on Tuesday.</p>"
            + para + "</article></div></div></div></body></html>")
    out = extract_html(page)
    assert "\nAn indented paragraph" in out and "\xa0" not in out


def test_a_character_alone_in_an_element_is_kept_and_an_icon_glyph_dropped() -> None:
    # resiliparse's main-content pass takes a text node of one three-byte character for an icon
    # font's glyph: a Chinese character in its own <span>, "—" or "❤" went missing from the text
    story = "".join(f"<p>{p.replace('the ', 'the <span>—</span> ', 1)} <span>❤</span> <i>\ue001</i></p>" for p in ARTICLE)
    chinese = "<p>今天我们去了<span>中</span>国的首都，看到了很多美丽的建筑和历史遗迹，非常开心。我们在那里住了三天。</p>" * 4
    for body, kept in ((story, ("— ", "❤")), (chinese, ("去了中国的首都",))):
        out = extract_html(f"<html><body><article><h1>Headline of the story</h1>{body}</article></body></html>")
        for piece in kept:
            assert piece in out, piece
        assert "\ue001" not in out and "\u2060" not in out  # the glyph still goes; the joiners do not show
    # a page in a one-byte encoding, where "—" is one byte of the raw page
    page = f'<html><head><meta charset="windows-1252"></head><body><article><h1>Headline of the story</h1>{story}</article></body></html>'
    assert "— " in extract_html(page.replace("<span>❤</span>", "").replace("<i>\ue001</i>", "").encode("cp1252"))



def test_a_table_of_links_under_the_article_is_not_taken_for_more_of_its_table() -> None:
    # resiliparse renders two tables in a row without a blank line between them: the rows of a
    # navigation table (every cell a link) came back as rows of the article's table
    terms = [("Abseil", "To descend a rock face using a rope fixed at the top, controlling the speed with a friction device."),
             ("Belay", "To protect a climbing partner by managing the rope so that a fall is held quickly and safely."),
             ("Crux", "The hardest single move or section of a climbing route, often near the middle or the top."),
             ("Dyno", "A dynamic move in which the climber jumps for a hold that is out of static reach.")]
    nav = [("« Previous: A–F", "Next: P–Z »"), ("Back to the glossary index", "Print this page"),
           ("Shop climbing gear", "Sign up for our newsletter")]
    table = "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in terms) + "</table>"
    links = "<table>" + "".join(f"<tr><td><a href='/a{i}'>{a}</a></td><td><a href='/b{i}'>{b}</a></td></tr>"
                                for i, (a, b) in enumerate(nav)) + "</table>"
    out = extract_html(f"<html><body><article><h1>Climbing glossary</h1><p>{ARTICLE[0]}</p>{table}{links}</article></body></html>")
    assert "Abseil" in out and "Dyno" in out
    assert not any(a in out for a, _ in nav)
