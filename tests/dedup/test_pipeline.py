"""The dedup steps inside a real ``tamis run`` (runner, spills, resolve, ledger)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import fsspec

from tamis.api import run
from tamis.config import StepSpec
from tamis.dedup.presets import PRESETS
from tamis.run.ledger import read_ledger

WORDS = "alpha beta gamma delta river stone cloud paper orange violet market garden window silver".split()


def write_inputs(folder: Path) -> dict[str, str]:
    rng = random.Random(8)
    originals = [" ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(200)) for _ in range(6)]
    expect: dict[str, str] = {}
    for f in range(3):
        rows = []
        for i, text in enumerate(originals):
            did = f"f{f}-{i}"
            if f == 0:
                rows.append({"id": did, "text": text})
            elif f == 1:
                rows.append({"id": did, "text": text})  # exact copy of f0-i
                expect[did] = f"f0-{i}"
            elif i % 2 == 0:
                words = text.split()
                words[rng.randrange(len(words))] = "changed"
                rows.append({"id": did, "text": " ".join(words)})  # near copy
                expect[did] = f"f0-{i}"
            else:
                rows.append({"id": did, "text": " ".join(rng.choice(WORDS) for _ in range(150))})
        (folder / f"in{f}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return expect


def test_dedup_preset_in_a_run(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    expect = write_inputs(src)
    out = tmp_path / "out"
    run(str(src), str(out), steps=PRESETS["dedup"](), executor="inprocess")
    ledger = read_ledger(fsspec.filesystem("file"), str(out / "ledger")).to_pylist()
    removed = {r["id"]: r for r in ledger if r["fate"] == "removed"}
    assert {k: r["duplicate_of"] for k, r in removed.items()} == expect
    for rid, rec in removed.items():
        detail = json.loads(rec["detail"])
        assert detail["cluster"]
        if rid.startswith("f2"):
            assert rec["step"] == "minhash_dedup" and detail["jaccard_est"] > 0.8
        else:
            assert rec["step"] == "exact_dedup"
    kept = {r["id"] for r in ledger if r["fate"] == "kept"}
    assert len(kept) == 18 - len(expect)
    # Rerunning into the same folder resumes: nothing changes.
    run(str(src), str(out), steps=PRESETS["dedup"](), executor="inprocess")
    again = read_ledger(fsspec.filesystem("file"), str(out / "ledger")).to_pylist()
    assert {r["id"]: r["duplicate_of"] for r in again if r["fate"] == "removed"} == {k: r["duplicate_of"] for k, r in removed.items()}


def test_line_dedup_in_a_run(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    rng = random.Random(1)
    rows = [{"id": f"d{i}", "text": "Home | About\n" + " ".join(rng.choice(WORDS) for _ in range(30)) + "\nCookie notice"} for i in range(12)]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    run(str(src), str(out), steps=[StepSpec.of("line_dedup", min_docs=10)], executor="inprocess", workers=1)
    fs = fsspec.filesystem("file")
    data = [p for p in fs.ls(str(out / "data"), detail=False)]
    import gzip

    docs = [dict(r, metadata=json.loads(r["metadata"])) for p in data for r in map(json.loads, gzip.open(p, "rt"))]
    assert len(docs) == 12
    assert all("\n" not in d["text"] and d["metadata"]["dedup"]["lines"]["removed"] == 2 for d in docs)
