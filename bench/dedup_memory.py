"""Peak memory of MinHash dedup vs corpus size (generated ~2 KB documents, 10% near copies).

Documents are generated on the fly and streamed through observe in shards of 10k (as the runner
does), resolved, then applied to the same documents generated again (the step passes by a
document without shingles, so id-only stand-ins would all pass and nothing would be removed).
Peak RSS (``ru_maxrss``) is recorded after each phase. Run one size per process:

    .venv/bin/python bench/dedup_memory.py --docs 100000
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_common import drive  # noqa: E402
from dedup_corpus import synthetic_docs  # noqa: E402

from tamis.dedup.near import MinHashDedup, MinHashDedupConfig  # noqa: E402
from tamis.document import Document  # noqa: E402

SHARD = 10_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--buffer-mb", type=float, default=256.0)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "dedup_memory.jsonl"))
    args = ap.parse_args()
    n = args.docs
    base = peak_mb()
    # one generator per pass: the same seed gives the same documents in the same order
    gens = {"observe": synthetic_docs(n, seed=1)}
    nshards = (n + SHARD - 1) // SHARD
    marks: dict[str, float] = {"imports": round(base, 1)}

    def shard_docs(k: int):
        for d in itertools.islice(gens["observe"], SHARD):
            yield Document(d["id"], d["text"])
        if k == nshards - 1:
            marks["observe"] = round(peak_mb(), 1)

    def again(shard: str):
        if "apply" not in gens:  # first call: resolve just finished
            marks["resolve"] = round(peak_mb(), 1)
            del gens["observe"]  # its window of recent documents, which a runner would not hold
            gens["apply"] = synthetic_docs(n, seed=1)
        return (Document(d["id"], d["text"]) for d in itertools.islice(gens["apply"], SHARD))

    step = MinHashDedup(MinHashDedupConfig(buffer_mb=args.buffer_mb))
    shards = {f"s{k:05d}": shard_docs(k) for k in range(nshards)}
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=str(Path(__file__).parent / "results")) as tmp:
        rec, times, _ctx = drive(step, shards, Path(tmp), reread=again)
        marks["end"] = round(peak_mb(), 1)
    res = {"docs": n, "buffer_mb": args.buffer_mb, "peak_rss_mb": marks, "removed": len(rec.removed),
           "seconds": {k: round(v, 1) for k, v in times.items()}, "wall_s": round(time.perf_counter() - t, 1)}
    print(json.dumps(res))
    with open(args.out, "a") as fh:
        fh.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
