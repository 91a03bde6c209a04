"""Time and peak RSS of `tamis report` on runs of growing size; the page must stay bounded.

    .venv/bin/python bench/report.py --docs 50000 200000 --repeat 3

Each corpus is synthetic JSONL whose metadata carries the labels the quality, language and
extraction steps write (scores, word counts, a language, per-line labels), so every chart of
the report has data; a threshold step removes about a third of it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, measure, median  # noqa: E402

WORDS = ("the of and to in a is that for it as was with be by on not this are or from at which but have "
         "harbour station power council library opening study turbine energy town budget market river").split()
CONFIG = {"steps": [{"threshold": {"field": "quality.score", "op": ">=", "value": 0.33, "reason": "low_quality"}},
                    {"threshold": {"field": "quality.gopher.word_count", "op": ">=", "value": 20, "reason": "short"}}]}


def generate(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w") as fh:
        for i in range(n):
            words = int(rng.lognormvariate(4.5, 0.8)) + 1
            text = " ".join(rng.choice(WORDS) for _ in range(words))
            lines = [[0, "navigation", 0.02], [1, "body", 0.9], [2, "legal", 0.1]]
            meta = {"quality": {"score": rng.random(), "gopher": {"word_count": words,
                                                                  "mean_word_length": rng.gauss(4.6, 0.5)}},
                    "lang": {"code": rng.choice("en en en en fr de es".split()), "score": rng.random()},
                    "extract": {"lines": lines, "chars_removed": rng.randint(20, 400)}}
            fh.write(json.dumps({"id": f"d{i}", "text": text, **meta}) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[50_000, 200_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tamis = str(Path(sys.executable).parent / "tamis")
    work = Path(tempfile.mkdtemp(prefix="tamis-bench-report-"))
    cfg = work / "pipeline.yaml"
    cfg.write_text(json.dumps(CONFIG))
    rows = []
    for n in args.docs:
        corpus, out = work / f"corpus-{n}.jsonl", work / f"out-{n}"
        generate(corpus, n)
        run = measure([tamis, "run", str(corpus), "-o", str(out), "--config", str(cfg), "--workers", str(args.workers)])
        if run.returncode != 0:
            raise SystemExit("tamis run failed")
        times, peaks = [], []
        for _ in range(args.repeat):
            m = measure([tamis, "report", str(out)])
            if m.returncode != 0:
                raise SystemExit("tamis report failed")
            times.append(m.seconds)
            peaks.append(m.peak_rss_mib)
        page = (out / "report.html").stat().st_size / 2**20
        rows.append((n, run.seconds, median(times), n / median(times), max(peaks), page))
        shutil.rmtree(out, ignore_errors=True)
        corpus.unlink()
    print(f"\n{date.today()} · {machine()} · `tamis run` with {args.workers} workers, `tamis report` median of {args.repeat}")
    print("| documents | tamis run (s) | tamis report (s) | report docs/s | report peak RSS (MiB) | report.html (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, run_s, rep_s, rate, peak, page in rows:
        print(f"| {n:,} | {run_s:.1f} | {rep_s:.1f} | {rate:,.0f} | {peak:,.0f} | {page:.2f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
