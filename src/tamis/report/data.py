"""Collect what the report shows from a finished run: summary, ledger and kept documents.

Everything is streamed once and bounded, so a report of a run of any size fits in memory and in
one HTML file: signal values are reservoir-sampled, the explain view gets at most
``samples_per_group`` documents per reason with truncated text, and the id index is capped.
Counts (the overview) are exact: they come from ``summary.json`` and are checked against the
ledger rows.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from tamis.config import StepSpec, WriterConfig
from tamis.errors import ConfigError
from tamis.io.paths import filesystem
from tamis.io.writers import read_output
from tamis.report import signals as sig
from tamis.report.pipeline import Threshold, specs_from_record, step_options, thresholds
from tamis.report.reservoir import Reservoir
from tamis.run.layout import Layout
from tamis.run.ledger import KEPT, QUARANTINED

OUTPUT_FORMATS = ("jsonl.gz", "jsonl.zst", "parquet", "jsonl")  # longest suffix first


@dataclass(frozen=True)
class Limits:
    samples_per_group: int = 50
    text_chars: int = 4000
    max_lines: int = 400
    index_ids: int = 20000
    values_per_signal: int = 50000
    max_kept_docs: int | None = None  # None: read every kept document


@dataclass
class ReportData:
    output: str
    summary: dict[str, Any]
    specs: list[StepSpec]
    config_source: str
    thresholds: list[Threshold]
    ledger_counts: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, dict[str, Reservoir]] = field(default_factory=dict)  # path -> group -> values
    langs: dict[str, Counter[str]] = field(default_factory=lambda: {"kept": Counter(), "removed": Counter()})
    # documents with no language label (removed before the language step ran), by fate
    no_lang: Counter[str] = field(default_factory=Counter)
    lengths: dict[str, Reservoir] = field(default_factory=dict)  # "before"/"after" cleaning
    line_reasons: Counter[str] = field(default_factory=Counter)  # removed lines of kept docs
    clusters: Counter[str] = field(default_factory=Counter)  # cluster-size bucket -> clusters
    samples: dict[str, Reservoir] = field(default_factory=dict)  # group -> explain records
    index: dict[str, list[list[Any]]] = field(default_factory=dict)  # id -> [fate, step, reason, dup_of] per document
    kept_read: int = 0
    lengths_recorded: int = 0  # kept docs whose length before cleaning a step recorded
    keep_labels: tuple[str, ...] = sig.KEEP_LABELS
    notes: list[str] = field(default_factory=list)


def not_a_run(output: str) -> str:
    """What ``tamis report`` and ``tamis explain`` say about a folder that holds no tamis run."""
    return f"{output} has no summary.json: not a finished tamis run (run `tamis run INPUT -o {output}`)"


def collect(output: str, config: Any = None, *, limits: Limits = Limits(), progress: bool | None = None,
            seed: int = 0) -> ReportData:
    """Read a finished run. ``config`` (a PipelineConfig) overrides the config in ``_run.json``."""
    fs, root = filesystem(output)
    layout = Layout(root)
    if not fs.exists(layout.summary()):
        raise ConfigError(not_a_run(output))
    summary = _read_json(fs, layout.summary())
    run_info = _read_json(fs, layout.run_file()) if fs.exists(layout.run_file()) else {}
    specs, source, writer = _pipeline(config, run_info, summary)
    data = ReportData(output, summary, specs, source, thresholds(specs))
    for spec in specs:  # the extraction step's option decides which line labels count as kept
        if spec.name == "remove_furniture" and isinstance(step_options(spec).get("keep_labels"), (list, tuple)):
            data.keep_labels = tuple(step_options(spec)["keep_labels"])
    if config is not None and summary.get("config_hash") and config.hash() != summary["config_hash"]:
        data.notes.append(f"The given config hashes to {config.hash()}, the run's to {summary['config_hash']}: "
                          "the thresholds drawn are those of the given config, which may not be the run's.")
    if not source:
        data.notes.append("The run's pipeline config is not recorded in _run.json, so only the thresholds that "
                          "drops record in the ledger are drawn; pass the config with `tamis report OUT --config "
                          "FILE` (or --preset NAME).")
    rng = random.Random(seed)
    ledgers = sorted(p for p in fs.ls(layout.ledger_dir(), detail=False) if p.endswith(".parquet")) \
        if fs.exists(layout.ledger_dir()) else []
    shards = sorted(p for p in fs.glob(f"{root}/data/*") if _format(p))
    with _progress(len(ledgers) + len(shards), progress) as step:
        kept_ids = _read_ledgers(fs, ledgers, data, limits, rng, step)
        _read_kept(fs, shards, writer, data, limits, rng, step)
    for doc_id in kept_ids:
        if len(data.index) < limits.index_ids or doc_id in data.index:
            data.index.setdefault(doc_id, []).append([KEPT, None, None, None])
    _check_counts(data)
    return data


def _pipeline(config: Any, run_info: dict[str, Any], summary: dict[str, Any]) -> tuple[list[StepSpec], str, WriterConfig]:
    if config is not None:
        return list(config.steps), "given on the command line", config.writer
    recorded = run_info.get("config")
    if isinstance(recorded, dict):
        writer = recorded.get("writer")
        fields = ("format", "text_field", "id_field", "metadata_field")
        known = {k: v for k, v in (writer if isinstance(writer, dict) else {}).items() if k in fields}
        try:
            wcfg = WriterConfig(**known)
        except (ConfigError, TypeError):
            wcfg = WriterConfig()
        return specs_from_record(recorded), "recorded in _run.json", wcfg
    # Without a config only the step names are known (summary.json's per-step counters).
    # Keys are "NN:name" (position, then registry name).
    return [StepSpec(key.partition(":")[2] or key) for key in sorted(summary.get("steps", {}))], "", WriterConfig()


def _read_ledgers(fs: Any, paths: list[str], data: ReportData, limits: Limits, rng: random.Random,
                  step: Callable[[str], None]) -> list[str]:
    counts: dict[str, Any] = {"kept": 0, "removed": Counter(), "quarantined": 0, "rows": 0}
    kept_ids: list[str] = []
    targets: Counter[int] = Counter()
    for path in paths:
        step(f"ledger {path.rsplit('/', 1)[-1]}")
        try:
            with fs.open(path, "rb") as fh:
                table = pq.read_table(fh)
        except (pa.ArrowInvalid, OSError) as err:  # not a traceback: say which file, and what to do
            raise ConfigError(f"the ledger file {path} cannot be read ({err}); rerun into a new output folder") from err
        counts["rows"] += table.num_rows
        is_kept = pc.equal(table.column("fate"), KEPT)
        n_kept = int(pc.sum(is_kept).as_py() or 0)
        counts["kept"] += n_kept
        if len(kept_ids) < limits.index_ids:
            kept_ids.extend(table.filter(is_kept).column("id").slice(0, limits.index_ids - len(kept_ids)).to_pylist())
        for row in table.filter(pc.invert(is_kept)).to_pylist():
            _ledger_row(row, data, counts, targets, limits, rng)
    for size in Counter(targets.values()).elements():
        data.clusters[sig.cluster_size_bucket(size + 1)] += 1  # +1: the kept original
    data.ledger_counts = {**counts, "removed": dict(counts["removed"])}
    return kept_ids


def _ledger_row(row: dict[str, Any], data: ReportData, counts: dict[str, Any], targets: Counter[int],
                limits: Limits, rng: random.Random) -> None:
    fate, step, reason = row["fate"], row["step"], row["reason"]
    if fate == QUARANTINED:
        counts["quarantined"] += 1
        group = f"quarantined · {step}:{reason}"
    else:
        counts["removed"][f"{step}:{reason}"] += 1
        group = f"removed · {step}:{reason}"
    if row["duplicate_of"]:
        targets[xxhash.xxh64_intdigest(row["duplicate_of"].encode())] += 1
    if len(data.index) < limits.index_ids or row["id"] in data.index:
        data.index.setdefault(row["id"], []).append([fate, step, reason, row["duplicate_of"]])
    try:
        detail = json.loads(row["detail"] or "{}")
    except json.JSONDecodeError:
        detail = {"raw": row["detail"]}
    labels = detail.pop("labels", {}) if isinstance(detail, dict) else {}
    _learn_threshold(data, step, reason, detail)
    labels = labels if isinstance(labels, dict) else {}
    cut = detail.get("field") if isinstance(detail, dict) and isinstance(detail.get("field"), str) else None
    _observe(data, "removed", labels, limits, rng, cut)
    lang = sig.language_of(labels)
    if lang:
        data.langs["removed"][lang] += 1
    else:
        data.no_lang["removed"] += 1

    def record() -> dict[str, Any]:
        return {"id": row["id"], "fate": fate, "step": step, "reason": reason, "shard": row["shard"],
                "duplicate_of": row["duplicate_of"], "detail": _prune(detail, limits),
                "labels": _prune(labels, limits), "text": _preview(detail, limits),
                "lines": _lines(None, labels, data.keep_labels, limits)}

    _reservoir(data.samples, group, limits.samples_per_group, rng).add(record)


def _learn_threshold(data: ReportData, step: str, reason: str, detail: Any) -> None:
    """A drop that names its signal and cut (``{"field": path, "threshold": x}``, as the threshold
    step writes it) teaches the report a threshold even when the config cannot be mapped to it."""
    if not isinstance(detail, dict) or not isinstance(detail.get("field"), str):
        return
    value = next((detail[k] for k in ("threshold", "limit") if k in detail), None)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    found = Threshold(detail["field"], str(detail.get("op", "")), float(value), step, reason)
    if not any(t.path == found.path and t.value == found.value for t in data.thresholds):
        data.thresholds.append(found)


def _read_kept(fs: Any, paths: list[str], writer: WriterConfig, data: ReportData, limits: Limits,
               rng: random.Random, step: Callable[[str], None]) -> None:
    wanted = {s["duplicate_of"] for r in data.samples.values() for s in r.items if s["duplicate_of"]}
    originals: dict[str, dict[str, Any]] = {}
    for path in paths:
        step(f"data {path.rsplit('/', 1)[-1]}")
        if limits.max_kept_docs is not None and data.kept_read >= limits.max_kept_docs:
            continue
        for doc_id, text, meta in _rows(fs, path, writer):
            data.kept_read += 1
            _kept_doc(doc_id, text, meta, data, limits, rng)
            if doc_id in wanted:
                originals[doc_id] = {"id": doc_id, "text": text[: limits.text_chars // 2]}
            if limits.max_kept_docs is not None and data.kept_read >= limits.max_kept_docs:
                data.notes.append(f"Distributions of kept documents use the first {data.kept_read:,} read "
                                  f"(--max-docs); counts are exact.")
                break
    for reservoir in data.samples.values():
        for s in reservoir.items:
            if s["duplicate_of"]:
                s["original"] = originals.get(s["duplicate_of"])


def _kept_doc(doc_id: str, text: str, meta: dict[str, Any], data: ReportData, limits: Limits,
              rng: random.Random) -> None:
    _observe(data, "kept", meta, limits, rng)
    lang = sig.language_of(meta)
    if lang:
        data.langs["kept"][lang] += 1
    else:
        data.no_lang["kept"] += 1
    _reservoir(data.lengths, "after", limits.values_per_signal, rng).add_value(float(len(text)))
    before = sig.original_length(meta, len(text))
    if before is not None:
        data.lengths_recorded += 1
    # A document no step cleaned was as long before as it is now: both series cover the same docs.
    _reservoir(data.lengths, "before", limits.values_per_signal, rng).add_value(before if before is not None
                                                                                else float(len(text)))
    lines = sig.line_records(meta, data.keep_labels)
    removed_lines = [r for r in lines or () if not r["keep"]]
    for r in removed_lines:
        data.line_reasons[str(r["reason"] or "removed")] += 1

    def record() -> dict[str, Any]:
        return {"id": doc_id, "fate": KEPT, "step": None, "reason": None, "shard": None, "duplicate_of": None,
                "detail": {}, "labels": _prune(meta, limits), "text": text[: limits.text_chars],
                "truncated": len(text) > limits.text_chars, "lines": _lines(text, meta, data.keep_labels, limits)}

    group = "kept · cleaned (lines removed)" if removed_lines else "kept"
    _reservoir(data.samples, group, limits.samples_per_group, rng).add(record)


def _observe(data: ReportData, group: str, meta: dict[str, Any], limits: Limits, rng: random.Random,
             cut: str | None = None) -> None:
    """Add a document's signals to the distributions; ``cut`` is the signal its removal was
    decided on (the drop's ``field``), kept apart so a chart shows what its own rule removed."""
    signals = data.signals
    for path, value in sig.numeric_leaves(meta):
        if path == cut:
            _reservoir(signals.setdefault(path, {}), "cut", limits.values_per_signal, rng).add_value(value)
            continue
        groups = signals.get(path)
        if groups is None:
            groups = signals[path] = {}
        _reservoir(groups, group, limits.values_per_signal, rng).add_value(value)


def _reservoir(table: dict[str, Reservoir], key: str, cap: int, rng: random.Random) -> Reservoir:
    found = table.get(key)
    if found is None:
        found = table[key] = Reservoir(cap, rng)
    return found


def _preview(detail: Any, limits: Limits) -> str | None:
    """The text of a removed document, if the step that removed it put some in its detail."""
    for key in ("text", "text_head", "text_preview", "preview"):
        if isinstance(detail, dict) and isinstance(detail.get(key), str):
            return detail.pop(key)[: limits.text_chars]
    return None


def _lines(text: str | None, meta: dict[str, Any], keep_labels: tuple[str, ...],
           limits: Limits) -> list[dict[str, Any]] | None:
    records = sig.line_records(meta, keep_labels)
    if records is None or (text is None and not all(isinstance(r.get("text"), str) for r in records)):
        return None  # a removed document's text is not in the ledger; lines without text cannot be shown
    lines = sig.align_lines(text or "", records)
    return [{**ln, "text": ln["text"][:1000] if ln["text"] is not None else None} for ln in lines[: limits.max_lines]]


def _prune(obj: Any, limits: Limits, depth: int = 0) -> Any:
    """Labels small enough to embed: long strings and lists cut, deep nesting elided.

    >>> _prune({"a": "x" * 600, "b": list(range(50)), "c": {"d": {"e": {"f": {"g": 1}}}}}, Limits())["b"][-1]
    '… 30 more'
    """
    if depth > 4:
        return "…"
    if isinstance(obj, dict):
        return {str(k): _prune(v, limits, depth + 1) for k, v in obj.items() if k not in ("lines",)}
    if isinstance(obj, (list, tuple)):
        head = [_prune(v, limits, depth + 1) for v in obj[:20]]
        return head + ([f"… {len(obj) - 20} more"] if len(obj) > 20 else [])
    if isinstance(obj, str) and len(obj) > 500:
        return obj[:500] + "…"
    return obj


def _rows(fs: Any, path: str, writer: WriterConfig) -> Iterator[tuple[str, str, dict[str, Any]]]:
    cfg = WriterConfig(format=_format(path) or "jsonl", text_field=writer.text_field, id_field=writer.id_field,
                       metadata_field=writer.metadata_field)
    with fs.open(path, "rb") as fh:
        for row in read_output(fh, cfg):
            meta = row.get(cfg.metadata_field) if cfg.metadata_field else None
            text = row.get(cfg.text_field)
            yield str(row.get(cfg.id_field)), text if isinstance(text, str) else "", meta if isinstance(meta, dict) else {}


def _format(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if ".tmp-" in name:
        return None  # an uncommitted write
    return next((f for f in OUTPUT_FORMATS if name.endswith("." + f)), None)


def _check_counts(data: ReportData) -> None:
    s, c = data.summary, data.ledger_counts
    ours = (c.get("kept"), c.get("removed") or {}, c.get("quarantined"))
    theirs = (s.get("kept"), s.get("removed"), s.get("quarantined"))
    if ours != theirs:
        data.notes.append(f"The ledger rows (kept {ours[0]}, removed {sum(ours[1].values())}, quarantined {ours[2]}) "
                          f"differ from summary.json (kept {theirs[0]}, removed {sum((theirs[1] or {}).values())}, "
                          f"quarantined {theirs[2]}): the run is incomplete or was changed after it finished.")
    if not s.get("ok", True):
        data.notes.append("summary.json marks this run as incomplete: " + "; ".join(s.get("problems", [])[:3]))


def _read_json(fs: Any, path: str) -> dict[str, Any]:
    with fs.open(path, "rb") as fh:
        try:
            obj = json.loads(fh.read())
        except json.JSONDecodeError as err:
            raise ConfigError(f"{path} is not valid JSON: {err}") from err
    return obj if isinstance(obj, dict) else {}


class _progress:
    """A rich progress bar over files on a terminal; silent otherwise (tests, pipes)."""

    def __init__(self, total: int, enabled: bool | None) -> None:
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bar: Any = None

    def __enter__(self) -> Callable[[str], None]:
        if not self.enabled:
            return lambda _desc: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("report: {task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), transient=True)
        self.bar.start()
        task = self.bar.add_task("reading", total=self.total)

        def step(desc: str) -> None:
            self.bar.update(task, advance=1, description=desc[:28])

        return step

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()
