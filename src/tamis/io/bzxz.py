"""bz2 and xz streams that say when they are cut or damaged.

Python's ``bz2.BZ2File`` and ``lzma.LZMAFile`` read files of several streams (what pbzip2 and
``cat`` write) but take bytes after a complete stream that do not start a valid one for trailing
garbage, and stop there without a word: a file whose fourth stream is damaged reads as three
streams' worth of records, and the rest is lost. This reader decompresses stream after stream
itself and raises on anything after a stream that is not another stream, on bytes that are no
stream at all, and at an end inside a stream. Zero bytes and white space after a complete stream
are let pass (xz's stream padding is zero bytes; a tool may append a newline; ``bzip2 -d`` ignores
trailing garbage), since they cannot hold a record; before the first stream they are no stream.
An empty file is an empty stream.
"""

from __future__ import annotations

import bz2
import io
import lzma
from typing import Any

_CHUNK = 1 << 16  # compressed bytes read, and decompressed bytes returned, at a time
_BETWEEN_STREAMS = b"\0\r\n\t "  # let pass after a complete stream


class StrictDecompressReader(io.RawIOBase):
    """The decompressed bytes of ``raw`` (a binary file) in the format ``kind`` ("bz2" or "xz").

    Raises EOFError where the input ends inside a stream, and OSError (bz2) or ``lzma.LZMAError``
    (xz) where bytes that are no stream follow; the readers treat both as a broken stream.

    >>> one, two = bz2.compress(b"first "), bz2.compress(b"second")
    >>> StrictDecompressReader(io.BytesIO(one + two), "bz2").read()
    b'first second'
    >>> StrictDecompressReader(io.BytesIO(b""), "xz").read()
    b''
    >>> StrictDecompressReader(io.BytesIO(one + b"\\0\\0\\n" + two + b"\\0"), "bz2").read()
    b'first second'
    >>> StrictDecompressReader(io.BytesIO(one + b"junk" + two), "bz2").read()
    Traceback (most recent call last):
    OSError: Invalid data stream
    """

    def __init__(self, raw: Any, kind: str) -> None:
        super().__init__()
        self._raw = raw
        self._xz = kind == "xz"
        self._dec = self._new()
        self._fresh = True  # the current decompressor has had no input yet: the input may end here
        self._carry = b""  # input after the end of a stream, for the next one
        self._out = b""
        self._done = False
        self._pos = 0  # decompressed bytes handed out
        self._streams = 0  # streams completed

    def _new(self) -> Any:
        return lzma.LZMADecompressor(lzma.FORMAT_XZ) if self._xz else bz2.BZ2Decompressor()

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        # fastwarc asks where the stream stands before it reads; the stream cannot seek
        return self._pos

    def readinto(self, buffer: Any) -> int:
        while not self._out and not self._done:
            self._fill()
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        self._pos += n
        return n

    def _fill(self) -> None:
        if self._dec.eof:  # a stream ended: another may follow
            self._carry += self._dec.unused_data
            self._dec, self._fresh = self._new(), True
            self._streams += 1
        data = b""
        if self._dec.needs_input:
            data, self._carry = (self._carry, b"") if self._carry else (self._raw.read(_CHUNK), b"")
            if not data:
                if not self._fresh:
                    raise EOFError("the compressed stream ends before its end-of-stream marker (the file is cut)")
                self._done = True
                return
            if self._fresh and self._streams:
                data = data.lstrip(_BETWEEN_STREAMS)
                if not data:
                    return
            self._fresh = False
        self._out = self._dec.decompress(data, _CHUNK)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def kind_of(path: str) -> str | None:
    """"bz2" or "xz" by the file's suffix, else None (fastwarc and fsspec undo the others).

    >>> kind_of("a.warc.XZ"), kind_of("b.jsonl.bz2"), kind_of("c.warc.gz")
    ('xz', 'bz2', None)
    """
    low = path.lower()
    return "bz2" if low.endswith(".bz2") else "xz" if low.endswith(".xz") else None


def open_strict(raw: Any, kind: str) -> io.BufferedReader:
    """``StrictDecompressReader`` behind a buffer (``readline(size)``, ``peek``)."""
    return io.BufferedReader(StrictDecompressReader(raw, kind), buffer_size=_CHUNK)
