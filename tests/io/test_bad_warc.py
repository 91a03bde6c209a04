"""Broken WARC/WET input: a cut file is never mistaken for a short one, and nothing vanishes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tamis.config import ReaderConfig
from tamis.io.readers import read_shard
from tamis.run.plan import plan_shards


def record(i: int, uri: str | None = None, version: str = "1.0", eol: str = "\r\n") -> bytes:
    """A WARC response record, written by hand (``uri`` as it appears in the header)."""
    body = f"HTTP/1.1 200 OK{eol}Content-Type: text/html{eol}{eol}<html><body><p>page {i} "
    body = (body + "words " * 40 + "</p></body></html>").encode()
    uri = uri or f"http://site{i}.example/"
    head = (f"WARC/{version}{eol}WARC-Type: response{eol}WARC-Target-URI: {uri}{eol}"
            f"WARC-Date: 2024-01-01T00:00:00Z{eol}WARC-Record-ID: <urn:uuid:{i:032x}>{eol}"
            f"Content-Type: application/http; msgtype=response{eol}Content-Length: {len(body)}{eol}{eol}")
    return head.encode() + body + (eol * 2).encode()


def read_all(path: Path) -> list:
    cfg = ReaderConfig()
    return [item for shard in plan_shards([str(path)], cfg) for item in read_shard(shard, cfg)]



@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_target_uri_without_angle_brackets(tmp_path: Path, version: str) -> None:
    path = tmp_path / "b.warc.gz"
    path.write_bytes(gzip.compress(record(1, "<https://allenai.org/>", version)) + gzip.compress(record(2, "https://b.example/x", version)))
    docs = read_all(path)
    assert [d.metadata["url"] for d in docs] == ["https://allenai.org/", "https://b.example/x"]
    assert [d.metadata["location"]["url"] for d in docs] == ["https://allenai.org/", "https://b.example/x"]
    assert docs[0].id == f"urn:uuid:{1:032x}"
