"""Writers: output that dataset loaders read as it is, and that reads back losslessly."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.json as pj
import pytest

from tamis.config import WriterConfig
from tamis.document import Document
from tamis.io.writers import read_output, write_documents

# Label sets differ between documents, as they do in real runs (a language-score map with
# different keys, a step that only labels some documents, a type that changes).
DOCS = [
    Document("a", "first", {"lang": {"top": {"en": 0.9}}, "n": 1}),
    Document("b", "second", {"lang": {"top": {"fr": 0.8}}, "n": "one", "dedup": {"cluster": "c1"}}),
]


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "jsonl.zst", "parquet"])
def test_round_trip(fmt: str) -> None:
    buf = io.BytesIO()
    cfg = WriterConfig(format=fmt)
    assert write_documents(buf, DOCS, cfg) == 2
    rows = list(read_output(io.BytesIO(buf.getvalue()), cfg))
    assert [(r["id"], r["text"], r["metadata"]) for r in rows] == [(d.id, d.text, d.metadata) for d in DOCS]


def test_jsonl_loads_with_one_schema_despite_different_labels() -> None:
    """What `datasets.load_dataset("json")` does: infer one Arrow schema for all rows."""
    buf = io.BytesIO()
    write_documents(buf, DOCS, WriterConfig(format="jsonl"))
    table = pj.read_json(io.BytesIO(buf.getvalue()))
    assert table.column_names == ["id", "text", "metadata"]
    assert str(table.schema.field("metadata").type) == "string"
    nested = io.BytesIO()
    write_documents(nested, DOCS, WriterConfig(format="jsonl", metadata_as_json=False))
    with pytest.raises(pa.ArrowInvalid):  # the failure the default avoids (conflicting types for "n")
        pj.read_json(io.BytesIO(nested.getvalue()))


def test_nested_metadata_is_refused_for_parquet() -> None:
    from tamis.errors import ConfigError

    with pytest.raises(ConfigError, match="JSONL output"):
        WriterConfig(format="parquet", metadata_as_json=False)
