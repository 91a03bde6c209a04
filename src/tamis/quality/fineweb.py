"""FineWeb quality signals (Penedo et al. 2024), with the formulas of datatrove 0.10.1's
``FineWebQualityFilter`` so that its published thresholds mean the same here."""

from __future__ import annotations

from collections.abc import Iterable

from tamis.quality.gopher import duplicate_count
from tamis.quality.words import TERMINAL_PUNCTUATION, split_words


def fineweb_signals(
    text: str, short_line_length: int = 30, stop_chars: Iterable[str] | None = None
) -> dict[str, float | int | None]:
    """Line-level signals over the non-blank lines of ``text``.

    - ``line_punct_ratio``: lines ending in a sentence terminal (lines are not stripped);
    - ``short_line_ratio``: lines of at most ``short_line_length`` characters;
    - ``char_dup_ratio``: characters in lines that repeat an earlier line, over all non-newline
      characters;
    - ``newline_ratio``: newlines per word.

    Ratios are ``None`` when the text has no non-blank line.

    >>> s = fineweb_signals("Menu\\nA long enough sentence that ends with a period.\\nMenu\\n")
    >>> s["lines"], round(s["line_punct_ratio"], 3), round(s["short_line_ratio"], 3)
    (3, 0.333, 0.667)
    >>> round(s["char_dup_ratio"], 3), round(s["newline_ratio"], 3)
    (0.073, 0.25)
    >>> fineweb_signals(" \\n")["line_punct_ratio"] is None
    True
    """
    stops = tuple(TERMINAL_PUNCTUATION if stop_chars is None else stop_chars)
    lines = [line for line in text.split("\n") if line.strip() != ""]
    n = len(lines)
    if n == 0:
        return {"lines": 0, "line_punct_ratio": None, "short_line_ratio": None, "char_dup_ratio": None, "newline_ratio": None}
    punct = short = 0
    for line in lines:
        if line.endswith(stops):
            punct += 1
        if len(line) <= short_line_length:
            short += 1
    chars = len(text) - text.count("\n")
    n_words = len(split_words(text))
    return {
        "lines": n,
        "line_punct_ratio": punct / n,
        "short_line_ratio": short / n,
        "char_dup_ratio": duplicate_count(lines)[1] / chars if chars else None,
        "newline_ratio": text.count("\n") / n_words if n_words else None,
    }
