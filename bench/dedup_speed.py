"""Speed of near-duplicate dedup, all stages, one worker: tamis vs datatrove's 4-stage MinHash.

Both read the same JSONL files, deduplicate and write JSONL.gz. tamis runs ``tamis.api.run`` with
``steps=["minhash_dedup"]`` on the in-process executor; datatrove runs signature, buckets,
cluster and filter stages with ``workers=1``. We report wall seconds and CPU seconds (user+sys of
the process or child, all threads), and docs/s per core = docs / CPU seconds.

Signature speed references (shingling + 128-permutation signature, per document, same texts):
tamis, rensa (RMinHash, Rust) and datasketch (MinHash.update_batch).

Usage: .venv/bin/python bench/dedup_speed.py [--docs 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_common import DATATROVE_PY  # noqa: E402
from dedup_corpus import furniture_pool, mutate, real_texts, write_jsonl  # noqa: E402

from tamis.api import run  # noqa: E402
from tamis.config import StepSpec  # noqa: E402
from tamis.dedup.minhash import permutations, signature, word_shingles  # noqa: E402

WORD = re.compile(r"\w+")


def corpus(n: int, seed: int = 3) -> list[dict]:
    """Real texts and mutated copies of them (about 1 in 3 documents is a copy)."""
    rng = random.Random(seed)
    texts = [t for _, t in real_texts()]
    pool = furniture_pool()
    docs = []
    for i in range(n):
        base = texts[rng.randrange(len(texts))] if rng.random() < 0.35 else texts[i % len(texts)]
        text, _ = mutate(rng, base, pool, texts)
        docs.append({"id": f"d{i}", "text": text})
    return docs


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bench_tamis(inp: Path, work: Path, n: int) -> dict:
    import fsspec

    from tamis.run.ledger import read_ledger

    t, c = time.perf_counter(), time.process_time()
    run(str(inp), str(work / "tamis"), steps=[StepSpec("minhash_dedup")], executor="inprocess")
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    fates = read_ledger(fsspec.filesystem("file"), str(work / "tamis" / "ledger"), ["fate"]).column("fate").to_pylist()
    return {"system": "tamis minhash_dedup (read+dedup+write)", "docs": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "docs_per_cpu_s": round(n / cpu, 1), "removed": fates.count("removed")}


def bench_datatrove(inp: Path, work: Path, n: int, bands: int, rows: int) -> dict:
    c0, t = cpu_children(), time.perf_counter()
    out = subprocess.run([str(DATATROVE_PY), str(Path(__file__).parent / "dedup_datatrove.py"), "--input", str(inp),
                          "--work", str(work / "dt"), "--bands", str(bands), "--rows", str(rows)],
                         capture_output=True, text=True, check=True)
    wall, cpu = time.perf_counter() - t, cpu_children() - c0
    stages = json.loads(out.stdout.strip().splitlines()[-1])
    removed = len(json.loads((work / "dt" / "removed.json").read_text()))
    return {"system": f"datatrove 0.10.1 MinHash 4 stages ({bands}x{rows})", "docs": n, "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "docs_per_cpu_s": round(n / cpu, 1), "stages_s": {k: round(v, 2) for k, v in stages.items()},
            "removed": removed}


def bench_signatures(texts: list[str]) -> list[dict]:
    out = []
    perm = permutations(128)

    def timed(name: str, fn) -> None:
        c, t = time.process_time(), time.perf_counter()
        for text in texts:
            fn(text)
        cpu, wall = time.process_time() - c, time.perf_counter() - t
        out.append({"signature": name, "docs": len(texts), "cpu_s": round(cpu, 2), "docs_per_cpu_s": round(len(texts) / cpu, 1),
                    "wall_s": round(wall, 2)})

    def grams(text: str) -> list[str]:
        toks = WORD.findall(text.lower())
        return [" ".join(toks[i : i + 5]) for i in range(max(1, len(toks) - 4))]

    timed("tamis word_shingles + signature (numpy, 128 perms)", lambda s: signature(word_shingles(s, 5), perm))
    try:
        import rensa

        def rens(s: str) -> None:
            m = rensa.RMinHash(num_perm=128, seed=1)
            m.update(grams(s))
            m.digest()

        timed("rensa RMinHash (Rust, 128 perms; python 5-gram strings)", rens)
    except ImportError:
        pass
    try:
        from datasketch import MinHash

        def ds(s: str) -> None:
            m = MinHash(num_perm=128)
            m.update_batch([g.encode() for g in grams(s)])

        timed("datasketch MinHash.update_batch (128 perms; python 5-gram strings)", ds)
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "dedup_speed.json"))
    ap.add_argument("--only", choices=["signatures", "tamis", "datatrove"], action="append",
                    help="rerun only these parts, keeping the others' results from --out")
    args = ap.parse_args()
    parts = set(args.only or ["signatures", "tamis", "datatrove"])
    docs = corpus(args.docs)
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    print(f"{len(docs)} docs, {mb:.1f} MB", flush=True)
    results: dict = json.loads(Path(args.out).read_text()) if args.only and Path(args.out).exists() else {}
    results.update({"docs": len(docs), "mb": round(mb, 1), "nproc": os.cpu_count()})
    if "signatures" in parts:
        results["signatures"] = bench_signatures([d["text"] for d in docs[:5000]])
        print(json.dumps(results["signatures"], indent=1), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in"
        inp.mkdir()
        per = 5000
        for k in range(0, len(docs), per):
            write_jsonl(docs[k : k + per], inp / f"part-{k // per:03d}.jsonl")
        if "tamis" in parts:
            results["tamis"] = bench_tamis(inp, Path(tmp), len(docs))
            print(json.dumps(results["tamis"]), flush=True)
        if "datatrove" in parts and DATATROVE_PY.exists():
            results["datatrove"] = bench_datatrove(inp, Path(tmp), len(docs), 11, 11)
            print(json.dumps(results["datatrove"]), flush=True)
        if "tamis" in results and "datatrove" in results:
            results["speedup_docs_per_cpu_s"] = round(results["tamis"]["docs_per_cpu_s"] / results["datatrove"]["docs_per_cpu_s"], 2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(json.dumps({k: results.get(k) for k in ("speedup_docs_per_cpu_s",)}))


if __name__ == "__main__":
    main()
