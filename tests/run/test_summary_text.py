"""The run's summary as printed: every removal reason on the line of its count."""

from __future__ import annotations

import io

from rich.console import Console

from tamis.run.report_text import print_summary
from tamis.run.summary import Summary


def test_a_resumed_run_prints_each_reason_beside_its_count() -> None:
    # the resume note, a long cell of the table, made rich wrap the label column on an 80-column
    # terminal: "removed 2" on one line, "remove_furniture:no_main_content" alone on the next
    shards = {f"{k:05d}": {"status": "done", "files": [f"in/{k}.jsonl"]} for k in range(13)}
    summary = Summary(input=253, kept=212, removed={"remove_furniture:no_main_content": 2, "minhash_dedup:near_duplicate": 34},
                      quarantined=5, shards=shards, config_hash="x", steps={}, seconds=0.4, invariant_ok=True, resumed=13)
    buf = io.StringIO()
    print_summary(summary, "/tmp/some/rather/long/output/folder/name/for/this/run", Console(file=buf, width=80))
    lines = buf.getvalue().splitlines()
    for reason, count in summary.removed.items():
        (line,) = [line for line in lines if reason in line]
        assert line.split()[-1] == str(count)
    assert "resumed: 13 of 13 shards were already done" in buf.getvalue()
