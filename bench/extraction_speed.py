"""Extraction speed on a shared, noisy machine: rounds that interleave tamis and trafilatura.

    .venv/bin/python bench/extraction_speed.py [--rounds 5] [--jsonl FILE.jsonl.gz ...] [PATH]

Each round times every system once over all 181 scrapinghub pages (process CPU time, one core),
so a burst of load from another job hits both systems of that round alike. Prints per-system
median docs/s over the rounds and the median of the per-round ratios to trafilatura, which is
the figure that survives the noise (single runs on this machine varied by up to 2x). ``--jsonl``
adds ``clean_text`` on the ``"text"`` of real crawl documents (e.g. the dolma Common Crawl samples).
The "batched" rows time the batch APIs (``extract_htmls``, ``clean_texts``), which the pipeline
steps use: the line model scores many documents in one pass.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def _cpu_rate(run: Callable[[list[object]], object], items: list[object]) -> float:
    start = time.process_time()
    run(items)
    return len(items) / (time.process_time() - start)


def _each(fn: Callable[[object], object]) -> Callable[[list[object]], object]:
    """One call per document."""
    return lambda items: [fn(item) for item in items]


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", type=Path, default=root / ".." / "shared" / "data" / "article-extraction-benchmark")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jsonl", type=Path, nargs="*", default=[], help="JSONL(.gz) files whose \"text\" clean_text also runs on")
    args = ap.parse_args()

    import trafilatura

    from tamis.extract import clean_text, extract_html
    from tamis.extract.html import extract_htmls
    from tamis.extract.text import clean_texts

    gold = json.loads((args.path / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)
    htmls: list[object] = [gzip.open(args.path / "html" / f"{i}.html.gz").read() for i in ids]
    out = json.loads((args.path / "output" / "html-text.json").read_text(encoding="utf-8"))["output"]
    texts: list[object] = [out[i]["articleBody"] for i in ids]
    # "batched": the documents in one call of the batch API (what the pipeline steps do, 64 at a time)
    systems: dict[str, tuple[Callable[[list[object]], object], list[object]]] = {
        "tamis extract_html": (_each(extract_html), htmls),  # type: ignore[arg-type]
        "tamis extract_htmls (batched)": (lambda items: list(extract_htmls(items)), htmls),  # type: ignore[arg-type]
        "trafilatura": (_each(lambda h: trafilatura.extract(h)), htmls),  # type: ignore[arg-type]
        "tamis clean_text (html-text)": (_each(clean_text), texts),  # type: ignore[arg-type]
        "tamis clean_texts (html-text, batched)": (lambda items: list(clean_texts(items)), texts),  # type: ignore[arg-type]
    }
    crawl: list[object] = []
    for path in args.jsonl:
        with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")) as fh:
            crawl += [json.loads(line)["text"] for line in fh if line.strip()]
    if crawl:
        systems["tamis clean_text (crawl JSONL)"] = (_each(clean_text), crawl)  # type: ignore[arg-type]
        systems["tamis clean_texts (crawl JSONL, batched)"] = (lambda items: list(clean_texts(items)), crawl)  # type: ignore[arg-type]
    for run, items in systems.values():  # warm up: models, lazy imports
        run(items[:2])
    rates: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.rounds):
        for name, (run, items) in systems.items():
            rates[name].append(_cpu_rate(run, items))
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, nproc={os.cpu_count()}, "
          f"Python {platform.python_version()}, trafilatura {trafilatura.__version__}, {args.rounds} rounds, "
          f"load average at end {os.getloadavg()[0]:.1f}")
    print()
    print("| system | median docs/s (1 core, CPU time) | min | max | median ratio to trafilatura |")
    print("|---|---|---|---|---|")
    base = rates["trafilatura"]
    for name, r in rates.items():
        # a ratio only where the input is the same HTML: clean_text reads other documents
        ratio = f"{statistics.median(a / b for a, b in zip(r, base)):.1f}×" if systems[name][1] is htmls else "–"
        print(f"| {name} | {statistics.median(r):.0f} | {min(r):.0f} | {max(r):.0f} | {ratio} |")
    chars = [len(t) for t in texts]  # type: ignore[arg-type]
    print()
    print(f"html-text pages: median {statistics.median(chars) / 1000:.1f} kB, mean {statistics.mean(chars) / 1000:.1f} kB")
    if crawl:
        sizes = [len(t) for t in crawl]  # type: ignore[arg-type]
        print(f"crawl JSONL: {len(crawl)} documents, median {statistics.median(sizes) / 1000:.1f} kB, mean {statistics.mean(sizes) / 1000:.1f} kB")


if __name__ == "__main__":
    main()
