"""Corpus-level evidence for the line labels: lines a site repeats on many of its pages.

The line model judges one page at a time, so a site's footer written as a good sentence ("The
Kelmarsh Courier is published by ... since 1952.") looks like article text to it. Across pages
the footer gives itself away: the same line recurs on every page of the site, which the text of
one article never does (cc_net removes such lines outright). ``line_dedup`` with
``action: label`` records the facts (which line indices repeat, on how many pages, for which
exact text); this module turns them into labels; ``remove_furniture`` decides.

Policy (why these rules):

- A repeated line the model kept becomes ``repeated`` furniture whatever its p(body): the model's
  confidence is exactly what fails on prose-like furniture, and verbatim repetition on several
  pages of one site is evidence the single page cannot see. Lines the model already dropped keep
  their more specific label (``share``, ``legal``, ...).
- Exception 1, a duplicate page: when nearly all of the page's kept text repeats (more than
  ``max_share`` of its characters, 0.9 by default) in several lines (``DUPLICATE_LINES``), the
  page itself is probably a copy of another page of the site (a print version, a URL variant).
  Its body is left alone and the case is recorded: near-duplicate removal keeps one copy,
  whereas relabelling would lose the article in every copy. The bar is high on purpose: on a
  shop or catalogue site the template (price box, "add to cart" widgets) can outweigh a short
  unique description, and that page is no duplicate (seen on a real 29-page shop crawl, where
  a 0.5 bar kept the template on 19 pages). One or two repeated lines making up all of a page
  are a site blurb on a page with nothing else (a tag page), and are relabelled.
- Exception 2, a section heading of the page's own text ("Ingredients" on every recipe page): a
  kept heading directly followed by kept body that is not repeated stays. It is structure of
  this page's content, and dropping it would leave that content headless. A line of menu items
  joined by separators ("Home | News | Sport") is no heading, even when the model kept it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tamis.extract.text import LineLabel

REPEATED = "repeated"
# menu items joined by a separator standing alone between spaces, as ``layout`` splits flat text at
_MENU_SEPARATOR = re.compile(r"\s[|»›•·]\s")
# A copied article repeats paragraph after paragraph; site furniture that reads as prose is a
# sentence or two (a publisher blurb, an address).
DUPLICATE_LINES = 3


@dataclass(frozen=True, slots=True)
class SiteEvidence:
    """Lines of one document's text that repeat on other pages: line index -> documents."""

    where: str  # the URL host, or "corpus"
    counts: dict[int, int]


def read_evidence(metadata: Mapping[str, Any], text: str) -> SiteEvidence | str | None:
    """The evidence ``line_dedup`` (``action: label``) recorded for this exact ``text``.

    ``None`` when there is none; a string (why it is not used) when it was recorded for another
    version of the text, because line numbers of an edited text point at the wrong lines.

    >>> from tamis.dedup.lines import text_key
    >>> meta = {"dedup": {"repeated_lines": {"where": "a.com", "lines": [[2, 5]], "text_key": text_key("x")}}}
    >>> read_evidence(meta, "x")
    SiteEvidence(where='a.com', counts={2: 5})
    >>> read_evidence(meta, "y")
    'the text changed after the repeated lines were counted (step order?)'
    >>> read_evidence({}, "x") is None
    True
    """
    from tamis.dedup.lines import text_key

    dedup = metadata.get("dedup")
    rec = dedup.get("repeated_lines") if isinstance(dedup, Mapping) else None
    if not isinstance(rec, Mapping) or not isinstance(rec.get("lines"), list):
        return None
    if rec.get("text_key") != text_key(text):
        return "the text changed after the repeated lines were counted (step order?)"
    counts = {int(i): int(n) for i, n in rec["lines"]}
    return SiteEvidence(str(rec.get("where") or "corpus"), counts)


def _place(where: str) -> str:
    return "the corpus" if where == "corpus" else where


def apply_evidence(labels: Sequence[LineLabel], evidence: SiteEvidence,
                   max_share: float = 0.9) -> tuple[list[LineLabel], dict[str, Any]]:
    """Relabel the kept lines that repeat across the site as ``repeated`` furniture.

    Returns the new labels and a record for the document's metadata: a readable ``reason`` and
    the relabelled ``[line, pages]`` pairs, or ``ignored`` with why nothing was relabelled.

    >>> L = lambda i, text, label="body": LineLabel(i, text, label, label != "navigation", 0.9, "")
    >>> labels = [L(0, "Menu", "navigation"), L(1, "Story " * 30), L(2, "Ingredients", "heading"),
    ...           L(3, "Flour " * 20), L(4, "The Courier is published by us.")]
    >>> out, rec = apply_evidence(labels, SiteEvidence("a.com", {0: 9, 2: 7, 4: 7}))
    >>> [(x.label, x.keep) for x in out]
    [('navigation', False), ('body', True), ('heading', True), ('body', True), ('repeated', False)]
    >>> out[4].reason, rec["lines"]
    ('repeated on 7 pages of a.com (model: p(body)=0.90)', [[4, 7]])
    >>> menu = [L(0, "Home | News | Sport", "heading")] + labels[1:]
    >>> [x.label for x in apply_evidence(menu, SiteEvidence("a.com", {0: 9}))[0]][:2]  # a menu, not a heading
    ['repeated', 'body']
    >>> apply_evidence(labels, SiteEvidence("a.com", {1: 3, 3: 3, 4: 3}))[1]["ignored"][:40]
    'nearly all of the kept text (97%) repeat'
    >>> apply_evidence(labels[4:], SiteEvidence("a.com", {4: 7}))[1]["reason"]  # one line, all of a small page
    '1 line the model kept repeated on 7 pages of a.com'
    """
    kept_chars = sum(len(x.text) for x in labels if x.keep)
    hits: list[int] = []
    for k, x in enumerate(labels):
        if not x.keep or x.line not in evidence.counts:
            continue
        nxt = labels[k + 1] if k + 1 < len(labels) else None
        if (x.label == "heading" and nxt is not None and nxt.keep and nxt.label == "body" and nxt.line not in evidence.counts
                and not _MENU_SEPARATOR.search(x.text)):
            continue  # a section heading of this page's own text
        hits.append(k)
    if not hits:
        return list(labels), {}
    place = _place(evidence.where)
    share = sum(len(labels[k].text) for k in hits) / max(kept_chars, 1)
    if share > max_share and len(hits) >= DUPLICATE_LINES:
        return list(labels), {"ignored": f"nearly all of the kept text ({share:.0%}) repeats on other pages of {place}: "
                                         "a duplicate page? left to near-duplicate removal",
                              "lines": [[labels[k].line, evidence.counts[labels[k].line]] for k in hits]}
    out = list(labels)
    pairs = []
    for k in hits:
        x = labels[k]
        n = evidence.counts[x.line]
        out[k] = replace(x, label=REPEATED, keep=False, reason=f"repeated on {n} pages of {place} (model: p(body)={x.score:.2f})")
        pairs.append([x.line, n])
    lo, hi = min(n for _, n in pairs), max(n for _, n in pairs)
    span = str(lo) if lo == hi else f"{lo}-{hi}"
    noun = "line" if len(pairs) == 1 else "lines"
    return out, {"reason": f"{len(pairs)} {noun} the model kept repeated on {span} pages of {place}", "lines": pairs}
