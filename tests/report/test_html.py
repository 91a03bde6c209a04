"""The page itself, without a browser: figures, charts, embedded data, self-containment."""

from __future__ import annotations

import argparse
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tamis.report import write_report
from tamis.report.cli import register
from tamis.report.data import collect
from tamis.report.html import render

from .test_data import fake_run


class Page(HTMLParser):
    """Collects data-count figures, SVG charts (with their rect count) and script bodies."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.counts: dict[str, str] = {}
        self.charts: list[dict[str, Any]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.external: list[str] = []
        self._count: str | None = None
        self._script: dict[str, str | None] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-count" in a:
            self._count = a["data-count"]
        if tag == "svg":
            self.charts.append({"testid": a.get("data-testid"), "rects": 0, "marks": 0})
        if tag == "rect" and self.charts:
            self.charts[-1]["rects"] += 1
        if tag == "line" and a.get("class") == "mark":
            self.charts[-1]["marks"] += 1
        if tag == "script":
            self._script = a
        for key in ("src", "href"):
            if (a.get(key) or "").startswith(("http:", "https:", "//")):
                self.external.append(a[key] or "")

    def handle_data(self, data: str) -> None:
        if self._count is not None:
            self.counts[self._count] = data
            self._count = None
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None


def _page(run: dict[str, Any]) -> Page:
    return Page(render(collect(run["out"], progress=False)))


def test_counts_shown_equal_summary(small_run: dict[str, Any]) -> None:
    page, s = _page(small_run), small_run["summary"]
    assert int(page.counts["input"]) == s["input"]
    assert int(page.counts["kept"]) == s["kept"]
    assert int(page.counts["removed"]) == sum(s["removed"].values())
    assert int(page.counts["quarantined"]) == s["quarantined"]
    for key, value in s["removed"].items():
        assert int(page.counts[f"removed:{key}"]) == value


def test_charts_are_drawn_with_threshold(small_run: dict[str, Any]) -> None:
    page = _page(small_run)
    ids = [c["testid"] for c in page.charts]
    for wanted in ("chart-overview", "chart-funnel", "chart-signal", "chart-lang", "chart-length", "chart-lines"):
        assert wanted in ids, wanted
    assert all(c["rects"] > 0 for c in page.charts)
    # The threshold step's cut is drawn exactly once, on its own signal.
    assert sum(c["marks"] for c in page.charts) == 1


def test_page_is_self_contained_and_embeds_the_explain_data(small_run: dict[str, Any]) -> None:
    page = _page(small_run)
    assert page.external == []
    data = json.loads(next(body for attrs, body in page.scripts if attrs.get("id") == "tamis-data"))
    removed = data["groups"]["removed · threshold:low_quality"]
    assert {r["id"] for r in removed} == {f"doc-{i:02d}" for i in range(5)}
    assert all(r["reason"] == "low_quality" for r in removed)
    cleaned = data["groups"]["kept · cleaned (lines removed)"]
    cut = [ln for r in cleaned for ln in r["lines"] if not ln["keep"]]
    assert {ln["reason"] for ln in cut} == {"navigation", "boilerplate"}
    assert data["index"]["doc-00"][0][:3] == ["removed", "threshold", "low_quality"]


def test_hostile_text_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    from tamis.config import WriterConfig
    from tamis.document import Document
    from tamis.io.writers import write_documents

    fake_run(tmp_path)
    evil = Document("x</script><script>alert(1)</script>", "</script><img src=x onerror=alert(1)>", {"n": 1})
    with open(tmp_path / "data" / "00001.jsonl.gz", "wb") as fh:
        write_documents(fh, [evil], WriterConfig())
    html = render(collect(str(tmp_path), progress=False))
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert "<img" not in html


def test_empty_run_renders_with_graceful_sections(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text(json.dumps({"input": 0, "kept": 0, "removed": {}, "quarantined": 0}))
    html = render(collect(str(tmp_path), progress=False))
    assert "No numeric signals found" in html and "No language labels" in html and "No kept documents" in html
    assert Page(html).counts["input"] == "0"


def test_cli_writes_report(small_run: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    target = tmp_path / "page.html"
    args = parser.parse_args(["report", small_run["out"], "-O", str(target), "--samples", "2"])
    assert args.func(args) == 0
    assert f"wrote {target}" in capsys.readouterr().out
    html = target.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="tamis-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert all(len(v) <= 2 for v in data["groups"].values())


def test_tamis_report_command(small_run: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    from tamis.cli import main

    target = tmp_path / "r.html"
    assert main(["report", small_run["out"], "--report-path", str(target)]) == 0
    assert Page(target.read_text(encoding="utf-8")).counts["kept"] == str(small_run["summary"]["kept"])
    assert main(["report", str(tmp_path / "nothing-here")]) == 2  # not a run: a clear error, not a traceback
    assert "no summary.json" in capsys.readouterr().err


def test_write_report_default_path(tmp_path: Path) -> None:
    fake_run(tmp_path)
    path = write_report(str(tmp_path), progress=False)
    assert path == f"{tmp_path}/report.html" and Path(path).stat().st_size > 1000


def test_report_of_a_run_on_an_fsspec_filesystem(tmp_path: Path) -> None:
    """OUT may be any fsspec url, like the run's output; here an in-memory filesystem."""
    import uuid

    import fsspec

    from tamis.api import run

    from .conftest import CONFIG, write_inputs

    out = f"memory://report-{uuid.uuid4().hex[:8]}/out"
    summary = run([str(write_inputs(tmp_path / "in"))], out, CONFIG, executor="inprocess")
    path = write_report(out, progress=False)
    assert path == f"{out}/report.html"
    with fsspec.open(path, "rb") as fh:
        page = Page(fh.read().decode("utf-8"))
    assert int(page.counts["kept"]) == summary.kept and int(page.counts["quarantined"]) == summary.quarantined


def test_a_threshold_that_does_not_warn_on_a_missing_field_adds_no_note_either(tmp_path: Path) -> None:
    # the default pipeline's threshold on a WARC's status put "no document has this signal" on
    # the report of every run of other input
    from tamis.api import run
    from tamis.config import PipelineConfig, StepSpec

    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "The ferry runs every hour.", "score": 0.5}\n')
    steps = (StepSpec.of("threshold", field="location.http_status", op="<", value=300, warn_missing=False),
             StepSpec.of("threshold", field="quality.nope", op=">=", value=1))
    out = tmp_path / "out"
    run([str(src)], str(out), PipelineConfig(steps), workers=1)
    page = render(collect(str(out), progress=False))
    assert "quality.nope</code>: no document" in page and "location.http_status</code>: no document" not in page
