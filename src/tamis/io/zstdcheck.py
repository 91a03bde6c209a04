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

    >>> whole = zstandard.ZstdCompressor(write_checksum=True).compress(b"hello " * 100)
    >>> walk = FrameWalk(); walk.feed(whole[:7]); walk.feed(whole[7:]); walk.whole
    True
    >>> walk = FrameWalk(); walk.feed(whole + whole[:12]); walk.whole
    False
    >>> walk = FrameWalk(); walk.feed(whole[:-1]); walk.whole
    False
    """

    def __init__(self) -> None:
        self._pending = b""  # the start of a header that the next piece completes
        self._skip = 0  # block data (or a skippable frame) still to go by
        self._in_frame = False  # inside a frame: the next header is a block's
        self._checksum = False  # the current frame ends in a 4-byte checksum
        self._stray = False  # bytes that are no zstd frame: the decompressor raises on them

    @property
    def whole(self) -> bool:
        """Whether the bytes so far end exactly at the end of a frame (or are none)."""
        return not (self._in_frame or self._skip or self._pending or self._stray)

    def feed(self, data: bytes) -> None:
        if self._stray:
            return
        view = memoryview(data)
        if self._skip >= len(view):
            self._skip -= len(view)
            return
        view = view[self._skip:]
        self._skip = 0
        if self._pending:  # a header cut across pieces (rare): finish it on a copy
            view = memoryview(self._pending + bytes(view))
        used = self._headers(view)
        self._pending = bytes(view[used:])

    def _headers(self, view: Any) -> int:
        """Read the headers in ``view`` and skip what they announce; how much of ``view`` went by.
        It stops at a header that is not all there (the caller keeps its start), or with
        ``_skip`` set past the end of ``view``."""
        pos = 0
        while True:
            size = self._header_size(view[pos:pos + _MAX_HEADER])
            if self._stray:
                return len(view)
            if size is None or pos + size > len(view):
                return pos
            self._header(bytes(view[pos:pos + size]))
            pos += size
            if pos + self._skip > len(view):
                self._skip -= len(view) - pos
                return len(view)
            pos += self._skip
            self._skip = 0

    def _header_size(self, head: Any) -> int | None:
        if self._in_frame:
            return 3
        if len(head) < 5:
            return None
        magic = int.from_bytes(head[:4], "little")
        if magic & 0xFFFFFFF0 == _SKIPPABLE:
            return 8
        if magic != _ZSTD_MAGIC:  # we stop following; never ``whole`` again
            self._stray = True
            return None
        fhd = head[4]
        single = fhd >> 5 & 1
        return 5 + (1 - single) + (0, 1, 2, 4)[fhd & 3] + (single, 2, 4, 8)[fhd >> 6]

    def _header(self, head: bytes) -> None:
        if self._in_frame:
            block = int.from_bytes(head, "little")
            last, kind, size = block & 1, block >> 1 & 3, block >> 3
            if kind == 3:  # reserved: not a zstd block
                self._stray = True
                return
            self._skip = (1 if kind == 1 else size) + (4 if last and self._checksum else 0)
            self._in_frame = not last
        elif int.from_bytes(head[:4], "little") & 0xFFFFFFF0 == _SKIPPABLE:
            self._skip = int.from_bytes(head[4:8], "little")
        else:
            self._in_frame, self._checksum = True, bool(head[4] >> 2 & 1)


class _Watched:
    """The compressed file, showing every piece read from it to a FrameWalk."""

    def __init__(self, fh: Any, walk: FrameWalk) -> None:
        self._fh, self._walk = fh, walk

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self._walk.feed(data)
        return data


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
            raise EOFError("the zstd stream ends inside a frame (the file is cut short)")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._reader.close()
            self._fh.close()
        super().close()


__all__ = ["FrameWalk", "ZstdReader"]
