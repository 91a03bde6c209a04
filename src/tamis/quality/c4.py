"""C4 line rules (Raffel et al. 2020), as implemented by datatrove 0.10.1's ``C4QualityFilter``.

:func:`c4_marks` only marks: it says which lines the rules would remove and why, whether the page
contains "lorem ipsum" or a curly bracket, and how many sentences the kept lines hold. It never
edits the text. :func:`c4_apply_marks` performs the line removal, as a separate step would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tamis.quality.words import count_sentences

CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
END_PUNCTUATION = (".", "?", "!", '"', "'")
POLICY_SUBSTRINGS = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


@dataclass(frozen=True, slots=True)
class C4LineRules:
    """What makes a line bad. These are definitions, not thresholds: they decide which lines a
    later step removes, so they belong to the labeller. ``-1`` disables a numeric rule."""

    remove_citations: bool = True
    filter_no_terminal_punct: bool = True
    min_words_per_line: int = 3
    max_word_length: int = 1000
    filter_javascript: bool = True
    filter_policy: bool = True
    count_sentences: bool = True


def c4_marks(text: str, rules: C4LineRules = C4LineRules()) -> dict[str, object]:
    """Mark the lines of ``text`` that the C4 rules remove.

    Returns ``lines`` (count), ``drop_lines`` (indices into ``text.splitlines()``),
    ``removed`` (counts per rule), ``kept_lines``, ``sentences`` (in kept lines),
    ``lorem_ipsum`` and ``curly_bracket`` (found in a line that no earlier rule removed).

    >>> m = c4_marks("Menu\\nThis line is fine.\\nEnable javascript to see this page.\\nLorem ipsum dolor sit.")
    >>> m["drop_lines"], m["removed"], m["sentences"], m["lorem_ipsum"]
    ([0, 2], {'no_terminal_punct': 1, 'javascript': 1}, 2, True)
    >>> c4_marks("")["kept_lines"]
    0
    """
    removed: dict[str, int] = {}
    drop: list[int] = []
    kept = sentences = 0
    lorem = curly = False
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        line = raw.strip()
        words = line.split()
        reason = None
        if rules.max_word_length != -1 and len(line) > rules.max_word_length and any(len(w) > rules.max_word_length for w in words):
            reason = "too_long_word"
        else:
            if rules.remove_citations:
                line = CITATION.sub("", line)
            if rules.filter_no_terminal_punct and (not line.endswith(END_PUNCTUATION) or line.endswith("...")):
                reason = "no_terminal_punct"
            elif len(words) < rules.min_words_per_line:
                reason = "too_few_words"
            else:
                lowered = line.lower()
                if "lorem ipsum" in lowered:
                    lorem = True
                if rules.filter_javascript and "javascript" in lowered:
                    reason = "javascript"
                else:
                    if "{" in line:
                        curly = True
                    if rules.filter_policy and any(p in lowered for p in POLICY_SUBSTRINGS):
                        reason = "policy"
        if reason is None:
            kept += 1
            if rules.count_sentences:
                sentences += count_sentences(line)
        else:
            drop.append(i)
            removed[reason] = removed.get(reason, 0) + 1
    return {
        "lines": len(lines),
        "kept_lines": kept,
        "sentences": sentences,
        "lorem_ipsum": lorem,
        "curly_bracket": curly,
        "removed": removed,
        "drop_lines": drop,
    }


def c4_apply_marks(text: str, drop_lines: list[int], remove_citations: bool = True) -> str:
    """Remove the marked lines; strip the others (and their citation marks) and join them.

    >>> c4_apply_marks("  Keep me.[1]  \\nDrop me\\nKeep too.", [1])
    'Keep me.\\nKeep too.'
    """
    dropped = set(drop_lines)
    kept = []
    for i, raw in enumerate(text.splitlines()):
        if i in dropped:
            continue
        line = raw.strip()
        kept.append(CITATION.sub("", line) if remove_citations else line)
    return "\n".join(kept).strip()
