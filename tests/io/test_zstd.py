"""zstd JSONL: a cut stream must not pass for a short one, and a whole multi-frame file reads whole.

python-zstandard's stream reader ends quietly where a frame is cut (mid-frame, or a few bytes into
the next frame), so every record after the cut would vanish with exit 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zstandard

from tamis.api import run
from tests.helpers import check_invariant, ledger_rows
from tests.io.test_readers import read_all


def _frame(prefix: str, n: int) -> bytes:
    body = "".join(json.dumps({"id": f"{prefix}{i}", "text": f"document {prefix} {i} " * 10}) + "\n" for i in range(n))
    return zstandard.ZstdCompressor(write_checksum=True).compress(body.encode())


def _two_frames() -> tuple[bytes, bytes]:
    return _frame("a", 300), _frame("b", 300)


def test_a_whole_multi_frame_file_reads_every_frame(tmp_path: Path) -> None:
    one, two = _two_frames()
    skippable = b"\x50\x2a\x4d\x18" + (3).to_bytes(4, "little") + b"xyz"  # a skippable frame is allowed
    path = tmp_path / "multi.jsonl.zst"
    path.write_bytes(one + skippable + two)
    docs = read_all([str(path)])
    assert [d.id for d in docs] == [f"a{i}" for i in range(300)] + [f"b{i}" for i in range(300)]


def test_the_zstd_suffix_is_decompressed_too(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.zstd"  # fsspec infers no compression from ".zstd"
    path.write_bytes(_frame("z", 3))
    assert [d.id for d in read_all([str(path)])] == ["z0", "z1", "z2"]


@pytest.mark.parametrize("where", ["mid-first-frame", "mid-second-frame", "12-bytes-into-second-frame",
                                   "no-checksum"])
def test_a_cut_zstd_stream_is_recorded_and_the_shard_is_partial(tmp_path: Path, where: str) -> None:
    one, two = _two_frames()
    blob = {"mid-first-frame": one[: len(one) // 2],
            "mid-second-frame": one + two[: len(two) // 2],
            "12-bytes-into-second-frame": one + two[:12],
            "no-checksum": one + two[:-4]}[where]  # only the checksum of the last frame is missing
    path = tmp_path / "cut.jsonl.zst"
    path.write_bytes(blob)
    out = tmp_path / "out"
    summary = run([str(path)], str(out), steps=["ftfy"], workers=1)
    assert not summary.ok
    (shard,) = summary.shards.values()
    assert shard["status"] == "partial"
    (rest,) = [r for r in ledger_rows(out) if r["reason"] == "corrupt_stream"]
    assert "rest-after-line" in rest["id"] and json.loads(rest["detail"])["error"] == "EOFError"
    if where != "mid-first-frame":
        assert summary.kept >= 290  # what came before the cut is kept (up to one buffer may go with it)
    check_invariant(out)


@pytest.mark.parametrize("tail", [b"this is not zstd", b"xy", b"\x28\xb5\x2f\xfd\x08" + bytes(30)])
def test_garbage_after_the_last_frame_is_recorded_and_the_frames_are_kept(tmp_path: Path, tail: bytes) -> None:
    # python-zstandard raises on the read that meets the garbage and drops what that read had
    # decompressed: the whole frames before it must still be read, then the rest recorded
    path = tmp_path / "tail.jsonl.zst"
    path.write_bytes(_frame("a", 5) + tail)
    *docs, rest = read_all([str(path)])
    assert [d.id for d in docs] == [f"a{i}" for i in range(5)]
    assert rest.reason == "corrupt_stream" and rest.ends_shard and "rest-after-line-5" in rest.id
    out = tmp_path / "out"
    summary = run([str(path)], str(out), steps=["ftfy"], workers=1)
    assert summary.kept == 5 and not summary.ok
    check_invariant(out)


def test_garbage_between_frames_keeps_the_frames_before_it(tmp_path: Path) -> None:
    path = tmp_path / "mid.jsonl.zst"
    path.write_bytes(_frame("a", 4) + b"\x00junk\x00" * 4 + _frame("b", 4))
    *docs, rest = read_all([str(path)])
    assert [d.id for d in docs] == [f"a{i}" for i in range(4)]
    assert rest.reason == "corrupt_stream" and rest.ends_shard


def test_the_frame_walk_knows_every_frame_end_whatever_the_pieces() -> None:
    import random

    from tamis.io.zstdcheck import FrameWalk

    rng = random.Random(7)
    frames = [zstandard.ZstdCompressor(level=rng.choice([1, 19]), write_checksum=rng.random() < 0.5,
                                       write_content_size=rng.random() < 0.5)
              .compress(bytes(rng.choice(b"abc \n") for _ in range(rng.randint(0, 200_000)))) for _ in range(4)]
    frames.insert(2, b"\x5f\x2a\x4d\x18" + (5).to_bytes(4, "little") + b"12345")  # skippable
    blob = b"".join(frames)
    ends = {sum(map(len, frames[:i])) for i in range(len(frames) + 1)}
    for cut in sorted(ends | {e + k for e in ends for k in (1, 3, 5, 9, 12) if e + k < len(blob)}
                      | {rng.randrange(len(blob)) for _ in range(100)}):
        walk, pos, handed = FrameWalk(), 0, []
        while pos < cut:
            step = rng.choice([1, 3, 7, 1000, 1 << 16])
            handed.append(walk.feed(blob[pos:min(cut, pos + step)]))
            pos += step
        assert walk.whole == (cut in ends), cut
        # what the decompressor gets: all of it, less at most a header's unfinished start
        out = b"".join(handed)
        assert blob[:cut].startswith(out) and cut - len(out) < 18 and (out == blob[:cut] or cut not in ends), cut
        stray = blob[:cut] + b"junk!"  # junk where a frame header should be, wherever the piece ends
        if cut in ends:
            walk, got = FrameWalk(), []
            for i in range(0, len(stray), 5000):
                got.append(walk.feed(stray[i:i + 5000]))
            assert b"".join(got) == blob[:cut] and walk.stray_at == cut and not walk.whole, cut


def test_damage_inside_a_zstd_stream_is_a_corrupt_stream_and_a_stranger_an_unreadable_file(tmp_path: Path) -> None:
    # a review: a one-frame .zst with a flipped byte in the middle was an "unreadable_file" (as if it
    # were no zstd at all), and a text file named .zst a "corrupt_stream"
    raw = "".join(json.dumps({"id": f"a{i}", "text": "word " * 50}) + "\n" for i in range(200)).encode()
    damaged = bytearray(zstandard.ZstdCompressor(write_checksum=True).compress(raw))
    damaged[len(damaged) // 2] ^= 0xFF
    src = tmp_path / "in"
    src.mkdir()
    (src / "damaged.jsonl.zst").write_bytes(bytes(damaged))
    (src / "stranger.jsonl.zst").write_bytes(b"not zstd at all, just text\n")
    run([str(src)], str(tmp_path / "out"), steps=[], executor="inprocess")
    reasons = {Path(r["id"].split("#")[0]).name: r["reason"] for r in ledger_rows(tmp_path / "out") if r["fate"] == "quarantined"}
    assert reasons == {"damaged.jsonl.zst": "corrupt_stream", "stranger.jsonl.zst": "unreadable_file"}
