"""Main content of page text: label every line, keep the body.

``label_lines`` is the workhorse: model scores (``model.py``), Viterbi smoothing, then three
readable rules on top: the page title is kept; a furniture section header ("About the author",
"Related posts", "Leave a reply") after the article starts a section that is dropped until real
article text resumes; a line's furniture kind is named from the lexicon or its shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tamis.extract.explain import model_reason
from tamis.extract.features import WORD_RE
from tamis.extract.page import Page, page_matrix, stage2_matrix
from tamis.extract.lexicon import SECTION_HEADERS
from tamis.extract.model import LineModel, load_model, sigmoid, viterbi

KEEP_LABELS = frozenset({"body", "title", "heading"})


@dataclass(frozen=True, slots=True)
class LineLabel:
    """One non-empty line of the input and what became of it."""

    line: int  # index into ``text.splitlines()``
    text: str
    label: str
    keep: bool
    score: float  # the model's smoothed probability that the line is article body
    reason: str


def _scores(page: Page, model: LineModel) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    X, names = page_matrix(page, model.stopwords)
    l1 = model.stage1.logits(X)
    X2, names2 = stage2_matrix(X, names, l1)
    p2 = sigmoid(model.stage2.logits(X2))
    return X, l1, p2, names


def _words(s: str) -> int:
    return len(WORD_RE.findall(s))


def _is_prose(s: str) -> bool:
    return _words(s) >= 15 and not s.rstrip().endswith(("…", "...")) and s.rstrip("\"'”’»)")[-1:] in ".!?。！？"


def _sections(page: Page, states: np.ndarray) -> dict[int, tuple[str, str]]:
    """Furniture sections started by a header after the article body has begun.

    A section runs until the next short heading that is followed by at least two prose
    paragraphs (the article resuming), or to the end of the page.
    """
    out: dict[int, tuple[str, str]] = {}
    lines = page.stripped
    n = len(lines)
    seen_body = False
    i = 0
    while i < n:
        group = page.groups[i]
        if states[i] == 1 and group is None and _words(lines[i]) >= 8:
            seen_body = True
        if seen_body and group in SECTION_HEADERS and _words(lines[i]) <= 6:
            header = lines[i]
            out[i] = (group, f"{group} section header {header[:60]!r}")
            j = i + 1
            while j < n:
                g = page.groups[j]
                if g in SECTION_HEADERS and _words(lines[j]) <= 6:
                    break
                if j + 2 < n and _words(lines[j]) <= 15 and g is None and _is_prose(lines[j + 1]) and _is_prose(lines[j + 2]):
                    break
                if _is_prose(lines[j]) and j + 1 < n and _is_prose(lines[j + 1]) and (j + 2 >= n or _is_prose(lines[j + 2])):
                    break
                # a line that is furniture by its own wording keeps its own label
                out[j] = (g or group, f"under the {group} header {header[:60]!r}")
                j += 1
            i = j
            continue
        i += 1
    return out


def _title(page: Page, keep: np.ndarray) -> int | None:
    """Index of the page's headline among the non-empty lines, or ``None``.

    The headline sits shortly before the first body line; html renderings also start with the
    ``<title>`` element, which the headline usually repeats.
    """
    body = np.flatnonzero(keep)
    if len(body) == 0:
        return None
    first = int(body[0])
    if first == 0:
        return None
    head = set(WORD_RE.findall(page.stripped[0].lower()))
    for k in range(first - 1, max(-1, first - 9), -1):
        s = page.stripped[k]
        w = WORD_RE.findall(s.lower())
        if not 2 <= len(w) <= 30 or page.groups[k] is not None:
            continue
        if k == 0 and first <= 2:
            return 0
        if k > 0 and head and len(head & set(w)) >= 0.6 * len(set(w)):
            return k
    # no <title> to match: a headline-shaped line right before the text (a byline may sit between)
    for k in range(first - 1, max(-1, first - 3), -1):
        s = page.stripped[k]
        if page.groups[k] == "byline":
            continue
        w = WORD_RE.findall(s)
        if 4 <= len(w) <= 25 and page.groups[k] is None and s.rstrip("\"'”’»)")[-1:] not in ".!?:;,":
            return k
        break
    return None


def label_lines(text: str, model: LineModel | None = None, threshold: float | None = None, explain: bool = True,
                links: list[int] | None = None) -> list[LineLabel]:
    """Label every non-empty line of ``text``; ``explain=False`` skips the (slower) reasons of
    dropped lines.

    >>> labels = label_lines("Home\\nNews\\nSport\\n\\n" + "The council met on Tuesday and agreed the plan. " * 3)
    >>> [(x.label, x.keep) for x in labels][-1]
    ('body', True)
    """
    if not isinstance(text, str):
        text = str(text)
    model = model or load_model()
    page = Page(text, links)
    n = len(page.stripped)
    if n == 0:
        return []
    X, l1, p2, names = _scores(page, model)
    states = viterbi(p2, model.switch_cost, model.threshold if threshold is None else threshold)
    if not states.any():
        # every page with prose has some main content: keep its most article-like prose lines
        prose = np.asarray([_words(s) >= 8 and s.rstrip("\"'”’»)")[-1:] in ".!?。！？" for s in page.stripped])
        if prose.any():
            best = float(p2[prose].max())
            states = (prose & (p2 >= 0.8 * best)).astype(np.int8)
    sections = _sections(page, states)
    keep = states.astype(bool).copy()
    for i in sections:
        keep[i] = False
    title = _title(page, keep)
    out = []
    contrib = None
    for i in range(n):
        s = page.stripped[i]
        group = page.groups[i]
        if i in sections:
            label, reason = sections[i]
            kept = False
        elif i == title:
            label, reason, kept = "title", "headline just before the article text", True
        elif keep[i]:
            kept = True
            if _words(s) <= 12 and s.rstrip("\"'”’»)")[-1:] not in ".!?。！？,;":
                label = "heading"
            else:
                label = "body"
            reason = f"p(body)={p2[i]:.2f} in an article run"
        else:
            kept = False
            if not explain:
                out.append(LineLabel(page.index[i], s, group or "boilerplate", False, round(float(p2[i]), 3), ""))
                continue
            if contrib is None:
                contrib = model.stage1.contributions(X)
            label = group or ("navigation" if math.expm1(X[i, 0]) < 40 and X[i, names.index("log_block_lines")] > math.log1p(3) else "boilerplate")
            reason = model_reason(group, float(p2[i]), names, X[i], contrib[i])
        out.append(LineLabel(page.index[i], s, label, kept, round(float(p2[i]), 3), reason))
    return out


def clean_text(text: str, model: LineModel | None = None, threshold: float | None = None) -> str:
    """The main content of a page's plain text, one kept line per line, in the original order.

    >>> page = "Menu\\nHome\\nContact\\n\\n" + "\\n".join(["Officials said the road will reopen in spring after repairs to the old bridge are finished."] * 3)
    >>> "Contact" in clean_text(page)
    False
    """
    if not isinstance(text, str):
        text = str(text)
    kept = [x.line for x in label_lines(text, model, threshold, explain=False) if x.keep]
    return assemble(text.splitlines(), kept)


def assemble(lines: list[str], kept: list[int]) -> str:
    """Join the kept lines (stripped, in order), with a blank line wherever the original had one
    between two kept lines, so paragraphs stay paragraphs.

    >>> assemble(["a", "", "nav", "b", "c"], [0, 3, 4])
    'a\\n\\nb\\nc'
    """
    out: list[str] = []
    prev = -1
    for idx in kept:
        if out and any(not lines[k].strip() for k in range(prev + 1, idx)):
            out.append("")
        out.append(lines[idx].strip())
        prev = idx
    return "\n".join(out)
