"""A step that breaks the step contract costs its document, not the shard or the ledger's truth.

Found by a review: ``sys.exit()`` in a step ended the run with exit 0 and nothing written (now its
shard fails, uncommitted); a
hook returning ``False`` or a new Document kept the document unchanged; a new id left the input's
id out of the ledger; numpy labels were written as strings (and changed type through a dedup
stage); bytes or a tuple key in the labels failed the whole shard.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tamis.api import run
from tamis.config import StepSpec, WriterConfig
from tamis.errors import ConfigError
from tamis.steps.registry import build_step
from tests.helpers import check_invariant, ledger_rows, output_rows

ODD = "tests.run.odd_steps:"
TEXTS = {f"d{i}": f"The river rose by {i} metres overnight and the town closed the old bridge." for i in range(5)}


def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in TEXTS.items()))
    return src


def _run(tmp_path: Path, steps: list[Any], executor: str = "inprocess") -> tuple[Any, dict[str, dict[str, Any]]]:
    out = tmp_path / "out"
    summary = run([str(corpus(tmp_path))], str(out), steps=steps, executor=executor, workers=1)
    check_invariant(out)
    return summary, {r["id"]: r for r in ledger_rows(out)}


@pytest.mark.parametrize("executor", ["inprocess", "local"])
def test_sys_exit_in_a_step_fails_its_shard_uncommitted(tmp_path: Path, executor: str) -> None:
    # the shard, not the document: Ray stops a worker the same way (its SIGTERM handler exits),
    # and a document quarantined for that would be lost to a restart, which skips committed shards
    out = tmp_path / "out"
    summary = run([str(corpus(tmp_path))], str(out), steps=[StepSpec.of(ODD + "SysExit", target="d1")],
                  executor=executor, workers=1)
    assert not summary.ok and summary.shards["00000"]["status"] == "failed"
    assert any("a step called sys.exit(0), or the worker was told to stop" in p for p in summary.problems)
    assert not (out / "ledger").exists() or not ledger_rows(out)  # nothing committed: a rerun redoes the shard


@pytest.mark.parametrize("step", ["ReturnsFalse", "ReturnsDoc"])
def test_a_hook_returning_neither_drop_nor_none_is_not_taken_for_keep(tmp_path: Path, step: str) -> None:
    summary, ledger = _run(tmp_path, [StepSpec.of(ODD + step, target="d2")])
    assert summary.kept == 4 and ledger["d2"]["fate"] == "quarantined" and ledger["d2"]["reason"] == "step_contract"
    assert "a hook returns a Drop or None" in json.loads(ledger["d2"]["detail"])["message"]


def test_a_step_that_changes_the_id_is_recorded_under_the_input_id(tmp_path: Path) -> None:
    summary, ledger = _run(tmp_path, [StepSpec.of(ODD + "ChangeId", target="d3")])
    assert summary.kept == 4 and sorted(ledger) == sorted(TEXTS)  # no "new-d3", and d3 is there
    assert ledger["d3"]["reason"] == "step_contract"
    assert "changed the id to 'new-d3'" in json.loads(ledger["d3"]["detail"])["message"]


def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("dedup", [False, True])
def test_numpy_labels_are_written_as_json_numbers_through_any_stage(tmp_path: Path, dedup: bool) -> None:
    steps: list[Any] = [StepSpec(ODD + "NumpyLabels")] + (["exact_dedup"] if dedup else [])
    steps.append(StepSpec.of("threshold", field="mine.count", op=">=", value=10))
    summary, _ = _run(tmp_path, steps)
    assert summary.ok and summary.kept == 5  # np.int64 compared as a number, before and after a dedup stage
    raw = [json.loads(line) for path in sorted((tmp_path / "out" / "data").glob("*.jsonl.gz"))
           for line in __import__("gzip").open(path, "rt")]
    mine = _strict(raw[0]["metadata"])["mine"]  # standard JSON: no NaN or Infinity
    assert mine == {"count": len(TEXTS["d0"]), "score": 0.25, "flag": True, "vec": [0, 1, 2],
                    "tags": ["alpha", "mid", "zeta"], "nan": None, "inf": None}


@pytest.mark.parametrize(("kind", "reason"), [("tuple_key", "metadata_not_json"),
                                              ("text_bytes", "text_not_string"), ("text_none", "text_not_string")])
@pytest.mark.parametrize("dedup", [False, True])
def test_a_document_without_a_json_form_is_quarantined_alone(tmp_path: Path, kind: str, reason: str, dedup: bool) -> None:
    steps: list[Any] = [StepSpec.of(ODD + "NoJsonForm", target="d4", kind=kind)] + (["exact_dedup"] if dedup else [])
    summary, ledger = _run(tmp_path, steps)
    assert summary.ok and summary.kept == 4  # the shard went on
    assert (ledger["d4"]["fate"], ledger["d4"]["step"], ledger["d4"]["reason"]) == ("quarantined", "write", reason)
    assert sorted(r["id"] for r in output_rows(tmp_path / "out")) == ["d0", "d1", "d2", "d3"]


def test_an_empty_parquet_shard_has_no_row_group_of_zero_rows(tmp_path: Path) -> None:
    # datasets' parquet loader fails on a row group of 0 rows ("BatchSize must be greater than 0")
    out = tmp_path / "out"
    summary = run([str(corpus(tmp_path))], str(out), executor="inprocess", writer=WriterConfig(format="parquet"),
                  steps=[StepSpec.of("threshold", field="quality.none", op=">=", value=1, keep_missing=False)])
    assert summary.kept == 0
    (shard,) = sorted((out / "data").glob("*.parquet"))
    meta = pq.ParquetFile(shard).metadata
    assert all(meta.row_group(i).num_rows > 0 for i in range(meta.num_row_groups))
    assert pq.read_table(shard).num_rows == 0 and pq.read_table(shard).column_names == ["id", "text", "metadata"]


def test_a_users_step_without_a_name_is_refused_when_built() -> None:
    with pytest.raises(ConfigError, match="has no name: set the class attribute name"):
        build_step(StepSpec(ODD + "NoName"))


@pytest.mark.parametrize("dedup", [False, True])
def test_values_with_an_obvious_json_value_are_written_so_not_quarantined(tmp_path: Path, dedup: bool) -> None:
    # a review of the first version: these were quarantined (a Parquet date column lost every row)
    # or written wrong (a str Enum as "Kind.NEWS")
    steps: list[Any] = [StepSpec(ODD + "OrdinaryValues")] + (["exact_dedup"] if dedup else [])
    steps.append(StepSpec.of("threshold", field="mine.nan", op="<", value=1, keep_missing=True))
    summary, _ = _run(tmp_path, steps)
    # NaN < 1 is false: removed alike with or without a dedup stage between (its intermediate
    # file keeps NaN; only the output writes null)
    assert summary.ok and summary.kept == 0 and summary.removed == {"threshold:mine.nan<1.0": 5}


def test_ordinary_values_in_the_output(tmp_path: Path) -> None:
    summary, _ = _run(tmp_path, [StepSpec(ODD + "OrdinaryValues")])
    assert summary.ok and summary.kept == 5
    row = output_rows(tmp_path / "out")[0]
    assert row["metadata"]["mine"] == {"lengths": {"3": 2, "5": 1}, "kind": "news", "day": "2024-05-01", "price": "1.50",
                                       "span": [0, 4], "raw": "base64:AP8=", "utf8": "é", "arrow": 7, "nan": None}


def test_the_ledger_records_a_removed_documents_numpy_labels_as_numbers(tmp_path: Path) -> None:
    # a review: kept documents had "count": 74 in the output, removed ones "count": "74" in the ledger
    steps: list[Any] = [StepSpec(ODD + "NumpyLabels"), StepSpec.of("threshold", field="mine.count", op=">", value=1000)]
    summary, ledger = _run(tmp_path, steps)
    assert summary.removed == {"threshold:mine.count>1000.0": 5}
    labels = json.loads(ledger["d0"]["detail"])["labels"]["mine"]
    assert labels["count"] == len(TEXTS["d0"]) and labels["tags"] == ["alpha", "mid", "zeta"] and labels["vec"] == [0, 1, 2]


def test_a_top_level_key_that_is_no_string_quarantines_the_document(tmp_path: Path) -> None:
    # a review: the ledger's label filter called .startswith on it, and the shard failed
    summary, ledger = _run(tmp_path, [StepSpec.of(ODD + "NoJsonForm", target="d4", kind="top_tuple_key")])
    assert summary.ok and summary.kept == 4 and ledger["d4"]["reason"] == "metadata_not_json"
