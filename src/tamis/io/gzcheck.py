"""Is a gzip file whole? fastwarc's gzip reader stops quietly at a cut member, so we check.

fastwarc inflates about twice as fast as Python's zlib, so we let it read and then check only
what it cannot tell us. A WARC file written the usual way has one gzip member per record, and
fastwarc reports where the last record's member starts: inflating from there to the end of
the file costs one record and proves the file ends cleanly. Anything else (one member for the
whole file, an offset that is not a member start) is checked by inflating the whole file again.
"""

from __future__ import annotations

import zlib
from typing import Any

_MAGIC = b"\x1f\x8b\x08"
_CHUNK = 1 << 16


class Unread(Exception):
    """Members after the last record read hold data: fastwarc stopped early without an error."""


def inflate_members(fh: Any, start: int = 0, tail: bool = False) -> None:
    """Inflate every gzip member from ``start`` to the end of ``fh``, keeping nothing.

    Raises ``EOFError`` if the last member is cut short and ``zlib.error`` on corrupt data.
    With ``tail``, anything but whitespace after the first member raises ``Unread``.
    Zero bytes after the last member are padding, which gzip allows.

    >>> import gzip, io
    >>> whole = gzip.compress(b"one\\r\\n") + gzip.compress(b"two\\r\\n")
    >>> inflate_members(io.BytesIO(whole))
    >>> inflate_members(io.BytesIO(whole[:-3]))
    Traceback (most recent call last):
    EOFError: compressed file ended before the end of a gzip member
    >>> inflate_members(io.BytesIO(whole), tail=True)
    Traceback (most recent call last):
    tamis.io.gzcheck.Unread: data after the member at offset 0
    """
    fh.seek(start)
    inflater, pending, first, started = zlib.decompressobj(31), b"", True, False
    while True:
        if not pending:
            pending = fh.read(_CHUNK)
            if not pending:
                break
        if not started:
            if not pending.strip(b"\x00"):
                pending = b""
                continue
            started = True
        # Bounded output: a member that inflates to gigabytes never sits in memory.
        out = inflater.decompress(pending, _CHUNK)
        if tail and not first and out.strip():
            raise Unread(f"data after the member at offset {start}")
        if inflater.eof:
            # At a member's end the rest is in unused_data (unconsumed_tail may repeat it).
            pending, inflater, first, started = inflater.unused_data, zlib.decompressobj(31), False, False
        else:
            pending = inflater.unconsumed_tail
    if started:
        raise EOFError("compressed file ended before the end of a gzip member")


def check_gzip(fh: Any, last_record_at: int) -> None:
    """Raise ``EOFError``, ``zlib.error`` or ``Unread`` unless the gzip file in ``fh`` is whole.

    ``last_record_at`` is where fastwarc says the last record it read starts. Only a clean
    check from there is trusted; any doubt is settled by inflating the whole file.

    >>> import gzip, io
    >>> members = [gzip.compress(b"WARC/1.0 %d\\r\\n\\r\\n" % i) for i in range(3)]
    >>> check_gzip(io.BytesIO(b"".join(members)), len(members[0]) * 2)
    >>> check_gzip(io.BytesIO(b"".join(members)[:-5]), len(members[0]) * 2)
    Traceback (most recent call last):
    EOFError: compressed file ended before the end of a gzip member
    """
    fh.seek(last_record_at)
    if last_record_at > 0 and fh.read(3) == _MAGIC:
        try:
            inflate_members(fh, last_record_at, tail=True)
            return
        except (EOFError, zlib.error):
            pass  # cut short, or not a member start after all: the whole file decides
    inflate_members(fh, 0)


__all__ = ["Unread", "check_gzip", "inflate_members"]
