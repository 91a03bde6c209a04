"""Did a change make the batched ``clean_texts`` faster? Old and new code in turn, by page size.

    .venv/bin/python bench/clean_texts_ab.py REV [--rounds 7] [--sizes 300,1000,3000,8000] [DATA]

REV's ``src`` is exported (``git archive``) into a temporary folder. Two worker processes, one
with REV's code and one with the working tree's, each load the CleanEval pages as plain text
(``training.data.load_cleaneval``) and cut them to each size (pages shorter than 80% of it are
left out); the driver then asks them in turn, round after round, to run ``clean_texts`` over one
size's pages, and reports each side's best and median docs/s (process CPU time). Batches cannot
be timed page by page as ``extraction_ab.py`` does, and on this shared 2-core machine a whole
pass scatters by 20-40% as other jobs come and go; alternating the two sides within seconds of
each other, many rounds, is what keeps the comparison fair.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import sys, time
from pathlib import Path
from tamis.extract.text import clean_texts
from tamis.extract.training.data import load_cleaneval
texts = [p["text"] for p in load_cleaneval(Path(sys.argv[1])) if p["source"] == "cleaneval"]
sets = {int(s): [t[: int(s)] for t in texts if len(t) >= 0.8 * int(s)] for s in sys.argv[2].split(",")}
list(clean_texts(texts[:30]))  # warm up: model, lexicon patterns
print("ready", flush=True)
for line in sys.stdin:
    pages = sets[int(line)]
    start = time.process_time()
    list(clean_texts(pages))
    print(len(pages) / (time.process_time() - start), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rev", help="the git revision to compare the working tree with")
    ap.add_argument("data", nargs="?", type=Path, default=ROOT / ".." / "shared" / "data")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--sizes", default="300,1000,3000,8000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        data = subprocess.run(["git", "-C", str(ROOT), "archive", args.rev, "src/tamis"], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        sides = {"base": str(Path(tmp) / "src"), "new": str(ROOT / "src")}
        workers = {}
        for side, src in sides.items():
            env = dict(os.environ, PYTHONPATH=src)
            workers[side] = subprocess.Popen([sys.executable, "-c", WORKER, str(args.data.resolve()), args.sizes],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tmp)
            assert workers[side].stdout is not None and workers[side].stdout.readline().strip() == "ready"
        rates: dict[tuple[str, int], list[float]] = {(side, s): [] for side in sides for s in sizes}
        for r in range(args.rounds):
            for s in sizes:
                for side in ("base", "new") if r % 2 == 0 else ("new", "base"):  # neither side always goes first
                    w = workers[side]
                    assert w.stdin is not None and w.stdout is not None
                    w.stdin.write(f"{s}\n")
                    w.stdin.flush()
                    rates[side, s].append(float(w.stdout.readline()))
        for w in workers.values():
            assert w.stdin is not None
            w.stdin.close()
            w.wait()
    print(f"clean_texts, working tree against {args.rev}, {args.rounds} rounds alternating, docs/s (process CPU time)")
    print("| chars per page | base best | base median | new best | new median | median ratio |")
    print("|---|---|---|---|---|---|")
    for s in sizes:
        b, n = rates["base", s], rates["new", s]
        print(f"| {s} | {max(b):.0f} | {statistics.median(b):.0f} | {max(n):.0f} | {statistics.median(n):.0f} | "
              f"{statistics.median(n) / statistics.median(b):.2f} |")


if __name__ == "__main__":
    main()
