"""The generic threshold filter: decide from a label that an earlier step wrote.

Labellers compute; this decides. Retuning a threshold is a config change that needs no
recomputation of the signal.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

from tamis.document import Document
from tamis.errors import ConfigError
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

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ConfigError(f"threshold.op: {self.op!r} is not one of {', '.join(_OPS)}")
        if not self.field:
            raise ConfigError("threshold.field must name a metadata path such as quality.gopher.word_count")


class ThresholdFilter(Filter):
    """Keep a document when ``metadata[field] <op> value`` holds; otherwise drop with ``reason``."""

    name = "threshold"
    Config = ThresholdConfig

    def decide(self, doc: Document) -> Drop | None:
        cfg = self.config
        value = lookup(doc.metadata, cfg.field)
        if value is None:
            return None if cfg.keep_missing else Drop(cfg.reason or f"missing:{cfg.field}")
        if _OPS[cfg.op](value, cfg.value):
            return None
        return Drop(cfg.reason or f"{cfg.field}{cfg.op}{cfg.value}", {"field": cfg.field, "value": value, "threshold": cfg.value})
