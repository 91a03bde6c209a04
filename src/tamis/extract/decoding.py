"""From the line model's scores to kept lines: the Viterbi decoding of a batch of pages, with the
slots that neither end an article run nor start one, and the second chances: a thin page
decoded again at a lower bar, a page without any body run keeping its best prose, and the
article resuming after a box below it.
"""

from __future__ import annotations

import numpy as np

from tamis.extract.model import viterbi

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


# An ad slot's label is a word or two ("Advertisement", "Anzeige", "Publicidade"); an article
# interrupted by one went on after it at a lower p(body), and lost its end (BENCHMARKS.md)
_AD_SLOT_WORDS = 3


def ad_slots(groups: list[str | None], words: np.ndarray) -> np.ndarray:
    """Which lines are an ad slot's label: the ``ad`` phrase group, at most ``_AD_SLOT_WORDS`` words.

    >>> ad_slots(["ad", None, "ad"], np.array([1, 12, 9])).tolist()
    [True, False, False]
    """
    ad = np.fromiter((g == "ad" for g in groups), dtype=bool, count=len(groups))
    return ad & (words <= _AD_SLOT_WORDS)


# A photo caption with its credit ("... (Image: Getty)") is a sentence or two at most
_CAPTION_WORDS = 40


def caption_slots(groups: list[str | None], words: np.ndarray) -> np.ndarray:
    """Which lines are a photo caption (the ``caption`` phrase group, at most ``_CAPTION_WORDS``
    words): like an ad slot, a caption between two paragraphs interrupts the article without
    ending it, so the decoding lets the paragraphs around it decide (see ``text.decide_batch``).

    >>> caption_slots(["caption", None, "ad"], np.array([12, 12, 1])).tolist()
    [True, False, False]
    """
    caption = np.fromiter((g == "caption" for g in groups), dtype=bool, count=len(groups))
    return caption & (words <= _CAPTION_WORDS)


# ad words that are also a topic: as a heading the model reads as body, they stay
_AD_TOPICS = frozenset({"ad", "ads", "advertising"})


def ad_topics(lines: list[str], slots: np.ndarray) -> np.ndarray:
    """Which ad slots are a topic word rather than a slot's label.

    >>> ad_topics(["Advertisement", "Ads:", "Text"], np.array([True, True, False])).tolist()
    [False, True, False]
    """
    out = np.zeros(len(lines), dtype=bool)
    for i in slots.nonzero()[0].tolist():
        out[i] = lines[i].lower().strip(" :") in _AD_TOPICS
    return out


# each line of a batch: an ad slot's label, an ad word that may be a topic, a photo caption
Slots = tuple[np.ndarray, np.ndarray, np.ndarray]


def slots(groups: list[str | None], lines: list[str], words: np.ndarray) -> Slots:
    """The lines that ``decode`` lets pass (``ad_slots``, ``ad_topics``, ``caption_slots``),
    found once for a batch and used by both of its decodings."""
    ads = ad_slots(groups, words)
    topics = ad_topics(lines, ads) if ads.any() else ads
    return ads, topics, caption_slots(groups, words)


def decode(p2: np.ndarray, marks: Slots, switch_cost: float, bar: float, bounds: list[int]) -> np.ndarray:
    """The smoothed states (1 body, 0 furniture) of a batch's lines at the bar ``bar``
    (``bounds``: each page's first line, and the end; ``marks``: ``slots`` of the lines).

    An ad slot's label inside an article ("Advertisement") neither ends a run nor starts one: it
    is decoded at the bar, so that its neighbours decide, then dropped, unless it is a topic word
    ("Ads", the heading of a privacy guide's section) that the model reads as body. A photo
    caption that the model reads as furniture likewise; one it reads as body is decoded as any
    other line ("Shares in Getty Images rose 4 percent." is a caption by its words only).

    Two paragraphs under a caption that scored 0.05 are lost to it by the plain decoding, and
    kept when the caption is let pass:

    >>> p, words = np.array([0.9, 0.9, 0.05, 0.65, 0.65, 0.1]), np.array([20, 20, 9, 20, 20, 2])
    >>> viterbi(p, 1.0).tolist()
    [1, 1, 0, 0, 0, 0]
    >>> marks = slots([None, None, "caption", None, None, None], [""] * 6, words)
    >>> decode(p, marks, 1.0, 0.5, [0, 6]).tolist()
    [1, 1, 0, 1, 1, 0]
    """
    ads, topics, captions = marks
    captions = captions & (p2 < bar)
    neutral = ads | captions
    if not neutral.any():
        return viterbi(p2, switch_cost, bar, bounds)
    states = viterbi(np.where(neutral, bar, p2), switch_cost, bar, bounds)
    states[(ads & ((p2 < bar) | ~topics)) | captions] = 0
    return states


def best_prose(p2: np.ndarray, words: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The most article-like prose lines (every page with prose has some main content), or none
    if even the best of them is under ``FALLBACK_MIN_P``. Prose is lines of 8 words or more that
    end a sentence, or any such lines on a page where no line ends one: Thai and Lao mark no
    sentence end, and a Thai article whose paragraphs all scored under the bar kept nothing. (A
    share instead, so that a footer's "© 2024 Site." would not turn this off, cost CleanEval 0.0013.)

    >>> best_prose(np.array([0.2, 0.35, 0.3]), np.array([3, 20, 30]), np.zeros(3, dtype=bool)).tolist()
    [False, True, True]
    """
    prose8 = (words >= 8) & (ends if ends.any() else True)
    if prose8.any() and float(p2[prose8].max()) >= FALLBACK_MIN_P:
        return prose8 & (p2 >= 0.8 * float(p2[prose8].max()))
    return np.zeros(len(p2), dtype=bool)


def decoded(p2: np.ndarray, words: np.ndarray, ends: np.ndarray, states: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """One page's smoothed states, and the lines kept by the fallback for a page where no run
    scored as body."""
    if not states.any() and (best := best_prose(p2, words, ends)).any():
        return best.astype(np.int8), dict.fromkeys(best.nonzero()[0].tolist(), "among the best prose of a page where no run scored as body")
    return states, {}


def is_thin(words: np.ndarray, states: np.ndarray) -> bool:
    return int(words[states > 0].sum()) < THIN_WORDS


def thin_states(p2: np.ndarray, words: np.ndarray, ends: np.ndarray, states: np.ndarray, bounds: list[int],
                 switch_cost: float, threshold: float, marks: Slots) -> list[np.ndarray | None]:
    """Each page's decoding at the lower bar where ``text._verdicts`` will want it (a thin page),
    else None: the thin pages of a batch found and decoded in one pass each, each page its own
    decoding as alone (one call per page cost more than the decoding on short pages)."""
    # the body words each page keeps, all pages at once; a page without any body run gets the
    # fallback of ``decoded`` first, which may keep enough (one page at a time: they are rare)
    firsts = np.asarray(bounds[:-1])
    kept = np.add.reduceat(np.where(states > 0, words, 0), firsts)
    thin = (kept < THIN_WORDS).nonzero()[0].tolist()
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
    pages = [slice(bounds[k], bounds[k + 1]) for k in thin]
    lows = decode(np.concatenate([p2[page] for page in pages]), tuple(np.concatenate([m[page] for page in pages]) for m in marks),
                  switch_cost, min(THIN_THRESHOLD, threshold), np.cumsum([0] + sizes).tolist())
    for k, lo, size in zip(thin, np.cumsum([0] + sizes).tolist(), sizes):
        out[k] = lows[lo : lo + size]
    return out


# The article resuming after a box (teasers, a "Don't miss" list, photo captions): the decoding
# keeps a run of prose only if its scores pay for entering it and leaving it again, and two or
# three paragraphs at p 0.6 after an interruption do not. Chosen on saved fold models (BENCHMARKS.md).
_RESUME_GAP = 6  # the most lines of the box
_BOX_WORDS = 15  # the most words of each of its lines
_PARAGRAPH_WORDS = 12  # the fewest words of a resumed paragraph
_RESUME_MEAN_P, _RESUME_MAX_P = 0.5, 0.6
_CLOSING_GROUPS = frozenset({"share", "comment", "author-bio"})  # (a "Related" box sits inside articles too)


def resumed_runs(p2: np.ndarray, words: np.ndarray, ends: np.ndarray, groups: list[str | None], states: np.ndarray) -> list[int]:
    """The lines of the prose runs that resume the article after its last kept line, past a box
    of at most ``_RESUME_GAP`` short lines (no share button, no comment or author-bio header in
    it): two or more paragraphs (``_PARAGRAPH_WORDS`` words ending a sentence, in no furniture
    group), photo captions and ad slots between them let pass, at a mean p(body) of
    ``_RESUME_MEAN_P`` and a best of ``_RESUME_MAX_P``.

    >>> p = np.array([0.9, 0.9, 0.1, 0.2, 0.62, 0.05, 0.66, 0.3])
    >>> words, ends = np.array([30, 30, 6, 9, 25, 10, 28, 4]), np.array([1, 1, 0, 0, 1, 0, 1, 0], dtype=bool)
    >>> resumed_runs(p, words, ends, [None] * 5 + ["caption", None, None], np.array([1, 1, 0, 0, 0, 0, 0, 0]))
    [4, 6]
    >>> resumed_runs(p, words, ends, [None] * 8, np.array([1, 1, 0, 0, 0, 0, 0, 0]))
    []
    """
    kept = states.nonzero()[0]
    if not len(kept):
        return []
    n = len(states)
    paragraph = (words >= _PARAGRAPH_WORDS) & ends
    out: list[int] = []
    i = int(kept[-1]) + 1
    while i < n:
        j = i  # past the box
        while j < n and j - i < _RESUME_GAP and words[j] <= _BOX_WORDS and not paragraph[j]:
            j += 1
        # share buttons or a section's header in the box ("Leave a Reply", "About the author"):
        # what follows is the page's, not the article's
        if any(g in _CLOSING_GROUPS for g in groups[i:j]):
            break
        run: list[int] = []
        while j < n and ((paragraph[j] and groups[j] is None) or groups[j] in ("caption", "ad")):
            if groups[j] is None:
                run.append(j)
            j += 1
        if len(run) < 2 or float(p2[run].mean()) < _RESUME_MEAN_P or float(p2[run].max()) < _RESUME_MAX_P:
            break
        out += run
        i = j
    return out
