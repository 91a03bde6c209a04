"""The Python API: the same pipeline the CLI runs, as plain function calls.

>>> from tamis.config import StepSpec
>>> build_config(None, None).steps == tuple(preset_steps("default"))
True
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from tamis.config import PipelineConfig, ReaderConfig, StepSpec, WriterConfig, load_yaml
from tamis.errors import ConfigError
from tamis.presets import preset_steps
from tamis.run.executors import make_executor
from tamis.run.runner import Run
from tamis.run.summary import Summary
from tamis.steps.base import Step
from tamis.steps.registry import BUILTIN_STEPS

log = logging.getLogger(__name__)


def as_spec(step: StepSpec | Step | str) -> StepSpec:
    """Accept a registry name, a spec, or a configured Step instance.

    >>> as_spec({"threshold": {"field": "x"}})
    Traceback (most recent call last):
    ...
    tamis.errors.ConfigError: a step is a name ("ftfy"), a StepSpec or a Step instance, got {'threshold': {'field': 'x'}}; a step with options is StepSpec.of("threshold", field=..., ...)
    """
    if isinstance(step, StepSpec):
        return step
    if isinstance(step, str):
        return StepSpec(step)
    if not isinstance(step, Step):  # a dict as in YAML, a class instead of an instance, a number
        hint = f'StepSpec.of("{next(iter(step))}", field=..., ...)' if isinstance(step, Mapping) and len(step) == 1 \
            else "StepSpec.of(name, option=value)"
        raise ConfigError(f'a step is a name ("ftfy"), a StepSpec or a Step instance, got {step!r}; a step with options is {hint}')
    options = {f.name: getattr(step.config, f.name) for f in dataclasses.fields(step.config)}
    # workers rebuild steps from specs by name: a step that is not built in goes by its import path
    cls = type(step)
    name = step.name if BUILTIN_STEPS.get(step.name) is cls else f"{cls.__module__}:{cls.__qualname__}"
    return StepSpec.of(name, **options)


def build_config(config_path: str | None = None, preset: str | None = None, *, fmt: str | None = None,
                 text_field: str | None = None, id_field: str | None = None) -> PipelineConfig:
    """The config a ``tamis run`` would use: a YAML file, a preset, or the default pipeline,
    with command-line overrides applied on top."""
    if config_path and preset:
        raise ConfigError("give a config file or a preset, not both (a file can name its preset: `preset: NAME`)")
    if config_path:
        config = load_yaml(config_path)
    else:
        config = PipelineConfig(steps=tuple(preset_steps(preset or "default")))
    reader_over = {k: v for k, v in {"text_field": text_field, "id_field": id_field}.items() if v}
    if reader_over:
        config = dataclasses.replace(config, reader=dataclasses.replace(config.reader, **reader_over))
    if fmt:
        config = dataclasses.replace(config, writer=dataclasses.replace(config.writer, format=fmt))
    return config


def run(inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], output: str | os.PathLike[str],
        config: PipelineConfig | None = None, *,
        steps: Sequence[StepSpec | Step | str] | None = None, workers: int | None = None,
        executor: str | None = None, ray_address: str | None = None, reader: ReaderConfig | None = None,
        writer: WriterConfig | None = None, show_progress: bool = False) -> Summary:
    """Run a pipeline and return its summary.

    Give either ``config`` or ``steps`` (a plain list of step names, specs or Step instances);
    with neither, the default pipeline runs. ``workers``, ``executor`` and ``ray_address``
    override the config's ``run`` section.
    """
    if config is None:
        if isinstance(steps, (str, bytes)):
            raise ConfigError(f"steps must be a list of steps, got the string {steps!r}: write [{steps!r}]")
        specs = tuple(as_spec(s) for s in steps) if steps is not None else tuple(preset_steps("default"))
        config = PipelineConfig(specs, reader or ReaderConfig(), writer or WriterConfig())
    elif not isinstance(config, PipelineConfig):  # a YAML path or a parsed mapping
        raise ConfigError(f"config must be a PipelineConfig (build_config('file.yaml') reads a YAML file), got {config!r}")
    elif steps is not None or reader is not None or writer is not None:
        # they were dropped without a word: a config already says which steps, reader and writer
        raise ConfigError("give steps, reader and writer inside the config, or no config: not both")
    paths = [str(p) for p in ([inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs))]
    if not isinstance(output, (str, os.PathLike)):
        raise ConfigError(f"output must be a folder path, got {output!r}")
    output = str(output)
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        # 0 meant all cores and -2 one worker, where the CLI and RunConfig refuse both
        raise ConfigError(f"workers must be a whole number of at least 1, got {workers!r}")
    where = config.run
    with make_executor(executor or where.executor, workers or where.workers or 0, ray_address or where.ray_address) as ex:
        progress = _ProgressBar() if show_progress and sys.stderr.isatty() else None
        try:
            summary = Run(paths, output, config, ex, progress.callback if progress else None).execute()
        finally:
            if progress:
                progress.stop()
    for line in missing_warnings(config.steps, summary.steps):
        log.warning(line)
    # the CLI turns this into its exit code; a script that only prints counts would not notice
    for problem in summary.problems:
        log.warning("run %s is not ok: %s", output, problem)
    return summary


def missing_warnings(steps: Sequence[StepSpec], stats: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """A line for each step that counted every document it saw as ``missing`` what it works on
    (a threshold's field, line_dedup's URL), in the step's own words (its ``missing_warning``).

    ``stats`` is the summary's per-step counters, keyed ``"NN:name"`` (position and name).

    >>> steps = [StepSpec("ftfy"), StepSpec.of("threshold", field="quality.gopher.word_count", op=">=", value=50)]
    >>> missing_warnings(steps, {"01:threshold": {"docs_in": 4, "missing": 4}})[0][:50]
    "filter 01:threshold: field 'quality.gopher.word_co"
    >>> missing_warnings(steps, {"01:threshold": {"docs_in": 4, "missing": 3}})
    []
    """
    from tamis.steps.registry import step_class

    out = []
    for key, counts in stats.items():
        seen = counts.get("docs_in", 0)
        if not seen or counts.get("missing", 0) < seen:
            continue
        spec = steps[int(key.partition(":")[0])]
        line = step_class(spec.name).missing_warning(key, dict(spec.options), seen)
        if line:
            out.append(line)
    return out


class _ProgressBar:
    """A rich progress bar over shards; quiet when stderr is not a terminal."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[docs]} docs, {task.fields[rate]} docs/s"), TimeRemainingColumn(),
                            transient=True)
        self.task: Any = None
        self.docs = 0
        self.bar.start()

    def callback(self, event: str, result: Any, total: int) -> None:
        import time

        if self.task is None:
            self.start, self.stage, self.done = time.time(), 0, 0
            self.task = self.bar.add_task("shards", total=total, docs=0, rate=0)
        if result is None:
            self.bar.update(self.task, description=event[:40])
            return
        if result.stage != self.stage:
            self.stage, self.done = result.stage, 0
        self.done += 1
        if result.stage == 0:
            self.docs += result.input
        rate = int(self.docs / max(time.time() - self.start, 1e-6))
        self.bar.update(self.task, completed=self.done, total=total, description=f"stage {result.stage}",
                        docs=self.docs, rate=rate)

    def stop(self) -> None:
        self.bar.stop()
