"""tamis presets against datatrove 0.10.1's filters on the same real documents, in one run.

1. Builds the corpus (bench/quality_corpus.py) under /tmp: article-extraction-benchmark gold
   bodies and page texts, crawl samples, DCLM human-quality texts.
2. Runs the datatrove side in its own venv and process (bench/.venv-datatrove, see
   bench/quality_datatrove_side.py; install with
   ``pip install datatrove==0.10.1 'xxhash<4' spacy orjson aiohttp fasteners fasttext-numpy2-wheel regex tokenizers``;
   ``tokenizers`` for ``bench/dedup_datatrove.py``, whose MinHash imports it),
   then the tamis side in its own process, one after the other, single-threaded.
3. Prints markdown: per-preset decision agreement with every disagreement listed, docs/s of both
   sides (CPU seconds of each process, since the machine is shared), and ROC-AUC of every signal
   and every preset decision against the DCLM human labels.

Usage: python bench/quality_vs_datatrove.py [WORKDIR] [REPEATS]
(default /tmp/tamis-quality-bench, 1). With REPEATS > 1 the two sides run alternately that many
times; decisions come from the first round, speeds are the medians.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
DT_PYTHON = HERE / ".venv-datatrove" / "bin" / "python"


def run_side(cmd: list[str]) -> float:
    """Run one side; return the CPU seconds its process used."""
    before = os.times()
    subprocess.run(cmd, check=True)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def auc(scores: list[float], labels: list[int]) -> float:
    """ROC-AUC by the rank-sum formula, ties counted half.

    >>> auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels)
    order = s.argsort(kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = int(y.sum())
    neg = len(y) - pos
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def flatten(prefix: str, value: Any, out: dict[str, float]) -> None:
    if isinstance(value, bool):
        out[prefix] = float(value)
    elif isinstance(value, (int, float)):
        out[prefix] = float(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)


def tamis_reason(dt_reason: str) -> str:
    """The tamis drop reason that corresponds to a datatrove ``Class:reason``.

    >>> tamis_reason("GopherRepetitionFilter:duplicated_5_n_grams")
    'gopher_repetition_filter:gopher_dup_5_gram'
    """
    cls, _, why = dt_reason.partition(":")
    if cls == "GopherQualityFilter":
        return "gopher_quality_filter:" + why.replace("enough_stop_words", "few_stop_words")
    if cls == "GopherRepetitionFilter":
        if why == "empty":
            return "gopher_repetition_filter:empty"
        if why.startswith("duplicated_"):
            return f"gopher_repetition_filter:gopher_dup_{why.split('_')[1]}_gram"
        return f"gopher_repetition_filter:gopher_{why}"
    if cls == "C4QualityFilter":
        return f"c4_filter:c4_{why}"
    if cls == "FineWebQualityFilter":
        return "fineweb_filter:" + ("empty" if why == "empty" else f"fineweb_{why}")
    if cls == "LanguageFilter":
        return "language_filter:"
    return dt_reason


def main() -> None:
    if any(a in ("-h", "--help") for a in sys.argv[1:]):  # not a work folder called "--help"
        print(__doc__)
        return
    work = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tamis-quality-bench")
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    subprocess.run([sys.executable, str(HERE / "quality_corpus.py"), str(corpus)], check=True)
    from tamis.quality.lang import model_path

    rows = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    presets = ["gopher", "c4", "fineweb", "language", "fineweb_pipeline"]
    dt_runs: list[dict] = []
    tm_runs: list[dict] = []
    dt_cpu = tm_cpu = 0.0
    for i in range(repeats):
        dt_round: dict = {"decisions": {}, "cpu_seconds": {}}
        tm_round: dict = {"decisions": {}, "cpu_seconds": {}}
        # One fresh process per preset and side: no cache warmed by one chain helps the next.
        for preset in presets:
            dt_file, tm_file = work / f"dt{i}_{preset}.json", work / f"tamis{i}_{preset}.json"
            dt_cpu += run_side([str(DT_PYTHON), str(HERE / "quality_datatrove_side.py"), str(corpus), str(dt_file), model_path(), preset])
            tm_cpu += run_side([sys.executable, str(HERE / "quality_tamis_side.py"), str(corpus), str(tm_file), preset])
            for target, path in ((dt_round, dt_file), (tm_round, tm_file)):
                part = json.load(open(path))
                target["decisions"].update(part["decisions"])
                target["cpu_seconds"].update(part["cpu_seconds"])
        dt_runs.append(dt_round)
        tm_runs.append(tm_round)
    subprocess.run([sys.executable, str(HERE / "quality_tamis_side.py"), str(corpus), str(work / "signals.json"), "signals"], check=True)
    dt, tm = dt_runs[0], tm_runs[0]
    tm["signals"] = json.load(open(work / "signals.json"))["signals"]
    for side, runs in ((dt, dt_runs), (tm, tm_runs)):
        side["cpu_seconds"] = {p: float(np.median([r["cpu_seconds"][p] for r in runs])) for p in presets}
        side["all_cpu"] = {p: [r["cpu_seconds"][p] for r in runs] for p in presets}
    n = len(rows)
    print(f"{n} documents, {repeats} round(s), one fresh process per preset and side; process CPU: datatrove {dt_cpu:.0f} s, tamis {tm_cpu:.0f} s\n")
    print("| preset | agree | agreement | datatrove docs/s | tamis docs/s | speed-up |")
    print("|---|---|---|---|---|---|")
    disagreements = []
    for preset, d in dt["decisions"].items():
        t = tm["decisions"][preset]
        agree = sum((d[k] is None) == (t[k] is None) for k in d)
        dps, tps = n / dt["cpu_seconds"][preset], n / tm["cpu_seconds"][preset]
        ratios = [(n / t) / (n / d_) for t, d_ in zip(tm["all_cpu"][preset], dt["all_cpu"][preset])]
        spread = f" (rounds: {', '.join(f'{r:.1f}x' for r in ratios)})" if len(ratios) > 1 else ""
        print(f"| {preset} | {agree}/{n} | {agree / n:.2%} | {dps:.0f} | {tps:.0f} | {tps / dps:.1f}x{spread} |")
        disagreements += [(preset, k, d[k], t[k]) for k in d if (d[k] is None) != (t[k] is None)]
    print("\nDisagreements (preset, document, datatrove, tamis):\n")
    for p, k, a, b in disagreements:
        print(f"- {p} `{k}`: datatrove {a or 'keep'}; tamis {b or 'keep'}")
    # Per-rule agreement: for each datatrove rule, documents it dropped vs documents tamis dropped
    # with the corresponding reason.
    print("\n| preset | datatrove reason | docs | tamis dropped them too | with the same reason |\n|---|---|---|---|---|")
    for preset, d in dt["decisions"].items():
        t = tm["decisions"][preset]
        reasons: dict[str, list[str]] = {}
        for k, r in d.items():
            if r:
                reasons.setdefault(r, []).append(k)
        for r, ids in sorted(reasons.items()):
            same = sum(bool(t[k]) and t[k].startswith(tamis_reason(r)) for k in ids)
            print(f"| {preset} | {r} | {len(ids)} | {sum(t[k] is not None for k in ids)} | {same} |")
    dclm = [r for r in rows if r["source"] == "dclm"]
    labels = [r["label"] for r in dclm]
    print(f"\nROC-AUC on {len(dclm)} DCLM documents ({sum(labels)} labelled keep-worthy); "
          "AUC > 0.5: a higher value goes with keep-worthy.\n")
    print("| signal | AUC | n |\n|---|---|---|")
    feats: dict[str, dict[str, float]] = {}
    for r in dclm:
        flat: dict[str, float] = {}
        flatten("", tm["signals"][r["id"]], flat)
        feats[r["id"]] = flat
    keys = sorted({k for f in feats.values() for k in f})
    for key in keys:
        pairs = [(feats[r["id"]][key], r["label"]) for r in dclm if key in feats[r["id"]]]
        ys = [y for _, y in pairs]
        if len(pairs) < 20 or len(set(ys)) < 2 or len({v for v, _ in pairs}) < 2:
            continue
        print(f"| {key} | {auc([v for v, _ in pairs], ys):.3f} | {len(pairs)} |")
    print("\n| preset decision (keep=1) | tamis AUC | datatrove AUC | tamis kept | datatrove kept |\n|---|---|---|---|---|")
    for preset in dt["decisions"]:
        tk = [0 if tm["decisions"][preset][r["id"]] else 1 for r in dclm]
        dk = [0 if dt["decisions"][preset][r["id"]] else 1 for r in dclm]
        print(f"| {preset} | {auc(tk, labels):.3f} | {auc(dk, labels):.3f} | {sum(tk)} | {sum(dk)} |")


if __name__ == "__main__":
    main()
