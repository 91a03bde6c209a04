"""Cross-validated text F1 when the page text has no blank lines (WET files, trafilatura output).

    .venv/bin/python bench/blank_lines.py --folds DIR [--data ../shared/data] [--cache FILE] [--no-rule]

DIR holds fold models saved by ``python -m tamis.extract.training.train --cv 5 --save-folds DIR``; every
page is cleaned by the model of the fold that held it out. The renderings the text model learned
from separate paragraphs with blank lines; Common Crawl's WET files and trafilatura's output
(FineWeb) put one paragraph per line with nothing between. This scores each scrapinghub rendering
as given and with its blank lines removed, plus trafilatura's own output for the same pages
(already extracted text: cleaning it should lose little). ``--no-rule`` turns off
``page.BLOCKLESS_SHARE`` (text without blank lines read as one block per line) to show the
difference on the same models.
"""

from __future__ import annotations

import argparse
import datetime
import json
import pickle
import re
from pathlib import Path

from tamis.extract.features import page as page_module
from tamis.extract.evaluation.metric import score
from tamis.extract.text import clean_text
from tamis.extract.training.train import load_folds
from tamis.extract.training.data import load_scrapinghub

RENDERINGS = ("html-text", "inscriptis", "resiliparse", "html2text")
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def without_blank_lines(text: str) -> str:
    """``text`` with every run of blank lines removed, as a WET file lays a page out.

    >>> without_blank_lines("Title\\n\\nFirst paragraph.\\n \\n\\nSecond.")
    'Title\\nFirst paragraph.\\nSecond.'
    """
    return _BLANKS.sub("\n", text)


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=root / ".." / "shared" / "data")
    ap.add_argument("--cache", type=Path, help="the trainer's --cache pickle, to skip re-rendering")
    ap.add_argument("--no-rule", action="store_true")
    args = ap.parse_args()
    if args.no_rule:
        page_module.BLOCKLESS_SHARE = 0.0
    models, fold = load_folds(args.folds)
    pages = pickle.loads(args.cache.read_bytes())[0] if args.cache else load_scrapinghub(args.data)
    base = args.data / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    trafilatura = json.loads((base / "output" / "trafilatura.json").read_text())["output"]
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, folds {args.folds}, "
          f"{'rule off' if args.no_rule else 'rule on'}")
    print()
    print("| input | as given | blank lines removed |")
    print("|---|---|---|")
    for source in RENDERINGS:
        mine = [p for p in pages if p["source"] == source]
        cells = []
        for layout in (str, without_blank_lines):
            s = score((clean_text(layout(p["text"]), models[fold[p["group"]]]), p["gold"]) for p in mine)
            cells.append(f"{s.f1:.4f} (P {s.precision:.3f}, R {s.recall:.3f})")
        print(f"| {source} | {' | '.join(cells)} |")
    raw = score((trafilatura[k]["articleBody"] or "", gold[k]["articleBody"]) for k in gold)
    s = score((clean_text(trafilatura[k]["articleBody"] or "", models[fold[k]]), gold[k]["articleBody"]) for k in gold)
    print(f"| trafilatura's output (one paragraph per line; {raw.f1:.4f} as it is) | {s.f1:.4f} "
          f"(P {s.precision:.3f}, R {s.recall:.3f}) | |")


if __name__ == "__main__":
    main()
