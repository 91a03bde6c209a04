"""WARC and WET through fastwarc.

Response records carry HTML or plain text: the document text is the decoded body and
``content_type`` says which (``text/html`` or ``text/plain``), so the HTML extraction step runs
on pages only. Any other type (CSS, scripts, images, ...) is quarantined as ``not_text``; a body
of no useful type is sniffed (``tamis.io.sniff``). WET ``conversion`` records are already plain
text.
Some WET files in the wild (cc_net's test data, hand-made samples) use bare LF line ends, which
fastwarc rejects as not WARC; for those we fall back to a small lenient parser, which hands its
records to the same body handling (HTTP status, type, charset, codings) and skips the same types.

A cut file must not pass for a short one. fastwarc's gzip reader stops quietly at a cut member,
so after it a gzip file is checked to end cleanly (``tamis.io.gzcheck``: usually one record's
worth of inflating). An uncompressed file cut inside its last record shows up as a record shorter
than its ``Content-Length``, or with no ``Content-Length`` at all (header cut). Either way the
rest of the shard is quarantined as ``corrupt_stream`` and the shard is partial, as for JSONL.
A ``Content-Length`` too long shows up the same way: fastwarc finds no record where it ends.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

from fastwarc.warc import ArchiveIterator, WarcRecordType

from tamis.config import ReaderConfig
from tamis.io.bzxz import StrictDecompressReader, kind_of
from tamis.io.gzcheck import Unread, check_gzip
from tamis.io.httpbody import decode_body, decode_html, parse_http_head
from tamis.io.paths import filesystem
from tamis.io.readers import (STREAM_ERRORS, Item, Unreadable, looks_binary, lost_file, make_document, open_decompressed,
                               storage_failure)
from tamis.io.sniff import GENERIC_TYPES, is_binary, looks_like_page, looks_xml, media_type, type_kind
from tamis.run.plan import Shard

# Pages only: requests, metadata and resource records (crawler logs, manifests) are not documents.
_TYPES = WarcRecordType.response | WarcRecordType.conversion
_GZIP = b"\x1f\x8b"


def strip_brackets(value: str) -> str:
    """WARC 1.0 writes URIs and record ids as ``<uri>``, WARC 1.1 bare; we keep them bare.

    >>> strip_brackets("<https://allenai.org/>"), strip_brackets("https://a.example/x")
    ('https://allenai.org/', 'https://a.example/x')
    """
    value = value.strip()
    return value[1:-1].strip() if value.startswith("<") and value.endswith(">") else value


def _open_archive(fs: Any, path: str) -> Any:
    """The file as fastwarc should read it. fastwarc undoes gzip, lz4 and zstd by their magic
    bytes; ``.bz2`` and ``.xz`` are decompressed by tamis first (``bzxz.kind_of``; a cut or damaged
    stream raises EOFError, OSError or LZMAError, which the readers treat as a broken stream).
    Unbuffered: a buffer in front would drop the records it had read when the error came."""
    kind = kind_of(path)
    return StrictDecompressReader(fs.open(path, "rb"), kind) if kind else fs.open(path, "rb")


def _open_plain(stack: ExitStack, fs: Any, path: str) -> Any:
    """The file decompressed if it is gzip (by magic bytes, as fastwarc decides), for the
    lenient parser; Python's gzip raises EOFError at a cut member."""
    if kind_of(path):  # buffered, for readline; and gzip inside bz2 is no format
        return stack.enter_context(open_decompressed(fs, path))
    fh = stack.enter_context(_open_archive(fs, path))
    head = fh.read(2)
    fh.seek(0)
    return stack.enter_context(gzip.GzipFile(fileobj=fh, mode="rb")) if head == _GZIP else fh


def _cut(name: str, count: int, message: str, error: str = "Truncated") -> Unreadable:
    return Unreadable(f"{name}#rest-after-record-{count}", "corrupt_stream",
                      {"path": name, "record": count, "error": error, "message": message}, True)


def read_warc(shard: Shard, cfg: ReaderConfig) -> Iterator[Item]:
    (url, name), = shard.files
    fs, path = filesystem(url)
    try:
        fh = _open_archive(fs, path)
    except STREAM_ERRORS as err:  # a dangling link, a file gone or unreadable since the listing
        if storage_failure(err):
            raise
        yield lost_file(name, err)
        return
    count = 0
    saw_warc = False
    last_at = 0
    # The last document read, held until fastwarc has read what follows it: if that is no record,
    # its Content-Length ran past its end, and a record found inside its body is not its text.
    held: tuple[Item, Item | None] | None = None
    with fh:
        is_gzip = False
        try:
            if not kind_of(path):
                is_gzip = fh.read(2) == _GZIP
                fh.seek(0)
            # HTTP heads are parsed per record (``_record_document``), in fastwarc's quirks mode;
            # the iterator's own quirks mode would also read LF-only WARC heads, whose hand-made
            # lengths ``_fallback`` reads more leniently
            for record in ArchiveIterator(fh, parse_http=False):
                if "Content-Length" not in record.headers:
                    if not saw_warc:  # LF-only files read as one headless record
                        break
                    if held:
                        yield held[1] or held[0]
                    yield _cut(name, count, f"a record after record {count} has no Content-Length (header cut short)")
                    return
                if held:
                    yield held[0]  # a record follows it where its length says: read as it says
                    held = None
                saw_warc = True
                last_at = record.stream_pos
                if record.record_type & _TYPES:
                    item, complete, overrun = _record_document(record, name, count + 1, cfg)
                else:
                    item, complete, overrun = None, record.reader.consume() >= record.content_length, None
                if not complete:
                    yield _cut(name, count, f"the record after record {count} is cut short (of {record.content_length} bytes)")
                    return
                if item is not None:
                    count += 1
                    held = (item, overrun)
        except STREAM_ERRORS as err:
            if storage_failure(err):
                raise
            if saw_warc:
                if held:  # what follows the last record is no record: its length may be wrong
                    yield held[1] or held[0]
                yield _cut(name, count, str(err), type(err).__name__)
                return
    if held:
        yield held[0]
    if is_gzip and saw_warc:
        try:
            with fs.open(path, "rb") as fh:
                check_gzip(fh, last_at)
        except (*STREAM_ERRORS, Unread) as err:
            if storage_failure(err):
                raise
            yield _cut(name, count, str(err), type(err).__name__)
        return
    if not saw_warc:
        yield from _fallback(fs, path, name, cfg)


# Where a record's block runs into the next record (its Content-Length too long): a version line
# after a blank line, then header lines, one of them a WARC field. Only trusted when fastwarc
# cannot read a record where the length ends: a page may quote a record (a text/plain sample
# .warc, a page about the format), and a valid file is never cut.
_NEXT_RECORD = re.compile(rb"\r?\n\r?\nWARC/\d+\.\d+\r?\n(?:[^\r\n:]{1,64}:[^\r\n]*\r?\n){0,30}?"
                          rb"WARC-(?:Type|Record-ID|Date|Target-URI):", re.IGNORECASE)


def next_record_at(body: bytes) -> int | None:
    """Where another WARC record may start inside ``body``, or None.

    >>> next_record_at(b"<p>hi</p>\\r\\n\\r\\nWARC/1.0\\r\\nWARC-Type: response\\r\\n")
    9
    >>> next_record_at(b"<p>The format starts with\\n\\nWARC/1.0\\nand then headers.</p>") is None
    True
    """
    found = _NEXT_RECORD.search(body) if b"WARC/" in body else None
    return found.start() if found else None


def _record_document(record: Any, name: str, index: int, cfg: ReaderConfig) -> tuple[Item, bool, Item | None]:
    """The record as an item, whether its body was all there (a cut file ends mid-body), and
    the item it would be if its Content-Length ran into the next record (the body cut where a
    record starts inside it; None if none does). The reader picks one once it has seen what
    follows the record."""
    uri = strip_brackets(record.headers.get("WARC-Target-URI") or "")
    doc_id = strip_brackets(record.headers.get("WARC-Record-ID") or "") or f"{name}#{index}"
    source = {"path": name, "record": index, "url": uri, "date": record.headers.get("WARC-Date")}
    warc_type = record.headers.get("Content-Type") or ""
    if record.record_type == WarcRecordType.response and _is_http(warc_type):
        # Crawlers that store the HTTP head with LF line ends (ClueWeb22, hand-made samples) are
        # common; strict parsing looked for the first CRLF CRLF and, where the page had one, cut
        # the page's head and start away with the HTTP head
        try:
            record.parse_http(quirks_mode=True)
        except OSError as err:
            if storage_failure(err):
                raise
            # a head over fastwarc's length limit, or not HTTP: this record only. The iterator
            # skips to the next one by the WARC length; a broken stream fails there, as a cut
            return Unreadable(doc_id, "bad_http_head", {"message": str(err), **source}), True, None
        status = record.http_headers.status_line if record.http_headers is not None else ""
        if status and not status.startswith("HTTP/"):  # the page's own first lines were read as the head
            complete = record.reader.consume() >= record.content_length
            return Unreadable(doc_id, "bad_http_head", {"message": f"no HTTP status line: {status[:80]!r}", **source}), complete, None
    if record.content_length > cfg.max_doc_bytes:
        complete = record.reader.consume() >= record.content_length
        return Unreadable(doc_id, "too_large", {"bytes": record.content_length, **source}), complete, None
    body = record.reader.read(cfg.max_doc_bytes + 1)
    complete = len(body) >= record.content_length
    kind = "conversion" if record.record_type == WarcRecordType.conversion else "response"
    http = record.http_headers if kind == "response" else None
    item = _body_document(kind, http, warc_type, body, doc_id, uri, source, cfg, {})
    cut_at = next_record_at(body)
    if cut_at is None:
        return item, complete, None
    # the length the header declares (fastwarc's content_length is what is left after the HTTP head)
    declared = str(record.headers.get("Content-Length") or "").strip()
    note = {"warc_length_mismatch": {"content_length": int(declared) if declared.isdigit() else declared,
                                     "payload_bytes": cut_at, "overrun": True}}
    return item, complete, _body_document(kind, http, warc_type, body[:cut_at], doc_id, uri, source, cfg, note)


def _is_http(warc_type: str) -> bool:
    """Whether a response record's block is an HTTP message, by its WARC Content-Type. Crawlers
    also store other protocols' answers as responses (Heritrix: ``dns:`` lookups as ``text/dns``)."""
    return media_type(warc_type) in ("", "application/http")


def _not_text(doc_id: str, ctype: str, why: str, source: dict[str, Any]) -> Unreadable:
    return Unreadable(doc_id, "not_text", {"content_type": ctype, "message": f"content type {ctype!r} {why}", **source})


def _body_document(kind: str, http: Any, warc_type: str, body: bytes, doc_id: str, uri: str,
                   source: dict[str, Any], cfg: ReaderConfig, note: dict[str, Any]) -> Item:
    """A record's block (a response's body after its HTTP head ``http``, None where it has none)
    as a document, or the reason it is none. Shared by fastwarc's records and the lenient parser's."""
    if kind == "conversion":
        if not body.strip():  # an empty WET record is no document, as an empty response is not
            return Unreadable(doc_id, "empty_record", source)
        return make_document(doc_id, body, source, cfg, {"url": uri, **note})
    # without an HTTP head, the record's own type is the body's (text/dns; none: the body decides)
    ctype = ((http.get("Content-Type") if http is not None else None) or "") if _is_http(warc_type) else warc_type
    declared = type_kind(ctype)
    if declared is None:  # decided before any inflating: a stylesheet or an image is no document
        return _not_text(doc_id, ctype, "is neither HTML nor plain text", source)
    meta: dict[str, Any] = {"url": uri, **note}
    if http is not None and http.status_code:
        # an error page (404, 500) or a redirect's stub reads as text like any page; the status
        # lets a filter drop it (the default pipeline's threshold on ``location.http_status``)
        # before it wins a near-duplicate cluster over the page itself. It goes under the reader's
        # own ``location``, apart from the input's fields: a JSONL field named ``http_status`` (a
        # string, often) is the input's, and the default threshold does not read it
        source = {**source, "http_status": http.status_code}
    transfer, content = (http.get("Transfer-Encoding"), http.get("Content-Encoding")) if http else (None, None)
    if transfer or content:
        # The body as sent: chunk sizes and compression are undone here (both bounded by the
        # raw body, and inflating by max_doc_bytes). What cannot be undone is kept as stored
        # with a note rather than dropped, since crawlers often store decoded bodies under the
        # original headers; if what is kept still looks binary (br, zstd, a broken gzip), it is
        # quarantined with the note instead of reaching the text steps as garbage.
        raw_size = len(body)
        body, notes = decode_body(body, transfer, content, cfg.max_doc_bytes)
        if len(body) > cfg.max_doc_bytes:
            return Unreadable(doc_id, "too_large", {"bytes": f">{cfg.max_doc_bytes}", "limit": cfg.max_doc_bytes,
                                                    "stored_bytes": raw_size, "content_encoding": content, **source})
        if notes and looks_binary(body):
            return Unreadable(doc_id, "undecodable_body", {**notes, "transfer_encoding": transfer,
                                                           "content_encoding": content, **source})
        meta.update(notes)
    if not body.strip():
        return Unreadable(doc_id, "empty_record", source)
    # every body, not only encoded ones: an image sent with no type, or as text/html
    if is_binary(body, typed=media_type(ctype) not in GENERIC_TYPES):
        return Unreadable(doc_id, "binary", {"bytes": len(body), "content_type": ctype or None, **source})
    text, bad = decode_html(body, ctype)  # the declared charset applies to plain text as to pages
    # short random or compressed bytes pass the byte checks; as text, they are mostly errors (a
    # page in a charset it misdeclares is read in the one its bytes show: ``decode_html``)
    if bad > 0.2 * len(text) and not looks_like_page(text):
        return Unreadable(doc_id, "binary", {"bytes": len(body), "content_type": ctype or None, "decode_errors": bad, **source})
    if declared in ("sniff", "text"):  # no useful type, or text, which servers send pages as too:
        # a page (or a fragment of one), XML that is none (a feed, a sitemap), or text
        declared = "html" if looks_like_page(text) else None if looks_xml(text) else "text"
    elif declared == "xml":
        declared = "html" if looks_like_page(text) else None
    if declared is None:  # a feed, a sitemap, an image: markup, but no page
        return _not_text(doc_id, ctype, "is XML that is not an HTML page", source)
    # the text's own type, so that extract_html runs on pages and leaves plain text to the text
    # steps (it would drop a literal "<b>" and join lines); the charset is applied already
    meta = {"url": uri, "content_type": "text/html" if declared == "html" else "text/plain", **meta}
    if bad:
        meta["decode_errors"] = bad
    return make_document(doc_id, text, source, cfg, meta)


def _fallback(fs: Any, path: str, name: str, cfg: ReaderConfig) -> Iterator[Item]:
    """No record fastwarc could read: LF-only WET, an empty file, or not WARC at all."""
    found = False
    with ExitStack() as stack:
        try:
            fh = _open_plain(stack, fs, path)
            for item in _lenient_wet(fh, name, cfg):
                found = True
                yield item
            if found:
                return
            fh = _open_plain(stack, fs, path)
            anything = bool(fh.read(1 << 16).strip())
        except STREAM_ERRORS as err:
            if storage_failure(err):
                raise
            yield _cut(name, 0, str(err), type(err).__name__)
            return
    # One record for the whole file, so that it is accounted for and the user sees why. An empty
    # file loses nothing; one that is not WARC may hold documents we cannot count: partial.
    if anything:
        yield Unreadable(name, "not_warc", {"path": name, "message": "no WARC record found"}, True)
    else:
        yield Unreadable(name, "empty_file", {"path": name})


# a record's first line: "WARC/1.0", "WARC/0.18" and nothing else ("WARC/ARC formats are ..." in a
# body is text)
_VERSION_LINE = re.compile(rb"WARC/\d+\.\d+\r?\n?\Z")


def _lenient_wet(fh: Any, name: str, cfg: ReaderConfig) -> Iterator[Item]:
    """Parse ``WARC/1.0`` records whose lines end in LF.

    Such files are usually hand-made and their Content-Length often counts CRLF line ends, or
    characters, so a body ends where the next record starts (a ``WARC/1.`` line after a blank
    one), and a body longer than declared is kept whole with a note (``warc_length_mismatch``).
    A body is cut short, not merely miscounted, when even with CRLF line ends it falls short of
    its length.
    """
    index = 0
    cap = cfg.max_doc_bytes + 1  # a line is read in pieces of at most this: a file without newlines is not one line in memory
    line = fh.readline(cap)
    while line:
        if not _VERSION_LINE.match(line):
            line = fh.readline(cap)
            continue
        headers: dict[str, str] = {}
        while (line := fh.readline(cap)) and line.strip():
            key, _, value = line.decode("utf-8", "replace").partition(":")
            headers[key.strip().lower()] = value.strip()
        try:
            length = int(headers["content-length"])
        except (KeyError, ValueError):
            yield _cut(name, index, f"a record after record {index} has no valid Content-Length (header cut short)")
            return
        parts: list[bytes] = []
        size, blank = 0, True
        # up to the next record, whatever the length says: hand-made files also count characters
        # instead of bytes (cc_net's sample: 355 declared, 653 bytes of Russian), which cut the
        # text. A record starts at a version line ("WARC/1.0") after a blank one, or anywhere once the
        # declared length is read; past 4 bytes a character (UTF-8's most) and a little slack,
        # what follows is not this record's, and the outer loop skips it to the next record.
        limit = 4 * min(length, cfg.max_doc_bytes) + 64
        truncated = False
        # ``size + len(parts)``: the length read, were every line end a CRLF as the count may assume
        while (line := fh.readline(cap)) and not (_VERSION_LINE.match(line) and (blank or size + len(parts) >= length)):
            if size >= limit:
                truncated = True
                break
            parts.append(line)
            size += len(line)
            blank = not line.strip()
        raw = b"".join(parts)
        if not line and len(raw) + raw.count(b"\n") < length:
            yield _cut(name, index, f"the record after record {index} is cut short ({len(raw)} of {length} bytes)")
            return
        body = raw.rstrip(b"\r\n")
        note: dict[str, Any] = ({"content_length": length, "bytes_read": len(body)}
                                if truncated or len(body) > length + 2 * body.count(b"\n") + 4 else {})
        if truncated:
            note["truncated"] = True  # more lines followed, past what a miscounted length can explain
        kind = headers.get("warc-type")
        if kind not in ("conversion", "response"):  # as fastwarc's path: resource records are no pages
            continue
        index += 1
        uri = strip_brackets(headers.get("warc-target-uri", ""))
        # kept as given even when a (hand-made) file reuses it: the run warns about repeated ids
        doc_id = strip_brackets(headers.get("warc-record-id", "")) or f"{name}#{index}"
        source = {"path": name, "record": index, "url": uri, "date": headers.get("warc-date")}
        yield _lenient_document(kind, headers.get("content-type", ""), body, doc_id, uri, source, cfg,
                                {"warc_length_mismatch": note} if note else {})


def _lenient_document(kind: str, warc_type: str, body: bytes, doc_id: str, uri: str, source: dict[str, Any],
                      cfg: ReaderConfig, note: dict[str, Any]) -> Item:
    """A lenient record as fastwarc's path reads it: a response's HTTP head parsed off (its status,
    type, charset and codings then apply alike), a head that is no HTTP quarantined."""
    if len(body) > cfg.max_doc_bytes:  # before inflating or decoding it
        return Unreadable(doc_id, "too_large", {"bytes": len(body), "limit": cfg.max_doc_bytes, **source})
    http = None
    if kind == "response" and _is_http(warc_type):
        parsed = parse_http_head(body)
        if parsed is None:
            first = body.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
            return Unreadable(doc_id, "bad_http_head", {"message": f"no HTTP status line: {first[:80]!r}", **source})
        http, body = parsed
    return _body_document(kind, http, warc_type, body, doc_id, uri, source, cfg, note)
