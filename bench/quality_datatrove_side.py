"""datatrove 0.10.1 side of bench/quality_vs_datatrove.py. Runs ONLY in bench/.venv-datatrove.

Usage: python bench/quality_datatrove_side.py CORPUS.jsonl OUT.json LID_PATH [PRESET]
With PRESET, only that chain runs (the orchestrator gives each preset a fresh process, so no
tokenizer cache carries over from one chain to the next).
Writes {"decisions": {preset: {doc_id: reason or null}}, "seconds": {preset: float}}.
"""

from __future__ import annotations

import json
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
    LanguageFilter,
)


def language_filter(lid_path: str) -> LanguageFilter:
    from fasttext.FastText import _FastText

    lf = LanguageFilter(languages=["en"], language_threshold=0.65)
    lf.model._model = _FastText(lid_path)  # the same local lid.176.ftz as tamis, never downloaded
    return lf


def chains(lid_path: str) -> dict[str, list]:
    return {
        "gopher": [GopherRepetitionFilter(), GopherQualityFilter()],
        "c4": [C4QualityFilter()],
        "fineweb": [FineWebQualityFilter()],
        "language": [language_filter(lid_path)],
        "fineweb_pipeline": [language_filter(lid_path), GopherRepetitionFilter(), GopherQualityFilter(),
                             C4QualityFilter(filter_no_terminal_punct=False), FineWebQualityFilter()],
    }


def run_chain(filters: list, rows: list[dict]) -> tuple[dict[str, str | None], float, float]:
    out: dict[str, str | None] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for row in rows:
        doc = Document(text=row["text"], id=row["id"])
        reason = None
        for f in filters:
            try:
                res = f.filter(doc)
            except Exception as err:  # noqa: BLE001 - record the reference's crash as its decision
                reason = f"crash:{type(err).__name__}"
                break
            keep, why = (res, None) if not isinstance(res, tuple) else res
            if not keep:
                reason = f"{type(f).__name__}:{why or 'dropped'}"
                break
        out[row["id"]] = reason
    return out, time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    corpus, dest, lid_path = sys.argv[1:4]
    rows = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    result: dict[str, dict] = {"decisions": {}, "seconds": {}, "cpu_seconds": {}}
    only = sys.argv[4] if len(sys.argv) > 4 else None
    built = {k: v for k, v in chains(lid_path).items() if only in (None, k)}
    # Warm up the tokenizer and model outside the timed loop (both sides do this).
    for filters in built.values():
        run_chain(filters, rows[:3])
    for name, filters in {k: v for k, v in chains(lid_path).items() if only in (None, k)}.items():
        decisions, seconds, cpu = run_chain(filters, rows)
        result["decisions"][name] = decisions
        result["seconds"][name] = seconds
        result["cpu_seconds"][name] = cpu
        print(f"datatrove {name}: {len(rows) / cpu:.0f} docs per CPU second", file=sys.stderr)
    with open(dest, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
