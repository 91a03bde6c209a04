"""What a WARC record's body is, by its declared type and its bytes: pages are HTML documents,
plain text stays plain text, and everything else (images, office files, stylesheets, scripts, DNS
lookups, empty records) is quarantined with a reason instead of reaching the steps as a "page".
LF-only files, read by the lenient parser, are read the same way as CRLF files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tamis.api import run
from tamis.document import Document
from tamis.io.readers import Unreadable
from tests.helpers import check_invariant, ledger_rows, output_rows
from tests.io.test_bad_warc import read_all

HTTP_TYPE = "application/http; msgtype=response"
PAGE = b"<html><head><title>T</title></head><body><p>A page about the harbour and its ferries.</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
DOCX = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4
XHTML = b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>'
PLAIN = b"Plain text file <b>not html</b> &amp; stuff.\nSecond line stays a line."


def record(i: int, typ: str, block: bytes, wct: str | None = HTTP_TYPE, eol: str = "\r\n") -> bytes:
    """A WARC record written by hand, its lines ending in ``eol``."""
    head = ["WARC/1.0", f"WARC-Type: {typ}", f"WARC-Target-URI: http://doc{i}.example/",
            "WARC-Date: 2024-01-01T00:00:00Z", f"WARC-Record-ID: <urn:uuid:{i:032x}>"]
    head += [f"Content-Type: {wct}"] if wct else []
    head += [f"Content-Length: {len(block)}", "", ""]
    return eol.join(head).encode() + block + (eol * 2).encode()


def http(body: bytes, ctype: str | None, status: str = "200 OK", extra: str = "", eol: str = "\r\n") -> bytes:
    lines = [f"HTTP/1.1 {status}"] + ([f"Content-Type: {ctype}"] if ctype else []) + ([extra] if extra else [])
    return (eol.join(lines) + eol + eol).encode() + body


def by_id(items: list) -> dict[int, Document | Unreadable]:
    return {int(item.id.removeprefix("urn:uuid:"), 16): item for item in items}


# (declared Content-Type, body, what the record becomes: a quarantine reason or the document's content_type)
CASES = [
    (None, PNG, "binary"),
    ("text/html", PNG, "binary"),  # a mislabelled image: the bytes are checked whatever the type
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX, "not_text"),
    ("text/css", b"body { color: red; margin: 0 auto; }\n" * 5, "not_text"),
    ("text/javascript", b"function f(a){return a+1;}\n" * 5, "not_text"),
    ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L9 9"/></svg>', "not_text"),
    ("application/json", b'{"a": "some json text"}', "not_text"),
    ("application/pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "not_text"),
    ("text/xml", b'<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>', "not_text"),
    ("text/html; charset=utf-8", PAGE, "text/html"),
    ("application/xhtml+xml", XHTML, "text/html"),
    ("application/xml", XHTML, "text/html"),
    (None, PAGE, "text/html"),
    ("application/octet-stream", PAGE, "text/html"),
    (None, b"Just words, no markup at all, 3 < 4.", "text/plain"),
    ("text/plain", PLAIN, "text/plain"),
    # found by a review of the first allow-list: pages sent as text, fragments and feeds with no
    # type went out as raw markup, and other text types and a stray NUL lost pages
    ("text/plain", PAGE, "text/html"),
    (None, b'<meta charset="utf-8"><ul><li>A list of harbour ferries.</li></ul>', "text/html"),
    (None, b'<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>', "not_text"),
    # and a second review of those rules: text that starts with something like a tag, data types
    # under text/*, random bytes sent as a text type
    ("text/plain", b"<name> is the name of your project, and <path> is where it lives.\nUsage: tool <name>", "text/plain"),
    ("text/plain", b"<b>Important:</b> read this before you install the tool on a shared machine.\nThanks.", "text/plain"),
    (None, b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.org/a</loc></url></urlset>',
     "not_text"),
    ("text/json", b'{"a": 1}', "not_text"),
    ("text/x-csv", b"a,b\n1,2\n", "not_text"),
    ("text/rtf", b"{\\rtf1\\ansi Hello}", "not_text"),
    ("text/html", bytes((i * 7919 + 13) % 251 for i in range(4096)), "binary"),
    ("text/plain", bytes((i * 104729 + 7) % 256 for i in range(4096)), "binary"),
    # and a third review: feeds behind a comment or a stylesheet, XML of other roots, a short
    # binary body, a page opening with a long inline SVG
    (None, b'<!-- generator="WordPress" -->\n<rss version="2.0"><channel><title>F</title></channel></rss>', "not_text"),
    ("text/plain", b'<?xml-stylesheet href="s.xsl"?>\n<urlset><url><loc>https://x.org/a</loc></url></urlset>', "not_text"),
    (None, b"<record><id>1</id><name>x</name></record>", "not_text"),
    (None, b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', "not_text"),
    ("text/html", bytes((i * 131 + 17) % 256 for i in range(200)), "binary"),
    (None, b'<svg style="display:none">' + b'<symbol id="i"><path d="M0 0L9 9"/></symbol>' * 120 + b"</svg>" + PAGE[48:],
     "text/html"),
    # and a fourth: custom and legacy elements first, a fragment cut short in its text
    (None, b"<app-root><p>A page about the harbour.</p></app-root>", "text/html"),
    ("text/plain", b"<noindex><p>A page about the harbour.</p></noindex>", "text/html"),
    (None, (b"<div><p>The ferry leaves at <b>nine</b>, <i>weather</i> permitting.</p></div>" * 4)[:-40], "text/html"),
    ("text/htm", PAGE, "text/html"),
    ("text/markdown", b"# Ferries\n\nThe harbour has *two* ferries.", "text/plain"),
    ("text/html", PAGE.replace(b"<p>", b"<p>\x00", 1), "text/html"),
    ("text/csv", b"a,b\n1,2\n", "not_text"),
]


@pytest.mark.parametrize("eol", ["\r\n", "\n"], ids=["crlf", "lf-only"])
def test_only_pages_and_plain_text_become_documents(tmp_path: Path, eol: str) -> None:
    parts = [record(i, "response", http(body, ctype, eol=eol), eol=eol) for i, (ctype, body, _) in enumerate(CASES)]
    # Heritrix stores DNS lookups as responses with no HTTP head
    dns = len(CASES)
    parts.append(record(dns, "response", b"20240101000000\nexample.com.\t300\tIN\tA\t93.184.216.34\n", "text/dns", eol))
    path = tmp_path / "types.warc"
    path.write_bytes(b"".join(parts))
    items = by_id(read_all(path))
    got = {i: item.reason if isinstance(item, Unreadable) else item.metadata["content_type"] for i, item in items.items()}
    want = {i: expected for i, (_, _, expected) in enumerate(CASES)} | {dns: "not_text"}
    assert got == want
    for i, (ctype, _, expected) in enumerate(CASES):
        if expected == "not_text" and ctype:  # the reason names the type
            assert ctype in items[i].detail["message"] and items[i].detail["content_type"] == ctype
    assert items[dns].detail["content_type"] == "text/dns"


def test_plain_text_keeps_its_type_and_the_html_step_leaves_it_alone(tmp_path: Path) -> None:
    latin = "Caf\u00e9 cr\u00e8me, na\u00efve <i>and</i> plain.\nA second line.\n" * 3
    parts = [record(1, "response", http(PLAIN, "text/plain")),
             record(2, "response", http(latin.encode("latin-1"), "text/plain; charset=iso-8859-1"))]
    path = tmp_path / "plain.warc.gz"
    path.write_bytes(b"".join(gzip.compress(p) for p in parts))
    docs = by_id(read_all(path))
    assert docs[1].metadata["content_type"] == "text/plain" and docs[1].text == PLAIN.decode()
    assert docs[2].metadata["content_type"] == "text/plain" and docs[2].text == latin  # the charset applies
    out = tmp_path / "out"
    summary = run([str(path)], str(out), steps=["extract_html"], workers=1)
    assert summary.ok and summary.kept == 2
    texts = {row["id"]: row["text"] for row in output_rows(out)}
    # the HTML extractor would have dropped the literal tags and joined the lines
    assert texts[f"urn:uuid:{1:032x}"] == PLAIN.decode()
    check_invariant(out)


@pytest.mark.parametrize("eol", ["\r\n", "\n"], ids=["crlf", "lf-only"])
def test_empty_wet_records_are_quarantined(tmp_path: Path, eol: str) -> None:
    blocks = {1: b"First WET document with text.", 2: b"", 3: b"   \n  \t", 4: b"Second document."}
    parts = [record(i, "conversion", block, "text/plain", eol) for i, block in blocks.items()]
    path = tmp_path / "empty.warc.wet.gz"
    path.write_bytes(b"".join(gzip.compress(p) for p in parts))
    items = by_id(read_all(path))
    assert {i: item.reason if isinstance(item, Unreadable) else item.text for i, item in items.items()} == {
        1: "First WET document with text.", 2: "empty_record", 3: "empty_record", 4: "Second document."}


def _mixed(eol: str) -> bytes:
    latin = b"<html><body><p>Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve.</p></body></html>"
    return b"".join([
        record(1, "response", http(PAGE, "text/html; charset=utf-8", eol=eol), eol=eol),
        record(2, "response", http(latin, "text/html; charset=iso-8859-1", eol=eol), eol=eol),
        record(3, "response", http(gzip.compress(PAGE), "text/html", extra="Content-Encoding: gzip", eol=eol), eol=eol),
        record(4, "resource", b"A resource record holding plain text.", "text/plain", eol),
        record(5, "response", http(PAGE.replace(b"harbour", b"missing"), "text/html", "404 Not Found", eol=eol), eol=eol),
        record(6, "response", http(PLAIN, "text/plain", eol=eol), eol=eol),
        record(7, "response", b"<html><body>no HTTP head</body></html>", eol=eol),
    ])


def test_lf_only_files_get_the_same_http_handling_as_crlf_files(tmp_path: Path) -> None:
    crlf, lf = tmp_path / "crlf.warc", tmp_path / "lf.warc"
    crlf.write_bytes(_mixed("\r\n"))
    lf.write_bytes(_mixed("\n"))
    strict, lenient = by_id(read_all(crlf)), by_id(read_all(lf))
    assert sorted(lenient) == sorted(strict) == [1, 2, 3, 5, 6, 7]  # the resource record is skipped in both
    assert lenient[7].reason == strict[7].reason == "bad_http_head"
    for i in (1, 2, 3, 5, 6):
        doc, same = lenient[i], strict[i]
        assert doc.text == same.text and not doc.text.startswith("HTTP/")
        drop = {"location"}
        assert {k: v for k, v in doc.metadata.items() if k not in drop} == {k: v for k, v in same.metadata.items() if k not in drop}
    assert [lenient[i].metadata["location"]["http_status"] for i in (1, 2, 3, 5, 6)] == [200, 200, 200, 404, 200]
    assert "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e" in lenient[2].text  # the declared charset
    assert lenient[3].text == PAGE.decode()  # gzip undone, not quarantined as binary
    assert lenient[6].metadata["content_type"] == "text/plain"
    out = tmp_path / "out"
    run([str(lf)], str(out), workers=1)  # the default pipeline drops the error page by its status
    fates = {r["id"]: (r["fate"], r["reason"]) for r in ledger_rows(out)}
    assert fates[f"urn:uuid:{5:032x}"] == ("removed", "http_error_status")
    check_invariant(out)


def test_a_warc_of_only_images_and_empty_redirects_loses_nothing_and_exits_ok(tmp_path: Path) -> None:
    # a crawl's images and redirects hold no text by their nature: before, a WARC of only those
    # "failed" as if a wrong option had made every record unreadable (exit 1)
    blocks = [record(i, "response", http(PNG, "image/png")) for i in range(3)]
    blocks.append(record(3, "response", http(b"", "text/html", status="301 Moved Permanently")))
    src = tmp_path / "images.warc"
    src.write_bytes(b"".join(blocks))
    summary = run([str(src)], str(tmp_path / "out"), steps=[], executor="inprocess")
    check_invariant(tmp_path / "out")
    assert summary.quarantined == 4 and summary.kept == 0
    assert summary.ok and not summary.problems


def test_a_page_in_another_charset_than_its_meta_tag_says_is_read_in_the_right_one(tmp_path: Path) -> None:
    # a review: old CMS templates say UTF-8 over windows-1251 bytes; read as UTF-8 the page was
    # mostly errors, and the check for binary bodies that decode as errors took it for one
    page = ('<html><head><meta charset="utf-8"><title>Новости</title></head><body><p>'
            + "Паром отправляется в девять часов утра, если позволяет погода. " * 20 + "</p></body></html>")
    path = tmp_path / "cp1251.warc"
    path.write_bytes(record(0, "response", http(page.encode("cp1251"), "text/html")))
    (doc,) = read_all(path)
    assert isinstance(doc, Document) and "Паром отправляется" in doc.text and not doc.metadata.get("decode_errors")
