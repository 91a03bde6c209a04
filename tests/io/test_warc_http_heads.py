"""The HTTP head inside a WARC response record: LF-only heads (ClueWeb22 stores them so), heads
fastwarc cannot read, and payloads with no head at all. A page never loses its start to the head,
and a record whose head cannot be read is quarantined alone."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tamis.api import run
from tamis.io.readers import Unreadable
from tests.helpers import check_invariant, ledger_rows
from tests.io.test_bad_warc import STEPS, read_all

PAGE = ("<html><head><title>Tidal station opens</title></head><body><article><h1>Tidal station opens</h1>\n"
        "<p>The harbour town opened its tidal power station on Monday after a decade of planning.</p>\r\n\r\n"
        "<p>The turbines will need their first major service in six years.</p></article></body></html>")


def response(i: int, payload: bytes) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://doc{i}.example/\r\n"
            f"WARC-Record-ID: <urn:uuid:{i:032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload + b"\r\n\r\n"


def http(eol: str, body: str = PAGE) -> bytes:
    return f"HTTP/1.1 200 OK{eol}Content-Type: text/html; charset=utf-8{eol}{eol}{body}".encode()


@pytest.mark.parametrize("gz", [False, True])
def test_an_lf_only_http_head_keeps_the_whole_page(tmp_path: Path, gz: bool) -> None:
    # The page holds a CRLF CRLF of its own: a strict parser ends the head there and the title,
    # the headline and the first paragraph went with it. Without one, the page was "empty".
    parts = [response(0, http("\n")), response(1, http("\r\n")), response(2, http("\n", PAGE.replace("\r\n", "\n")))]
    path = tmp_path / ("lf.warc.gz" if gz else "lf.warc")
    path.write_bytes(b"".join(gzip.compress(p) for p in parts) if gz else b"".join(parts))
    items = read_all(path)
    assert not any(isinstance(i, Unreadable) for i in items)
    assert [d.text.replace("\r\n", "\n") for d in items] == [PAGE.replace("\r\n", "\n")] * 3
    assert all(d.metadata["content_type"] == "text/html" for d in items)


def test_an_unreadable_head_quarantines_that_record_only(tmp_path: Path) -> None:
    too_long = b"HTTP/1.1 200 OK\r\nX-Long: " + b"y" * 300_000 + b"\r\n\r\n<p>hidden</p>"
    parts = [response(0, too_long), response(1, b"<html><body><p>no head</p></body></html>"), response(2, http("\r\n"))]
    path = tmp_path / "heads.warc"
    path.write_bytes(b"".join(parts))
    items = read_all(path)
    assert [(i.id, i.reason) for i in items if isinstance(i, Unreadable)] == [
        (f"urn:uuid:{0:032x}", "bad_http_head"), (f"urn:uuid:{1:032x}", "bad_http_head")]
    assert not any(i.ends_shard for i in items if isinstance(i, Unreadable))  # the file goes on
    (doc,) = [i for i in items if not isinstance(i, Unreadable)]
    assert doc.id == f"urn:uuid:{2:032x}" and "Tidal station opens" in doc.text
    out = tmp_path / "out"
    summary = run([str(path)], str(out), steps=STEPS, workers=1)
    assert summary.ok and summary.quarantined == 2 and summary.kept == 1
    reasons = {r["id"]: r["reason"] for r in ledger_rows(out) if r["reason"]}
    assert set(reasons.values()) == {"bad_http_head"}
    check_invariant(out)


def test_the_http_status_is_kept_and_the_default_pipeline_drops_error_pages(tmp_path: Path) -> None:
    # A site's 404 page with the same body as a real page was kept, and the near-duplicate step
    # removed the real page as its copy; the status was read only to check the head.
    long_page = PAGE.replace("</article>", "<p>" + "The council will publish the station's first year of output figures. " * 6
                             + "</p></article>")
    statuses = {0: "404 Not Found", 1: "200 OK", 2: "301 Moved Permanently"}
    parts = [response(i, f"HTTP/1.1 {s}\r\nContent-Type: text/html\r\n\r\n{long_page}".encode()) for i, s in statuses.items()]
    path = tmp_path / "status.warc"
    path.write_bytes(b"".join(parts))
    assert [d.metadata["location"]["http_status"] for d in read_all(path)] == [404, 200, 301]
    out = tmp_path / "out"
    summary = run([str(path)], str(out), workers=1)  # the default pipeline
    assert summary.ok and summary.kept == 1
    fates = {r["id"]: (r["fate"], r["reason"]) for r in ledger_rows(out)}
    assert fates == {f"urn:uuid:{0:032x}": ("removed", "http_error_status"), f"urn:uuid:{1:032x}": ("kept", None),
                     f"urn:uuid:{2:032x}": ("removed", "http_error_status")}
    check_invariant(out)


def test_the_default_pipeline_does_not_warn_that_plain_text_has_no_http_status(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    # a JSONL field of the same name is the input's own (a string here): neither read nor judged
    path.write_text('{"id": "a", "text": "The harbour town opened its tidal power station on Monday.", "http_status": "200"}\n'
                    '{"id": "b", "text": "The ferry runs every hour in summer and twice a day in winter.", "http_status": 404}\n')
    summary = run([str(path)], str(tmp_path / "out"), workers=1)
    assert summary.ok and summary.kept == 2 and not any("http_status" in w for w in summary.warnings)


def test_explain_finds_a_warc_record_by_the_id_as_its_header_writes_it(tmp_path: Path) -> None:
    from tamis.run.explain import explain

    path = tmp_path / "one.warc"
    path.write_bytes(response(7, http("\r\n")))
    out = tmp_path / "out"
    assert run([str(path)], str(out), steps=STEPS, workers=1).ok
    bare = f"urn:uuid:{7:032x}"
    text, found = explain(str(out), f"<{bare}>")  # WARC-Record-ID: <urn:uuid:...>
    assert found and text.startswith(f"id:     {bare}\nfate:   kept")
