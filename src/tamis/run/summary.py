"""The run summary, and the check that every input document has exactly one fate."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from tamis.config import PipelineConfig
from tamis.run.layout import Layout
from tamis.run.ledger import KEPT, QUARANTINED, REMOVED, read_ledger
from tamis.run.plan import Shard
from tamis.run.shard import ShardResult


@dataclass
class Summary:
    input: int
    kept: int
    removed: dict[str, int]
    quarantined: int
    shards: dict[str, dict[str, Any]]
    config_hash: str
    steps: dict[str, dict[str, Any]]
    seconds: float
    invariant_ok: bool
    problems: list[str] = field(default_factory=list)
    # Things the user should know that lose nothing (the exit code stays 0), e.g. repeated ids.
    warnings: list[str] = field(default_factory=list)
    # Shards a rerun found already done: their documents are counted, not their time, so no rate.
    resumed: int = 0

    @property
    def ok(self) -> bool:
        """True when every shard completed in full, the ledger adds up, and no problem was found
        (one is a run that quarantined every input record: accounted for, but nothing read)."""
        return self.invariant_ok and all(s["status"] == "done" for s in self.shards.values()) and not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input, "kept": self.kept, "removed": self.removed, "quarantined": self.quarantined,
            "shards": self.shards, "config_hash": self.config_hash, "steps": self.steps,
            "seconds": round(self.seconds, 3),
            "docs_per_s": round(self.input / self.seconds, 1) if self.seconds and not self.resumed else None,
            "invariant_ok": self.invariant_ok, "ok": self.ok, "problems": self.problems,
            "warnings": self.warnings, "resumed_shards": self.resumed,
        }


def summarize(fs: Any, layout: Layout, config: PipelineConfig, shards: list[Shard],
              results: dict[tuple[int, str], ShardResult], n_global: int, seconds: float,
              stopped: str | None = None) -> Summary:
    """The run's summary. ``stopped``: why the run ended before every stage ran (a global step
    that could not resolve), listed as its first problem."""
    removed: Counter[str] = Counter()
    steps: dict[str, dict[str, Any]] = {}
    per_shard: dict[str, dict[str, Any]] = {}
    total_in = kept = quarantined = 0
    problems: list[str] = [stopped] if stopped else []
    warnings: list[str] = []
    not_run: dict[int, list[str]] = {}  # stage -> shards that never got to it, through no fault of theirs
    for shard in shards:
        status, shard_in, shard_kept, shard_q = "done", 0, 0, 0
        shard_removed: Counter[str] = Counter()
        shard_steps: list[dict[str, dict[str, Any]]] = []
        errors: list[str] = []  # its own, from the stages it ran
        stopped_at: int | None = None  # the first stage it did not run
        for stage in range(n_global + 1):
            res = results.get((stage, shard.id))
            if res is None:
                stopped_at = stage
                break
            if res.status != "done":
                status = res.status if status == "done" else status
                if res.error:
                    errors.append(res.error)
            if stage == 0:
                shard_in = res.input
            if stage == n_global:
                shard_kept = res.kept
            shard_q += res.quarantined
            shard_removed.update(res.removed)
            shard_steps.append(res.steps)
        if status != "done":
            problems.append(f"shard {shard.id} ({', '.join(n for _, n in shard.files)[:200]}): {status}: "
                            f"{error_tail('; '.join(errors))}")
        if stopped_at is not None:
            if status != "failed":  # stopped by another shard's failure, or a global step's
                not_run.setdefault(stopped_at, []).append(shard.id)
            status = "failed"
            errors.append(f"stage {stopped_at} not run")
        elif status != "failed":
            # Only a shard that ran every stage has its documents' fates: counting the others
            # (as 0 input, or as input without its later stages) gave a total of part of the
            # input and a "broken invariant" for documents that were merely not processed yet.
            total_in += shard_in
            kept += shard_kept
            quarantined += shard_q
            removed.update(shard_removed)
            for stage_steps in shard_steps:
                _add_steps(steps, stage_steps)
        per_shard[shard.id] = {"status": status, "input": shard_in, "kept": shard_kept,
                               "removed": sum(shard_removed.values()), "quarantined": shard_q,
                               "files": [name for _, name in shard.files], "errors": errors}
    for stage, ids in sorted(not_run.items()):
        problems.append(f"{_count(ids, 'shard')} did not get to stage {stage} ({_cut_list(ids)}), which waits for "
                        f"every shard's stage {stage - 1} and its global step; a rerun continues there")
    failed = [sid for sid, s in per_shard.items() if s["status"] == "failed"]
    complete = not failed
    if failed:
        problems.insert(1 if stopped else 0, f"the counts cover only the {len(shards) - len(failed)} of "
                        f"{len(shards)} shards that completed: the documents of the {len(failed)} others are "
                        "counted when a rerun completes them")
    invariant = total_in == kept + sum(removed.values()) + quarantined
    if complete:
        # Cross-check against what was actually committed, not only what the workers said.
        ledger = read_ledger(fs, layout.ledger_dir(), ["id", "fate", "reason", "step"])
        fates = ledger.column("fate")
        missing = int(pc.sum(pc.equal(ledger.column("reason"), "no_text_field")).as_py() or 0)
        warnings = (duplicate_id_warnings(ledger.column("id")) + missing_text_warnings(fs, layout.ledger_dir(), missing, kept)
                    + markup_warnings([s.name for s in config.steps], [(s.format, n) for s in shards for _, n in s.files]))
        counted = {f: int(pc.sum(pc.equal(fates, f)).as_py() or 0) for f in (KEPT, REMOVED, QUARANTINED)}
        ledger_ok = counted == {KEPT: kept, REMOVED: sum(removed.values()), QUARANTINED: quarantined}
        if not ledger_ok:
            problems.append(f"ledger has {counted}, shards reported kept={kept} removed={sum(removed.values())} quarantined={quarantined}")
        invariant = invariant and ledger_ok
        # records with no text to read by their nature (an empty file; a crawl's images, scripts
        # and empty redirects): a folder or a WARC of only those is no wrong option
        empty = int(pc.sum(pc.is_in(ledger.column("reason"), value_set=pa.array(NOTHING_TO_READ))).as_py() or 0)
        if total_in > empty and quarantined == total_in:
            problems.append(all_quarantined(ledger, total_in))
    if not invariant:
        problems.append(f"invariant broken: input {total_in} != kept {kept} + removed {sum(removed.values())} + quarantined {quarantined}")
    return Summary(total_in, kept, dict(sorted(removed.items())), quarantined, per_shard, config.hash(),
                   steps, seconds, invariant if complete else False, problems, warnings)


def _add_steps(steps: dict[str, dict[str, Any]], shard_steps: dict[str, dict[str, Any]]) -> None:
    """Add one shard stage's per-step statistics to the run's."""
    for name, st in shard_steps.items():
        agg = steps.setdefault(name, {"docs_in": 0, "docs_out": 0, "quarantined": 0, "seconds": 0.0})
        for key in ("docs_in", "docs_out", "quarantined", "seconds"):  # not ``agg``'s keys: the extras below join them
            agg[key] += st.get(key, 0)
        for extra in ("batch_fallbacks", "missing"):
            # a batch pass that raised (the step ran one document at a time); documents
            # without a threshold filter's field
            if st.get(extra):
                agg[extra] = agg.get(extra, 0) + st[extra]


def _count(items: list[str], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _cut_list(ids: list[str], show: int = 5) -> str:
    """
    >>> _cut_list(["a", "b"]), _cut_list([str(i) for i in range(8)], 3)
    ('a, b', '0, 1, 2 and 5 more')
    """
    return ", ".join(ids[:show]) + (f" and {len(ids) - show} more" if len(ids) > show else "")


def error_tail(text: str, limit: int = 300) -> str:
    """An error for a problem line, at most about ``limit`` characters: when longer, its last
    lines, as a traceback ends with the exception and the line that raised it (its start, which
    a cut kept, is the least telling part); a last line too long by itself keeps its start.

    >>> error_tail("internal error ValueError: bad\\nTraceback (most recent call last):\\n  File a.py\\n"
    ...            "    return _run_shard(task)\\nValueError: bad", 50)
    '…     return _run_shard(task)\\nValueError: bad'
    >>> error_tail("ValueError: " + "word " * 20, 40)
    'ValueError: word word word word word …'
    >>> error_tail("short")
    'short'
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 2  # the leading "… "
    for line in reversed(text.splitlines()):
        if size + len(line) > limit:
            break
        kept.insert(0, line)
        size += len(line) + 1
    if kept:
        return "… " + "\n".join(kept)
    last = text.splitlines()[-1]
    return last[: last.rfind(" ", 0, limit - 2) + 1 or limit - 2].rstrip() + " …"


# Quarantine reasons of records that hold no text by their nature, not by a reading mistake
NOTHING_TO_READ = ("empty_file", "not_text", "empty_record")


def all_quarantined(ledger: Any, total: int) -> str:
    """The problem when every input record was quarantined: the run completed and every record is
    accounted for, yet nothing was read, which is a wrong option (``--text-field``), a wrong
    reader format or a pipeline mistake, never a result to exit 0 with.

    >>> import pyarrow as pa
    >>> all_quarantined(pa.table({"reason": ["no_text_field"] * 3, "fate": ["quarantined"] * 3}), 3)[:80]
    'no input record could be read: all 3 were quarantined (no_text_field: 3); the wa'
    """
    gone = ledger.filter(pc.equal(ledger.column("fate"), QUARANTINED))
    reasons = gone.column("reason").value_counts().to_pylist()
    top = sorted(reasons, key=lambda r: (-r["counts"], str(r["values"])))[:3]
    why = ", ".join(f"{r['values']}: {r['counts']}" for r in top)
    steps = set(gone.column("step").to_pylist()) if "step" in gone.column_names else {"read"}
    # records the readers could not read, or records read and then quarantined by a step (a
    # threshold comparing text with a number): the message says which, as the cause differs
    what = "no input record could be read" if steps <= {"read"} else "every input record was quarantined"
    return f"{what}: all {total} were quarantined ({why}); the warnings above and `tamis explain OUT ID` say why"


def markup_warnings(steps: list[str], files: list[tuple[str, str]]) -> list[str]:
    """A warning when HTML input (``.html`` files, WARC responses) runs through a pipeline without
    ``extract_html``: its steps then read markup as text (a quality preset scores the tags).

    >>> markup_warnings(["gopher_quality"], [("html", "p.html")])[0][:48]
    'HTML input (p.html) and no extract_html step: th'
    >>> markup_warnings(["extract_html", "gopher_quality"], [("html", "p.html")]), markup_warnings(["ftfy"], [("warc", "a.wet.gz")])
    ([], [])
    """
    if "extract_html" in steps:
        return []
    html = [name for fmt, name in files if fmt == "html" or (fmt == "warc" and ".wet" not in name.lower())]
    if not html:
        return []
    return [f"HTML input ({html[0]}{f' and {len(html) - 1} more' if len(html) > 1 else ''}) and no extract_html "
            "step: the steps read its markup as text. Put extract_html first (the default pipeline does)"]


def missing_text_warnings(fs: Any, ledger_dir: str, count: int, kept: int) -> list[str]:
    """A warning when ``count`` records were quarantined for having no text field, naming the
    fields the first one had: a misnamed field (``--text-field``) quarantines a whole corpus,
    and the run still completes with every document accounted for. The ledger is read again
    only then, and for one example."""
    if count == 0:
        return []
    data = ds.dataset(ledger_dir, filesystem=fs, format="parquet")
    first = data.head(1, columns=["id", "detail"], filter=ds.field("reason") == "no_text_field")
    detail = json.loads(first.column("detail")[0].as_py() or "{}")
    fields = ", ".join(detail.get("fields") or []) or "none"
    return [f"{count} record(s) have no text field {detail.get('field')!r} (kept: {kept}); the first, "
            f"{first.column('id')[0].as_py()}, has the fields: {fields}. Name the text field with --text-field "
            "(reader.text_field in YAML)"]


def duplicate_id_warnings(ids: Any, examples: int = 5) -> list[str]:
    """A warning when ids repeat across the run's ledger (every record, every shard).

    Shards are read independently, so ids cannot be checked while reading; here, at the end,
    the whole ledger is at hand. Ids are kept as given: renaming would break the link to the
    source, and which of two records is "the" document is not ours to decide.

    >>> import pyarrow as pa
    >>> duplicate_id_warnings(pa.chunked_array([["a", "b", "a", "c", "a", "b"]]))
    ['2 ids occur more than once (5 ledger records): a (3), b (2); `tamis explain` shows every record of an id']
    >>> duplicate_id_warnings(pa.chunked_array([["x", "x"]]))[0][:40]
    '1 id occurs more than once (2 ledger rec'
    >>> duplicate_id_warnings(pa.chunked_array([["a", "b"]]))
    []
    """
    import pyarrow as pa

    counts = pa.table({"id": ids}).group_by("id").aggregate([("id", "count")])
    repeated = counts.filter(pc.greater(counts.column("id_count"), 1))
    if not repeated.num_rows:
        return []
    shown = repeated.sort_by([("id_count", "descending"), ("id", "ascending")]).slice(0, examples).to_pylist()
    listed = ", ".join(f"{r['id']} ({r['id_count']})" for r in shown)
    more = ", ..." if repeated.num_rows > examples else ""
    total = int(pc.sum(repeated.column("id_count")).as_py())
    n = repeated.num_rows
    return [f"{n} {'id occurs' if n == 1 else 'ids occur'} more than once ({total} ledger records): {listed}{more}; "
            "`tamis explain` shows every record of an id"]
