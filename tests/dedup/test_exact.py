from __future__ import annotations

import pytest

from tamis.config import from_mapping
from tamis.dedup.exact import ExactDedup, ExactDedupConfig
from tamis.dedup.normalize import Normalisation
from tamis.document import Document
from tamis.errors import ConfigError, ShardError


def docs(*items: tuple[str, str], meta: dict | None = None) -> list[Document]:
    return [Document(i, t, dict(meta or {})) for i, t in items]


def test_first_policy_keeps_the_first_copy_across_shards(run_global):
    shards = {
        "s0": docs(("a", "The same story."), ("b", "Unique one.")),
        "s1": docs(("c", "the  same story."), ("d", "Another unique.")),
        "s2": docs(("e", "THE SAME STORY.")),
    }
    out = run_global(ExactDedup(), shards)
    assert set(out.removed) == {"c", "e"}
    for rid in ("c", "e"):
        _doc, drop = out.removed[rid]
        assert drop.reason == "exact_duplicate"
        assert drop.duplicate_of == "a"
        assert drop.detail["size"] == 3
    assert out.removed["c"][1].detail["cluster"] == out.removed["e"][1].detail["cluster"]
    kept_ids = [d.id for docs_ in out.kept.values() for d in docs_]
    assert kept_ids == ["a", "b", "d"]
    survivor = out.kept["s0"][0]
    assert survivor.metadata["dedup"]["exact"]["size"] == 3
    assert "dedup" not in out.kept["s0"][1].metadata


def test_normalisation_is_configurable(run_global):
    shards = {"s0": docs(("a", "Hello world"), ("b", "hello world"), ("c", "Hello, world! 2024"), ("d", "Hello world 1999"))}
    strict = run_global(ExactDedup(ExactDedupConfig(normalise=Normalisation(case=False))), shards, sub="strict")
    assert strict.removed == {}
    loose = run_global(ExactDedup(ExactDedupConfig(normalise=Normalisation(punctuation=True, digits=True))), shards, sub="loose")
    # "hello world" groups a and b; "hello world 0000" groups c and d.
    assert {k: v[1].duplicate_of for k, v in loose.removed.items()} == {"b": "a", "d": "c"}


def test_texts_the_normalisation_empties_are_compared_as_they_are(run_global):
    # without punctuation, "😀😀😀", "🎉 🔥" and "€ $ £" all normalise to "": they were one group
    shards = {"s0": docs(("e1", "😀 😀"), ("e2", "🎉 🔥 ✅"), ("e3", "€ $ £"), ("e4", "😀  😀\n"), ("w1", "  "), ("w2", ""))}
    out = run_global(ExactDedup(ExactDedupConfig(normalise=Normalisation(punctuation=True))), shards)
    # the same symbols are still copies (white space still ignored), and so are two texts of nothing
    assert {k: v[1].duplicate_of for k, v in out.removed.items()} == {"e4": "e1", "w2": "w1"}


def test_longest_and_field_policies(run_global):
    shards = {
        "s0": [Document("a", "same text", {"q": 0.1}), Document("b", "Same text ", {"q": 0.9})],
        "s1": [Document("c", "same   text", {"q": 0.5}), Document("d", "same text", {})],
    }
    longest = run_global(ExactDedup(ExactDedupConfig(keep="longest")), shards, sub="longest")
    assert set(longest.removed) == {"a", "b", "d"}
    assert {drop.duplicate_of for _d, drop in longest.removed.values()} == {"c"}
    field = run_global(ExactDedup(ExactDedupConfig(keep="field", keep_field="q")), shards, sub="field")
    assert set(field.removed) == {"a", "c", "d"}
    assert {drop.duplicate_of for _d, drop in field.removed.values()} == {"b"}


def test_many_partitions_give_the_same_answer(run_global):
    texts = [f"document number {i % 37}" for i in range(300)]
    shards = {f"s{j}": [Document(f"{j}-{i}", texts[j * 100 + i]) for i in range(100)] for j in range(3)}
    one = run_global(ExactDedup(), shards, sub="one")
    # A tiny buffer forces many hash partitions.
    many = run_global(ExactDedup(ExactDedupConfig(buffer_mb=0.01)), shards, sub="many")
    assert len(one.removed) == 300 - 37
    assert {k: v[1].duplicate_of for k, v in one.removed.items()} == {k: v[1].duplicate_of for k, v in many.removed.items()}
    # Every survivor is the first document (in shard order) with its text.
    first = {}
    for j in range(3):
        for i in range(100):
            first.setdefault(texts[j * 100 + i], f"{j}-{i}")
    for rid, (doc, drop) in one.removed.items():
        assert drop.duplicate_of == first[doc.text]


def test_resolve_is_resumable_and_idempotent(run_global, tmp_path):
    shards = {"s0": docs(("a", "x y"), ("b", "x y")), "s1": docs(("c", "x y"))}
    out = run_global(ExactDedup(), shards)
    step = ExactDedup()
    # A second resolve over the same work dir does nothing and prepare still works.
    step.resolve(out.ctx)
    step.prepare(out.ctx, "s1")
    assert step.apply(Document("c", "x y")).duplicate_of == "a"


def test_prepare_before_resolve_is_a_shard_error(tmp_path):
    from tests.dedup.conftest import FakeCtx

    with pytest.raises(ShardError):
        ExactDedup().prepare(FakeCtx(str(tmp_path), []), "s0")


def test_config_from_yaml_mapping():
    cfg = from_mapping(ExactDedupConfig, {"normalise": {"digits": True}, "keep": "longest"}, "step exact_dedup")
    assert cfg.normalise.digits and cfg.keep == "longest"
    with pytest.raises(ConfigError):
        from_mapping(ExactDedupConfig, {"keep": "field"}, "step exact_dedup")
