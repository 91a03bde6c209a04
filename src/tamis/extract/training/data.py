"""Training pages for the line model, from ``../shared/data`` (used by ``training/train.py``).

- scrapinghub's 181 pages in three renderings: html-text and inscriptis (stored in the
  benchmark) and resiliparse's full-page text (rendered here from the HTML), with gold article
  text aligned to lines, plus, marked ``test_only``, the benchmark's html2text and BeautifulSoup
  renderings, which are scored under cross-validation but never trained on;
- CleanEval's pages rendered by resiliparse, with its paragraph-level gold aligned the same way;
- a flattened (one-line) copy of every resiliparse rendering;
(the stop words, the most frequent words of each language in lingua's test sentences, are
``training/stopwords.py``'s).
"""

from __future__ import annotations

import gzip
import json
import re
import tarfile
from pathlib import Path

import numpy as np

from tamis.extract.features.lines import tokens
from tamis.extract.features.page import Page

TRAIN_RENDERERS = ("html-text", "inscriptis")
TEST_RENDERERS = ("html2text", "beautifulsoup")


def align(page: Page, gold: str) -> np.ndarray:
    """1 for lines whose text is in the gold article, 0 otherwise.

    A line of 4+ tokens is body when half its 4-token shingles are in the gold; a shorter line
    when its tokens appear contiguously in the gold and a neighbouring long line is body.
    """
    gtoks = tokens(gold)
    gset = {tuple(gtoks[i : i + 4]) for i in range(len(gtoks) - 3)}
    gstr = " " + " ".join(gtoks) + " "
    n = len(page.stripped)
    y = np.zeros(n, dtype=np.int8)
    short = []
    for i, s in enumerate(page.stripped):
        t = tokens(s)
        if len(t) >= 4:
            sh = [tuple(t[k : k + 4]) for k in range(len(t) - 3)]
            y[i] = sum(1 for x in sh if x in gset) >= 0.5 * len(sh)
        elif t and (" " + " ".join(t) + " ") in gstr:
            short.append(i)
    for i in short:
        lo, hi = max(0, i - 3), min(n, i + 4)
        if any(y[j] and len(tokens(page.stripped[j])) >= 4 for j in range(lo, hi)):
            y[i] = 1
    return y


def _render(html: bytes) -> str:
    from tamis.extract.html import render_html

    return render_html(html)


def html_pages(raw: list[dict]) -> list[dict]:
    """Pages for the HTML model: the rendering ``extract_html`` uses, with per-line link counts."""
    from tamis.extract.html import render_page

    out = []
    for r in raw:
        text, links, context = render_page(r["html"])
        out.append({"group": r["group"], "source": r["source"], "text": text, "links": links, "context": context,
                    "gold": r["gold"]})
    return out


def flatten(text: str) -> str:
    """The page as one line, as ``BeautifulSoup.get_text(" ")`` gives it: the flat layout that
    ``layout.reflow`` splits into sentences. Training on it teaches the model what sentence
    units of menus and of articles look like.

    >>> flatten("Home\\n\\n  The mayor spoke.\\n")
    'Home The mayor spoke.'
    """
    return " ".join(text.split())


def text_nodes(html: bytes) -> str:
    """The page's text nodes, one per line, as ``BeautifulSoup.get_text("\\n")`` gives them:
    inline elements (links, emphasis) cut a paragraph into fragments. ``--nodes`` adds such a
    copy of every page to training; under cross-validation that cost F1 on every rendering
    (BENCHMARKS.md), so the shipped model is trained without.

    >>> text_nodes(b"<p>Hello <a href=x>World</a>, yes.</p><script>x=1</script><div>Two</div>")
    'Hello\\nWorld\\n, yes.\\nTwo'
    """
    from resiliparse.parse.html import HTMLTree, NodeType

    from tamis.extract.html import MAX_HTML_CHARS, _to_str

    out: list[str] = []
    stack = [HTMLTree.parse(_to_str(html)[:MAX_HTML_CHARS]).document]
    while stack:  # depth-first without recursion: pages nest deeper than Python's stack
        node = stack.pop()
        if node.type == NodeType.TEXT:
            text = node.text.strip()
            if text:
                out.append(text)
        elif node.type in (NodeType.ELEMENT, NodeType.DOCUMENT) and node.tag not in _NO_TEXT:
            stack.extend(reversed(node.child_nodes))
    return "\n".join(out)


_NO_TEXT = frozenset({"script", "style", "noscript", "template", "head"})


def nodes_copy(page: dict) -> dict:
    return {"group": page["group"], "source": page["source"] + "-nodes", "text": text_nodes(page["html"]), "gold": page["gold"]}


def load_scrapinghub(data: Path) -> list[dict]:
    """The benchmark's pages in the renderings trained on (html-text, inscriptis, resiliparse and
    resiliparse flattened) and, marked ``test_only``, in two renderers never trained on
    (html2text's hard-wrapped markdown, BeautifulSoup's flat text): cross-validation scores
    them too, as a stand-in for an unseen renderer."""
    base = data / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    outs = {t: json.loads((base / "output" / f"{t}.json").read_text())["output"] for t in TRAIN_RENDERERS + TEST_RENDERERS}
    pages = []
    for pid in sorted(gold):
        g = gold[pid]["articleBody"]
        for tool, out in outs.items():
            pages.append({"group": pid, "source": tool, "text": out[pid]["articleBody"], "gold": g, "test_only": tool in TEST_RENDERERS})
        html = gzip.open(base / "html" / f"{pid}.html.gz").read()
        text = _render(html)
        pages.append({"group": pid, "source": "resiliparse", "text": text, "gold": g, "html": html})
        pages.append({"group": pid, "source": "resiliparse-flat", "text": flatten(text), "gold": g})
    return pages


def load_cleaneval(data: Path) -> list[dict]:
    pages = []
    files: dict[str, bytes] = {}
    # one sequential pass: random access into a .tar.gz re-decompresses from the start
    with tarfile.open(data / "cleaneval.tar.gz", mode="r|gz") as tar:
        for m in tar:
            fh = tar.extractfile(m) if m.isfile() else None
            if fh is not None:
                files[m.name] = fh.read()
    for name in sorted(files):
        if "/GoldStandard/" not in name:
            continue
        stem = name.rsplit("/", 1)[1].rsplit(".", 1)[0]
        src = name.replace("/GoldStandard/", "/input/").rsplit("/", 1)[0] + f"/{stem}.html"
        if src not in files:
            continue
        gold = files[name].decode("utf-8", "replace")
        gold = re.sub(r"^URL:.*\n", "", gold)
        gold = re.sub(r"<[phl]>", " ", gold)
        text = _render(files[src])
        pages.append({"group": f"ce-{stem}", "source": "cleaneval", "text": text, "gold": gold, "html": files[src]})
        pages.append({"group": f"ce-{stem}", "source": "cleaneval-flat", "text": flatten(text), "gold": gold})
    return pages
