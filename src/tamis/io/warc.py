"""WARC and WET through fastwarc.

Response records carry HTML: the document text is the decoded HTML and ``content_type`` says so,
so the HTML extraction step knows to run. WET ``conversion`` records are already plain text.
Some WET files in the wild (cc_net's test data, hand-made samples) use bare LF line ends, which
fastwarc rejects as not WARC; for those we fall back to a small lenient parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastwarc.warc import ArchiveIterator, WarcRecordType
from resiliparse.parse.encoding import bytes_to_str, detect_encoding

from tamis.config import ReaderConfig
from tamis.io.paths import filesystem
from tamis.io.readers import STREAM_ERRORS, Item, Unreadable, make_document
from tamis.run.plan import Shard

# Pages only: requests, metadata and resource records (crawler logs, manifests) are not documents.
_TYPES = WarcRecordType.response | WarcRecordType.conversion


def strip_brackets(value: str) -> str:
    """WARC 1.0 writes URIs and record ids as ``<uri>``, WARC 1.1 bare; we keep them bare.

    >>> strip_brackets("<https://allenai.org/>"), strip_brackets("https://a.example/x")
    ('https://allenai.org/', 'https://a.example/x')
    """
    value = value.strip()
    return value[1:-1].strip() if value.startswith("<") and value.endswith(">") else value


def read_warc(shard: Shard, cfg: ReaderConfig) -> Iterator[Item]:
    (url, name), = shard.files
    fs, path = filesystem(url)
    count = 0
    saw_warc = False
    with fs.open(path, "rb") as fh:
        try:
            for record in ArchiveIterator(fh, record_types=_TYPES | WarcRecordType.warcinfo, parse_http=True):
                saw_warc = True
                if record.record_type == WarcRecordType.warcinfo:
                    continue
                count += 1
                yield _record_document(record, name, count, cfg)
        except STREAM_ERRORS as err:
            yield Unreadable(f"{name}#rest-after-record-{count}", "corrupt_stream",
                             {"path": name, "record": count, "error": type(err).__name__, "message": str(err)}, True)
            return
    if not saw_warc:
        with fs.open(path, "rb", compression="infer") as fh:
            yield from _lenient_wet(fh, name, cfg)


def _record_document(record: Any, name: str, index: int, cfg: ReaderConfig) -> Item:
    uri = strip_brackets(record.headers.get("WARC-Target-URI") or "")
    doc_id = strip_brackets(record.headers.get("WARC-Record-ID") or "") or f"{name}#{index}"
    source = {"path": name, "record": index, "url": uri, "date": record.headers.get("WARC-Date")}
    if record.content_length > cfg.max_doc_bytes:
        return Unreadable(doc_id, "too_large", {"bytes": record.content_length, **source})
    body = record.reader.read(cfg.max_doc_bytes + 1)
    if record.record_type == WarcRecordType.conversion:
        return make_document(doc_id, body, source, cfg, {"url": uri})
    ctype = (record.http_headers.get("Content-Type") if record.http_headers else None) or ""
    if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text")):
        return Unreadable(doc_id, "not_text", {"content_type": ctype, **source})
    if not body.strip():
        return Unreadable(doc_id, "empty_record", source)
    # HTML declares its own charset more often than not; resiliparse reads it and the bytes.
    text = bytes_to_str(body, detect_encoding(body))
    return make_document(doc_id, text, source, cfg, {"url": uri, "content_type": "text/html"})


def _lenient_wet(fh: Any, name: str, cfg: ReaderConfig) -> Iterator[Item]:
    """Parse ``WARC/1.0`` records whose lines end in LF; lengths come from Content-Length."""
    index = 0
    seen: set[str] = set()
    while True:
        line = fh.readline()
        if not line:
            return
        if not line.startswith(b"WARC/"):
            continue
        headers: dict[str, str] = {}
        while (line := fh.readline()) and line.strip():
            key, _, value = line.decode("utf-8", "replace").partition(":")
            headers[key.strip().lower()] = value.strip()
        try:
            length = int(headers.get("content-length", "0"))
        except ValueError:
            length = 0
        body = fh.read(length)
        if headers.get("warc-type") not in ("conversion", "response", "resource"):
            continue
        index += 1
        uri = strip_brackets(headers.get("warc-target-uri", ""))
        doc_id = strip_brackets(headers.get("warc-record-id", "")) or f"{name}#{index}"
        if doc_id in seen:  # hand-made samples reuse record ids; position keeps ours unique
            doc_id = f"{name}#{index}"
        seen.add(doc_id)
        source = {"path": name, "record": index, "url": uri, "date": headers.get("warc-date")}
        yield make_document(doc_id, body, source, cfg, {"url": uri})
