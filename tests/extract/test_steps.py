from __future__ import annotations

from tests.extract.conftest import ARTICLE_EN

from tamis.config import StepSpec
from tamis.document import Document
from tamis.errors import ConfigError
from tamis.extract.steps import ExtractHtml, LineLabels, RemoveFurniture
from tamis.steps.base import Drop
from tamis.steps.registry import build_step

import pytest


class Recorder:
    """Collects what the steps report, like a shard's ledger part."""

    def __init__(self) -> None:
        self.drops: list[tuple[str, str, Drop]] = []
        self.quarantines: list[tuple[str, str, str]] = []

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        self.drops.append((doc.id, step, drop))

    def quarantined(self, doc: Document, step: str, reason: str, detail: object) -> None:
        self.quarantines.append((doc.id, step, reason))


def run(steps: list, docs: list[Document]) -> tuple[list[Document], Recorder]:
    rec = Recorder()
    stream = iter(docs)
    for step in steps:
        stream = step(stream, rec)
    out = list(stream)
    assert rec.quarantines == []
    return out, rec


def test_label_then_remove(english_page: str) -> None:
    doc = Document("d1", english_page)
    out, rec = run([LineLabels(), RemoveFurniture()], [doc])
    assert len(out) == 1
    meta = out[0].metadata["extract"]
    assert meta["model"]
    assert meta["removed"].get("share", 0) >= 2
    assert ARTICLE_EN[2] in out[0].text
    assert "Share on Facebook" not in out[0].text


def test_all_furniture_drops_the_document() -> None:
    doc = Document("d2", "Home\nNews\nContact\nShare on Facebook\n© 2024 Example")
    out, rec = run([LineLabels(), RemoveFurniture()], [doc])
    assert out == []
    assert rec.drops[0][2].reason == "no_main_content"


def test_threshold_comes_from_config(english_page: str) -> None:
    keep_all = RemoveFurniture(RemoveFurniture.Config(keep_labels=("body", "title", "heading", "share", "navigation", "comment", "author-bio", "legal", "related", "boilerplate")))
    doc = Document("d3", english_page)
    out, _ = run([LineLabels(), keep_all], [doc])
    assert "Share on Facebook" in out[0].text
    strict = RemoveFurniture(RemoveFurniture.Config(min_score=1.0))
    out, rec = run([LineLabels(), strict], [Document("d4", english_page)])
    assert out == [] or len(out[0].text) < len(english_page) / 2


def test_too_large_is_skipped_not_stalled() -> None:
    doc = Document("big", "word " * 1000)
    out, _ = run([LineLabels(LineLabels.Config(max_chars=100)), RemoveFurniture()], [doc])
    assert out[0].metadata["extract"]["skipped"] == "too_large"
    assert out[0].text == "word " * 1000


def test_html_step_only_touches_html() -> None:
    html = "<html><body><nav><a href=/>Home</a></nav><article>" + "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:]) + "</article><footer>© 2024 Example</footer></body></html>"
    docs = [Document("h", html, {"content_type": "text/html"}), Document("t", "plain <b>text</b> stays as it is.")]
    out, _ = run([ExtractHtml()], docs)
    assert ARTICLE_EN[1] in out[0].text and "<p>" not in out[0].text and "Home" not in out[0].text
    assert out[0].metadata["content_type"] == "text/plain"
    assert out[1].text == "plain <b>text</b> stays as it is."


def test_registry_builds_with_options() -> None:
    step = build_step(StepSpec.of("remove_furniture", min_score=0.2))
    assert step.config.min_score == 0.2
    with pytest.raises(ConfigError):
        build_step(StepSpec.of("line_labels", threshold=2.0))


def _labels_alone(docs: list[Document]) -> list[object]:
    """Each document labelled by a step that reads no batch ahead."""
    out = []
    for d in docs:
        step = LineLabels()
        step.batch_size = 1  # an instance attribute: no read-ahead, label() per document
        (doc,), _ = run([step], [Document(d.id, d.text)])
        out.append(doc.metadata["extract"]["lines"])
    return out


def test_line_labels_in_batches_match_one_by_one(english_page: str) -> None:
    texts = [english_page, "", "Home\nNews", english_page.upper(), "Only one line of text here.", "x" * 50] * 3
    docs = [Document(f"d{i}", t) for i, t in enumerate(texts)]
    step = LineLabels()
    step.batch_size = 4  # batches of 4, 4, ..., 2: a partial one at the end
    out, _ = run([step], [Document(d.id, d.text) for d in docs])
    assert [d.id for d in out] == [d.id for d in docs]
    assert [d.metadata["extract"]["lines"] for d in out] == _labels_alone(docs)
    assert step.stats.batch_fallbacks == 0


def test_a_failing_batch_falls_back_to_one_by_one(english_page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import tamis.extract.text as text

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the batch path")

    monkeypatch.setattr(text, "label_lines_batch", broken)
    docs = [Document(f"d{i}", english_page) for i in range(3)]
    step = LineLabels()
    out, _ = run([step], docs)
    assert step.stats.batch_fallbacks == 1
    assert [d.metadata["extract"]["lines"] for d in out] == _labels_alone(docs)


def test_html_step_in_batches_matches_extract_html() -> None:
    from tamis.extract.html import extract_html

    article = "<article>" + "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:]) + "</article>"
    htmls = ["<title>Cycling lanes</title><nav><a href=/>Home</a></nav>" + article, "", "<p>Too short.</p>",
             "<div>" * 2000 + "deep", "<title>x</title><ul><li><a href=/a>A</a></li><li><a href=/b>B</a></li></ul>" + article]
    docs = [Document(f"h{i}", h, {"content_type": "text/html"}) for i, h in enumerate(htmls)]
    docs.insert(2, Document("t", "plain text"))
    want = {d.id: extract_html(d.text) for d in docs if d.id != "t"}  # before the step edits the texts
    step = ExtractHtml()
    step.batch_size = 3
    rec = Recorder()
    out = list(step(iter(docs), rec))
    assert {d.id: d.text for d in out if d.id != "t"} == {k: v for k, v in want.items() if v.strip()}
    assert sorted(i for i, _, _ in rec.drops) == sorted(k for k, v in want.items() if not v.strip())
    assert step.stats.batch_fallbacks == 0


def test_an_article_extract_html_kept_is_not_judged_again_by_the_text_model() -> None:
    # the text model, reading an article without its page, trimmed its edges: the default
    # pipeline scored 0.9563 on the scrapinghub HTML where extract_html alone scored 0.9658
    from tamis.extract.html import extract_html, label_html

    paras = ARTICLE_EN[1:] + ["Thanks to everyone who came.", "Acknowledgements", "Jane Doe"]
    html = ("<title>Cycling lanes</title><nav><a href=/>Home</a></nav><article><h1>New cycle lanes</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article>")
    doc = Document("h", html, {"content_type": "text/html"})
    want = extract_html(html)
    out, _ = run([ExtractHtml(), LineLabels(), RemoveFurniture()], [doc])
    assert out[0].text == want
    rows = out[0].metadata["extract"]["lines"]
    lines = want.splitlines()
    # one row per non-empty line of the article, with the HTML model's p(body), kept
    assert [r[0] for r in rows] == [i for i, line in enumerate(lines) if line.strip()]
    assert all(r[1] in ("body", "heading") for r in rows)
    # the scores are the HTML model's (label_html decides as extract_html does), not the text model's
    assert [r[2] for r in rows] == [round(x.score, 3) for x in label_html(html) if x.keep]
    dropped = [x for x in label_html(html) if not x.keep and x.reason != "not rendered"]
    # what the HTML model dropped is counted; the text model removed nothing more
    assert out[0].metadata["extract"]["removed"] == {"html": len(dropped)} and dropped


def test_what_extract_html_dropped_is_counted_and_with_record_removed_shown_by_explain() -> None:
    # a review: for an HTML page chars_removed was 0 and removed {} even with record_removed, so
    # neither explain nor the report could say what extraction took out of it
    from tamis.extract.html import label_html
    from tamis.extract.steps import ExtractHtmlConfig
    from tamis.run.explain import _removed_lines

    html = ("<title>Cycling lanes</title><article><h1>New cycle lanes</h1>" + "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:])
            + "</article><div>Share this: Facebook Twitter Email</div><div>Related: Bus fares rise again in May</div>")
    for record in (False, True):
        out, _ = run([ExtractHtml(ExtractHtmlConfig(record_removed=record)), LineLabels(), RemoveFurniture()],
                     [Document("h", html, {"content_type": "text/html"})])
        meta = out[0].metadata["extract"]
        gone = [x.text for x in label_html(html) if not x.keep and x.reason != "not rendered"]
        assert gone and meta["removed"] == {"html": len(gone)} and meta["html"]["lines_dropped"] == len(gone)
        assert meta["chars_removed"] == sum(len(t) + 1 for t in gone)
        shown = "\n".join(_removed_lines(out[0].metadata))
        if record:
            assert [text for _, text in meta["html"]["dropped"]] == gone and all(repr(t[:120]) in shown for t in gone)
        else:
            assert "dropped" not in meta["html"] and "extract_html: {record_removed: true}" in shown


def test_site_evidence_still_applies_to_html_articles() -> None:
    from tamis.dedup.lines import text_key
    from tamis.extract.html import extract_html

    html = "<article>" + "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:]) + "<p>The Courier is published by Coast Media.</p></article>"
    doc = Document("h", html, {"content_type": "text/html", "url": "https://a.example/x"})
    out, _ = run([ExtractHtml()], [doc])
    last = len(out[0].text.splitlines()) - 1
    assert out[0].text.splitlines()[last] == "The Courier is published by Coast Media."
    # what line_dedup (action: label, scope: site) records for a line seen on 9 pages of the site
    out[0].metadata["dedup"] = {"repeated_lines": {"where": "a.example", "lines": [[last, 9]], "text_key": text_key(out[0].text)}}
    out, _ = run([LineLabels(), RemoveFurniture()], out)
    assert "Coast Media" not in out[0].text and extract_html(html).startswith(out[0].text[:40])
    assert out[0].metadata["extract"]["removed"] == {"repeated": 1}


def test_an_html_page_without_an_article_says_which_line_came_closest() -> None:
    menu = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ["Home", "World", "Business", "Sport"])
    html = f"<html><body><div class='menu'><ul>{menu}</ul></div><p>Page not found</p></body></html>"
    doc = Document("p", html, {"content_type": "text/html"})
    out, rec = run([ExtractHtml()], [doc])
    assert out == []
    (_, step, drop), = rec.drops
    assert step == "extract_html" and drop.reason == "no_main_content"
    from tamis.extract.model import load_model

    assert 0.0 <= drop.detail["best_p"] < load_model("html").threshold and drop.detail["best_line"] in {"Page not found", "Home", "World", "Business", "Sport"}


def test_extract_html_records_the_page_title_unless_the_input_has_one() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:])
    html = f"<html><head><title>Cycling lanes | City News</title></head><body><article>{body}</article></body></html>"
    out, _ = run([ExtractHtml()], [Document("a", html, {"content_type": "text/html"}),
                                   Document("b", html, {"content_type": "text/html", "title": "From the crawl"})])
    assert [d.metadata["title"] for d in out] == ["Cycling lanes | City News", "From the crawl"]
    assert "City News" not in out[0].text


def test_an_article_under_min_chars_says_how_long_it_was() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:])
    doc = Document("s", f"<html><body><article>{body}</article></body></html>", {"content_type": "text/html"})
    out, rec = run([ExtractHtml(ExtractHtml.Config(min_chars=100_000))], [doc])
    assert out == [] and 0 < rec.drops[0][2].detail["chars_out"] < 100_000 and "best_p" not in rec.drops[0][2].detail


def test_remove_furniture_needs_line_labels_before_it() -> None:
    # without labels it would pass every document unchanged: the run refuses the pipeline; the
    # line rows extract_html writes count as labels
    from tamis.run.needs import missing_labellers

    def missing(*names: str) -> list[str]:
        return [labeller for _, _, _, labeller in missing_labellers([build_step(StepSpec(n)) for n in names])]

    assert missing("remove_furniture") == ["line_labels"]
    assert missing("line_labels", "remove_furniture") == []
    assert missing("extract_html", "remove_furniture") == []


def test_extract_html_max_chars_cannot_pass_the_extractions_own_cut() -> None:
    from tamis.extract.html import MAX_HTML_CHARS
    from tamis.extract.steps import ExtractHtmlConfig

    assert ExtractHtmlConfig(max_chars=MAX_HTML_CHARS).max_chars == MAX_HTML_CHARS
    with pytest.raises(ConfigError, match="at most"):
        ExtractHtmlConfig(max_chars=MAX_HTML_CHARS + 1)
