"""Accuracy of MinHash LSH against exact Jaccard: tamis vs datatrove on the same labelled set.

Corpus: ``dedup_corpus.mutated_set`` (real texts + mutated copies) + ``natural_set`` (scrapinghub
renderings). Truth: every pair with exact word-5-gram Jaccard >= t (t = 0.7, 0.8).

Reported per system and threshold:
- candidate pairs: how many, and their precision (fraction whose exact Jaccard >= t);
- cluster pairs (all pairs inside one output cluster): precision and recall vs the truth pairs;
- removals: how many documents were removed, and the fraction whose exact Jaccard with the
  document it was removed in favour of is >= t.

Usage: .venv/bin/python bench/dedup_accuracy.py [--out bench/results/dedup_accuracy.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_common import DATATROVE_PY, drive  # noqa: E402
from dedup_corpus import exact_pairs, mutated_set, natural_set, write_jsonl  # noqa: E402

from tamis.dedup.keep import split_keys  # noqa: E402
from tamis.dedup.minhash import jaccard, word_shingles  # noqa: E402
from tamis.dedup.near import MinHashDedup, MinHashDedupConfig  # noqa: E402
from tamis.document import Document  # noqa: E402

SHARDS = 4


def cluster_pairs(clusters: dict[int, int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for doc, c in clusters.items():
        groups[c].append(doc)
    return {(a, b) for members in groups.values() for a, b in itertools.combinations(sorted(members), 2)}


def score(name: str, t: float, truth: set[tuple[int, int]], candidates: set[tuple[int, int]],
          clusters: dict[int, int], removed: dict[int, int], jac_of) -> dict:
    cp = cluster_pairs(clusters)
    tp = len(cp & truth)
    cand_ok = sum(1 for p in candidates if p in truth)
    rem_ok = sum(1 for d, s in removed.items() if jac_of(d, s) >= t)
    return {
        "system": name, "threshold": t,
        "candidate_pairs": len(candidates), "candidate_precision": round(cand_ok / max(1, len(candidates)), 4),
        "cluster_pairs": len(cp), "truth_pairs": len(truth),
        "precision": round(tp / max(1, len(cp)), 4), "recall": round(tp / max(1, len(truth)), 4),
        "removed": len(removed), "removed_precision": round(rem_ok / max(1, len(removed)), 4),
    }


def run_tamis(docs: list[dict], t: float, verify: str, work: Path) -> tuple[set, dict, dict, tuple[int, int]]:
    step = MinHashDedup(MinHashDedupConfig(threshold=t, verify=verify))
    index = {d["id"]: i for i, d in enumerate(docs)}
    shards = {f"s{k}": [Document(d["id"], d["text"]) for d in docs[k::SHARDS]] for k in range(SHARDS)}
    rec, _times, ctx = drive(step, shards, work)
    root = next(p for p in ctx.fs.ls(ctx.work_dir, detail=False) if "/r-" in p)
    # Candidate pairs after the check, as doc keys -> corpus index.
    order = {}
    for k, (shard, path) in enumerate(sorted(ctx.spills)):
        for row, did in enumerate(pq.read_table(path, columns=["id"]).column("id").to_pylist()):
            order[(k, row)] = index[did]
    cands = set()
    for path in ctx.fs.ls(root + "/reduce", detail=False):
        tab = pq.read_table(path)
        for a, b in zip(tab.column("a").to_pylist(), tab.column("b").to_pylist()):
            (sa,), (ra,) = split_keys(np.array([a], np.uint64))
            (sb,), (rb,) = split_keys(np.array([b], np.uint64))
            x, y = order[(sa, ra)], order[(sb, rb)]
            cands.add((min(x, y), max(x, y)))
    clusters, removed = {}, {}
    for path in ctx.fs.ls(root + "/decisions", detail=False):
        tab = pq.read_table(path).to_pylist()
        for r in tab:
            clusters[index[r["id"]]] = hash(r["cluster"])
            if r["removed"]:
                removed[index[r["id"]]] = index[r["duplicate_of"]]
    return cands, clusters, removed, step.bands_rows


def run_datatrove(docs: list[dict], bands: int, rows: int, work: Path) -> tuple[set, dict, dict, dict]:
    inp = work / "in"
    inp.mkdir(parents=True)
    write_jsonl(docs, inp / "docs.jsonl")
    out = subprocess.run([str(DATATROVE_PY), str(Path(__file__).parent / "dedup_datatrove.py"), "--input", str(inp),
                          "--work", str(work / "dt"), "--bands", str(bands), "--rows", str(rows)],
                         capture_output=True, text=True, check=True)
    times = json.loads(out.stdout.strip().splitlines()[-1])
    key = lambda s: int(s.split(":")[1])  # noqa: E731 - one input file: the doc index is the corpus index
    raw_clusters = json.loads((work / "dt" / "clusters.json").read_text())
    clusters = {key(k): v for k, v in raw_clusters.items()}
    removed_set = {key(k) for k in json.loads((work / "dt" / "removed.json").read_text())}
    members: dict[int, list[int]] = defaultdict(list)
    for d, c in clusters.items():
        members[c].append(d)
    removed = {}
    for d in removed_set:  # the survivor is the member of its cluster that was not removed
        keep = [m for m in members[clusters[d]] if m not in removed_set]
        removed[d] = keep[0] if keep else d
    cands = {(min(key(a), key(b)), max(key(a), key(b))) for a, b in json.loads((work / "dt" / "pairs.json").read_text())}
    return cands, clusters, removed, times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "dedup_accuracy.json"))
    ap.add_argument("--no-datatrove", action="store_true")
    args = ap.parse_args()
    docs = mutated_set() + natural_set()
    texts = [d["text"] for d in docs]
    sets = [np.unique(word_shingles(t, 5)) for t in texts]
    jac_of = lambda a, b: jaccard(sets[a], sets[b])  # noqa: E731
    i, j, jac = exact_pairs(texts, 0.5)
    print(f"{len(docs)} docs; {len(i)} pairs with Jaccard >= 0.5", flush=True)
    results = []
    for t in (0.7, 0.8):
        truth = {(int(a), int(b)) for a, b, x in zip(i, j, jac) if x >= t}
        for verify in ("none", "estimate", "exact"):
            with tempfile.TemporaryDirectory() as tmp:
                cands, clusters, removed, (b, r) = run_tamis(docs, t, verify, Path(tmp))
            res = score(f"tamis verify={verify} ({b}x{r})", t, truth, cands, clusters, removed, jac_of)
            print(json.dumps(res), flush=True)
            results.append(res)
        if not args.no_datatrove and DATATROVE_PY.exists():
            for b_dt, r_dt in sorted({(b, r), (14, 8)}):
                with tempfile.TemporaryDirectory() as tmp:
                    cands, clusters, removed, _ = run_datatrove(docs, b_dt, r_dt, Path(tmp))
                res = score(f"datatrove 0.10.1 ({b_dt}x{r_dt})", t, truth, cands, clusters, removed, jac_of)
                print(json.dumps(res), flush=True)
                results.append(res)
    if args.no_datatrove and Path(args.out).exists():  # keep datatrove's rows from an earlier run
        old = json.loads(Path(args.out).read_text())["results"]
        results += [r for r in old if r["system"].startswith("datatrove")]
        results.sort(key=lambda r: (r["threshold"], not r["system"].startswith("tamis")))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"docs": len(docs), "results": results}, indent=1))


if __name__ == "__main__":
    main()
