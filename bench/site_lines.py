"""Site-repeated lines as extraction evidence: how often they fire on real crawl files, and cost.

    .venv/bin/python bench/site_lines.py --data ../shared/data/crawl-samples --docs 3000

Part 1 runs ftfy → extract_html → line_labels → remove_furniture over the crawl samples twice,
without and with ``line_dedup`` (``action: label, scope: site``) before ``line_labels``, and
counts: documents with a URL host, hosts with at least ``min_docs`` pages, documents and lines
with the site-repeated evidence, and how many of those lines the model alone kept (the lines
the evidence relabels ``repeated``).

Part 2 is the cost: the default pipeline with and without its site step, in one process
(``inprocess`` executor), on a generated corpus with URLs (``--hosts`` sites, each with its own
prose footer), timed as process CPU time. Part 1 uses ``--min-docs``; part 2 the default's.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine  # noqa: E402

from tamis.api import run  # noqa: E402
from tamis.config import StepSpec, WriterConfig  # noqa: E402
from tamis.dedup.lines import url_host  # noqa: E402
from tamis.io.writers import read_output  # noqa: E402
from tamis.presets import preset_steps, site_lines  # noqa: E402
from tamis.run.ledger import read_ledger  # noqa: E402


def outputs(out: Path) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((out / "data").glob("*.jsonl.gz")):
        with path.open("rb") as fh:
            rows.extend(read_output(fh, WriterConfig()))
    return rows


def real_data(data: Path, min_docs: int, work: Path) -> None:
    base = [StepSpec("ftfy"), StepSpec("extract_html"), StepSpec("line_labels"), StepSpec("remove_furniture")]
    with_site = base[:2] + [site_lines(min_docs)] + base[2:]
    runs = {}
    for name, steps in (("model alone", base), ("with site evidence", with_site)):
        out = work / name.replace(" ", "-")
        summary = run(str(data), str(out), steps=steps, executor="inprocess")
        import fsspec

        ledger = read_ledger(fsspec.filesystem("file"), str(out / "ledger")).to_pylist()
        runs[name] = (summary, outputs(out), ledger)
    summary, docs, ledger = runs["with site evidence"]
    hosts: Counter[str] = Counter()
    for r in ledger:
        detail = json.loads(r["detail"] or "{}")
        url = (detail.get("labels") or {}).get("url")
        if url:
            hosts[url_host(url)] += 1
    for d in docs:
        hosts[url_host(d["metadata"].get("url"))] += 1
    hosts.pop("", None)
    evidence = relabelled_docs = relabelled = repeated = ignored = stale = 0
    for d in docs:
        meta = d["metadata"]
        rec = (meta.get("dedup") or {}).get("repeated_lines")
        if rec:
            evidence += 1
            repeated += rec["count"]
        ex = (meta.get("extract") or {}).get("repeated") or {}
        if "reason" in ex:
            relabelled_docs += 1
            relabelled += len(ex["lines"])
        elif "ignored" in ex:
            ignored += "duplicate" in ex["ignored"]
            stale += "changed" in ex["ignored"]
    alone, alone_docs, _ = runs["model alone"]
    chars = {name: sum(len(d["text"]) for d in r[1]) for name, r in runs.items()}
    print(f"\n## Part 1: {data} (min_docs={min_docs})")
    print(f"input documents: {summary.input}; kept: model alone {alone.kept}, with site evidence {summary.kept}")
    print(f"documents with a URL host: {sum(hosts.values())} on {len(hosts)} hosts; "
          f"hosts with >= {min_docs} documents: {sum(1 for n in hosts.values() if n >= min_docs)} "
          f"({', '.join(f'{h}: {n}' for h, n in hosts.most_common(3))})")
    print(f"kept documents with site-repeated lines: {evidence}; such lines: {repeated}")
    print(f"lines the model alone kept, relabelled 'repeated': {relabelled} in {relabelled_docs} documents")
    print(f"documents left alone as likely duplicates: {ignored}; with stale evidence: {stale}")
    print(f"kept characters: model alone {chars['model alone']:,}, with site evidence {chars['with site evidence']:,}")
    print(f"removed: model alone {alone.removed}; with site evidence {summary.removed}")


WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but "
         "have an they you were her she there been one all we their has would when if so no will more can "
         "harbour station power council library opening study seal turbine energy town budget market river "
         "week school bridge report").split()


def generate(path: Path, n: int, hosts: int, seed: int = 7) -> None:
    rng = random.Random(seed)

    def sentence(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

    footers = [sentence(22) for _ in range(hosts)]
    with path.open("w") as fh:
        for i in range(n):
            h = i % hosts
            paras = [" ".join(sentence(rng.randint(8, 20)) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 7))]
            text = "Home\nNews\nContact\n\n" + "\n\n".join(paras) + "\n\n" + footers[h]
            fh.write(json.dumps({"id": f"g{i}", "text": text, "url": f"https://site{h}.example/p/{i}"}) + "\n")


def cost(n: int, hosts: int, min_docs: int, repeat: int, work: Path) -> None:
    corpus = work / "corpus.jsonl"
    generate(corpus, n, hosts)
    default = preset_steps("default")
    without = [s for s in default if s.name != "line_dedup"]
    site = [s for s in default if s.name == "line_dedup"]
    # The step alone against read + write gives its own cost per document (observe, resolve,
    # apply, and the extra stage's intermediate write and read), which the whole pipelines'
    # difference shows only through the noise of a shared machine.
    pipelines = {"floor: read + write": [], "site lines alone": site,
                 "default without site lines": without, "default (with site lines)": default}
    print(f"\n## Part 2: cost on {n} generated documents over {hosts} hosts, inprocess, best of {repeat} (interleaved)")
    best = dict.fromkeys(pipelines, float("inf"))
    for r in range(repeat):
        for name, steps in pipelines.items():  # interleaved, so drifting machine load hits both alike
            out = work / f"cost-{len(steps)}-{r}"
            start = time.process_time()
            summary = run(str(corpus), str(out), steps=steps, executor="inprocess")
            best[name] = min(best[name], time.process_time() - start)
            assert summary.ok
            shutil.rmtree(out)
    print("| pipeline | CPU s | docs/s (CPU) | ms/doc |")
    print("|---|---:|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.1f} | {n / seconds:,.0f} | {1000 * seconds / n:.2f} |")
    extra = best["site lines alone"] - best["floor: read + write"]
    print(f"site lines' own cost: {1000 * extra / n:.2f} ms/doc, "
          f"{extra / best['default without site lines']:.1%} of the default pipeline without it")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "crawl-samples")
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {machine()}")
    work = Path(tempfile.mkdtemp(prefix="tamis-site-"))
    try:
        if args.data.is_dir():
            real_data(args.data, args.min_docs, work)
        else:
            print(f"{args.data} is absent: part 1 skipped")
        if args.docs:
            cost(args.docs, args.hosts, args.min_docs, args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
