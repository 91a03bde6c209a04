"""The language step's "undetermined" case: a text without a single letter gets no language."""

from __future__ import annotations


def test_number_symbols_are_no_letters() -> None:
    # "½", "Ⅻ" and "①" are \w but not digits: fastText called them English (0.12) or Welsh
    from tamis.quality.steps import has_letter

    assert not any(has_letter(t) for t in ("½ ¾", "Ⅻ Ⅳ", "①②③", "12:30 ⁴²"))
    assert has_letter("① Introduction") and has_letter("日本")
