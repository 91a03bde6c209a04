from __future__ import annotations

import gzip
import json

import pytest

from tamis.cli import main

from .texts import GOOD, MENU, SPAMMY


@pytest.mark.parametrize("preset", ["gopher", "c4", "fineweb"])
def test_run_with_preset_keeps_prose_and_removes_junk(tmp_path, preset):
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": "good", "text": GOOD}, {"id": "menu", "text": MENU}, {"id": "spam", "text": SPAMMY}]
    (src / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--preset", preset]) == 0
    kept = []
    for path in out.rglob("*.jsonl.gz"):
        with gzip.open(path, "rt") as fh:
            kept += [json.loads(line) for line in fh]
    ids = {r["id"] for r in kept}
    assert "good" in ids and "menu" not in ids
    good = next(r for r in kept if r["id"] == "good")
    key = {"gopher": "gopher", "c4": "c4", "fineweb": "fineweb"}[preset]
    assert key in good["metadata"]["quality"]
