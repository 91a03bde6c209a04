from __future__ import annotations

import json

import pytest

from tamis.cli import main
from tests.helpers import output_rows

from .texts import GOOD, MENU, SPAMMY


@pytest.mark.parametrize("preset", ["gopher", "c4", "fineweb"])
def test_run_with_preset_keeps_prose_and_removes_junk(tmp_path, preset):
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": "good", "text": GOOD}, {"id": "menu", "text": MENU}, {"id": "spam", "text": SPAMMY}]
    (src / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out"
    assert main(["run", str(src), "--output", str(out), "--preset", preset]) == 0
    kept = output_rows(out)
    ids = {r["id"] for r in kept}
    assert "good" in ids and "menu" not in ids
    good = next(r for r in kept if r["id"] == "good")
    key = {"gopher": "gopher", "c4": "c4", "fineweb": "fineweb"}[preset]
    assert key in good["metadata"]["quality"]
