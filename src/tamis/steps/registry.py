"""The explicit list of built-in steps.

Names here are stable: YAML pipelines refer to them. Nothing registers itself on import; to add a
built-in step, import it below and append it to ``_BUILTIN``.
"""

from __future__ import annotations

import dataclasses
import difflib

from tamis.config import StepSpec, from_mapping
from tamis.dedup.exact import ExactDedup
from tamis.dedup.lines import LineDedup
from tamis.dedup.near import MinHashDedup
from tamis.errors import ConfigError
from tamis.extract.steps import ExtractHtml, LineLabels, Reflow, RemoveFurniture
from tamis.quality.filters import C4Filter, FineWebFilter, GopherQualityFilter, GopherRepetitionFilter, LanguageFilter
from tamis.quality.steps import C4Lines, C4Quality, FineWebQuality, GopherQuality, GopherRepetition, Language, Pii, PiiRedact
from tamis.steps.base import Step
from tamis.steps.filters import ThresholdFilter
from tamis.steps.repair import FtfyRepair

_BUILTIN: tuple[type[Step], ...] = (
    FtfyRepair,
    ThresholdFilter,
    ExtractHtml,
    Reflow,
    LineLabels,
    RemoveFurniture,
    ExactDedup,
    MinHashDedup,
    LineDedup,
    GopherQuality,
    GopherRepetition,
    C4Quality,
    C4Lines,
    FineWebQuality,
    Language,
    Pii,
    PiiRedact,
    GopherQualityFilter,
    GopherRepetitionFilter,
    C4Filter,
    FineWebFilter,
    LanguageFilter,
)

BUILTIN_STEPS: dict[str, type[Step]] = {cls.name: cls for cls in _BUILTIN}


def step_class(name: str) -> type[Step]:
    """A built-in step by name, or a user's step as ``package.module:ClassName``."""
    if ":" in name:
        return _import_step(name)
    try:
        return BUILTIN_STEPS[name]
    except KeyError:
        close = difflib.get_close_matches(name, BUILTIN_STEPS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"unknown step {name!r}{hint} (known: {', '.join(sorted(BUILTIN_STEPS))})") from None


def build_step(spec: StepSpec) -> Step:
    """Instantiate a step from its spec, validating options against the step's Config."""
    cls = step_class(spec.name)
    if not dataclasses.is_dataclass(cls.Config):
        raise ConfigError(f"step {spec.name!r} has no dataclass Config")
    config = from_mapping(cls.Config, dict(spec.options), f"step {spec.name}")
    return cls(config)


def _import_step(ref: str) -> type[Step]:
    import importlib

    module_name, _, attr = ref.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), attr)
    except ImportError as err:
        raise ConfigError(f"cannot import step {ref!r}: {err} (install its package, or add the folder that "
                          "holds it to PYTHONPATH)") from err
    except AttributeError as err:
        raise ConfigError(f"cannot import step {ref!r}: {err}") from err
    if not (isinstance(cls, type) and issubclass(cls, Step)):
        raise ConfigError(f"{ref!r} is not a tamis Step subclass")
    if not isinstance(getattr(cls, "name", None), str):  # the ledger and summary name steps by it
        raise ConfigError(f"step {ref!r} has no name: set the class attribute name = {ref!r}")
    return cls
