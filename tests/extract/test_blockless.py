"""Text with (almost) no blank lines, as in WET files and trafilatura output, is read one block per line."""

from __future__ import annotations

import pytest
from tests.extract.conftest import ARTICLE_EN, FOOTER, NAV

import tamis.extract.features.page as page_module
from tamis.extract import clean_text, label_lines
from tamis.extract.features.page import Page


def test_text_without_blank_lines_is_one_block_per_line() -> None:
    assert Page("a\nb\n\nc").blocks.tolist() == [0, 0, 1]  # blank lines mark the blocks
    assert Page("a\nb\nc").blocks.tolist() == [0, 1, 2]
    # one blank line among many line breaks is not a block structure
    lines = [f"line {i}" for i in range(60)]
    lines[30] = ""
    assert Page("\n".join(lines)).blocks.tolist() == list(range(59))


def test_text_is_not_changed() -> None:
    text = "\n".join(NAV + ARTICLE_EN + FOOTER)
    out = clean_text(text)
    assert "\n\n" not in out  # the paragraphs keep their single line breaks
    assert out.splitlines() == [line for line in text.splitlines() if line in out.splitlines()]


@pytest.mark.parametrize("share", [page_module.BLOCKLESS_SHARE, 0.0])
def test_single_spaced_page_scores_as_with_a_blank_line_between_lines(share: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """One block per line is how renderers with blank lines lay out paragraphs; with the rule off
    (share 0) the page is one block and its scores differ."""
    monkeypatch.setattr(page_module, "BLOCKLESS_SHARE", share)
    lines = NAV + ARTICLE_EN + FOOTER
    single = [(x.text, x.score) for x in label_lines("\n".join(lines))]
    spaced = [(x.text, x.score) for x in label_lines("\n\n".join(lines))]
    assert (single == spaced) == (share > 0)
