"""``tamis explain``: what happened to one document, and why."""

from __future__ import annotations

import json
from typing import Any

import pyarrow.dataset as ds

from tamis.config import WriterConfig
from tamis.io.paths import filesystem
from tamis.io.writers import read_output
from tamis.run.layout import Layout
from tamis.run.ledger import KEPT


def find_record(output: str, doc_id: str) -> dict[str, Any] | None:
    """The ledger row of ``doc_id`` (its final fate), or None."""
    fs, root = filesystem(output)
    layout = Layout(root)
    if not fs.exists(layout.ledger_dir()):
        return None
    dataset = ds.dataset(layout.ledger_dir(), filesystem=fs, format="parquet")
    rows = dataset.to_table(filter=ds.field("id") == doc_id).to_pylist()
    if not rows:
        return None
    # Stages write removals as they happen and "kept" only at the end; any non-kept row is final.
    rows.sort(key=lambda r: r["fate"] == KEPT)
    return rows[0]


def find_output(output: str, doc_id: str, shard: str) -> dict[str, Any] | None:
    """The kept document as written in its output shard (text and labels)."""
    fs, root = filesystem(output)
    for path in fs.glob(f"{root}/data/{shard}.*"):
        fmt = next(f for f in ("jsonl.gz", "jsonl.zst", "parquet", "jsonl") if path.endswith("." + f))
        with fs.open(path, "rb") as fh:
            for row in read_output(fh, WriterConfig(format=fmt)):
                if row.get("id") == doc_id:
                    return row
    return None


def explain(output: str, doc_id: str) -> tuple[str, bool]:
    record = find_record(output, doc_id)
    if record is None:
        return f"{doc_id}: not in the ledger of {output}", False
    detail = json.loads(record["detail"] or "{}")
    lines = [f"id:     {doc_id}", f"fate:   {record['fate']}", f"shard:  {record['shard']}"]
    if record["fate"] != KEPT:
        lines += [f"step:   {record['step']}", f"reason: {record['reason']}"]
        if record["duplicate_of"]:
            lines.append(f"duplicate of: {record['duplicate_of']}")
        labels = detail.pop("labels", {})
        head = detail.pop("text_head", "")
        if head:
            lines.append(f"text:   starts {head[:160]!r}{'…' if len(head) > 160 else ''}")
    else:
        row = find_output(output, doc_id, record["shard"]) or {}
        labels = row.get("metadata") or {}
        text = row.get("text") or ""
        lines.append(f"text:   {len(text)} chars: {text[:160]!r}{'…' if len(text) > 160 else ''}")
    if detail:
        lines.append("detail:")
        lines.extend(_compact(detail))
    if labels:
        lines.append("labels:")
        lines.extend(_compact(labels))
    return "\n".join(lines), True


def _compact(data: dict[str, Any], width: int = 150) -> list[str]:
    """One line per label (two levels deep), long values cut: readable in a terminal.

    >>> _compact({"lang": {"code": "en", "score": 0.9}, "n": 3})
    ['  lang.code: "en"', '  lang.score: 0.9', '  n: 3']
    """
    out = []
    for key, value in data.items():
        items = value.items() if isinstance(value, dict) and value else [(None, value)]
        for sub, val in items:
            text = json.dumps(val, ensure_ascii=False, default=str)
            if len(text) > width:
                text = text[: width - 1] + "…"
            out.append(f"  {key}.{sub}: {text}" if sub is not None else f"  {key}: {text}")
    return out
