"""Cross-document line dedup, as in cc_net: lines repeated across many documents are removed.

Navigation, cookie banners, "Share this article", a site's footer: such lines recur on every
page of a site and say nothing about any one page. Counting the documents each normalised line
occurs in (across the corpus, or per site = URL host) finds them without any model; lines found
in at least ``min_docs`` documents are removed from every document, and the removal is recorded
in ``metadata["dedup"]["lines"]`` (count, characters, line numbers), which is also evidence for
the extraction step's furniture labels.

Phases: ``observe`` spills each document's distinct line hashes; ``resolve`` counts them with
the partitioned shuffle (map: per-shard counts, reduce: per-partition sums, keep the frequent
hashes); ``prepare`` loads the frequent hashes (memory: 8 bytes per frequent line, not per line
of the corpus) and ``apply`` edits the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa

from tamis.dedup import base
from tamis.dedup.normalize import Normalisation, hash64, normalise
from tamis.dedup.shuffle import choose_partitions, load_array, read_partition, save_array, u64, write_partitioned
from tamis.document import Document
from tamis.errors import ConfigError
from tamis.steps.base import Drop, GlobalStep
from tamis.steps.filters import lookup

# Like cc_net: case, digits, punctuation and spacing do not make a line different.
LINE_NORM = Normalisation(case=True, whitespace=True, punctuation=True, digits=True)
SPILL_SCHEMA = pa.schema([("h", pa.uint64())])


def url_host(url: str | None) -> str:
    """The host of a URL, lower-cased, without ``www.`` ('' when there is none).

    >>> url_host("https://WWW.Example.com:8080/a?b"), url_host("not a url"), url_host(None)
    ('example.com', '', '')
    """
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def line_hashes(text: str, site: str = "") -> list[int | None]:
    """One hash per line of ``text`` (``None`` for lines that normalise to nothing).

    With a ``site``, the hash is seeded by it, so per-site counting keeps two sites' furniture
    apart and an ordinary line shared by two sites is not counted twice.

    >>> a, b, c, d = line_hashes("Share this!\\nshare   THIS\\n\\nOther")
    >>> a == b, c, a == d
    (True, None, False)
    >>> line_hashes("Menu", site="a.com") != line_hashes("Menu", site="b.com")
    True
    """
    seed = hash64(site) if site else 0
    out: list[int | None] = []
    for line in text.split("\n"):
        norm = normalise(line, LINE_NORM)
        out.append(hash64(norm, seed) if norm else None)
    return out


def remove_lines(text: str, hashes: list[int | None], frequent: np.ndarray) -> tuple[str, list[int], int]:
    """Drop the lines whose hash is in the sorted array ``frequent``.

    Returns the new text, the removed line numbers and the removed characters.

    >>> hs = line_hashes("Home\\nReal text\\nHome")
    >>> remove_lines("Home\\nReal text\\nHome", hs, np.array(sorted({hs[0]}), np.uint64))
    ('Real text', [0, 2], 8)
    """
    lines = text.split("\n")
    known = np.array([h if h is not None else 0 for h in hashes], dtype=np.uint64)
    pos = np.searchsorted(frequent, known)
    hit = (pos < len(frequent)) & (frequent[np.minimum(pos, max(len(frequent) - 1, 0))] == known) if len(frequent) else np.zeros(len(lines), bool)
    hit &= np.array([h is not None for h in hashes], dtype=bool)
    if not hit.any():
        return text, [], 0
    removed = np.flatnonzero(hit).tolist()
    kept = [line for line, h in zip(lines, hit.tolist()) if not h]
    return "\n".join(kept), removed, sum(len(lines[i]) for i in removed)


@dataclass(frozen=True, slots=True)
class LineDedupConfig:
    min_docs: int = 10  # a line found in at least this many documents is removed everywhere
    scope: str = "corpus"  # corpus | site (count per URL host)
    url_field: str = "url"  # metadata path of the URL when scope is "site"
    max_recorded: int = 200  # line numbers recorded per document (the count is always exact)
    buffer_mb: float = 256.0

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ConfigError("line_dedup.min_docs must be at least 2 (1 would remove every line)")
        if self.scope not in ("corpus", "site"):
            raise ConfigError(f"line_dedup.scope: {self.scope!r} is not one of corpus, site")


class LineDedup(GlobalStep):
    """Remove lines that recur in at least ``min_docs`` documents (of the corpus or the site)."""

    name = "line_dedup"
    Config = LineDedupConfig
    spill_schema: ClassVar[pa.Schema] = SPILL_SCHEMA

    def _hashes(self, doc: Document) -> list[int | None]:
        site = ""
        if self.config.scope == "site":
            site = url_host(lookup(doc.metadata, self.config.url_field)) or "-"
        return line_hashes(doc.text, site)

    def observe(self, doc: Document) -> Iterable[dict[str, Any]]:
        for h in {h for h in self._hashes(doc) if h is not None}:  # a document counts a line once
            yield {"h": h}

    def resolve(self, ctx: Any) -> None:
        work = base.begin(ctx)
        if work is None:
            return
        fs, spills = ctx.fs, base.ordered_spills(ctx)
        rows = sum(base.spill_rows(fs, s.path) for s in spills)
        k = choose_partitions(rows, 16, int(self.config.buffer_mb * 2**20))
        base.map_reduce(ctx, work, spills, k, _map_task, _reduce_task, reduce_extra=(self.config.min_docs,),
                        reduce_dir="frequent", reduce_ext="npy")
        base.finish(ctx, work)

    def prepare(self, ctx: Any, shard: str) -> None:
        freq_dir = base.join(base.current_root(ctx, self.name), "frequent")
        paths = sorted(p for p in ctx.fs.ls(freq_dir, detail=False) if p.endswith(".npy"))
        arrays = [np.asarray(load_array(ctx.fs, p)) for p in paths]
        self._frequent = np.sort(np.concatenate(arrays)) if arrays else np.array([], np.uint64)

    def apply(self, doc: Document) -> Drop | None:
        hashes = self._hashes(doc)
        text, removed, chars = remove_lines(doc.text, hashes, self._frequent)
        if not removed:
            return None
        info = {"removed": len(removed), "chars": chars, "line_numbers": removed[: self.config.max_recorded]}
        if not text.strip():
            return Drop("all_lines_duplicated", info)
        doc.text = text
        doc.metadata.setdefault("dedup", {})["lines"] = info
        return None


def _map_task(item: tuple[Any, str, int, str, int]) -> None:
    fs, spill_path, _index, out, k = item
    h = u64(base.read_spill(fs, spill_path, SPILL_SCHEMA).column("h"))
    # Pre-aggregate in the shard: one row per distinct line, with its document count.
    uniq, counts = np.unique(h, return_counts=True)
    table = pa.table({"h": pa.array(uniq, pa.uint64()), "n": pa.array(counts.astype(np.int64), pa.int64())})
    write_partitioned(fs, out, table, (uniq % np.uint64(k)).astype(np.int64), k)


def _reduce_task(item: tuple[Any, list[str], int, str, int]) -> None:
    fs, map_paths, p, out, min_docs = item
    table = read_partition(fs, map_paths, p)
    frequent = np.array([], np.uint64)
    if table is not None:
        h, n = u64(table.column("h")), table.column("n").to_numpy()
        order = np.argsort(h, kind="stable")
        h, n = h[order], n[order]
        starts = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1]]))
        totals = np.add.reduceat(n, starts)
        frequent = h[starts][totals >= min_docs]
    tmp = out + ".tmp"
    save_array(fs, tmp, frequent)
    fs.mv(tmp, out)
