"""Typed, immutable configuration.

Every option lives in a frozen dataclass that validates itself on construction. YAML files load
into exactly the same dataclasses through ``from_mapping``, so a pipeline written in Python and the
same pipeline written in YAML are indistinguishable to the runner (and hash the same).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import numbers
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tamis.errors import ConfigError

READ_FORMATS = ("auto", "txt", "jsonl", "parquet", "warc", "wet", "html")
WRITE_FORMATS = ("jsonl", "jsonl.gz", "jsonl.zst", "parquet")


def from_mapping(cls: type, data: Mapping[str, Any] | None, where: str) -> Any:
    """Build the frozen dataclass ``cls`` from plain data, naming the bad key on error.

    >>> from_mapping(WriterConfig, {"format": "parquet"}, "writer").format
    'parquet'
    >>> from_mapping(WriterConfig, {"fromat": "parquet"}, "writer")
    Traceback (most recent call last):
    ...
    tamis.errors.ConfigError: writer: unknown key 'fromat' (known: format, text_field, id_field, metadata_field, metadata_as_json)
    >>> from_mapping(WriterConfig, "parquet", "writer")  # YAML ``writer: parquet``
    Traceback (most recent call last):
    ...
    tamis.errors.ConfigError: writer: expected a mapping of options (such as format: ...), got str 'parquet'
    """
    # checked before dict(): dict("parquet") and dict(5) raise ValueError/TypeError, not a ConfigError
    if data is not None and not isinstance(data, Mapping):
        raise ConfigError(f"{where}: expected a mapping of options (such as {next(iter(dataclasses.fields(cls))).name}: ...), "
                          f"got {type(data).__name__} {data!r:.60}")
    data = dict(data or {})
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(fields)})")
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in data.items():
        kwargs[key] = _coerce(value, hints[key], f"{where}.{key}")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{where}: {err}") from err


def _coerce(value: Any, hint: Any, where: str) -> Any:
    """Check ``value`` against a type hint; turn YAML lists into tuples for frozen configs."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            try:
                return _coerce(value, arg, where)
            except ConfigError:
                continue
        raise ConfigError(f"{where}: {value!r} does not match {hint}")
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{where}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        item = args[0] if args else Any
        return tuple(_coerce(v, item, f"{where}[{i}]") for i, v in enumerate(value))
    if hint is type(None):
        if value is not None:
            raise ConfigError(f"{where}: expected null, got {value!r}")
        return None
    if hint is float and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)  # an int, or a numpy scalar
    if hint is int and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(hint, type):
        if hint is int and isinstance(value, bool):
            raise ConfigError(f"{where}: expected int, got {value!r}")
        if dataclasses.is_dataclass(hint) and isinstance(value, Mapping):
            return from_mapping(hint, value, where)
        if not isinstance(value, hint):
            raise ConfigError(f"{where}: expected {hint.__name__}, got {value!r}")
    return value


def _python_number(value: Any) -> Any:
    """``value`` with a numpy scalar or array as the Python number or list it is, and a list or
    tuple of them likewise, one level deep: options from YAML may hold aliases, shared or
    recursive, which a deeper walk would expand without end. Anything else is returned as is.

    >>> import numpy as np
    >>> _python_number([np.int64(3), np.float32(0.5), np.bool_(True), "x"]), _python_number(np.array([2, 3]))
    ([3, 0.5, True, 'x'], [2, 3])
    """
    if type(value).__module__ == "numpy" and callable(getattr(value, "tolist", None)):
        return value.tolist()  # a scalar's tolist() is its Python number, an array's a list
    if isinstance(value, (list, tuple)) and any(type(v).__module__ == "numpy" for v in value):
        return type(value)(v.tolist() if type(v).__module__ == "numpy" else v for v in value)
    return value


def checked(config: Any, where: str) -> None:
    """Check every field of a config dataclass against its type hint, as ``from_mapping`` does for
    YAML, so that a config built in Python fails on construction with a ``ConfigError`` naming the
    field, not later with a ``TypeError`` deep in a run. Lists become tuples (frozen configs hash).

    >>> ReaderConfig(shard_bytes="1MB")
    Traceback (most recent call last):
    ...
    tamis.errors.ConfigError: reader.shard_bytes: expected int, got '1MB'
    """
    hints = _type_hints(type(config))
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        coerced = _coerce(value, hints[f.name], f"{where}.{f.name}")
        if coerced is not value and (isinstance(value, list) or type(coerced) in (int, float)):
            object.__setattr__(config, f.name, coerced)  # a list as a tuple, a numpy number as a Python one


@functools.lru_cache(maxsize=None)
def _type_hints(cls: type) -> dict[str, Any]:
    # resolving the annotations took 65 us per construction: once per class is enough
    return typing.get_type_hints(cls)


@dataclass(frozen=True, slots=True)
class ReaderConfig:
    """How inputs are read. ``format="auto"`` picks by file extension."""

    format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    # Uncompressed inputs are split into byte ranges of this size, so one big file is many shards.
    shard_bytes: int = 64 * 1024 * 1024
    # A document whose text is larger than this is quarantined as too large.
    max_doc_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        checked(self, "reader")
        if self.format not in READ_FORMATS:
            raise ConfigError(f"reader.format: {self.format!r} is not one of {', '.join(READ_FORMATS)}")
        if self.shard_bytes < 1024:
            raise ConfigError("reader.shard_bytes must be at least 1024")
        if self.max_doc_bytes < 1:
            raise ConfigError("reader.max_doc_bytes must be positive")


@dataclass(frozen=True, slots=True)
class WriterConfig:
    """Output shards in Hugging Face ``datasets`` conventions: ``id``, ``text``, ``metadata``."""

    format: str = "jsonl.gz"
    text_field: str = "text"
    id_field: str = "id"
    metadata_field: str | None = "metadata"
    # Labels differ from one document to the next (a language-score map, keys of optional steps),
    # and `datasets.load_dataset("json")` needs one schema for all rows: it fails on such nested
    # metadata. As a JSON string it always loads. Set False for nested objects (jq, pandas).
    metadata_as_json: bool = True

    def __post_init__(self) -> None:
        checked(self, "writer")
        if self.format not in WRITE_FORMATS:
            raise ConfigError(f"writer.format: {self.format!r} is not one of {', '.join(WRITE_FORMATS)}")
        names = [n for n in (self.id_field, self.text_field, self.metadata_field) if n is not None]
        if len(set(names)) < len(names) or "" in names:
            # one column would overwrite another: the text lost under the metadata, or the id
            raise ConfigError(f"writer: id_field, text_field and metadata_field must be distinct names, got {names}")
        if self.format == "parquet" and not self.metadata_as_json:
            # a Parquet column needs one type for every row, which free-form labels do not have
            raise ConfigError("writer.metadata_as_json: false is for JSONL output; Parquet keeps metadata as a JSON string")


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One step of a pipeline by registry name, with its options as given by the user."""

    name: str
    options: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ConfigError(f"a step's name must be a non-empty string, got {self.name!r}")
        # a numpy number as a Python one: _run.json is JSON, and the config hash must not tell them apart
        object.__setattr__(self, "options", tuple((k, _python_number(v)) for k, v in self.options)
                           if all(isinstance(o, tuple) and len(o) == 2 for o in self.options) else self.options)
        if not all(isinstance(o, tuple) and len(o) == 2 and isinstance(o[0], str) for o in self.options):
            names = [o[0] if isinstance(o, tuple) else o for o in self.options]
            raise ConfigError(f"step {self.name}: option names must be strings, got {names!r}")

    @classmethod
    def of(cls, name: str, **options: Any) -> StepSpec:
        return cls(name, tuple(sorted(options.items())))


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Where and how wide to run. It does not change the output, so it is not in the config hash
    (a run started locally can be resumed on Ray). Command-line flags override it."""

    executor: str = "local"
    workers: int | None = None  # default: all cores (local) or the cluster's CPUs (ray)
    ray_address: str | None = None
    # Wall-clock seconds one document may spend in one step before it is quarantined
    # ("time_budget", steps/budget.py); 0 turns the budget off. A guard, not a setting of the
    # output: a typical page takes milliseconds, and the largest the readers let in (10 MiB) a few
    # seconds per step.
    doc_seconds: float = 60.0

    def __post_init__(self) -> None:
        checked(self, "run")
        if self.executor not in ("local", "inprocess", "ray"):
            raise ConfigError(f"run.executor: {self.executor!r} is not one of local, inprocess, ray")
        if self.workers is not None and self.workers < 1:
            raise ConfigError("run.workers must be at least 1")
        if not isinstance(self.doc_seconds, (int, float)) or isinstance(self.doc_seconds, bool) or not 0 <= self.doc_seconds < 1e6:
            raise ConfigError(f"run.doc_seconds must be a number of seconds from 0 (no budget) up, got {self.doc_seconds!r}")


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    steps: tuple[StepSpec, ...]
    reader: ReaderConfig = field(default_factory=ReaderConfig)
    writer: WriterConfig = field(default_factory=WriterConfig)
    run: RunConfig = field(default_factory=RunConfig)

    def __post_init__(self) -> None:
        if not isinstance(self.steps, (tuple, list)) or not all(isinstance(s, StepSpec) for s in self.steps):
            raise ConfigError("pipeline.steps must be StepSpec items (StepSpec('ftfy'), StepSpec.of('threshold', ...)), "
                              f"got {self.steps!r}")
        object.__setattr__(self, "steps", tuple(self.steps))
        parts = (("reader", self.reader, ReaderConfig), ("writer", self.writer, WriterConfig), ("run", self.run, RunConfig))
        for name, value, cls in parts:
            if not isinstance(value, cls):
                raise ConfigError(f"pipeline.{name} must be a {cls.__name__}, got {value!r}")

    def as_dict(self) -> dict[str, Any]:
        """Plain data in the YAML shape (steps as ``{name: options}``), for _run.json and reports."""
        steps = [{s.name: dict(s.options)} if s.options else s.name for s in self.steps]
        return {"steps": steps, "reader": _plain(self.reader), "writer": _plain(self.writer), "run": _plain(self.run)}

    def hash(self) -> str:
        """Stable hash of the config, recorded in summary.json and checked on resume."""
        data = _plain(self)
        del data["run"]
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def parse_pipeline(data: Mapping[str, Any]) -> PipelineConfig:
    """Turn parsed YAML into a ``PipelineConfig``.

    Steps are written as a bare name or as a one-key mapping ``{name: {option: value}}``.

    >>> cfg = parse_pipeline({"steps": ["ftfy", {"threshold": {"field": "x", "op": ">=", "value": 1}}]})
    >>> [s.name for s in cfg.steps]
    ['ftfy', 'threshold']
    >>> cfg = parse_pipeline({"preset": "dedup", "writer": {"format": "parquet"}})
    >>> [s.name for s in cfg.steps], cfg.writer.format
    (['exact_dedup', 'minhash_dedup'], 'parquet')
    >>> cfg = parse_pipeline({"preset": "dedup", "options": {"minhash_dedup": {"threshold": 0.7}}})
    >>> cfg.steps[1].options
    (('threshold', 0.7),)
    """
    if not isinstance(data, Mapping):
        raise ConfigError("pipeline config must be a mapping with a 'steps' list")
    unknown = set(data) - {"steps", "preset", "options", "reader", "writer", "run"}
    if unknown:
        raise ConfigError(f"pipeline: unknown key {sorted(map(str, unknown))[0]!r} (known: steps, preset, options, reader, writer, run)")
    if "preset" in data:  # a preset's steps with this file's reader, writer and run settings
        if "steps" in data:
            raise ConfigError("pipeline: give 'steps' or 'preset', not both")
        from tamis.presets import preset_steps  # presets build StepSpecs: imported here, not at the top

        return _pipeline(_with_options(tuple(preset_steps(str(data["preset"]))), data.get("options")), data)
    if "options" in data:
        raise ConfigError("pipeline: 'options' changes a preset's steps; with a 'steps' list, give the options there")
    if "steps" not in data:
        raise ConfigError("pipeline: a 'steps' list or a 'preset' name is required")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list):
        raise ConfigError("pipeline: 'steps' must be a list of step names or {name: options} mappings")
    steps = []
    for i, item in enumerate(raw_steps):
        if isinstance(item, str):
            steps.append(StepSpec(item))
        elif isinstance(item, Mapping) and len(item) == 1:
            (name, options), = item.items()
            if options is not None and not isinstance(options, Mapping):
                raise ConfigError(f"steps[{i}] ({name}): options must be a mapping")
            steps.append(StepSpec(str(name), tuple(sorted(dict(options or {}).items(), key=lambda kv: str(kv[0])))))
        else:
            raise ConfigError(f"steps[{i}]: expected a step name or a one-key mapping, got {item!r}")
    return _pipeline(tuple(steps), data)


def _with_options(steps: tuple[StepSpec, ...], options: Any) -> tuple[StepSpec, ...]:
    """A preset's steps with some steps' options changed (``options: {step name: {option: value}}``):
    one setting without writing out the whole pipeline, e.g. ``remove_furniture: {record_removed: true}``."""
    if options is None:
        return steps
    if not isinstance(options, Mapping) or not all(isinstance(v, Mapping) for v in options.values()):
        raise ConfigError("pipeline: 'options' must map step names to {option: value} mappings")
    names = {s.name for s in steps}
    for name in options:
        if name not in names:
            raise ConfigError(f"options: the preset has no step {name!r} (its steps: {', '.join(s.name for s in steps)})")
    return tuple(StepSpec(s.name, tuple(sorted({**dict(s.options), **dict(options[s.name])}.items(), key=lambda kv: str(kv[0]))))
                 if s.name in options else s for s in steps)


def _pipeline(steps: tuple[StepSpec, ...], data: Mapping[str, Any]) -> PipelineConfig:
    return PipelineConfig(
        steps=steps,
        reader=from_mapping(ReaderConfig, data.get("reader"), "reader"),
        writer=from_mapping(WriterConfig, data.get("writer"), "writer"),
        run=from_mapping(RunConfig, data.get("run"), "run"),
    )


def _refuse_repeated_keys(root: Any, path: str) -> None:
    """A ConfigError for a key given twice in one mapping of the YAML node graph: plain YAML keeps
    the last, so ``writer:`` written twice silently lost the first. Checked on the nodes as
    written, before construction flattens merges (``<<: *anchor`` brings keys that the mapping
    may override, and flattening rewrites a shared anchor's node in place)."""
    import yaml

    todo, seen_nodes = [root], set()
    while todo:
        node = todo.pop()
        if id(node) in seen_nodes:  # an anchor's node is reached once per alias
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if (key.tag, key.value) in keys:
                        raise ConfigError(f"{path}, line {key.start_mark.line + 1}: the key {key.value!r} is given twice")
                    keys.add((key.tag, key.value))
                todo += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value


def load_yaml(path: str) -> PipelineConfig:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            loader = yaml.SafeLoader(fh)
            try:
                node = loader.get_single_node()
                if node is not None:
                    _refuse_repeated_keys(node, path)
                data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
    except OSError as err:
        raise ConfigError(f"cannot read config {path}: {err}") from err
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save the config as UTF-8") from err
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from err
    if data is None:
        raise ConfigError(f"{path}: the file is empty; it needs a 'steps' list or a 'preset' name")
    try:
        return parse_pipeline(data)
    except ConfigError as err:  # name the file: the message alone says which key, not where
        raise ConfigError(f"{path}: {err}") from err
