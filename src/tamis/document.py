"""The one document type that flows through every step.

Kept deliberately small: anything a step learns about a document goes into ``metadata`` under a
key of its own (``metadata["quality"]["gopher"]``, ``metadata["lang"]``, ``metadata["extract"]``),
never into a subclass.
That keeps documents picklable, cheap to copy between processes and trivial to serialise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Document:
    """A unit of text with a stable id.

    ``id`` is stable across reruns: taken from the input when it has one, otherwise derived from
    the source path and the record's offset, so a ledger row always points back to its input.

    >>> doc = Document("a.txt", "Hello")
    >>> doc.metadata
    {}
    """

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
