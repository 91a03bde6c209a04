"""datatrove's 4-stage MinHash on one JSONL file (run with bench/.venv-datatrove/bin/python; the
venv is installed as ``bench/quality_vs_datatrove.py`` says, ``tokenizers`` included).

Prints one JSON line: per-stage seconds, and writes ``clusters.json`` ({doc index: cluster}),
``removed.json`` (doc indexes) and ``pairs.json`` (candidate pairs) into --work.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import struct
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.hashing import HashConfig


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)  # a folder of .jsonl files
    ap.add_argument("--work", required=True)
    ap.add_argument("--bands", type=int, default=14)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--tasks", type=int, default=1)
    args = ap.parse_args()
    cfg = MinhashConfig(hash_config=HashConfig(precision=64), num_buckets=args.bands, hashes_per_bucket=args.rows, n_grams=5)
    w = args.work
    times = {}
    run = lambda name, pipe, tasks: LocalPipelineExecutor(pipeline=pipe, tasks=tasks, workers=1, logging_dir=f"{w}/logs/{name}", skip_completed=False).run()  # noqa: E731

    t = time.perf_counter()
    run("sig", [JsonlReader(args.input, glob_pattern="*.jsonl"), MinhashDedupSignature(output_folder=f"{w}/sigs", config=cfg)], args.tasks)
    times["signatures"] = time.perf_counter() - t
    t = time.perf_counter()
    run("buckets", [MinhashDedupBuckets(input_folder=f"{w}/sigs", output_folder=f"{w}/buckets", config=cfg)], cfg.num_buckets)
    times["buckets"] = time.perf_counter() - t
    t = time.perf_counter()
    run("cluster", [MinhashDedupCluster(input_folder=f"{w}/buckets", output_folder=f"{w}/remove", config=cfg, save_cluster_id=True)], 1)
    times["cluster"] = time.perf_counter() - t
    t = time.perf_counter()
    run("filter", [JsonlReader(args.input, glob_pattern="*.jsonl"), MinhashDedupFilter(input_folder=f"{w}/remove"), JsonlWriter(f"{w}/out")], args.tasks)
    times["filter"] = time.perf_counter() - t

    # Decode the binary outputs (file index 0..tasks-1; doc index within the file).
    clusters, removed, pairs = {}, [], []
    for path in sorted(glob.glob(f"{w}/remove/*.clusters")):
        rank = int(os.path.basename(path).split(".")[0])
        data = open(path, "rb").read()
        for doc, cid in struct.iter_unpack("<II", data):
            clusters[f"{rank}:{doc}"] = cid
    for path in sorted(glob.glob(f"{w}/remove/*.remove")):
        rank = int(os.path.basename(path).split(".")[0])
        removed += [f"{rank}:{d}" for (d,) in struct.iter_unpack("<I", open(path, "rb").read())]
    for path in sorted(glob.glob(f"{w}/buckets/*.dups")):
        for f1, d1, f2, d2 in struct.iter_unpack("<4I", open(path, "rb").read()):
            pairs.append([f"{f1}:{d1}", f"{f2}:{d2}"])
    for name, obj in (("clusters", clusters), ("removed", removed), ("pairs", pairs)):
        with open(f"{w}/{name}.json", "w") as fh:
            json.dump(obj, fh)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
