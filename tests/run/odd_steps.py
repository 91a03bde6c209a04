"""Steps that break the step contract in the ways a reviewer found, for tests/run/test_step_contract.py.

Each acts on the document whose id is ``target`` only (every document when it is empty), so
that a test sees the culprit handled alone and the others go on. Workers import them as
``tests.run.odd_steps:Name``, as they would a user's step.
"""

from __future__ import annotations

import datetime
import sys
from collections import Counter, namedtuple
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

import numpy as np
import pyarrow as pa

from tamis.document import Document
from tamis.steps.base import Drop, Filter, Labeller, Transformer


@dataclass(frozen=True, slots=True)
class Target:
    target: str = ""


def _hit(step: Any, doc: Document) -> bool:
    return not step.config.target or doc.id == step.config.target


class SysExit(Labeller):
    name = "tests.run.odd_steps:SysExit"
    Config = Target

    def label(self, doc: Document) -> None:
        if _hit(self, doc):
            sys.exit(0)


class ReturnsFalse(Filter):
    """datatrove's way to say "drop": tamis read it as "keep"."""

    name = "tests.run.odd_steps:ReturnsFalse"
    Config = Target

    def decide(self, doc: Document) -> Drop | None:
        return False if _hit(self, doc) else None  # type: ignore[return-value]


class ReturnsDoc(Transformer):
    name = "tests.run.odd_steps:ReturnsDoc"
    Config = Target

    def transform(self, doc: Document) -> Drop | None:
        return Document(doc.id, "new text") if _hit(self, doc) else None  # type: ignore[return-value]


class ChangeId(Transformer):
    name = "tests.run.odd_steps:ChangeId"
    Config = Target

    def transform(self, doc: Document) -> Drop | None:
        if _hit(self, doc):
            doc.id = "new-" + doc.id
        return None


class NumpyLabels(Labeller):
    """numpy numbers, an array, a set and floats without a JSON form, as a user's model writes them."""

    name = "tests.run.odd_steps:NumpyLabels"
    Config = Target

    def label(self, doc: Document) -> None:
        if _hit(self, doc):
            doc.metadata["mine"] = {"count": np.int64(len(doc.text)), "score": np.float32(0.25), "flag": np.bool_(True),
                                    "vec": np.arange(3), "tags": {"zeta", "alpha", "mid"}, "nan": float("nan"),
                                    "inf": np.float64("inf")}


@dataclass(frozen=True, slots=True)
class OddConfig:
    target: str = ""
    kind: str = "tuple_key"


class NoJsonForm(Labeller):
    """A label or a text that no JSON writer can take."""

    name = "tests.run.odd_steps:NoJsonForm"
    Config = OddConfig

    def label(self, doc: Document) -> None:
        if not _hit(self, doc):
            return
        if self.config.kind == "top_tuple_key":
            doc.metadata[(1, 2)] = "x"  # type: ignore[index]
        elif self.config.kind == "tuple_key":
            doc.metadata["pairs"] = {(1, 2): "x"}
        elif self.config.kind == "text_bytes":
            doc.text = doc.text.encode()  # type: ignore[assignment]
        elif self.config.kind == "text_none":
            doc.text = None  # type: ignore[assignment]


class Kind(str, Enum):
    NEWS = "news"


class OrdinaryValues(Labeller):
    """Values that have no JSON type of their own but an obvious JSON value, as readers and
    users' steps leave them: an int-keyed Counter, a str Enum, a date, a Decimal, a namedtuple,
    bytes, a pyarrow scalar, and a NaN score that a threshold reads."""

    name = "tests.run.odd_steps:OrdinaryValues"
    Config = Target

    def label(self, doc: Document) -> None:
        if _hit(self, doc):
            doc.metadata["mine"] = {"lengths": Counter({3: 2, 5: 1}), "kind": Kind.NEWS, "day": datetime.date(2024, 5, 1),
                                    "price": Decimal("1.50"), "span": Span(0, 4), "raw": b"\x00\xff", "utf8": "é".encode(),
                                    "arrow": pa.scalar(7), "nan": float("nan")}


Span = namedtuple("Span", "start end")


class NoName(Labeller):
    def label(self, doc: Document) -> None:
        return None


@dataclass(frozen=True, slots=True)
class FolderConfig:
    path: str = ""


class RemovesFolder(Labeller):
    """Removes a folder (the run's output) while the run works, as a user might."""

    name = "tests.run.odd_steps:RemovesFolder"
    Config = FolderConfig

    def label(self, doc: Document) -> None:
        import shutil

        shutil.rmtree(self.config.path, ignore_errors=True)
