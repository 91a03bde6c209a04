"""The real files in ../shared: the seed page and the crawl samples. Skipped when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamis.api import run
from tests.helpers import SHARED, check_invariant, ledger_rows, output_rows

pytestmark = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not present")


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
    check_invariant(tmp_path / "out")
    urls = [r["metadata"].get("url") for r in output_rows(tmp_path / "out")]
    assert sum(1 for u in urls if u and u.startswith("http")) >= 70
    reasons = {r["reason"] for r in ledger_rows(tmp_path / "out") if r["fate"] == "quarantined"}
    assert reasons <= {"not_text", "empty_record", "binary"}, reasons


def test_crawl_samples_with_the_default_pipeline(tmp_path: Path) -> None:
    summary = run([str(SHARED / "data" / "crawl-samples")], str(tmp_path / "out"), workers=2)
    assert summary.ok, summary.problems
    assert summary.kept > 0
    check_invariant(tmp_path / "out")
