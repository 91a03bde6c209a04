"""Main content of page text: label every line, keep the body.

``label_lines`` is the workhorse: model scores (``model.py``), Viterbi smoothing, then readable
rules on top (``rules.py``): a numbered list that starts in the article is kept whole; the page
title is kept; a furniture section header ("About the author", "Related posts", "Leave a reply")
after the article starts a section that is dropped until real article text resumes; a line's
furniture kind is named from the lexicon or its shape; a comment area, a sign-up box after the
article and the byline block under the headline are dropped. The decoding's second chances (a
thin page, the article resuming after a box) and the shape rules (``notices.py``, ``teasers.py``,
``captions.py``) run on every path; the title, section, comment-thread, sign-up and byline rules
are for page text only (``rules=False`` on the HTML path). The ``*_batch`` functions and
``clean_texts`` score many pages in one model pass, with the same results.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tamis.errors import ConfigError
from tamis.extract.assemble import assemble
from tamis.extract.batching import batches
from tamis.extract.byline import byline_block
from tamis.extract.decoding import THIN_THRESHOLD, THIN_WORDS, best_prose, decode, decoded, resumed_runs, slots, thin_states
from tamis.extract.explain import model_reason, run_reason
from tamis.extract.layout import reflow_lines
from tamis.extract.features.page import MAX_LINE_CHARS, Page, page_matrix, stage2_matrix
from tamis.extract.model import LineModel, load_model
from tamis.extract.notices import article_copies, shaped_furniture, unended
from tamis.extract.headline import title_line
from tamis.extract.rules import (HEADING_WORDS, comment_thread, drop_thread, furniture_sections, numbered_lists, rule_marks,
                                 table_rows)
from tamis.extract.signup import signup_box

KEEP_LABELS = frozenset({"body", "title", "heading"})

# Per-line link counts of a rendering from ``html.render_page`` (the HTML model's extra input).
LinkInfo = Sequence[int] | np.ndarray | None

# A comment thread is dropped under a post: this many words of sentences above it (a title is no post)
POST_WORDS = 30
# The fewest words of a line ending in a colon that counts as the article resuming after a box
COLON_PARAGRAPH_WORDS = 40


@dataclass(frozen=True, slots=True)
class LineLabel:
    """One non-empty line of the input and what became of it."""

    line: int  # index into ``text.splitlines()``
    text: str
    label: str
    keep: bool
    score: float  # the model's smoothed probability that the line is article body
    reason: str


def _check_names(model: LineModel, names: list[str]) -> None:
    if names[: len(model.stage1.names)] != list(model.stage1.names):
        # a model file from an older feature set would silently score the wrong columns
        raise ConfigError("the extraction model was trained on other features than this tamis computes; "
                          "retrain it with python -m tamis.extract.training.train")


def check_model(model: LineModel) -> None:
    """Raise ``ConfigError`` unless ``model`` was trained on the features computed here (run
    once before a pipeline starts, so a stale model file stops the run instead of every page)."""
    page = Page("x", np.zeros(1) if model.meta.get("links") else None)
    _check_names(model, page_matrix(page, model.stopwords)[1])


def _as_text(text: str | bytes) -> str:
    """The page text: bytes are read as UTF-8 (as ``extract_html`` reads them), anything else is
    a caller's mistake that must not come back as the text of its ``repr``."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", "replace")
    raise TypeError(f"page text must be str or bytes, not {type(text).__name__}")


@dataclass(frozen=True, slots=True)
class _Decision:
    """Everything ``label_lines`` and ``kept_lines`` share: the page, its features and scores,
    and the verdicts (``keep`` already includes the title and excludes furniture sections)."""

    page: Page
    X: np.ndarray
    names: list[str]
    p_body: np.ndarray
    keep: np.ndarray
    sections: dict[int, tuple[str, str]]
    title: int | None
    words: np.ndarray
    kept_by: dict[int, str]  # lines kept by a rule after the model's decoding, with the rule's reason
    threshold: float  # the bar the decoding used, which the reasons quote


def _scores(page: Page, model: LineModel) -> tuple[np.ndarray, list[str], np.ndarray]:
    """The page's (or batch's) stage-one features, their names and the model's body probabilities."""
    X, names = page_matrix(page, model.stopwords)
    _check_names(model, names)
    _, p2 = model.body_probability(X, lambda logits: stage2_matrix(page, X, names, logits)[0])
    return X, names, p2


def _verdicts(page: Page, X: np.ndarray, names: list[str], p2: np.ndarray, words: np.ndarray, ends: np.ndarray,
              states: np.ndarray, rules: bool, threshold: float, low_states: np.ndarray | None,
              marks: tuple[bool, bool] = (True, True)) -> _Decision:
    """The rules on top of the smoothed states, for one page (its slices of the batch's arrays).
    ``low_states`` is the page's decoding at the lower bar if the page is thin, else None
    (``decoding.thin_states`` finds and decodes a batch's thin pages in one pass). ``marks`` says
    whether the page may hold a numbered list and a furniture section (``rules.rule_marks``);
    the rule is skipped where it cannot find one."""
    states, kept_by = decoded(p2, words, ends, states)
    if low_states is not None:
        low = min(THIN_THRESHOLD, threshold)
        gained = (low_states > states).nonzero()[0]
        why = f"a run kept at the lower bar {low:g}: at {threshold:g} the page kept under {THIN_WORDS} words"
        for i, p in zip(gained.tolist(), p2[gained].tolist()):  # a run is kept whole, a line under the bar too
            kept_by[i] = f"p(body)={p:.2f} in {why}" if p >= low else f"p(body)={p:.2f}, under the lower bar too, inside {why}"
        states = np.maximum(states, low_states)
    keep = states.astype(bool)
    for i in resumed_runs(p2, words, ends, page.groups, states):
        keep[i] = True
        kept_by[i] = f"p(body)={p2[i]:.2f}: the article resuming after a box of short lines"
    for start, end in numbered_lists(page.stripped) if marks[0] else ():
        if keep[start]:  # the list starts in the article: the rest of it is the article too
            for i in range(start + 1, end + 1):
                if not keep[i] and page.groups[i] is None:
                    keep[i] = True
                    kept_by[i] = f"in the numbered list that starts in the article with {page.stripped[start][:40]!r}"
    for rows in table_rows(page.stripped) if any("\t\t" in line for line in page.stripped) else ():
        if 2 * int(keep[rows].sum()) > len(rows):  # most of the table is in the article: all of it is
            for i in rows:
                # (not a row whose every cell is a link: a table of links right under the article
                # renders as more rows of it, "« Previous: A–F | Next: P–Z »", the site's navigation)
                if not keep[i] and page.groups[i] is None and (
                        page.links is None or page.links[i] < page.stripped[i].count("\t\t") + 1):
                    keep[i] = True
                    kept_by[i] = f"a row of a table whose other rows are in the article ({len(rows)} rows)"
    notices = shaped_furniture(page.groups, words, ends, page.stripped, keep)  # dropped in place
    if not rules:
        return _Decision(page, X, names, p2, keep, notices, None, words, kept_by, threshold)
    sections: dict[int, tuple[str, str]] = {}
    if marks[1]:
        # for the article resuming after a box, a paragraph that ends in a colon (a quote or a
        # list follows) is prose as much as one that ends a sentence; a box's own lines that end
        # in one ("Top 10 gadgets of 2024: ...:", "her books include:") are shorter
        said = ends | ((X[:, names.index("ends_colon")] > 0) & (words >= COLON_PARAGRAPH_WORDS))
        sections = furniture_sections(page.groups, words, (words >= 15) & said, states, page.stripped, said)
    sections.update(notices)
    if sections:
        keep[list(sections)] = False
    if (span := comment_thread(page.groups, words, (words >= 15) & ends, page.stripped) if marks[1] else None) is not None:
        start, end = span
        above = int(words[:start][keep[:start] & ends[:start]].sum()) >= POST_WORDS
        post: list[int] = []
        if not above:  # the model took the thread for the article: its post is above, if there is one
            # a line of a furniture phrase ("Subscribe to our newsletter …") or one a rule dropped is no post
            post = [i for i in best_prose(p2[:start], words[:start], ends[:start]).nonzero()[0].tolist()
                    if page.groups[i] is None and i not in sections]
            post = post if int(words[post].sum()) >= POST_WORDS else []
        if post or above:  # else a forum or Q&A, whose first post has a header like the replies
            sections.update(drop_thread(span, keep, page.stripped))
            keep[post] = True
            kept_by.update(dict.fromkeys(post, "among the best prose above the comment thread, which the model had taken for the article"))
    sections.update(article_copies(words, page.stripped, keep))  # dropped in place
    sections.update(signup_box(words, page.stripped, keep, page.groups))  # dropped in place
    title = title_line(page, keep, sections)
    if title is not None:
        keep[title] = True
    sections.update(byline_block(page.stripped, words, keep, title))  # dropped in place
    return _Decision(page, X, names, p2, keep, sections, title, words, kept_by, threshold)


def _decide(text: str, model: LineModel | None, threshold: float | None, links: LinkInfo, rules: bool = True) -> _Decision | None:
    return decide_batch([text], model, threshold, [links], rules)[0]


def decide_batch(texts: Sequence[str], model: LineModel | None, threshold: float | None, links: Sequence[LinkInfo],
                  rules: bool = True, lines: Sequence[list[str] | None] | None = None) -> list[_Decision | None]:
    """``_decide`` for several pages, whose lines the model scores as one batch (``Page.join``):
    the same decisions, at a fraction of the per-page cost on short pages. None for a page
    without any non-empty line. ``lines`` holds each text's ``splitlines()`` where the caller
    has it already (or None)."""
    if threshold is not None and not (isinstance(threshold, numbers.Real) and not isinstance(threshold, bool)
                                      and 0.0 < threshold < 1.0):  # checked here too: an empty page never reaches viterbi
        raise ValueError(f"threshold must be a number strictly between 0 and 1, got {threshold!r}")
    model = model or load_model()
    split = lines if lines is not None else [None] * len(texts)
    pages = [Page(_as_text(t), l, s) for t, l, s in zip(texts, links, split, strict=True)]
    full = [p for p in pages if p.stripped]
    if not full:
        return [None] * len(pages)
    batch = full[0] if len(full) == 1 else Page.join(full)
    X, names, p2 = _scores(batch, model)
    bounds = batch.seg.bounds.tolist()
    words = np.rint(np.expm1(X[:, names.index("log_words")])).astype(np.int64)
    ends = X[:, names.index("ends_sentence")] > 0
    threshold = model.threshold if threshold is None else threshold
    passed = slots(batch.groups, batch.stripped, words)
    states = decode(p2, passed, model.switch_cost, threshold, bounds)
    lows = thin_states(p2, words, ends, states, bounds, model.switch_cost, threshold, passed)
    marks = list(zip(*rule_marks(batch.stripped, batch.groups, batch.seg.page_of, len(bounds) - 1)))
    out: list[_Decision | None] = []
    k = 0
    for page in pages:
        if not page.stripped:
            out.append(None)
            continue
        a, b = bounds[k], bounds[k + 1]
        if page is not batch:
            page.groups = batch.groups[a:b]
        out.append(_verdicts(page, X[a:b], names, p2[a:b], words[a:b], ends[a:b], states[a:b], rules, threshold, lows[k],
                              marks[k]))
        k += 1
    return out


def kept_lines(text: str, model: LineModel | None = None, threshold: float | None = None,
               links: LinkInfo = None, rules: bool = True) -> list[int]:
    """Indices (into ``text.splitlines()``) of the lines ``clean_text`` keeps: ``label_lines``
    without building a label and reason per line, which is most of its cost on long pages.

    >>> kept_lines("Home\\nNews\\n\\n" + "The council met on Tuesday and agreed the plan. " * 3)
    [3]
    """
    return kept_indices(_decide(text, model, threshold, links, rules))


def kept_indices(d: _Decision | None) -> list[int]:
    """The kept lines of a ``decide_batch`` decision, as indices into its text's lines."""
    if d is None:
        return []
    index = d.page.index
    return [index[i] for i in d.keep.nonzero()[0].tolist()]


def label_lines(text: str, model: LineModel | None = None, threshold: float | None = None, explain: bool = True,
                links: LinkInfo = None, rules: bool = True) -> list[LineLabel]:
    """Label every non-empty line of ``text``; ``explain=False`` skips the (slower) reasons of
    dropped lines. ``rules=False`` leaves out the headline, furniture-section, comment-thread,
    sign-up and byline rules (the HTML path, where the DOM marks sections); the decoding's
    second chances and the shape rules run on both. The lines are labelled as given (``line``
    indexes ``text.splitlines()``); ``clean_text`` reflows the text first, so the labels of what
    it decides are ``label_lines(layout.reflow(text))``.

    >>> labels = label_lines("Home\\nNews\\nSport\\n\\n" + "The council met on Tuesday and agreed the plan. " * 3)
    >>> [(x.label, x.keep) for x in labels][-1]
    ('body', True)
    """
    model = model or load_model()
    return _labels(_decide(text, model, threshold, links, rules), model, explain)


def label_lines_batch(texts: Sequence[str], model: LineModel | None = None, threshold: float | None = None,
                      explain: bool = True) -> list[list[LineLabel]]:
    """``label_lines`` of each text, scored in batches (see ``clean_texts``): the same labels.

    >>> [[x.label for x in labels] for labels in label_lines_batch(["", "Home\\n\\n" + "The council met on Tuesday and agreed the plan. " * 3])]
    [[], ['navigation', 'body']]
    """
    model = model or load_model()
    return [_labels(d, model, explain) for batch in batches(texts) for d in decide_batch(batch, model, threshold, [None] * len(batch))]


def _labels(d: _Decision | None, model: LineModel, explain: bool) -> list[LineLabel]:
    if d is None:
        return []
    page, X, names, p2 = d.page, d.X, d.names, d.p_body
    out = []
    contrib = None
    block_col = names.index("log_block_lines")
    # a Markdown line is shown as written, not as the model read it
    shown = [page.lines[j].strip() for j in page.index] if page.markdown else page.stripped
    for i, s in enumerate(page.stripped):
        group = page.groups[i]
        if i in d.sections:
            label, reason = d.sections[i]
            kept = False
        elif i == d.title:
            label, reason, kept = "title", "headline just before the article text", True
        elif d.keep[i]:
            kept = True
            label = "heading" if d.words[i] <= HEADING_WORDS and unended(s) else "body"
            reason = d.kept_by.get(i) or run_reason(float(p2[i]), d.threshold, kept=True)
        else:
            kept = False
            label = group or ("navigation" if page.chars[i] < 40 and X[i, block_col] > math.log1p(3) else "boilerplate")
            if not explain:
                out.append(LineLabel(page.index[i], shown[i], label, False, round(float(p2[i]), 3), ""))
                continue
            if contrib is None:
                contrib = model.stage1.contributions(X)
            if p2[i] >= d.threshold and group is None:  # its own score would keep it: its neighbours did not
                reason = run_reason(float(p2[i]), d.threshold, kept=False)
            else:
                reason = model_reason(group, float(p2[i]), names, X[i], contrib[i], page.stripped[i])
        out.append(LineLabel(page.index[i], shown[i], label, kept, round(float(p2[i]), 3), reason))
    return out


def clean_text(text: str | bytes, model: LineModel | None = None, threshold: float | None = None) -> str:
    """The main content of a page's plain text, one kept line per line, in the original order.

    The text is first put in the layout the model reads (``layout.reflow``: wrapped paragraphs
    joined, a flat page split). For many pages, ``clean_texts`` gives the same, 2-3 times faster.

    >>> page = "Menu\\nHome\\nContact\\n\\n" + "\\n".join(["Officials said the road will reopen in spring after repairs to the old bridge are finished."] * 3)
    >>> "Contact" in clean_text(page)
    False
    """
    return _clean_batch([reflow_lines(_as_text(text))], model or load_model(), threshold)[0]


def clean_texts(texts: Iterable[str | bytes], model: LineModel | None = None, threshold: float | None = None) -> Iterator[str]:
    """``clean_text`` of each text, in order, with the model scoring many pages at once.

    The per-line model costs a few hundred numpy calls per page whatever its size, which on
    the short pages of a crawl is most of the time; a batch pays for them once. Each page's
    features are computed as if it were alone (the same numbers to the last bit, see
    ``segments``), so the results are exactly those of ``clean_text``.

    >>> list(clean_texts(["", "Home\\n\\n" + "The council met on Tuesday and agreed the plan. " * 3]))
    ['', 'The council met on Tuesday and agreed the plan. The council met on Tuesday and agreed the plan. The council met on Tuesday and agreed the plan.']
    """
    return _clean_texts(many(texts, "texts"), model or load_model(), threshold)


def many(items: Iterable[Any], what: str) -> Iterable[Any]:
    """``items`` as given, unless it is one text: a string is iterable too, and each of its
    characters was cleaned as a page of its own.

    >>> many("<p>hi</p>", "htmls")
    Traceback (most recent call last):
    ...
    TypeError: htmls must be a list (or another iterable) of pages, got one str: wrap it in a list
    """
    if isinstance(items, (str, bytes, bytearray)):
        raise TypeError(f"{what} must be a list (or another iterable) of pages, got one {type(items).__name__}: wrap it in a list")
    return items


def _clean_texts(texts: Iterable[str | bytes], model: LineModel, threshold: float | None) -> Iterator[str]:
    reflowed = (reflow_lines(_as_text(t)) for t in texts)
    for batch in batches(reflowed, lambda item: len(item[0])):
        yield from _clean_batch(batch, model, threshold)


def _clean_batch(batch: list[tuple[str, list[str] | None]], model: LineModel, threshold: float | None) -> list[str]:
    # a page's lines are split once, by ``reflow_lines`` or else ``Page`` (a page without any
    # non-empty line keeps none)
    texts = [text for text, _ in batch]
    return [kept_text(d) for d in decide_batch(texts, model, threshold, [None] * len(texts), lines=[lines for _, lines in batch])]


def kept_text(d: _Decision | None) -> str:
    """``assemble(d.page.lines, kept_indices(d))`` from what the page already holds: its lines
    stripped (``Page.stripped``), and, between two kept lines, a blank one exactly when more
    lines lie between them in the text than non-empty ones in the page (the others strip to
    nothing). No ``strip`` per kept line and no scan of each gap; the same text. (Not for a
    Markdown page, whose lines the model read as rendered, nor a line cut for the model.)

    >>> d = _decide("Menu\\n \\n" + "\\n".join(["The council met on Tuesday and agreed the plan for the bridge."] * 3), None, None, None)
    >>> kept_text(d) == assemble(d.page.lines, kept_indices(d)), kept_text(d)[:10]  # the line of white space: a blank one
    (True, 'Menu\\n\\nThe ')
    """
    if d is None:
        return ""
    page = d.page
    if page.markdown or max(page.chars) > MAX_LINE_CHARS:  # output the text's own lines
        return assemble(page.lines, kept_indices(d))
    kept = d.keep.nonzero()[0].tolist()
    if not kept:
        return ""
    index, stripped = page.index, page.stripped
    out = [stripped[kept[0]]]
    for prev, i in zip(kept, kept[1:]):
        if index[i] - index[prev] > i - prev:
            out.append("")
        out.append(stripped[i])
    return "\n".join(out)

