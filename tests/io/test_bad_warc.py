"""Broken WARC/WET input: a cut file is never mistaken for a short one, and nothing vanishes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tamis.api import run
from tamis.config import ReaderConfig
from tamis.io.readers import Unreadable, read_shard
from tamis.run.plan import plan_shards
from tests.helpers import check_invariant, ledger_rows

STEPS = ["ftfy"]


def record(i: int, uri: str | None = None, version: str = "1.0", eol: str = "\r\n") -> bytes:
    """A WARC response record, written by hand (``uri`` as it appears in the header)."""
    body = f"HTTP/1.1 200 OK{eol}Content-Type: text/html{eol}{eol}<html><body><p>page {i} "
    body = (body + "words " * 40 + "</p></body></html>").encode()
    uri = uri or f"http://site{i}.example/"
    head = (f"WARC/{version}{eol}WARC-Type: response{eol}WARC-Target-URI: {uri}{eol}"
            f"WARC-Date: 2024-01-01T00:00:00Z{eol}WARC-Record-ID: <urn:uuid:{i:032x}>{eol}"
            f"Content-Type: application/http; msgtype=response{eol}Content-Length: {len(body)}{eol}{eol}")
    return head.encode() + body + (eol * 2).encode()


def wet(i: int, text: str) -> bytes:
    """A WET conversion record with bare LF line ends and a CRLF-counted length, as hand-made
    samples have them."""
    body = text.encode()
    return (f"WARC/1.0\nWARC-Type: conversion\nWARC-Target-URI: http://w{i}.example/\n"
            f"WARC-Record-ID: <urn:uuid:{i:032x}>\nContent-Length: {len(body) + body.count(10)}\n\n").encode() + body + b"\n\n"


def read_all(path: Path) -> list:
    cfg = ReaderConfig()
    return [item for shard in plan_shards([str(path)], cfg) for item in read_shard(shard, cfg)]


def cut_items(items: list) -> list[Unreadable]:
    return [i for i in items if isinstance(i, Unreadable) and i.ends_shard]


def test_truncated_warc_gz_is_partial_and_fails_the_run(tmp_path: Path) -> None:
    blob = b"".join(gzip.compress(record(i)) for i in range(30))  # one member per record, as crawlers write
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(blob[: len(blob) * 2 // 3])
    good = tmp_path / "good.warc.gz"
    good.write_bytes(gzip.compress(record(99)))
    summary = run([str(path), str(good)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert not summary.ok  # exit code 1
    statuses = {s["files"][0]: s["status"] for s in summary.shards.values()}
    assert statuses == {str(path): "partial", str(good): "done"}
    assert 15 <= summary.kept - 1 < 30  # the records before the break were processed
    (rest,) = [r for r in ledger_rows(tmp_path / "out") if r["reason"] == "corrupt_stream"]
    assert "rest-after-record" in rest["id"]
    check_invariant(tmp_path / "out")


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.97])
def test_truncated_gzip_detected_wherever_it_is_cut(tmp_path: Path, keep: float) -> None:
    whole = b"".join(record(i) for i in range(20))
    for name, blob in (("members", b"".join(gzip.compress(record(i)) for i in range(20))),
                       ("single", gzip.compress(whole))):  # one member for the whole file
        path = tmp_path / f"{name}.warc.gz"
        path.write_bytes(blob[: int(len(blob) * keep)])
        items = read_all(path)
        assert len(cut_items(items)) == 1, name
        assert cut_items(items)[0].reason == "corrupt_stream"


def test_whole_files_are_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "ok.warc.gz"
    path.write_bytes(b"".join(gzip.compress(record(i)) for i in range(5)))
    single = tmp_path / "single.warc.gz"
    single.write_bytes(gzip.compress(b"".join(record(i) for i in range(5))))
    plain = tmp_path / "plain.warc"
    plain.write_bytes(b"".join(record(i) for i in range(5)))
    for p in (path, single, plain):
        items = read_all(p)
        assert len(items) == 5 and not any(isinstance(i, Unreadable) for i in items), p


@pytest.mark.parametrize("where", ["body", "header"])
def test_plain_warc_cut_inside_the_last_record(tmp_path: Path, where: str) -> None:
    last = record(9)
    keep = len(last) - 200 if where == "body" else last.index(b"WARC-Date")
    path = tmp_path / "cut.warc"
    path.write_bytes(b"".join(record(i) for i in range(9)) + last[:keep])
    items = read_all(path)
    assert sum(not isinstance(i, Unreadable) for i in items) == 9
    (cut,) = cut_items(items)
    assert cut.reason == "corrupt_stream" and cut.id.endswith("#rest-after-record-9")


def test_lf_wet_whole_and_cut(tmp_path: Path) -> None:
    texts = ["first page\nwith two lines", "second page", "third page\nwith\nmore lines"]
    whole = b"".join(wet(i, t) for i, t in enumerate(texts))
    path = tmp_path / "x.wet"
    path.write_bytes(whole)
    docs = read_all(path)
    # A CRLF-counted length overruns an LF record; no record may be swallowed by the next.
    assert [d.text.strip() for d in docs] == texts
    path.write_bytes(whole[:-20])
    items = read_all(path)
    assert [i.text.strip() for i in items[:2]] == texts[:2]
    (cut,) = cut_items(items)
    assert cut.reason == "corrupt_stream"
    gz = tmp_path / "y.wet.gz"
    gz.write_bytes(gzip.compress(whole)[:-30])
    assert [i.reason for i in cut_items(read_all(gz))] == ["corrupt_stream"]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_target_uri_without_angle_brackets(tmp_path: Path, version: str) -> None:
    path = tmp_path / "b.warc.gz"
    path.write_bytes(gzip.compress(record(1, "<https://allenai.org/>", version)) + gzip.compress(record(2, "https://b.example/x", version)))
    docs = read_all(path)
    assert [d.metadata["url"] for d in docs] == ["https://allenai.org/", "https://b.example/x"]
    assert [d.metadata["location"]["url"] for d in docs] == ["https://allenai.org/", "https://b.example/x"]
    assert docs[0].id == f"urn:uuid:{1:032x}"


def test_empty_and_non_warc_files_are_quarantined(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.warc.gz").write_bytes(b"")
    (src / "empty2.warc").write_bytes(b"")
    (src / "zero.warc.gz").write_bytes(gzip.compress(b""))
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1)
    reasons = {Path(r["id"]).name: r["reason"] for r in ledger_rows(tmp_path / "out")}
    assert reasons == dict.fromkeys(["empty.warc.gz", "empty2.warc", "zero.warc.gz"], "empty_file")
    assert summary.ok and summary.quarantined == 3  # nothing was lost
    check_invariant(tmp_path / "out")
    (src / "notes.warc").write_text("this is not a WARC file at all\n")
    summary = run([str(src)], str(tmp_path / "out2"), steps=STEPS, workers=1)
    (row,) = [r for r in ledger_rows(tmp_path / "out2") if r["id"].endswith("notes.warc")]
    assert row["reason"] == "not_warc"
    assert not summary.ok  # what it held cannot be counted: the shard is partial
    check_invariant(tmp_path / "out2")


def test_lf_wet_whose_length_counts_characters_keeps_the_whole_text(tmp_path: Path) -> None:
    # hand-made samples also count characters, not bytes: the text must not be cut at the count
    texts = ["Правда упряма, а статистика податлива.", "事實是固執的東西，但統計數字卻比較柔和。", "plain ascii page"]
    records = [(f"WARC/1.0\nWARC-Type: conversion\nWARC-Target-URI: http://w{i}.example/\n"
                f"WARC-Record-ID: <urn:uuid:{i:032x}>\nContent-Length: {len(t)}\n\n").encode() + t.encode() + b"\n\n"
               for i, t in enumerate(texts)]
    path = tmp_path / "chars.wet"
    path.write_bytes(b"".join(records))
    docs = read_all(path)
    assert [d.text for d in docs] == texts
    assert [("warc_length_mismatch" in d.metadata) for d in docs] == [True, True, False]


def _lf_record(i: int, text: str, version: str = "1.0", length: int | None = None) -> bytes:
    body = text.encode()
    return (f"WARC/{version}\nWARC-Type: conversion\nWARC-Target-URI: http://w{i}.example/\n"
            f"WARC-Record-ID: <urn:uuid:{i:032x}>\nContent-Length: {len(body) if length is None else length}\n\n").encode() + body


def test_lf_wet_records_of_any_version_or_without_a_blank_line_between_stay_apart(tmp_path: Path) -> None:
    texts = ["text of record 0.", "text of record 1.", "text of record 2."]
    for name, data in (("old.wet", b"".join(_lf_record(i, t, "0.18") + b"\n\n" for i, t in enumerate(texts))),
                       ("tight.wet", b"".join(_lf_record(i, t) + b"\n" for i, t in enumerate(texts)))):
        (tmp_path / name).write_bytes(data)
        assert [d.text for d in read_all(tmp_path / name)] == texts, name


def test_lf_wet_junk_after_a_record_is_bounded_and_a_counted_final_newline_is_not_a_cut(tmp_path: Path) -> None:
    path = tmp_path / "tail.wet"
    path.write_bytes(_lf_record(0, "The real text of the record.") + b"\n\n" + b"log line that is no record\n" * 20000)
    (doc,) = read_all(path)  # kept, with at most a few bytes of what follows, not 500 kB of it
    assert doc.text.startswith("The real text of the record.") and len(doc.text) < 200
    path.write_bytes(_lf_record(0, "first.") + b"\n\n" + _lf_record(1, "A line.\nAnother line.\n\n"))
    assert [d.text for d in read_all(path)] == ["first.", "A line.\nAnother line."]


def test_lf_wet_text_that_mentions_warc_and_tight_crlf_counted_records(tmp_path: Path) -> None:
    # a body line "WARC/ARC formats ..." is text, not a record; a CRLF-counted length with no blank
    # line before the next record still ends at that record
    first = "Intro about archives.\n\nWARC/ARC formats are used by web archives.\nMore text."
    path = tmp_path / "a.wet"
    path.write_bytes(_lf_record(1, first) + b"\n\n" + _lf_record(2, "Second doc.") + b"\n\n")
    assert [d.text for d in read_all(path)] == [first, "Second doc."]
    body = "first line\nsecond line\n"
    path.write_bytes(_lf_record(1, body, length=len(body) + 2) + _lf_record(2, "other line\n", length=12))
    assert [d.text for d in read_all(path)] == ["first line\nsecond line", "other line"]


def test_lf_wet_lines_past_the_bound_are_marked_truncated(tmp_path: Path) -> None:
    path = tmp_path / "t.wet"
    path.write_bytes(_lf_record(1, "x" * 10, length=10) + b"\n" + b"more text of the same page\n" * 20)
    (doc,) = read_all(path)
    assert doc.metadata["warc_length_mismatch"]["truncated"] is True


@pytest.mark.parametrize("kind", ["lf-wet", "crlf-warc"])
def test_a_repeated_record_id_is_kept_as_given_and_the_run_warns(tmp_path: Path, kind: str) -> None:
    if kind == "lf-wet":  # the lenient parser; hand-made samples reuse record ids
        data = wet(1, "the first text under this id") + wet(1, "a second, different text") + wet(2, "alone")
    else:  # fastwarc
        data = record(1) + record(1, "http://other.example/") + record(2)
    path = tmp_path / "rep.warc.wet"
    path.write_bytes(data)
    summary = run([str(path)], str(tmp_path / "out"), steps=STEPS, workers=1)
    ids = [r["id"] for r in ledger_rows(tmp_path / "out")]
    repeated = f"urn:uuid:{1:032x}"
    assert sorted(ids) == sorted([repeated, repeated, f"urn:uuid:{2:032x}"])  # nothing renamed
    assert summary.ok and summary.kept == 3
    (warning,) = summary.warnings
    assert "1 id occurs more than once" in warning and f"{repeated} (2)" in warning
    check_invariant(tmp_path / "out", {repeated: 2})  # the repeat as the input holds it
    for wrong in (None, {repeated: 3}):  # strict: a repeat the test did not name, or another count
        with pytest.raises(AssertionError):
            check_invariant(tmp_path / "out", wrong)


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("extra", [50, 7, "past-the-next-two"])
def test_a_record_whose_length_runs_into_the_next_keeps_no_header_in_its_text(tmp_path: Path, gz: bool,
                                                                               extra: int | str) -> None:
    import re

    r0, r1, r2, r3 = record(0), record(1), record(2), record(3)
    head, _, body = r1.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    extra = len(r2) + len(r3) - 4 if extra == "past-the-next-two" else extra
    bad = head.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length + extra)) + b"\r\n\r\n" + body
    parts = (r0, bad, r2, r3)
    path = tmp_path / ("long.warc.gz" if gz else "long.warc")
    path.write_bytes(b"".join(gzip.compress(p) for p in parts) if gz else b"".join(parts))
    items = read_all(path)
    docs = [i for i in items if not isinstance(i, Unreadable)]
    assert not any("WARC/1.0" in d.text or "WARC-Type" in d.text for d in docs)
    first = {d.id: d for d in docs}[f"urn:uuid:{1:032x}"]
    assert "page 1" in first.text
    if extra > 7:  # 7 bytes take no whole header in: nothing to cut the text at
        assert first.metadata["warc_length_mismatch"]["content_length"] == length + extra
    # the bytes after the record are no record: fastwarc stops there and the rest is recorded
    (rest,) = [i for i in items if isinstance(i, Unreadable)]
    assert rest.reason == "corrupt_stream" and rest.ends_shard


def test_a_length_that_swallows_exactly_the_next_record_cannot_be_told_from_a_page_quoting_one(tmp_path: Path) -> None:
    # The bytes after it are a record, as after a page that ends with a WARC record it quotes:
    # the record is read as it says (cutting would cut valid files), and the run reads on.
    import re

    r0, r1, r2, r3 = record(0), record(1), record(2), record(3)
    head, _, body = r1.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    bad = head.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length + len(r2))) + b"\r\n\r\n" + body
    path = tmp_path / "exact.warc"
    path.write_bytes(r0 + bad + r2 + r3)
    items = read_all(path)
    assert [i.id for i in items] == [f"urn:uuid:{i:032x}" for i in (0, 1, 3)]
    assert not any(isinstance(i, Unreadable) for i in items)


def _response(i: int, body: bytes, ctype: str = "text/html", typ: str = "response") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body) if typ == "response" else body
    wct = "application/http; msgtype=response" if typ == "response" else "text/plain"
    head = (f"WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Record-ID: <urn:uuid:{i:032x}>\r\n"
            f"WARC-Target-URI: http://doc{i}.example/\r\nContent-Type: {wct}\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


@pytest.mark.parametrize("gz", [False, True])
def test_pages_that_show_warc_records_are_read_whole_and_the_run_is_ok(tmp_path: Path, gz: bool) -> None:
    """A page about the format, a sample .warc served as text/plain, a WET record quoting one:
    valid files, which must neither be cut nor make the run partial."""
    words = b"The archive keeps every page it crawls with the request that fetched it. " * 3
    sample = (b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 10\r\n\r\nsoftware\r\n\r\n\r\n"
              b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: 4\r\n\r\nbody"
              b"\r\n\r\n")
    page = (b"<html><body><p>" + words + b"</p><p>A record looks like this:</p>\n<pre>\n\nWARC/1.0\n"
            b"WARC-Type: response\nWARC-Target-URI: http://example.com/\nContent-Length: 1234\n\n</pre><p>" + words
            + b"</p></body></html>")
    quoted = words + b"\nA record looks like this:\n\nWARC/1.0\nWARC-Type: response\nContent-Length: 99\n\n" + words
    parts = [_response(0, words), _response(1, page), _response(2, words + b"\r\n\r\n" + sample, "text/plain"),
             _response(3, quoted, typ="conversion"), _response(4, words)]
    path = tmp_path / ("pages.warc.gz" if gz else "pages.warc")
    path.write_bytes(b"".join(gzip.compress(p) for p in parts) if gz else b"".join(parts))
    items = read_all(path)
    assert [i.id for i in items] == [f"urn:uuid:{i:032x}" for i in range(5)]
    assert not any(isinstance(i, Unreadable) for i in items)
    by_id = {d.id: d for d in items}
    assert "software" in by_id[f"urn:uuid:{2:032x}"].text and "Content-Length: 99" in by_id[f"urn:uuid:{3:032x}"].text
    assert not any("warc_length_mismatch" in d.metadata for d in items)
    out = tmp_path / "out"
    summary = run([str(path)], str(out), steps=STEPS, workers=1)
    assert summary.ok and summary.input == 5
    check_invariant(out)
