"""What a file's raw bytes are, before they are read as text: binary junk, UTF-16/32 text by its
byte-order mark, whether an HTTP body of a declared type is a page, plain text or neither, and
how many UTF-8 bytes a text takes (``reader.max_doc_bytes`` counts bytes in every format). The
readers and ``tamis clean``/``extract`` decide alike from these."""

from __future__ import annotations

import re

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


# How common binary files start: an image, a PDF, an archive or compressed stream, a font
_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"\x00\x00\x01\x00",
          b"wOFF", b"wOF2", b"OTTO", b"\x00\x01\x00\x00", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd", b"7z\xbc\xaf")


def is_binary(raw: bytes, typed: bool = False) -> bool:
    """Whether a file's bytes are binary junk, as the readers quarantine them (``binary``).
    ``typed``: the bytes were sent as a text type, which a stray NUL in a real page does not
    disprove; an image sent as text/html still starts like one, or is mostly control bytes.

    >>> is_binary(bytes(range(256)) * 4), is_binary("\ufeffHi".encode("utf-16")), is_binary(b"<p>Hi</p>")
    (True, False, False)
    >>> is_binary(b"<p>Hi\\x00</p>"), is_binary(b"<p>Hi\\x00</p>", typed=True), is_binary(b"\\x89PNG<p>", typed=True)
    (True, False, True)
    """
    if text_by_bom(raw) is not None:
        return False
    if not typed:
        return looks_binary(raw)
    head = raw[:1024]
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return head.startswith(_MAGIC) or bool(head) and control / len(head) > 0.1


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


# Servers send these for a body they know nothing about (or send no type at all): the body decides.
GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown",
                      "application/x-unknown", "unknown/unknown", "content/unknown", "*/*"})
# XML is a page only when it is XHTML served under the generic XML type; a feed or sitemap is not.
_XML = frozenset({"application/xml", "text/xml"})
# text/* types that are code or data, not prose; any other text/* (text/markdown, text/x-php,
# text/asp, ...) is read as text or, if it turns out to be markup, as a page
_TEXT_NOT_PROSE = frozenset({"text/css", "text/javascript", "text/ecmascript", "text/x-javascript", "text/jscript",
                             "text/dns", "text/calendar", "text/vcard", "text/x-vcard", "text/csv",
                             "text/tab-separated-values", "text/x-component", "text/vtt", "text/x-python"})


def media_type(content_type: str) -> str:
    """The type of a Content-Type value, lower case, without parameters.

    >>> media_type("Text/HTML; charset=UTF-8"), media_type("")
    ('text/html', '')
    """
    return content_type.partition(";")[0].strip().lower()


def type_kind(content_type: str) -> str | None:
    """How a body declared as ``content_type`` is read: ``"html"``, ``"xml"`` (a page if it
    sniffs as HTML), ``"sniff"`` (plain text, unless the body is markup: a type that says nothing,
    or text/plain and the other text/* types, which servers also send pages as), or None: not a
    text document (CSS, scripts, JSON, SVG, images, office files, PDF, DNS records...).
    Outside text/*, an allow-list: a deny-list let every new binary or code type through as a "page".

    >>> [type_kind(t) for t in ("text/html; charset=utf-8", "application/xhtml+xml", "text/htm", "text/plain")]
    ['html', 'html', 'html', 'sniff']
    >>> [type_kind(t) for t in ("text/xml", "application/octet-stream", "", "text/markdown", "text/css", "image/svg+xml")]
    ['xml', 'sniff', 'sniff', 'sniff', None, None]
    """
    media = media_type(content_type)
    if media in GENERIC_TYPES:
        return "sniff"
    if "htm" in media:  # text/html, application/xhtml+xml, text/htm, text/x-server-parsed-html ...
        return "html"
    if media in _XML:
        return "xml"
    return "sniff" if media.startswith("text/") and media not in _TEXT_NOT_PROSE else None


# How an HTML body starts (the WHATWG MIME sniffing patterns), after white space and any byte-order mark
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)"
                         r"[\s>]", re.IGNORECASE)
# Any opening tag or XML declaration (a name, then white space, "/" or ">")
_ANY_TAG = re.compile(r"<(?:\?xml|!--|!doctype|[a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)?)[\s/>]", re.IGNORECASE)
# A page's own tags further in: after an XML declaration, a comment or a byte-order mark
_HTML_TAG = re.compile(r"<(?:[\w-]+:)?(?:html|head|body)[\s>]|<!doctype\s+html", re.IGNORECASE)


def looks_html(text: str) -> bool:
    """Whether a body of generic XML type reads as an HTML page, from its first 4,000 characters.

    >>> looks_html("  <!DOCTYPE html><p>x"), looks_html('<?xml version="1.0"?>\\n<html xmlns="x">')
    (True, True)
    >>> looks_html("Plain words, 3 < 4 and <b> is bold."), looks_html('<?xml version="1.0"?><rss>')
    (False, False)
    """
    head = text[:4000].lstrip("\ufeff \t\r\n\f")
    return bool(_HTML_START.match(head) or _HTML_TAG.search(head))


def looks_markup(text: str) -> bool:
    """Whether a body sent as plain text or with no useful type is markup, which the HTML step
    reads (a page fragment starting with ``<meta>`` or ``<ul>``, a feed, a page sent as text/plain)
    rather than text to keep with its tags: it starts with a tag, after white space, a byte order
    mark or an XML declaration.

    >>> looks_markup('<meta charset="utf-8"><ul><li>x'), looks_markup("\\ufeff <?xml version='1.0'?><rss>")
    (True, True)
    >>> looks_markup("Plain words, 3 < 4 and <b> is bold."), looks_markup("<3 you all")
    (False, False)
    """
    head = text[:4000].lstrip("\ufeff \t\r\n\f")
    return bool(_HTML_START.match(head) or _ANY_TAG.match(head))


# How an HTML page or fragment starts, as text a user hands over without saying what it is
_PAGE_START = re.compile(r"\ufeff?\s*<(?:!doctype\s+html|html|head|body|div|p|h[1-6]|article|section|main|table|ul|!--)[\s>]", re.I)


def looks_like_page(text: str) -> bool:
    """Whether a text of no declared type is an HTML page rather than page text: it starts with
    a page's tag and closes one (``tamis clean`` given a page; a JSONL record of raw HTML).

    >>> looks_like_page("<!DOCTYPE html><p>Hi</p>"), looks_like_page("# Title\\n\\nText <b>bold</b>")
    (True, False)
    """
    return bool(_PAGE_START.match(text)) and "</" in text[:100_000]
