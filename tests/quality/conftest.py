from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from tamis.config import StepSpec
from tamis.document import Document
from tamis.steps.base import Drop
from tamis.steps.registry import build_step


class Recorder:
    def __init__(self) -> None:
        self.dropped: dict[str, str] = {}
        self.quarantine: dict[str, str] = {}

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        self.dropped[doc.id] = drop.reason

    def quarantined(self, doc: Document, step: str, reason: str, detail: Any) -> None:
        self.quarantine[doc.id] = reason


def run_specs(specs: Iterable[StepSpec], docs: list[Document]) -> tuple[list[Document], Recorder]:
    rec = Recorder()
    stream: Iterable[Document] = iter(docs)
    for spec in specs:
        stream = build_step(spec)(stream, rec)
    return list(stream), rec


@pytest.fixture
def run():
    return run_specs
