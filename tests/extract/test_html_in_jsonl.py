"""Raw HTML in a JSONL record without a content type is extracted by the default pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from tamis.api import run
from tests.helpers import output_rows

PAGE = ("<!DOCTYPE html><html><head><title>Harbour news</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/news'>News</a></nav><article><h1>Harbour town opens its tidal power station</h1>"
        + "".join(f"<p>The small harbour town switched on its tidal power station on day {i}, and the council "
                  "said the turbines would power most of the homes along the quay for the next decade.</p>" for i in range(6))
        + "</article><footer>Copyright 2024 Harbour News</footer></body></html>")


def test_raw_html_in_jsonl_is_extracted_and_a_declared_type_is_obeyed(tmp_path: Path) -> None:
    # a review: such a record went out with its markup, read as prose; `tamis clean` already sniffed it
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "page", "text": PAGE}) + "\n"
                   + json.dumps({"id": "said", "text": PAGE, "content_type": "text/plain"}) + "\n")
    out = tmp_path / "out"
    summary = run([str(src)], str(out), executor="inprocess")
    rows = {r["id"]: r for r in output_rows(out)}
    assert summary.ok and "page" in rows
    assert "<p>" not in rows["page"]["text"] and "tidal power station on day 3" in rows["page"]["text"]
    assert rows["page"]["metadata"]["extracted_from"] == "text/html"
    assert "extracted_from" not in rows.get("said", {"metadata": {}})["metadata"]  # declared plain text stays text
