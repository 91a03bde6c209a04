"""Where a run puts things under its output folder. One place, so nobody guesses paths.

    OUT/data/<shard>.jsonl.gz       kept documents (the dataset)
    OUT/ledger/s<stage>-<shard>.parquet   one record per input document, over all parts
    OUT/summary.json                counts, per-shard status, config hash
    OUT/_run.json                   the config and input files, checked when a run resumes; the report reads it
    OUT/_done/s<stage>/<shard>.json commit marker of a shard (written last)
    OUT/_work/s<stage>/...          intermediate documents and spills between global steps
    OUT/_tmp/                       files being written; renamed into place when complete,
                                    and cleared when a run (re)starts
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    root: str  # path without protocol, for the fs that owns it

    def data(self, shard: str, ext: str) -> str:
        return f"{self.root}/data/{shard}{ext}"

    def ledger_dir(self) -> str:
        return f"{self.root}/ledger"

    def ledger(self, stage: int, shard: str) -> str:
        return f"{self.root}/ledger/s{stage}-{shard}.parquet"

    def marker(self, stage: int, shard: str) -> str:
        return f"{self.root}/_done/s{stage}/{shard}.json"

    def marker_dir(self, stage: int) -> str:
        return f"{self.root}/_done/s{stage}"

    def intermediate(self, stage: int, shard: str) -> str:
        return f"{self.root}/_work/s{stage}/docs/{shard}.parquet"

    def spill(self, stage: int, shard: str) -> str:
        return f"{self.root}/_work/s{stage}/spill/{shard}.parquet"

    def global_dir(self, stage: int) -> str:
        return f"{self.root}/_work/s{stage}/global"

    def resolved(self, stage: int) -> str:
        return f"{self.root}/_work/s{stage}/global/_resolved"

    def tmp(self, final_path: str, tag: str) -> str:
        """A temporary name for ``final_path``, outside the folders users glob."""
        return f"{self.root}/_tmp/{tag}-{final_path[len(self.root) + 1:].replace('/', '_')}"

    def tmp_dir(self) -> str:
        return f"{self.root}/_tmp"

    def summary(self) -> str:
        return f"{self.root}/summary.json"

    def run_file(self) -> str:
        return f"{self.root}/_run.json"
