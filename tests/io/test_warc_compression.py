"""WARC/WET files in every compression a crawl archive uses: fastwarc reads gzip and zstd itself,
tamis decompresses ``.bz2`` and ``.xz`` first, and a cut stream is a broken stream in all of them."""

from __future__ import annotations

import bz2
import gzip
import lzma
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from tamis.io.readers import Document
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


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_a_cut_bz2_or_xz_warc_keeps_the_records_before_the_break(tmp_path: Path, suffix: str) -> None:
    # random words, so that the compressed stream grows with the records; bz2 at level 1 writes
    # 100 kB blocks, and only whole blocks can be read back
    rng = random.Random(7)
    bodies = [record(i).replace(b"words " * 40, " ".join(rng.choice(WORDS) for _ in range(1500)).encode()) for i in range(60)]
    path = tmp_path / f"cut.warc.{suffix}"
    blob = bz2.compress(b"".join(bodies), 1) if suffix == "bz2" else lzma.compress(b"".join(bodies))
    path.write_bytes(blob[: len(blob) * 2 // 3])
    got = read_all(path)
    (cut,) = cut_items(got)
    assert cut.reason == "corrupt_stream"
    assert 0 < len(ids(got)) < 60


def test_a_bz2_warc_cut_inside_its_first_block_is_a_broken_stream(tmp_path: Path) -> None:
    path = tmp_path / "short.warc.bz2"
    blob = bz2.compress(b"".join(record(i) for i in range(5)))
    path.write_bytes(blob[: len(blob) // 2])
    (cut,) = read_all(path)
    assert cut.reason == "corrupt_stream" and cut.ends_shard


def test_an_lf_wet_file_compressed_with_xz_is_read_by_the_lenient_parser(tmp_path: Path) -> None:
    path = tmp_path / "sample.warc.wet.txt.xz"
    path.write_bytes(lzma.compress(wet(1, "First page text.\nSecond line.") + wet(2, "Another page.")))
    got = read_all(path)
    assert not cut_items(got)
    assert [d.text for d in got if isinstance(d, Document)] == ["First page text.\nSecond line.", "Another page."]
