"""Near-duplicate dedup with MinHash LSH, in bounded memory.

Phases (the resolve context and resumability are described in ``tamis.dedup.base``):

- ``observe``: one spill row per document with at least one shingle: id, keep score, the
  signature (``num_perm`` uint64 as bytes) and, with ``verify="exact"``, its sorted shingle set.
- ``resolve``:
  1. **map** (a task per shard): signatures go to a per-shard ``.npy`` (random access by row for
     the checks below); band keys go to ``K`` hash partitions (``tamis.dedup.shuffle``).
  2. **reduce** (a task per partition): sort rows by (band, key, best first); each run of equal
     keys is a bucket, and every member is paired with the bucket's best member (a star, so a
     bucket of ``m`` documents costs ``m - 1`` pairs, not ``m^2``). Pairs are checked by their
     signature estimate or their exact Jaccard, and written out. The star's trade-off: a member
     that fails the check against the bucket's best member is not tried against the others in
     that bucket (it still joins them through any other band it shares with one of them).
  3. **components** (driver): union-find over the checked pairs gives clusters; the keep policy
     picks the survivor; decisions (with the survivor id, cluster id and Jaccard vs the survivor)
     are written per shard.
- ``prepare``/``apply``: drop this shard's removed ids with ``duplicate_of``.

Memory: map and reduce tasks hold one shard or one partition. The driver holds the checked
pairs and, per document that has a pair, a few arrays and its id (about 1 KB per near-duplicate
document measured, nothing per unique document); signatures are looked up per shard, in chunks.

On Ray (the plan): map tasks write their partitioned files to shared storage, reduce task ``p``
reads row groups ``p`` of every map file - a sort-based shuffle by band key, where each partition
is an independent task (``ctx.executor.map``). Signature lookups read per-shard ``.npy`` files
(memory-mapped locally, fetched whole remotely). Only the components stage is central; its input
is the checked pairs, which are as many as the duplicates. Past one machine's memory, it becomes
iterated min-label propagation over pairs partitioned by node (sorted joins, same shuffle).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import xxhash

from tamis.dedup import base
from tamis.dedup.components import connected_components, survivors
from tamis.dedup.exact import group_runs
from tamis.dedup.keep import check_keep, doc_keys, keep_score, split_keys, survivor_order
from tamis.dedup.minhash import band_keys, char_shingles, choose_bands, estimate, jaccard, permutations, signature, word_shingles
from tamis.dedup.shuffle import choose_partitions, load_array, read_partition, save_array, u64, write_partitioned
from tamis.document import Document
from tamis.errors import ConfigError
from tamis.steps.base import Drop, GlobalStep

SPILL_SCHEMA = pa.schema(
    [("id", pa.string()), ("score", pa.float64()), ("sig", pa.binary()), ("shingles", pa.binary())]
)
EDGE_SCHEMA = pa.schema(
    [("a", pa.uint64()), ("b", pa.uint64()), ("score_a", pa.float64()), ("score_b", pa.float64())]
)
# what makes a text's shingles non-empty: a \\w character (word shingles), anything but white
# space (character shingles); ``has_shingles`` tests it without shingling
_WORD_CHAR = re.compile(r"\w")
_NOT_SPACE = re.compile(r"\S")
_CHUNK = 1 << 15  # pairs per signature lookup: bounds lookup memory to ~64 MiB at k=128


@dataclass(frozen=True, slots=True)
class MinHashDedupConfig:
    threshold: float = 0.8  # Jaccard similarity above which two documents are near-duplicates
    num_perm: int = 128
    bands: int | None = None  # override the (bands, rows) chosen from the threshold
    rows: int | None = None
    fn_weight: float = 0.7  # weight of false negatives vs false positives when choosing bands
    shingle: str = "word"  # word (a character of Chinese, Japanese, Thai, ... a word) | char
    ngram: int = 5
    verify: str = "estimate"  # none | estimate (signature) | exact (shingle sets)
    seed: int = 1
    keep: str = "first"
    keep_field: str | None = None
    buffer_mb: float = 256.0

    def __post_init__(self) -> None:
        where = "minhash_dedup"
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"{where}.threshold must be in (0, 1), got {self.threshold}")
        if self.num_perm < 1 or self.ngram < 1:
            raise ConfigError(f"{where}.num_perm and .ngram must be positive")
        if (self.bands is None) != (self.rows is None):
            raise ConfigError(f"{where}: set both bands and rows, or neither")
        if self.bands is not None and self.rows is not None and (self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm):
            raise ConfigError(f"{where}: bands * rows must be between 1 and num_perm ({self.num_perm})")
        if self.shingle not in ("word", "char"):
            raise ConfigError(f"{where}.shingle: {self.shingle!r} is not one of word, char")
        if self.verify not in ("none", "estimate", "exact"):
            raise ConfigError(f"{where}.verify: {self.verify!r} is not one of none, estimate, exact")
        check_keep(self.keep, self.keep_field, where)


@functools.cache
def _bands(threshold: float, num_perm: int, fn_weight: float) -> tuple[int, int]:
    return choose_bands(threshold, num_perm, fn_weight)


class MinHashDedup(GlobalStep):
    """Remove near-duplicates: documents whose shingle sets overlap above ``threshold``."""

    name = "minhash_dedup"
    Config = MinHashDedupConfig
    spill_schema: ClassVar[pa.Schema] = SPILL_SCHEMA

    @functools.cached_property
    def _perm(self) -> np.ndarray:
        return permutations(self.config.num_perm, self.config.seed)

    @property
    def bands_rows(self) -> tuple[int, int]:
        cfg = self.config
        if cfg.bands is not None and cfg.rows is not None:
            return cfg.bands, cfg.rows
        return _bands(cfg.threshold, cfg.num_perm, cfg.fn_weight)

    def shingles(self, text: str) -> np.ndarray:
        fn = word_shingles if self.config.shingle == "word" else char_shingles
        return fn(text, self.config.ngram)

    def has_shingles(self, text: str) -> bool:
        """Whether ``shingles(text)`` is not empty, without computing it: a word, or any
        character but white space (a text shorter than the n-gram is one shingle).

        >>> step = MinHashDedup()
        >>> step.has_shingles("one"), step.has_shingles(" -- \\n"), step.has_shingles("")
        (True, False, False)
        """
        return (_WORD_CHAR.search(text) if self.config.shingle == "word" else _NOT_SPACE.search(text)) is not None

    def observe(self, doc: Document) -> Iterable[dict[str, Any]]:
        if not self.has_shingles(doc.text):
            return  # nothing to compare: an empty text is nobody's near-duplicate
        sh = self.shingles(doc.text)
        cfg = self.config
        yield {
            "id": doc.id,
            "score": keep_score(doc, cfg.keep, cfg.keep_field),
            "sig": signature(sh, self._perm).astype("<u8").tobytes(),
            "shingles": np.unique(sh).astype("<u8").tobytes() if cfg.verify == "exact" else None,
        }

    def resolve(self, ctx: Any) -> None:
        work = base.begin(ctx)
        if work is None:
            return
        cfg, fs, spills = self.config, ctx.fs, base.ordered_spills(ctx)
        nbands, nrows = self.bands_rows
        total = sum(base.spill_rows(fs, s.path) for s in spills)
        k = choose_partitions(total * nbands, 32, int(cfg.buffer_mb * 2**20))
        for sub in ("sigs", "decisions"):
            fs.makedirs(base.join(work, sub), exist_ok=True)
        red_out = base.map_reduce(ctx, work, spills, k, _map_task, _reduce_task,
                                  map_extra=(nbands, nrows, cfg.num_perm, work, cfg.verify),
                                  reduce_extra=(work, cfg.verify, cfg.threshold))
        _components(ctx, work, spills, red_out, cfg.verify)
        base.finish(ctx, work)

    def prepare(self, ctx: Any, shard: str) -> None:
        self._decisions = base.load_decisions(ctx, self.name, shard)
        self._row = 0  # spill rows: one per document with shingles, in the shard's order

    def apply(self, doc: Document) -> Drop | None:
        if not self.has_shingles(doc.text):
            return None  # never observed: in no group
        d = self._decisions.take(doc.id, self._row)
        self._row += 1
        if d is None:
            return None
        info: dict[str, Any] = {"cluster": d.cluster, "size": d.size}
        if d.removed:
            info["jaccard_est"] = round(d.jaccard_est, 4)
            if d.jaccard == d.jaccard:  # not NaN: verified exactly
                info["jaccard"] = round(d.jaccard, 4)
            return Drop("near_duplicate", info, duplicate_of=d.duplicate_of)
        doc.metadata.setdefault("dedup", {})["minhash"] = info
        return None


def _sig_path(work_dir: str, index: int) -> str:
    return base.join(work_dir, "sigs", f"{index:06d}.npy")


def _map_task(item: tuple[Any, ...]) -> None:
    fs, spill_path, index, out, k, nbands, nrows, num_perm, work_dir, verify = item
    table = base.read_spill(fs, spill_path, SPILL_SCHEMA)
    n = table.num_rows
    sigs = np.frombuffer(b"".join(table.column("sig").to_pylist()), dtype="<u8").reshape(n, num_perm)
    save_array(fs, _sig_path(work_dir, index), sigs)
    if verify == "exact":
        sets = [np.frombuffer(b or b"", dtype="<u8") for b in table.column("shingles").to_pylist()]
        offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets])]).astype(np.int64)
        save_array(fs, base.join(work_dir, "sigs", f"{index:06d}.sh.npy"), np.concatenate(sets) if sets else np.array([], "<u8"))
        save_array(fs, base.join(work_dir, "sigs", f"{index:06d}.off.npy"), offsets)
    keys = band_keys(sigs, nbands, nrows)  # (n, bands)
    docs = doc_keys(index, n)
    rows = pa.table(
        {
            "band": pa.array(np.tile(np.arange(nbands, dtype=np.uint16), n), pa.uint16()),
            "key": pa.array(keys.reshape(-1), pa.uint64()),
            "doc": pa.array(np.repeat(docs, nbands), pa.uint64()),
            "score": pa.array(np.repeat(table.column("score").to_numpy(), nbands), pa.float64()),
        }
    )
    write_partitioned(fs, out, rows, (keys.reshape(-1) % np.uint64(k)).astype(np.int64), k)


def _reduce_task(item: tuple[Any, ...]) -> None:
    fs, map_paths, p, out, work_dir, verify, threshold = item
    table = read_partition(fs, map_paths, p)
    edges = EDGE_SCHEMA.empty_table()
    if table is not None:
        band, key = table.column("band").to_numpy(), u64(table.column("key"))
        doc, score = u64(table.column("doc")), table.column("score").to_numpy()
        rank = np.empty(len(doc), np.int64)
        rank[survivor_order(score, doc)] = np.arange(len(doc))
        order = np.lexsort((rank, key, band))
        members, heads, _sizes = group_runs(order, band[order], key[order])
        pair = members != heads
        a, b = doc[heads[pair]], doc[members[pair]]
        sa, sb = score[heads[pair]], score[members[pair]]
        # A pair found in several bands is checked once.
        uniq = np.unique(np.stack([a, b], axis=1), axis=0, return_index=True)[1] if len(a) else np.array([], np.int64)
        a, b, sa, sb = a[uniq], b[uniq], sa[uniq], sb[uniq]
        if verify != "none" and len(a):
            ok = similarity(fs, work_dir, a, b, exact=verify == "exact") >= threshold
            a, b, sa, sb = a[ok], b[ok], sa[ok], sb[ok]
        edges = pa.table({"a": a, "b": b, "score_a": sa, "score_b": sb}, schema=EDGE_SCHEMA)
    base.write_table(fs, out, edges)


def similarity(fs: Any, work_dir: str, a: np.ndarray, b: np.ndarray, exact: bool = False) -> np.ndarray:
    """Jaccard of doc-key pairs: the signature estimate, or exact from the stored shingle sets.

    Looks rows up per shard in chunks, so memory stays bounded whatever the number of pairs."""
    out = np.empty(len(a), dtype=np.float64)
    for lo, hi in base.iter_chunks(len(a), _CHUNK):
        if exact:
            sets_a, sets_b = _lookup_sets(fs, work_dir, a[lo:hi]), _lookup_sets(fs, work_dir, b[lo:hi])
            out[lo:hi] = [jaccard(x, y) for x, y in zip(sets_a, sets_b)]
        else:
            out[lo:hi] = estimate(_lookup_sigs(fs, work_dir, a[lo:hi]), _lookup_sigs(fs, work_dir, b[lo:hi]))
    return out


def _lookup_sigs(fs: Any, work_dir: str, keys: np.ndarray) -> np.ndarray:
    shards, rows = split_keys(keys)
    out: np.ndarray | None = None
    for s in np.unique(shards):
        arr = load_array(fs, _sig_path(work_dir, int(s)))
        if out is None:
            out = np.empty((len(keys), arr.shape[1]), dtype=np.uint64)
        mask = shards == s
        out[mask] = arr[rows[mask]]
    return out if out is not None else np.empty((0, 0), np.uint64)


def _lookup_sets(fs: Any, work_dir: str, keys: np.ndarray) -> list[np.ndarray]:
    shards, rows = split_keys(keys)
    out: list[np.ndarray] = [np.empty(0, np.uint64)] * len(keys)
    for s in np.unique(shards):
        flat = load_array(fs, base.join(work_dir, "sigs", f"{int(s):06d}.sh.npy"))
        off = load_array(fs, base.join(work_dir, "sigs", f"{int(s):06d}.off.npy"))
        for i in np.flatnonzero(shards == s):
            out[i] = np.asarray(flat[off[rows[i]] : off[rows[i] + 1]])
    return out


def _components(ctx: Any, work: str, spills: list[base.ShardSpill], edge_paths: list[str], verify: str) -> None:
    fs = ctx.fs
    tables = [base.read_table(fs, p) for p in edge_paths]
    edges = pa.concat_tables(tables) if tables else EDGE_SCHEMA.empty_table()
    a, b = u64(edges.column("a")), u64(edges.column("b"))
    nodes = np.unique(np.concatenate([a, b]))
    if len(nodes) == 0:
        return
    ia, ib = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
    scores = np.empty(len(nodes), dtype=np.float64)
    scores[ia], scores[ib] = edges.column("score_a").to_numpy(), edges.column("score_b").to_numpy()
    del edges, tables, a, b
    labels = connected_components(ia, ib, len(nodes))
    best = survivors(labels, scores, nodes)
    size = np.bincount(labels, minlength=len(nodes))[labels]
    removed = best != np.arange(len(nodes))
    est = np.full(len(nodes), np.nan)
    jac = np.full(len(nodes), np.nan)
    est[removed] = similarity(fs, work, nodes[removed], nodes[best[removed]])
    if verify == "exact":
        jac[removed] = similarity(fs, work, nodes[removed], nodes[best[removed]], exact=True)
    ids = _lookup_ids(fs, spills, nodes)
    cluster = np.array(["m" + xxhash.xxh3_64_hexdigest(ids[i].encode()) for i in best.tolist()], dtype=object)
    shard_of, rows = split_keys(nodes)
    for s in spills:
        mask = np.flatnonzero(shard_of == s.index)
        if not len(mask):
            continue
        table = pa.table(
            {
                "shard": pa.array(np.full(len(mask), s.index), pa.int32()),
                "id": pa.array([ids[i] for i in mask.tolist()], pa.string()),
                "row": pa.array(rows[mask], pa.int64()),
                "removed": pa.array(removed[mask]),
                "duplicate_of": pa.array([ids[best[i]] if removed[i] else None for i in mask.tolist()], pa.string()),
                "cluster": pa.array(cluster[mask].tolist(), pa.string()),
                "size": pa.array(size[mask], pa.int64()),
                "jaccard_est": pa.array(est[mask], pa.float64()),
                "jaccard": pa.array(jac[mask], pa.float64()),
            },
            schema=base.DECISION_SCHEMA,
        )
        base.write_table(fs, base.join(work, "decisions", base.shard_file(s.shard)), table)


def _lookup_ids(fs: Any, spills: list[base.ShardSpill], nodes: np.ndarray) -> list[str]:
    """Ids of the given doc keys, reading one shard's id column at a time."""
    shard_of, rows = split_keys(nodes)
    ids: list[str] = [""] * len(nodes)
    by_index = {s.index: s for s in spills}
    for s in np.unique(shard_of).tolist():
        column = base.read_spill(fs, by_index[s].path, SPILL_SCHEMA, ["id"]).column("id")
        idx = np.flatnonzero(shard_of == s)
        for i, value in zip(idx.tolist(), column.take(pa.array(rows[idx])).to_pylist()):
            ids[i] = value
    return ids
