"""``tamis report OUT``: a self-contained HTML page about a finished run (``OUT/report.html``).

data.py collects (bounded, streamed), charts.py draws SVG, html.py assembles the page,
signals.py and pipeline.py hold the conventions for reading metadata and config.
"""

from __future__ import annotations

from typing import Any

from tamis.report.data import Limits, collect


def write_report(output: str, config: Any = None, *, limits: Limits = Limits(), progress: bool | None = None,
                 path: str | None = None) -> str:
    """Write the report of the run in ``output`` and return where it went (``OUT/report.html``).

    ``config`` is the run's PipelineConfig when ``_run.json`` does not record it (thresholds
    are drawn from it); the page says so when it does not hash to the run's config hash.
    """
    from fsspec.implementations.local import LocalFileSystem

    from tamis.errors import ConfigError
    from tamis.io.paths import filesystem
    from tamis.report.html import render

    target = path or f"{output.rstrip('/')}/report.html"
    fs, local = filesystem(target)
    parent = local.rstrip("/").rsplit("/", 1)[0] if "/" in local.rstrip("/") else ""
    # checked before the run is read, which takes a while; on a local disk only (an object
    # store's "folder" exists once something is in it)
    if path and parent and isinstance(fs, LocalFileSystem) and not fs.isdir(parent):
        raise ConfigError(f"cannot write the report to {path}: the folder {parent} does not exist")
    page = render(collect(output, config, limits=limits, progress=progress))
    with fs.open(local, "wb") as fh:
        fh.write(page.encode("utf-8"))
    return target


__all__ = ["Limits", "collect", "write_report"]
