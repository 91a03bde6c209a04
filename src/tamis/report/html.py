"""Assemble the report page: one self-contained HTML file (inline SVG, CSS and a small script).

Every number of the overview carries a ``data-count`` attribute, so tests (and scripts) can read
the page's figures without parsing prose.
"""

from __future__ import annotations

import json
import shlex
from collections import Counter
from datetime import datetime, timezone
from html import escape
from importlib import resources
from typing import Any

from tamis.report import charts
from tamis.report.data import ReportData
from tamis.report.pipeline import step_options
from tamis.report.signals import bin_edges, histogram

MAX_SIGNALS = 60
# Signal series, in stacking order: what was kept, what this signal's own rule removed (the
# drop's detail names it), and what other steps removed.
SERIES_NAMES = {"kept": "kept", "cut": "removed by this rule", "removed": "removed by other rules"}
MAX_LANGS = 25


def render(data: ReportData) -> str:
    """The whole page as a string."""
    s = data.summary
    title = f"tamis report · {data.output}"
    body = [
        f"<header><h1>tamis run report</h1><p class=meta><code>{escape(data.output)}</code> · config "
        f"<code>{escape(str(s.get('config_hash', '?')))}</code> · {_status(s)} · generated "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC</p>",
        "".join(f'<p class="note">{escape(n)}</p>' for n in data.notes),
        # the run's own warnings (repeated ids, a filter whose field no document had), as it printed them
        "".join(f'<p class="note" data-testid="run-warning">warning: {escape(str(w))}</p>' for w in s.get("warnings", [])),
        "<nav><a href=#overview>Overview</a><a href=#pipeline>Pipeline</a><a href=#signals>Signals</a>"
        "<a href=#languages>Languages</a><a href=#lengths>Lengths</a><a href=#duplicates>Duplicates</a>"
        "<a href=#explain>Explain</a></nav></header>",
        _overview(data), _pipeline(data), _signals(data), _languages(data), _lengths(data), _duplicates(data),
        _explain(data),
    ]
    payload = {
        "output": data.output,
        "groups": {name: r.items for name, r in sorted(data.samples.items(), key=_group_order)},
        "seen": {name: r.seen for name, r in data.samples.items()},
        "index": data.index,
    }
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>"
        + "".join(body)
        + f'<script type="application/json" id="tamis-data">{_json(payload)}</script>'
        + f"<script>{_asset('report.js')}</script></body></html>\n"
    )


def _overview(data: ReportData) -> str:
    s = data.summary
    removed: dict[str, int] = s.get("removed") or {}
    rows: list[tuple[str, list[tuple[str, float]]]] = [("input", [("input", s.get("input", 0))]),
                                                       ("kept", [("kept", s.get("kept", 0))])]
    rows += [(k, [("removed", v)]) for k, v in sorted(removed.items(), key=lambda kv: -kv[1])]
    rows.append(("quarantined", [("quarantined", s.get("quarantined", 0))]))
    cells = [("input", "documents in", s.get("input", 0)), ("kept", "kept", s.get("kept", 0)),
             ("removed", "removed", sum(removed.values())), ("quarantined", "quarantined", s.get("quarantined", 0))]
    cards = "".join(f'<div class="card {k}"><span class=num data-count="{k}">{v:,}</span><span>{escape(t)}</span></div>'
                    for k, t, v in cells)
    table = "".join(f'<tr><td>{escape(k)}</td><td class=r data-count="removed:{escape(k)}">{v:,}</td></tr>'
                    for k, v in sorted(removed.items(), key=lambda kv: -kv[1]))
    table = f"<table class=counts><tr><th>removed by step:reason</th><th>documents</th></tr>{table}</table>" if table else ""
    funnel = []
    order = {spec.name: i for i, spec in reversed(list(enumerate(data.specs)))}  # summary.json sorts by name
    for name, st in sorted((s.get("steps") or {}).items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])):
        out, q = st.get("docs_out", 0), st.get("quarantined", 0)
        funnel.append((name, [("kept", out), ("removed", max(st.get("docs_in", 0) - out - q, 0)), ("quarantined", q)]))
    funnel_svg = charts.hbar(funnel, title="Each step: documents passed on (blue), removed (red), quarantined (yellow)",
                             testid="chart-funnel") if funnel else ""
    return (f'<section id=overview><h2>Overview</h2><div class=cards>{cards}</div>'
            f'{charts.hbar(rows, title="Documents by fate (removed: by step:reason)", testid="chart-overview")}{table}{funnel_svg}</section>')


def _pipeline(data: ReportData) -> str:
    if not data.specs:
        return "<section id=pipeline><h2>Pipeline</h2><p class=empty>No steps recorded.</p></section>"
    rows = []
    for i, spec in enumerate(data.specs):
        opts = step_options(spec) if data.config_source else {}
        text = ", ".join(f"{k}={v!r}" for k, v in opts.items()) or ("—" if data.config_source else "(options not recorded)")
        rows.append(f"<tr><td>{i + 1}</td><td><code>{escape(spec.name)}</code></td><td>{escape(text)}</td></tr>")
    src = f"config {escape(data.config_source)}" if data.config_source else "step names from summary.json"
    return (f"<section id=pipeline><h2>Pipeline</h2><p class=meta>{src}</p><table><tr><th>#</th><th>step</th>"
            f"<th>options</th></tr>{''.join(rows)}</table></section>")


def _signals(data: ReportData) -> str:
    def has_mark(path: str) -> bool:
        return any(t.matches(path) for t in data.thresholds)

    def seen(path: str) -> int:
        return sum(r.seen for r in data.signals[path].values())

    total = max((seen(p) for p in data.signals), default=0)
    # A signal only a few documents have (a rare metadata key) would crowd out the real ones.
    rare = sorted(p for p in data.signals if seen(p) < 0.01 * total and not has_mark(p))
    paths = sorted((p for p in data.signals if p not in rare), key=lambda p: (not has_mark(p), p))
    figures = []
    for path in paths[:MAX_SIGNALS]:
        groups = data.signals[path]
        marks = [(t.value, t.label()) for t in data.thresholds if t.matches(path)]
        values = {g: r.items for g, r in groups.items()}
        edges, log = bin_edges([v for vs in values.values() for v in vs], marks=[m for m, _ in marks])
        series = [(SERIES_NAMES[g], histogram(values[g], edges)) for g in SERIES_NAMES if g in values]
        caption = " · ".join(f"{SERIES_NAMES[g]}: {groups[g].seen:,}" for g in SERIES_NAMES if g in groups)
        sampled = any(groups[g].seen > len(groups[g].items) for g in groups)
        figures.append(f'<figure class=sig data-signal="{escape(path)}">'
                       + charts.histogram(edges, series, log=log, marks=marks, title=path, testid="chart-signal")
                       + f"<figcaption>{escape(caption)}{' (sampled)' if sampled else ''}</figcaption></figure>")
    hidden = paths[MAX_SIGNALS:] + rare
    more = (f"<p class=meta>Not drawn (too many, or on under 1% of documents): "
            f"{escape(', '.join(hidden[:100]))}{' …' if len(hidden) > 100 else ''}</p>") if hidden else ""
    unmatched = [t for t in data.thresholds if not any(t.matches(p) for p in data.signals) and not t.loose and not t.quiet]
    missing = "".join(f'<p class="note">Threshold {escape(t.label())} on <code>{escape(t.path)}</code>: no document '
                      f"has this signal.</p>" for t in unmatched)
    body = "".join(figures) or "<p class=empty>No numeric signals found in the documents' metadata.</p>"
    return (f"<section id=signals><h2>Signal distributions</h2><p class=meta>Every numeric metadata value: kept "
            f"documents (blue), documents removed by a rule on this signal (purple) and by other rules (red; "
            f"removed documents' values come from the ledger's labels). Dashed lines are the pipeline's "
            f"thresholds.</p>{missing}<div class=grid>{body}</div>{more}</section>")


def _languages(data: ReportData) -> str:
    total: Counter[str] = data.langs["kept"] + data.langs["removed"]
    if not total:
        return "<section id=languages><h2>Languages</h2><p class=empty>No language labels (metadata key " \
               "<code>lang</code>) in this run.</p></section>"
    rows = [(lang, [("kept", data.langs["kept"][lang]), ("removed", data.langs["removed"][lang])])
            for lang, _ in total.most_common(MAX_LANGS)]
    rest = len(total) - MAX_LANGS
    unlabelled = sum(data.no_lang.values())
    notes = (f"<p class=meta>{rest} more languages not shown.</p>" if rest > 0 else "") + (
        f"<p class=meta>{unlabelled} documents have no language label ({data.no_lang['removed']} removed or "
        f"quarantined, {data.no_lang['kept']} kept): gone before the language step ran, or never given to it.</p>"
        if unlabelled else "")
    return (f"<section id=languages><h2>Languages</h2>{charts.hbar(rows, title='Documents per language', testid='chart-lang')}"
            f"{notes}</section>")


def _lengths(data: ReportData) -> str:
    after = data.lengths.get("after")
    before = data.lengths.get("before") if data.lengths_recorded else None
    if after is None:
        return "<section id=lengths><h2>Document length</h2><p class=empty>No kept documents.</p></section>"
    series_values = {"after cleaning": after.items}
    if before is not None:
        series_values = {"before cleaning": before.items, **series_values}
    edges, log = bin_edges([v for vs in series_values.values() for v in vs])
    series = [(name, histogram(vs, edges)) for name, vs in series_values.items()]
    svg = charts.histogram(edges, series, log=log, overlay=True, title="Characters per kept document",
                           testid="chart-length")
    note = f"<p class=meta>Length before cleaning recorded for {data.lengths_recorded:,} of {data.kept_read:,} kept " \
           "documents; the others were not cleaned.</p>" if before is not None else ("<p class=meta>No step recorded the length before cleaning "
                                          "(e.g. <code>metadata.extract.original_length</code>); showing kept text only.</p>")
    lines = ""
    if data.line_reasons:
        rows = [(r, [("removed", c)]) for r, c in data.line_reasons.most_common(20)]
        lines = charts.hbar(rows, title="Lines removed from kept documents, by reason", testid="chart-lines")
    return f"<section id=lengths><h2>Document length</h2>{svg}{note}{lines}</section>"


def _duplicates(data: ReportData) -> str:
    if not data.clusters:
        return ("<section id=duplicates><h2>Duplicate clusters</h2><p class=empty>No document was removed as a "
                "duplicate (ledger column <code>duplicate_of</code> is empty).</p></section>")
    order = ["2", "3", "4", "5", "6–10", "11–100", ">100"]
    # the bar counts clusters, not documents: "3 docs · clusters: 1" is one original and two copies
    rows = [(f"{k} docs", [("clusters", data.clusters[k])]) for k in order if data.clusters.get(k)]
    svg = charts.hbar(rows, title="Clusters by size (original + its duplicates)", testid="chart-dups")
    return f"<section id=duplicates><h2>Duplicate clusters</h2>{svg}</section>"


def _explain(data: ReportData) -> str:
    cmd = f"tamis explain {shlex.quote(data.output)} DOC_ID"
    return (
        "<section id=explain><h2>Explain a document</h2>"
        f"<p class=meta>This page holds a sample of up to {max((len(r.items) for r in data.samples.values()), default=0)} "
        f"documents per reason and an index of {len(data.index):,} ids. For any other document run "
        f"<code>{escape(cmd)}</code>.</p>"
        '<div class=controls><input id=search type=search placeholder="document id" aria-label="document id">'
        '<button id=go>Explain</button><select id=group aria-label="sample group"></select></div>'
        "<div class=explain><ul id=ids></ul><div id=doc><p class=empty>Search an id or pick a document.</p></div></div>"
        "</section>"
    )


def _status(s: dict[str, Any]) -> str:
    return '<span class="ok">complete</span>' if s.get("ok", True) else '<span class="bad">incomplete</span>'


def _group_order(item: tuple[str, Any]) -> tuple[int, str]:
    name = item[0]
    return ({"removed": 0, "quarantined": 1}.get(name.split(" ")[0], 2), name)


def _json(obj: Any) -> str:
    """JSON safe inside a <script> element: no ``<`` can close it early (``\\u003c`` in strings).

    >>> _json({"t": "</script>"})
    '{"t":"\\\\u003c/script>"}'
    """
    return json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":")).replace("<", "\\u003c")


def _asset(name: str) -> str:
    return resources.files("tamis.report").joinpath(name).read_text(encoding="utf-8")
