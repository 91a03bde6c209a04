"""Bad input never raises and never disappears: each case becomes a labelled document or a
quarantine record, and the run says so."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tamis.api import run
from tests.helpers import check_invariant, ledger_rows, output_rows

# Reading is what is under test; dedup in the default pipeline would merge the tiny fixtures.
STEPS = ["ftfy"]


def quarantined(out: Path) -> dict[str, dict]:
    return {r["id"]: r for r in ledger_rows(out) if r["fate"] == "quarantined"}


def test_invalid_utf8_is_decoded_and_labelled(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "latin1.txt").write_bytes("caf\u00e9 cr\u00e8me".encode("latin-1"))
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert summary.ok and summary.kept == 1
    (row,) = output_rows(tmp_path / "out")
    assert row["metadata"]["decode_errors"] == 2 and "\ufffd" in row["text"]
    check_invariant(tmp_path / "out")


def test_invalid_utf8_inside_a_jsonl_line_is_decoded_and_the_record_kept_under_its_id(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "latin", "text": "caf\xe9 cr\xe8me", "src": "x\xff"}\n'
                     b'{"id": "clean", "text": "fine"}\n')
    summary = run([str(path)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert summary.ok and summary.kept == 2 and summary.quarantined == 0
    rows = {r["id"]: r for r in output_rows(tmp_path / "out")}
    assert rows["latin"]["text"] == "caf\ufffd cr\ufffdme" and rows["latin"]["metadata"]["decode_errors"] == 3
    assert rows["latin"]["metadata"]["src"] == "x\ufffd"
    assert "decode_errors" not in rows["clean"]["metadata"]
    check_invariant(tmp_path / "out")


def test_bad_json_line_is_quarantined_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "a", "text": "fine"}\n{"id": oops\n[1, 2]\n{"id": "b", "text": "fine"}\n'))
    summary = run([str(path)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert summary.ok and summary.kept == 2 and summary.quarantined == 2
    rows = quarantined(tmp_path / "out")
    bad = rows[f"{path}#2"]
    assert bad["reason"] == "bad_json" and json.loads(bad["detail"])["line"] == 2
    assert rows[f"{path}#3"]["reason"] == "bad_json"
    check_invariant(tmp_path / "out")


def test_truncated_gzip_keeps_what_came_before_and_fails_the_run(tmp_path: Path) -> None:
    body = "".join(json.dumps({"id": f"d{i}", "text": f"document number {i} " * 20}) + "\n" for i in range(500))
    blob = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(blob[: len(blob) // 2])
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "g", "text": "other file"}) + "\n")
    summary = run([str(path), str(good)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert not summary.ok  # the exit code will be non-zero
    statuses = {s["files"][0]: s["status"] for s in summary.shards.values()}
    assert statuses == {str(path): "partial", str(good): "done"}
    assert 0 < summary.kept - 1 < 500  # documents before the break were processed
    (rest,) = [r for r in quarantined(tmp_path / "out").values() if r["reason"] == "corrupt_stream"]
    assert "rest-after-line" in rest["id"]
    check_invariant(tmp_path / "out")


def test_empty_file_binary_junk_and_oversized_text(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (src / "huge.txt").write_text("x" * 5000)
    (src / "ok.txt").write_text("a normal page")
    # Every reader accounts for an empty file (0 bytes, or nothing once decompressed).
    (src / "empty.jsonl").write_bytes(b"")
    (src / "blank.jsonl").write_bytes(b"\n  \n")
    (src / "empty.jsonl.gz").write_bytes(b"")
    (src / "empty2.jsonl.gz").write_bytes(gzip.compress(b""))
    (src / "empty.jsonl.zst").write_bytes(b"")
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1,
                  reader=__import__("tamis.config", fromlist=["ReaderConfig"]).ReaderConfig(max_doc_bytes=4096))
    reasons = {Path(k).name: v["reason"] for k, v in quarantined(tmp_path / "out").items()}
    empties = ["empty.txt", "empty.jsonl", "blank.jsonl", "empty.jsonl.gz", "empty2.jsonl.gz", "empty.jsonl.zst"]
    assert reasons == {**dict.fromkeys(empties, "empty_file"), "junk.txt": "binary", "huge.txt": "too_large"}
    assert summary.ok and summary.kept == 1  # an empty file loses nothing: exit code 0
    check_invariant(tmp_path / "out")


def test_oversized_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    from tamis.config import ReaderConfig

    path = tmp_path / "in.jsonl"
    with path.open("w") as fh:
        fh.write(json.dumps({"id": "small", "text": "ok"}) + "\n")
        fh.write(json.dumps({"id": "big", "text": "y" * 300_000}) + "\n")
        fh.write(json.dumps({"id": "after", "text": "still read"}) + "\n")
    summary = run([str(path)], str(tmp_path / "out"), steps=STEPS, workers=1, reader=ReaderConfig(max_doc_bytes=50_000))
    assert [r["id"] for r in output_rows(tmp_path / "out")] == ["small", "after"]
    (big,) = quarantined(tmp_path / "out").values()
    assert big["reason"] == "too_large"
    assert summary.ok
    check_invariant(tmp_path / "out")


def test_a_crashing_step_quarantines_the_document_not_the_shard(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(["a", "boom", "c"])))
    summary = run([str(path)], str(tmp_path / "out"), steps=["tests.helpers:Explodes"], workers=1)
    (row,) = quarantined(tmp_path / "out").values()
    assert row["id"] == "1" and row["reason"] == "internal_error:RuntimeError"
    assert summary.kept == 2
    check_invariant(tmp_path / "out")


def _parquet(path: Path, n: int, row_group_size: int = 1000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [f"{path.stem}-{i}" for i in range(n)], "text": [f"parquet text {i} " * 5 for i in range(n)]})
    pq.write_table(table, path, row_group_size=row_group_size, compression="snappy")


def test_empty_or_corrupt_parquet_is_quarantined_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.parquet").write_bytes(b"")
    (src / "junk.parquet").write_bytes(b"not a parquet file " * 20)
    _parquet(src / "norows.parquet", 0)
    _parquet(src / "good.parquet", 3)
    (src / "good.jsonl").write_text(json.dumps({"id": "j", "text": "fine"}) + "\n")
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1)  # planning used to raise
    reasons = {Path(k).name: v["reason"] for k, v in quarantined(tmp_path / "out").items()}
    assert reasons == {"empty.parquet": "empty_file", "norows.parquet": "empty_file", "junk.parquet": "corrupt_file"}
    assert summary.kept == 4
    statuses = {Path(s["files"][0]).name: s["status"] for s in summary.shards.values()}
    assert statuses["junk.parquet"] == "partial" and statuses["empty.parquet"] == "done"
    assert not summary.ok  # exit 1: the broken file may have held documents
    check_invariant(tmp_path / "out")


def test_a_compressed_parquet_file_is_quarantined_with_what_to_do(tmp_path: Path) -> None:
    _parquet(tmp_path / "rows.parquet", 3)
    src = tmp_path / "in"
    src.mkdir()
    (src / "rows.parquet.gz").write_bytes(gzip.compress((tmp_path / "rows.parquet").read_bytes()))
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1)
    (row,) = quarantined(tmp_path / "out").values()
    assert row["reason"] == "corrupt_file" and "decompress it first" in row["detail"]
    assert not summary.ok
    check_invariant(tmp_path / "out")


def test_a_broken_parquet_row_group_is_quarantined_and_the_others_read(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from tests.io.test_readers import read_all

    path = tmp_path / "rg.parquet"
    _parquet(path, 400, row_group_size=100)
    meta = pq.ParquetFile(path).metadata
    start = meta.row_group(1).column(1).data_page_offset
    data = bytearray(path.read_bytes())
    data[start + 10 : start + 200] = b"A" * 190  # a page header that cannot be decoded
    path.write_bytes(bytes(data))
    items = read_all([str(path)])
    bad = [i for i in items if not hasattr(i, "text")]
    assert len(items) - len(bad) == 300
    (cut,) = bad
    assert cut.reason == "corrupt_stream" and cut.detail["rows"] == 100 and cut.ends_shard


def test_a_storage_error_fails_the_shard_uncommitted_so_a_rerun_reads_it_all(tmp_path: Path, monkeypatch) -> None:
    import tamis.io.readers as readers

    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"document {i}"}) + "\n" for i in range(50)))
    opened = readers._open_lines

    class Flaky:  # the connection drops after ten lines
        def __init__(self, fh) -> None:
            self.fh, self.lines = fh, 0

        def readline(self, size: int = -1) -> bytes:
            self.lines += 1
            if self.lines > 10:
                raise ConnectionResetError(104, "Connection reset by peer")
            return self.fh.readline(size)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.fh.close()

    monkeypatch.setattr(readers, "_open_lines", lambda shard, url: (lambda fh, at: (Flaky(fh), at))(*opened(shard, url)))
    out = tmp_path / "out"
    summary = run([str(path)], str(out), steps=STEPS, executor="inprocess")
    (shard,) = summary.shards.values()
    assert not summary.ok and shard["status"] == "failed" and "ConnectionResetError" in shard["errors"][0]
    monkeypatch.setattr(readers, "_open_lines", opened)  # the storage is healthy again
    summary = run([str(path)], str(out), steps=STEPS, executor="inprocess")
    assert summary.ok and summary.kept == 50 and summary.quarantined == 0
    check_invariant(out)


def test_an_unreadable_file_makes_its_shard_partial(tmp_path: Path, monkeypatch) -> None:
    import tamis.io.readers as readers

    src = tmp_path / "in"
    src.mkdir()
    (src / "locked.txt").write_text("a page we may not read")
    (src / "open.txt").write_text("a page we may read")
    opened = readers.open_decompressed

    def denied(fs, path):  # tests run as root, where chmod 000 blocks nothing
        if path.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return opened(fs, path)

    monkeypatch.setattr(readers, "open_decompressed", denied)
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, executor="inprocess")
    (row,) = quarantined(tmp_path / "out").values()
    assert row["id"] == f"{src}/locked.txt" and row["reason"] == "unreadable_file"
    assert summary.kept == 1
    (shard,) = summary.shards.values()
    assert shard["status"] == "partial" and not summary.ok  # content was lost: exit 1
    check_invariant(tmp_path / "out")


def test_bz2_and_xz_jsonl_are_read_as_jsonl_and_junk_named_xz_is_an_unreadable_file(tmp_path: Path) -> None:
    import bz2
    import lzma

    body = "".join(json.dumps({"id": f"d{i}", "text": f"document {i}"}) + "\n" for i in range(5)).encode()
    (tmp_path / "a.jsonl.bz2").write_bytes(bz2.compress(body))  # was read as one text document holding the JSONL
    (tmp_path / "b.jsonl.xz").write_bytes(lzma.compress(body.replace(b'"d', b'"e')))
    (tmp_path / "c.jsonl.xz").write_bytes(bytes(range(256)) * 2)  # an LZMAError failed the shard as an internal error
    summary = run([str(tmp_path)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert summary.kept == 10 and not summary.ok
    (bad,) = quarantined(tmp_path / "out").values()
    # not an xz stream at all: the file is unreadable as a whole, under its own name
    assert bad["reason"] == "unreadable_file" and bad["id"] == str(tmp_path / "c.jsonl.xz")
    check_invariant(tmp_path / "out")


def test_a_jsonl_gz_that_is_not_gzip_is_an_unreadable_file_under_its_name(tmp_path: Path) -> None:
    # gzip reads the header on the first line, not on opening: it was "corrupt_stream" under
    # "<name>#rest-after-line-0", an id that ``tamis explain <name>`` did not find
    path = tmp_path / "plain.jsonl.gz"
    path.write_text(json.dumps({"id": "a", "text": "not compressed"}) + "\n")
    summary = run([str(path)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert not summary.ok and summary.kept == 0
    (bad,) = quarantined(tmp_path / "out").values()
    assert bad["id"] == str(path) and bad["reason"] == "unreadable_file"
    assert json.loads(bad["detail"])["error"] == "BadGzipFile"
    check_invariant(tmp_path / "out")


def _lines(path: Path, records: list[str]) -> Path:
    path.write_text("".join(r + "\n" for r in records))
    return path


def test_lone_surrogate_escapes_are_replaced_and_counted_not_fatal_to_the_shard(tmp_path: Path) -> None:
    # valid JSON that Python parses but no UTF-8 writer (Parquet, the ledger) can encode: the
    # whole shard failed, on every rerun
    src = _lines(tmp_path / "in.jsonl", [
        r'{"id": "half\ud800", "text": "a lone \udc00 half", "title": "bad \ud800", "tags": ["\ud83d"]}',
        r'{"id": "pair", "text": "a whole pair \ud83d\ude00 is an emoji"}',
        '{"id": "fine", "text": "nothing odd"}'])
    from tamis.config import PipelineConfig, StepSpec, WriterConfig
    for fmt in ("jsonl.gz", "parquet"):
        out = tmp_path / f"out-{fmt}"
        summary = run([str(src)], str(out), PipelineConfig((StepSpec("ftfy"),), writer=WriterConfig(format=fmt)))
        assert summary.ok and summary.kept == 3 and summary.quarantined == 0
        check_invariant(out)
    rows = {r["id"]: r for r in output_rows(tmp_path / "out-jsonl.gz")}
    half = rows["half\ufffd"]
    assert half["text"] == "a lone \ufffd half" and half["metadata"]["title"] == "bad \ufffd"
    assert half["metadata"]["tags"] == ["\ufffd"] and half["metadata"]["decode_errors"] == 4
    assert rows["pair"]["text"] == "a whole pair \U0001F600 is an emoji" and "decode_errors" not in rows["pair"]["metadata"]


def test_a_record_nested_too_deep_is_quarantined_and_the_others_read(tmp_path: Path) -> None:
    deep = '{"id": "deep", "text": "z", "m": ' + "[" * 1000 + "]" * 1000 + "}"
    quoted = json.dumps({"id": "quoted", "text": "kept", "metadata": '{"m": ' + "[" * 1000 + "]" * 1000 + "}"})
    src = _lines(tmp_path / "in.jsonl", ['{"id": "a", "text": "fine doc."}', deep, quoted,
                                          '{"id": "b", "text": "fine too", "m": ' + "[" * 50 + "]" * 50 + "}"])
    summary = run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1)
    assert summary.ok and summary.kept == 3 and summary.quarantined == 1
    (row,) = quarantined(tmp_path / "out").values()
    assert row["reason"] == "too_deep" and row["id"].endswith("in.jsonl@33")
    rows = {r["id"]: r for r in output_rows(tmp_path / "out")}
    assert rows["quoted"]["metadata"]["metadata"].startswith('{"m": [[[')  # too deep to unpack: kept as the string
    check_invariant(tmp_path / "out")


def test_an_input_field_named_location_is_kept(tmp_path: Path) -> None:
    src = _lines(tmp_path / "in.jsonl", ['{"id": "a", "text": "Some text.", "location": "Paris, France"}',
                                          '{"id": "b", "text": "More text."}'])
    run([str(src)], str(tmp_path / "out"), steps=STEPS, workers=1)
    rows = {r["id"]: r["metadata"] for r in output_rows(tmp_path / "out")}
    assert rows["a"]["location"] == "Paris, France" and rows["a"]["tamis_location"]["path"].endswith("in.jsonl")
    assert rows["b"]["location"]["path"].endswith("in.jsonl") and "tamis_location" not in rows["b"]


@pytest.mark.parametrize("chars, fate", [(300, "kept"), (600, "too_large")])
def test_max_doc_bytes_counts_utf8_bytes_in_every_format(tmp_path: Path, chars: int, fate: str) -> None:
    # 600 Chinese characters (1,800 bytes) passed a 1,000-byte limit as JSONL or Parquet text,
    # which counted characters, and not as a .txt file
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tamis.config import PipelineConfig, ReaderConfig, StepSpec

    text = "中" * chars
    src = tmp_path / "in"
    src.mkdir()
    (src / "raw.jsonl").write_text(json.dumps({"id": "raw", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (src / "escaped.jsonl").write_text(json.dumps({"id": "escaped", "text": text}) + "\n")  # "\u4e2d" x 600
    pq.write_table(pa.table({"id": ["parquet"], "text": [text]}), src / "t.parquet")
    (src / "plain.txt").write_text(text, encoding="utf-8")
    config = PipelineConfig((StepSpec("ftfy"),), reader=ReaderConfig(max_doc_bytes=1000))
    summary = run([str(src)], str(tmp_path / "out"), config)
    fates = {Path(r["id"]).name: (r["reason"] or r["fate"]) for r in ledger_rows(tmp_path / "out")}
    assert fates == {"raw": fate, "escaped": fate, "parquet": fate, "plain.txt": fate}  # each under its own id
    assert summary.input == 4


def test_a_blank_jsonl_file_split_into_shards_is_one_empty_file_record(tmp_path: Path) -> None:
    # the record came only from a file read as one shard: a larger blank file was not in the ledger
    from tamis.config import PipelineConfig, ReaderConfig, StepSpec

    src = tmp_path / "in"
    src.mkdir()
    (src / "blank.jsonl").write_text("\n" * 3000 + "   \n" * 200)
    (src / "late.jsonl").write_text("\n" * 3000 + json.dumps({"id": "late", "text": "one record at the end"}) + "\n")
    config = PipelineConfig((StepSpec("ftfy"),), reader=ReaderConfig(shard_bytes=1024))
    summary = run([str(src)], str(tmp_path / "out"), config, executor="inprocess")
    assert len(summary.shards) > 4 and summary.input == 2
    assert {Path(r["id"]).name: r["reason"] for r in ledger_rows(tmp_path / "out")} == {"blank.jsonl": "empty_file", "late": None}
    check_invariant(tmp_path / "out")
