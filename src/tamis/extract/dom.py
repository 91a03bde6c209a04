"""Edits to a parsed page before resiliparse renders it, where its main-content pass would drop
article text by its DOM heuristics: embedded posts whose class names read as share widgets, and
lists it takes for a site menu because they sit near ``<body>``.
"""

from __future__ import annotations

from typing import Any

# Embedded social posts (Twitter's ``<blockquote class="twitter-tweet">``, Instagram's and TikTok's
# embeds) are quotations in the article, but their class names, and those of the wrappers sites
# put around them ("social-media-embed"), read as share widgets to resiliparse's main-content
# pruning, which drops them. ``unmask_embeds`` gives those elements a neutral class first. All
# three embed codes are ``<blockquote>`` elements, so pages without one (most) skip the query.
_EMBED_SELECTOR = "blockquote.twitter-tweet,blockquote.instagram-media,blockquote.tiktok-embed"
_EMBED_WORDS = ("embed", "tweet", "instagram", "tiktok", "social")
# how far above a post its wrappers are looked for: they sit a level or two up, and a bound keeps
# a page of thousands of nested posts linear
_EMBED_LEVELS = 6
# posts unmasked per page at most: resiliparse hands out each matched node at a cost that grows
# with its depth, so thousands of nested posts would cost depth x posts; an article quotes a few
_EMBED_MAX_POSTS = 64


def unmask_embeds(tree: Any) -> int:
    """Give each embedded post of the parsed ``tree`` (a resiliparse ``HTMLTree``), and each of
    its ancestors whose class names an embed or social media, the class ``embedded-post``, in
    place; the number of posts found. One CSS query (a walk over the whole tree, ~0.15 ms on a
    typical page) and a short walk up per post, so it runs only on pages with a ``<blockquote>``.

    >>> from resiliparse.parse.html import HTMLTree
    >>> tree = HTMLTree.parse('<div class="social-media-embed"><blockquote class="twitter-tweet">Hi</blockquote></div>'
    ...                       '<div class="share-bar">Share</div>')
    >>> unmask_embeds(tree), tree.body.html
    (1, '<body><div class="embedded-post"><blockquote class="embedded-post">Hi</blockquote></div><div class="share-bar">Share</div></body>')
    """
    body = tree.body
    if body is None:
        return 0
    posts = body.query_selector_all(_EMBED_SELECTOR)
    for k in range(min(len(posts), _EMBED_MAX_POSTS)):
        node = posts[k]
        for _ in range(_EMBED_LEVELS + 1):  # the post itself, then its wrappers
            if node is None or node.tag in ("body", "html"):
                break
            names = (node.class_name or "").lower()
            if any(word in names for word in _EMBED_WORDS):
                node.setattr("class", "embedded-post")
            node = node.parent
    return len(posts)


# resiliparse's main-content pass drops every <ul> fewer than three levels below <body> as a site
# menu. On simple pages (personal sites, static blogs, Mastodon) that is where an article keeps
# its lists: a post's TL;DR, a list of facts. A shallow list whose items read as prose (at least
# _LIST_WORDS words per item on average, fewer links than items) becomes a <div> (its class
# dropped), which the pass keeps; the line model then judges its lines as any others.
_LIST_WORDS = 8
# the lists the pass takes for menus, found by lexbor's selector engine: walking up from every
# <ul> in Python cost 40% of extract_html's time, this costs ~0.1 ms a page
_SHALLOW_LISTS = "body > ul, body > * > ul, body > * > * > ul"
# lists looked at per page at most
_MAX_LISTS = 200


def revive_lists(tree: Any) -> int:
    """Turn the shallow prose lists of the parsed ``tree`` into ``<div>`` elements, in place; the
    number turned.

    >>> from resiliparse.parse.html import HTMLTree
    >>> tree = HTMLTree.parse('<body><article><ul class="x"><li>When you open a post, you see only the replies your server knows.</li>'
    ...                       '</ul><ul><li><a href="/">Home</a></li><li><a href="/a">About</a></li></ul></article></body>')
    >>> revive_lists(tree), tree.body.html[:60]
    (1, '<body><article><div><li>When you open a post, you see only t')
    """
    body = tree.body
    if body is None:
        return 0
    lists = body.query_selector_all(_SHALLOW_LISTS)
    turned = 0
    for k in range(min(len(lists), _MAX_LISTS)):
        node = lists[k]
        items = node.child_element_count  # the <li> elements, in any list that is not malformed
        # the link count first: it settles most lists (menus) without building the list's text
        if not items or len(node.get_elements_by_tag_name("a")) >= items or len(node.text.split()) < _LIST_WORDS * items:
            continue
        div = tree.create_element("div")
        while node.first_child is not None:
            div.append_child(node.first_child)
        node.parent.replace_child(div, node)
        turned += 1
    return turned
