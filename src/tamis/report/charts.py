"""Charts as inline SVG strings, generated in Python: no JavaScript library, no network.

Two shapes cover the report: horizontal stacked bars (counts by category) and vertical stacked
histograms with threshold lines. Every bar carries a ``<title>`` so hovering shows exact numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

# Colour-blind-safe (Paul Tol's "bright" scheme).
COLORS = {"input": "#8c8c8c", "kept": "#4477AA", "removed": "#EE6677", "quarantined": "#CCBB44",
          "removed by this rule": "#AA3377",
          "before": "#BBBBBB", "after": "#4477AA", "other": "#66CCEE"}
SERIES_ORDER = ("kept", "removed", "quarantined", "before", "after", "other")


def fmt(value: float) -> str:
    """A short, readable number.

    >>> fmt(1234567), fmt(0.123456), fmt(12.0), fmt(2.5e-05), fmt(123456.7)
    ('1,234,567', '0.123', '12', '2.5e-05', '1.23e+05')
    """
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
        return f"{value:.3g}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.3f}".rstrip("0")


def hbar(rows: Sequence[tuple[str, Sequence[tuple[str, float]]]], *, title: str = "", width: int = 640,
         testid: str = "") -> str:
    """Horizontal bars, one per row, each stacked from ``(series, value)`` segments.

    >>> svg = hbar([("kept", [("kept", 3)]), ("removed", [("removed", 1)])], title="Fates")
    >>> svg.count("<rect"), "Fates" in svg, ">3<" in svg
    (2, True, True)
    """
    label_w, pad, bar_h, gap = min(330, 20 + 6 * max((len(r[0]) for r in rows), default=4)), 8, 18, 6
    top = 24 if title else pad
    height = top + len(rows) * (bar_h + gap) + pad
    peak = max((sum(v for _, v in segs) for _, segs in rows), default=0) or 1
    span = width - label_w - 70
    out = [_open(width, height, title, testid)]
    for i, (label, segs) in enumerate(rows):
        y = top + i * (bar_h + gap)
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end" class="lbl">'
                   f'{escape(_clip(label, 52))}<title>{escape(label)}</title></text>')
        x = float(label_w)
        for series, value in segs:
            w = span * value / peak
            if w > 0:
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" '
                           f'fill="{_color(series)}"><title>{escape(label)} · {escape(series)}: {fmt(value)}</title></rect>')
            x += w
        total = sum(v for _, v in segs)
        out.append(f'<text x="{x + 5:.1f}" y="{y + bar_h - 5}" class="val">{fmt(total)}</text>')
    out.append("</svg>")
    return "".join(out)


def histogram(edges: Sequence[float], series: Sequence[tuple[str, Sequence[int]]], *, log: bool = False,
              marks: Sequence[tuple[float, str]] = (), title: str = "", width: int = 640, height: int = 220,
              overlay: bool = False, testid: str = "") -> str:
    """Vertical histogram: bins from ``edges``, counts per series stacked (or overlaid, for
    before/after comparisons), threshold ``marks`` as dashed lines labelled with their rule.

    >>> svg = histogram([0, 1, 2], [("kept", [3, 1]), ("removed", [0, 2])], marks=[(1.0, "keep >= 1")])
    >>> svg.count("</rect>"), svg.count('class="mark"'), "keep &gt;= 1" in svg  # 3 bars with tooltips
    (3, 1, True)
    """
    left, right, bottom = 46, 12, 38
    top = (24 if title else 10) + 11 * len(marks)
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(edges) - 1
    totals = [max(c[i] for _, c in series) if overlay else sum(c[i] for _, c in series) for i in range(n)] if series else [0]
    peak = max(totals, default=0) or 1
    tx = _scale(edges, log, left, plot_w)
    out = [_open(width, height, title, testid)]
    for count in sorted({0, peak // 2 if peak >= 4 else 0, peak}):
        y = top + plot_h * (1 - count / peak)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="gl"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">{fmt(count)}</text>')
    for i in range(n):
        x0, x1 = tx(edges[i]), tx(edges[i + 1])
        base = float(top + plot_h)
        for name, counts in series:
            c = counts[i]
            if c <= 0:
                continue
            h = plot_h * c / peak
            y = (top + plot_h - h) if overlay else base - h
            opacity = ' fill-opacity="0.6"' if overlay else ""
            out.append(f'<rect x="{x0 + 0.5:.1f}" y="{y:.1f}" width="{max(x1 - x0 - 1, 1):.1f}" height="{max(h, 0.5):.1f}" '
                       f'fill="{_color(name)}"{opacity}><title>{escape(name)}: {fmt(c)} in [{fmt(edges[i])}, '
                       f'{fmt(edges[i + 1])})</title></rect>')
            if not overlay:
                base -= h
    for value in _ticks(edges, log):
        x = tx(value)
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle" class="tick">{fmt(value)}</text>')
    if log:
        out.append(f'<text x="{width - right}" y="{height - 4}" text-anchor="end" class="tick">log scale</text>')
    for i, (value, label) in enumerate(marks):
        # Labels sit above the plot, on the side of the line with more room, so bars never hide them.
        x = min(max(tx(value), left), width - right)
        anchor, dx = ("end", -3) if x > left + plot_w / 2 else ("start", 3)
        y = top - 4 - 11 * (len(marks) - 1 - i)
        out.append(f'<line class="mark" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 8}" y2="{top + plot_h}"/>'
                   f'<text x="{x + dx:.1f}" y="{y}" text-anchor="{anchor}" class="marklbl">{escape(label)}</text>')
    out.append(_legend([name for name, _ in series], left, height - 6))
    out.append("</svg>")
    return "".join(out)


def _scale(edges: Sequence[float], log: bool, left: float, span: float):  # type: ignore[no-untyped-def]
    lo, hi = edges[0], edges[-1]
    if log and lo > 0:
        a, b = math.log10(lo), math.log10(hi)
        return lambda v: left + span * (math.log10(max(v, lo)) - a) / ((b - a) or 1)
    return lambda v: left + span * (v - lo) / ((hi - lo) or 1)


def _ticks(edges: Sequence[float], log: bool) -> list[float]:
    """Round tick positions (1, 2 or 5 times a power of ten) inside the edges.

    >>> _ticks([0, 10], False)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> _ticks([116, 4697], False)
    [1000.0, 2000.0, 3000.0, 4000.0]
    >>> _ticks([-0.5, 3.5], False), _ticks([0.1, 0.98], False)
    ([0.0, 1.0, 2.0, 3.0], [0.2, 0.4, 0.6, 0.8])
    >>> _ticks([1, 1000], True), _ticks([116, 4697], True)
    ([1, 10, 100, 1000], [200, 500, 1000, 2000])
    """
    lo, hi = edges[0], edges[-1]
    if log and lo > 0:
        decades = range(math.floor(math.log10(lo)), math.floor(math.log10(hi)) + 1)
        for mults in ((1,), (1, 2, 5)):  # 1-2-5 steps when the range spans under three decades
            ticks = [m * 10**k for k in decades for m in mults if lo * (1 - 1e-9) <= m * 10**k <= hi * (1 + 1e-9)]
            if len(ticks) >= 3:
                break
        return ticks
    raw = (hi - lo) / 5 or 1.0
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9)
    return [float(round(k * step, 12)) for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def _legend(names: Sequence[str], x: float, y: float) -> str:
    if len(names) < 2:
        return ""
    parts = []
    for name in names:
        parts.append(f'<rect x="{x:.0f}" y="{y - 9:.0f}" width="10" height="10" fill="{_color(name)}"/>'
                     f'<text x="{x + 14:.0f}" y="{y:.0f}" class="tick">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return "".join(parts)


def _open(width: int, height: int, title: str, testid: str) -> str:
    tid = f' data-testid="{escape(testid)}"' if testid else ""
    head = f'<text x="4" y="15" class="ttl">{escape(title)}</text>' if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}"{tid}>{head}')


def _color(series: str) -> str:
    return COLORS.get(series) or COLORS.get(series.split(" ")[0], COLORS["other"])


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
