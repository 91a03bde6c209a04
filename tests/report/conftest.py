"""A small real run for the report tests: JSONL documents with labels set in the input (as the
quality, language and extraction steps would set them), a threshold step that removes some, and
a broken line that is quarantined. Texts are written here; nothing comes from shared data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tamis.api import run
from tamis.config import PipelineConfig, StepSpec

THRESHOLD = StepSpec.of("threshold", field="quality.score", op=">=", value=0.5, reason="low_quality")
CONFIG = PipelineConfig(steps=(THRESHOLD,))

BODY = [
    "The river town holds a market every Saturday, where farmers sell apples, cheese and bread.",
    "Volunteers repaired the old footbridge over the summer, and it reopened in September.",
    "A short guide to pruning roses: cut above an outward-facing bud, at a slant, in late winter.",
    "The library extended its opening hours and now lends tools as well as books.",
]


def _doc(i: int, score: float, lang: str, nav: bool) -> dict[str, Any]:
    body = BODY[i % len(BODY)] + f" Item {i}."
    lines = [{"text": body, "keep": True, "label": "content"}]
    if nav:
        lines = [{"text": "Home | News | Contact", "keep": False, "reason": "navigation"}, *lines,
                 {"text": "© 2024 All rights reserved", "keep": False, "reason": "boilerplate"}]
    original = sum(len(ln["text"]) + 1 for ln in lines)
    return {"id": f"doc-{i:02d}", "text": body, "lang": lang,
            "quality": {"score": score, "words": len(body.split())},
            "extract": {"original_length": original, "lines": lines}}


def write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    docs = [_doc(i, score=round(0.1 + 0.08 * i, 2), lang="en" if i % 3 else "fr", nav=i % 2 == 0) for i in range(12)]
    lines = [json.dumps(d) for d in docs]
    lines.insert(5, '{"id": "broken", "text": "unterminated')  # a bad JSON line: quarantined by the reader
    path = folder / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the pipeline once per session; tests must not modify OUT (write reports elsewhere)."""
    base = tmp_path_factory.mktemp("report-run")
    inputs = write_inputs(base / "in")
    out = base / "out"
    summary = run([str(inputs)], str(out), CONFIG, executor="inprocess")
    assert summary.ok, summary.problems
    return {"out": str(out), "summary": json.loads((out / "summary.json").read_text()), "config": CONFIG}
