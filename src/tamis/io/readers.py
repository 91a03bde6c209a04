"""Readers: one shard in, Documents out.

A reader never raises on bad input. What it cannot turn into a document it yields as an
``Unreadable`` record (a JSON line that does not parse, binary junk, an oversized text, the
unreadable rest of a truncated gzip), which the runner quarantines with the reason. That is how
"nothing is lost" holds even for broken files.
"""

from __future__ import annotations

import gzip
import io
import lzma
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import zstandard

from tamis.config import ReaderConfig
from tamis.document import Document
from tamis.io.bzxz import kind_of, open_strict
from tamis.io.httpbody import decode_html, decode_utf8
from tamis.io.jsonrecords import metadata_field, parse_record
from tamis.io.paths import filesystem
from tamis.io.sniff import STREAM_MAGIC, looks_binary, opens_json_array, text_by_bom, utf8_size_over
from tamis.io.zstdcheck import ZstdReader
from tamis.run.plan import Shard, is_compressed

# Errors that may mean "the compressed stream is broken here"; everything read before it stands.
# OSError is here because decompressors raise it plainly ("Invalid data stream"); ``storage_failure``
# tells those from the storage failing, which must not be recorded as broken data.
STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, zlib.error, gzip.BadGzipFile, OSError, zstandard.ZstdError,
                                                   lzma.LZMAError)
# what a missing or unreadable file raises: the file is quarantined, a rerun would not read it either
FILE_ERRORS = (gzip.BadGzipFile, PermissionError, FileNotFoundError, IsADirectoryError, NotADirectoryError)


def storage_failure(err: BaseException) -> bool:
    """Whether a read error comes from the storage (a reset connection, a timeout, a disk's EIO)
    rather than from the bytes. The reader then lets it fail the shard, uncommitted, so that a
    rerun reads the file again: recording it as a broken stream would commit the shard and lose
    the rest of the file for good. Decompressors raise ``OSError`` without an errno, or their own
    errors; the storage raises an ``OSError`` subclass or one with an errno.

    >>> storage_failure(OSError("Invalid data stream")), storage_failure(EOFError("ended early"))
    (False, False)
    >>> storage_failure(ConnectionResetError()), storage_failure(OSError(5, "Input/output error"))
    (True, True)
    >>> storage_failure(PermissionError(13, "denied"))
    False
    """
    if not isinstance(err, OSError) or isinstance(err, FILE_ERRORS):
        return False
    return type(err) is not OSError or err.errno is not None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input record that could not become a Document; it is quarantined with ``reason``."""

    id: str
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)
    # True when the rest of the shard could not be read (truncated stream): the shard is partial.
    ends_shard: bool = False
    # True when content was lost though the rest of the shard was read (a file that could not be
    # opened or read to its end): the shard is partial too, so that the run does not exit 0.
    lost: bool = False


Item = Document | Unreadable


def lost_file(name: str, err: BaseException) -> Unreadable:
    """A file that could not be opened or read (a dangling link, no permission): what it held is
    lost, so its shard is partial, and the other files are read."""
    return Unreadable(name, "unreadable_file", {"error": type(err).__name__, "message": str(err), "path": name},
                      lost=True)




def make_document(doc_id: str, raw: bytes | str, source: dict[str, Any], cfg: ReaderConfig,
                  meta: dict[str, Any] | None = None) -> Item:
    """Shared checks for every reader: size limit, binary junk, invalid UTF-8."""
    size = len(raw) if isinstance(raw, bytes) else utf8_size_over(raw, cfg.max_doc_bytes)
    if size > cfg.max_doc_bytes:
        return Unreadable(doc_id, "too_large", {"bytes": size, "limit": cfg.max_doc_bytes, **source})
    if isinstance(raw, bytes):
        if looks_binary(raw):
            return Unreadable(doc_id, "binary", {"bytes": size, **source})
        text, bad = decode_utf8(raw)
    else:
        text, bad = raw, 0
    # "location" (not "source") so a field named source in the input survives; an input field
    # named location survives too, and the reader's note then goes under "tamis_location"
    meta = meta or {}
    metadata: dict[str, Any] = {**meta, ("tamis_location" if "location" in meta else "location"): source}
    if bad:
        metadata["decode_errors"] = bad
    return Document(doc_id, text, metadata)


def read_shard(shard: Shard, cfg: ReaderConfig) -> Iterator[Item]:
    if shard.format in ("txt", "html"):
        yield from _read_files(shard, cfg)
    elif shard.format == "jsonl":
        yield from _read_jsonl(shard, cfg)
    elif shard.format == "parquet":
        yield from _read_parquet(shard, cfg)
    elif shard.format == "warc":
        from tamis.io.warc import read_warc

        yield from read_warc(shard, cfg)
    else:  # plan_shards only produces the formats above
        raise ValueError(f"no reader for format {shard.format!r}")


def _read_files(shard: Shard, cfg: ReaderConfig) -> Iterator[Item]:
    """One document per file; the id is the file's path as the user named it."""
    for url, name in shard.files:
        fs, path = filesystem(url)
        source = {"path": name}
        try:
            size = fs.size(path) or 0
            if size > cfg.max_doc_bytes:  # do not read a huge file only to reject it
                yield Unreadable(name, "too_large", {"bytes": size, "limit": cfg.max_doc_bytes, **source})
                continue
            with open_decompressed(fs, path) as fh:
                raw = fh.read(cfg.max_doc_bytes + 1)
        except STREAM_ERRORS as err:
            if storage_failure(err):
                raise
            yield lost_file(name, err)
            continue
        if not raw.strip():
            yield Unreadable(name, "empty_file", source)
            continue
        meta = {"content_type": "text/html"} if shard.format == "html" else {}
        decoded = text_by_bom(raw) if len(raw) <= cfg.max_doc_bytes else None
        if decoded is not None:
            text, bad = decoded
            if not text.strip():  # a byte order mark and nothing else
                yield Unreadable(name, "empty_file", source)
                continue
            yield make_document(name, text, source, cfg, {**meta, **({"decode_errors": bad} if bad else {})})
            continue
        if shard.format == "html" and len(raw) <= cfg.max_doc_bytes and not looks_binary(raw):
            # a page saved in its own encoding says so in its meta tag (or the bytes do)
            text, bad = decode_html(raw)
            yield make_document(name, text, source, cfg, {**meta, **({"decode_errors": bad} if bad else {})})
            continue
        yield make_document(name, raw, source, cfg, meta)


def open_decompressed(fs: Any, path: str) -> Any:
    """The file, decompressed as its suffix says. zstd, bz2 and xz are ours (``ZstdReader``,
    ``open_strict``): fsspec's zstd reads one frame's worth quietly when the file is cut, and takes
    ``.zstd`` for uncompressed; Python's bz2 and xz files end quietly at a damaged stream."""
    low = path.lower()
    if low.endswith((".zst", ".zstd")):
        # a small buffer in front gives it readline(size), and keeps what a truncated stream loses
        # at its break to one buffer's worth
        return io.BufferedReader(ZstdReader(fs.open(path, "rb")), buffer_size=1 << 16)
    if kind := kind_of(path):
        return open_strict(fs.open(path, "rb"), kind)
    return fs.open(path, "rb", compression="infer")


def _open_lines(shard: Shard, url: str) -> tuple[Any, int]:
    fs, path = filesystem(url)
    raw = open_decompressed(fs, path)
    if shard.start:
        raw.seek(shard.start - 1)
        # A line that began before our range belongs to the previous shard: skip to its end.
        raw.readline()
        return raw, raw.tell()
    return raw, 0


# A JSON line longer than this many times ``max_doc_bytes`` is over the limit however it is
# escaped, and is skipped unread: a text of ``max_doc_bytes`` written as escapes ("\u4e2d" for
# the three bytes of "中", "\u0001" for one) takes up to six times as many bytes
_ESCAPED = 6


def _read_jsonl(shard: Shard, cfg: ReaderConfig) -> Iterator[Item]:
    (url, name), = shard.files
    compressed = is_compressed(name)
    try:
        fh, offset = _open_lines(shard, url)
    except STREAM_ERRORS as err:  # a dangling link, a file gone since the listing, a bad gzip header
        if storage_failure(err):
            raise
        yield lost_file(name, err)
        return
    line_no = 0
    seen = False  # any record, good or bad
    with fh:
        while shard.stop is None or offset < shard.stop:
            try:
                line = fh.readline(cfg.max_doc_bytes * _ESCAPED + 1)
            except STREAM_ERRORS as err:
                if storage_failure(err):
                    raise
                if line_no == 0 and not shard.start and not _starts_as_stream(url, name):
                    # gzip and its kin check a file's header on the first read, not on opening:
                    # a file that is no such stream at all is unreadable as a whole, under its
                    # name; one that starts as its format does and breaks (or is cut) before its
                    # first line ends is a corrupt stream
                    yield lost_file(name, err)
                    return
                yield Unreadable(f"{name}#rest-after-line-{line_no}", "corrupt_stream",
                                 {"path": name, "line": line_no + 1, "error": type(err).__name__, "message": str(err)}, True)
                return
            if not line:
                break
            line_no += 1
            # Compressed streams cannot be split, so their position is the line number.
            loc = f"#{line_no}" if compressed else f"@{offset}"
            start = offset
            offset += len(line)
            if len(line) > cfg.max_doc_bytes * _ESCAPED and not line.endswith(b"\n"):
                # Over-long line: skip the rest of it without holding it in memory.
                skipped = len(line)
                while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
                    skipped += len(chunk)
                skipped += len(chunk)
                offset += skipped - len(line)
                seen = True
                yield Unreadable(f"{name}{loc}", "too_large", {"path": name, "offset": start, "bytes": skipped})
                continue
            if not line.strip():
                continue
            if not seen and not shard.start and opens_json_array(line):
                # a .json file holding one JSON array: read line by line it was one bad_json
                # record (or one per line, pretty-printed) and a run that "accounted for" them all
                yield Unreadable(name, "json_array", {"path": name, "message": "a JSON array, not JSON Lines (one object "
                                 "per line); convert it first, e.g. jq -c '.[]' FILE > FILE.jsonl"}, lost=True)
                return
            seen = True
            source = {"path": name, "offset": start} if not compressed else {"path": name, "line": line_no}
            yield _json_record(line, f"{name}{loc}", source, cfg)
        # A whole file with no record: one quarantine record, so that it is accounted for. A file
        # split into shards has it from its first shard, when the rest of the file is blank too
        # (read to its first other byte: the later shards read their parts again)
        blank = not seen and shard.start == 0 and (shard.stop is None or _blank_rest(fh))
    if blank:
        yield Unreadable(name, "empty_file", {"path": name})


def _starts_as_stream(url: str, name: str) -> bool:
    """Whether a compressed file begins as its format does, so that an error on its first read
    is damage inside the stream, not a file of another kind under that suffix."""
    magic = next((m for suffix, m in STREAM_MAGIC.items() if name.lower().endswith(suffix)), None)
    if magic is None:
        return False
    fs, path = filesystem(url)
    try:
        with fs.open(path, "rb") as fh:
            return fh.read(len(magic)) == magic
    except OSError:
        return False


def _blank_rest(fh: Any) -> bool:
    """Whether the rest of an open file is white space only."""
    try:
        while chunk := fh.read(1 << 20):
            if chunk.strip():
                return False
    except STREAM_ERRORS as err:  # the later shard that reads that part reports it
        if storage_failure(err):
            raise
        return False
    return True


def _json_record(line: bytes, fallback_id: str, source: dict[str, Any], cfg: ReaderConfig) -> Item:
    record, bad, problem = parse_record(line)
    if problem is not None:
        reason, message = problem
        return Unreadable(fallback_id, reason, {**source, "error": message})
    if not isinstance(record, dict):
        return Unreadable(fallback_id, "bad_json", {**source, "error": "line is not a JSON object"})
    present = cfg.text_field in record
    text = record.pop(cfg.text_field, None)
    if not isinstance(text, str):
        rid = record.get(cfg.id_field)  # the record's own id, so that ``tamis explain`` finds it by it
        return _no_text(str(rid) if rid is not None else fallback_id, present, text, record, source, cfg)
    doc_id = record.pop(cfg.id_field, None)
    doc_id = str(doc_id) if doc_id is not None else fallback_id
    meta = {**metadata_field(record.pop("metadata", None)), **record}
    if bad:
        meta["decode_errors"] = bad
    return make_document(doc_id, text, source, cfg, meta)


def _no_text(doc_id: str, present: bool, value: Any, record: dict[str, Any], source: dict[str, Any],
             cfg: ReaderConfig) -> Unreadable:
    """A record whose text field is missing (``no_text_field``, with the fields it has) or holds
    something other than a string (``text_not_string``: null, a number, a list)."""
    if not present:
        return Unreadable(doc_id, "no_text_field", {**source, "field": cfg.text_field, "fields": sorted(record)[:20]})
    return Unreadable(doc_id, "text_not_string", {**source, "field": cfg.text_field, "type": type(value).__name__})


def parquet_broken(err: BaseException) -> bool:
    """Whether a pyarrow error means the file is broken (not a storage error worth a retry).

    pyarrow reports a bad footer or page as ArrowInvalid or as a plain OSError ("Couldn't
    deserialize thrift"); storage trouble comes as an OSError subclass (FileNotFoundError,
    ConnectionError, ...), which fails the shard so that a rerun retries it.

    >>> parquet_broken(OSError("Couldn't deserialize thrift")), parquet_broken(ConnectionError())
    (True, False)
    """
    import pyarrow as pa

    return isinstance(err, pa.ArrowException) or type(err) is OSError


def _read_parquet(shard: Shard, cfg: ReaderConfig) -> Iterator[Item]:
    import pyarrow.parquet as pq

    (url, name), = shard.files
    fs, path = filesystem(url)
    whole = shard.start == 0 and shard.stop is None
    try:
        empty = whole and not fs.size(path)
        fh = fs.open(path, "rb")
    except FILE_ERRORS as err:  # a dangling link, a file gone since the listing
        yield lost_file(name, err)
        return
    if empty:
        fh.close()
        yield Unreadable(name, "empty_file", {"path": name})
        return
    with fh:
        try:
            pf = pq.ParquetFile(fh)
        except (ValueError, OSError) as err:
            if not parquet_broken(err):
                raise
            # Nothing in it can be read or counted: the shard is partial, like a cut stream.
            message = str(err)
            if is_compressed(name):  # ".parquet.gz": pyarrow's "magic bytes" message would not say why
                message = f"a Parquet file inside a {name.rsplit('.', 1)[-1]} stream: decompress it first (Parquet compresses its own pages); {message}"
            yield Unreadable(name, "corrupt_file", {"path": name, "error": type(err).__name__, "message": message}, True)
            return
        if shard.start == 0 and pf.metadata.num_rows == 0:
            yield Unreadable(name, "empty_file", {"path": name})
            return
        row = sum(pf.metadata.row_group(i).num_rows for i in range(shard.start))
        for rg in range(shard.start, shard.stop if shard.stop is not None else pf.num_row_groups):
            try:
                records = pf.read_row_group(rg).to_pylist()
            except (ValueError, OSError) as err:
                if not parquet_broken(err):
                    raise
                # One broken row group: its rows are lost (counted in the detail), the others are read.
                rows = pf.metadata.row_group(rg).num_rows
                yield Unreadable(f"{name}#row-group-{rg}", "corrupt_stream",
                                 {"path": name, "row_group": rg, "rows": rows, "first_row": row,
                                  "error": type(err).__name__, "message": str(err)}, True)
                row += rows
                continue
            for record in records:
                source = {"path": name, "row": row}
                row += 1
                present = cfg.text_field in record
                text = record.pop(cfg.text_field, None)
                if not isinstance(text, str):
                    rid = record.get(cfg.id_field)
                    yield _no_text(str(rid) if rid is not None else f"{name}#{row - 1}", present, text, record, source, cfg)
                    continue
                doc_id = record.pop(cfg.id_field, None)
                meta = {**metadata_field(record.pop("metadata", None)), **record}
                yield make_document(str(doc_id) if doc_id is not None else f"{name}#{row - 1}", text, source, cfg, meta)


__all__ = ["Item", "Unreadable", "read_shard", "looks_binary", "FILE_ERRORS"]
