"""The Step contract.

A step receives a stream of documents and yields the ones that go on. Step authors write one
narrow hook; the base class owns the loop, the counters, the timing and the ledger records, so no
step can forget to account for a document it drops.

Families (pick the one whose hook you need):

- ``Labeller.label(doc)``: writes scores/spans into ``doc.metadata``; never drops.
- ``Filter.decide(doc) -> Drop | None``: decides from labels and config thresholds only, so a
  threshold can be retuned without recomputing any signal.
- ``Transformer.transform(doc)``: edits ``doc.text`` and records what it removed in metadata.
- ``GlobalStep``: needs the whole corpus first (dedup); see its docstring.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from tamis.document import Document

if TYPE_CHECKING:
    from tamis.run.context import GlobalContext



@dataclass(frozen=True, slots=True)
class NoConfig:
    """Config of a step that takes no options."""


@dataclass(frozen=True, slots=True)
class Drop:
    """A verdict to remove a document: the reason is a stable, countable name."""

    reason: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    duplicate_of: str | None = None


class Recorder(Protocol):
    """Where a step reports the documents it does not pass on (the shard's ledger part)."""

    def removed(self, doc: Document, step: str, drop: Drop) -> None: ...

    def quarantined(self, doc: Document, step: str, reason: str, detail: Mapping[str, Any]) -> None: ...


@dataclass
class StepStats:
    docs_in: int = 0
    docs_out: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    quarantined: int = 0
    seconds: float = 0.0
    # batches whose ``prefetch`` raised, so that their documents were worked on one by one
    batch_fallbacks: int = 0
    # documents without what the step reads (a threshold filter's field, line_dedup's URL):
    # ``Step.missing_warning`` turns it into the run's warning when it is all of them
    missing: int = 0


class Step(ABC):
    """Base of all steps. Subclasses set ``name`` (the registry key; a user's step is known by its
    import path, ``package.module:ClassName``) and, if they take options, ``Config`` (a frozen
    dataclass: ``registry.build_step`` builds it from the user's options, so bad ones stop the
    run before any work)."""

    name: ClassVar[str]
    Config: ClassVar[type] = NoConfig
    # How many documents ``prefetch`` sees at once (1: it is not called).
    batch_size: ClassVar[int] = 1
    # Labels this step reads, each with the step that writes them ({"lang": "language"}): the run
    # refuses a pipeline without that step before this one (unless the input carries the labels).
    needs: ClassVar[Mapping[str, str]] = {}
    # The labels a user's step writes (("quality.mine",); () for none), so that the check of
    # ``needs`` can hold it to them. None: not declared, and the check lets any label pass it.
    writes: ClassVar[tuple[str, ...] | None] = None

    # A classmethod ``(options) -> [(label path, what is kept, value)]``: the cuts ``tamis report``
    # draws for this step. None: the report guesses them from option names (``min_*``, ``*_max``).
    report_thresholds: ClassVar[Callable[[dict[str, Any]], list[tuple[str, str, Any]]] | None] = None

    @classmethod
    def missing_warning(cls, key: str, options: Mapping[str, Any], seen: int) -> str | None:
        """The run's warning when none of the ``seen`` documents had what this step reads (stats.missing)."""
        return None

    def __init__(self, config: Any = None) -> None:
        self.config = config if config is not None else self.Config()
        self.stats = StepStats()
        self._ready = False

    def setup(self) -> None:
        """Load models or tables. Called once per worker process, before the first document,
        so that heavy state is never pickled across processes."""

    def prefetch(self, docs: list[Document]) -> None:
        """Optional: work on the next ``batch_size`` documents at once, before ``apply`` sees
        each of them, and keep the results for it (a model that scores many documents in one
        pass). It must not change the documents. If it raises, ``apply`` does the work per
        document, so that a document that breaks it is quarantined alone."""

    def __call__(self, docs: Iterable[Document], recorder: Recorder) -> Iterator[Document]:
        """The loop every step shares (``steps/loop.py``): ``setup`` once, each document through
        ``apply`` within its time budget, what it drops or fails on reported to ``recorder``,
        the rest passed on, and ``stats`` counted."""
        from tamis.steps.loop import run_step  # (the loop needs this module's types)

        return run_step(self, docs, recorder)

    @abstractmethod
    def apply(self, doc: Document) -> Drop | None:
        """Family hook dispatcher; step authors implement the family's hook instead."""


class Labeller(Step):
    @abstractmethod
    def label(self, doc: Document) -> None:
        """Write this step's labels under ``doc.metadata[...]``. Never drop."""

    def fields(self) -> Mapping[str, tuple[str, ...]] | None:
        """The keys this labeller writes under each of its labels (``{"quality.gopher":
        ("word_count", ...)}``), so that a threshold on a misspelt one is refused before any work
        instead of deciding nothing. None: not declared (the run then warns after the fact)."""
        return None

    def apply(self, doc: Document) -> None:
        self.label(doc)


class Filter(Step):
    @abstractmethod
    def decide(self, doc: Document) -> Drop | None:
        """Return a ``Drop`` to remove the document, ``None`` to keep it."""

    def reads(self) -> tuple[str, ...]:
        """The label keys it decides on (``"quality.gopher.word_count"``), so that a key its
        labeller does not write is refused before any work (``Labeller.fields``). () if not said."""
        return ()

    def apply(self, doc: Document) -> Drop | None:
        return self.decide(doc)


class Transformer(Step):
    @abstractmethod
    def transform(self, doc: Document) -> Drop | None:
        """Edit ``doc.text`` in place and record what was removed in metadata. Return a ``Drop``
        only when nothing worth keeping is left (e.g. all lines were furniture)."""

    def apply(self, doc: Document) -> Drop | None:
        return self.transform(doc)


class GlobalStep(Step):
    """A step that must see the whole corpus before deciding about any document (dedup).

    The runner splits the pipeline at each global step and runs it in three phases:

    1. ``observe(doc)`` in every shard: rows (matching ``spill_schema``) that the runner spills
       to Parquet next to the shard. Documents pass through unchanged.
    2. ``resolve(ctx)`` once, after all shards: reads the spills and writes decisions under
       ``ctx.work_dir``, partitioned by shard, in bounded memory. ``ctx.executor`` lets it
       spread work over the same executor the shards use.
    3. ``prepare(ctx, shard)`` then ``apply(doc)`` per shard: load that shard's decisions and
       drop or edit documents, like a Filter or Transformer.
    """

    spill_schema: ClassVar[Any]  # a pyarrow.Schema

    @abstractmethod
    def observe(self, doc: Document) -> Iterable[dict[str, Any]]: ...

    @abstractmethod
    def resolve(self, ctx: GlobalContext) -> None: ...

    @abstractmethod
    def prepare(self, ctx: GlobalContext, shard: str) -> None: ...
