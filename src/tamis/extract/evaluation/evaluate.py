"""Run an article-extraction benchmark: tamis and reference systems, side by side.

Two layouts of benchmark data are read:

- ``scrapinghub``: the article-extraction-benchmark folder (``ground-truth.json``, ``html/*.html.gz``,
  ``output/<renderer>.json`` with the stored page renderings);
- ``jsonl``: your own pages, one JSON object per line (``.jsonl`` or ``.jsonl.gz``) with the gold
  article in ``"gold"`` and the page in ``"text"`` (page text, for ``--input text``) and/or
  ``"html"`` (for ``--input html``). The metric is the same.

Speed is measured as CPU time of this process (``time.process_time``) per system, i.e. docs/s on
one core, which is what matters for a pipeline that runs one worker per core and is not skewed
by other jobs sharing the machine. Wall-clock docs/s is reported too.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tamis.errors import ConfigError
from tamis.extract.evaluation.metric import score


@dataclass(frozen=True, slots=True)
class Row:
    system: str
    input: str
    f1: float
    precision: float
    recall: float
    docs: int
    docs_per_s_cpu: float
    docs_per_s_wall: float


def _run(name: str, inp: str, fn: Callable[[object], str], items: list[tuple[object, str]]) -> Row:
    return _run_all(name, inp, lambda pages: [fn(p) for p in pages], items)


def _run_all(name: str, inp: str, fn: Callable[[list[object]], list[str]], items: list[tuple[object, str]]) -> Row:
    """Score ``fn`` over all pages in one call (a batch API) and time it."""
    c0, w0 = time.process_time(), time.perf_counter()
    preds = fn([data for data, _ in items])
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    s = score(zip(preds, (g for _, g in items)))
    n = len(items)
    return Row(name, inp, s.f1, s.precision, s.recall, n, n / cpu if cpu else float("inf"), n / wall if wall else float("inf"))


def _html_str(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return bytes_to_str(data, detect_encoding(data))


def _resiliparse(main_content: bool) -> Callable[[object], str]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def fn(data: object) -> str:
        return extract_plain_text(HTMLTree.parse(_html_str(data)), main_content=main_content)  # type: ignore[arg-type]

    return fn


def _trafilatura() -> Callable[[object], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def fn(data: object) -> str:
        return trafilatura.extract(data) or ""  # type: ignore[arg-type]

    return fn


def jsonl_pages(path: Path, field: str, limit: int | None = None) -> list[tuple[object, str]]:
    """(page, gold) pairs from a JSONL benchmark file; a line that is not an object with string
    ``gold`` and ``field`` stops the run with its line number (a benchmark with holes would give
    a score for other pages than the user meant)."""
    items: list[tuple[object, str]] = []
    try:
        with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")) as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise ConfigError(f"{path}:{n}: not a JSON line ({err.msg})") from None
                if not isinstance(rec, dict) or not isinstance(rec.get("gold"), str) or not isinstance(rec.get(field), str):
                    raise ConfigError(f"{path}:{n}: each line needs string fields 'gold' and {field!r}")
                items.append((rec[field], rec["gold"]))
                if limit and len(items) >= limit:
                    break
    except (OSError, EOFError, UnicodeDecodeError) as err:  # missing file, broken gzip, not UTF-8
        raise ConfigError(f"{path}: cannot be read as UTF-8 JSON lines ({err})") from None
    if not items:
        raise ConfigError(f"{path}: no pages")
    return items


def _scrapinghub_pages(path: Path, input: str, renderer: str, limit: int | None) -> list[tuple[object, str]]:
    if not (path / "ground-truth.json").is_file():
        raise ConfigError(f"{path}: not the scrapinghub benchmark's folder (it holds ground-truth.json, html/ and output/)")
    renderings = path / "output" / f"{renderer}.json"
    if input != "html" and not renderings.is_file():
        known = sorted(p.stem for p in (path / "output").glob("*.json"))
        raise ConfigError(f"{path}: no rendering {renderer!r} in output/ (there: {', '.join(known) or 'none'})")
    gold = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    if input == "html":
        return [(gzip.open(path / "html" / f"{i}.html.gz").read(), gold[i]["articleBody"]) for i in ids]
    out = json.loads((path / "output" / f"{renderer}.json").read_text(encoding="utf-8"))["output"]
    return [(out[i]["articleBody"], gold[i]["articleBody"]) for i in ids]


def run_benchmark(path: Path, input: str = "text", renderers: list[str] | None = None, limit: int | None = None,
                  reference: bool = True, benchmark: str = "scrapinghub") -> list[Row]:
    """Score tamis (and the references) on the benchmark at ``path``."""
    def pages(renderer: str) -> list[tuple[object, str]]:
        if benchmark == "jsonl":
            return jsonl_pages(path, "html" if input == "html" else "text", limit)
        return _scrapinghub_pages(path, input, renderer, limit)

    rows: list[Row] = []
    if input == "text":
        from tamis.extract.text import clean_text, clean_texts

        clean_text("warm up the model")
        for renderer in (["text"] if benchmark == "jsonl" else renderers or ["html-text", "inscriptis"]):
            items = pages(renderer)
            rows.append(_run("tamis clean_text", renderer, clean_text, items))  # type: ignore[arg-type]
            # the same texts, the model scoring many pages at once: the same F1, more docs/s
            rows.append(_run_all("tamis clean_texts (batched)", renderer, lambda t: list(clean_texts(t)), items))  # type: ignore[arg-type]
            if reference:
                rows.append(_run("uncleaned page text", renderer, lambda t: t, items))  # type: ignore[arg-type,return-value]
        if reference and benchmark == "scrapinghub":  # the same pages' HTML, for the HTML extractors
            rows += _references(_scrapinghub_pages(path, "html", "", limit))
        return rows
    from tamis.extract.html import extract_html, extract_htmls

    items = pages("html")
    extract_html(items[0][0])  # type: ignore[arg-type]
    rows.append(_run("tamis extract_html", "html", extract_html, items))  # type: ignore[arg-type]
    rows.append(_run_all("tamis extract_htmls (batched)", "html", lambda h: list(extract_htmls(h)), items))  # type: ignore[arg-type]
    if reference:
        rows += _references(items)
    return rows


def _references(items: list[tuple[object, str]]) -> list[Row]:
    """resiliparse (main content and full text) and trafilatura, if installed, on the HTML."""
    rows = [_run("resiliparse main_content", "html", _resiliparse(True), items),
            _run("uncleaned (resiliparse full text)", "html", _resiliparse(False), items)]
    traf = _trafilatura()
    if traf is not None:
        rows.append(_run("trafilatura", "html", traf, items))
    return rows


def print_table(rows: list[Row]) -> None:
    print(f"{'system':36} {'input':12} {'F1':>6} {'P':>6} {'R':>6} {'docs':>5} {'docs/s cpu':>10} {'docs/s wall':>11}")
    for r in rows:
        print(f"{r.system:36} {r.input:12} {r.f1:6.3f} {r.precision:6.3f} {r.recall:6.3f} {r.docs:5d} "
              f"{r.docs_per_s_cpu:10.0f} {r.docs_per_s_wall:11.0f}")
