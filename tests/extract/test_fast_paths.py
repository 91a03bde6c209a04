"""The vectorised fast paths of the feature pass and the model agree with the plain code they
replace: a regex per token or line, ``searchsorted`` per column, a substring test per line.

Each fast path trades a Python or numpy step per item for a few whole-page operations, so an
off-by-one or an encoding corner (characters beyond the BMP, lone surrogates, very long lines)
would silently shift or drop evidence; these tests compare against the obvious code on
arbitrary text.
"""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.extract.features.chars import _CLOSERS, _DIGIT_RE, _PUNCT_RE, _SENT_END, _SEP_RE, char_counts, code_points, line_endings
from tamis.extract.features.lines import WORD_RE
from tamis.extract.features.tokens import feature_word_re, page_tokens, word_tokens
from tamis.extract.features.lexicon import _ENDING_TAIL, Haystack, lines_containing, lines_matching_at_end
from tamis.extract.features.phrases import ANY_NEEDLES, COMMENT_ENDINGS
from tamis.extract.model import _BROADCAST_VALUES, BinnedLinear
from tamis.extract.features.page import BLOCKLESS_SHARE, Page
from tamis.extract.rules import _ITEM_NUMBER, numbered_lists
from tamis.extract.features.segments import Segments

# text with what the fast paths must get right: line breaks of every kind, punctuation that
# opens a word, CJK, characters beyond the BMP (word and non-word), lone surrogates
chars = st.characters(blacklist_categories=()) | st.sampled_from(list("\n\r\x0b\u2028 -(\"«/|,.;、Ab9_éİ日本😀𝔘\ud800शेयरก่\u0301"))
texts = st.text(alphabet=chars, max_size=200)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_word_tokens_are_the_regex_tokens(text: str) -> None:
    # ``\w`` runs with the BMP's combining marks in them (a vowel sign belongs to its word)
    toks, lines = word_tokens(text)
    assert toks == _FEATURE_WORD.findall(text)
    assert lines.tolist() == [text.count("\n", 0, m.start()) for m in _FEATURE_WORD.finditer(text)]


_FEATURE_WORD = feature_word_re()  # the table's words (``_word_table``) against the regex's


def test_vowel_signs_stay_in_their_words() -> None:
    assert word_tokens("शेयर करें है। ข่าวที่เกี่ยวข้อง mañana")[0] == ["शेयर", "करें", "है", "ข่าวที่เกี่ยวข้อง", "mañana"]
    assert WORD_RE.findall("शेयर") == ["श", "यर"]  # the benchmark's tokens are ``\w`` runs, marks cut out


def test_no_word_character_is_whitespace() -> None:
    # word_tokens splits on whitespace after blanking non-word characters: no character may be both
    word = re.compile(r"\w")
    both = [c for c in range(0x110000) if chr(c).isspace() and word.match(chr(c))]
    assert both == []


_CAP = re.compile(r"(?<![^\s\"'“„«(])[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻČŠŽŘĎŤŇŐŰА-ЯЁΑ-Ω]")


def _per_line(line: str) -> dict[str, int]:
    cp = [ord(c) for c in line]
    return {
        "digit": len(_DIGIT_RE.findall(line)),
        "punct": len(_PUNCT_RE.findall(line)),
        "sep": len(_SEP_RE.findall(line)),
        "cap": len(_CAP.findall(line)),
        "cjk": sum(0x3040 <= c <= 0x30FF or 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xAC00 <= c <= 0xD7AF
                   or 0x0E00 <= c <= 0x0E7F for c in cp),
        "space": line.count(" "),
        "bullet": int(line[:1] != "" and line[0] in "-*•·–—►▶>"),
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=chars, max_size=40).map(lambda s: s.replace("\n", " ")), max_size=12))
def test_char_counts_match_per_line_regexes(lines: list[str]) -> None:
    got = char_counts(lines)
    for i, line in enumerate(lines):
        assert {k: int(v[i]) for k, v in got.items()} == _per_line(line), line


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list(".…:!?。a \"')]*»”’") + ["..."]), max_size=8).map("".join), max_size=8))
def test_line_endings_match_rstrip(lines: list[str]) -> None:
    tails = [s.rstrip(_CLOSERS) for s in lines]
    ell = [t.endswith(("...", "…")) for t in tails]
    sentence, colon, ellipsis = line_endings(code_points(lines))
    assert ellipsis.tolist() == ell
    assert sentence.tolist() == [t[-1:] in _SENT_END and t[-1:] != "" and not e for t, e in zip(tails, ell)]
    assert colon.tolist() == [t[-1:] == ":" for t in tails]


def test_char_counts_of_a_line_longer_than_a_lane() -> None:
    # counts are packed into 16-bit lanes; a longer line takes the one-count-at-a-time path
    line = "Ab, 1 " * 12_000
    got = char_counts(["x", line, "- 9"])
    assert {k: int(v[1]) for k, v in got.items()} == _per_line(line)
    assert {k: int(v[2]) for k, v in got.items()} == _per_line("- 9")


# needles and pieces of them, in several scripts (UTF-8 of one to three bytes), a lone surrogate
_NEEDLE_PIECES = list("ab(c)/ ©.ph\udc80\ud7a3é") + ["photo", "(ap", "/ reuters", "cookie", "무단", "版权所有", "bản quyền"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NEEDLE_PIECES), max_size=12).map("".join), max_size=10),
       st.lists(st.booleans(), min_size=10, max_size=10))
def test_lines_containing_is_a_substring_test(lines: list[str], among: list[bool]) -> None:
    mask = np.asarray(among[: len(lines)], dtype=bool)
    expect = [any(n in line for n in ANY_NEEDLES) for line in lines]
    assert lines_containing(lines, ANY_NEEDLES).tolist() == expect
    assert lines_containing(lines, ANY_NEEDLES, among=mask).tolist() == [e and m for e, m in zip(expect, mask.tolist())]


def test_bins_match_searchsorted_per_column() -> None:
    rng = np.random.default_rng(0)
    edges = tuple(np.unique(rng.integers(-5, 5, size=k)).astype(np.float64) for k in (1, 3, 11, 6, 2))
    model = BinnedLinear(tuple("abcde"), edges, tuple(np.zeros(len(e) + 1) for e in edges), 0.0)
    # values on the edges, between them, beyond them, infinities and a signed zero
    X = rng.choice(np.array([-np.inf, -6, -5, -4.5, -1, -0.0, 0, 0.5, 3, 4, 9, np.inf]), size=(300, 5))
    expect = np.stack([e.searchsorted(X[:, j], side="right") for j, e in enumerate(edges)], axis=1)
    assert np.array_equal(model.bins(X), expect)
    assert np.array_equal(model.bins(X[:, 2:], start=2), expect[:, 2:])
    # a batch's many lines are binned one edge rank at a time instead of in one broadcast
    many, expect_many = np.tile(X, (10, 1)), np.tile(expect, (10, 1))
    assert many.size >= _BROADCAST_VALUES
    assert np.array_equal(model.bins(many), expect_many)
    assert np.array_equal(model.bins(many[:, 2:], start=2), expect_many[:, 2:])


def _clusters_by_scanning(mass: list[float], prose: list[bool], gap: int) -> tuple[list[float], list[bool]]:
    """Reference for ``_cluster_features``: walk the lines, closing a cluster after more than
    ``gap`` non-prose lines; trailing non-prose lines of a cluster are not members."""
    n = len(mass)
    cluster = [-1] * n
    cid, last = -1, None
    for i in range(n):
        if prose[i]:
            if last is None or i - last - 1 > gap:
                cid += 1
            elif last is not None:
                for j in range(last + 1, i):
                    cluster[j] = cid
            cluster[i] = cid
            last = i
    sums = [sum(mass[i] for i in range(n) if cluster[i] == c) for c in range(cid + 1)]
    best = max(sums, default=0.0)
    share = [sums[c] if c >= 0 else 0.0 for c in cluster]
    return share, [c >= 0 and s >= best for c, s in zip(cluster, share)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 400)), max_size=40))
def test_cluster_features_match_a_line_by_line_scan(lines: list[tuple[bool, int]]) -> None:
    from tamis.extract.features.context import _CLUSTER_GAPS, _cluster_features
    from tamis.extract.features.segments import Segments

    prose = [p for p, _ in lines]
    mass = [float(c) if p else 0.0 for p, c in lines]
    total = sum(mass)
    out = np.zeros((len(lines), 2 * len(_CLUSTER_GAPS)))
    _cluster_features(np.array(mass), np.array(prose, dtype=float), np.full(len(lines), total), out, Segments.one(len(lines)))
    for k, gap in enumerate(_CLUSTER_GAPS):
        share, largest = _clusters_by_scanning(mass, prose, gap)
        assert np.allclose(out[:, 2 * k], [s / total if total > 0 else 0.0 for s in share])
        assert out[:, 2 * k + 1].tolist() == [float(b) for b in largest]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=chars, max_size=60).map(lambda s: s.replace("\n", " ").lower()), min_size=1, max_size=12),
       st.lists(st.integers(0, 3), min_size=12, max_size=12))
def test_arrow_token_types_are_the_dict_ones(lines: list[str], page_sizes: list[int]) -> None:
    # the batch path numbers tokens with Arrow, the small-page path with dicts: same numbers
    page = np.repeat(np.arange(12), page_sizes)[: len(lines)]
    page = np.concatenate((page, np.full(len(lines) - len(page), 12))) if len(page) < len(lines) else page
    text = "\n".join(lines)
    stop = frozenset({"a", "é", "日本", "ab9_"})
    # page numbers past the spare bits of a code unit take Arrow's second encoding
    for layout in (None, page, page * 1000):
        by_dict = page_tokens(text, stop, layout, arrow_from=10**9)
        by_arrow = page_tokens(text, stop, layout, arrow_from=0)
        assert by_arrow.types == by_dict.types
        for a, b in ((by_arrow.line, by_dict.line), (by_arrow.type, by_dict.type), (by_arrow.length, by_dict.length),
                     (by_arrow.stop, by_dict.stop)):
            assert a.tolist() == b.tolist()
        toks = _FEATURE_WORD.findall(text)
        assert by_dict.length.tolist() == list(map(len, toks))
        assert by_dict.stop.tolist() == [t in stop for t in toks]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 40) | st.sampled_from([1023, 1024, 1025, 3000]), min_size=2, max_size=30), st.integers(0, 2**32 - 1))
def test_grouped_running_sums_are_each_pages_own(sizes: list[int], seed: int) -> None:
    # pages of similar length are summed as padded blocks: each page's sums must be bit for bit its own cumsum
    seg = Segments(sizes)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((seg.n, 3)) * 10.0 ** rng.uniform(-8, 8, (seg.n, 3))
    b = seg.bounds.tolist()
    own = [np.cumsum(x[b[k] : b[k + 1]], axis=0) for k in range(len(sizes))]
    assert np.array_equal(seg.cumsum(x[:, 0]), np.concatenate([c[:, 0] for c in own]))
    padded = seg.padded_cumsum(x)
    assert np.array_equal(padded, np.concatenate([np.vstack((np.zeros((1, 3)), c)) for c in own]))


def _numbered_lists_per_line(lines: list[str], gap: int = 4, min_items: int = 3) -> list[tuple[int, int]]:
    out, start, last, first, expect = [], -1, -1, 0, 0
    for i, line in enumerate(lines):
        m = _ITEM_NUMBER.match(line)
        if m is None:
            continue
        k = int(m.group(1))
        if start >= 0 and k == expect and i - last <= gap:
            last, expect = i, k + 1
            continue
        if start >= 0 and expect - first >= min_items:
            out.append((start, last))
        start, last, first, expect = i, i, k, k + 1
    if start >= 0 and expect - first >= min_items:
        out.append((start, last))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "1. a", "2) b", "3: c", "#4 - d", "5 – e", "x", " 6. f", "٣. g", "1.", "12. h", "２. i"])
                | st.text(alphabet="#0123٣ .):-–a\t", max_size=8), max_size=30))
def test_numbered_lists_match_every_line(lines: list[str]) -> None:
    # numbered_lists matches only lines whose first character may start an item
    assert numbered_lists(lines) == _numbered_lists_per_line(lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b c", "", " "]), min_size=1, max_size=60).map("\n".join), min_size=1, max_size=8))
def test_batch_blocks_are_each_pages_own(texts: list[str]) -> None:
    # Page.join numbers the batch's blocks at once: each page's blocks (blockless pages included)
    # must be its own, offset past the blocks of the pages before it
    texts = [t for t in texts if t.strip()]
    pages = [Page(t) for t in texts]
    if not pages:
        return
    offset, expected = 0, []
    for p in pages:
        expected.extend((p.blocks + offset).tolist())
        offset += int(p.blocks[-1]) + 1
    assert Page.join(pages).blocks.tolist() == expected
    for p, text in zip(pages, texts):
        lines = text.splitlines()
        nonempty = [i for i, s in enumerate(lines) if s.strip()]
        starts = [0] + [int(not lines[i - 1].strip()) for i in nonempty[1:]]
        if len(nonempty) > 1 and sum(starts) < BLOCKLESS_SHARE * (len(nonempty) - 1):
            starts = [0] + [1] * (len(nonempty) - 1)
        assert p.blocks.tolist() == np.cumsum(starts).tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=chars | st.sampled_from(list("ΣσςΑΒ\u0345\u00ad'.:")), max_size=30)
                .map(lambda s: s.replace("\n", " ")), max_size=10))
def test_lowercasing_lines_one_by_one_is_lowercasing_them_joined(lines: list[str]) -> None:
    # line_features lowercases each line alone and joins them; the Greek final sigma is the one
    # character whose lowercase depends on its neighbours, across what would be a newline
    assert "\n".join(map(str.lower, lines)) == "\n".join(lines).lower()


def test_final_sigma_at_line_ends() -> None:
    lines = ["ΟΔΟΣ", "ΣΑ", "Σ", "ΑΣ\u0345"]
    assert "\n".join(map(str.lower, lines)) == "\n".join(lines).lower() == "οδος\nσα\nσ\nας\u0345"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["jane", " says:", " wrote:", ":", " dit :", "10:30", "x", " ", "é", "😀", ";", "\udc80"]),
                         max_size=6).map("".join), max_size=12))
def test_comment_endings_are_found_by_their_last_character(lines: list[str]) -> None:
    # lexicon_groups tries the endings only on the lines this finds
    tails = tuple({e[-1] for e in COMMENT_ENDINGS})
    found = lines_matching_at_end(Haystack("\n".join(lines)), _ENDING_TAIL)
    assert found == [i for i, s in enumerate(lines) if s.endswith(tails)]
    assert set(found) >= {i for i, s in enumerate(lines) if s.endswith(COMMENT_ENDINGS)}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(min_value=0.0, max_value=1.0) | st.floats(min_value=-1e9, max_value=1e9), min_size=1,
                         max_size=300), min_size=2, max_size=6))
def test_segment_means_are_numpy_means_bit_for_bit(pages: list[list[float]]) -> None:
    seg = Segments([len(p) for p in pages])
    got = seg.means(np.concatenate([np.array(p) for p in pages]))
    assert got.tolist() == [np.array(p).mean() for p in pages]


# lines with legal and caption needles and phrases, alone, together, overlapping
_ANY_PIECES = st.sampled_from(["©", "(c) 2020", "copyright", "cookie", "privacy policy", "photo", "photo by ", "(ap photo/",
                               "image: ", "getty images", "/ reuters", "credit", " ", "the bridge", "(c", "terms of use", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ANY_PIECES, max_size=8).map("".join), max_size=10))
def test_any_groups_searched_alone_find_what_the_alternation_finds(lines: list[str]) -> None:
    # lexicon_groups searches a line with the ANY groups whose needles it holds; the old rule:
    # the whole alternation on every line holding some needle
    from tamis.extract.features.lexicon import _ANY_RE, lexicon_groups

    expect = []
    for line in lines:
        m = _ANY_RE.search(line) if any(n in line for n in ANY_NEEDLES) else None
        expect.append(m.lastgroup if m else None)
    got = lexicon_groups(lines, [20] * len(lines))  # 20 tokens: no SHORT phrase, still an ANY candidate
    assert got == expect


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ab, 1 ", "x", "- 9|", "日本 ", " "]), st.integers(min_value=0, max_value=700)).map(
    lambda t: t[0] * t[1]), min_size=1, max_size=5))
def test_char_counts_of_lines_around_a_lanes_capacity(lines: list[str]) -> None:
    # counts are summed in chunks of at most _LANE_MAX characters, and a longer line's chunks added up
    got = char_counts(lines)
    for i, line in enumerate(lines):
        assert {k: int(v[i]) for k, v in got.items()} == _per_line(line), len(line)
