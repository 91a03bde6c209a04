"""The driver: plan shards, hand them to an executor stage by stage, resolve global steps,
then check the ledger invariant and write the summary.

A rerun with the same output folder resumes: shards whose commit marker verifies are skipped,
everything else is redone from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from tamis.config import PipelineConfig, StepSpec
from tamis.errors import ConfigError
from tamis.io.paths import filesystem
from tamis.run.context import GlobalContext
from tamis.run.executors.base import Executor, WorkerLost
from tamis.run.layout import Layout
from tamis.run.lock import output_lock
from tamis.run.needs import check_needs
from tamis.run.plan import InputFile, Shard, list_inputs, plan_shards
from tamis.run.shard import ShardResult, ShardTask, read_marker, run_shard, stage_bounds
from tamis.run.summary import Summary, error_tail, summarize
from tamis.steps.base import GlobalStep, Step
from tamis.steps.registry import build_step

Progress = Callable[[str, ShardResult | None, int], None]  # (event, result, total shards)


def plan_key(shards: list[Shard], files: list[InputFile]) -> str:
    """A hash of the shard plan: ids, formats, files with their sizes (``list_inputs``), and ranges."""
    sizes = {f.url: f.size for f in files}
    plan = [[s.id, s.format, [[url, name, sizes.get(url)] for url, name in s.files], s.start, s.stop] for s in shards]
    return hashlib.sha256(json.dumps(plan).encode()).hexdigest()[:16]


def file_stamps(files: list[InputFile]) -> dict[str, list[Any]]:
    """Each input file's [size, modification time] by name, as recorded in ``_run.json``."""
    return {f.name: [f.size, f.modified] for f in files}


def file_differences(was: dict[str, list[Any]], now: dict[str, list[Any]], show: int = 3) -> str | None:
    """Which input files were added, removed or changed (size or modification time), the first
    few of each by name; None when they are the same.

    >>> file_differences({"a": [1, 5.0], "b": [2, 5.0]}, {"a": [2, 6.0], "c": [3, 5.0]})
    'changed a; added c; removed b'
    >>> file_differences({"a": [1, 5.0]}, {"a": [1, 5.0]}) is None
    True
    >>> file_differences({}, {f"f{i}": [1, None] for i in range(5)}, show=2)
    'added f0, f1 (and 3 more)'
    """
    now = json.loads(json.dumps(now))  # as it would read back from _run.json
    kinds = [("changed", [n for n in now if n in was and was[n] != now[n]]),
             ("added", [n for n in now if n not in was]), ("removed", [n for n in was if n not in now])]
    parts = [f"{kind} {', '.join(names[:show])}" + (f" (and {len(names) - show} more)" if len(names) > show else "")
             for kind, names in kinds if names]
    changed = kinds[0][1]
    if changed and all(was[n][0] == now[n][0] for n in changed):  # a touch, or a copy without -p
        parts[0] += " (same size, new modification time)"
    return "; ".join(parts) or None


def _cut(value: Any, limit: int = 200) -> str:
    """A value for a message, cut at a comma (not mid-word) when long, with an ellipsis."""
    text = str(value)
    return text if len(text) <= limit else text[: text.rfind(",", 0, limit) + 1 or limit] + " …"


def _same_input(arg: str) -> str:
    """An input argument as resuming compares it: "./in.jsonl", "in.jsonl" and "dir/" name the
    same files (and give the same ids); a URL is compared as written, less a trailing "/".

    >>> _same_input("./in.jsonl"), _same_input("data/"), _same_input("s3://b/x/")
    ('in.jsonl', 'data', 's3://b/x')
    """
    return arg.rstrip("/") if "://" in arg else os.path.normpath(arg)


def run_differences(previous: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What differs between the run recorded in an output folder and this one, in words.

    >>> old = {"config_hash": "a", "inputs": ["crawl/"], "plan": "p", "config": {"steps": ["ftfy"], "writer": {}}}
    >>> run_differences(old, {**old, "config_hash": "b", "config": {"steps": ["ftfy", "language"], "writer": {}}})
    ["the config's steps differ (was ['ftfy'], now ['ftfy', 'language'])"]
    >>> run_differences(old, {**old, "inputs": ["crawl"]})  # the same folder
    []
    >>> run_differences(old, {**old, "plan": "q"})
    ['the input files differ (a file was added, removed or changed size)']
    >>> run_differences({**old, "files": {"a": [1, 5.0]}}, {**old, "files": {"a": [1, 6.0]}})
    ['the input files differ: changed a (same size, new modification time)']
    """
    out = []
    if "config_hash" in previous and previous["config_hash"] != now["config_hash"]:
        # the recorded config went through JSON (tuples came back as lists): compare it so
        was, new = previous.get("config") or {}, json.loads(json.dumps(now.get("config") or {}))
        parts = [k for k in sorted(set(was) | set(new)) if was.get(k) != new.get(k)]
        out += [f"the config's {k} differ (was {_cut(was.get(k))}, now {_cut(new.get(k))})" for k in parts] or [
            "the config differs"]
    if "inputs" in previous and list(map(_same_input, previous["inputs"])) != list(map(_same_input, now["inputs"])):
        out.append(f"the input arguments differ (was {previous['inputs']}, now {now['inputs']})")
    elif "files" in previous and (changed := file_differences(previous["files"], now.get("files") or {})):
        out.append(f"the input files differ: {changed}")
    elif "plan" in previous and previous["plan"] != now["plan"]:
        # an output folder written before file stamps were recorded
        out.append("the input files differ (a file was added, removed or changed size)")
    return out


def _where(err: BaseException) -> str:
    """The file, line and function where ``err`` was raised: a resolve's error names no step's
    code otherwise, and the summary shows no traceback."""
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    return f"{'/'.join(frame.filename.split(os.sep)[-2:])}:{frame.lineno}, {frame.name}" if frame else "?"


def _built(index: int, spec: StepSpec) -> Step:
    """The step at ``index`` of the pipeline; its ConfigError says which one, since a pipeline may
    hold two steps of one name (two ``threshold`` filters)."""
    try:
        return build_step(spec)
    except ConfigError as err:
        raise ConfigError(f"steps[{index}] ({spec.name}): {err}") from err


@dataclass
class Run:
    inputs: Sequence[str]
    output: str
    config: PipelineConfig
    executor: Executor
    progress: Progress | None = None
    # How often a stage is retried when workers die (killed, out of memory).
    retries: int = 2

    def execute(self) -> Summary:
        started = time.time()
        for i, spec in enumerate(self.config.steps):
            if spec.name.startswith("__main__:") and not self.executor.imports_main:
                raise ConfigError(f"steps[{i}] ({spec.name}) is defined in the script that starts the run, which this "
                                  "executor's workers cannot import: define it in a module they can (installed, or on "
                                  "PYTHONPATH on every node)")
        steps = [_built(i, spec) for i, spec in enumerate(self.config.steps)]  # ConfigError before any work
        bounds = stage_bounds(steps)
        fs, root = filesystem(self.output)
        layout = Layout(root)
        # listed once, for the plan and its key, without the output folder's own files
        files = list_inputs(list(self.inputs), self.config.reader, self.output)
        shards = plan_shards(list(self.inputs), self.config.reader, files)
        check_needs(steps, shards, self.config.reader)  # a filter without its labeller: ConfigError, no work
        self._claim_output(fs, layout, plan_key(shards, files), file_stamps(files))
        with output_lock(fs, root, self.output):  # ConfigError while another run writes here
            return self._stages(fs, layout, steps, bounds, shards, started)

    def _stages(self, fs: Any, layout: Layout, steps: list[Step], bounds: list[int], shards: list[Shard],
                started: float) -> Summary:
        """Every stage of the claimed run, then its summary."""
        if fs.exists(layout.tmp_dir()):  # half-written files of a run that was killed
            fs.rm(layout.tmp_dir(), recursive=True)
        fs.makedirs(layout.tmp_dir(), exist_ok=True)
        results: dict[tuple[int, str], ShardResult] = {}
        resumed = 0
        stopped = None  # why a global step could not resolve
        for stage in range(len(bounds) + 1):
            ran = self._run_stage(fs, layout, stage, shards, results)
            if stage == 0:
                resumed = len(shards) - ran
            if ran:
                # Anything decided downstream of shards that were just redone is stale.
                if fs.exists(layout.resolved(stage)):
                    fs.rm(layout.resolved(stage))
                for later in range(stage + 1, len(bounds) + 1):
                    if fs.exists(layout.marker_dir(later)):
                        fs.rm(layout.marker_dir(later), recursive=True)
            if any(results[(stage, s.id)].status == "failed" for s in shards):
                break  # a global step needs every shard; the rerun will finish the job
            if stage < len(bounds):
                stopped = self._resolve(fs, layout, stage, bounds[stage], cast(GlobalStep, steps[bounds[stage]]), shards)
                if stopped:
                    break  # the later stages need its decisions; a rerun resolves it again
        summary = summarize(fs, layout, self.config, shards, results, len(bounds), time.time() - started, stopped)
        summary.resumed = resumed
        try:
            with fs.open(layout.summary(), "wb") as fh:
                fh.write(json.dumps(summary.as_dict(), indent=2, sort_keys=True).encode())
        except OSError as err:  # the folder removed or moved while the run worked: say so, no traceback
            summary.problems.append(f"summary.json could not be written to {self.output} ({err}); was the output "
                                    "folder moved or removed during the run?")
        return summary

    def _claim_output(self, fs: Any, layout: Layout, plan: str, files: dict[str, list[Any]]) -> None:
        """Refuse to mix two different configs or input sets in one output folder; resume the same one.

        A finished shard is kept on a rerun by its id, which is its place in the plan, so the
        plan itself (every shard's files, their sizes and byte ranges) must be the same: with a
        file added to an input folder, shard 00000 would name another file, whose documents the
        rerun would skip as done while it counted another file's twice. A file edited in place
        (same size, newer modification time) is a difference too: its finished shards hold the
        old text."""
        # The full config is recorded so that reports and audits can see thresholds later.
        info = {"config_hash": self.config.hash(), "inputs": list(self.inputs), "plan": plan,
                "config": self.config.as_dict(), "files": files}
        if fs.exists(layout.run_file()):
            with fs.open(layout.run_file(), "rb") as fh:
                previous = json.loads(fh.read())
            differs = run_differences(previous, info)
            if differs:
                raise ConfigError(f"{self.output} holds another run: {'; '.join(differs)}. To run on these inputs, "
                                  "choose a new output folder, or remove this one (its results go with it)")
            return
        present = [p for p in fs.ls(layout.root, detail=False) if not p.rstrip("/").rsplit("/", 1)[-1].startswith(".")] \
            if fs.isdir(layout.root) else []
        if present:  # (hidden files, such as .DS_Store or .gitkeep, are no data)
            # a folder of other files: the shards would overwrite the user's data/00000.jsonl.gz,
            # and stray files under data/ or ledger/ would be read as the run's own
            raise ConfigError(f"{self.output} is not empty and holds no tamis run (it has "
                              f"{present[0].rstrip('/').rsplit('/', 1)[-1]!r}); choose a new or empty output folder")
        try:
            # serialised before the file is opened: a value JSON cannot hold (an option's object)
            # must not leave an empty _run.json that every rerun then fails to read
            blob = json.dumps(info, indent=1).encode()
        except TypeError as err:
            raise ConfigError(f"the pipeline config cannot be recorded as JSON ({err}); give options as plain "
                              "numbers, strings, lists and mappings") from err
        try:
            fs.makedirs(layout.root, exist_ok=True)
            with fs.open(layout.run_file(), "wb") as fh:
                fh.write(blob)
        except OSError as err:
            # nothing has run yet: a path that cannot be an output folder is a config mistake
            raise ConfigError(f"cannot write the output folder {self.output}: {err}") from err

    def _run_stage(self, fs: Any, layout: Layout, stage: int, shards: list[Shard],
                   results: dict[tuple[int, str], ShardResult]) -> int:
        todo: list[ShardTask] = []
        for shard in shards:
            done = read_marker(fs, layout, stage, shard.id)
            if done is not None:
                results[(stage, shard.id)] = done
                self._report("skipped", done, len(shards))
            else:
                todo.append(ShardTask(shard, stage, self.config, self.output))
        ran = len(todo)  # before a retry cuts todo down to the lost shards
        for attempt in range(self.retries + 1):
            try:
                for result in self.executor.map(run_shard, todo):
                    results[(stage, result.shard)] = result
                    self._report("done", result, len(shards))
            except WorkerLost as err:
                todo = [t for t in todo if (stage, t.shard.id) not in results]
                self._report(f"retry {attempt + 1}: {err}", None, len(shards))
                if attempt == self.retries:
                    for task in todo:
                        results[(stage, task.shard.id)] = ShardResult(task.shard.id, stage, "failed", error=str(err))
                continue
            break
        return ran

    def _resolve(self, fs: Any, layout: Layout, stage: int, index: int, step: GlobalStep,
                 shards: list[Shard]) -> str | None:
        """Resolve the global step ``steps[index]``; None when it is resolved, else why not, for
        the summary (a lost worker or a raising resolve ended the run with a traceback and no
        summary at all)."""
        done = layout.resolved(stage)
        if fs.exists(done):
            return None
        fs.makedirs(layout.global_dir(stage), exist_ok=True)
        spills = [(s.id, layout.spill(stage, s.id)) for s in shards]
        self._report(f"resolving {step.name}", None, len(shards))
        why = ""
        for attempt in range(self.retries + 1):
            try:
                step.resolve(GlobalContext(layout.global_dir(stage), spills, self.executor, fs))
            except WorkerLost as err:
                # Retried like a shard stage: a resolve resumes at its first unfinished task
                # (dedup/base.py), so the retry redoes only what the dead worker lost.
                why = f"{type(err).__name__}: {err}"
                self._report(f"retry {attempt + 1}: {err}", None, len(shards))
                continue
            except Exception as err:  # noqa: BLE001 - a bug in a resolve ends the run with a summary, as in a shard
                # not retried: a bug gives the same answer again (Ray's retry_exceptions=False)
                last = (traceback.format_exception_only(err)[-1].strip() or type(err).__name__).splitlines()[0]
                why = f"{error_tail(last)} (in {_where(err)})"
                break
            with fs.open(done, "wb") as fh:
                fh.write(b"ok")
            return None
        return f"global step steps[{index}] ({step.name}) could not resolve: {why}; rerun the same command to retry it"

    def _report(self, event: str, result: ShardResult | None, total: int) -> None:
        if self.progress is not None:
            self.progress(event, result, total)
