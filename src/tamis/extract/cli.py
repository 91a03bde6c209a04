"""``tamis clean``, ``tamis extract`` and ``tamis eval extraction``: thin wrappers over the library."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from tamis.argtypes import at_least_one
from tamis.errors import ConfigError
from tamis.io.sniff import looks_like_page


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"input not found: {path}") from None  # the words `tamis run` uses
    except OSError as err:  # a folder, no permission, ...: one line, not a traceback
        raise ConfigError(f"cannot read {path}: {err.strerror or err}") from None


def _binary(path: str, data: bytes) -> bool:
    """Whether the input is binary junk, as ``tamis run`` quarantines it: decoded, it printed a
    megabyte of replacement characters and exit code 0. Said on stderr, for a non-zero exit."""
    from tamis.io.sniff import is_binary

    if not is_binary(data):
        return False
    print(f"tamis: {path} looks like binary data, not text or HTML (`tamis run` quarantines it as binary); "
          "nothing extracted", file=sys.stderr)
    return True


# A page that starts with an HTML tag and closes some: what `tamis clean` is given by mistake for
# `tamis extract` (a saved page, a crawl's raw body). Markdown may hold a tag, rarely start with one.
def _unit_interval(value: str) -> float:
    """An argparse type: a float strictly between 0 and 1 (a probability used as a prior).

    >>> _unit_interval("0.3")
    0.3
    >>> _unit_interval("1")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: must be a number strictly between 0 and 1, got '1'
    """
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 < number < 1.0:  # also false for NaN
        raise argparse.ArgumentTypeError(f"must be a number strictly between 0 and 1, got {value!r}")
    return number


def register(sub: argparse._SubParsersAction) -> None:
    clean = sub.add_parser(
        "clean",
        help="print the main content of a page's plain text (navigation, bios, share bars, ... removed)",
        description="Read page text (FILE or - for stdin) and print its main content, line order kept. "
        "Hard-wrapped text (Markdown, lynx dumps) is joined into paragraphs, a flat one-line page is split "
        "into sentences and menus, and a sentence cut at its links is joined first; --explain numbers the lines "
        "of that reflowed text. Markdown is judged as it "
        "renders (links by their text) and printed as written. An HTML page is extracted as by `tamis extract`.",
    )
    clean.add_argument("file", metavar="FILE|-")
    clean.add_argument("--explain", action="store_true", help="print every line with its label, keep/drop and reason")
    clean.add_argument("--threshold", type=_unit_interval, help="Viterbi prior in (0, 1): a higher bar keeps fewer lines, except that a page where no run passes it keeps its best prose")
    clean.set_defaults(func=_cmd_clean)

    extract = sub.add_parser("extract", help="print the main content of an HTML page",
                             description="Read an HTML page (FILE or - for stdin) and print its main content.")
    extract.add_argument("file", metavar="FILE.html|-")
    extract.add_argument("--url", help="the page's URL (optional; accepted for API stability, not used yet)")
    extract.add_argument("--explain", action="store_true", help="print every rendered line with its label and reason")
    extract.set_defaults(func=_cmd_extract)

    ev = sub.add_parser("eval", help="evaluate a component against a benchmark")
    ev_sub = ev.add_subparsers(dest="what", required=True, metavar="WHAT")
    ex = ev_sub.add_parser(
        "extraction",
        help="extraction benchmarks (scrapinghub, or your own pages with --benchmark jsonl): F1, precision, recall, docs/s, with reference systems",
        description="Score tamis and the reference systems (trafilatura if installed, resiliparse main content, "
        "the uncleaned page text) on the benchmark at PATH, side by side.",
    )
    ex.add_argument("--benchmark", choices=["scrapinghub", "jsonl"], default="scrapinghub",
                    help="scrapinghub: the article-extraction-benchmark folder; jsonl: your pages, one JSON object "
                    "per line with 'gold' and 'text' and/or 'html'")
    ex.add_argument("path", metavar="PATH", help="the benchmark folder (scrapinghub) or file (jsonl)")
    ex.add_argument("--input", choices=["text", "html"], default="text",
                    help="text: clean the stored page renderings; html: extract from the HTML")
    ex.add_argument("--renderer", action="append", choices=["html-text", "inscriptis", "html2text", "beautifulsoup"],
                    help="page renderings to clean at --input text (default: html-text and inscriptis)")
    ex.add_argument("--limit", type=at_least_one, help="only the first N pages (quick check)")
    ex.add_argument("--no-reference", action="store_true", help="score tamis only")
    ex.set_defaults(func=_cmd_eval)


def _cmd_clean(args: argparse.Namespace, data: bytes | None = None) -> int:
    from tamis.extract.layout import reflow
    from tamis.extract.text import clean_text, label_lines
    from tamis.io.httpbody import html_text

    handed = data is not None  # by ``_cmd_extract``, which read it (stdin cannot be read twice)
    data = _read(args.file) if data is None else data
    if _binary(args.file, data):
        return 1
    text = html_text(data)  # UTF-8 first, then a declared or detected charset; never raises
    if looks_like_page(text) and not handed:
        # the user wants the page's main content: read as text, its markup would be kept as prose
        print(f"tamis: {args.file} looks like HTML; extracting it as `tamis extract` does", file=sys.stderr)
        if args.threshold is not None:  # the HTML model decides at its own bar
            print("tamis: --threshold applies to page text and is not used for HTML", file=sys.stderr)
        return _cmd_extract(argparse.Namespace(file=args.file, url=None, explain=args.explain), data)
    if args.explain:
        # the lines clean_text labels: hard-wrapped or flat text is reflowed first
        _print_labels(label_lines(reflow(text), threshold=args.threshold))
    else:
        print(clean_text(text, threshold=args.threshold))
    return 0


def _cmd_extract(args: argparse.Namespace, data: bytes | None = None) -> int:
    from tamis.extract.html import extract_html, label_html, unrendered_lines
    from tamis.io.httpbody import html_text

    given = data is None
    data = _read(args.file) if data is None else data
    if _binary(args.file, data):
        return 1
    if given and not looks_like_page(html_text(data)) and "<" not in html_text(data)[:100_000]:
        # page text with no markup at all: as HTML its line ends are spaces, and every paragraph
        # came out on one line; the text path keeps them
        print(f"tamis: {args.file} has no HTML markup; cleaning it as `tamis clean` does", file=sys.stderr)
        return _cmd_clean(argparse.Namespace(file=args.file, threshold=None, explain=args.explain), data)
    if args.explain:
        _print_labels(label_html(data, args.url))
        gone = unrendered_lines(data)
        if gone:
            print(f"\nnot rendered, so never read by the model ({len(gone)} lines):")
            for line, why in gone:
                print(f"      drop {line if len(line) <= 100 else line[:97] + '...'}\n           ↳ {why}")
    else:
        print(extract_html(data, args.url))
    return 0


def _print_labels(labels: list) -> None:
    width = max((len(x.label) for x in labels), default=4)
    for x in labels:
        mark = "KEEP" if x.keep else "drop"
        text = x.text if len(x.text) <= 100 else x.text[:97] + "..."
        print(f"{x.line + 1:>5} {mark} {x.label:<{width}} {text}")
        # a body line the model kept in a run says only its score: the rest say why
        if not x.keep or x.label != "body" or not x.reason.endswith(" in an article run"):
            print(f"{'':>5}      {'':<{width}} ↳ {x.reason}")


def _cmd_eval(args: argparse.Namespace) -> int:
    from tamis.extract.evaluation.evaluate import print_table, run_benchmark

    rows = run_benchmark(Path(args.path), args.input, renderers=args.renderer, limit=args.limit,
                         reference=not args.no_reference, benchmark=args.benchmark)
    print_table(rows)
    if args.benchmark == "scrapinghub":
        # the shipped models were trained on these pages; an honest score holds each page out
        print("\nThe shipped models were trained on these 181 pages, so the tamis rows are in-sample. Cross-validated "
              "scores (each page scored by a model that never saw it): python -m tamis.extract.training.train --data DATA --cv 5 "
              "[--kind html] (BENCHMARKS.md, 'Honest numbers').")
    return 0
