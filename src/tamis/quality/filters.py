"""Filters for the published rule sets: decide from the labels, never recompute a signal.

Each filter's defaults are the published thresholds as datatrove 0.10.1 implements them, checked
in the same order, with the same comparison (a document is removed when a value is strictly past
its threshold). Set a threshold to ``None`` to disable that rule. Drop reasons are stable names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tamis.document import Document
from tamis.errors import ConfigError, DocumentError
from tamis.quality.lang import LID176_CODES
from tamis.steps.base import Drop, Filter


def _labels(doc: Document, key: str) -> dict[str, Any]:
    quality = doc.metadata.get("quality")
    labels = quality.get(key) if isinstance(quality, dict) else None
    if not isinstance(labels, dict):
        raise DocumentError(f"missing_label:quality.{key}", f"no quality.{key} labels: add its labeller before this filter")
    return labels


def _over(value: Any, limit: float | None) -> bool:
    return limit is not None and value is not None and value > limit


def _under(value: Any, limit: float | None) -> bool:
    return limit is not None and value is not None and value < limit


@dataclass(frozen=True, slots=True)
class GopherQualityFilterConfig:
    min_doc_words: int | None = 50
    max_doc_words: int | None = 100_000
    min_avg_word_length: float | None = 3
    max_avg_word_length: float | None = 10
    max_symbol_word_ratio: float | None = 0.1
    max_bullet_lines_ratio: float | None = 0.9
    max_ellipsis_lines_ratio: float | None = 0.3
    min_alpha_words_ratio: float | None = 0.8
    min_stop_words: int | None = 2


# Gopher's cuts in the order the rules are tried (the first that fails names the removal):
# (reason, signal under quality.gopher, what is kept, config option holding the limit).
_GOPHER_CUTS = (
    ("gopher_short_doc", "word_count", ">=", "min_doc_words"),
    ("gopher_long_doc", "word_count", "<=", "max_doc_words"),
    ("gopher_below_avg_threshold", "mean_word_length", ">=", "min_avg_word_length"),
    ("gopher_above_avg_threshold", "mean_word_length", "<=", "max_avg_word_length"),
    ("gopher_too_many_hashes", "hash_ratio", "<=", "max_symbol_word_ratio"),
    ("gopher_too_many_ellipsis", "ellipsis_ratio", "<=", "max_symbol_word_ratio"),
    ("gopher_too_many_bullets", "bullet_lines_ratio", "<=", "max_bullet_lines_ratio"),
    ("gopher_too_many_end_ellipsis", "ellipsis_lines_ratio", "<=", "max_ellipsis_lines_ratio"),
    ("gopher_below_alpha_threshold", "alpha_words_ratio", ">=", "min_alpha_words_ratio"),
    ("gopher_few_stop_words", "stop_words", ">=", "min_stop_words"),
)


class GopherQualityFilter(Filter):
    """Gopher quality rules on ``quality.gopher``."""

    name = "gopher_quality_filter"
    Config = GopherQualityFilterConfig
    needs = {"quality.gopher": "gopher_quality"}

    @classmethod
    def report_thresholds(cls, o: dict[str, Any]) -> list[tuple[str, str, Any]]:
        """The cuts as the report draws them: (signal, what is kept, value); None is no cut."""
        return [(f"quality.gopher.{key}", keep, o[option]) for _, key, keep, option in _GOPHER_CUTS]

    def decide(self, doc: Document) -> Drop | None:
        c, s = self.config, _labels(doc, "gopher")
        for reason, key, keep, option in _GOPHER_CUTS:
            limit = getattr(c, option)
            if (_under if keep == ">=" else _over)(s[key], limit):
                # the cut is in the detail, so that ``tamis explain`` shows why
                return Drop(reason, {"field": f"quality.gopher.{key}", "value": s[key], "threshold": limit})
        return None


@dataclass(frozen=True, slots=True)
class GopherRepetitionFilterConfig:
    dup_para_frac: float | None = 0.3
    dup_para_char_frac: float | None = 0.2
    dup_line_frac: float | None = 0.3
    dup_line_char_frac: float | None = 0.2
    top_2_gram: float | None = 0.2
    top_3_gram: float | None = 0.18
    top_4_gram: float | None = 0.16
    dup_5_gram: float | None = 0.15
    dup_6_gram: float | None = 0.14
    dup_7_gram: float | None = 0.13
    dup_8_gram: float | None = 0.12
    dup_9_gram: float | None = 0.11
    dup_10_gram: float | None = 0.10


_REPETITION_RULES = (
    ("dup_para_frac", "dup_para_frac"), ("dup_para_char_frac", "dup_para_char_frac"),
    ("dup_line_frac", "dup_line_frac"), ("dup_line_char_frac", "dup_line_char_frac"),
    *((f"top_{n}_gram", f"top_{n}_gram_char_frac") for n in (2, 3, 4)),
    *((f"dup_{n}_gram", f"dup_{n}_gram_char_frac") for n in range(5, 11)),
)


class GopherRepetitionFilter(Filter):
    """Gopher repetition rules on ``quality.gopher_repetition``. An empty text is removed."""

    name = "gopher_repetition_filter"
    Config = GopherRepetitionFilterConfig
    needs = {"quality.gopher_repetition": "gopher_repetition"}

    @classmethod
    def report_thresholds(cls, o: dict[str, Any]) -> list[tuple[str, str, Any]]:
        return [(f"quality.gopher_repetition.{key}", "<=", o[option]) for option, key in _REPETITION_RULES]

    def reads(self) -> tuple[str, ...]:
        # the n-gram rules in use: an n the labeller does not compute is refused before any work
        return tuple(f"quality.gopher_repetition.{key}" for option, key in _REPETITION_RULES
                     if getattr(self.config, option) is not None)

    def decide(self, doc: Document) -> Drop | None:
        s = _labels(doc, "gopher_repetition")
        if not s.get("chars"):
            return Drop("empty")
        for option, key in _REPETITION_RULES:
            limit = getattr(self.config, option)
            if limit is not None and key not in s:
                raise DocumentError(f"missing_label:quality.gopher_repetition.{key}",
                                    f"gopher_repetition did not compute {key}; add its n to the labeller's config")
            if _over(s.get(key), limit):
                return Drop(f"gopher_{option}", {"field": f"quality.gopher_repetition.{key}", "value": s[key],
                                                                    "threshold": limit})
        return None


@dataclass(frozen=True, slots=True)
class C4FilterConfig:
    filter_lorem_ipsum: bool = True
    filter_curly_bracket: bool = True
    # Counted over the lines that c4_quality keeps; -1 disables.
    min_num_sentences: int = 5


class C4Filter(Filter):
    """C4 page rules on ``quality.c4``: "lorem ipsum", a curly bracket, too few sentences."""

    name = "c4_filter"
    Config = C4FilterConfig
    needs = {"quality.c4": "c4_quality"}

    @classmethod
    def report_thresholds(cls, o: dict[str, Any]) -> list[tuple[str, str, Any]]:
        return [("quality.c4.sentences", ">=", o["min_num_sentences"])] if o["min_num_sentences"] != -1 else []

    def decide(self, doc: Document) -> Drop | None:
        c, s = self.config, _labels(doc, "c4")
        if c.filter_lorem_ipsum and s["lorem_ipsum"]:
            return Drop("c4_lorem_ipsum")
        if c.filter_curly_bracket and s["curly_bracket"]:
            return Drop("c4_curly_bracket")
        if c.min_num_sentences != -1 and s["sentences"] < c.min_num_sentences:
            return Drop("c4_too_few_sentences", {"field": "quality.c4.sentences", "value": s["sentences"],
                                                 "threshold": c.min_num_sentences})
        return None


@dataclass(frozen=True, slots=True)
class FineWebFilterConfig:
    line_punct_thr: float | None = 0.12
    # Keep documents where no line ends in punctuation (the reference's option, off by default).
    line_punct_exclude_zero: bool = False
    short_line_thr: float | None = 0.67
    char_duplicates_ratio: float | None = 0.01
    new_line_ratio: float | None = 0.3


class FineWebFilter(Filter):
    """FineWeb rules on ``quality.fineweb``. A text without a non-blank line is removed."""

    name = "fineweb_filter"
    Config = FineWebFilterConfig
    needs = {"quality.fineweb": "fineweb_quality"}

    @classmethod
    def report_thresholds(cls, o: dict[str, Any]) -> list[tuple[str, str, Any]]:
        f = "quality.fineweb."
        return [(f + "line_punct_ratio", ">=", o["line_punct_thr"]), (f + "short_line_ratio", "<=", o["short_line_thr"]),
                (f + "char_dup_ratio", "<=", o["char_duplicates_ratio"]), (f + "newline_ratio", "<=", o["new_line_ratio"])]

    def decide(self, doc: Document) -> Drop | None:
        c, s = self.config, _labels(doc, "fineweb")
        if not s["lines"]:
            return Drop("empty")
        ratio = s["line_punct_ratio"]
        if _under(ratio, c.line_punct_thr) and not (ratio == 0 and c.line_punct_exclude_zero):
            return Drop("fineweb_line_punct_ratio", {"field": "quality.fineweb.line_punct_ratio", "value": ratio,
                                                     "threshold": c.line_punct_thr})
        if _over(s["short_line_ratio"], c.short_line_thr):
            return Drop("fineweb_short_line_ratio", {"field": "quality.fineweb.short_line_ratio",
                                                     "value": s["short_line_ratio"], "threshold": c.short_line_thr})
        if _over(s["char_dup_ratio"], c.char_duplicates_ratio):
            return Drop("fineweb_char_dup_ratio", {"field": "quality.fineweb.char_dup_ratio", "value": s["char_dup_ratio"],
                                                   "threshold": c.char_duplicates_ratio})
        if _over(s["newline_ratio"], c.new_line_ratio):
            return Drop("fineweb_list_ratio", {"field": "quality.fineweb.newline_ratio", "value": s["newline_ratio"],
                                               "threshold": c.new_line_ratio})
        return None


@dataclass(frozen=True, slots=True)
class LanguageFilterConfig:
    # Empty: any language, as long as the top prediction passes min_score.
    languages: tuple[str, ...] = ()
    # A document passes when an allowed language has a probability strictly above this.
    min_score: float = 0.65

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_score <= 1.0:
            raise ConfigError("language_filter.min_score must be between 0 and 1")
        # lid.176 labels are ISO 639 codes of two or three lower-case letters; "english" or "EN"
        # would match no document and remove every one
        wrong = [code for code in self.languages if code not in LID176_CODES]
        if wrong:
            raise ConfigError(f"language_filter.languages: {wrong!r} are not lid.176 codes (ISO 639: en, de, zh, ...; "
                              "tamis.quality.lang.LID176_CODES lists them)")


class LanguageFilter(Filter):
    """Keeps documents in an allowed language with enough confidence (``metadata["lang"]``)."""

    name = "language_filter"
    Config = LanguageFilterConfig
    needs = {"lang": "language"}

    @classmethod
    def report_thresholds(cls, o: dict[str, Any]) -> list[tuple[str, str, Any]]:
        return [("lang.score", ">", o["min_score"])]

    def decide(self, doc: Document) -> Drop | None:
        lab = doc.metadata.get("lang")
        if not isinstance(lab, dict):
            raise DocumentError("missing_label:lang", "no lang labels: add the language labeller before this filter")
        c = self.config
        if not c.languages:
            if lab["score"] > c.min_score:
                return None
            return Drop("language_low_score", {"field": "lang.score", "code": lab["code"], "score": lab["score"],
                                               "threshold": c.min_score})
        # Languages outside the labeller's top_k count as probability 0 (exact when min_score
        # >= 0.5 even with top_k=1: only the top language can be above one half).
        top = lab.get("top") or {lab["code"]: lab["score"]}
        if any(top.get(code, 0.0) > c.min_score for code in c.languages):
            return None
        if lab["code"] in c.languages:
            return Drop("language_low_score", {"field": "lang.score", "code": lab["code"], "score": lab["score"],
                                               "threshold": c.min_score})
        return Drop("language_not_allowed", {"code": lab["code"], "score": lab["score"], "allowed": list(c.languages)})
