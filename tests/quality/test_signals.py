from __future__ import annotations

import pytest

from tamis.quality.c4 import c4_apply_marks, c4_marks
from tamis.quality.fineweb import fineweb_signals
from tamis.quality.gopher import gopher_quality_signals, gopher_repetition_signals
from tamis.quality.words import count_sentences, split_words

from .texts import GOOD, MENU, SPAMMY


def test_gopher_quality_on_prose_is_within_published_bounds():
    s = gopher_quality_signals(GOOD)
    assert 50 <= s["word_count"] <= 200
    assert 3 <= s["mean_word_length"] <= 10
    assert s["stop_words"] >= 5
    assert s["alpha_words_ratio"] > 0.8
    assert s["hash_ratio"] == 0


def test_gopher_quality_counts_bullets_and_ellipses():
    text = "- one\n- two\n• three\nfour...\nfive…"
    s = gopher_quality_signals(text)
    assert s["bullet_lines_ratio"] == pytest.approx(3 / 5)
    assert s["ellipsis_lines_ratio"] == pytest.approx(2 / 5)


def test_symbol_tokens_do_not_count_as_words():
    assert gopher_quality_signals("Hello , world !!! ...")["word_count"] == 2


def test_stop_words_are_case_sensitive_and_distinct():
    assert gopher_quality_signals("The the THE of of")["stop_words"] == 2


def test_repetition_detects_repeated_lines():
    s = gopher_repetition_signals(SPAMMY)
    assert s["dup_line_frac"] > 0.9
    assert s["dup_10_gram_char_frac"] > 0.5
    assert gopher_repetition_signals(GOOD)["dup_line_frac"] == 0


def test_repetition_top_ngram_fraction_reflects_a_repeated_phrase():
    s = gopher_repetition_signals("buy now " * 50 + "and then something else entirely")
    assert s["top_2_gram_char_frac"] > 0.5


def test_fineweb_signals_separate_menus_from_prose():
    menu, prose = fineweb_signals(MENU), fineweb_signals(GOOD)
    assert menu["short_line_ratio"] == 1.0 and prose["short_line_ratio"] == 0.0
    assert menu["line_punct_ratio"] == 0.0 and prose["line_punct_ratio"] == 1.0
    assert menu["char_dup_ratio"] > 0.5


def test_c4_marks_lines_without_editing():
    text = "Navigation\nThis sentence is kept.\nPlease enable JavaScript to continue.\nWe use cookies to track you."
    marks = c4_marks(text)
    assert marks["drop_lines"] == [0, 2, 3]
    assert marks["removed"] == {"no_terminal_punct": 1, "javascript": 1, "policy": 1}
    assert c4_apply_marks(text, marks["drop_lines"]) == "This sentence is kept."


def test_c4_curly_bracket_only_counts_on_lines_that_survive():
    assert c4_marks("var x = {a: 1}")["curly_bracket"] is False  # no terminal punctuation: removed first
    assert c4_marks("The set {a, b} is small.")["curly_bracket"] is True


def test_sentence_count_matches_terminal_punctuation():
    assert count_sentences("First one. Second one! Third one? Fourth") == 4
    assert count_sentences("Dr. Smith arrived.") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("well-known", ["well", "-", "known"]),
        ("can't", ["ca", "n't"]),
        ("(see)", ["(", "see", ")"]),
        ("3,000.50", ["3,000.50"]),
        ("U.S.", ["U.S."]),
        ("20%", ["20", "%"]),
    ],
)
def test_split_words_follows_reference_rules(text, expected):
    assert list(split_words(text)) == expected


def test_unspaced_scripts_get_comparable_word_counts():
    en = "I like reading books in the library every day"
    zh = "我每天喜欢在图书馆读书"
    th = "ฉันชอบอ่านหนังสือในห้องสมุดทุกวัน"
    n_en, n_zh, n_th = (gopher_quality_signals(t)["word_count"] for t in (en, zh, th))
    assert n_zh >= 5 and n_th >= 5
    for n in (n_zh, n_th):
        assert n_en / 3 <= n <= n_en * 3


def test_mixed_script_document_counts_both_parts():
    mixed = "The report was published today. 报告今天发表了。"
    words = split_words(mixed)
    assert "report" in words and "报" in words
