"""HTTP bodies as crawlers store them: chunked transfer coding and compressed content.

A WARC ``response`` record holds the HTTP message as it came over the wire, so its body may still
be in ``Transfer-Encoding: chunked`` framing (hex chunk sizes between the pieces) and compressed
by ``Content-Encoding``. Both are undone here, in the reverse of the order they were applied.

What cannot be undone is never dropped: the body is kept as stored and a note says why
(``http_decoding``). Crawlers differ: some store the body already decoded but keep the original
headers, so a "chunked" or "gzip" body that does not parse is often plain HTML. The WARC reader
decides what to do with a kept body that still looks binary (it quarantines it, with the note).
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from resiliparse.parse.encoding import bytes_to_str, detect_encoding, map_encoding_to_html5
from resiliparse.parse.http import iterate_http_chunks

# The size line that ends a chunked body: zero (any number of zeros), maybe chunk extensions.
_LAST_CHUNK = re.compile(rb"0+[ \t]*(;.*)?")
_GZIP = ("gzip", "x-gzip")
_DEFLATE = ("deflate",)


class _LineReader:
    """Bytes for resiliparse's chunk iterator that remember the last line read.

    The iterator stops quietly both at the zero-size last chunk and at a size line it cannot
    parse (or at the end of the data), so the line it stopped on tells a whole body from a broken
    one.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0
        self.last_line = b""

    def readline(self) -> bytes:
        end = self._data.find(b"\n", self._pos)
        end = len(self._data) if end < 0 else end + 1
        self.last_line = self._data[self._pos:end]
        self._pos = end
        return self.last_line

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else min(len(self._data), self._pos + size)
        out = self._data[self._pos:end]
        self._pos = end
        return out


def dechunk(data: bytes) -> bytes | None:
    """The payload of a chunked HTTP body, or None when the data is not a whole chunked body
    (a bad size line, a missing last chunk, a body cut short).

    >>> dechunk(b"3\\r\\nabc\\r\\n2;ext=1\\r\\nde\\r\\n0\\r\\n\\r\\n")
    b'abcde'
    >>> dechunk(b"<html>hi</html>") is None, dechunk(b"3\\r\\nabc\\r\\nzz\\r\\nde\\r\\n0\\r\\n\\r\\n") is None
    (True, True)
    >>> dechunk(b"10\\r\\nabc") is None  # cut short: no last chunk
    True
    """
    reader = _LineReader(data)
    try:
        parts = list(iterate_http_chunks(reader))
    except (OverflowError, ValueError):  # a size too large for an index
        return None
    if not _LAST_CHUNK.fullmatch(reader.last_line.strip()):
        return None
    return b"".join(parts)


def inflate(data: bytes, coding: str, limit: int) -> tuple[bytes, bool]:
    """``data`` decompressed (gzip or deflate), at most ``limit + 1`` bytes of it, and whether
    the stream ended properly. Longer output is cut at ``limit + 1`` so that the caller sees it is
    over the limit without a decompression bomb ever filling memory. Raises ``zlib.error`` when the
    data is not in that format.

    >>> import gzip
    >>> inflate(gzip.compress(b"hello " * 3), "gzip", 100)
    (b'hello hello hello ', True)
    >>> inflate(gzip.compress(b"x" * 10_000), "gzip", 10)
    (b'xxxxxxxxxxx', True)
    >>> inflate(zlib.compress(b"abc")[2:-4], "deflate", 100)  # raw deflate, as some servers send
    (b'abc', True)
    >>> inflate(gzip.compress(b"abc" * 50)[:20], "x-gzip", 1000)[1]
    False
    """
    if coding in _GZIP:
        return _inflate(data, 16 + zlib.MAX_WBITS, limit)
    try:  # RFC 9110 deflate is zlib-wrapped; a few servers send it raw
        return _inflate(data, zlib.MAX_WBITS, limit)
    except zlib.error:
        return _inflate(data, -zlib.MAX_WBITS, limit)


def _inflate(data: bytes, wbits: int, limit: int) -> tuple[bytes, bool]:
    out: list[bytes] = []
    size = 0
    while True:
        inflater = zlib.decompressobj(wbits)
        piece = inflater.decompress(data, limit + 1 - size)  # max_length >= 1: 0 means unbounded
        out.append(piece)
        size += len(piece)
        if size > limit:
            return b"".join(out)[: limit + 1], True
        if not inflater.eof:
            return b"".join(out), False  # all input used, under max_length: the stream is cut
        data = inflater.unused_data
        # gzip allows several members one after the other; anything else after the end is ignored
        if wbits <= zlib.MAX_WBITS or not data.startswith(b"\x1f\x8b"):
            return b"".join(out), True


def codings(header: str | None) -> list[str]:
    """The codings a header lists, lower case, in the order they were applied, without identity.

    >>> codings("gzip, Chunked"), codings(None), codings("identity")
    (['gzip', 'chunked'], [], [])
    """
    names = (name.strip().lower() for name in (header or "").split(","))
    return [name for name in names if name and name != "identity"]


def decode_body(body: bytes, transfer: str | None, content: str | None, limit: int) -> tuple[bytes, dict[str, Any]]:
    """The body with its transfer and content codings undone, and notes on what could not be.

    Codings are undone last-applied first: transfer codings, then content codings. At the first
    one that fails or is unknown (br, zstd, ...) decoding stops and the bytes are kept as they are
    at that point, with ``http_decoding`` saying what was left undone. The result may be longer
    than ``limit`` (by at most one byte): the caller rejects it as too large.

    >>> import gzip
    >>> decode_body(b"5\\r\\nabcde\\r\\n0\\r\\n\\r\\n", "chunked", None, 100)
    (b'abcde', {})
    >>> zipped = gzip.compress(b"<p>hi</p>")
    >>> chunked = b"%x\\r\\n%s\\r\\n0\\r\\n\\r\\n" % (len(zipped), zipped)
    >>> decode_body(chunked, "chunked", "gzip", 100)
    (b'<p>hi</p>', {})
    >>> decode_body(b"<p>hi</p>", "chunked", None, 100)  # stored already de-chunked
    (b'<p>hi</p>', {'http_decoding': 'chunked: not a valid chunked body, kept as stored'})
    >>> decode_body(b"<p>hi</p>", None, "br", 100)
    (b'<p>hi</p>', {'http_decoding': 'br: unsupported coding, kept as stored'})
    """
    steps = codings(content) + codings(transfer)
    for coding in reversed(steps):
        if coding == "chunked":
            plain = dechunk(body)
            if plain is None:
                return body, {"http_decoding": "chunked: not a valid chunked body, kept as stored"}
            body = plain
        elif coding in _GZIP or coding in _DEFLATE:
            try:
                plain, whole = inflate(body, coding, limit)
            except zlib.error as err:
                return body, {"http_decoding": f"{coding}: {err}, kept as stored"}
            body = plain
            if len(body) > limit:  # stop before a nested coding multiplies it further
                return body, {}
            if not whole:
                return body, {"http_decoding": f"{coding}: compressed stream ends early, text is what it held"}
        else:
            return body, {"http_decoding": f"{coding}: unsupported coding, kept as stored"}
    return body, {}


class HttpHead:
    """An HTTP response head read by ``parse_http_head``: what the WARC reader uses of fastwarc's
    header map (``get``, ``status_code``, ``status_line``), for records fastwarc cannot parse."""

    def __init__(self, status_line: str, fields: list[tuple[str, str]]) -> None:
        self.status_line = status_line
        self._fields = fields
        code = status_line.split(None, 2)[1:2]
        self.status_code = int(code[0]) if code and code[0].isdigit() else 0

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first field of that name, any case (HTTP field names are case-insensitive)."""
        name = name.lower()
        return next((value for key, value in self._fields if key.lower() == name), default)


# a head longer than this is no head (fastwarc's limit is of the same order)
_MAX_HEAD = 1 << 16


def parse_http_head(block: bytes) -> tuple[HttpHead, bytes] | None:
    """The HTTP head at the start of a response record's block and the body after it; None when
    the block does not start with an HTTP status line, or the head never ends. Lines may end in
    CRLF or bare LF (hand-made and LF-only files), and the head ends at the first empty line, as
    fastwarc's quirks mode reads it.

    >>> head, body = parse_http_head(b"HTTP/1.1 404 Not Found\\nContent-Type: text/html;\\n  charset=utf-8\\n\\n<p>x")
    >>> head.status_code, head.get("content-type"), body
    (404, 'text/html; charset=utf-8', b'<p>x')
    >>> parse_http_head(b"<html><body>no head</body></html>") is None
    True
    """
    if not block.startswith(b"HTTP/"):
        return None
    lines: list[str] = []
    at = 0
    while True:
        end = block.find(b"\n", at)
        line, at = (block[at:], len(block)) if end < 0 else (block[at:end], end + 1)
        if not line.rstrip(b"\r"):
            break
        if at > _MAX_HEAD:
            return None
        text = line.rstrip(b"\r").decode("utf-8", "replace")
        if len(lines) > 1 and text[:1] in (" ", "\t"):  # a folded line continues the field above
            lines[-1] += " " + text.strip()
        else:
            lines.append(text)
    fields = [(key.strip(), value.strip()) for key, sep, value in (line.partition(":") for line in lines[1:]) if sep]
    return HttpHead(lines[0].strip(), fields), block[at:]


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def body_encoding(body: bytes, content_type: str = "") -> str:
    """The encoding to read an HTTP body with: UTF-8 when the bytes are UTF-8 (other encodings
    almost never are, once a non-ASCII byte occurs), also when a few stray bytes break it; else
    the charset the HTTP header or the HTML's meta tag declares; else what ``uchardet`` guesses.
    Guessing first read valid UTF-8 pages with emoji as cp1252 or Greek, leaving mojibake. A
    declared UTF-8 or UTF-16 that the bytes disprove, and a label no browser knows, are not
    trusted.

    >>> body_encoding("I \u2764\ufe0f caf\u00e9".encode()), body_encoding(b"caf\\xe9", "text/html; charset=ISO-8859-1")
    ('utf-8', 'cp1252')
    >>> body_encoding(b'<meta charset="koi8-r"><p>\\xf0\\xd2\\xc9\\xd7\\xc5\\xd4</p>', "text/html; charset=bogus")
    'koi8-r'
    >>> body_encoding("L\u2019\u00e9t\u00e9 dernier, \u00ab un succ\u00e8s \u00bb".encode() + b"\\xff")  # one stray byte
    'utf-8'
    """
    if _utf8_reading(body) is not None:
        return "utf-8"
    return _declared_or_detected(body, content_type)


def _declared_or_detected(body: bytes, content_type: str) -> str:
    """``body_encoding`` for a body that is not (mostly) UTF-8."""
    declared = _CHARSET.search(content_type)
    if declared:
        name = map_encoding_to_html5(declared.group(1), fallback_utf8=False)
        if name and not name.startswith(("utf-8", "utf-16")):
            return name
    found = detect_encoding(body, from_html_meta=True)
    if found.startswith("utf-8"):  # (a meta tag's UTF-8, which the bytes have just disproved: old CMS templates)
        found = detect_encoding(body, from_html_meta=False)
    return found


# at most this share of a body's non-ASCII characters may be broken for it to be read as UTF-8
_STRAY = 0.05


def _utf8_reading(body: bytes) -> tuple[str, int] | None:
    """``decode_utf8(body)`` when the body is valid UTF-8, or UTF-8 with a few broken bytes (a
    page in another encoding breaks at nearly every non-ASCII byte); else None. The decoded
    text is returned so that ``decode_html`` does not decode the page a second time (~65 us of a
    scrapinghub page's ~3.9 ms in ``extract_html``)."""
    text, broken = decode_utf8(body)
    if broken == 0 or broken <= _STRAY * (len(text) - len(text.encode("ascii", "ignore"))):
        return text, broken
    return None


def decode_html(body: bytes, content_type: str = "") -> tuple[str, int]:
    """An HTML body as text, in the encoding ``body_encoding`` chooses, and how many bytes could
    not be decoded (UTF-8 with a few broken bytes is read with replacement characters, where
    ``bytes_to_str`` would have fallen back to cp1252 for the whole page)."""
    reading = _utf8_reading(body)
    encoding = "utf-8" if reading is not None else _declared_or_detected(body, content_type)
    if encoding == "utf-8":  # also when detected so despite more broken bytes
        text, bad = reading if reading is not None else decode_utf8(body)
        # a byte-order mark is no text (``bytes_to_str`` strips it for the other encodings)
        return text.removeprefix("\ufeff"), bad
    return bytes_to_str(body, encoding), 0


def decode_utf8(data: bytes) -> tuple[str, int]:
    """Decode UTF-8 with replacement, returning the text and how many bytes were bad.

    >>> decode_utf8(b"caf\\xc3\\xa9")
    ('café', 0)
    >>> decode_utf8(b"caf\\xe9 ok")
    ('caf\\ufffd ok', 1)
    """
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        return text, text.count("\ufffd") - data.count(b"\xef\xbf\xbd")


# longest first: the UTF-32-LE mark begins with UTF-16-LE's
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_bom(data: bytes) -> tuple[str, int] | None:
    """Text that starts with a byte-order mark, decoded by it (the mark dropped), and how many
    bytes were bad; None without a mark. A UTF-16 or UTF-32 file is full of NUL bytes, so without
    this it would pass for binary junk; the mark is the one sure sign of its encoding.

    >>> decode_bom("Caf\\u00e9".encode("utf-16")), decode_bom(b"\\xfe\\xff\\x00a\\x00"), decode_bom(b"plain")
    (('Café', 0), ('a\ufffd', 1), None)
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(codec), 0
            except UnicodeDecodeError:
                text = body.decode(codec, errors="replace")
                return text, text.count("\ufffd") - body.decode(codec, errors="ignore").count("\ufffd")
    return None


def html_text(body: bytes, content_type: str = "") -> str:
    """``decode_html`` without the count."""
    return decode_html(body, content_type)[0]
