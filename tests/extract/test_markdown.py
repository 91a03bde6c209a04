"""Markdown page text (RAG crawlers' output) is judged as its rendering, and output as written."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tamis.extract.markdown import looks_markdown, markdown_plain
from tamis.extract.features.page import Page
from tamis.extract.text import clean_text, kept_lines, label_lines

ARTICLE = [
    "The harbour town of Kelmarsh switched on its tidal power station on Monday, ending a decade of "
    "planning, two public inquiries and one [court case](https://courier.example/2023/court) over the turbines.",
    "The station sits in the old ferry basin, where four turbines turn with the tide twice a day. The "
    "operators say it will supply about a third of the town's homes once all four are running.",
    "Residents who opposed the plan said they feared for the seals that rest on the sandbanks. The "
    "[wildlife trust](https://trust.example/seals) has agreed to count them every month for five years.",
    "The mayor said the town had waited long enough and thanked the engineers, who worked through two "
    "winters of storms to finish the basin walls before the turbines were lowered into place.",
]


def markdown_page() -> str:
    menu = [f"* [{name}](https://courier.example/{name.lower()}/)" for name in
            ("Home", "News", "Sport", "Weather", "Opinion", "Events", "Contact")]
    related = [f"* [{title}](https://courier.example/2023/{n})" for n, title in enumerate(
        ("Ferry timetable changes for the winter season", "Lifeboat crew called out twice in one night",
         "New car park opens behind the market hall", "School choir wins the county cup again"))]
    return "\n".join(
        ["[![Coastal Courier](https://courier.example/logo.png)](https://courier.example/)", "", *menu, "",
         "# Harbour town opens its first tidal power station", "",
         "![The turbines in the ferry basin](https://courier.example/img/turbines.jpg)", "",
         "\n\n".join(ARTICLE), "", "## Related stories", "", *related, "",
         "[Privacy policy](https://courier.example/privacy) | [Terms](https://courier.example/terms)"])


def test_markdown_is_judged_as_its_rendering_and_output_as_written() -> None:
    page = markdown_page()
    rendered = "\n".join(markdown_plain(line) for line in page.splitlines())
    assert kept_lines(page) == kept_lines(rendered)  # the same decisions, line for line
    out = clean_text(page)
    for paragraph in ARTICLE:
        assert paragraph in out  # kept, links and all
    assert "[Home]" not in out and "Lifeboat" not in out and "Privacy" not in out


def test_labels_show_markdown_lines_as_written() -> None:
    labels = label_lines(markdown_page())
    linked = [x for x in labels if "[court case](" in x.text]
    assert len(linked) == 1 and linked[0].keep


def test_plain_text_is_not_read_as_markdown() -> None:
    text = "Menu\n\nThe **score** was 3 * 4 = 12 at half time, said #coach on the radio [see notes]."
    assert not looks_markdown(text)
    page = Page(text)
    assert not page.markdown and page.stripped == [s for s in text.splitlines() if s]


@given(st.text(alphabet=st.sampled_from("ab [](#)*_!:/.\n\r\\ x"), max_size=120))
def test_markdown_plain_only_removes_and_keeps_line_breaks(text: str) -> None:
    """Markup is removed, never added (what is left is a subsequence of the text), and every
    line break stays, so the lines of the page and of what the model reads correspond."""
    out = markdown_plain(text)
    it = iter(text)
    assert all(ch in it for ch in out)
    assert [c for c in out if c in "\r\n"] == [c for c in text if c in "\r\n"]
    if not re.search(r"[\[\]#]", text):
        assert out == text
    page = Page(text)
    assert len(page.stripped) == len(page.index)  # Page keeps its lines whatever the markup


def test_a_link_wrapped_across_lines_is_read_as_its_text() -> None:
    page = Page("# Bridge\n\nSee [the full\nstory](https://example.org/a-\nb) today.")
    assert page.markdown and page.stripped == ["Bridge", "See the full", "story", "today."]
