"""WARC response bodies in chunked framing and/or compressed: the text is the page, never the
chunk sizes or gzip bytes, and a body that cannot be decoded is kept or quarantined, not lost."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from tamis.config import ReaderConfig
from tamis.document import Document
from tamis.io.readers import Unreadable, read_shard
from tamis.run.plan import plan_shards

PAGE = "<!DOCTYPE html><html><body>" + "".join(f"<p>paragraph {i} with some words</p>\n" for i in range(60)) + "</body></html>"


def chunked(data: bytes, sizes: list[int]) -> bytes:
    """``data`` in chunked framing, cut into pieces of the given sizes (the rest in one more)."""
    parts, at = [], 0
    for size in [*sizes, len(data)]:
        piece = data[at:at + size]
        at += len(piece)
        if piece:
            parts.append(b"%x\r\n%s\r\n" % (len(piece), piece))
    return b"".join(parts) + b"0\r\n\r\n"


def response(i: int, payload: bytes, headers: str = "") -> bytes:
    """A WARC response record written by hand, with the HTTP ``headers`` lines given."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n".encode() + payload
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://site{i}.example/\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{i:032x}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def read_records(tmp_path: Path, records: list[bytes], cfg: ReaderConfig | None = None) -> list:
    path = tmp_path / "t.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    cfg = cfg or ReaderConfig()
    return [item for shard in plan_shards([str(path)], cfg) for item in read_shard(shard, cfg)]


def test_chunked_body_decodes_to_the_exact_page(tmp_path: Path) -> None:
    body = chunked(PAGE.encode(), [1, 100, 7, 1000])
    assert body.count(b"\r\n") >= 10  # several chunks
    (doc,) = read_records(tmp_path, [response(1, body, "Transfer-Encoding: chunked\r\n")])
    assert isinstance(doc, Document)
    assert doc.text == PAGE
    assert "http_decoding" not in doc.metadata


@pytest.mark.parametrize("coding", ["gzip", "x-gzip", "deflate"])
def test_chunked_and_compressed_body_decodes(tmp_path: Path, coding: str) -> None:
    packed = gzip.compress(PAGE.encode()) if "gzip" in coding else zlib.compress(PAGE.encode())
    body = chunked(packed, [50, 3])
    headers = f"Transfer-Encoding: chunked\r\nContent-Encoding: {coding}\r\n"
    (doc,) = read_records(tmp_path, [response(1, body, headers)])
    assert isinstance(doc, Document) and doc.text == PAGE


def test_malformed_chunked_body_does_not_raise_and_loses_nothing(tmp_path: Path) -> None:
    good = chunked(PAGE.encode(), [200])
    bad_size = good.replace(b"c8\r\n", b"zz\r\n", 1)  # 0xc8 == 200: the first size line
    assert bad_size != good
    already_plain = PAGE.encode()  # header says chunked, body was stored decoded
    cut_short = good[: len(good) // 2]  # no last chunk
    records = [response(i, b, "Transfer-Encoding: chunked\r\n") for i, b in enumerate([bad_size, already_plain, cut_short])]
    records.append(response(9, PAGE.encode()))
    items = read_records(tmp_path, records)
    assert len(items) == 4 and all(isinstance(i, Document) for i in items)
    for item, stored in zip(items, [bad_size, already_plain, cut_short]):
        assert item.text == stored.decode()  # kept as stored, every byte
        assert "chunked" in item.metadata["http_decoding"]
    assert items[3].text == PAGE


def test_plain_record_is_unchanged(tmp_path: Path) -> None:
    # A body that merely looks like a chunk size line is not touched without the header.
    body = b"7d71\r\n" + PAGE.encode()
    (doc,) = read_records(tmp_path, [response(1, body)])
    assert doc.text == body.decode() and "http_decoding" not in doc.metadata


def test_decompression_bomb_is_too_large_not_out_of_memory(tmp_path: Path) -> None:
    cfg = ReaderConfig(max_doc_bytes=100_000)
    bomb = gzip.compress(b"<p>" + b"a" * 50_000_000)  # ~50 KB stored, 50 MB inflated
    assert len(bomb) < cfg.max_doc_bytes
    (item,) = read_records(tmp_path, [response(1, bomb, "Content-Encoding: gzip\r\n")], cfg)
    assert isinstance(item, Unreadable) and item.reason == "too_large"


def test_unknown_or_broken_coding_is_quarantined_with_a_reason_when_binary(tmp_path: Path) -> None:
    binary = bytes(range(256)) * 20  # what a br or zstd body looks like as text
    broken_gzip = gzip.compress(PAGE.encode())[:10] + bytes(range(200))
    records = [response(1, binary, "Content-Encoding: br\r\n"),
               response(2, broken_gzip, "Content-Encoding: gzip\r\n"),
               response(3, PAGE.encode(), "Content-Encoding: zstd\r\n")]  # stored decoded
    first, second, third = read_records(tmp_path, records)
    assert isinstance(first, Unreadable) and first.reason == "undecodable_body"
    assert first.detail["http_decoding"].startswith("br:")
    assert isinstance(second, Unreadable) and second.reason == "undecodable_body"
    assert isinstance(third, Document) and third.text == PAGE
    assert third.metadata["http_decoding"].startswith("zstd:")


def test_a_utf8_body_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # deciding that a body is UTF-8 decodes it; the text read must be that decoding, not a second
    # one (a page's decode is ~65 us of extract_html's ~3.9 ms); other encodings still work
    from tamis.io import httpbody

    calls: list[int] = []
    real = httpbody.decode_utf8
    monkeypatch.setattr(httpbody, "decode_utf8", lambda data: calls.append(1) or real(data))
    body = ("<p>L\u2019\u00e9t\u00e9 " * 50 + "</p>").encode()
    assert httpbody.decode_html(body) == (body.decode(), 0) and len(calls) == 1
    assert httpbody.decode_html("<p>caf\u00e9</p>".encode("cp1252"), "text/html; charset=ISO-8859-1")[0] == "<p>caf\u00e9</p>"
