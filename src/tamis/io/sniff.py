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
    ``typed``: the bytes were sent as a text type, which one stray NUL in a real page does not
    disprove: they are binary if they start like a binary file, or hold two NULs or a tenth of
    control bytes in their first 4 KiB (random or compressed bytes: nearly always both).

    >>> is_binary(bytes(range(256)) * 4), is_binary("\ufeffHi".encode("utf-16")), is_binary(b"<p>Hi</p>")
    (True, False, False)
    >>> is_binary(b"<p>Hi\\x00</p>"), is_binary(b"<p>Hi\\x00</p>", typed=True), is_binary(b"\\x89PNG<p>", typed=True)
    (True, False, True)
    """
    if text_by_bom(raw) is not None:
        return False
    if not typed:
        return looks_binary(raw)
    head = raw[:4096]
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return head.startswith(_MAGIC) or head.count(0) >= 2 or bool(head) and control / len(head) > 0.1


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
                           "application/x-unknown", "unknown/unknown", "content/unknown", "*/*", "text/*"})
# XML is a page only when it is XHTML served under the generic XML type; a feed or sitemap is not.
_XML = frozenset({"application/xml", "text/xml"})
# text/* types that hold prose (read as text, or as a page if the body is one) or are pages made
# by a server-side language; any other text/* is code or data (CSS, scripts, CSV, JSON, RTF, SQL,
# calendars, DNS records). An allow-list: the deny-list this replaced let each new one through.
_TEXT_PROSE = frozenset({"text/plain", "text/markdown", "text/x-markdown", "text/x-web-markdown", "text/asp",
                         "text/x-asp", "text/aspdotnet", "text/php", "text/x-php", "text/x-server-parsed"})


def media_type(content_type: str) -> str:
    """The type of a Content-Type value, lower case, without parameters.

    >>> media_type("Text/HTML; charset=UTF-8"), media_type("")
    ('text/html', '')
    """
    return content_type.partition(";")[0].strip().lower()


def type_kind(content_type: str) -> str | None:
    """How a body declared as ``content_type`` is read: ``"html"``, ``"xml"`` (a page if it
    sniffs as HTML), ``"text"`` (plain text, unless the body is a page: servers send pages as
    text/plain too), ``"sniff"`` (a type that says nothing: the body decides), or None: not a
    text document (CSS, scripts, JSON, CSV, SVG, images, office files, PDF, DNS records...).

    >>> [type_kind(t) for t in ("text/html; charset=utf-8", "application/xhtml+xml", "text/htm", "text/plain")]
    ['html', 'html', 'html', 'text']
    >>> [type_kind(t) for t in ("text/xml", "application/octet-stream", "", "text/markdown", "text/css", "text/x-csv")]
    ['xml', 'sniff', 'sniff', 'text', None, None]
    """
    media = media_type(content_type)
    if media in GENERIC_TYPES:
        return "sniff"
    if "htm" in media:  # text/html, application/xhtml+xml, text/htm, text/x-server-parsed-html ...
        return "html"
    if media in _XML:
        return "xml"
    return "text" if media in _TEXT_PROSE else None


# A page's own elements: a doctype, <html>, <head> or <body> (after an XML declaration, a comment
# or a byte order mark, or further in)
_HTML_TAG = re.compile(r"<(?:[\w-]+:)?(?:html|head|body)[\s>]|<!doctype\s+html", re.IGNORECASE)
# Any tag or comment, for the share of a text that is markup
_TAG = re.compile(r"<[a-zA-Z!/?][^<>]{0,500}>")
# XML that is no page: a declaration or the root of a feed, a sitemap, an image
_XML_ROOT = re.compile(r"<(?:\?xml|rss|feed|urlset|sitemapindex|svg|rdf:RDF|opml)[\s>/]", re.IGNORECASE)


def looks_html(text: str) -> bool:
    """Whether a body of generic XML type is an HTML page, from its first 4,000 characters.

    >>> looks_html("  <!DOCTYPE html><p>x"), looks_html('<?xml version="1.0"?>\\n<html xmlns="x">')
    (True, True)
    >>> looks_html("Plain words, 3 < 4 and <b> is bold."), looks_html('<?xml version="1.0"?><rss>')
    (False, False)
    """
    return bool(_HTML_TAG.search(text[:4000]))


def looks_like_page(text: str) -> bool:
    """Whether a text of no declared type (or sent as plain text) is an HTML page or a fragment of
    one rather than text: it has a page's own elements, or it starts with a tag and most of its
    first 4,000 characters are markup. A README that opens with ``<p align="center">`` and goes on
    in Markdown is text, and so is a post that starts with an HTML comment.

    >>> looks_like_page("<!DOCTYPE html><p>Hi</p>"), looks_like_page('<meta charset="utf-8"><ul><li><a href="/a">A</a></li></ul>')
    (True, True)
    >>> looks_like_page('<p align="center"><img src="logo.png"></p>\\n\\n# My tool\\n\\nIt does one thing well, and fast.')
    False
    >>> looks_like_page("<!-- saved from a forum -->\\nHow do I center a div? I tried this: <div>x</div> and more words.")
    False
    """
    head = text[:4000]
    if _HTML_TAG.search(head):
        return True
    start = head.lstrip("\ufeff \t\r\n\f")
    if not start.startswith("<") or _XML_ROOT.match(start):  # (a feed is mostly markup too)
        return False
    markup = sum(m.end() - m.start() for m in _TAG.finditer(start))
    return markup >= 0.5 * len(start.strip())


def looks_xml(text: str) -> bool:
    """Whether a body of no declared type is XML that is no page (a feed, a sitemap, an SVG).

    >>> looks_xml('<?xml version="1.0"?><urlset>'), looks_xml("<rss version='2.0'>"), looks_xml("<p>x</p>")
    (True, True, False)
    """
    return bool(_XML_ROOT.match(text[:4000].lstrip("\ufeff \t\r\n\f")))
