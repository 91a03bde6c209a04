"""The loop every step shares (``Step.__call__``), kept apart from the contract in ``base.py``.

It owns what no step may forget: each document is counted, timed and given its time budget
(``budget.py``); what a step drops is reported with its reason, and what it fails on is
quarantined alone, so that one bad document never costs the shard; a hook that breaks the
contract (returns something other than a ``Drop`` or None, or changes the id) costs its document
too. A step whose model is faster on many documents reads ahead a batch (``prefetch``).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterable, Iterator
from itertools import islice

from tamis.document import Document
from tamis.errors import DocumentError, ShardError
from tamis.steps.base import Drop, Recorder, Step
from tamis.steps.budget import CLOCK

log = logging.getLogger("tamis.steps.base")  # (the name its warnings have always had)
_PREFETCH_WARNED: set[str] = set()  # steps whose failing prefetch has been logged in this process


def run_step(step: Step, docs: Iterable[Document], recorder: Recorder) -> Iterator[Document]:
    if not step._ready:
        step.setup()
        step._ready = True
    stats = step.stats
    for doc in docs if step.batch_size <= 1 else _read_ahead(step, docs):
        stats.docs_in += 1
        ident = doc.id
        start = time.perf_counter()
        CLOCK.begin()  # the document's time budget (budget.py), where the runner armed one
        try:
            # the window closes inside: a budget that runs out while compiled code raises
            # anyway is handled at the next line of Python, which must be one in here, so that
            # the document is quarantined (in the handlers below, it failed the shard)
            try:
                verdict = step.apply(doc)
            finally:
                CLOCK.end()
        except DocumentError as err:
            stats.quarantined += 1
            recorder.quarantined(doc, step.name, err.reason, {"error": type(err).__name__, "message": str(err)})
            continue
        except ShardError:
            raise  # the shard fails uncommitted (errors.py); quarantining would lose the document for good
        except Exception as err:  # noqa: BLE001 - a bug in one step must not lose the shard (sys.exit: run_shard)
            stats.quarantined += 1
            detail = {"error": type(err).__name__, "message": str(err)[:500], "traceback": traceback.format_exc(limit=8)}
            recorder.quarantined(doc, step.name, f"internal_error:{type(err).__name__}", detail)
            continue
        finally:
            stats.seconds += time.perf_counter() - start
        if (verdict is not None and not isinstance(verdict, Drop)) or doc.id != ident:
            stats.quarantined += 1
            message = _broken_contract(verdict, doc, ident)
            doc.id = ident  # the ledger knows a document by its input's id
            recorder.quarantined(doc, step.name, "step_contract", {"error": "StepContract", "message": message})
            continue
        if isinstance(verdict, Drop):
            stats.removed[verdict.reason] += 1
            recorder.removed(doc, step.name, verdict)
            continue
        stats.docs_out += 1
        yield doc


def _read_ahead(step: Step, docs: Iterable[Document]) -> Iterator[Document]:
    it = iter(docs)
    while batch := list(islice(it, step.batch_size)):
        start = time.perf_counter()
        CLOCK.begin()  # a batch has one document's budget: a batch of normal ones takes far less
        try:
            try:  # (the window closes inside, as in ``run_step``)
                step.prefetch(batch)
            finally:
                CLOCK.end()
        except Exception as err:  # noqa: BLE001 - apply redoes the work per document and quarantines the culprit
            if step.name not in _PREFETCH_WARNED:  # once per step and process: it shows, without a flood
                _PREFETCH_WARNED.add(step.name)
                log.warning("%s: prefetch raised %s: %.300s; its batches are worked on one document at a time",
                            step.name, type(err).__name__, err)
            step.stats.batch_fallbacks += 1
        step.stats.seconds += time.perf_counter() - start
        yield from batch


def _broken_contract(verdict: object, doc: Document, ident: str) -> str:
    """What a hook did that the loop cannot account for: a datatrove-style ``False`` for "drop" or
    a new Document would have been read as "keep", and a new id would leave the input's id out
    of the ledger."""
    if doc.id != ident:
        return f"the step changed the id to {str(doc.id)[:80]!r}; keep a new id in metadata, the ledger needs the input's"
    return f"the step returned {type(verdict).__name__} {str(verdict)[:40]!r}; a hook returns a Drop or None"
