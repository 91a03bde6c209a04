"""Cross-validated text F1 on Markdown page text with its links, as RAG crawlers write it.

    .venv/bin/pip install -e '.[bench]'     # markdownify, html2text
    .venv/bin/python bench/markdown.py --folds DIR [--data ../shared/data] [--no-markdown]

DIR holds fold models saved by ``python -m tamis.extract.training.train --cv 5 --save-folds DIR``; every
page is cleaned by the model of the fold that held it out. Firecrawl, Jina Reader and crawl4ai
hand RAG pipelines Markdown, with every link as ``[text](url)``; the benchmark's own html2text
rendering has no links. This renders the scrapinghub pages with Markdown converters, links kept:
markdownify (after dropping ``<script>``/``<style>``), html2text unwrapped (``body_width=0``) and
html2text as it comes (lines wrapped at 78 columns, which breaks links across lines). The metric's ``\\w+`` tokens would count every URL's pieces as words, so each
output is scored with its link syntax replaced by the link text (``tamis.extract.markdown.markdown_plain``'s
links rule): the score says which lines were kept, not how they are spelled. ``--no-markdown``
reads the Markdown as plain text (as tamis did before), on the same models.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import re
from pathlib import Path

import html2text
import markdownify
from bs4 import BeautifulSoup

from tamis.extract.features import page as page_module
from tamis.extract.evaluation.metric import score
from tamis.extract.training.train import clean_held_out, load_folds

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")


def link_text(text: str) -> str:
    """``text`` with Markdown images dropped and links replaced by their text, for scoring.

    >>> link_text("See [the report](https://example.org/r) ![logo](/l.png)")
    'See the report '
    """
    return _LINK.sub(r"\1", _IMAGE.sub("", text))


def render(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    unwrapped = html2text.HTML2Text()
    unwrapped.body_width = 0
    return {"markdownify": markdownify.markdownify(str(soup), heading_style="ATX"),
            "html2text": unwrapped.handle(html), "html2text, wrapped": html2text.HTML2Text().handle(html)}


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=root / ".." / "shared" / "data")
    ap.add_argument("--no-markdown", action="store_true")
    args = ap.parse_args()
    if args.no_markdown:
        page_module.looks_markdown = lambda text: False  # type: ignore[assignment]
    models, fold = load_folds(args.folds)
    base = args.data / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    pages = {k: render(gzip.decompress((base / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace"))
             for k in sorted(gold)}
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, folds {args.folds}, "
          f"{'read as plain text' if args.no_markdown else 'read as Markdown'}")
    print()
    print("| Markdown from | uncleaned | cleaned |")
    print("|---|---|---|")
    for converter in ("markdownify", "html2text", "html2text, wrapped"):
        raw = score((link_text(pages[k][converter]), gold[k]["articleBody"]) for k in gold)
        cleaned = clean_held_out(models, fold, {k: pages[k][converter] for k in gold})
        s = score((link_text(cleaned[k]), gold[k]["articleBody"]) for k in gold)
        print(f"| {converter} | {raw.f1:.4f} | {s.f1:.4f} (P {s.precision:.3f}, R {s.recall:.3f}) |")


if __name__ == "__main__":
    main()
