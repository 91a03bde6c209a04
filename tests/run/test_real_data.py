"""The real files in ../shared: the seed page and the crawl samples. Skipped when absent."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from tamis.api import run
from tests.helpers import SHARED, check_invariant, ledger_rows, output_rows

pytestmark = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not present")


def _repeated_ids(folder: Path) -> dict[str, int]:
    """Ids that the files themselves give to more than one record, counted from the raw files
    (``WARC-Record-ID`` header lines; the ``id`` of JSON lines), not from what the run says.
    The cc_net WET sample, hand-made, reuses one record id."""
    ids: Counter[str] = Counter()
    for path in sorted(folder.iterdir()):
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if ".warc" in path.name or ".wet" in path.name:
            for line in raw.splitlines():
                if line.lower().startswith(b"warc-record-id:"):
                    ids[line.split(b":", 1)[1].strip().decode().strip("<>")] += 1
        elif ".json" in path.name:
            for line in raw.splitlines():
                if line.strip() and "id" in (record := json.loads(line)):
                    ids[str(record["id"])] += 1
    return {i: n for i, n in ids.items() if n > 1}


def test_the_repeat_count_finds_the_repeated_wet_id() -> None:
    repeats = _repeated_ids(SHARED / "data" / "crawl-samples")
    assert len(repeats) >= 1 and all(n == 2 for n in repeats.values()), repeats


def test_seed_runs_with_the_default_pipeline(tmp_path: Path) -> None:
    summary = run([str(SHARED / "seed")], str(tmp_path / "out"), workers=1)
    assert summary.ok and summary.input == 1
    check_invariant(tmp_path / "out")


def test_crawl_samples_every_record_accounted_for(tmp_path: Path) -> None:
    summary = run([str(SHARED / "data" / "crawl-samples")], str(tmp_path / "out"), steps=["ftfy"], workers=2)
    assert summary.ok, summary.problems
    by_file = {Path(s["files"][0]).name: s["input"] for s in summary.shards.values()}
    # Record counts given in ../shared/data/README.md (WARC responses) and by the files themselves.
    assert by_file["resiliparse_CC-MAIN-2020-34_excerpt.warc.gz"] == 16
    assert by_file["resiliparse_clueweb-quirk.warc.gz"] == 29
    assert by_file["dolma_sample-0000.warc.gz"] == 22
    assert by_file["dolma_provided_documents_000.json.gz"] == 10
    assert by_file["cc_net_sample.warc.wet.txt"] >= 1
    check_invariant(tmp_path / "out", _repeated_ids(SHARED / "data" / "crawl-samples"))
    urls = [r["metadata"].get("url") for r in output_rows(tmp_path / "out")]
    assert sum(1 for u in urls if u and u.startswith("http")) >= 70
    reasons = {r["reason"] for r in ledger_rows(tmp_path / "out") if r["fate"] == "quarantined"}
    assert reasons <= {"not_text", "empty_record", "binary"}, reasons


def test_crawl_samples_with_the_default_pipeline(tmp_path: Path) -> None:
    summary = run([str(SHARED / "data" / "crawl-samples")], str(tmp_path / "out"), workers=2)
    assert summary.ok, summary.problems
    assert summary.kept > 0
    check_invariant(tmp_path / "out", _repeated_ids(SHARED / "data" / "crawl-samples"))
