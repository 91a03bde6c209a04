"""Site-level evidence for the line labels, through the real runner (spills, resolve, ledger).

The fixture is a small made-up local newspaper site whose footer is a well-formed sentence: the
line model alone keeps it as article text; repeated on every page of the site, it is furniture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import StepSpec
from tamis.document import Document
from tamis.extract.steps import LineLabels, RemoveFurniture
from tamis.extract.text import label_lines
from tamis.run.explain import explain
from tests.helpers import check_invariant, ledger_rows, output_rows

FOOTER = ("The Kelmarsh Courier is published by Kelmarsh Media Ltd, an independent family-owned company, "
          "and has served the villages of the valley since 1952.")
MENU = ["Home", "News", "Sport", "Contact"]
ARTICLES = [
    ["Bridge repairs to close the river road for six weeks",
     "The county council said on Monday that the old stone bridge over the river will be closed to traffic from the "
     "first of March while engineers replace its worn bearings.",
     "Drivers will be sent along the ring road, which adds about ten minutes to the journey into town at busy times, "
     "according to the council's own estimate.",
     "Shop owners on the high street said they feared that fewer visitors would stop in the village during the works, "
     "and asked for better signs on the detour."],
    ["Village school celebrates a hundred years",
     "Pupils and teachers at the village primary school marked the building's centenary with an exhibition of "
     "photographs collected from families across the parish.",
     "The oldest former pupil to attend, who started at the school in 1938, told the children that the playground had "
     "once been a field where sheep grazed in summer.",
     "The head teacher said the school hoped to raise enough money from the celebrations to repair the roof of the old "
     "hall before next winter."],
    ["Farmers warn of a late harvest after the wet spring",
     "Heavy rain through April and May has left many fields too soft for machinery, and several farms in the valley "
     "have not yet finished sowing their barley.",
     "One farmer said that he had never seen the ground so wet at this time of year, and that the price of feed would "
     "rise if the harvest came in late.",
     "The local agricultural society has postponed its summer show by two weeks to give members more time to work on "
     "their land."],
    ["New library opening hours from September",
     "The town library will open on Sunday afternoons from September, after a survey found that many residents could "
     "not visit during the working week.",
     "Volunteers from the friends of the library group have offered to help staff the extra hours, and the council "
     "will pay for heating and lighting.",
     "The librarian said that the reading room would also host a homework club for secondary school pupils on weekday "
     "evenings."],
]
SITE_LINES = StepSpec.of("line_dedup", action="label", scope="site", min_docs=3)
STEPS = [SITE_LINES, StepSpec("line_labels"), StepSpec("remove_furniture")]


def page_text(article: list[str]) -> str:
    return "\n".join(MENU) + "\n\n" + "\n\n".join(article) + "\n\n" + FOOTER + "\n\nPrivacy policy\nTerms of use"


def write_corpus(folder: Path) -> None:
    rows = [{"id": f"courier-{i}", "text": page_text(a), "url": f"https://www.kelmarsh-courier.example/news/{i}"}
            for i, a in enumerate(ARTICLES)]
    # another site quotes the same sentence on two pages only: below min_docs for that site
    rows += [{"id": f"other-{i}", "text": page_text(ARTICLES[i]), "url": f"https://valley-blog.example/p/{i}"}
             for i in range(2)]
    rows.append({"id": "no-url", "text": page_text(ARTICLES[3])})
    # split over two files: two shards, so the per-site counts must cross shards
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:3]))
    (folder / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[3:]))


def test_the_model_alone_keeps_the_footer() -> None:
    # the premise of the feature: without corpus evidence the footer reads as article text
    kept = [x for x in label_lines(page_text(ARTICLES[0])) if x.text == FOOTER]
    assert kept and kept[0].keep


@pytest.mark.parametrize("executor", ["inprocess", "local"])
def test_site_repeated_footer_is_labelled_and_removed(tmp_path: Path, executor: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_corpus(src)
    out = tmp_path / "out"
    summary = run(str(src), str(out), steps=STEPS, executor=executor, workers=2)
    assert summary.ok
    check_invariant(out)
    docs = {r["id"]: r for r in output_rows(out)}
    assert set(docs) == {f"courier-{i}" for i in range(4)} | {"other-0", "other-1", "no-url"}
    for i in range(4):
        doc = docs[f"courier-{i}"]
        assert FOOTER not in doc["text"] and ARTICLES[i][1] in doc["text"]
        extract = doc["metadata"]["extract"]
        assert extract["removed"]["repeated"] == 1
        assert extract["repeated"]["reason"] == "1 line the model kept repeated on 4 pages of kelmarsh-courier.example"
        (line, pages), = extract["repeated"]["lines"]
        assert pages == 4 and page_text(ARTICLES[i]).splitlines()[line] == FOOTER
    for other in ("other-0", "other-1", "no-url"):
        doc = docs[other]
        assert FOOTER in doc["text"]
        assert "repeated" not in doc["metadata"]["extract"]
        assert "repeated" not in doc["metadata"]["extract"]["removed"]
    assert "dedup" not in docs["no-url"]["metadata"]
    text, found = explain(str(out), "courier-2")
    assert found and "repeated on 4 pages of kelmarsh-courier.example" in text


def test_duplicate_pages_keep_their_article(tmp_path: Path) -> None:
    # the same article at three URLs of one site: every line repeats, so the evidence says
    # "duplicate page", not "furniture"; the article must survive (near-dedup picks one copy)
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": f"copy-{i}", "text": page_text(ARTICLES[0]), "url": f"https://kelmarsh-courier.example/a?v={i}"}
            for i in range(3)]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    assert run(str(src), str(out), steps=STEPS, executor="inprocess").ok
    check_invariant(out)
    docs = output_rows(out)
    assert len(docs) == 3
    for doc in docs:
        assert ARTICLES[0][1] in doc["text"]
        assert "duplicate page" in doc["metadata"]["extract"]["repeated"]["ignored"]


def test_everything_repeated_and_dropped_is_accounted(tmp_path: Path) -> None:
    # pages that are nothing but site furniture end as no_main_content, each with one ledger row
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": f"p{i}", "text": "\n".join(MENU) + "\n\n" + FOOTER, "url": f"https://kelmarsh-courier.example/{i}"}
            for i in range(3)]
    rows += [{"id": f"a{i}", "text": page_text(a), "url": f"https://kelmarsh-courier.example/n/{i}"} for i, a in enumerate(ARTICLES)]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    assert run(str(src), str(out), steps=STEPS, executor="inprocess").ok
    summary = check_invariant(out)
    assert summary["input"] == 7
    fates = {r["id"]: (r["fate"], r["reason"]) for r in ledger_rows(out)}
    assert all(fates[f"a{i}"] == ("kept", None) for i in range(4))
    for doc in output_rows(out):
        assert FOOTER not in doc["text"]


def test_stale_evidence_is_not_used() -> None:
    # line numbers recorded for another version of the text must not relabel this one
    from tamis.dedup.lines import text_key

    text = page_text(ARTICLES[0])
    footer_line = text.splitlines().index(FOOTER)
    meta = {"dedup": {"repeated_lines": {"where": "kelmarsh-courier.example", "lines": [[footer_line, 5]],
                                         "text_key": text_key(text + " edited")}}}
    doc = Document("d", text, meta)
    labelled = list(LineLabels()([doc], _NoDrops()))
    assert "stale" in labelled[0].metadata["extract"]["repeated"]["ignored"] or \
        "changed" in labelled[0].metadata["extract"]["repeated"]["ignored"]
    kept = list(RemoveFurniture()(labelled, _NoDrops()))
    assert FOOTER in kept[0].text
    # the same record for the right text does relabel
    meta["dedup"]["repeated_lines"]["text_key"] = text_key(text)
    kept = list(RemoveFurniture()(LineLabels()([Document("d", text, meta)], _NoDrops()), _NoDrops()))
    assert FOOTER not in kept[0].text


def test_evidence_can_be_switched_off() -> None:
    from tamis.dedup.lines import text_key

    text = page_text(ARTICLES[1])
    meta = {"dedup": {"repeated_lines": {"where": "x.example", "lines": [[text.splitlines().index(FOOTER), 9]],
                                         "text_key": text_key(text)}}}
    step = LineLabels(LineLabels.Config(site_evidence=False))
    kept = list(RemoveFurniture()(step([Document("d", text, meta)], _NoDrops()), _NoDrops()))
    assert FOOTER in kept[0].text


class _NoDrops:
    def removed(self, doc: Document, step: str, drop: object) -> None:
        raise AssertionError(f"{doc.id} removed by {step}")

    def quarantined(self, doc: Document, step: str, reason: str, detail: object) -> None:
        raise AssertionError(f"{doc.id} quarantined by {step}: {reason} {detail}")


def test_the_default_pipeline_uses_site_evidence(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": f"courier-{i}", "text": page_text(a), "url": f"https://kelmarsh-courier.example/news/{i}"}
            for i, a in enumerate(ARTICLES)]
    rows.append({"id": "no-url", "text": page_text(ARTICLES[0]).replace("bridge", "viaduct")})
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    assert run(str(src), str(out), executor="inprocess").ok  # no steps given: the default pipeline
    check_invariant(out)
    docs = {r["id"]: r for r in output_rows(out)}
    assert all(FOOTER not in docs[f"courier-{i}"]["text"] for i in range(4))
    assert FOOTER in docs["no-url"]["text"]


def test_a_real_shop_crawl(tmp_path: Path, shared: Path) -> None:
    # 29 pages of one shop in a real WARC: its cart/login widget lines repeat on every page
    warc = shared / "data" / "crawl-samples" / "resiliparse_clueweb-quirk.warc.gz"
    if not warc.exists():
        pytest.skip(f"{warc} is absent")
    from tamis.presets import site_lines

    steps = [StepSpec("ftfy"), StepSpec("extract_html"), StepSpec("reflow"), site_lines(), StepSpec("line_labels"),
             StepSpec("remove_furniture")]
    out = tmp_path / "out"
    assert run(str(warc), str(out), steps=steps, executor="inprocess").ok
    summary = check_invariant(out)
    docs = output_rows(out)
    relabelled = [d for d in docs if "reason" in d["metadata"]["extract"].get("repeated", {})]
    assert len(relabelled) >= summary["input"] // 2
    for d in relabelled:
        rec = d["metadata"]["extract"]["repeated"]
        assert rec["reason"].endswith("pages of uraharajuku.st")
        assert d["metadata"]["extract"]["removed"]["repeated"] == len(rec["lines"])
        assert all(pages >= 3 for _, pages in rec["lines"])
