"""A user's step module without ``from __future__ import annotations``: its Config's field types
are classes, not strings (``tamis steps`` printed them as ``<class 'float'>``)."""

from dataclasses import dataclass

from tamis.document import Document
from tamis.steps.base import Drop, Filter


@dataclass(frozen=True, slots=True)
class ShoutConfig:
    max_upper: float = 0.5
    words: list[str] | None = None


class NoShouting(Filter):
    """Drop documents that are mostly upper case."""

    name = "tests.run.plain_annotations:NoShouting"
    Config = ShoutConfig

    def decide(self, doc: Document) -> Drop | None:
        return None
