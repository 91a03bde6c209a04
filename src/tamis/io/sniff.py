"""What a file's raw bytes are, before they are read as text: binary junk, UTF-16/32 text by its
byte-order mark, whether an HTTP body of a declared type is a page, plain text or neither, and
how many UTF-8 bytes a text takes (``reader.max_doc_bytes`` counts bytes in every format). The
readers and ``tamis clean``/``extract`` decide alike from these."""

from __future__ import annotations

import re
from typing import NamedTuple

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


# How each compressed stream the readers undo starts, by its file suffix (zstd, gzip, bzip2, xz)
STREAM_MAGIC = {".zst": b"\x28\xb5\x2f\xfd", ".gz": b"\x1f\x8b", ".bz2": b"BZh", ".xz": b"\xfd7zXZ\x00"}
# How common binary files start: an image, a PDF, an archive or compressed stream, a font
_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"RIFF", b"\x00\x00\x01\x00", b"wOFF", b"wOF2",
          b"OTTO", b"\x00\x01\x00\x00", b"7z\xbc\xaf", *STREAM_MAGIC.values())


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


def opens_json_array(data: bytes) -> bool:
    """Whether JSON bytes open an array (a ``.json`` file of one array, not JSON Lines), after a
    byte order mark and white space.

    >>> opens_json_array(b"\\xef\\xbb\\xbf\\n [{"), opens_json_array(b'{"id": 1}')
    (True, False)
    """
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")


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


# What may come before a document's first element: processing instructions (an XML declaration),
# comments, a doctype (which says whether it is a page)
_PREAMBLE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)", re.IGNORECASE | re.DOTALL)
_FIRST_TAG = re.compile(r"\s*<([a-zA-Z][\w:.-]*)[\s/>]")
# HTML's own elements: a page, or a fragment of one, starts with one of these
_HTML_ELEMENTS = frozenset((
    "html head body meta link script style title base noscript div p span a img br hr h1 h2 h3 h4 h5 h6 article "
    "section main header footer nav aside figure figcaption table thead tbody tr td th ul ol li dl dt dd form input "
    "button select textarea label iframe center font b i u em strong small blockquote pre code picture source video "
    "audio canvas template details summary time address svg noindex nobr ins del s sup sub abbr cite q mark wbr area "
    "map object embed fieldset legend option caption tfoot frameset frame marquee big tt kbd samp var dialog menu "
    "hgroup ruby data").split())
# The roots of XML that is no page: feeds, sitemaps, RDF, outlines, map tracks
_XML_ROOTS = frozenset("rss feed urlset sitemapindex rdf:rdf opml kml gpx".split())
_CONTENT = re.compile(r"[^\s\ufeff]")  # where a text's content starts
# Text read for the first element: pages that open with thousands of blank lines or a long
# comment are common (templates), a preamble of more than this is not
_HEAD = 8000


class _First(NamedTuple):
    """A text's first element, after white space, a byte order mark, processing instructions and
    comments: its name (lower case; None when words come first), whether an HTML doctype or an
    XML declaration came before it, and where its tag starts (-1: none)."""

    name: str | None
    doctype: bool
    xml: bool
    at: int


def _first_element(text: str) -> _First:
    start = _CONTENT.search(text)
    offset = start.start() if start else 0
    head = text[offset : offset + _HEAD]
    doctype = xml = False
    pos = 0
    while m := _PREAMBLE.match(head, pos):
        mark = m.group().lstrip()[:14].lower()
        doctype |= mark.startswith("<!doctype html")
        xml |= mark.startswith("<?xml ")
        pos = m.end()
    first = _FIRST_TAG.match(head, pos)
    if first is None:
        return _First(None, doctype, xml, -1)
    return _First(first.group(1).lower(), doctype, xml, offset + first.start(1) - 1)


# A page's head elements: one first, followed by more markup, starts a page (an SEO tutorial
# may open with the words "<title> tag is ...", which are no page)
_HEAD_FIRST = frozenset(("meta", "link", "base", "title", "style"))
_CLOSED = {"title": re.compile(r"</title\s*>", re.IGNORECASE), "style": re.compile(r"</style\s*>", re.IGNORECASE)}
# A tag to its end, past ">" inside quoted attribute values ("Home > Shoes")
_TAG_END = re.compile(r"""<[^\s>/]+(?:[^"'>]|"[^"]*"|'[^']*')*>""")
# How far a <style> or <title> may run to its end (a page's CSS can be 40,000 characters)
_BLOCK = 1_000_000


def _markup_follows(text: str, first: _First) -> bool:
    """Whether the first element (a head element) is followed by another tag: after its closing
    tag for ``<title>`` and ``<style>``, after the tag itself for the empty ones."""
    name, at = first.name, first.at
    tag = _TAG_END.match(text, at, at + _HEAD) if at >= 0 else None
    if tag is None:
        return False
    end = tag.end()
    if name in _CLOSED:
        closed = _CLOSED[name].search(text, end, end + _BLOCK)
        if closed is None:
            return False
        end = closed.end()
    rest = _CONTENT.search(text, end, end + _HEAD)
    return rest is not None and text[rest.start()] == "<"


def _html_element(name: str | None) -> bool:
    """HTML's own elements and custom elements (``<app-root>``, ``<amp-story>``: a hyphen in the name)."""
    return name is not None and (name in _HTML_ELEMENTS or "-" in name)


# An opening or closing tag of one of HTML's common elements
_COMMON_TAG = re.compile(r"</?(?:div|p|a|span|li|ul|ol|td|tr|table|img|br|h[1-6]|script|style|meta|link|section|article|nav"
                         r"|header|footer|main|aside|figure|form|input|button|iframe|strong|em|b|i)[\s/>]", re.IGNORECASE)


def _many_tags(text: str) -> bool:
    """Whether a text's start holds many of HTML's tags (20 in 8,000 characters): a README with a
    centred logo has a few."""
    start = _CONTENT.search(text)
    at = start.start() if start else 0
    return sum(1 for _ in zip(range(20), _COMMON_TAG.finditer(text, at, at + _HEAD))) >= 20


def _tail(text: str) -> str:
    """How a text ends, without trailing white space (a bounded slice: texts may be megabytes)."""
    return text[-4000:].rstrip()


def _ends_in_tag(text: str) -> bool:
    return _tail(text).endswith(">")


def looks_like_page(text: str) -> bool:
    """Whether a text of no declared type (or sent as text) is an HTML page or a fragment of one:
    an HTML doctype, the root or a head element (``<meta>``, ``<title>``...) first, or another HTML
    element first and a tag last or many of HTML's tags (a page cut short). Text that opens
    with a tag goes on in words: a README under a centred logo, a post under an HTML comment, a
    usage line (``<name> is ...``), a link in angle brackets. Prose that mentions ``<head>``
    further on is text; a feed or sitemap is XML (``looks_xml``).

    >>> looks_like_page("\\n" * 5000 + "<!DOCTYPE html><p>Hi</p>"), looks_like_page('<meta charset="utf-8"><ul><li><a href="/a">A</a></li></ul>')
    (True, True)
    >>> looks_like_page('<p align="center"><img src="logo.png"></p>\\n\\n# My tool\\n\\nIt does one thing well, and fast.')
    False
    >>> looks_like_page("<!-- saved -->\\nHow do I center a div? I tried <div>x</div> in the <head> and <body>.")
    False
    >>> looks_like_page("<https://example.com/docs> has the docs."), looks_like_page('<!-- Yoast -->\\n<urlset><url/></urlset>')
    (False, False)
    """
    first = _first_element(text)
    name = first.name
    if first.doctype or name in ("html", "head", "body") or name in _HEAD_FIRST and _markup_follows(text, first):
        return True
    if not _html_element(name) or name == "svg" and _tail(text).endswith("</svg>"):  # (an SVG image)
        return False
    # a tag last, or many of HTML's tags (a page cut short in its text)
    return _ends_in_tag(text) or _many_tags(text)


def looks_xml(text: str) -> bool:
    """Whether a text of no useful type is XML that is no page: a feed, a sitemap, an SVG image,
    or any document of elements that are not HTML's.

    >>> looks_xml('<?xml-stylesheet href="s.xsl"?>\\n<urlset>'), looks_xml("<!-- gen -->\\n<rss version='2.0'>"), looks_xml("<p>x</p>")
    (True, True, False)
    >>> looks_xml("<record><id>1</id></record>"), looks_xml("<name> is the name of your project.")
    (True, False)
    """
    name, doctype, xml, _ = _first_element(text)
    if doctype or name is None or name == "html":
        return False
    if name in _XML_ROOTS or name == "svg" and _tail(text).endswith("</svg>"):
        return True
    # (any other first element: XML when it closes at the end, "<name> is ... <name>" is text)
    return not _html_element(name) and (xml or _tail(text)[-len(name) - 3 :].lower() == f"</{name}>")
