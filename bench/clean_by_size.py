"""How fast is ``clean_text`` / ``clean_texts`` as a function of page size?

    .venv/bin/python bench/clean_by_size.py [DATA]   (DATA: ../shared/data)

The speed target is stated for "page text of typical size"; what is typical depends on the
crawl. This measures docs/s per core (process CPU time, fastest of 3 runs) on real page text of
different sizes: the CleanEval pages rendered to plain text by resiliparse, as a crawler's text
extraction would (the text model's training rendering, ``training.data.load_cleaneval``), grouped
by size. The dolma Common Crawl sample's documents have a median of 2.2-3.5 kB
(bench/extraction_speed.py --jsonl) for comparison.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

BUCKETS = ((0, 2_000), (2_000, 4_000), (4_000, 8_000), (8_000, 16_000), (16_000, 10**9))


def _rate(run: Callable[[list[str]], object], texts: list[str], reps: int = 3) -> float:
    best = float("inf")
    for _ in range(reps):
        start = time.process_time()
        run(texts)
        best = min(best, time.process_time() - start)
    return len(texts) / best


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", type=Path, default=root / ".." / "shared" / "data")
    args = ap.parse_args()

    from tamis.extract.text import clean_text, clean_texts
    from tamis.extract.training.data import load_cleaneval

    texts = [p["text"] for p in load_cleaneval(args.data) if p["source"] == "cleaneval"]
    clean_text(texts[0])  # warm up: model, lexicon patterns
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
          f"nproc={os.cpu_count()}, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}; "
          f"{len(texts)} CleanEval pages as resiliparse plain text")
    print()
    print("| page size | pages | median kB | clean_text docs/s | clean_texts (batched) docs/s | batched kB/s |")
    print("|---|---|---|---|---|---|")
    for lo, hi in BUCKETS:
        group = [t for t in texts if lo <= len(t) < hi]
        if not group:
            continue
        one = _rate(lambda ts: [clean_text(t) for t in ts], group)
        many = _rate(lambda ts: list(clean_texts(ts)), group)
        kb = statistics.median(len(t) for t in group) / 1000
        label = f"{lo // 1000}–{hi // 1000} kB" if hi < 10**9 else f"≥ {lo // 1000} kB"
        print(f"| {label} | {len(group)} | {kb:.1f} | {one:.0f} | {many:.0f} | {many * sum(map(len, group)) / len(group) / 1000:.0f} |")


if __name__ == "__main__":
    main()
