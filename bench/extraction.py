"""Extraction benchmark: scrapinghub F1/P/R and docs/s for tamis and the reference systems.

    .venv/bin/python bench/extraction.py [PATH]   # PATH defaults to ../shared/data/article-extraction-benchmark

Prints a Markdown table (text level on html-text and inscriptis, then HTML level) with the
date and machine, ready to paste into BENCHMARKS.md. Same code as `tamis eval extraction`.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

from tamis.extract.evaluate import run_benchmark


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else root / ".." / "shared" / "data" / "article-extraction-benchmark"
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
          f"nproc={os.cpu_count()}, Python {platform.python_version()}")
    print()
    print("| system | input | F1 | P | R | docs/s (1 core, CPU time) | docs/s (wall) |")
    print("|---|---|---|---|---|---|---|")
    rows = run_benchmark(path, "text") + run_benchmark(path, "html")
    for r in rows:
        print(f"| {r.system} | {r.input} | {r.f1:.3f} | {r.precision:.3f} | {r.recall:.3f} | {r.docs_per_s_cpu:.0f} | {r.docs_per_s_wall:.0f} |")


if __name__ == "__main__":
    main()
