"""Cross-validated text F1 on page text from renderers tamis was never trained or tuned on.

    .venv/bin/python bench/renderers.py --folds DIR [--data ../shared/data] [--menu-run N]

DIR holds fold models saved by ``python -m tamis.extract.training.train --cv 5 --save-folds DIR``; every
page is cleaned by the model of the fold that held it out. The held-out benchmark will use a text
renderer other than the ones trained on, so this renders the scrapinghub pages three more ways:
trafilatura's ``html2txt`` (the whole page's text with white space collapsed: one line), and
BeautifulSoup's ``get_text(" ")`` and ``get_text("\\n")`` after dropping ``<script>``/``<style>``
(text nodes joined by a space, keeping the source's own line breaks, or one per line).
Where the text browsers ``lynx`` and ``w3m`` are installed (``apt-get install lynx w3m``; never a
dependency of tamis), their ``-dump`` renderings are scored too: paragraphs wrapped at 80 columns
and indented, list bullets of their own ("+", "o", "□"), form fields drawn as "____".
``--menu-run N`` sets ``layout.MENU_RUN`` (a very large N turns the flat-page menu cut off).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import trafilatura
from bs4 import BeautifulSoup

from tamis.extract import layout
from tamis.extract.evaluation.metric import score
from tamis.extract.training.train import clean_held_out, load_folds


# text browsers' dump commands, reading HTML on stdin (UTF-8 in and out, 80 columns)
BROWSERS = {
    "lynx -dump": ["lynx", "-dump", "-nolist", "-stdin", "-assume_charset=utf-8", "-display_charset=utf-8", "-width=80"],
    "w3m -dump": ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "80"],
}


def render(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    out = {"trafilatura html2txt": trafilatura.html2txt(html) or "", "BeautifulSoup get_text(' ')": soup.get_text(" "),
           "BeautifulSoup get_text('\\n')": soup.get_text("\n")}
    for name, cmd in BROWSERS.items():
        if shutil.which(cmd[0]):
            out[name] = subprocess.run(cmd, input=html.encode("utf-8"), capture_output=True, timeout=120,
                                       check=False).stdout.decode("utf-8", "replace")
    return out


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=root / ".." / "shared" / "data")
    ap.add_argument("--menu-run", type=int, default=layout.MENU_RUN)
    args = ap.parse_args()
    layout.MENU_RUN = args.menu_run
    models, fold = load_folds(args.folds)
    base = args.data / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    pages = {k: render(gzip.decompress((base / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace"))
             for k in sorted(gold)}
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, folds {args.folds}, MENU_RUN {args.menu_run}")
    print()
    print("| renderer | uncleaned | cleaned |")
    print("|---|---|---|")
    for name in pages[next(iter(pages))]:
        raw = score((pages[k][name], gold[k]["articleBody"]) for k in gold)
        cleaned = clean_held_out(models, fold, {k: pages[k][name] for k in gold})
        s = score((cleaned[k], gold[k]["articleBody"]) for k in gold)
        print(f"| {name} | {raw.f1:.4f} | {s.f1:.4f} (P {s.precision:.3f}, R {s.recall:.3f}) |")


if __name__ == "__main__":
    main()
