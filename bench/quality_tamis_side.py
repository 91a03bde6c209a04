"""tamis side of bench/quality_vs_datatrove.py: runs each preset over the corpus in this process.

Usage: python bench/quality_tamis_side.py CORPUS.jsonl OUT.json [PRESET | signals]
With PRESET, only that preset runs; with ``signals``, only the labels are computed.
Writes {"decisions": {preset: {doc_id: reason or null}}, "seconds": {...}, "signals": {doc_id: {...}}}.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from tamis.document import Document
from tamis.presets import PRESETS, preset_steps
from tamis.steps.base import Drop
from tamis.steps.registry import build_step


class Recorder:
    def __init__(self) -> None:
        self.reasons: dict[str, str] = {}

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        self.reasons[doc.id] = f"{step}:{drop.reason}"

    def quarantined(self, doc: Document, step: str, reason: str, detail: Any) -> None:
        self.reasons[doc.id] = f"quarantine:{step}:{reason}:{detail.get('message', '')[:200]}"


def run_preset(name: str, rows: list[dict]) -> tuple[dict[str, str | None], float, float]:
    steps = [build_step(spec) for spec in preset_steps(name)]
    rec = Recorder()
    for step in steps:  # load models outside the timed loop, as the datatrove side warms up
        step.setup()
        step._ready = True
    docs = [Document(r["id"], r["text"]) for r in rows]
    start, cpu = time.perf_counter(), time.process_time()
    stream: Any = iter(docs)
    for step in steps:
        stream = step(stream, rec)
    for _ in stream:
        pass
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {d.id: rec.reasons.get(d.id) for d in docs}, seconds, cpu


def main() -> None:
    corpus, dest = sys.argv[1:3]
    rows = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    result: dict[str, Any] = {"decisions": {}, "seconds": {}, "cpu_seconds": {}}
    only = sys.argv[3] if len(sys.argv) > 3 else None
    for name in PRESETS:
        if only not in (None, name):
            continue
        run_preset(name, rows[:3])
        decisions, seconds, cpu = run_preset(name, rows)
        result["decisions"][name] = decisions
        result["seconds"][name] = seconds
        result["cpu_seconds"][name] = cpu
        print(f"tamis {name}: {len(rows) / cpu:.0f} docs per CPU second", file=sys.stderr)
    if only not in (None, "signals"):
        with open(dest, "w", encoding="utf-8") as fh:
            json.dump(result, fh)
        return
    # All signals of every document, for the ROC-AUC table (labelled once, no filter).
    labellers = [build_step(s) for s in preset_steps("gopher")[:2] + preset_steps("c4")[:1]
                 + preset_steps("fineweb")[:1] + preset_steps("language")[:1]]
    signals: dict[str, Any] = {}
    for row in rows:
        doc = Document(row["id"], row["text"])
        for step in labellers:
            if not step._ready:
                step.setup()
                step._ready = True
            step.apply(doc)
        q = doc.metadata["quality"]
        q["c4"].pop("drop_lines", None)
        signals[row["id"]] = {"quality": q, "lang": {k: doc.metadata["lang"][k] for k in ("code", "score")}}
    result["signals"] = signals
    with open(dest, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
