"""``tamis explain``: what happened to one document, and why."""

from __future__ import annotations

import json
import os
from typing import Any

import pyarrow.compute as pc
import pyarrow.dataset as ds

from tamis.config import WriterConfig
from tamis.io.paths import filesystem
from tamis.io.warc import strip_brackets
from tamis.io.writers import read_output
from tamis.run.ledger import KEPT, ledger_table


def find_records(output: str, doc_id: str) -> list[dict[str, Any]]:
    """Every ledger row with ``doc_id``: one per document, more when the input repeats an id."""
    table = ledger_table(output, filter=ds.field("id") == doc_id)
    if table is None:
        return []
    rows = table.to_pylist()
    # Stages write removals as they happen and "kept" only at the end; any non-kept row is final.
    rows.sort(key=lambda r: (r["fate"] == KEPT, r["shard"]))
    return rows


def find_record(output: str, doc_id: str) -> dict[str, Any] | None:
    """The ledger row of ``doc_id`` (its final fate), or None; the first if the id repeats."""
    rows = find_records(output, doc_id)
    return rows[0] if rows else None


def similar_ids(output: str, doc_id: str, limit: int = 5) -> list[str]:
    """Ledger ids that end with the file name in ``doc_id``: a file's id is its path as the run was
    given it, so ``./a.txt``, ``a.txt`` and ``/abs/a.txt`` name the same file three ways. An id of
    8 characters or more also finds the ids that hold it, in any case (a WARC record's uuid
    without its ``urn:uuid:`` and angle brackets, or in lower case)."""
    name = doc_id.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    table = ledger_table(output, columns=["id"]) if name else None
    if table is None:
        return []
    ids = table.column("id")
    found = pc.or_(pc.equal(ids, name), pc.ends_with(ids, "/" + name))
    if len(doc_id) >= 8:  # in any case: a WARC uuid written in lower case, say
        found = pc.or_(found, pc.match_substring(ids, doc_id, ignore_case=True))
    hits = ids.filter(found)
    return sorted(set(hits.to_pylist()))[:limit]


def removed_in_favour(output: str, doc_id: str) -> list[str]:
    """Ids of the documents removed as duplicates of ``doc_id`` (the ledger's ``duplicate_of``)."""
    table = ledger_table(output, columns=["id"], filter=ds.field("duplicate_of") == doc_id)
    return [] if table is None else sorted(table.column("id").to_pylist())


def find_outputs(output: str, doc_id: str, shard: str) -> list[dict[str, Any]]:
    """The kept documents with ``doc_id`` as written in an output shard (text and labels)."""
    fs, root = filesystem(output)
    found = []
    for path in fs.glob(f"{root}/data/{shard}.*"):
        fmt = next(f for f in ("jsonl.gz", "jsonl.zst", "parquet", "jsonl") if path.endswith("." + f))
        with fs.open(path, "rb") as fh:
            found.extend(row for row in read_output(fh, WriterConfig(format=fmt)) if row.get("id") == doc_id)
    return found


def find_output(output: str, doc_id: str, shard: str) -> dict[str, Any] | None:
    """The first kept document with ``doc_id`` in an output shard."""
    rows = find_outputs(output, doc_id, shard)
    return rows[0] if rows else None


def _unfinished(output: str) -> str:
    """Why an id may be missing from the ledger of a run that did not finish: a shard's records
    are committed with it, so a failed or unfinished shard's documents are in no ledger yet."""
    fs, root = filesystem(output)
    path = f"{root}/summary.json"
    if not fs.exists(path):
        return "; the run has not finished (no summary.json), and its unfinished shards have no ledger yet: rerun it"
    try:
        with fs.open(path, "rb") as fh:
            shards = json.loads(fh.read()).get("shards", {})
    except (OSError, ValueError, AttributeError):  # a damaged summary: the answer above stands alone
        return ""
    failed = [sid for sid, s in shards.items() if isinstance(s, dict) and s.get("status") == "failed"]
    return (f"; {len(failed)} of the run's {len(shards)} shards did not complete, and their documents are in no ledger "
            "until a rerun completes them") if failed else ""


def explain(output: str, doc_id: str) -> tuple[str, bool]:
    records = find_records(output, doc_id)
    if not records and "://" not in doc_id and (spelt := os.path.normpath(doc_id)) != doc_id:
        # a file is named by its path spelt one way (``plan._shown``): "./in/a.txt" is "in/a.txt"
        records = find_records(output, spelt)
        doc_id = spelt if records else doc_id
    if not records and (bare := strip_brackets(doc_id)) != doc_id:
        # a WARC record id as its header writes it, "<urn:uuid:...>": the reader keeps it bare
        records = find_records(output, bare)
        doc_id = bare if records else doc_id
    if not records:
        close = similar_ids(output, doc_id)
        hint = f"; ids like it: {', '.join(close)}" if close else ""
        return f"{doc_id}: not in the ledger of {output}{hint}{_unfinished(output)}", False
    if len(records) == 1:
        return _explain_one(output, doc_id, records[0], None), True
    # Ids are kept as given, so an input that repeats one has several documents under it.
    kept: dict[str, list[dict[str, Any]]] = {}
    blocks = [f"{doc_id}: {len(records)} documents have this id (the input repeats it); each is shown"]
    for n, record in enumerate(records, start=1):
        row = None
        if record["fate"] == KEPT:
            if record["shard"] not in kept:
                kept[record["shard"]] = find_outputs(output, doc_id, record["shard"])
            row = kept[record["shard"]].pop(0) if kept[record["shard"]] else {}
        blocks.append(f"--- {n} of {len(records)}\n" + _explain_one(output, doc_id, record, row))
    return "\n".join(blocks), True


def _explain_one(output: str, doc_id: str, record: dict[str, Any], row: dict[str, Any] | None) -> str:
    detail = json.loads(record["detail"] or "{}")
    lines = [f"id:     {doc_id}", f"fate:   {record['fate']}", f"shard:  {record['shard']}"]
    if record["fate"] != KEPT:
        lines += [f"step:   {record['step']}", f"reason: {record['reason']}"]
        if record["duplicate_of"]:
            if record["duplicate_of"] == doc_id:  # the input repeats the id: the chain would point at itself
                lines.append(f"duplicate of: another document with the same id {doc_id!r} (the input repeats it)")
            else:
                lines.append(f"duplicate of: {_duplicate_chain(output, record['duplicate_of'])}")
        labels = detail.pop("labels", {})
        head = detail.pop("text_head", "")
        if head:
            lines.append(f"text:   starts {head[:160]!r}{'…' if len(head) > 160 else ''}")
        lines.extend(_removed_lines(labels))  # what extraction had cut before a later step removed it
    else:
        if row is None:
            row = find_output(output, doc_id, record["shard"]) or {}
        labels = row.get("metadata") or {}
        text = row.get("text") or ""
        lines.append(f"text:   {len(text)} chars: {text[:160]!r}{'…' if len(text) > 160 else ''}")
        lines.extend(_removed_lines(labels))
        copies = removed_in_favour(output, doc_id)
        if copies:
            shown = ", ".join(copies[:10]) + (f", … ({len(copies)} in all)" if len(copies) > 10 else "")
            lines.append(f"kept over its duplicates: {shown}")
    if detail:
        lines.append("detail:")
        lines.extend(_compact(detail))
    if labels:
        lines.append("labels:")
        lines.extend(_compact(labels))
    return "\n".join(lines)


def _removed_lines(labels: dict[str, Any], limit: int = 40) -> list[str]:
    """What extraction took out of a kept document (``extract_html`` from an HTML page, then
    ``remove_furniture``): each line's label and text when the run recorded them
    (``record_removed``), else the counts and how to record them.

    >>> _removed_lines({"extract": {"lines": [[0, "navigation", 0.01, "Home"], [2, "body", 0.9]], "removed": {"navigation": 1}}})
    ['removed lines (1):', "  navigation    'Home'"]
    >>> _removed_lines({"extract": {"lines": [[0, "navigation", 0.01]], "removed": {"navigation": 1}}})[0]
    'removed lines: navigation 1 (their text was not recorded; remove_furniture: {record_removed: true} keeps it)'
    """
    extract = labels.get("extract")
    if not isinstance(extract, dict) or not extract.get("removed"):
        return []
    html = extract.get("html") if isinstance(extract.get("html"), dict) else {}
    # (label, text): the HTML model's dropped lines first (in the page's order), then page text's
    rows = [(f"html p={r[0]:.2f}", r[1]) for r in html.get("dropped") or []
            if isinstance(r, list) and len(r) == 2 and isinstance(r[0], (int, float)) and isinstance(r[1], str)]
    rows += [(r[1], r[3]) for r in extract.get("lines") or [] if isinstance(r, list) and len(r) >= 4 and isinstance(r[3], str)]
    if not rows:
        counts = ", ".join(f"{k} {v}" for k, v in extract["removed"].items())
        how = "remove_furniture: {record_removed: true}" + (" and extract_html: {record_removed: true}" if "html" in extract["removed"] else "")
        return [f"removed lines: {counts} (their text was not recorded; {how} keeps it)"]
    out = [f"removed lines ({len(rows)}):"]
    out += [f"  {label:<13} {text[:120]!r}{'…' if len(text) > 120 else ''}" for label, text in rows[:limit]]
    if len(rows) > limit:
        out.append(f"  … {len(rows) - limit} more")
    return out


def _duplicate_chain(output: str, first: str, limit: int = 20) -> str:
    """``first``, and, where ``first`` was removed as a duplicate too, the documents its removal
    points to, up to the one that was kept. Dedup steps run one after another (exact, then
    near-duplicate), so an exact copy of a near-duplicate names the near-duplicate, which the
    next step removed in favour of a third document."""
    chain, seen = [first], {first}
    while len(chain) <= limit:
        records = find_records(output, chain[-1])
        # a duplicate names the document kept for it; where the input repeats that id, the kept
        # one is meant (the first row of a repeated id may be another document, removed)
        record = next((r for r in records if r["fate"] == KEPT), records[0] if records else None)
        if record is None or record["fate"] == KEPT:
            state = ("kept" if len(records) == 1 else f"kept; the input gives {len(records)} documents this id") \
                if record is not None else "not in the ledger"
            break
        nxt = record["duplicate_of"]
        if not nxt or nxt in seen:
            state = f"{record['fate']} by {record['step']} ({record['reason']})"
            break
        chain.append(nxt)
        seen.add(nxt)
    else:
        state = "…"
    if len(chain) == 1:
        return first if state == "kept" else f"{first} ({state})"
    return f"{first}, itself a duplicate of " + " → ".join(chain[1:]) + f" ({state})"


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
