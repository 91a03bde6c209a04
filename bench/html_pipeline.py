"""Does the default pipeline extract HTML as well as ``extract_html``? Cross-validated F1 on the
scrapinghub HTML of ``extract_html`` alone and followed by the text model, as ``line_labels`` +
``remove_furniture`` once ran on every article ``extract_html`` had taken from its page.

    .venv/bin/python bench/html_pipeline.py --html-folds DIR --text-folds DIR [--data ../shared/data]

The folders hold fold models saved by ``python -m tamis.extract.training.train --cv 5 --save-folds DIR``
(``--kind html`` for the first); both must hold out the same pages (the trainer's folds are
seeded, so they do). Every page is extracted by the HTML fold model that held it out, then
labelled by the text fold model that held it out.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
from pathlib import Path

from tamis.extract.html import page_articles, render_page
from tamis.extract.evaluation.metric import score
from tamis.extract.text import KEEP_LABELS, assemble, label_lines_batch
from tamis.extract.training.train import load_folds


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--html-folds", type=Path, required=True)
    ap.add_argument("--text-folds", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=root / ".." / "shared" / "data")
    args = ap.parse_args()
    base = args.data / "article-extraction-benchmark"
    gold = json.loads((base / "ground-truth.json").read_text())
    html_models, html_fold = load_folds(args.html_folds)
    text_models, text_fold = load_folds(args.text_folds)
    if html_fold != text_fold:
        raise SystemExit("the two fold folders hold out different pages")
    alone: dict[str, str] = {}
    twice: dict[str, str] = {}
    for k, model in enumerate(html_models):
        keys = [key for key in sorted(gold) if html_fold[key] == k]
        renderings = [render_page(gzip.decompress((base / "html" / f"{key}.html.gz").read_bytes())) for key in keys]
        articles = page_articles(renderings, model)
        alone.update(zip(keys, articles))
        labels = label_lines_batch(articles, text_models[k], explain=False)
        for key, article, lines in zip(keys, articles, labels):
            twice[key] = assemble(article.splitlines(), [x.line for x in lines if x.label in KEEP_LABELS])
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {len(gold)} pages")
    print()
    print("| | F1 | P | R |")
    print("|---|---|---|---|")
    for name, out in (("`extract_html` alone", alone), ("then the text model (`line_labels` + `remove_furniture`)", twice)):
        s = score((out[key], gold[key]["articleBody"]) for key in gold)
        print(f"| {name} | {s.f1:.4f} | {s.precision:.3f} | {s.recall:.3f} |")
    changed = sum(alone[key] != twice[key] for key in gold)
    lost = 1 - sum(map(len, twice.values())) / sum(map(len, alone.values()))
    print()
    print(f"{changed} pages changed by the second pass, {lost:.1%} of the kept characters removed")


if __name__ == "__main__":
    main()
