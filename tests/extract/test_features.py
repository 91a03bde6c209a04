"""The whole-page feature passes agree with a plain per-line computation of the same things.

``line_features`` maps regex matches and token counts back to lines by offsets; an off-by-one
there would shift evidence onto a neighbouring line without any error, so it is checked against
the obvious per-line code on arbitrary text.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.extract.features import _DATE_RE, _URLISH_RE, BASE_FEATURES, WORD_RE, line_features
from tamis.extract.lexicon import lexicon_groups, match_lexicon

STOP = frozenset({"the", "and", "of", "der", "die", "и"})
pieces = st.sampled_from(["the", "and", "Home", "Share on Facebook", "www.example.com", "a@b.c", "12:30", "2019",
                          "3.4.2020", "© 2024 Paper. All rights reserved.", "Getty Images", "Jane says:", "…", "...",
                          "İstanbul", "日本語", "- item", "»", "Related posts", "x", " ", "\t", "!", "."])
lines_st = st.lists(st.lists(pieces, min_size=1, max_size=12).map(" ".join).map(str.strip).filter(bool),
                    min_size=1, max_size=30)


def col(feats: np.ndarray, name: str) -> list[float]:
    return feats[:, BASE_FEATURES.index(name)].tolist()


@settings(max_examples=150, deadline=None)
@given(lines_st)
def test_whole_page_passes_match_per_line(lines: list[str]) -> None:
    feats, groups, _ = line_features(lines, STOP)
    toks = [WORD_RE.findall(s.lower()) for s in lines]
    assert col(feats, "stop_ratio") == [sum(t in STOP for t in ts) / max(1, len(ts)) for ts in toks]
    assert col(feats, "urlish") == [float(len(s) < 500 and _URLISH_RE.search(s) is not None) for s in lines]
    assert col(feats, "date_like") == [float(len(s) < 80 and _DATE_RE.search(s) is not None) for s in lines]
    assert col(feats, "bullet_start") == [float(s[:1] in "-*•·–—►▶>") for s in lines]
    assert groups == [match_lexicon(s.lower(), len(ts)) for s, ts in zip(lines, toks)]
    assert groups == lexicon_groups([s.lower() for s in lines], [len(ts) for ts in toks])


def test_lexicon_match_is_per_line() -> None:
    # a pattern must never see across a newline: "12" on one line and "comments" on the next
    lows = ["12", "comments", "the mayor said so."]
    assert lexicon_groups(lows, [1, 1, 4]) == [None, "comment", None]


def test_every_any_phrase_passes_the_needle_prefilter() -> None:
    # one example per alternative of lexicon._ANY; the ANY regex only runs on lines holding a needle
    examples = {
        "legal": ["© 2020 paper", "(c) 2019 paper", "copyright paper", "all rights reserved", "alle rechte vorbehalten",
                  "tous droits réservés", "todos los derechos reservados", "tutti i diritti riservati",
                  "wszelkie prawa zastrzeżone", "все права защищены", "privacy policy", "we use cookies",
                  "terms of use", "terms of service", "datenschutz", "politique de confidentialité",
                  "política de privacidad", "polityka prywatności", "your email address will not be published",
                  "required fields are marked"],
        "caption": ["a bridge. (ap photo/jane doe)", "(reuters) x", "a bridge (photo: jd)", "photo credit jd",
                    "image credit jd", "getty images", "via shutterstock", "jane doe / reuters", "photo by jd",
                    "photo: jd", "foto: jd", "picture by jd", "image: jd", "foto by jd", "picture: jd", "image by jd"],
    }
    for group, lines in examples.items():
        lows = [f"{s} and some more words to make the line long enough for the any patterns" for s in lines]
        assert lexicon_groups(lows, [20] * len(lows)) == [group] * len(lows), group
