"""Quality labellers and transformers: thin wrappers over the pure functions of this package.

Every labeller writes under its own key and never drops a document:

- ``gopher_quality`` -> ``metadata["quality"]["gopher"]``
- ``gopher_repetition`` -> ``metadata["quality"]["gopher_repetition"]``
- ``c4_quality`` -> ``metadata["quality"]["c4"]`` (marks lines; ``c4_lines`` removes them)
- ``fineweb_quality`` -> ``metadata["quality"]["fineweb"]``
- ``language`` -> ``metadata["lang"]``
- ``pii`` -> ``metadata["pii"]`` (``pii_redact`` replaces spans by placeholders)

The decisions are made by the filter steps in :mod:`tamis.quality.filters`.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any

from tamis.document import Document
from tamis.errors import ConfigError, DocumentError
from tamis.quality import lang as langid
from tamis.quality.c4 import C4LineRules, c4_apply_marks, c4_marks
from tamis.quality.fineweb import fineweb_signals
from tamis.quality.gopher import STOP_WORDS, gopher_quality_signals, gopher_repetition_signals
from tamis.quality.pii import find_pii, redact_spans
from tamis.steps.base import Drop, Labeller, Transformer

PII_KINDS = ("email", "phone", "ipv4", "ipv6", "credit_card", "iban")


def quality_labels(doc: Document) -> dict[str, Any]:
    """The ``metadata["quality"]`` dict of ``doc``, created when absent."""
    labels = doc.metadata.get("quality")
    if not isinstance(labels, dict):
        labels = doc.metadata["quality"] = {}
    return labels


@dataclass(frozen=True, slots=True)
class GopherQualityConfig:
    stop_words: tuple[str, ...] = STOP_WORDS


class GopherQuality(Labeller):
    """Word count, mean word length, symbol ratios, bullet/ellipsis lines, alphabetic words,
    stop words."""

    name = "gopher_quality"
    Config = GopherQualityConfig

    def label(self, doc: Document) -> None:
        quality_labels(doc)["gopher"] = gopher_quality_signals(doc.text, self.config.stop_words)

    def fields(self) -> dict[str, tuple[str, ...]]:
        # the signals' names are the same for every text, the empty one included
        return {"quality.gopher": tuple(gopher_quality_signals("", self.config.stop_words))}


@dataclass(frozen=True, slots=True)
class GopherRepetitionConfig:
    top_ngrams: tuple[int, ...] = (2, 3, 4)
    dup_ngrams: tuple[int, ...] = (5, 6, 7, 8, 9, 10)

    def __post_init__(self) -> None:
        if any(n < 1 for n in (*self.top_ngrams, *self.dup_ngrams)):
            raise ConfigError("gopher_repetition: n-gram sizes must be >= 1")


class GopherRepetition(Labeller):
    """Duplicate line/paragraph fractions and n-gram character fractions."""

    name = "gopher_repetition"
    Config = GopherRepetitionConfig

    def label(self, doc: Document) -> None:
        cfg = self.config
        quality_labels(doc)["gopher_repetition"] = gopher_repetition_signals(doc.text, cfg.top_ngrams, cfg.dup_ngrams)

    def fields(self) -> dict[str, tuple[str, ...]]:
        cfg = self.config  # the n-gram signals' names follow the configured sizes
        return {"quality.gopher_repetition": tuple(gopher_repetition_signals("", cfg.top_ngrams, cfg.dup_ngrams))}


class C4Quality(Labeller):
    """Marks the lines that the C4 rules remove and notes "lorem ipsum" and curly brackets.
    The text is not edited; ``c4_lines`` does that."""

    name = "c4_quality"
    Config = C4LineRules  # the step's options are exactly the line rules

    def label(self, doc: Document) -> None:
        marks = c4_marks(doc.text, self.config)
        marks["remove_citations"] = self.config.remove_citations
        quality_labels(doc)["c4"] = marks

    def fields(self) -> dict[str, tuple[str, ...]]:
        return {"quality.c4": (*c4_marks("", self.config), "remove_citations")}


@dataclass(frozen=True, slots=True)
class C4LinesConfig:
    # A document with no line left is dropped rather than written out empty.
    drop_empty: bool = True


class C4Lines(Transformer):
    """Removes the lines that ``c4_quality`` marked, strips the others and their citation marks."""

    name = "c4_lines"
    Config = C4LinesConfig
    needs = {"quality.c4": "c4_quality"}
    writes = ("quality.c4.removed_lines", "quality.c4.removed_chars")  # what the marks amounted to

    def transform(self, doc: Document) -> Drop | None:
        marks = quality_labels(doc).get("c4")
        if not isinstance(marks, dict) or "drop_lines" not in marks:
            raise DocumentError("missing_label:quality.c4", "c4_lines needs c4_quality earlier in the pipeline")
        before = len(doc.text)
        doc.text = c4_apply_marks(doc.text, marks["drop_lines"], bool(marks.get("remove_citations", True)))
        # The indices point into the old text; once applied, keep only what they amounted to.
        marks["removed_lines"] = len(marks.pop("drop_lines"))
        marks["removed_chars"] = before - len(doc.text)
        if not doc.text and self.config.drop_empty:
            return Drop("c4_no_lines_left")
        return None


@dataclass(frozen=True, slots=True)
class FineWebQualityConfig:
    short_line_length: int = 30
    # None: every Unicode sentence terminal (the reference's default).
    stop_chars: tuple[str, ...] | None = None


class FineWebQuality(Labeller):
    """Line punctuation, short lines, duplicated line characters, newlines per word."""

    name = "fineweb_quality"
    Config = FineWebQualityConfig

    def label(self, doc: Document) -> None:
        cfg = self.config
        quality_labels(doc)["fineweb"] = fineweb_signals(doc.text, cfg.short_line_length, cfg.stop_chars)

    def fields(self) -> dict[str, tuple[str, ...]]:
        cfg = self.config
        return {"quality.fineweb": tuple(fineweb_signals("", cfg.short_line_length, cfg.stop_chars))}


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    # How many candidate languages to record with their probabilities. One is enough for an
    # allowed-list filter with min_score >= 0.5 (no second language can pass it); raise it to
    # filter at lower scores.
    top_k: int = 1
    # Also label each paragraph (blocks between blank lines); costs one prediction per paragraph.
    paragraphs: bool = False

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ConfigError("language.top_k must be >= 1")


# the ISO 639 code for "undetermined", given to a text without a single letter
UNDETERMINED = "und"
# ``[^\W\d_]`` also matches numbers that are not digits ("½", "Ⅻ", "①"): a match counts as a
# letter only if ``str.isalpha`` agrees (on ordinary text, the first match does)
_LETTER = re.compile(r"[^\W\d_]")


def has_letter(text: str) -> bool:
    """Whether ``text`` holds a letter of any script.

    >>> has_letter("12:30 ½ Ⅻ ①"), has_letter("①②③ é")
    (False, True)
    """
    return any(m.group().isalpha() for m in _LETTER.finditer(text))


class Language(Labeller):
    """fastText lid.176 language code and probability, at document level and optionally per
    paragraph."""

    name = "language"
    Config = LanguageConfig

    def setup(self) -> None:
        self._model = langid.load_model()

    def label(self, doc: Document) -> None:
        if not has_letter(doc.text):
            # fastText still names a language for "" or "12:30" (English, p 0.12); no letters, no language
            doc.metadata["lang"] = {"code": UNDETERMINED, "score": 0.0, "top": {UNDETERMINED: 0.0}}
            return
        top = langid.predict(self._model, doc.text, self.config.top_k)
        code, score = top[0]
        out: dict[str, Any] = {"code": code, "score": score, "top": dict(top)}
        if self.config.paragraphs:
            out["paragraphs"] = [
                {"code": c, "score": s}
                for c, s in (langid.predict(self._model, p, 1)[0] for p in langid.paragraphs(doc.text))
            ]
        doc.metadata["lang"] = out

    def fields(self) -> dict[str, tuple[str, ...]]:
        return {"lang": ("code", "score", "top") + (("paragraphs",) if self.config.paragraphs else ())}


@dataclass(frozen=True, slots=True)
class PiiConfig:
    kinds: tuple[str, ...] = PII_KINDS

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(PII_KINDS)
        if unknown:
            raise ConfigError(f"pii.kinds: unknown {sorted(unknown)} (known: {', '.join(PII_KINDS)})")


class Pii(Labeller):
    """Records e-mail, phone, IP, credit card (Luhn) and IBAN (mod-97) spans."""

    name = "pii"
    Config = PiiConfig

    def label(self, doc: Document) -> None:
        spans = find_pii(doc.text, self.config.kinds)
        doc.metadata["pii"] = {"spans": [list(s) for s in spans], "counts": _count_kinds(spans)}


@dataclass(frozen=True, slots=True)
class PiiRedactConfig:
    kinds: tuple[str, ...] = PII_KINDS
    # ``{kind}`` becomes EMAIL, PHONE, IPV4, IPV6, CREDIT_CARD or IBAN.
    template: str = "<{kind}>"

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(PII_KINDS)
        if unknown:
            raise ConfigError(f"pii_redact.kinds: unknown {sorted(unknown)} (known: {', '.join(PII_KINDS)})")
        if "{kind}" not in self.template:
            raise ConfigError("pii_redact.template must contain {kind}")


class PiiRedact(Transformer):
    """Replaces PII spans by typed placeholders. Spans are found again on the current text, so
    that an earlier edit can never shift a placeholder onto the wrong characters. Afterwards
    ``metadata["pii"]["spans"]`` refers to the written text: a redacted span covers its
    placeholder; spans of kinds the ``pii`` labeller recorded but this step keeps are found
    again and moved to their new offsets."""

    name = "pii_redact"
    Config = PiiRedactConfig

    def transform(self, doc: Document) -> None:
        # Every kind is looked for, whichever are redacted, so that the precedence of ``find_pii``
        # holds: an IBAN's digit groups are no phone number even when only phones are redacted
        # (found for the chosen kinds alone, "GB82 WEST <PHONE>" lost the end of an IBAN)
        found = find_pii(doc.text)
        redacted = [s for s in found if s[2] in self.config.kinds]
        if not redacted:
            return None
        pii = doc.metadata.get("pii")
        if not isinstance(pii, dict):
            pii = doc.metadata["pii"] = {}
        old = pii.get("spans")
        # Kinds the labeller found but this step does not redact: their offsets move too.
        recorded = {s[2] for s in old if isinstance(s, (list, tuple)) and len(s) == 3} if isinstance(old, list) else set()
        spans = [s for s in found if s[2] in self.config.kinds or s[2] in recorded]
        doc.text, moved = redact_spans(doc.text, spans, self.config.template, self.config.kinds)
        pii["spans"] = [list(s) for s in moved]
        if "counts" in pii:
            pii["counts"] = _count_kinds(moved)
        pii["redacted"] = _count_kinds(redacted)
        return None


def _count_kinds(spans: list[tuple[int, int, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, _, kind in spans:
        counts[kind] = counts.get(kind, 0) + 1
    return counts
