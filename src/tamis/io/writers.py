"""Writers: Documents into dataset shards that ``datasets.load_dataset`` reads as they are.

Output is byte-for-byte deterministic for the same documents (gzip mtime is fixed at 0), so a
rerun, a resumed run and a Ray run can be compared file by file.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tamis.config import WriterConfig
from tamis.document import Document
from tamis.io.plainjson import metadata_json


def extension(cfg: WriterConfig) -> str:
    return {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "jsonl.zst": ".jsonl.zst", "parquet": ".parquet"}[cfg.format]


# A document and its metadata as JSON text (``plainjson.metadata_json``): the runner serialises
# the metadata once, before the ledger counts the document kept, and the writer writes that text
Prepared = tuple[Document, str]


def _row(item: Prepared, cfg: WriterConfig) -> dict[str, Any]:
    doc, metadata = item
    row: dict[str, Any] = {cfg.id_field: doc.id, cfg.text_field: doc.text}
    if cfg.metadata_field:
        row[cfg.metadata_field] = metadata if cfg.metadata_as_json else json.loads(metadata)
    return row


def write_documents(fh: Any, docs: Iterable[Document], cfg: WriterConfig) -> int:
    """Write to an open binary file; returns the number of documents written."""
    return write_prepared(fh, ((doc, metadata_json(doc.metadata)) for doc in docs), cfg)


def write_prepared(fh: Any, docs: Iterable[Prepared], cfg: WriterConfig) -> int:
    """``write_documents`` of documents whose metadata is serialised already."""
    if cfg.format == "parquet":
        return _write_parquet(fh, docs, cfg)
    if cfg.format == "jsonl.gz":
        with gzip.GzipFile(filename="", fileobj=fh, mode="wb", compresslevel=3, mtime=0) as gz:
            return _write_jsonl(gz, docs, cfg)
    if cfg.format == "jsonl.zst":
        import zstandard

        with zstandard.ZstdCompressor(level=3).stream_writer(fh, closefd=False) as zf:
            return _write_jsonl(zf, docs, cfg)
    return _write_jsonl(fh, docs, cfg)


def _write_jsonl(fh: Any, docs: Iterable[Prepared], cfg: WriterConfig) -> int:
    n = 0
    for item in docs:
        fh.write(json.dumps(_row(item, cfg), ensure_ascii=False).encode("utf-8"))
        fh.write(b"\n")
        n += 1
    return n


def _write_parquet(fh: Any, docs: Iterable[Prepared], cfg: WriterConfig, batch: int = 2000) -> int:
    # Metadata is always a JSON string here: documents carry different label sets, and a struct
    # column would need one schema for all of them.
    fields = [(cfg.id_field, pa.string()), (cfg.text_field, pa.string())]
    if cfg.metadata_field:
        fields.append((cfg.metadata_field, pa.string()))
    schema = pa.schema(fields)
    n = 0
    with pq.ParquetWriter(fh, schema, compression="zstd") as writer:
        rows: list[Prepared] = []
        for item in docs:
            rows.append(item)
            if len(rows) >= batch:
                writer.write_table(_table(rows, schema, cfg))
                n += len(rows)
                rows = []
        if rows:  # an empty shard gets no row group: datasets' parquet loader refuses one of 0 rows
            writer.write_table(_table(rows, schema, cfg))
            n += len(rows)
    return n


def _table(rows: list[Prepared], schema: pa.Schema, cfg: WriterConfig) -> pa.Table:
    cols = [[d.id for d, _ in rows], [d.text for d, _ in rows]]
    if cfg.metadata_field:
        cols.append([metadata for _, metadata in rows])
    return pa.table(cols, schema=schema)


def read_output(fh: Any, cfg: WriterConfig) -> Iterator[dict[str, Any]]:
    """Rows of one output shard, metadata decoded whichever way it was written."""
    for row in _rows(fh, cfg):
        if cfg.metadata_field and isinstance(row.get(cfg.metadata_field), str):
            row[cfg.metadata_field] = json.loads(row[cfg.metadata_field])
        yield row


def _rows(fh: Any, cfg: WriterConfig) -> Iterator[dict[str, Any]]:
    if cfg.format == "parquet":
        yield from pq.read_table(fh).to_pylist()
        return
    if cfg.format == "jsonl.gz":
        fh = gzip.GzipFile(fileobj=fh, mode="rb")
    elif cfg.format == "jsonl.zst":
        import zstandard

        fh = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(fh))
    for line in fh:
        if line.strip():
            yield json.loads(line)
