"""Local executor versus Ray on the same generated corpus, on this machine.

    python bench/ray_vs_local.py [--shards 8] [--docs-per-shard 4000] [--repeats 3] [--workers 2]

Each measurement runs in a fresh subprocess so start-up and memory are counted honestly:

- wall time of the whole run, and of the Ray start-up alone (``ray.init`` to first task);
- documents per second;
- CPU seconds of the whole process tree: unlike wall time, this hardly moves when other jobs
  share the machine, so the per-document cost behind the scaling estimate comes from it;
- peak memory of the driver and every process it started (pool workers; for Ray also raylet,
  GCS and workers), as the sum of PSS sampled every 0.2 s from ``/proc`` (PSS, not RSS, so
  pages shared between processes, such as Ray's object store, are not counted twice);
- per-shard CPU cost (from the runner's per-shard timings) and each executor's per-task cost
  (no-op tasks), which the scaling estimate in BENCHMARKS.md is built from.

Prints a JSON report (medians over repeats) and writes it to ``--json`` if given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at which but have an "
         "they you were her she there been one all we their has would when what if no more out so up said can its "
         "about into them only than could new other some time these two may then do first any now such like our "
         "over man me even most made after also did many before must through back years where much your way well "
         "down should because each just those people how too little state good very make world still own see men "
         "work long get here between both life being under never day same another know while last might us great "
         "old year off come since against go came right used take three café naïve résumé").split()


def make_corpus(root: Path, shards: int, docs: int, seed: int = 7) -> None:
    """Prose-like documents of ~1.7 KB (10-30 sentences), every 17th with mojibake."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    for s in range(shards):
        with open(root / f"part-{s:03d}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(docs):
                lines = [" ".join(rng.choices(WORDS, k=rng.randint(8, 25))) + "." for _ in range(rng.randint(10, 30))]
                text = "\n".join(lines)
                if i % 17 == 0:
                    text = text.replace("é", "Ã©")  # UTF-8 read as Latin-1: ftfy's work
                fh.write(json.dumps({"id": f"s{s}-{i}", "text": text, "score": rng.random()}) + "\n")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    """utime + stime of one process (not its children: each process is sampled on its own)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


class TreeMonitor:
    """Samples this process tree in a thread: peak total PSS, and CPU time summed over every
    process seen (the last < interval of a short-lived process is missed)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak_kb, self._stop = interval, 0, threading.Event()
        self.ticks: dict[int, int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> float:
        """Take a sample now; returns the CPU seconds of the tree so far."""
        pids = _descendants(os.getpid())
        self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
        for pid in pids:
            self.ticks[pid] = max(self.ticks.get(pid, 0), _cpu_ticks(pid))
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> float:
        """Peak PSS in MB."""
        self._stop.set()
        self._thread.join()
        return round(self.peak_kb / 1024, 1)


def one(mode: str, corpus: str, out: str, workers: int) -> dict[str, Any]:
    """One measured run, in this (fresh) process."""
    from tamis.config import PipelineConfig, StepSpec
    from tamis.run.executors import LocalExecutor
    from tamis.run.runner import Run

    config = PipelineConfig((StepSpec("ftfy"), StepSpec.of("threshold", field="score", op=">=", value=0.1)))
    mem = TreeMonitor()
    shard_seconds: list[float] = []
    shard_docs: list[int] = []

    def progress(event: str, result: Any, _total: int) -> None:
        if result is not None and event == "done":
            shard_seconds.append(result.seconds)
            shard_docs.append(result.input)

    t0 = time.perf_counter()
    if mode == "ray":
        from tamis.run.executors.ray import RayExecutor

        ex: Any = RayExecutor(workers)
    else:
        ex = LocalExecutor(workers)
    list(ex.map(abs, [-1, -2]))  # start Ray / the pool: the fixed cost of the executor
    startup = time.perf_counter() - t0
    t1 = time.perf_counter()
    summary = Run([corpus], out, config, ex, progress=progress).execute()
    run_s = time.perf_counter() - t1
    cpu_s = mem.sample()  # start-up + run, every process of the tree
    n = 200
    t3 = time.perf_counter()
    list(ex.map(abs, list(range(n))))  # no-op tasks: the executor's own cost per task
    tasks_per_s = n / (time.perf_counter() - t3)
    t2 = time.perf_counter()
    ex.close()
    # What a user waits for: start-up + run + shutdown (the no-op probe is left out).
    total = startup + run_s + (time.perf_counter() - t2)
    peak = mem.stop()
    assert summary.ok, summary.problems
    return {
        "mode": mode, "total_s": round(total, 2), "startup_s": round(startup, 2), "run_s": round(run_s, 2),
        "docs": summary.input, "docs_per_s_run": round(summary.input / run_s, 1),
        "docs_per_s_total": round(summary.input / total, 1), "peak_pss_mb": peak,
        "cpu_s": round(cpu_s, 1), "cpu_ms_per_doc": round(cpu_s / summary.input * 1000, 3),
        "shard_s_median": round(statistics.median(shard_seconds), 3),
        "shard_docs_median": statistics.median(shard_docs),
        "noop_tasks_per_s": round(tasks_per_s, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--docs-per-shard", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", help="also write the report here")
    ap.add_argument("--one", nargs=3, metavar=("MODE", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], args.one[1], args.one[2], args.workers)))
        return
    with tempfile.TemporaryDirectory(prefix="tamis-bench-ray-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.shards, args.docs_per_shard)
        size_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        runs: dict[str, list[dict[str, Any]]] = {"local": [], "ray": []}
        load_before = os.getloadavg()  # a shared box: say how busy it was
        for r in range(args.repeats):
            for mode in ("local", "ray"):  # interleaved, so drift on a shared box hits both
                out = Path(tmp) / f"out-{mode}-{r}"
                proc = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), "--one", mode,
                                       str(corpus), str(out)], capture_output=True, text=True, check=False)
                if proc.returncode:
                    sys.exit(f"{mode} run failed:\n{proc.stderr[-3000:]}")
                runs[mode].append(json.loads(proc.stdout.strip().splitlines()[-1]))
                print(f"# {mode} #{r}: {runs[mode][-1]}", file=sys.stderr)
    report: dict[str, Any] = {
        "machine": {"nproc": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "python": sys.version.split()[0]},
        "corpus": {"shards": args.shards, "docs": args.shards * args.docs_per_shard, "mb": round(size_mb, 1)},
        "workers": args.workers, "repeats": args.repeats,
    }
    for mode, rows in runs.items():
        report[mode] = {key: statistics.median(r[key] for r in rows) for key in rows[0]
                        if isinstance(rows[0][key], (int, float))}
    report["ray_over_local_total"] = round(report["ray"]["total_s"] / report["local"]["total_s"], 2)
    report["ray_over_local_run"] = round(report["ray"]["run_s"] / report["local"]["run_s"], 2)
    report["ray_over_local_cpu"] = round(report["ray"]["cpu_s"] / report["local"]["cpu_s"], 2)
    print(json.dumps(report, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
