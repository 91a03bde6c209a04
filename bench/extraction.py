"""Extraction benchmark: scrapinghub F1/P/R and docs/s for tamis and the reference systems.

    .venv/bin/python bench/extraction.py [PATH]   # PATH defaults to ../shared/data/article-extraction-benchmark

Prints a Markdown table (text level on the four page renderings the benchmark stores, then HTML
level) with the date and machine, ready to paste into BENCHMARKS.md. Same code as `tamis eval
extraction`. html-text and inscriptis are the renderings the issue's text target names and the
model trains on; html2text (hard-wrapped Markdown) and BeautifulSoup (one flat line) are never
trained on and show how the cleaner does with a renderer it has not seen.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

from tamis.extract.evaluation.evaluate import run_benchmark


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else root / ".." / "shared" / "data" / "article-extraction-benchmark"
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
          f"nproc={os.cpu_count()}, Python {platform.python_version()}")
    print()
    print("| system | input | F1 | P | R | docs/s (1 core, CPU time) | docs/s (wall) |")
    print("|---|---|---|---|---|---|---|")
    renderers = ["html-text", "inscriptis", "html2text", "beautifulsoup"]
    rows = run_benchmark(path, "text", renderers=renderers) + run_benchmark(path, "html")
    for r in rows:
        print(f"| {r.system} | {r.input} | {r.f1:.3f} | {r.precision:.3f} | {r.recall:.3f} | {r.docs_per_s_cpu:.0f} | {r.docs_per_s_wall:.0f} |")


if __name__ == "__main__":
    main()
