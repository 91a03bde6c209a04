"""``tamis explain`` follows a chain of dedup removals to the document that was kept."""

from __future__ import annotations

import json
from pathlib import Path

from tamis.api import run
from tamis.run.explain import explain

WORDS = ("the harbour town switched on its tidal power station on monday after ten years of planning and building "
         "work officials said that the turbines would supply four thousand homes ").split() * 6


def test_an_exact_copy_of_a_near_duplicate_leads_to_the_kept_document(tmp_path: Path) -> None:
    original = " ".join(f"{w}{i % 7}" for i, w in enumerate(WORDS))
    near = original.split()
    near[10] = "changed"
    near_text = " ".join(near)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                            for i, t in (("A", original), ("A-near", near_text), ("A-near-copy", near_text))))
    summary = run([str(path)], str(tmp_path / "out"), steps=["exact_dedup", "minhash_dedup"], executor="inprocess")
    # exact dedup removes the copy in favour of A-near, which near-dup removal then drops for A
    assert summary.kept == 1 and sum(summary.removed.values()) == 2
    text, found = explain(str(tmp_path / "out"), "A-near-copy")
    assert found and "duplicate of: A-near, itself a duplicate of A (kept)" in text
    text, _ = explain(str(tmp_path / "out"), "A-near")
    assert "duplicate of: A\n" in text + "\n"
    text, _ = explain(str(tmp_path / "out"), "A")  # the survivor names what was removed in its favour
    assert "kept over its duplicates: A-near\n" in text + "\n"
