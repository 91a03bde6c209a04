"""One example document id per removal or quarantine reason of a finished run, from its ledger.

The run summary gives counts; a newcomer's next question is "which documents?", and
``tamis explain OUT ID`` answers it only once they have an id. The smallest id of each reason is
shown, so that the same run always prints the same examples.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from tamis.run.ledger import KEPT, ledger_table


def reason_examples(ledger: pa.Table) -> list[dict[str, Any]]:
    """Per (fate, step, reason) of the documents not kept: the count and the smallest id, most
    frequent first.

    >>> t = pa.table({"id": ["d2", "d1", "d3", "d4"], "fate": ["removed", "removed", "quarantined", "kept"],
    ...               "step": ["dedup", "dedup", "read", None], "reason": ["dup", "dup", "binary", None]})
    >>> [(e["fate"], e["step"], e["reason"], e["id"], e["count"]) for e in reason_examples(t)]
    [('removed', 'dedup', 'dup', 'd1', 2), ('quarantined', 'read', 'binary', 'd3', 1)]
    """
    gone = ledger.filter(pa.compute.not_equal(ledger["fate"], KEPT))
    if gone.num_rows == 0:
        return []
    groups = gone.group_by(["fate", "step", "reason"]).aggregate([("id", "min"), ("id", "count")]).to_pylist()
    groups.sort(key=lambda g: (-g["id_count"], g["fate"], g["step"] or "", g["reason"] or ""))
    return [{"fate": g["fate"], "step": g["step"], "reason": g["reason"], "id": g["id_min"], "count": g["id_count"]}
            for g in groups]


def read_examples(output: str) -> list[dict[str, Any]]:
    """``reason_examples`` of the run in ``output`` (empty when it has no ledger yet)."""
    # Only the documents that are gone are read: a large run keeps most of its ids.
    table = ledger_table(output, columns=["id", "fate", "step", "reason"], filter=ds.field("fate") != KEPT)
    return [] if table is None else reason_examples(table)


def example_lines(output: str, examples: list[dict[str, Any]], limit: int = 8) -> list[str]:
    """The lines printed after a run's summary: the ``limit`` most frequent reasons.

    >>> for line in example_lines("out", [{"fate": "removed", "step": "dedup", "reason": "dup", "id": "d1", "count": 2}]):
    ...     print(line)
    one document per reason (see it with: tamis explain out ID):
      removed      dedup:dup  d1
    """
    if not examples:
        return []
    shown = examples[:limit]
    width = max(len(f"{e['step']}:{e['reason']}") for e in shown)
    lines = [f"one document per reason (see it with: tamis explain {output} ID):"]
    lines += [f"  {e['fate']:<12} {str(e['step']) + ':' + str(e['reason']):<{width}}  {e['id']}" for e in shown]
    if len(examples) > len(shown):
        lines.append(f"  ... and {len(examples) - len(shown)} more reasons (tamis report {output} shows them all)")
    return lines
