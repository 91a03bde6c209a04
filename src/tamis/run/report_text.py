"""The one-screen summary printed at the end of ``tamis run``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tamis.run.summary import Summary


def print_summary(summary: Summary, output: str, console: Console | None = None) -> None:
    console = console or Console(stderr=False, highlight=False)
    table = Table(title=f"tamis run → {output}", show_header=False, box=None)
    # a count is never cut, and a label wraps only where the terminal is too narrow for it (a
    # long cell in the table made rich wrap the labels and part a reason from its count)
    table.add_column(overflow="fold")
    table.add_column(no_wrap=True, justify="right", min_width=8)
    table.add_row("input documents", str(summary.input))
    table.add_row("kept", str(summary.kept))
    for reason, count in sorted(summary.removed.items(), key=lambda kv: -kv[1]):
        table.add_row(f"removed  {reason}", str(count))
    table.add_row("quarantined", str(summary.quarantined))
    if not summary.resumed:
        rate = f"{summary.input / summary.seconds:,.0f} docs/s" if summary.seconds else "-"
        table.add_row("time", f"{summary.seconds:.1f} s ({rate})")
    else:  # finished shards were kept: their documents took no time in this run
        table.add_row("time", f"{summary.seconds:.1f} s")
    console.print(table)
    if summary.resumed:
        console.print(f"resumed: {summary.resumed} of {len(summary.shards)} shards were already done")
    if summary.quarantined:
        # the CLI lists one id per reason after this summary (``report.examples``)
        console.print(f"quarantine records: {output}/ledger/*.parquet (fate = quarantined)")
    for warning in summary.warnings:
        console.print(f"[yellow]warning[/yellow]: {warning}")
    if summary.ok:
        console.print("[green]all shards completed; every input document is accounted for[/green]")
        return
    finished = summary.invariant_ok and all(shard["status"] == "done" for shard in summary.shards.values())
    console.print(f"[red]{'run failed' if finished else 'incomplete run'}[/red]: {len(summary.problems)} problem(s)")
    for problem in summary.problems[:15]:
        console.print(f"  - {problem}")
    if len(summary.problems) > 15:
        console.print(f"  ... and {len(summary.problems) - 15} more in {output}/summary.json")
    statuses = {shard["status"] for shard in summary.shards.values()}
    if statuses - {"done", "partial"}:
        console.print("rerun the same command to retry failed shards; completed shards are kept")
    if "partial" in statuses:
        # a damaged file reads the same way every time: only a new copy of it helps
        console.print("partial shards met damaged input (see above): a rerun reads it the same way; replace the "
                      "file to read it whole")
