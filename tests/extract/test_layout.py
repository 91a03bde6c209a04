"""Hard-wrapped and flat page text are put back into one block per line; other text is untouched."""

from __future__ import annotations

import random
import textwrap
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.extract.conftest import ARTICLE_EN, FOOTER, NAV, page

from tamis.config import StepSpec
from tamis.document import Document
from tamis.extract import clean_text
from tamis.extract.layout import (_BLOCK_START, _MIN_LOWER_NEXT, _MIN_NEAR_SHARE, _NEAR_WIDTH, _WIDTHS, FLAT_CHARS,
                                  MENU_RUN, _capitalised, _may_wrap, join_fragments, reflow, split_flat, split_menu_runs, unwrap,
                                  wrap_width)
from tamis.presets import PRESETS
from tamis.steps.registry import build_step


def _markdown_page(width: int) -> str:
    """A page as html2text writes it: bullet menus, a heading, paragraphs wrapped at ``width``."""
    menu = "\n".join(f"  * {item}" for item in NAV)
    body = "\n\n".join(textwrap.fill(p, width) for p in ARTICLE_EN[1:])
    return f"{menu}\n\n# {ARTICLE_EN[0]}\n\n{body}\n\n" + "\n\n".join(FOOTER)


def test_wrapped_markdown_is_detected_and_unwrapped() -> None:
    text = _markdown_page(72)
    assert wrap_width(text.splitlines()) == 72
    lines = reflow(text).splitlines()
    for paragraph in ARTICLE_EN[1:]:
        assert paragraph in lines
    # menu items and footer lines are blocks of their own and stay apart
    assert "  * Home" in lines and "  * World" in lines
    assert FOOTER[0] in lines and FOOTER[1] in lines


def test_ordinary_page_text_is_untouched(english_page: str) -> None:
    assert wrap_width(english_page.splitlines()) is None
    assert reflow(english_page) is english_page
    # one block per line without blank lines, and a list of items of similar length
    items = [f"Item number {i} of the catalogue, with a short description." for i in range(30)]
    assert reflow("\n".join(ARTICLE_EN + items)) == "\n".join(ARTICLE_EN + items)


words = st.lists(st.sampled_from(["the", "council", "met", "on", "tuesday", "bridge", "repair", "plan", "river", "mayor"]),
                 min_size=40, max_size=120)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=3, max_size=6), st.integers(min_value=60, max_value=100))
def test_unwrap_inverts_greedy_wrapping(paragraphs: list[list[str]], width: int) -> None:
    texts = [" ".join(p) for p in paragraphs]
    wrapped = "\n\n".join(textwrap.fill(t, width) for t in texts)
    assert wrap_width(wrapped.splitlines()) is not None
    assert reflow(wrapped) == "\n\n".join(texts)


def test_unwrap_keeps_short_lines_and_list_items() -> None:
    assert unwrap(["Contact us", "Imprint"], 40) == ["Contact us", "Imprint"]
    line = "x" * 38
    assert unwrap([line, "- next item"], 40) == [line, "- next item"]
    assert unwrap([line, "continued here"], 40) == [line + " continued here"]


MORE_EN = [
    "Work on the first section will be paid for from the transport budget, which the council raised last autumn.",
    "Residents of the old town asked for the lanes to be separated from the pavement by low kerbs rather than by paint.",
    "The council promised to publish a map of the planned routes and to hold two public meetings before the work begins.",
    "Cycling groups welcomed the decision but said that the plan still leaves out the busy road to the railway station.",
    "Shop owners on the high street will be offered help with deliveries while the road is closed for the building work.",
    "Officials expect the full network to be finished within three years if the regional government provides its share.",
    "The opposition said it would support the plan as long as the council reports on its costs every six months.",
    "A similar scheme in a neighbouring town doubled the number of people cycling to work within two years of opening.",
    "Parents at the primary school on the river road have asked for a crossing guard during the months of building work.",
    "The council will also plant trees along the new lanes, which it says will give shade and slow down passing cars.",
    "Bus drivers' representatives asked for the lanes to stop short of the bus stops so that passengers can get on safely.",
    "The final plans will go before the council again in March, when members will vote on the order in which roads are done.",
]
TEASERS = ["Most read", "Police appeal after break-in at the museum", "Storm closes the coast road for a second day",
           "School meals to get more local produce", "Library opening hours extended in the summer"]


def _flat_page() -> str:
    """A page as BeautifulSoup's ``get_text(" ")`` writes it: everything on one line."""
    flat = " ".join(NAV + ARTICLE_EN + MORE_EN + TEASERS + FOOTER)
    assert len(flat) > FLAT_CHARS
    return flat


def test_flat_page_is_split_at_sentence_ends() -> None:
    lines = reflow(_flat_page()).splitlines()
    assert ARTICLE_EN[2] in lines and ARTICLE_EN[3] in lines
    assert split_flat("He paid 3.5 m. e.g. less. Then left.") == ["He paid 3.5 m. e.g. less.", "Then left."]
    # sentence ends of other scripts: Devanagari danda, Arabic question mark
    assert split_flat("यह पहला वाक्य है। यह दूसरा है") == ["यह पहला वाक्य है।", "यह दूसरा है"]
    assert split_flat("هل هذا سؤال؟ نعم") == ["هل هذا سؤال؟", "نعم"]


def test_a_flat_menu_is_cut_from_the_sentence_it_is_glued_to() -> None:
    # BeautifulSoup's text of a page: the menu runs straight into the headline and the article
    lines = reflow(_flat_page()).splitlines()
    assert lines[0] == " ".join(NAV[:-1])  # the run's last word may start a sentence: left to it
    assert lines[1].startswith("Contact us City council approves")
    assert ARTICLE_EN[2] in lines
    # a menu between two sentences, with the sentence's first word left to the sentence
    assert split_flat("It rained. News Sport Weather Travel Video The mayor spoke.") == [
        "It rained.", "News Sport Weather Travel Video", "The mayor spoke."]
    # names in prose are shorter runs than a menu, and scripts without case have no runs
    prose = "The mayor of New York met the Prime Minister of France on Tuesday."
    assert split_menu_runs(prose) == [prose]
    assert split_menu_runs("北京 上海 广州 深圳 天津 今天下雨") == ["北京 上海 广州 深圳 天津 今天下雨"]


capitalised_or_not = st.lists(st.sampled_from(["Home", "News", "the", "mayor", "Sport", "2019", "|", "«Quote", "said", "ok."]),
                              max_size=40)


@settings(max_examples=200, deadline=None)
@given(capitalised_or_not)
def test_menu_runs_only_cut_between_words(words: list[str]) -> None:
    piece = " ".join(words)
    pieces = split_menu_runs(piece)
    assert " ".join(pieces).split() == piece.split()  # nothing lost, nothing reordered
    assert all(p.strip() for p in pieces) or piece == ""

    def menu(p: str) -> bool:
        return len(p.split()) >= MENU_RUN - 1 and all(map(_capitalised, p.split()))

    for a, b in zip(pieces, pieces[1:]):  # every cut is next to a run of capitalised words
        assert menu(a) or menu(b)


def _text_nodes_page() -> str:
    """A page as BeautifulSoup's ``get_text("\\n")`` writes it: every link cuts its sentence."""
    body = ("The city council voted on Tuesday to build twelve kilometres of protected\n"
            "cycling lanes\n, ending a debate that had run for more than two years. The plan was drawn up by\n"
            "the transport committee\nand will be paid for from the regional budget.")
    return "\n".join(NAV + [ARTICLE_EN[0]]) + "\n" + body + "\n" + "\n".join(FOOTER)


def test_a_sentence_cut_at_its_links_is_joined_back() -> None:
    lines = reflow(_text_nodes_page()).splitlines()
    assert ("The city council voted on Tuesday to build twelve kilometres of protected cycling lanes, ending a debate "
            "that had run for more than two years. The plan was drawn up by the transport committee and will be paid "
            "for from the regional budget.") in lines
    for line in NAV + FOOTER:  # menus, list items and other blocks keep their own lines
        assert line in lines
    # lower-case menus are short lines, and nothing follows a finished sentence
    assert join_fragments(["news", "sport", "weather"]) is None
    assert join_fragments(["The council met on Tuesday as planned.", "more news"]) is None
    assert join_fragments(["The council met on Tuesday and agreed", "- a list item", "o a sub-item"]) is None


fragments = st.lists(st.sampled_from(["The mayor said the", "bridge", ", in spring", "News", "sport", "", "  o Item",
                                      "It opened.", "and the council agreed that"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(fragments)
def test_joining_fragments_only_removes_line_breaks(lines: list[str]) -> None:
    joined = join_fragments(lines)
    if joined is None:
        return
    assert len(joined) < len(lines)
    assert "".join(joined).replace(" ", "") == "".join(lines).replace(" ", "")  # same characters, in order


def test_joining_fragments_is_linear() -> None:
    def seconds(n: int) -> float:
        lines = ["the mayor said that the council", "and the"] * n
        start = time.process_time()
        assert len(join_fragments(lines) or ()) == 1
        return time.process_time() - start

    t1 = max(seconds(20_000), 0.002)
    assert seconds(160_000) < 25 * t1 + 0.2


def test_clean_text_extracts_from_a_flat_page() -> None:
    flat = _flat_page()
    out = clean_text(flat)
    assert ARTICLE_EN[2] in out
    assert len(out) < len(flat)


def test_reflow_is_linear() -> None:
    def seconds(text: str) -> float:
        start = time.process_time()
        reflow(text)
        return time.process_time() - start

    flat = "The mayor spoke about the bridge. " * 5_000
    wrapped = textwrap.fill(" ".join(ARTICLE_EN) * 200, 70)
    for text in (flat, wrapped):
        t1 = max(seconds(text), 0.002)
        assert seconds(text * 8) < 25 * t1 + 0.2


def test_reflow_step_is_in_the_default_pipeline_and_records_its_change() -> None:
    names = [spec.name for spec in PRESETS["default"]()]
    assert names.index("reflow") < names.index("line_labels")
    step = build_step(StepSpec.of("reflow"))
    wrapped = Document("w", _markdown_page(70))
    plain = Document("p", page(ARTICLE_EN))
    html = Document("h", _markdown_page(70), {"content_type": "text/html"})
    rendered = Document("r", _flat_page(), {"content_type": "text/plain", "extracted_from": "text/html"})
    out = list(step(iter([wrapped, plain, html, rendered]), None))
    assert out[3].text == _flat_page()  # extract_html's output is one block per line already
    assert ARTICLE_EN[1] in out[0].text.splitlines()
    meta = out[0].metadata["extract"]["reflow"]
    assert meta["lines_out"] < meta["lines_in"]
    assert out[1].text == page(ARTICLE_EN) and "extract" not in out[1].metadata
    assert out[2].text == _markdown_page(70)


def _wrap_width_without_precheck(lines: list[str]) -> int | None:
    """``wrap_width`` as it was before ``_continued`` rejected pages early (ae61b46), verbatim."""
    rows = [(i, len(s.rstrip())) for i, s in enumerate(lines) if s.count(" ") >= 4 and not _BLOCK_START.match(s)]
    if len(rows) < 4 or not _may_wrap([length for _, length in rows]):
        return None
    hist = np.bincount(np.minimum([length for _, length in rows], _WIDTHS[-1] + 1), minlength=_WIDTHS[-1] + 2)
    cum = np.cumsum(hist)
    near_all = cum[_WIDTHS] - cum[(_WIDTHS * (1 - _NEAR_WIDTH)).astype(np.int64)]
    gain = near_all - 2 * (cum[-1] - cum[_WIDTHS])
    k = int(gain.argmax())
    if gain[k] <= 0:
        return None
    best = int(_WIDTHS[k])
    near_rows = [i for i, length in rows if best * (1 - _NEAR_WIDTH) < length <= best]
    if len(near_rows) < max(4, _MIN_NEAR_SHARE * len(rows)):
        return None
    lower = sum(1 for i in near_rows if i + 1 < len(lines) and lines[i + 1].lstrip()[:1].islower())
    return best if lower >= _MIN_LOWER_NEXT * len(near_rows) else None


# lines that are near a wrap width or not, start in lower or upper case (or another script, or
# with white space the pre-check must step over), start blocks or not
_piece = st.sampled_from(["the", "Council", "met", "on", "bridge", "é", "Émile", "ßtraße", "ǅ", "日本", "1.", "*", "-", "o",
                          "[2]", "  ", "\t", "\u00a0", "\u2003", "x" * 30, "y" * 120])
_line = st.lists(_piece, max_size=40).map(" ".join)


_wrapped = st.lists(words, min_size=3, max_size=6).flatmap(
    lambda ps: st.integers(min_value=40, max_value=200).map(
        lambda w: "\n\n".join(textwrap.fill(" ".join(p), w) for p in ps).splitlines()))
# wrapped paragraphs with lines past the largest width among them (unwrapped paragraphs, links)
_long_line = st.lists(st.sampled_from(["the", "bridge", "* ", "1. ", "x" * 90]), min_size=30, max_size=60).map(" ".join)


def _interleave(parts: tuple[list[str], list[str], random.Random]) -> list[str]:
    lines, extra, rnd = parts
    out = list(lines)
    for line in extra:
        out.insert(rnd.randrange(len(out) + 1), line)
    return out


_mixed = st.tuples(_wrapped, st.lists(_long_line, max_size=12), st.randoms(use_true_random=False)).map(_interleave)


@settings(max_examples=400, deadline=None)
@given(st.lists(_line, max_size=40) | _wrapped | _mixed)
def test_wrap_width_precheck_changes_no_answer(lines: list[str]) -> None:
    assert wrap_width(lines) == _wrap_width_without_precheck(lines)
