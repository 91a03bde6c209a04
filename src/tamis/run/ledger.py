"""The ledger: one final record per input document.

Every document read ends in exactly one fate: ``kept``, ``removed`` (by which step, for what
reason, duplicate of which id) or ``quarantined`` (the error). A shard's records are written
with its output and committed together, so a crash never leaves a half-accounted shard.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from tamis.document import Document
from tamis.errors import ConfigError
from tamis.io.paths import filesystem
from tamis.io.plainjson import plain
from tamis.run.layout import Layout
from tamis.steps.base import Drop

KEPT, REMOVED, QUARANTINED = "kept", "removed", "quarantined"

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("shard", pa.string()),
        ("fate", pa.string()),
        ("step", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),  # JSON: error, source location, the document's labels, ...
        ("duplicate_of", pa.string()),
    ]
)


# Removed documents are not in the output; a head of their text lets `tamis explain` and the
# report show what was removed without rereading the input.
TEXT_HEAD_CHARS = 600


def _labels(doc: Document) -> dict[str, Any]:
    """The metadata worth keeping for ``tamis explain`` (labels, source), without the text."""
    return {k: v for k, v in doc.metadata.items() if not (isinstance(k, str) and k.startswith("_"))}  # (a step's key may be no str)


def _with_head(detail: dict[str, Any], doc: Document) -> dict[str, Any]:
    if doc.text:
        detail["text_head"] = doc.text[:TEXT_HEAD_CHARS]
    return detail


class LedgerPart:
    """Collects the records of one shard (a ``Recorder`` for the steps) until it is committed."""

    def __init__(self, shard: str) -> None:
        self.shard = shard
        self.rows: list[tuple[str, str, str | None, str | None, str, str | None]] = []

    def kept(self, doc: Document) -> None:
        self.rows.append((doc.id, KEPT, None, None, "{}", None))

    def removed(self, doc: Document, step: str, drop: Drop) -> None:
        detail = _with_head({**drop.detail, "labels": _labels(doc)}, doc)
        self.rows.append((doc.id, REMOVED, step, drop.reason, _json(detail), drop.duplicate_of))

    def quarantined(self, doc: Document, step: str, reason: str, detail: Mapping[str, Any]) -> None:
        full = _with_head({**detail, "labels": _labels(doc)}, doc)
        self.rows.append((doc.id, QUARANTINED, step, reason, _json(full), None))

    def table(self) -> pa.Table:
        cols = list(zip(*self.rows)) if self.rows else [()] * 6
        ids, fates, steps, reasons, details, dups = cols
        n = len(ids)
        return pa.table(
            [pa.array(ids, pa.string()), pa.array([self.shard] * n, pa.string()), pa.array(fates, pa.string()),
             pa.array(steps, pa.string()), pa.array(reasons, pa.string()), pa.array(details, pa.string()),
             pa.array(dups, pa.string())],
            schema=SCHEMA,
        )

    def counts(self) -> dict[str, Any]:
        removed: dict[str, int] = {}
        kept = quarantined = 0
        for _id, fate, step, reason, _d, _dup in self.rows:
            if fate == KEPT:
                kept += 1
            elif fate == QUARANTINED:
                quarantined += 1
            else:
                key = f"{step}:{reason}"
                removed[key] = removed.get(key, 0) + 1
        return {"kept": kept, "removed": removed, "quarantined": quarantined}


_AS_LABEL = partial(plain, finite=False)


def _json(obj: Any) -> str:
    """A ledger record's detail as JSON, whatever a step left in the labels: the ledger must take
    every document, so what has no JSON form is written as a string (``explain`` shows it)."""
    try:  # the labels' values as the output writes them (a numpy count a number, not "446")
        return json.dumps(obj, ensure_ascii=False, default=_AS_LABEL, separators=(",", ":"))
    except (TypeError, ValueError):  # a key that is no string, a cycle: the labels as one string
        detail = {k: v for k, v in obj.items() if k != "labels"}
        return json.dumps({**detail, "labels": repr(obj.get("labels"))[:4000]}, ensure_ascii=False, default=str,
                          separators=(",", ":"))


def ledger_paths(fs: Any, ledger_dir: str) -> list[str]:
    """The committed ledger parts of a run (another file in the folder is no part)."""
    return sorted(p for p in fs.ls(ledger_dir, detail=False) if p.endswith(".parquet")) if fs.exists(ledger_dir) else []


def ledger_table(output: str, **scan: Any) -> pa.Table | None:
    """The ledger of the run in ``output`` read with ``scan`` (``columns``, ``filter``), or None
    when it has none yet, for ``tamis explain`` and the report. A damaged part is a
    ``ConfigError`` naming the folder, not a pyarrow traceback."""
    fs, root = filesystem(output)
    folder = Layout(root).ledger_dir()
    paths = ledger_paths(fs, folder)
    if not paths:
        return None
    try:
        return ds.dataset(paths, filesystem=fs, format="parquet").to_table(**scan)
    except (pa.ArrowInvalid, OSError) as err:
        raise ConfigError(f"the ledger of {output} cannot be read ({err}); a file in {folder} "
                          "is damaged: rerun into a new output folder") from err


def read_ledger(fs: Any, ledger_dir: str, columns: list[str] | None = None) -> pa.Table:
    """All committed ledger parts of a run as one table (``fs`` is an fsspec filesystem)."""
    paths = ledger_paths(fs, ledger_dir)
    tables = []
    for path in paths:
        with fs.open(path, "rb") as fh:
            tables.append(pq.read_table(fh, columns=columns))
    if not tables:
        return SCHEMA.empty_table() if columns is None else SCHEMA.empty_table().select(columns)
    return pa.concat_tables(tables)
