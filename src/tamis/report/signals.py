"""Pure helpers that read signals out of a document's metadata, whatever steps wrote them.

The report must not know every step: quality, dedup and extraction steps are written
independently and each writes under its own metadata key. So signals are found generically
(every numeric leaf of nested metadata is one), and the few conventions the report relies on
(language, per-line labels, original length) are looked up under several plausible names.
Adapting the report to a step that names things differently is a one-line change here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

# Provenance, not signals: histogramming byte offsets tells a curator nothing.
SKIP_PREFIXES = ("location", "tamis_location", "_")  # (tamis_location: an input had its own "location")
# ... except what a filter decides on: a WARC response's HTTP status (the default pipeline's first step)
PROVENANCE_SIGNALS = ("http_status",)
# Maps keyed by data, not fixed fields (one "signal" per language code): not histogrammed.
SKIP_PATHS = frozenset({"lang.top", "language.top"})
# Where a language label may live; a dict value is searched for LANG_SUBKEYS.
LANG_KEYS = ("lang", "language")
LANG_SUBKEYS = ("lang", "label", "code", "language")
# Where an extraction/cleaning step may record per-line decisions.
LINE_PATHS = ("extract.lines", "clean.lines", "lines")
# ... or how many characters it removed (then before = after + removed).
REMOVED_CHARS_PATHS = ("extract.chars_removed", "clean.chars_removed")
# Labels the extraction step keeps by default (its remove_furniture.keep_labels).
KEEP_LABELS = ("body", "title", "heading")
# Where a step may record the text length before cleaning.
ORIGINAL_LENGTH_PATHS = ("extract.original_length", "extract.chars_before", "extract.original_chars",
                         "clean.original_length", "original_length")


def numeric_leaves(metadata: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    """Every numeric leaf of nested metadata as ``(dotted.path, value)``; bools, lists,
    NaN and provenance keys are skipped.

    >>> list(numeric_leaves({"quality": {"gopher": {"words": 12, "ok": True}}, "lang": {"score": 0.9, "top": {"en": 0.9}},
    ...                      "location": {"line": 3, "http_status": 404}, "tamis_location": {"offset": 4}, "lines": [1, 2]}))
    [('quality.gopher.words', 12.0), ('lang.score', 0.9), ('location.http_status', 404.0)]
    """
    # Exact type checks first: this runs for every document and ABC isinstance checks are slow.
    for key, value in metadata.items():
        kind = type(value)
        if kind is float or kind is int:
            if not prefix and str(key).startswith(SKIP_PREFIXES):
                continue
            if kind is int or math.isfinite(value):
                yield f"{prefix}{key}", float(value)
        elif kind is dict or (kind is not bool and kind is not str and isinstance(value, Mapping)):
            if not prefix and str(key).startswith(SKIP_PREFIXES) or f"{prefix}{key}" in SKIP_PATHS:
                if not prefix and key == "location":
                    yield from ((f"location.{k}", float(v)) for k in PROVENANCE_SIGNALS
                                if type(v := value.get(k)) is int)
                continue
            yield from numeric_leaves(value, f"{prefix}{key}.")
        elif kind is not bool and kind is not str and kind is not list and isinstance(value, (int, float)):
            if math.isfinite(value):  # numpy scalars and other number types
                yield f"{prefix}{key}", float(value)


def lookup(metadata: Mapping[str, Any], path: str) -> Any:
    """A dotted path in nested metadata, or None.

    >>> lookup({"a": {"b": 2}}, "a.b"), lookup({"a": 1}, "a.b")
    (2, None)
    """
    node: Any = metadata
    for part in path.split("."):
        if type(node) is not dict and not isinstance(node, Mapping):
            return None
        if part not in node:
            return None
        node = node[part]
    return node


def language_of(metadata: Mapping[str, Any]) -> str | None:
    """The document's language label, if a step (or the input) recorded one.

    >>> language_of({"lang": "fr"}), language_of({"lang": {"label": "de", "score": 0.8}})
    ('fr', 'de')
    >>> language_of({"language": "en"}), language_of({"quality": {}})
    ('en', None)
    """
    for key in LANG_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, Mapping):
            for sub in LANG_SUBKEYS:
                if isinstance(value.get(sub), str) and value[sub]:
                    return value[sub]
    return None


def original_length(metadata: Mapping[str, Any], length: int | None = None) -> float | None:
    """Text length before cleaning, if a step recorded it (or how much it removed from a text
    that is now ``length`` characters long).

    >>> original_length({"extract": {"original_length": 900}}), original_length({})
    (900.0, None)
    >>> original_length({"extract": {"chars_removed": 120}}, 380)
    500.0
    """
    for path in ORIGINAL_LENGTH_PATHS:
        value = lookup(metadata, path)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    if length is not None:
        for path in REMOVED_CHARS_PATHS:
            value = lookup(metadata, path)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(length + value)
    return None


def line_records(metadata: Mapping[str, Any], keep_labels: Sequence[str] = KEEP_LABELS) -> list[dict[str, Any]] | None:
    """Per-line decisions of a cleaning step, normalised to dicts with ``keep`` (bool),
    ``reason`` (str or None) and, when recorded, ``index``, ``label``, ``score``, ``text``.

    Accepts the extraction step's compact ``[line index, label, p(body)(, text)]`` rows (a line
    is kept when its label is in ``keep_labels``, the ``remove_furniture`` option), dicts
    (``{"keep": False, "reason": "boilerplate"}``) and bare strings (a kept line).

    >>> line_records({"extract": {"lines": [[0, "navigation", 0.02], [2, "body", 0.97]]}})
    [{'keep': False, 'reason': 'navigation', 'index': 0, 'label': 'navigation', 'score': 0.02}, {'keep': True, 'reason': None, 'index': 2, 'label': 'body', 'score': 0.97}]
    >>> line_records({"extract": {"lines": [{"label": "nav", "keep": False, "text": "Home"}]}})
    [{'keep': False, 'reason': 'nav', 'text': 'Home', 'label': 'nav'}]
    >>> line_records({}) is None
    True
    """
    for path in LINE_PATHS:
        raw = lookup(metadata, path)
        if isinstance(raw, Sequence) and not isinstance(raw, str):
            return [_line(item, keep_labels) for item in raw]
    return None


def _line(item: Any, keep_labels: Sequence[str]) -> dict[str, Any]:
    if isinstance(item, str):
        return {"keep": True, "reason": None, "text": item}
    if isinstance(item, Sequence) and item and isinstance(item[0], int) and not isinstance(item[0], bool):
        index, label, score, text = (list(item) + [None, None, None])[:4]
        keep = label in keep_labels
        out = {"keep": keep, "reason": None if keep else label, "index": index, "label": label, "score": score}
        if isinstance(text, str):
            out["text"] = text
        return out
    if not isinstance(item, Mapping):
        return {"keep": True, "reason": None}
    keep = item.get("keep", item.get("kept", not item.get("removed", False)))
    reason = item.get("reason") or (item.get("label") if not keep else None)
    out = {"keep": bool(keep), "reason": reason}
    for key in ("text", "label", "index", "score"):
        if item.get(key) is not None:
            out[key] = item[key]
    return out


def align_lines(text: str, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines to display, each ``{"text", "keep", "reason"}``; ``text`` is None for a removed line
    whose text nobody recorded (the page shows a placeholder).

    - records with their own text are shown as they are;
    - records of the non-empty lines of ``text`` (labelled, not yet cleaned) are zipped with them;
    - records of a cleaned text (only the kept lines are left in it) give the kept lines their
      text in order and the removed ones their recorded text, or else a placeholder;
    - one record per line of ``text`` is zipped with it;
    - otherwise the records cannot be placed and the text is shown as it is.

    >>> align_lines("a\\n\\nb", [{"keep": True, "reason": None}, {"keep": False, "reason": "nav"}])
    [{'text': 'a', 'keep': True, 'reason': None}, {'text': 'b', 'keep': False, 'reason': 'nav'}]
    >>> align_lines("body", [{"keep": False, "reason": "nav"}, {"keep": True, "reason": None}])
    [{'text': None, 'keep': False, 'reason': 'nav'}, {'text': 'body', 'keep': True, 'reason': None}]
    >>> align_lines("a", [{"keep": False, "reason": "nav", "text": "Menu"}, {"keep": True, "reason": None, "text": "a"}])[0]
    {'text': 'Menu', 'keep': False, 'reason': 'nav'}
    >>> align_lines("body", [{"keep": False, "reason": "nav", "text": "Menu"}, {"keep": True, "reason": None}])[0]
    {'text': 'Menu', 'keep': False, 'reason': 'nav'}
    """
    if lines and all(isinstance(r.get("text"), str) for r in lines):
        return [{"text": r["text"], "keep": r["keep"], "reason": r["reason"]} for r in lines]
    if lines and all(isinstance(r.get("index"), int) for r in lines):
        lines = sorted(lines, key=lambda r: r["index"])
    nonempty = [t for t in text.split("\n") if t.strip()]
    if len(nonempty) == len(lines):
        return [{"text": t, "keep": r["keep"], "reason": r["reason"]} for t, r in zip(nonempty, lines)]
    kept = iter(nonempty)
    if len(nonempty) == sum(1 for r in lines if r["keep"]):
        # a removed line's text is there when the run recorded it (``record_removed``)
        return [{"text": next(kept) if r["keep"] else r.get("text"), "keep": r["keep"], "reason": r["reason"]}
                for r in lines]
    split = text.split("\n")
    if len(split) == len(lines):
        return [{"text": t, "keep": r["keep"], "reason": r["reason"]} for t, r in zip(split, lines)]
    return [{"text": t, "keep": True, "reason": None} for t in split]


def bin_edges(values: Sequence[float], bins: int | None = None, marks: Sequence[float] = ()) -> tuple[list[float], bool]:
    """Histogram edges for ``values`` (and threshold ``marks`` that must stay visible), and
    whether they are logarithmic. Heavy-tailed positive signals (lengths, counts) get log
    bins (a uniform score in (0, 1] does not); small-range integers get one bin per integer; the top 0.5% are folded into the last
    bin so one outlier cannot squash the chart.

    >>> bin_edges([0, 1, 2, 2, 3])
    ([-0.5, 0.5, 1.5, 2.5, 3.5], False)
    >>> edges, log = bin_edges([1, 10, 100, 1000, 10000], bins=4)
    >>> log, [round(e) for e in edges]
    (True, [1, 10, 100, 1000, 10000])
    >>> bin_edges([0.001, 0.2, 0.5, 0.7, 0.9], bins=2)[1]
    False
    >>> bin_edges([], marks=[0.5])
    ([0.5, 1.5], False)
    """
    data = sorted(float(v) for v in values)
    if bins is None:  # about 2·sqrt(n): a few wide bins for a small run, detail for a big one
        bins = min(30, max(8, int(2 * math.sqrt(len(data)))))
    if not data:
        lo = min(marks, default=0.0)
        return [float(lo), float(lo) + 1.0], False
    hi_q = data[min(len(data) - 1, int(len(data) * 0.995))]
    lo, hi = min(data[0], *marks) if marks else data[0], max(hi_q, *marks) if marks else hi_q
    if all(v.is_integer() for v in data) and hi - lo <= bins and all(float(m).is_integer() for m in marks):
        return [lo - 0.5 + i for i in range(int(hi - lo) + 2)], False
    if hi <= lo:
        return [lo - 0.5, lo + 0.5], False
    median = data[len(data) // 2]
    if lo > 0 and hi / lo >= 20 and (median - lo) / (hi - lo) < 0.15:  # right-skewed: lengths, counts
        a, b = math.log10(lo), math.log10(hi)
        return [10 ** (a + (b - a) * i / bins) for i in range(bins + 1)], True
    return [lo + (hi - lo) * i / bins for i in range(bins + 1)], False


def histogram(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    """Counts per bin; values outside the edges go to the first or last bin.

    >>> histogram([0, 0.5, 1, 7, -3], [0, 1, 2])
    [3, 2]
    """
    import bisect

    counts = [0] * (len(edges) - 1)
    for v in values:
        i = bisect.bisect_right(edges, v) - 1
        counts[min(max(i, 0), len(counts) - 1)] += 1
    return counts


def cluster_size_bucket(size: int) -> str:
    """Group duplicate-cluster sizes into readable buckets.

    >>> [cluster_size_bucket(n) for n in (2, 5, 6, 40, 500)]
    ['2', '5', '6–10', '11–100', '>100']
    """
    if size <= 5:
        return str(size)
    if size <= 10:
        return "6–10"
    return "11–100" if size <= 100 else ">100"
