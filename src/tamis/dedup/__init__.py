"""Deduplication in bounded memory: exact, near-duplicate (MinHash LSH) and repeated lines.

Steps (``GlobalStep``: observe every shard, resolve once, then apply per shard):

- ``exact_dedup`` (:mod:`tamis.dedup.exact`): equal normalised texts (xxh3-128).
- ``minhash_dedup`` (:mod:`tamis.dedup.near`): Jaccard similarity of shingle sets above a
  threshold, via MinHash signatures (:mod:`tamis.dedup.minhash`), LSH bands, checked candidate
  pairs and union-find clusters (:mod:`tamis.dedup.components`).
- ``line_dedup`` (:mod:`tamis.dedup.lines`): cc_net-style removal of lines that recur in many
  documents of the corpus or of one site; with ``action: label`` it only records them, as
  evidence for the extraction labeller (:mod:`tamis.extract.site`).

Every removed document names the survivor it duplicates (``Drop.duplicate_of``, the ledger's
``duplicate_of`` column) and its cluster id; near-duplicates also carry the estimated (and, when
verified, exact) Jaccard similarity to that survivor. Which member survives is the keep policy
(:mod:`tamis.dedup.keep`): first in input order, longest, or highest value of a metadata field.

Out of core: no step holds the corpus in a dict. Group-bys are external, through hash partitions
written as Parquet and sorted per partition with numpy (:mod:`tamis.dedup.shuffle`). Every task
of a resolve is an independent, picklable function run through ``ctx.executor.map`` whose output
is written atomically and skipped when present, so a resolve resumes where it stopped.

Scaling out with Ray: the per-shard map tasks and the per-partition reduce tasks are exactly the
two sides of a sort-based shuffle keyed by band key (or text hash, or line hash). With ``ctx.fs``
on shared storage (S3, GCS, NFS), a Ray executor runs map tasks where the shards are, and reduce
task ``p`` reads only the row groups of partition ``p`` from each map file; no task needs more
than one shard or one partition in memory. The only central step is union-find over the checked
candidate pairs of ``minhash_dedup`` (memory proportional to the number of near-duplicate
documents, not to the corpus); see :mod:`tamis.dedup.near` for how it would be distributed too.
"""
