"""The generic threshold filter: decide from a label that an earlier step wrote.

Labellers compute; this decides. Retuning a threshold is a config change that needs no
recomputation of the signal.
"""

from __future__ import annotations

import numbers
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tamis.document import Document
from tamis.errors import ConfigError, DocumentError
from tamis.steps.base import Drop, Filter

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}
_MISSING = object()


def lookup(metadata: dict[str, Any], path: str) -> Any:
    """Read a dotted path from nested metadata; a missing key gives ``None``.

    >>> lookup({"quality": {"gopher": {"word_count": 12}}}, "quality.gopher.word_count")
    12
    >>> lookup({}, "lang.score") is None
    True
    """
    node: Any = metadata
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part, _MISSING)
        if node is _MISSING:
            return None
    return node


@dataclass(frozen=True, slots=True)
class ThresholdConfig:
    field: str
    op: str
    value: float | int | str | bool
    reason: str = ""
    # What to do when the label is absent (e.g. the labeller skipped an empty text).
    keep_missing: bool = True
    # Whether a run in which no document has the field warns (a field of a labeller that does not
    # name its keys, misspelt: under a built-in label, a missing labeller or key is refused before
    # any work). Off for a field that only some inputs carry, such as a WARC's ``http_status``.
    warn_missing: bool = True

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ConfigError(f"threshold.op: {self.op!r} is not one of {', '.join(_OPS)}")
        if not self.field:
            raise ConfigError("threshold.field must name a metadata path such as quality.gopher.word_count")
        if self.op in ("<", "<=", ">", ">=") and (isinstance(self.value, bool) or not isinstance(self.value, (int, float))):
            # a quoted YAML number ("50") would fail on every document, at run time
            raise ConfigError(f"threshold.value must be a number for {self.op!r}, got {self.value!r}")


class ThresholdFilter(Filter):
    """Keep a document when ``metadata[field] <op> value`` holds; otherwise drop with ``reason``."""

    name = "threshold"
    Config = ThresholdConfig

    @property  # type: ignore[override]
    def needs(self) -> dict[str, str]:  # (a ClassVar elsewhere: here it depends on the field)
        """The label under ``field`` and its labeller, where a built-in filter names them: a
        threshold on ``quality.gopher.word_count`` with no ``gopher_quality`` before it decided
        nothing (every document kept, or with ``keep_missing: false`` removed), and said so only
        after the run. The run now refuses it first, unless the input already has the label."""
        from tamis.steps.registry import BUILTIN_STEPS

        field = self.config.field
        declared = [cls.needs for cls in BUILTIN_STEPS.values() if cls is not ThresholdFilter]
        # a field below the label only: a field that is the label's own name ("lang") may be the
        # input's plain value ("lang": "en"), which a threshold compares as it is
        return {label: labeller for needs in declared for label, labeller in needs.items() if field.startswith(label + ".")}

    @classmethod
    def missing_warning(cls, key: str, options: Mapping[str, Any], seen: int) -> str | None:
        """What the run says when no document it saw had the field (``stats.missing == seen``): the
        filter decided nothing, the usual cause being a missing labeller or a misspelt field.

        >>> print(ThresholdFilter.missing_warning("01:threshold", {"field": "quality.gopher.word_count"}, 4))
        filter 01:threshold: field 'quality.gopher.word_count' missing in all 4 documents, so it kept them all; does an earlier step write it?
        >>> ThresholdFilter.missing_warning("00:threshold", {"field": "http_status", "warn_missing": False}, 4) is None
        True
        """
        if not options.get("warn_missing", True):
            return None
        fate = "kept them all" if options.get("keep_missing", True) else "removed them all"
        return (f"filter {key}: field {options.get('field')!r} missing in all {seen} documents, so it {fate}; "
                "does an earlier step write it?")

    def reads(self) -> tuple[str, ...]:
        return (self.config.field,)

    def decide(self, doc: Document) -> Drop | None:
        cfg = self.config
        value = lookup(doc.metadata, cfg.field)
        if value is None:
            self.stats.missing += 1
            return None if cfg.keep_missing else Drop(cfg.reason or f"missing:{cfg.field}")
        # numbers.Real: a user's labeller may write numpy numbers, which are no int or float
        if cfg.op in ("<", "<=", ">", ">=") and (isinstance(value, bool) or not isinstance(value, numbers.Real)):
            # comparing a string label with a number raised TypeError: "internal_error", with a traceback
            raise DocumentError("label_not_a_number", f"threshold: {cfg.field} holds {type(value).__name__} "
                                f"{str(value)[:40]!r}, which {cfg.op} {cfg.value} cannot compare")
        if _OPS[cfg.op](value, cfg.value):
            return None
        return Drop(cfg.reason or f"{cfg.field}{cfg.op}{cfg.value}", {"field": cfg.field, "value": value, "threshold": cfg.value})
