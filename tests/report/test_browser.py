"""The report in a real browser: Debian's Chromium driven by Playwright (no browser download).

CI installs Chromium in .ci/run; elsewhere the test skips and says what is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tamis.report import write_report

CHROMIUM = os.environ.get("TAMIS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[report-test]'")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (or set TAMIS_CHROMIUM)")
    with sync_api.sync_playwright() as pw:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_report_in_chromium(browser: Any, small_run: dict[str, Any], tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(small_run["out"], path=str(report), progress=False)
    summary = small_run["summary"]

    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.set_default_timeout(10_000)
    errors: list[str] = []
    network: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: network.append(req.url) if not req.url.startswith(("file:", "data:")) else None)
    page.goto(report.as_uri())

    # Charts render: every SVG has a real size on screen and drawn bars.
    charts = page.locator("svg.chart")
    assert charts.count() >= 6
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 40
        assert charts.nth(i).locator("rect").count() > 0
    assert page.locator("svg[data-testid=chart-signal] line.mark").count() == 1

    # The figures shown equal summary.json.
    shown = {k: int(page.locator(f"[data-count='{k}']").inner_text().replace(",", ""))
             for k in ("input", "kept", "removed", "quarantined")}
    assert shown == {"input": summary["input"], "kept": summary["kept"],
                     "removed": sum(summary["removed"].values()), "quarantined": summary["quarantined"]}

    # Searching a removed document shows its step and reason, its struck-out lines and its signals.
    page.fill("#search", "doc-04")
    page.press("#search", "Enter")
    reason = page.locator("#doc [data-testid=doc-reason]")
    assert reason.inner_text() == "removed by threshold: low_quality"
    assert page.locator("#doc del").first.inner_text() == "Home | News | Contact"
    assert page.locator("#doc .tag").first.inner_text() == "navigation"
    assert "quality.score" in page.locator("#doc table.signals").inner_text()
    assert "tamis explain" in page.locator("#doc").inner_text()

    # A quarantined document can be picked from its sample group.
    page.select_option("#group", "quarantined · read:bad_json")
    page.locator("#ids a").first.click()
    assert reason.inner_text() == "quarantined by read: bad_json"

    # An unknown id says so and gives the command for the run itself.
    page.fill("#search", "no-such-doc")
    page.click("#go")
    assert "not in this page" in page.locator("#doc").inner_text()

    page.fill("#search", "doc-04")
    page.click("#go")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert errors == [] and network == []
    (tmp_path / "checked.json").write_text(json.dumps(shown))


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_every_document_of_a_repeated_id_can_be_seen(browser: Any, tmp_path: Path) -> None:
    # The page kept the first sampled document of each id: searching "R1" showed the removed one
    # only, the kept one's link opened the removed one, and "duplicate of R2" opened itself.
    from tamis.api import run
    from tamis.config import PipelineConfig, StepSpec
    from tests.report.conftest import THRESHOLD

    text = "The ferry to the island runs every hour in summer and twice a day in winter."
    docs = [{"id": "R1", "text": text + " Low.", "quality": {"score": 0.1}},
            {"id": "R1", "text": text + " High.", "quality": {"score": 0.9}},
            {"id": "R2", "text": text + " Copy.", "quality": {"score": 0.9}},
            {"id": "R2", "text": text + " Copy.", "quality": {"score": 0.9}}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs))
    out = tmp_path / "out"
    summary = run([str(src)], str(out), PipelineConfig(steps=(THRESHOLD, StepSpec("exact_dedup"))), executor="inprocess")
    assert summary.ok and summary.kept == 2
    report = tmp_path / "report.html"
    write_report(str(out), path=str(report), progress=False)

    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(report.as_uri())
    assert "ids occur more than once" in page.locator("[data-testid=run-warning]").first.inner_text()

    page.fill("#search", "R1")
    page.press("#search", "Enter")
    assert "2 documents have this id" in page.locator("#doc [data-testid=doc-count]").inner_text()
    fates = page.locator("#doc [data-testid=doc-reason]").all_inner_texts()
    assert sorted(fates) == ["kept", "removed by threshold: low_quality"]

    # from the "kept" group, each R1/R2 link opens a kept document, not the removed one
    page.select_option("#group", label=next(o for o in page.locator("#group option").all_inner_texts() if o.startswith("kept")))
    for i in range(page.locator("#ids a").count()):
        page.locator("#ids a").nth(i).click()
        assert page.locator("#doc [data-testid=doc-reason]").inner_text() == "kept"

    page.fill("#search", "R2")
    page.press("#search", "Enter")
    assert "duplicate of another document with the same id" in page.locator("#doc").inner_text()
    assert errors == []


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_an_id_named_like_an_object_property_is_shown(browser: Any, tmp_path: Path) -> None:
    # data.index["constructor"] is Object's own function when the id is not in the index
    from tamis.api import run
    from tamis.config import PipelineConfig
    from tamis.report.data import Limits
    from tests.report.conftest import THRESHOLD

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": f"The ferry runs every hour, says {i}.", "quality": {"score": s}}) + "\n"
                           for i, s in (("r0", 0.1), ("r1", 0.1), ("constructor", 0.9))))
    out = tmp_path / "out"
    assert run([str(src)], str(out), PipelineConfig(steps=(THRESHOLD,)), executor="inprocess").ok
    report = tmp_path / "report.html"
    write_report(str(out), path=str(report), progress=False, limits=Limits(index_ids=1))
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(report.as_uri())
    page.fill("#search", "constructor")
    page.press("#search", "Enter")
    assert page.locator("#doc h3").first.inner_text() == "constructor" and errors == []
