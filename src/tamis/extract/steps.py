"""Pipeline steps: extract HTML, label lines, remove the furniture lines.

Label first, decide separately: ``line_labels`` writes per-line labels and scores under
``metadata["extract"]``; ``remove_furniture`` edits the text from those labels and its own
thresholds, so changing what is kept needs no new model pass.

Time: every algorithm here is meant to be linear in the input, so a per-document size cap is
meant as a time cap. Measured cost is about 5-10 ms per 100 kB of text, so the default caps (2 MB of
text, 5 MB of HTML) bound one document to well under a second: HTML past ``extract_html.max_chars``
is cut before parsing (``extract.html.truncated``), text past ``line_labels.max_chars`` is left
unlabelled (``extract.skipped: "too_large"``), and ``reflow`` leaves text past its cap as it is.
Where that fails (two patterns were quadratic on runs of spaces and dots until a review found
them), the runner's time budget per document and step (``steps/budget.py``, ``run.doc_seconds``)
quarantines the document, so that it cannot stall the shard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tamis.document import Document
from tamis.errors import ConfigError
from tamis.extract.limits import MAX_HTML_CHARS
from tamis.io.sniff import looks_like_page
from tamis.steps.base import Drop, Labeller, Transformer

if TYPE_CHECKING:
    from tamis.extract.text import LineLabel
    from tamis.extract.html import ScoredArticle

MODEL_NAME = "tamis-lines-1"


def _extract_meta(doc: Document) -> dict:
    meta = doc.metadata.get("extract")
    if not isinstance(meta, dict):
        meta = {}
        doc.metadata["extract"] = meta
    return meta


def is_html(doc: Document) -> bool:
    """Is the document's text HTML? As its metadata's ``content_type`` says; without one, as the
    text reads (a JSONL record of raw HTML went out with its markup, as if it were prose).

    >>> is_html(Document("a", "<p>x</p>", {"content_type": "text/html; charset=utf-8"}))
    True
    >>> is_html(Document("a", "plain")), is_html(Document("b", "<!DOCTYPE html><p>x</p>"))
    (False, True)
    >>> is_html(Document("c", "<p>x</p>", {"content_type": "text/plain"}))
    False
    """
    ctype = doc.metadata.get("content_type")
    if not isinstance(ctype, str):
        return looks_like_page(doc.text)
    return "html" in ctype.lower() or "xml" in ctype.lower()


@dataclass(frozen=True, slots=True)
class ExtractHtmlConfig:
    # HTML past this many characters is cut before parsing (the article is nearly always early);
    # at most ``MAX_HTML_CHARS``, which the extraction itself never parses past.
    max_chars: int = 5_000_000
    # A page with less main content than this is dropped as "no_main_content".
    min_chars: int = 1
    # Also write the text of each line the HTML model dropped, with its p(body), under
    # ``extract.html.dropped`` (as ``remove_furniture.record_removed`` does for page text), so that
    # ``tamis explain`` shows what went. Off by default: the output would carry the furniture.
    record_removed: bool = False

    def __post_init__(self) -> None:
        if self.max_chars < 1 or self.min_chars < 0:
            raise ConfigError("extract_html: max_chars must be positive and min_chars non-negative")
        if self.max_chars > MAX_HTML_CHARS:
            raise ConfigError(f"extract_html.max_chars is at most {MAX_HTML_CHARS:,}: the extraction cuts every page there")


class ExtractHtml(Transformer):
    """Replace HTML text (metadata content_type text/html, or no content_type and a text that is a
    page) with its main content."""

    name = "extract_html"
    Config = ExtractHtmlConfig
    # its line rows, in the format ``line_labels`` writes (``remove_furniture`` reads them)
    writes = ("extract.lines", "extract.html")
    # the line model scores this many pages in one pass (``html.extract_htmls``)
    batch_size = 64

    def setup(self) -> None:
        self._ahead: dict[int, ScoredArticle] = {}

    def _html(self, doc: Document) -> str:
        return doc.text if len(doc.text) <= self.config.max_chars else doc.text[: self.config.max_chars]

    def prefetch(self, docs: list[Document]) -> None:
        from tamis.extract.html import extract_htmls_scored

        self._ahead = {}
        todo = [d for d in docs if is_html(d)]
        articles = list(extract_htmls_scored(self._html(d) for d in todo))
        # keyed by identity: the documents of the batch are alive until ``transform`` takes theirs
        self._ahead = {id(d): a for d, a in zip(todo, articles)}

    def transform(self, doc: Document) -> Drop | None:
        if not is_html(doc):
            return None
        from tamis.extract.html import extract_htmls_scored

        article = self._ahead.pop(id(doc), None)
        if article is None:
            article = next(extract_htmls_scored([self._html(doc)]))
        text, scores, best, title, dropped, rendered = article
        meta = _extract_meta(doc)
        if title and "title" not in doc.metadata:  # what RAG users show and trafilatura records; the input's own wins
            doc.metadata["title"] = title
        # no timing here: labels are output, and the same input must give the same bytes on
        # every run and executor (the step's time is in the run's stats)
        meta["html"] = {"chars_in": len(doc.text), "chars_out": len(text), "truncated": len(doc.text) > self.config.max_chars,
                        "chars_rendered": rendered, "lines_dropped": len(dropped)}
        if dropped:  # counted as remove_furniture counts the lines it removes from page text (which adds to them)
            meta["removed"] = {"html": len(dropped)}
            meta["chars_removed"] = sum(len(line) + 1 for _, line in dropped)  # each with its line break
            if self.config.record_removed:
                meta["html"]["dropped"] = [[p, line] for p, line in dropped]
        # the HTML model's decision, line by line, in the format ``line_labels`` writes: the
        # text model then leaves these lines alone (judging the article again without its page
        # cost 0.0095 F1 on the scrapinghub HTML, BENCHMARKS.md) and adds only site evidence
        meta["lines"] = html_line_rows(text, scores)
        doc.text = text
        doc.metadata["content_type"] = "text/plain"
        doc.metadata["extracted_from"] = "text/html"
        if len(text.strip()) < self.config.min_chars:
            why: dict[str, object] = {"html_chars": meta["html"]["chars_in"]}
            if text.strip():  # an article, shorter than min_chars
                why["chars_out"] = len(text.strip())
            elif best is not None:  # none: the page's most article-like line, and how far it was from the bar
                why.update(best_p=best[0], best_line=best[1])
            return Drop("no_main_content", why)
        return None


def html_line_rows(text: str, scores: list[float]) -> list[list]:
    """``[line index, label, p(body)]`` for each non-empty line of an article ``extract_html``
    kept, ``scores`` being their p(body) in order; a line is a heading or body by its shape.

    >>> html_line_rows("Bridge reopens\\n\\nThe bridge reopened on Monday after repairs.", [0.8, 0.97])
    [[0, 'heading', 0.8], [2, 'body', 0.97]]
    """
    from tamis.extract.rules import shape_label

    rows = [[i, shape_label(line), 1.0] for i, line in enumerate(text.splitlines()) if line.strip()]
    if len(rows) == len(scores):  # always, unless the article's text was edited in between
        for row, p in zip(rows, scores):
            row[2] = p
    return rows


@dataclass(frozen=True, slots=True)
class ReflowConfig:
    # Texts longer than this are left as they are (the time budget, as in ``line_labels``).
    max_chars: int = 2_000_000

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ConfigError("reflow.max_chars must be positive")


class Reflow(Transformer):
    """Join hard-wrapped paragraphs and split flat one-line pages into sentences.

    That is the layout ``line_labels`` reads, one block per line (``tamis.extract.layout``).
    Ordinary text is untouched; ``clean_text`` does the same before labelling."""

    name = "reflow"
    Config = ReflowConfig

    def transform(self, doc: Document) -> None:
        # text that extract_html rendered is one block per line already, and an article that is
        # mostly one long paragraph would otherwise be taken for a flat page
        if is_html(doc) or doc.metadata.get("extracted_from") == "text/html" or len(doc.text) > self.config.max_chars:
            return None
        from tamis.extract.layout import reflow

        text = reflow(doc.text)
        if text != doc.text:
            _extract_meta(doc)["reflow"] = {"lines_in": len(doc.text.splitlines()), "lines_out": len(text.splitlines())}
            doc.text = text
        return None


@dataclass(frozen=True, slots=True)
class LineLabelsConfig:
    # Viterbi prior: a higher bar keeps fewer lines (but a page where no run passes it keeps its best
    # prose, and one that keeps under 60 words is decoded again lower). None: the model's own value.
    threshold: float | None = None
    # Texts longer than this are not labelled (marked ``skipped: too_large``): the time budget.
    max_chars: int = 2_000_000
    # Use the repeated-line evidence of an earlier ``line_dedup`` with ``action: label``
    # (``tamis.extract.site``): kept lines the site repeats become ``repeated`` furniture...
    site_evidence: bool = True
    # ...unless more than this share of the page's kept characters repeats, in 3+ lines: the page
    # is then taken for a copy of another page (left to near-dedup), ``site.DUPLICATE_LINES``.
    max_repeated_share: float = 0.9

    def __post_init__(self) -> None:
        if self.threshold is not None and not 0.0 < self.threshold < 1.0:
            raise ConfigError("line_labels.threshold must be between 0 and 1")
        if self.max_chars < 1:
            raise ConfigError("line_labels.max_chars must be positive")
        if not 0.0 <= self.max_repeated_share <= 1.0:
            raise ConfigError("line_labels.max_repeated_share must be between 0 and 1")


def _from_html(doc: Document) -> bool:
    """Whether ``extract_html`` made this text (and so wrote its line rows): a metadata look-up."""
    return doc.metadata.get("extracted_from") == "text/html"


def _html_labels(doc: Document) -> list[LineLabel] | None:
    """The line rows ``extract_html`` wrote, as labels, when the text is still its article."""
    from tamis.extract.text import LineLabel

    meta = doc.metadata.get("extract")
    rows = meta.get("lines") if isinstance(meta, dict) else None
    if not isinstance(rows, list):
        return None
    lines = doc.text.splitlines()
    if not all(isinstance(r, list) and len(r) >= 3 and isinstance(r[0], int) and 0 <= r[0] < len(lines) for r in rows):
        return None
    return [LineLabel(r[0], lines[r[0]], r[1], True, r[2], "kept by the HTML model") for r in rows]


class LineLabels(Labeller):
    """Label each line of plain text: body, title, heading, navigation, share, legal, ..."""

    name = "line_labels"
    Config = LineLabelsConfig
    # the model scores this many documents in one pass (``text.label_lines_batch``)
    batch_size = 64

    def setup(self) -> None:
        from tamis.extract.model import load_model
        from tamis.extract.text import check_model

        self._model = load_model()
        check_model(self._model)
        self._ahead: dict[int, list[LineLabel]] = {}

    def prefetch(self, docs: list[Document]) -> None:
        from tamis.extract.text import label_lines_batch

        self._ahead = {}
        todo = [d for d in docs if len(d.text) <= self.config.max_chars and not _from_html(d)]
        labels = label_lines_batch([d.text for d in todo], self._model, self.config.threshold, explain=False)
        # keyed by identity: the documents of the batch are alive until ``label`` takes their labels
        self._ahead = {id(d): x for d, x in zip(todo, labels)}

    def label(self, doc: Document) -> None:
        from tamis.extract.text import label_lines

        meta = _extract_meta(doc)
        meta["model"] = MODEL_NAME
        if len(doc.text) > self.config.max_chars:
            meta["skipped"] = "too_large"
            return
        labels = self._ahead.pop(id(doc), None)
        if labels is None and _from_html(doc):  # extract_html decided already, with the page's markup
            labels = _html_labels(doc)
        if labels is None:
            labels = label_lines(doc.text, self._model, self.config.threshold, explain=False)
        if self.config.site_evidence:
            labels = self._site(doc, labels, meta)
        # compact: [line index, label, p(body)] per non-empty line
        meta["lines"] = [[x.line, x.label, x.score] for x in labels]

    def _site(self, doc: Document, labels: list[LineLabel], meta: dict) -> list[LineLabel]:
        from tamis.extract.site import apply_evidence, read_evidence

        evidence = read_evidence(doc.metadata, doc.text)
        if evidence is None:
            return labels
        if isinstance(evidence, str):
            meta["repeated"] = {"ignored": evidence}
            return labels
        labels, record = apply_evidence(labels, evidence, self.config.max_repeated_share)
        if record:
            meta["repeated"] = record
        return labels


@dataclass(frozen=True, slots=True)
class RemoveFurnitureConfig:
    keep_labels: tuple[str, ...] = ("body", "title", "heading")
    # Also drop kept lines whose smoothed body probability is below this (0 = trust the labels).
    min_score: float = 0.0
    # A document with fewer characters of main content left is dropped as "no_main_content".
    min_chars: int = 1
    # Also write each removed line's text into its ``extract.lines`` row ([line, label, p, text]),
    # so that ``tamis explain`` and the report show what went, not only how many lines. Off by
    # default: furniture is often a third of a page's characters, and the output would carry it.
    record_removed: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_score <= 1.0:
            raise ConfigError("remove_furniture.min_score must be between 0 and 1")
        unknown = sorted(set(self.keep_labels) - line_labels())
        if unknown:
            # a misspelt label ("bodyy") matched no line, and every document was removed
            raise ConfigError(f"remove_furniture.keep_labels: {unknown!r} is no line label (labels: {', '.join(sorted(line_labels()))})")


def line_labels() -> frozenset[str]:
    """Every label ``line_labels`` gives a line: the kept ones, the model's two kinds of
    furniture, the site-repeat label and the phrase groups (which the page rules reuse)."""
    from tamis.extract.features.phrases import LEXICON_GROUPS

    return frozenset({"body", "title", "heading", "navigation", "boilerplate", "repeated"}
                     | {group.replace("_", "-") for group in LEXICON_GROUPS})


class RemoveFurniture(Transformer):
    """Remove the lines that ``line_labels`` marked as furniture; record what went."""

    name = "remove_furniture"
    Config = RemoveFurnitureConfig
    # without the labels every document would pass unchanged: the run refuses such a pipeline
    needs = {"extract.lines": "line_labels"}

    def transform(self, doc: Document) -> Drop | None:
        from tamis.extract.assemble import assemble

        meta = doc.metadata.get("extract")
        lines = meta.get("lines") if isinstance(meta, dict) else None
        if not isinstance(lines, list):
            return None  # not labelled (skipped or no labeller): leave the text alone
        cfg = self.config
        keep = set(cfg.keep_labels)
        kept: list[int] = []
        # added to what extract_html dropped from an HTML page before (its "html" count)
        removed: dict[str, int] = dict(meta["removed"]) if isinstance(meta.get("removed"), dict) else {}
        text_lines = doc.text.splitlines()
        for n, entry in enumerate(lines):
            idx, label, score = entry[:3]
            if label in keep and score >= cfg.min_score:
                kept.append(idx)
            else:
                removed[label] = removed.get(label, 0) + 1
                if cfg.record_removed and 0 <= idx < len(text_lines):
                    lines[n] = [idx, label, score, text_lines[idx]]
        before = len(doc.text)
        doc.text = assemble(text_lines, kept)
        meta["removed"] = removed
        earlier = meta.get("chars_removed")
        meta["chars_removed"] = (earlier if type(earlier) is int else 0) + before - len(doc.text)
        if len(doc.text.strip()) < cfg.min_chars:
            return Drop("no_main_content", {"lines": len(lines), "removed": removed})
        return None
