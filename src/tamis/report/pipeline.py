"""The run's pipeline as the report sees it: its steps, and the thresholds to draw on charts.

The config is read from ``OUT/_run.json`` (key ``config``, as ``PipelineConfig`` plain data) when
the runner records it, or given by the user (``tamis report OUT --config FILE``). Thresholds come
from two places:

- ``threshold`` steps name their metadata path exactly (``field``, ``op``, ``value``);
- any other step's Config may have numeric options; ``min_X``/``max_X``/``X_min``/``X_max``/
  ``X_threshold`` are matched to a signal whose last path component is ``X`` under a key named
  after the step (``gopher``'s ``min_words`` on ``quality.gopher.words``). A step that names
  its signals differently can say so with a classmethod
  ``report_thresholds(options: dict) -> Iterable[(path, op, value)]`` (options with defaults).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tamis.config import StepSpec, from_mapping
from tamis.errors import ConfigError


@dataclass(frozen=True)
class Threshold:
    """A cut drawn on a histogram. ``path`` is exact, or only a leaf name when ``loose``."""

    path: str
    op: str
    value: float
    step: str
    reason: str = ""
    loose: bool = False
    # a field that only some inputs carry (``warn_missing: false``): its absence is no news
    quiet: bool = False

    def matches(self, signal: str) -> bool:
        """
        A loose threshold also needs the step's name (or a ``_``-separated part of it) among
        the signal's path components, so ``ftfy``'s ``max_chars`` is not drawn on ``quality.x.chars``.

        >>> Threshold("words", ">=", 50, "gopher_quality", loose=True).matches("quality.gopher.words")
        True
        >>> Threshold("chars", "<=", 1e6, "ftfy", loose=True).matches("quality.gopher.chars")
        False
        >>> Threshold("quality.x", ">=", 1, "threshold").matches("quality.xy")
        False
        """
        if not self.loose:
            return signal == self.path
        parts = signal.split(".")
        return parts[-1] == self.path and bool(set(parts[:-1]) & {self.step, *self.step.split("_")})

    def label(self) -> str:
        """
        >>> Threshold("q", "", 0.5, "filter", "too_low").label()
        'filter: cut at 0.5 (too_low)'
        """
        rule = f"keep {self.op} {self.value:g}" if self.op else f"cut at {self.value:g}"
        return f"{self.step}: {rule}" + (f" ({self.reason})" if self.reason else "")


def specs_from_record(record: Any) -> list[StepSpec]:
    """Steps from recorded config data: ``{"steps": [...]}`` or a bare list, each step as
    ``{"name", "options": [[k, v], ...] | {k: v}}``, a YAML-style ``{name: options}`` or a name.

    >>> specs_from_record({"steps": [{"name": "threshold", "options": [["field", "q"], ["op", ">"], ["value", 1]]},
    ...                              "ftfy", {"gopher": {"min_words": 50}}]})
    [StepSpec(name='threshold', options=(('field', 'q'), ('op', '>'), ('value', 1))), StepSpec(name='ftfy', options=()), StepSpec(name='gopher', options=(('min_words', 50),))]
    """
    steps = record.get("steps") if isinstance(record, Mapping) else record
    if not isinstance(steps, Sequence) or isinstance(steps, str):
        return []
    specs = []
    for item in steps:
        if isinstance(item, str):
            specs.append(StepSpec(item))
        elif isinstance(item, Mapping) and "name" in item:
            opts = item.get("options") or {}
            specs.append(StepSpec.of(str(item["name"]), **(dict(opts) if isinstance(opts, Mapping) else dict(map(tuple, opts)))))
        elif isinstance(item, Mapping) and len(item) == 1:
            (name, opts), = item.items()
            specs.append(StepSpec.of(str(name), **dict(opts or {})))
    return specs


def step_options(spec: StepSpec) -> dict[str, Any]:
    """The step's full options (defaults filled in from its Config) when the step is known;
    otherwise the options as recorded. Never raises: a report must render for any run."""
    from tamis.steps.registry import step_class

    try:
        cls = step_class(spec.name)
        config = from_mapping(cls.Config, dict(spec.options), f"step {spec.name}")
    except (ConfigError, TypeError):
        return dict(spec.options)
    if dataclasses.is_dataclass(config):
        return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    return dict(spec.options)


def thresholds(specs: Iterable[StepSpec]) -> list[Threshold]:
    """Every threshold the pipeline applies that can be drawn on a numeric signal.

    >>> [t.label() for t in thresholds([StepSpec.of("threshold", field="quality.score", op=">=", value=0.5,
    ...                                                reason="low_quality")])]
    ['threshold: keep >= 0.5 (low_quality)']
    >>> [(t.path, t.op, t.value, t.loose) for t in thresholds([StepSpec.of("nosuchstep", min_words=50, max_ratio=0.3,
    ...                                                                     flag=True, workers=4)])]
    [('ratio', '<=', 0.3, True), ('words', '>=', 50.0, True)]
    """
    out: list[Threshold] = []
    for spec in specs:
        opts = step_options(spec)
        hook = _hook(spec.name)
        if hook is not None:
            for path, op, value in hook(opts):
                if _is_number(value):  # an option set to None disables that cut
                    out.append(Threshold(path, op, float(value), spec.name))
            continue
        if spec.name == "threshold":
            value = opts.get("value")
            if isinstance(value, (int, float)) and _is_number(value) and isinstance(opts.get("field"), str):
                out.append(Threshold(opts["field"], str(opts.get("op", "")), float(value), spec.name,
                                     str(opts.get("reason") or ""), quiet=opts.get("warn_missing") is False))
            continue
        for key, value in opts.items():
            if not _is_number(value):
                continue
            leaf, op = _leaf(key)
            if leaf:
                out.append(Threshold(leaf, op, float(value), spec.name, key, loose=True))
    return out


def _leaf(option: str) -> tuple[str, str]:
    """
    >>> _leaf("min_words"), _leaf("ratio_max"), _leaf("score_threshold"), _leaf("workers")
    (('words', '>='), ('ratio', '<='), ('score', '>='), ('', ''))
    """
    for prefix, op in (("min_", ">="), ("max_", "<=")):
        if option.startswith(prefix):
            return option[len(prefix):], op
    for suffix, op in (("_min", ">="), ("_max", "<="), ("_threshold", ">=")):
        if option.endswith(suffix):
            return option[: -len(suffix)], op
    return "", ""


def _hook(name: str) -> Any:
    from tamis.steps.registry import step_class

    try:
        cls = step_class(name)
    except ConfigError:
        return None
    hook = getattr(cls, "report_thresholds", None)
    return hook if callable(hook) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
