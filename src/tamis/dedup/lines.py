"""Cross-document line dedup, as in cc_net: lines repeated across many documents are removed.

Navigation, cookie banners, "Share this article", a site's footer: such lines recur on every
page of a site and say nothing about any one page. Counting the documents each normalised line
occurs in (across the corpus, or per site = URL host) finds them without any model; lines found
in at least ``min_docs`` documents are removed from every document, and the removal is recorded
in ``metadata["dedup"]["lines"]`` (count, characters, line numbers), which is also evidence for
the extraction step's furniture labels.

Two actions. ``remove`` (the default) edits the text as cc_net does; a page left with no line is
dropped (``all_lines_duplicated``), unless the page as a whole has ``min_docs`` copies: then its
lines repeat because it does, and it is left whole (``dedup.lines.page_copy``) for exact or near
dedup to keep one copy and name it in the others. ``label`` edits nothing: it
records, under ``metadata["dedup"]["repeated_lines"]``, which line indices (of
``text.splitlines()``, the extraction model's numbering) repeat and on how many documents, plus a
hash of the text they refer to. Label first, decide separately: ``line_labels`` turns that
evidence into ``repeated`` furniture labels (``tamis.extract.site``) and ``remove_furniture``
decides, so a page whose text changed in between is never labelled with stale line numbers.

With ``scope: site`` a document without a URL host has no site: it is neither counted nor
labelled nor edited (lumping every URL-less document into one pseudo-site would make the
per-site count a corpus-wide one for them).

Phases: ``observe`` spills each document's distinct line hashes; ``resolve`` counts them with
the partitioned shuffle (map: per-shard counts, reduce: per-partition sums, keep the frequent
hashes with their counts); ``prepare`` loads the frequent hashes (memory: 16 bytes per frequent
line, not per line of the corpus) and ``apply`` edits or labels the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
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
_PAGE_NORM = replace(LINE_NORM, digits=False)
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[^\w\s]+(?=\d)")


def url_host(url: str | None) -> str:
    """The host of a URL, lower-cased, without ``www.`` ('' when there is none).

    WARC/1.0 writers (wget) wrap ``WARC-Target-URI`` in angle brackets; they are not part of it.

    >>> url_host("https://WWW.Example.com:8080/a?b"), url_host("not a url"), url_host(None)
    ('example.com', '', '')
    >>> url_host("<https://www.cs.example.edu/people/>")
    'cs.example.edu'
    """
    if not url or not isinstance(url, str):
        return ""
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def line_hashes(text: str | list[str], site: str = "") -> list[int | None]:
    """One hash per line of ``text`` (``None`` for lines that normalise to nothing); ``text``
    may also be given already split into lines.

    With a ``site``, the hash is seeded by it, so per-site counting keeps two sites' furniture
    apart and an ordinary line shared by two sites is not counted twice.

    >>> a, b, c, d = line_hashes("Share this!\\nshare   THIS\\n\\nOther")
    >>> a == b, c, a == d
    (True, None, False)
    >>> line_hashes("Menu", site="a.com") != line_hashes("Menu", site="b.com")
    True
    """
    seed = hash64(site) if site else 0
    lines = text.split("\n") if isinstance(text, str) else text
    return [hash64(norm, seed) if norm else None for norm in normalise_lines(lines)]


def normalise_lines(lines: list[str]) -> list[str]:
    """``normalise(line, LINE_NORM)`` for every line, in a few whole-text passes instead of five
    calls per line (the per-line calls were most of this step's cost on pages of short lines).

    Unicode normalisation, case folding, punctuation removal and digit mapping never create or
    remove a line feed, so they run once over the joined lines; only the whitespace collapse is
    per line. Should the joined text ever come apart into another number of lines (a line
    holding ``\\n`` itself), it falls back to one call per line.

    >>> normalise_lines(["  Share THIS!  ", "", "Page 12 of 40", "ＡＢＣ\\tdef"])
    ['share this', '', 'page 00 of 00', 'abc def']
    >>> normalise_lines(["a\\nb", "c"]) == [normalise("a\\nb", LINE_NORM), "c"]
    True
    """
    joined = "\n".join(lines)
    bulk = normalise(joined, replace(LINE_NORM, whitespace=False)).split("\n")
    if len(bulk) != len(lines):
        return [normalise(line, LINE_NORM) for line in lines]
    return [" ".join(line.split()) for line in bulk]


def frequent_positions(hashes: list[int | None], frequent: np.ndarray) -> np.ndarray:
    """For each line, its position in the sorted array ``frequent``, or -1 when it is not there.

    >>> frequent_positions([5, None, 7, 9], np.array([7, 9], np.uint64)).tolist()
    [-1, -1, 0, 1]
    """
    known = np.array([h if h is not None else 0 for h in hashes], dtype=np.uint64)
    if not len(frequent):
        return np.full(len(hashes), -1, dtype=np.int64)
    pos = np.searchsorted(frequent, known)
    safe = np.minimum(pos, len(frequent) - 1)
    hit = (pos < len(frequent)) & (frequent[safe] == known) & np.array([h is not None for h in hashes], dtype=bool)
    return np.where(hit, safe, -1).astype(np.int64)


def remove_lines(text: str, hashes: list[int | None], frequent: np.ndarray) -> tuple[str, list[int], int]:
    """Drop the lines whose hash is in the sorted array ``frequent``.

    Returns the new text, the removed line numbers and the removed characters.

    >>> hs = line_hashes("Home\\nReal text\\nHome")
    >>> remove_lines("Home\\nReal text\\nHome", hs, np.array(sorted({hs[0]}), np.uint64))
    ('Real text', [0, 2], 8)
    """
    lines = text.split("\n")
    hit = frequent_positions(hashes, frequent) >= 0
    if not hit.any():
        return text, [], 0
    removed = np.flatnonzero(hit).tolist()
    kept = [line for line, h in zip(lines, hit.tolist()) if not h]
    return "\n".join(kept), removed, sum(len(lines[i]) for i in removed)


def page_key(text: str, site: str = "") -> int:
    """One hash for a page's text, folded as its lines are for counting (case, white space,
    punctuation: "We're" and "We’re" are one), but with digits kept, and a mark between two digits
    kept as a letter: pages that differ only in their numbers (a match report per round: "1-12",
    "11-2") are no copies. Counted with the lines, it tells ``remove`` mode a page whose every line
    repeats because the page itself does.

    >>> page_key("We're here: 2-1 ") == page_key("WE’RE  here 2-1") != page_key("We're here: 21")
    True
    >>> page_key("1--12") != page_key("11--2"), page_key("½ cup") != page_key("12 cup")
    (True, True)
    """
    # compatibility forms first ("½" is "1⁄2"), so that the mark between their digits is kept too
    text = _BETWEEN_DIGITS.sub("x", unicodedata.normalize("NFKC", text))
    return hash64(normalise(text, _PAGE_NORM), hash64("\x00page\x00" + site))


def text_key(text: str) -> str:
    """A short fingerprint of the exact text that line numbers refer to: a later step checks it
    before trusting recorded line numbers (a step in between may have edited the text).

    >>> text_key("a\\nb") == text_key("a\\nb") != text_key("a\\nb ")
    True
    """
    return format(hash64(text), "016x")


@dataclass(frozen=True, slots=True)
class LineDedupConfig:
    min_docs: int = 10  # a line found in at least this many documents is removed (or labelled) everywhere
    scope: str = "corpus"  # corpus | site (count per URL host)
    url_field: str = "url"  # metadata path of the URL when scope is "site"
    max_recorded: int = 200  # line numbers recorded per document (the count is always exact)
    buffer_mb: float = 256.0
    action: str = "remove"  # remove: edit the text (cc_net) | label: record repeated lines, edit nothing

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ConfigError("line_dedup.min_docs must be at least 2 (1 would remove every line)")
        if self.scope not in ("corpus", "site"):
            raise ConfigError(f"line_dedup.scope: {self.scope!r} is not one of corpus, site")
        if self.action not in ("remove", "label"):
            raise ConfigError(f"line_dedup.action: {self.action!r} is not one of remove, label")


class LineDedup(GlobalStep):
    """Lines recurring in min_docs+ documents (corpus or site): removed, or only recorded (action: label).

    Recording (``metadata["dedup"]["repeated_lines"]``) is the evidence ``line_labels`` uses."""

    name = "line_dedup"
    Config = LineDedupConfig
    spill_schema: ClassVar[pa.Schema] = SPILL_SCHEMA

    @classmethod
    def missing_warning(cls, key: str, options: Mapping[str, Any], seen: int) -> str | None:
        """What the run says when no document had a URL host (``stats.missing == seen``), if the
        user named ``url_field``; the default pipeline's site evidence is quietly off on a corpus
        without URLs."""
        if "url_field" not in options:
            return None
        return (f"{key}: no URL at {options['url_field']!r} in any of {seen} documents, so no line was counted "
                "per site; set url_field, or scope: corpus")

    def _site(self, doc: Document) -> str | None:
        """The counting key: '' for the corpus, the host per site, None for a document that
        has no site (left alone)."""
        if self.config.scope != "site":
            return ""
        return url_host(lookup(doc.metadata, self.config.url_field)) or None

    def _lines(self, text: str) -> list[str]:
        # label mode numbers lines as the extraction model does (str.splitlines); remove mode
        # keeps its own "\n" split, since it rebuilds the text by joining with "\n"
        return text.splitlines() if self.config.action == "label" else text.split("\n")

    def observe(self, doc: Document) -> Iterable[dict[str, Any]]:
        site = self._site(doc)
        if site is None:
            return
        hashes = {h for h in line_hashes(self._lines(doc.text), site) if h is not None}
        for h in hashes:  # a document counts a line once
            yield {"h": h}
        if hashes and self.config.action == "remove":  # the page as a whole, counted as one more line
            yield {"h": page_key(doc.text, site)}

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
        arrays = [_with_counts(np.asarray(load_array(ctx.fs, p)), self.config.min_docs) for p in paths]
        both = np.concatenate(arrays, axis=1) if arrays else np.zeros((2, 0), np.uint64)
        order = np.argsort(both[0], kind="stable")
        self._frequent = both[0][order]
        self._counts = both[1][order]

    def apply(self, doc: Document) -> Drop | None:
        site = self._site(doc)
        if site is None:
            self.stats.missing += 1
            return None
        if self.config.action == "label":
            self._label(doc, site)
            return None
        hashes = line_hashes(doc.text, site)
        text, removed, chars = remove_lines(doc.text, hashes, self._frequent)
        if not removed:
            return None
        info = {"removed": len(removed), "chars": chars, "line_numbers": removed[: self.config.max_recorded]}
        if not text.strip():
            if frequent_positions([page_key(doc.text, site)], self._frequent)[0] >= 0:
                # every line repeats because the whole page does (min_docs+ copies): emptying
                # each copy lost the page; document dedup keeps one and names it in the others
                doc.metadata.setdefault("dedup", {})["lines"] = {"removed": 0, "page_copy": True}
                return None
            return Drop("all_lines_duplicated", info)
        doc.text = text
        doc.metadata.setdefault("dedup", {})["lines"] = info
        return None

    def _label(self, doc: Document, site: str) -> None:
        pos = frequent_positions(line_hashes(self._lines(doc.text), site), self._frequent)
        hits = np.flatnonzero(pos >= 0)
        if not len(hits):
            return
        counts = self._counts[pos[hits]].astype(np.int64)
        pairs = [[int(i), int(n)] for i, n in zip(hits.tolist(), counts.tolist())]
        doc.metadata.setdefault("dedup", {})["repeated_lines"] = {
            "scope": self.config.scope, "where": site or "corpus", "min_docs": self.config.min_docs,
            "count": len(pairs), "lines": pairs[: self.config.max_recorded], "text_key": text_key(doc.text)}


def _with_counts(array: np.ndarray, min_docs: int) -> np.ndarray:
    """A reduce output as (hashes, counts); outputs of older versions hold hashes only, whose
    count is known to be at least ``min_docs``.

    >>> _with_counts(np.array([7, 9], np.uint64), 3).tolist()
    [[7, 9], [3, 3]]
    """
    if array.ndim == 2:
        return array
    return np.stack([array.astype(np.uint64), np.full(len(array), min_docs, np.uint64)])


def _map_task(item: tuple[Any, str, int, str, int]) -> None:
    fs, spill_path, _index, out, k = item
    h = u64(base.read_spill(fs, spill_path, SPILL_SCHEMA).column("h"))
    # Pre-aggregate in the shard: one row per distinct line, with its document count.
    uniq, counts = np.unique(h, return_counts=True)
    table = pa.table({"h": pa.array(uniq, pa.uint64()), "n": pa.array(counts.astype(np.int64), pa.int64())})
    write_partitioned(fs, out, table, (uniq % np.uint64(k)).astype(np.int64), k)


def _reduce_task(item: tuple[Any, list[str], int, str, int]) -> None:
    """Sum one partition's counts; write the frequent hashes (row 0) with their document counts
    (row 1) as one (2, n) array, so the output file alone marks the task as done."""
    fs, map_paths, p, out, min_docs = item
    table = read_partition(fs, map_paths, p)
    frequent = np.zeros((2, 0), np.uint64)
    if table is not None:
        h, n = u64(table.column("h")), table.column("n").to_numpy()
        order = np.argsort(h, kind="stable")
        h, n = h[order], n[order]
        starts = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1]]))
        totals = np.add.reduceat(n, starts)
        keep = totals >= min_docs
        frequent = np.stack([h[starts][keep], totals[keep].astype(np.uint64)])
    tmp = out + ".tmp"
    save_array(fs, tmp, frequent)
    fs.mv(tmp, out)
