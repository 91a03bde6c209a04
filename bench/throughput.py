"""Throughput and peak RSS of `tamis run` on a generated corpus, next to a read+write floor.

    .venv/bin/python bench/throughput.py --docs 100000 --repeat 3

The corpus is synthetic (sentences drawn from a fixed vocabulary, ~1.5 KB per document, with
some page furniture), written once as uncompressed JSONL so the planner can split it.
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

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but "
         "have an they you were her she there been one all we their has would when if so no will more can "
         "harbour station power council library opening study seal turbine energy town budget market river "
         "week school bridge report").split()
FURNITURE = ["Share this: Facebook Twitter Email", "Leave a Reply", "Related Posts", "Privacy Policy | Cookies"]


def generate(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w") as fh:
        for i in range(n):
            paras = []
            for _ in range(rng.randint(3, 7)):
                sent = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
                        for _ in range(rng.randint(2, 4))]
                paras.append(" ".join(sent))
            paras += rng.sample(FURNITURE, 2)
            fh.write(json.dumps({"id": f"g{i}", "text": "\n\n".join(paras)}) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tamis = str(Path(sys.executable).parent / "tamis")
    work = Path(tempfile.mkdtemp(prefix="tamis-bench-"))
    corpus = work / "corpus.jsonl"
    generate(corpus, args.docs)
    floor_cfg = work / "floor.yaml"
    floor_cfg.write_text("steps: []\nreader: {shard_bytes: 8000000}\n")
    default_cfg = work / "default.yaml"
    from tamis.api import build_config

    steps = build_config().as_dict()["steps"]
    default_cfg.write_text(json.dumps({"steps": steps, "reader": {"shard_bytes": 8_000_000}}))
    rows = []
    for label, cfg in (("floor: read + write", floor_cfg), ("default pipeline", default_cfg)):
        times, peaks = [], []
        for r in range(args.repeat):
            out = work / f"out-{r}"
            shutil.rmtree(out, ignore_errors=True)
            m = measure([tamis, "run", str(corpus), "-o", str(out), "--config", str(cfg), "--workers", str(args.workers)])
            if m.returncode != 0:
                raise SystemExit(f"{label}: tamis run failed")
            times.append(m.seconds)
            peaks.append(m.peak_rss_mib)
        rows.append((label, args.docs / median(times), max(peaks)))
    print(f"\n{date.today()} · {machine()} · {args.docs} docs ({corpus.stat().st_size / 2**20:.0f} MiB), "
          f"{args.workers} workers, median of {args.repeat}")
    print(f"default pipeline steps: {' → '.join(s if isinstance(s, str) else next(iter(s)) for s in steps)}")
    print("| run | docs/s | docs/s per worker | peak RSS (MiB, whole process tree) |")
    print("|---|---:|---:|---:|")
    for label, rate, peak in rows:
        print(f"| {label} | {rate:,.0f} | {rate / args.workers:,.0f} | {peak:,.0f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
