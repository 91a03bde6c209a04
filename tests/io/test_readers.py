"""Readers: every format, stable ids, fsspec paths, and splitting one file into many shards."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from tamis.config import ReaderConfig
from tamis.document import Document
from tamis.io.readers import Unreadable, read_shard
from tamis.run.plan import plan_shards


def read_all(inputs: list[str], **cfg: object) -> list[Document | Unreadable]:
    config = ReaderConfig(**cfg)  # type: ignore[arg-type]
    items: list[Document | Unreadable] = []
    for shard in plan_shards(inputs, config):
        items.extend(read_shard(shard, config))
    return items


def test_txt_folder_one_document_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("first page\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("second page\n")
    (tmp_path / ".hidden.txt").write_text("not input\n")
    docs = read_all([str(tmp_path)])
    assert [d.id for d in docs] == [f"{tmp_path}/a.txt", f"{tmp_path}/sub/b.txt"]
    assert docs[1].text == "second page\n"
    assert docs[1].metadata["location"]["path"] == f"{tmp_path}/sub/b.txt"


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_with_and_without_ids(tmp_path: Path, suffix: str) -> None:
    lines = [{"id": "x1", "text": "one", "url": "http://a"}, {"text": "two", "metadata": {"lang": "en"}}]
    raw = "".join(json.dumps(line) + "\n" for line in lines).encode()
    if suffix.endswith(".gz"):
        raw = gzip.compress(raw)
    elif suffix.endswith(".zst"):
        raw = zstandard.ZstdCompressor().compress(raw)
    path = tmp_path / f"in{suffix}"
    path.write_bytes(raw)
    docs = read_all([str(path)])
    assert [d.text for d in docs] == ["one", "two"]
    assert docs[0].id == "x1" and docs[0].metadata["url"] == "http://a"
    assert docs[1].metadata["lang"] == "en"
    # No id in the input: source + position, stable across reruns.
    assert docs[1].id.startswith(str(path)) and docs[1].id == read_all([str(path)])[1].id


def test_custom_text_and_id_fields(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"doc_id": 7, "content": "hello"}) + "\n")
    (doc,) = read_all([str(path)], text_field="content", id_field="doc_id")
    assert (doc.id, doc.text) == ("7", "hello")


def test_one_big_jsonl_is_split_by_byte_range_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": f"d{i}", "text": "word " * (i % 17)}) + "\n")
    cfg = ReaderConfig(shard_bytes=4096)
    shards = plan_shards([str(path)], cfg)
    assert len(shards) > 10
    ids = [d.id for s in shards for d in read_shard(s, cfg)]
    assert ids == [f"d{i}" for i in range(3000)]


def test_parquet_split_by_row_group(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    table = pa.table({"id": [f"p{i}" for i in range(100)], "text": [f"text {i} " * 50 for i in range(100)]})
    pq.write_table(table, path, row_group_size=10)
    cfg = ReaderConfig(shard_bytes=2048)
    shards = plan_shards([str(path)], cfg)
    assert len(shards) > 1
    ids = [d.id for s in shards for d in read_shard(s, cfg)]
    assert ids == [f"p{i}" for i in range(100)]


def _warc_record(uri: str, body: bytes, rtype: str = "response") -> bytes:
    if rtype == "response":
        body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        ctype = "application/http; msgtype=response"
    else:
        ctype = "text/plain"
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body + b"\r\n\r\n"


def test_warc_gz_responses_become_html_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    records = [_warc_record("http://a.example/", b"<html><body><p>Alpha</p></body></html>"),
               _warc_record("http://b.example/", "<html><body><p>B\u00e9ta</p></body></html>".encode())]
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    docs = read_all([str(path)])
    assert [d.metadata["url"] for d in docs] == ["http://a.example/", "http://b.example/"]
    assert all(d.metadata["content_type"] == "text/html" for d in docs)
    assert "Béta" in docs[1].text


def test_wet_conversion_records_are_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.wet"
    path.write_bytes(_warc_record("http://c.example/", b"Plain text body.\n", "conversion"))
    (doc,) = read_all([str(path)])
    assert doc.text.strip() == "Plain text body." and "content_type" not in doc.metadata


def test_html_files(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<html><body>Hi</body></html>")
    (doc,) = read_all([str(tmp_path)])
    assert doc.metadata["content_type"] == "text/html"


def test_fsspec_memory_filesystem() -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("/tamis-test/in/a.jsonl", b'{"id": "m1", "text": "in memory"}\n')
    (doc,) = read_all(["memory://tamis-test/in"])
    assert doc.id == "m1" and doc.text == "in memory"
    fs.rm("/tamis-test", recursive=True)



def _http_record(uri: str, content_type: str, body: bytes) -> bytes:
    payload = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode()
    return head + payload + b"\r\n\r\n"


def test_a_valid_utf8_body_is_read_as_utf8_whatever_a_guess_says(tmp_path: Path) -> None:
    # uchardet takes this UTF-8 page (three emoji in English text) for Windows-1252
    emoji = ["\U0001F1EE\U0001F1F9", "\U0001F50E", "\U0001F4DA"]
    page = ('<html><head><meta charset="utf-8"><title>Home</title></head><body><h1>About me</h1>'
            + "".join(f"<p>{e} I work on data for language models and like long walks {i}.</p>" for i, e in enumerate(emoji))
            + "</body></html>")
    latin = "<html><body><p>Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9.</p></body></html>"
    path = tmp_path / "crawl.warc"
    path.write_bytes(_http_record("http://a.example/", "text/html; charset=utf-8", page.encode())
                     + _http_record("http://b.example/", "text/html; charset=windows-1252", latin.encode("cp1252")))
    docs = read_all([str(path)])
    assert all(e in docs[0].text for e in emoji)
    assert "Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9." in docs[1].text  # not UTF-8: the declared charset


def test_an_html_file_in_its_declared_encoding(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 cr\u00e8me \u2013 na\u00efve.</p></body></html>'
    (tmp_path / "p.html").write_bytes(page.encode("cp1252"))
    (doc,) = read_all([str(tmp_path)])
    assert "Caf\u00e9 cr\u00e8me \u2013 na\u00efve." in doc.text and "decode_errors" not in doc.metadata


def test_charsets_the_bytes_disprove_and_stray_bytes(tmp_path: Path) -> None:
    russian = '<html><head><meta charset="windows-1251"></head><body><p>Привет, как дела? Всё хорошо.</p></body></html>'
    for header in ("text/html; charset=UTF-8", "text/html; charset=bogus", "text/html; charset=utf-16"):
        path = tmp_path / "r.warc"
        path.write_bytes(_http_record("http://r.example/", header, russian.encode("cp1251")))
        (doc,) = read_all([str(path)])
        assert "Привет, как дела? Всё хорошо." in doc.text, header
    # a UTF-8 page with one stray byte stays UTF-8, the byte counted, not the page read as cp1252
    (tmp_path / "f").mkdir()
    page = "<html><body><p>L\u2019\u00e9t\u00e9 dernier, \u00ab un succ\u00e8s \u00bb.</p></body></html>"
    (tmp_path / "f" / "p.html").write_bytes(page.encode().replace(b"dernier", b"dern\xffier"))
    (doc,) = read_all([str(tmp_path / "f")])
    assert "L\u2019\u00e9t\u00e9" in doc.text and doc.metadata["decode_errors"] == 1


def test_a_utf8_byte_order_mark_is_not_text(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "p.html").write_bytes(b"\xef\xbb\xbf<html><body><p>Caf\xc3\xa9 \xff</p></body></html>")
    (doc,) = read_all([str(tmp_path / "b")])
    assert doc.text.startswith("<html>")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_a_text_file_with_a_byte_order_mark_is_decoded_by_it(tmp_path: Path, codec: str) -> None:
    text = "Caf\u00e9 cr\u00e8me \u2013 \u041f\u0440\u0438\u0432\u0435\u0442 \U0001f600\nsecond line\n"
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(codec, "")  # the -be codecs write none
    (tmp_path / "t.txt").write_bytes((bom + text).encode(codec))
    page = f"<html><body><p>{text}</p></body></html>"
    (tmp_path / "p.html").write_bytes((bom + page).encode(codec))
    docs = {Path(d.id).suffix: d for d in read_all([str(tmp_path)])}
    assert docs[".txt"].text == text and "decode_errors" not in docs[".txt"].metadata
    assert text.split("\n")[0] in docs[".html"].text and "\ufeff" not in docs[".html"].text


def test_a_utf16_file_with_a_broken_tail_counts_the_bad_bytes(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_bytes("hello world".encode("utf-16") + b"\x00")  # an odd byte at the end
    (doc,) = read_all([str(tmp_path)])
    assert doc.text == "hello world\ufffd" and doc.metadata["decode_errors"] == 1


def test_a_byte_order_mark_does_not_let_junk_or_a_huge_file_through(tmp_path: Path) -> None:
    import random

    (tmp_path / "control.txt").write_bytes("\x01\x02\x03 x".encode("utf-16") * 200)  # control characters
    (tmp_path / "random.txt").write_bytes(b"\xff\xfe" + random.Random(3).randbytes(4000))  # invalid code units
    (tmp_path / "huge.txt").write_bytes(("x" * 3000).encode("utf-16"))  # 6002 bytes, 3000 characters
    reasons = {Path(i.id).name: getattr(i, "reason", "kept") for i in read_all([str(tmp_path)], max_doc_bytes=5000)}
    assert reasons == {"control.txt": "binary", "random.txt": "binary", "huge.txt": "too_large"}
