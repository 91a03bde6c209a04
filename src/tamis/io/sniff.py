"""What a file's raw bytes are, before they are read as text: binary junk, UTF-16/32 text by its
byte-order mark, and how many UTF-8 bytes a text takes (``reader.max_doc_bytes`` counts bytes in
every format). The readers and ``tamis clean``/``extract`` decide alike from these."""

from __future__ import annotations

from tamis.io.httpbody import decode_bom


def looks_binary(data: bytes) -> bool:
    """Binary junk has NUL bytes or mostly control bytes in its first KiB; text does not.

    >>> looks_binary(b"hello world"), looks_binary(bytes(range(256)))
    (False, True)
    """
    head = data[:1024]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.1


def text_by_bom(raw: bytes) -> tuple[str, int] | None:
    """UTF-16/32 text decoded by its byte-order mark, with its count of bad code units; None
    without a mark, or when the result still looks binary. Such text is full of NULs but is no
    binary junk, unless it still looks so decoded: control characters, or random bytes' share of
    invalid code units (~3% in UTF-16).

    >>> text_by_bom("\ufeffHello".encode("utf-16-le")), text_by_bom(b"Hello")
    (('Hello', 0), None)
    """
    decoded = decode_bom(raw)
    if (decoded is not None and decoded[1] <= 2 + len(decoded[0]) // 50
            and not looks_binary(decoded[0][:1024].encode("utf-8", "replace"))):
        return decoded
    return None


def is_binary(raw: bytes) -> bool:
    """Whether a file's bytes are binary junk, as the readers quarantine them (``binary``).

    >>> is_binary(bytes(range(256)) * 4), is_binary("\ufeffHi".encode("utf-16")), is_binary(b"<p>Hi</p>")
    (True, False, False)
    """
    return text_by_bom(raw) is None and looks_binary(raw)


def utf8_size_over(text: str, limit: int) -> int:
    """The size of ``text`` in UTF-8 bytes where it may pass ``limit``, else its length (which
    is then within it): the limit is in bytes whatever the format (it counted a JSONL or Parquet
    text's characters, so 600 Chinese characters passed a 1,000-byte limit that the same text in
    a .txt file did not), and only texts near it are encoded to count.

    >>> utf8_size_over("中" * 600, 1000), utf8_size_over("中" * 10, 1000), utf8_size_over("a" * 1500, 1000)
    (1800, 10, 1500)
    """
    if len(text) * 4 <= limit or text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))
