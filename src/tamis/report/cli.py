"""``tamis report OUT``: registered by the main CLI from its explicit list of feature commands."""

from __future__ import annotations

import argparse

from tamis.argtypes import zero_or_more
from tamis.report.data import Limits


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "report",
        help="write OUT/report.html: charts of a finished run and a per-document explain view",
        description="Read a finished run (summary.json, ledger, kept data) and write one self-contained HTML file, "
        "OUT/report.html, that opens in any browser without network access.",
    )
    parser.add_argument("output", metavar="OUT", help="the run's output folder")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--config", metavar="FILE", help="the run's pipeline YAML, to draw thresholds when _run.json "
                     "does not record the config (the page warns if it is not the run's config)")
    how.add_argument("--preset", metavar="NAME", help="the preset the run used, for the same purpose")
    parser.add_argument("--samples", type=zero_or_more, default=Limits.samples_per_group, metavar="N",
                        help="documents per reason embedded for the explain view (default: %(default)s)")
    parser.add_argument("--max-docs", type=zero_or_more, default=None, metavar="N",
                        help="read at most N kept documents for the distributions (default: all); counts stay exact")
    parser.add_argument("-O", "--report-path", metavar="FILE", help="write the page here instead of OUT/report.html")
    parser.set_defaults(func=_cmd_report)


def _cmd_report(args: argparse.Namespace) -> int:
    from tamis.report import write_report

    config = None
    if args.config or args.preset:
        from tamis.api import build_config

        config = build_config(args.config, args.preset)
    limits = Limits(samples_per_group=args.samples, max_kept_docs=args.max_docs)
    path = write_report(args.output, config, limits=limits, path=args.report_path)
    print(f"wrote {path}")
    return 0
