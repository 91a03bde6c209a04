"""WARC/WET files in every compression a crawl archive uses: fastwarc reads gzip and zstd itself,
tamis decompresses ``.bz2`` and ``.xz`` first, and a cut stream is a broken stream in all of them."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from tamis.io.readers import Document, Unreadable
from tests.io.test_bad_warc import cut_items, read_all, record, wet

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gz": gzip.compress,
    "zst": lambda b: zstandard.ZstdCompressor().compress(b),
    "bz2": bz2.compress,
    "xz": lzma.compress,
}


WORDS = [f"w{i}x{i * 7 % 13}" for i in range(5000)]


def ids(items: list) -> list[str]:
    return [i.id for i in items if isinstance(i, Document)]


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_every_record_of_a_compressed_warc_is_read(tmp_path: Path, suffix: str) -> None:
    plain = b"".join(record(i) for i in range(12))
    (tmp_path / "plain.warc").write_bytes(plain)
    path = tmp_path / f"pages.warc.{suffix}"
    path.write_bytes(COMPRESSORS[suffix](plain))
    got = read_all(path)
    assert not cut_items(got)
    assert ids(got) == ids(read_all(tmp_path / "plain.warc")) and len(ids(got)) == 12


def long_record(i: int, rng: random.Random) -> bytes:
    """A WARC response record with a long body of random words (incompressible enough that the
    compressed stream grows with the records)."""
    text = " ".join(rng.choice(WORDS) for _ in range(1500))
    body = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>{text}</p></body></html>".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://long{i}.example/\r\n"
            f"WARC-Record-ID: <urn:uuid:{i:032x}>\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body + b"\r\n\r\n"


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_a_cut_bz2_or_xz_warc_keeps_the_records_before_the_break(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(7)
    whole = b"".join(long_record(i, rng) for i in range(60))
    # bz2 at level 1 writes 100 kB blocks, and only whole blocks can be read back
    blob = bz2.compress(whole, 1) if suffix == "bz2" else lzma.compress(whole)
    uncut = tmp_path / f"uncut.warc.{suffix}"
    uncut.write_bytes(blob)
    got = read_all(uncut)
    assert not cut_items(got) and len(ids(got)) == 60
    path = tmp_path / f"cut.warc.{suffix}"
    path.write_bytes(blob[: len(blob) * 2 // 3])
    got = read_all(path)
    (cut,) = cut_items(got)
    assert cut.reason == "corrupt_stream"
    assert 0 < len(ids(got)) < 60


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_a_damaged_stream_of_a_multi_stream_file_is_not_taken_for_its_end(tmp_path: Path, suffix: str) -> None:
    # pbzip2 and cat-joined files hold one stream after another; Python's own readers stop
    # quietly at a stream whose header is damaged, and the records after it were lost unseen
    compress = COMPRESSORS[suffix]
    streams = [bytearray(compress(record(i))) for i in range(6)]
    streams[3][0] ^= 0xFF
    path = tmp_path / f"multi.warc.{suffix}"
    path.write_bytes(b"".join(streams))
    got = read_all(path)
    (cut,) = cut_items(got)
    assert cut.reason == "corrupt_stream" and len(ids(got)) == 3
    jsonl = tmp_path / f"multi.jsonl.{suffix}"
    lines = [bytearray(compress(json.dumps({"id": str(i), "text": "x"}).encode() + b"\n")) for i in range(6)]
    lines[3][0] ^= 0xFF
    jsonl.write_bytes(b"".join(lines))
    got = read_all(jsonl)
    # JSONL lines come through a buffer: the lines it held when the error came are in the
    # quarantined rest, not lost unseen
    assert [i.reason for i in got if isinstance(i, Unreadable)] == ["corrupt_stream"] and 1 <= len(ids(got)) <= 3


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_an_empty_compressed_file_is_empty(tmp_path: Path, suffix: str) -> None:
    for name in (f"empty.warc.{suffix}", f"empty.jsonl.{suffix}"):
        path = tmp_path / name
        path.write_bytes(b"")
        (item,) = read_all(path)
        assert isinstance(item, Unreadable) and item.reason == "empty_file" and not item.ends_shard, name


def test_an_lf_wet_file_compressed_with_xz_is_read_by_the_lenient_parser(tmp_path: Path) -> None:
    path = tmp_path / "sample.warc.wet.txt.xz"
    path.write_bytes(lzma.compress(wet(1, "First page text.\nSecond line.") + wet(2, "Another page.")))
    got = read_all(path)
    assert not cut_items(got)
    assert [d.text for d in got if isinstance(d, Document)] == ["First page text.\nSecond line.", "Another page."]


def test_the_lenient_parser_reads_a_line_without_newlines_in_bounded_pieces(tmp_path: Path) -> None:
    # 50 kB with no newline at the end of a hand-made record: read in pieces of max_doc_bytes,
    # never as one line in memory; the record that holds it is too large, the next one is read
    from tamis.config import ReaderConfig
    from tamis.io.readers import read_shard
    from tamis.run.plan import plan_shards

    path = tmp_path / "junk.warc.wet.txt.xz"
    path.write_bytes(lzma.compress(wet(1, "First page.") + b"x" * 50_000 + b"\n\n" + wet(2, "Second page.")))
    cfg = ReaderConfig(max_doc_bytes=1000)
    got = [item for shard in plan_shards([str(path)], cfg) for item in read_shard(shard, cfg)]
    assert [d.text for d in got if isinstance(d, Document)] == ["Second page."]
    assert [(u.id[-1], u.reason) for u in got if isinstance(u, Unreadable)] == [("1", "too_large")]


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_zeros_and_a_newline_after_a_stream_are_let_pass_and_zeros_alone_are_no_stream(tmp_path: Path, suffix: str) -> None:
    compress = COMPRESSORS[suffix]
    padded = tmp_path / f"padded.txt.{suffix}"
    padded.write_bytes(compress(b"A page of text.") + b"\0\0\0\0\n")
    (doc,) = read_all(padded)
    assert isinstance(doc, Document) and doc.text == "A page of text."
    zeros = tmp_path / f"zeros.jsonl.{suffix}"
    zeros.write_bytes(b"\0" * 4096)
    (item,) = read_all(zeros)
    assert isinstance(item, Unreadable) and item.reason != "empty_file"
