"""Command line front end. Thin: it parses arguments and calls the library."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import logging
import os
import shutil
import signal
import sys
import threading
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

from tamis.argtypes import at_least_one
from tamis.errors import ConfigError

EXIT_OK, EXIT_INCOMPLETE, EXIT_CONFIG = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program killed by SIGPIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tamis",
        description="Turn raw web documents into clean, deduplicated, quality-labelled text.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="process inputs into a dataset, with a ledger that says why each document was kept or removed",
        description="Read INPUT files or folders (.txt, .jsonl and .warc/WET, plain or .gz/.zst/.bz2/.xz, .parquet, .html; any "
        "fsspec path such as s3://), run a pipeline over them and write OUT/data/*, OUT/ledger/*.parquet and "
        "OUT/summary.json. Rerunning the same command resumes where it stopped.",
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs")
    run.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder (local or fsspec url)")
    how = run.add_mutually_exclusive_group()
    how.add_argument("--config", metavar="FILE", help="pipeline YAML (steps or preset, options, reader, writer, run)")
    how.add_argument("--preset", metavar="NAME", help="a named pipeline instead of the default (`tamis steps` lists them)")
    run.add_argument("--workers", type=at_least_one, help="worker processes (default: all cores)")
    run.add_argument("--executor", choices=["local", "inprocess", "ray"],
                     help="local: worker processes (default); inprocess: one process; ray: a Ray cluster")
    run.add_argument("--ray-address", metavar="ADDR", help="Ray cluster address; without it, RAY_ADDRESS if set, else a local Ray is started")
    run.add_argument("--format", choices=["jsonl", "jsonl.gz", "jsonl.zst", "parquet"], help="output format")
    run.add_argument("--text-field", help="name of the text field in JSONL/Parquet input (default: text)")
    run.add_argument("--id-field", help="name of the id field in JSONL/Parquet input (default: id)")
    run.set_defaults(func=_cmd_run)

    explain = sub.add_parser("explain", help="say what happened to one document of a run (of an unfinished one: as far as it got)")
    explain.add_argument("output", metavar="OUT", help="the run's output folder")
    explain.add_argument("doc_id", metavar="DOC_ID", help="the document id, as in the ledger")
    explain.set_defaults(func=_cmd_explain)

    steps = sub.add_parser("steps", help="list the built-in steps and presets; with NAME, a step's options or a preset's steps")
    steps.add_argument("name", nargs="?", metavar="NAME", help="a step (its description, options and defaults) or a preset (its steps)")
    steps.set_defaults(func=_cmd_steps)

    for register in _command_modules():
        register(sub)
    return parser


def _command_modules() -> list:
    """Subcommands that live next to their feature (clean/extract/eval, report). Explicit list."""
    modules = []
    for name in ("tamis.extract.cli", "tamis.report.cli"):
        try:
            module = __import__(name, fromlist=["register"])
        except ModuleNotFoundError as err:
            if err.name is None or not name.startswith(err.name):
                raise  # a missing dependency inside the feature is a real error
            continue
        modules.append(module.register)
    return modules


def _cmd_run(args: argparse.Namespace) -> int:
    from tamis.api import build_config, run

    config = build_config(args.config, args.preset, fmt=args.format, text_field=args.text_field, id_field=args.id_field)
    summary = run(args.inputs, args.output, config, workers=args.workers, executor=args.executor,
                  ray_address=args.ray_address, show_progress=True)  # None: the config's run section
    from tamis.run.report_text import print_summary

    print_summary(summary, args.output)
    _print_examples(args.output)
    return EXIT_OK if summary.ok else EXIT_INCOMPLETE


def _print_examples(output: str) -> None:
    """An id for each reason documents went, so that `tamis explain` has something to look up."""
    from tamis.report.examples import example_lines, read_examples

    try:
        examples = read_examples(output)
    except (OSError, ValueError) as err:  # an unreadable ledger part: the summary already says what failed
        print(f"(no examples: the ledger could not be read: {err})")
        return
    for line in example_lines(output, examples):
        print(line)


def _cmd_explain(args: argparse.Namespace) -> int:
    from tamis.io.paths import filesystem
    from tamis.report.data import not_a_run
    from tamis.run.explain import explain
    from tamis.run.layout import Layout

    fs, root = filesystem(args.output)
    layout = Layout(root)
    # A run that was stopped part-way has no summary yet, but its ledger can already answer.
    if not fs.exists(layout.summary()) and not fs.exists(layout.run_file()):
        raise ConfigError(not_a_run(args.output))
    text, found = explain(args.output, args.doc_id)
    print(text)
    return EXIT_OK if found else EXIT_INCOMPLETE


def _cmd_steps(args: argparse.Namespace) -> int:
    from tamis.presets import PRESETS
    from tamis.steps.registry import BUILTIN_STEPS

    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    if args.name and args.name in PRESETS:
        if args.name in BUILTIN_STEPS:  # "language" is both: the step as comments, then the preset
            step = io.StringIO()
            with contextlib.redirect_stdout(step):
                _print_step(args.name, width - 2)
            # as YAML comments, so that `tamis steps language > my.yaml` still loads as a config
            print("\n".join(f"# {line}".rstrip() for line in step.getvalue().splitlines()))
        return _print_preset(args.name, PRESETS[args.name]())
    if args.name:
        return _print_step(args.name, width)
    steps = [(name, _summary_line(cls.__doc__ or "")) for name, cls in sorted(BUILTIN_STEPS.items())]
    print(_columns(steps, width))
    print()
    presets = [(f"preset {name}", " → ".join(s.name for s in make())) for name, make in sorted(PRESETS.items())]
    print(_columns(presets, width))
    return EXIT_OK


def _print_preset(name: str, steps: list[Any]) -> int:
    """A preset as the YAML that runs it, each step with the options it sets: what to copy and
    change (or to change in place with ``preset:`` and ``options:``)."""
    print(f"# preset {name}: `preset: {name}` runs these steps; `options: {{STEP: {{OPTION: VALUE}}}}` changes one")
    print("steps:")
    for spec in steps:
        opts = dict(spec.options)
        print(f"  - {spec.name}" if not opts else f"  - {spec.name}: {json.dumps(opts)}")
    return EXIT_OK


def _print_step(name: str, width: int) -> int:
    """A step's description and its options (the fields of its ``Config``) with their defaults:
    what a YAML config may set, without reading the source. A user's step is named by its
    import path, ``package.module:ClassName``."""
    from tamis.steps.registry import step_class

    cls = step_class(name)  # ConfigError with a close match, or why the import failed
    print(name)
    print(textwrap.indent(textwrap.fill(_summary_line(cls.__doc__ or ""), width - 2), "  "))
    config = getattr(cls, "Config", None)
    options = dataclasses.fields(config) if config is not None and dataclasses.is_dataclass(config) else ()
    if not options:
        print("options: none")
        return EXIT_OK
    print("options:")
    notes = option_notes(config)  # type: ignore[arg-type]
    for f in options:
        if f.default is not dataclasses.MISSING:
            default = repr(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            default = repr(f.default_factory())
        else:
            default = "(required)"
        # (a type, not its annotation's text, where the step's module has no ``from __future__ import annotations``)
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", None) or str(f.type).replace("typing.", "")
        print(f"  {f.name}: {kind} = {default}")
        note = notes.get(f.name)
        if note:
            print(textwrap.indent(textwrap.fill(note, width - 6), "      "))
    return EXIT_OK


def option_notes(config: type) -> dict[str, str]:
    """Each option's comment in the source of a ``Config`` dataclass (the comment lines right above
    the field, or after it on its line): the one place the options are explained, shown by
    ``tamis steps NAME`` so that nobody needs to read the source. Empty when the source is not
    available.

    >>> from tamis.extract.steps import RemoveFurnitureConfig
    >>> option_notes(RemoveFurnitureConfig)["min_chars"]
    'A document with fewer characters of main content left is dropped as "no_main_content".'
    """
    import inspect

    try:
        source = inspect.getsource(config)
    except (OSError, TypeError):
        return {}
    notes: dict[str, str] = {}
    above: list[str] = []
    for raw in source.splitlines()[1:]:
        line = raw.strip()
        if line.startswith("#"):
            above.append(line.lstrip("#").strip())
            continue
        field_name, colon, rest = line.partition(":")
        if colon and field_name.isidentifier() and not line.startswith(("def ", "@", "return", "if ")):
            inline = rest.partition("  # ")[2].strip()
            note = " ".join(above + ([inline] if inline else []))
            if note:
                notes[field_name] = note
        above = []
    return notes


def _summary_line(doc: str) -> str:
    """A docstring's first paragraph as one line: whole sentences, not its first physical line.

    >>> _summary_line("Word count, mean word length,\\n    stop words.\\n\\n    Details.")
    'Word count, mean word length, stop words.'
    """
    return " ".join(doc.strip().split("\n\n")[0].split())


def _columns(rows: list[tuple[str, str]], width: int) -> str:
    """Names in a column as wide as the longest, texts wrapped to ``width`` beside them.

    >>> print(_columns([("ftfy", "Repair broken Unicode and note that it did."), ("a_long_name", "Short.")], 40))
    ftfy         Repair broken Unicode and
                 note that it did.
    a_long_name  Short.
    """
    left = max((len(name) for name, _ in rows), default=0) + 2
    out = []
    for name, text in rows:
        lines = textwrap.wrap(text, max(width - left, 20), break_on_hyphens=False) or [""]
        out.append(name.ljust(left) + lines[0])
        out.extend(" " * left + line for line in lines[1:])
    return "\n".join(out)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines to whatever ``sys.stderr`` is at the time of writing (as Python's last-resort
    handler does), prefixed like the CLI's own messages."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("tamis: %(levelname)s: %(message)s"))

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def _log_to_stderr() -> None:
    """Warnings of the library (such as a filter whose field no document has) reach the terminal."""
    logger = logging.getLogger("tamis")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        logger.addHandler(_Stderr())


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a scheduler's stop), raised in the main thread as an interrupt is:
    Python's default for it ends the process at once, and the worker processes lived on."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _log_to_stderr()
    main_thread = threading.current_thread() is threading.main_thread()  # where handlers can be set
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if main_thread else None
    try:
        return args.func(args)
    except ConfigError as err:
        print(f"tamis: configuration error: {err}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt as err:
        print("tamis: interrupted; rerun the same command to resume", file=sys.stderr)
        return 128 + signal.SIGTERM if isinstance(err, _Terminated) else 130
    except BrokenPipeError:
        # The reader went away (`tamis extract page.html | head`): stop quietly, as Unix tools do.
        # Python would still flush stdout at exit and fail again, so point it at /dev/null first.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    finally:
        if main_thread:  # a caller's own handler (``main`` run in-process, as tests do) comes back
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture): nothing will flush to it
        pass


if __name__ == "__main__":
    sys.exit(main())
