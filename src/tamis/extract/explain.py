"""Readable reasons for the model's verdicts.

The stage-one model is additive, so each feature's term says how much it pushed a line towards
furniture; the reason names the two strongest pushes in words a person can check by eye.
"""

from __future__ import annotations

import math
import re

import numpy as np

_NEIGHBOUR = re.compile(r"_(w\d+|prev|next|pn)$")
_PHRASES: dict[str, str] = {
    "log_chars": "length {chars} chars",
    "log_words": "{words} words",
    "stop_ratio": "{stop:.0%} stop words",
    "log_stops": "{stops} stop words",
    "ends_sentence": "{ends}",
    "log_repeats": "repeated elsewhere on the page",
    "rel_position": "position on the page",
    "log_block_lines": "in a block of short lines",
    "link_density": "mostly link text",
    "cluster1_share": "outside the main block of prose",
    "cluster3_share": "outside the main block of prose",
    "cluster6_share": "outside the main block of prose",
    "s1": "line itself looks like furniture",
    "vocab_shared": "shares few words with the rest of the page",
    "core_vocab": "shares few words with the main text",
    "s1_headers_passed": "after a furniture section header",
    "chars_vs_max": "short next to the page's longest line",
    "anchor_mass": "much text away from the headline",
}

# Facts about the whole page (its size, whether it has a headline, its largest cluster of prose):
# they move every line's score alike, so they say nothing about why this line is furniture.
_PAGE_LEVEL = re.compile(r"^(log_page_\w+|anchor_found|cluster\d+_largest)$")


# Features a line has or lacks: the reason says which, since a term can push towards furniture
# either way, and naming the feature alone read as if the line had it ("ends colon" on a line of
# names). None where lacking it is what nearly every line does: "no colon at the end" was true of
# any line, and read as a reason 108 times on 9 real pages (a review), so the next term speaks.
_HAS_OR_LACKS: dict[str, tuple[str, str | None]] = {
    "ends_colon": ("ends with a colon", None),
    "ends_ellipsis": ("ends with an ellipsis", None),
    "punct_per_word": ("{punct:.2f} commas or full stops per word", "no commas or full stops"),
    # measured against the page's prose (``features.lines.titlecase_ratios``: German nouns)
    "titlecase_ratio": ("{title:.0%} of words Title-Cased", "no Title-Cased words"),
    "separators": ("separator characters (| • » / – and the like)", None),
    "urlish": ("looks like a link or address", None),
    "date_like": ("date or time", None),
    "digit_ratio": ("{digits:.0%} digits", None),
    "bullet_start": ("starts with a bullet", None),
    "has_link": ("is a link", None),
    "title_overlap": ("repeats the page title", "no word of the page title"),
    "cjk": ("CJK text", "no CJK text"),
}


# Features whose value says where the line is: the share of the page's prose above it
# (``prose_before``) or below it (``prose_after``); most of it above is a line after the main text
_WHERE: dict[str, tuple[str, str]] = {
    "prose_before": ("after the main text", "before the main text"),
    "prose_after": ("before the main text", "after the main text"),
}


# Distances and ranks (log1p of a count of lines or blocks; signed where it says before or after):
# the words depend on the line's own value, near or far. None: nothing a reader could check (a
# line next to prose or inside the main text pushed towards furniture by its distance's bin).
_NEAR_FAR: dict[str, tuple[float, str | None, str]] = {
    "block_index": (math.log1p(5), "among the page's first blocks", "far down the page's blocks"),
    "log_dist_prose": (math.log1p(2), None, "far from any prose"),
    "anchor_dist": (math.log1p(2), "right by the headline", "far from the headline"),
    "core_dist": (math.log1p(1), None, "far from the main text"),
}


def _phrase(name: str, row: dict[str, float]) -> str | None:
    """The words for one feature's push towards furniture, from the line's own value of it.

    >>> _phrase("prose_before", {"prose_before": 0.9}), _phrase("prose_after", {"prose_after": 0.9})
    ('after the main text', 'before the main text')
    >>> _phrase("lex_byline", {"lex_byline": 1.0}), _phrase("lex_byline", {"lex_byline": 0.0})
    ("'byline' phrase", None)
    >>> _phrase("lex_any", {"lex_any": 1.0}) is None
    True
    >>> _phrase("block_index", {"block_index": 1.4}), _phrase("block_index", {"block_index": 2.5})
    ("among the page's first blocks", "far down the page's blocks")
    >>> [_phrase("after_anchor", {"after_anchor": v, "anchor_dist": -1.1}) for v in (0.0, 1.0, 0.5)]
    ['before the headline', 'after the headline', None]
    >>> _phrase("after_anchor", {"after_anchor": 0.0, "anchor_dist": 0.0})
    'the headline line'
    """
    if _PAGE_LEVEL.match(name):
        return None
    if _NEIGHBOUR.search(name):
        return "neighbours look like furniture"
    if name.startswith("lex_"):
        # a binned weight can push a line that lacks the phrase: no reason a reader could check;
        # "any phrase" only repeats the phrase group the reason names first
        return f"{name[4:]!r} phrase" if row.get(name, 0.0) > 0 and name != "lex_any" else None
    if name in _NEAR_FAR:
        cut, near, far = _NEAR_FAR[name]
        return far if abs(row.get(name, 0.0)) >= cut else near
    if name == "after_anchor":  # 1 after the headline, 0 before it, 0.5 on a page without one
        value = row.get(name, 0.5)
        if value == 0.5:
            return None
        # (the headline itself is "at" it, which read as if the line were above some other headline)
        return "after the headline" if value > 0.5 else "the headline line" if row.get("anchor_dist") == 0 else "before the headline"
    if name in _WHERE:
        most_above, most_below = _WHERE[name]
        return most_above if row.get(name, 0.0) > 0.5 else most_below
    if name in _HAS_OR_LACKS:
        has, lacks = _HAS_OR_LACKS[name]
        words = has if row.get(name, 0.0) > 0 else lacks
        return None if words is None else words.format(
            punct=row.get("punct_per_word", 0.0), title=row.get("titlecase_ratio", 0.0), digits=row.get("digit_ratio", 0.0))
    template = _PHRASES.get(name)
    if template is None:
        return name.replace("_", " ")
    return template.format(
        chars=int(round(math.expm1(row.get("log_chars", 0.0)))),
        words=int(round(math.expm1(row.get("log_words", 0.0)))),
        stop=row.get("stop_ratio", 0.0),
        stops=int(round(math.expm1(row.get("log_stops", 0.0)))),
        ends="ends like a sentence" if row.get("ends_sentence") else "no sentence ending",
    )


def model_reason(group: str | None, p_body: float, names: list[str], x: np.ndarray, contrib: np.ndarray,
                 line: str = "") -> str:
    """Why a line was judged furniture, e.g. ``"p(body)=0.03: 2 words; in a block of short lines"``.

    >>> model_reason("share", 0.02, ["log_words"], np.array([1.1]), np.array([-2.0]))
    "p(body)=0.02: 'share' phrase; 2 words"
    >>> [model_reason(None, 0.1, ["titlecase_ratio"], np.array([0.0]), np.array([-1.0]), s) for s in ("about us", "关于我们")]
    ['p(body)=0.10: no Title-Cased words', 'p(body)=0.10: page context']
    """
    row = {name: float(x[j]) for j, name in enumerate(names[: len(x)])}
    # a line of a script without letter case (Chinese, Arabic, Thai, ...) has no Title-Cased
    # words to lack: saying so read as a reason
    uncased = bool(line) and not any(c.isupper() or c.islower() for c in line)
    order = np.argsort(contrib[: len(names)])
    parts = []
    if group:
        parts.append(f"{group!r} phrase")
    for j in order[:6]:
        if contrib[j] >= 0 or len(parts) >= 3:
            break
        phrase = None if uncased and names[j] == "titlecase_ratio" else _phrase(names[j], row)
        if phrase is not None and phrase not in parts:
            parts.append(phrase)
    return f"p(body)={p_body:.2f}: " + "; ".join(parts or ["page context"])


def run_reason(p_body: float, threshold: float, kept: bool) -> str:
    """Why a line's verdict differs from its own score, or agrees with it, in a kept run: the
    decoding keeps and drops runs of lines, so a line can be carried either way by its neighbours.

    >>> run_reason(0.3, 0.5, kept=True)
    'p(body)=0.30, under the bar 0.5, inside an article run: runs are kept whole'
    >>> run_reason(0.61, 0.5, kept=False)
    'p(body)=0.61, over the bar 0.5, but the lines around it are furniture: a line alone does not make a run'
    """
    if kept:
        if p_body >= threshold:
            return f"p(body)={p_body:.2f} in an article run"
        return f"p(body)={p_body:.2f}, under the bar {threshold:g}, inside an article run: runs are kept whole"
    return f"p(body)={p_body:.2f}, over the bar {threshold:g}, but the lines around it are furniture: a line alone does not make a run"
