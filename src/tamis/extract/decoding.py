"""From the line model's scores to kept lines: the Viterbi decoding of a batch of pages, with the
slots that neither end an article run nor start one, and the two second chances, a thin page
decoded again at a lower bar and a page without any body run keeping its best prose.
"""

from __future__ import annotations

import numpy as np

from tamis.extract.model import viterbi
from tamis.extract.notices import ad_slots, ad_topics, caption_slots

# A page whose decoding keeps fewer body words than this is decoded again with the lower bar:
# a short article between furniture (an events list, a captioned photo) scores near the
# threshold and loses every line to its neighbours, and an article page with no article is
# rarer than a model that missed it. Chosen on saved fold models (BENCHMARKS.md, "thin pages").
THIN_WORDS = 60
THIN_THRESHOLD = 0.3
# A page where no run scored as body keeps its most article-like prose lines, unless even the
# best of them is this unlikely: a parked domain's "Copyright ... All Rights Reserved." (p 0.007)
# is not an article. No scrapinghub page and no CleanEval page lost a line to it (BENCHMARKS.md).
FALLBACK_MIN_P = 0.1


def decode(p2: np.ndarray, groups: list[str | None], lines: list[str], words: np.ndarray, switch_cost: float,
           threshold: float, bounds: list[int]) -> np.ndarray:
    """The smoothed states (1 body, 0 furniture) of a batch's lines (``bounds``: each page's first
    line, and the end).

    An ad slot's label inside an article ("Advertisement") neither ends a run nor starts one: it
    is decoded at the bar, so that its neighbours decide, then dropped, unless it is a topic word
    ("Ads", the heading of a privacy guide's section) that the model reads as body. A photo
    caption likewise, dropped unless the model reads it as body.

    Two paragraphs under a caption that scored 0.05 are lost to it by the plain decoding, and
    kept when the caption is let pass:

    >>> p, words = np.array([0.9, 0.9, 0.05, 0.65, 0.65, 0.1]), np.array([20, 20, 9, 20, 20, 2])
    >>> viterbi(p, 1.0).tolist()
    [1, 1, 0, 0, 0, 0]
    >>> decode(p, [None, None, "caption", None, None, None], [""] * 6, words, 1.0, 0.5, [0, 6]).tolist()
    [1, 1, 0, 1, 1, 0]
    """
    slots = ad_slots(groups, words)
    captions = caption_slots(groups, words)
    neutral = slots | captions
    states = viterbi(np.where(neutral, threshold, p2) if neutral.any() else p2, switch_cost, threshold, bounds)
    if slots.any():
        states[slots & ((p2 < threshold) | ~ad_topics(lines, slots))] = 0
    if captions.any():
        states[captions & (p2 < threshold)] = 0
    return states


def best_prose(p2: np.ndarray, words: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The most article-like prose lines (every page with prose has some main content), or none
    if even the best of them is under ``FALLBACK_MIN_P``."""
    prose8 = (words >= 8) & ends
    if prose8.any() and float(p2[prose8].max()) >= FALLBACK_MIN_P:
        return prose8 & (p2 >= 0.8 * float(p2[prose8].max()))
    return np.zeros(len(p2), dtype=bool)


def decoded(p2: np.ndarray, words: np.ndarray, ends: np.ndarray, states: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """One page's smoothed states, and the lines kept by the fallback for a page where no run
    scored as body."""
    if not states.any() and (best := best_prose(p2, words, ends)).any():
        return best.astype(np.int8), dict.fromkeys(np.flatnonzero(best).tolist(), "among the best prose of a page where no run scored as body")
    return states, {}


def is_thin(words: np.ndarray, states: np.ndarray) -> bool:
    return int(words[states > 0].sum()) < THIN_WORDS


def thin_states(p2: np.ndarray, words: np.ndarray, ends: np.ndarray, states: np.ndarray, bounds: list[int],
                 switch_cost: float, threshold: float) -> list[np.ndarray | None]:
    """Each page's decoding at the lower bar where ``text._verdicts`` will want it (a thin page),
    else None: the thin pages of a batch found and decoded in one pass each, each page its own
    decoding as alone (one call per page cost more than the decoding on short pages)."""
    # the body words each page keeps, all pages at once; a page without any body run gets the
    # fallback of ``decoded`` first, which may keep enough (one page at a time: they are rare)
    firsts = np.asarray(bounds[:-1])
    kept = np.add.reduceat(np.where(states > 0, words, 0), firsts)
    thin = np.flatnonzero(kept < THIN_WORDS).tolist()
    if thin:
        bodiless = (np.maximum.reduceat(states, firsts) <= 0).tolist()
        for k in [k for k in thin if bodiless[k]]:
            page = slice(bounds[k], bounds[k + 1])
            if not is_thin(words[page], decoded(p2[page], words[page], ends[page], states[page])[0]):
                thin.remove(k)
    out: list[np.ndarray | None] = [None] * (len(bounds) - 1)
    if not thin:
        return out
    sizes = [bounds[k + 1] - bounds[k] for k in thin]
    lows = viterbi(np.concatenate([p2[bounds[k] : bounds[k + 1]] for k in thin]), switch_cost,
                   min(THIN_THRESHOLD, threshold), np.cumsum([0] + sizes).tolist())
    for k, lo, size in zip(thin, np.cumsum([0] + sizes).tolist(), sizes):
        out[k] = lows[lo : lo + size]
    return out
