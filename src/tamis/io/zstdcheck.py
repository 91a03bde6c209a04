"""A zstd stream that says when it is cut. python-zstandard's stream reader ends quietly where
the input ends, even inside a frame (or a few bytes into the next one), so a truncated file would
pass for a short one and the records after the cut would be lost without a word.

We let python-zstandard decompress (fast, and its ``read(size)`` bounds what sits in memory) and
follow the frame layout of the compressed bytes as they go by: frame headers, block headers and
checksums carry their own lengths (RFC 8878, section 3.1), so the walk skips over the data and
costs next to nothing. At the end of the input it must stand between two frames.
"""

from __future__ import annotations

import io
from typing import Any

import zstandard

_ZSTD_MAGIC = 0xFD2FB528
_SKIPPABLE = 0x184D2A50  # the low four bits are free
_MAX_HEADER = 18  # magic 4, descriptor 1, window 1, dictionary id 4, content size 8


class FrameWalk:
    """Follows zstd frames through the compressed bytes fed to it, in pieces of any size.

    ``feed`` returns the bytes the decompressor may have: the piece, less a header's start that
    the next piece completes (handed on with it), and less everything from the first byte that
    is no zstd frame (``stray_at``). python-zstandard raises on the read that meets such bytes
    and drops what that read had decompressed (records of whole frames); stopping its input
    where the frames stop lets it end cleanly, and the reader then says what is wrong.

    >>> whole = zstandard.ZstdCompressor(write_checksum=True).compress(b"hello " * 100)
    >>> walk = FrameWalk(); walk.feed(whole[:3]), walk.feed(whole[3:]) == whole, walk.whole
    (b'', True, True)
    >>> walk = FrameWalk(); walk.feed(whole + whole[:12]) == whole + whole[:12], walk.whole
    (True, False)
    >>> walk = FrameWalk(); walk.feed(whole + b"not zstd") == whole, walk.stray_at == len(whole), walk.whole
    (True, True, False)
    >>> walk = FrameWalk(); _ = walk.feed(whole[:-1]); walk.whole
    False
    """

    def __init__(self) -> None:
        self._pending = b""  # the start of a header that the next piece completes (not handed on yet)
        self._skip = 0  # block data (or a skippable frame) still to go by
        self._in_frame = False  # inside a frame: the next header is a block's
        self._checksum = False  # the current frame ends in a 4-byte checksum
        self._fed = 0  # bytes fed so far
        # where bytes that are no zstd frame start: the decompressor would raise on them
        self.stray_at: int | None = None

    @property
    def whole(self) -> bool:
        """Whether the bytes so far end exactly at the end of a frame (or are none)."""
        return not (self._in_frame or self._skip or self._pending or self.stray_at is not None)

    def feed(self, data: bytes) -> bytes:
        start = self._fed  # where ``data`` starts in the stream
        self._fed += len(data)
        if self.stray_at is not None:
            return b""
        if self._skip >= len(data):  # inside block data: no header to read (the common case)
            self._skip -= len(data)
            return data
        held = self._pending  # handed on only now, with the piece that completes it
        view = memoryview(held + data if held else data)
        base = start - len(held)  # where ``view`` starts in the stream
        skip, self._skip = self._skip, 0  # the end of block data that this piece starts with
        used = skip + self._headers(view[skip:], base + skip)
        if self.stray_at is not None:
            return bytes(view[:self.stray_at - base]) if self.stray_at > base else b""
        self._pending = bytes(view[used:])
        if not held and not self._pending:
            return data
        return bytes(view[:used])

    def _headers(self, view: Any, base: int) -> int:
        """Read the headers in ``view`` (at ``base`` in the stream) and skip what they announce;
        how much of ``view`` went by. It stops at a header that is not all there (the caller
        keeps its start), at stray bytes, or with ``_skip`` set past the end of ``view``."""
        pos = 0
        while True:
            size = self._header_size(view[pos:pos + _MAX_HEADER])
            if size == 0:
                self.stray_at = base + pos
                return pos
            if size is None or pos + size > len(view):
                return pos
            if not self._header(bytes(view[pos:pos + size])):
                self.stray_at = base + pos
                return pos
            pos += size
            if pos + self._skip > len(view):
                self._skip -= len(view) - pos
                return len(view)
            pos += self._skip
            self._skip = 0

    def _header_size(self, head: Any) -> int | None:
        """The size of the header that starts ``head``; None: not all there; 0: no zstd header."""
        if self._in_frame:
            return 3
        if len(head) < 4:
            return None
        magic = int.from_bytes(head[:4], "little")
        if magic & 0xFFFFFFF0 == _SKIPPABLE:
            return 8
        if magic != _ZSTD_MAGIC:
            return 0
        if len(head) < 5:
            return None
        fhd = head[4]
        if fhd & 0x08:  # the reserved bit must be zero (RFC 8878, 3.1.1.1.1.5)
            return 0
        single = fhd >> 5 & 1
        return 5 + (1 - single) + (0, 1, 2, 4)[fhd & 3] + (single, 2, 4, 8)[fhd >> 6]

    def _header(self, head: bytes) -> bool:
        """Take in a whole header; False if it is no zstd header after all."""
        if self._in_frame:
            block = int.from_bytes(head, "little")
            last, kind, size = block & 1, block >> 1 & 3, block >> 3
            if kind == 3:  # reserved: not a zstd block
                return False
            self._skip = (1 if kind == 1 else size) + (4 if last and self._checksum else 0)
            self._in_frame = not last
        elif int.from_bytes(head[:4], "little") & 0xFFFFFFF0 == _SKIPPABLE:
            self._skip = int.from_bytes(head[4:8], "little")
        else:
            self._in_frame, self._checksum = True, bool(head[4] >> 2 & 1)
        return True


class _Watched:
    """The compressed file as the decompressor sees it: every piece goes through a FrameWalk,
    which holds back a header's unfinished start and cuts the input where stray bytes begin."""

    def __init__(self, fh: Any, walk: FrameWalk) -> None:
        self._fh, self._walk = fh, walk

    def read(self, size: int = -1) -> bytes:
        while True:
            data = self._fh.read(size)
            out = self._walk.feed(data)
            # an empty answer means the end to the decompressor: read on while only a header's
            # start came (held back), not after stray bytes
            if out or not data or self._walk.stray_at is not None:
                return out


class ZstdReader(io.RawIOBase):
    """Decompressed bytes of a zstd file, every frame of it; ``EOFError`` where it is cut.

    >>> data = b"".join(zstandard.ZstdCompressor().compress(b"line %d\\n" % i) for i in range(3))
    >>> io.BufferedReader(ZstdReader(io.BytesIO(data))).read()
    b'line 0\\nline 1\\nline 2\\n'
    >>> io.BufferedReader(ZstdReader(io.BytesIO(data[:-2]))).read()
    Traceback (most recent call last):
    EOFError: the zstd stream ends inside a frame (the file is cut short)
    """

    def __init__(self, fh: Any) -> None:
        super().__init__()
        self._fh = fh
        self._walk = FrameWalk()
        self._reader = zstandard.ZstdDecompressor().stream_reader(_Watched(fh, self._walk), read_across_frames=True)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._reader.read(len(buffer))
        if not data and len(buffer) and not self._walk.whole:
            # everything that could be decompressed has been handed out: the rest is missing
            if self._walk.stray_at is not None:
                raise EOFError(f"the bytes at offset {self._walk.stray_at} are not a zstd frame")
            raise EOFError("the zstd stream ends inside a frame (the file is cut short)")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._reader.close()
            self._fh.close()
        super().close()


__all__ = ["FrameWalk", "ZstdReader"]
