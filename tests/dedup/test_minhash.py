from __future__ import annotations

import random

import numpy as np
import pytest

from tamis.config import from_mapping
from tamis.dedup.components import connected_components
from tamis.dedup.minhash import (
    band_keys,
    candidate_probability,
    choose_bands,
    error_areas,
    estimate,
    jaccard,
    permutations,
    signature,
    word_shingles,
)
from tamis.dedup.near import MinHashDedup, MinHashDedupConfig
from tamis.document import Document
from tamis.errors import ConfigError

VOCAB = [f"w{i}" for i in range(5000)]


def random_text(rng: random.Random, n: int = 300) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def mutate(rng: random.Random, text: str, fraction: float) -> str:
    words = text.split()
    for _ in range(int(len(words) * fraction)):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words)


def test_estimator_is_unbiased_with_binomial_variance():
    rng = np.random.default_rng(7)
    perm = permutations(128)
    z = []
    for _ in range(200):
        inter, only = rng.integers(50, 400), rng.integers(10, 200)
        pool = rng.integers(0, 2**64 - 1, inter + 2 * only, dtype=np.uint64)
        a, b = pool[: inter + only], np.concatenate([pool[:inter], pool[inter + only :]])
        j = inter / (inter + 2 * only)
        est = float(estimate(signature(a, perm), signature(b, perm)))
        z.append((est - j) / np.sqrt(j * (1 - j) / 128))
    z = np.array(z)
    assert abs(z.mean()) < 0.3  # unbiased
    assert 0.7 < z.var() < 1.4  # variance of a binomial over 128 independent permutations


def test_estimate_tracks_exact_jaccard_on_text():
    rng = random.Random(3)
    perm = permutations(256)
    base = random_text(rng, 400)
    for fraction in (0.02, 0.1, 0.3):
        other = mutate(rng, base, fraction)
        sa, sb = word_shingles(base), word_shingles(other)
        assert abs(float(estimate(signature(sa, perm), signature(sb, perm))) - jaccard(sa, sb)) < 0.12


def test_band_choice_trades_errors_by_weight():
    b_fp, r_fp = choose_bands(0.8, 128, fn_weight=0.2)
    b_fn, r_fn = choose_bands(0.8, 128, fn_weight=0.8)
    fp_a, fn_a = error_areas(0.8, b_fp, r_fp)
    fp_b, fn_b = error_areas(0.8, b_fn, r_fn)
    assert fp_a <= fp_b and fn_b <= fn_a
    # The chosen curve crosses 1/2 near the threshold.
    b, r = choose_bands(0.8, 128)
    assert candidate_probability(0.65, b, r) < 0.5 < candidate_probability(0.9, b, r)


def test_band_keys_collide_only_on_equal_bands():
    sigs = np.arange(40, dtype=np.uint64).reshape(4, 10)
    sigs[1, :5] = sigs[0, :5]
    keys = band_keys(sigs, 2, 5)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1]
    assert len(np.unique(keys)) == 7


def test_components_on_random_graph_match_a_reference():
    rng = np.random.default_rng(1)
    n = 500
    a, b = rng.integers(0, n, 300), rng.integers(0, n, 300)
    labels = connected_components(a, b, n)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(a.tolist(), b.tolist()):
        rx, ry = find(x), find(y)
        parent[max(rx, ry)] = min(rx, ry)
    assert labels.tolist() == [find(i) for i in range(n)]


def corpus(seed: int = 5) -> tuple[dict[str, list[Document]], dict[str, str]]:
    """Three shards; each original has near copies in other shards (1% of words changed, so
    Jaccard ~0.9, where 16 bands of 8 rows miss a pair with probability < 1e-4)."""
    rng = random.Random(seed)
    originals = [random_text(rng) for _ in range(12)]
    shards: dict[str, list[Document]] = {"s0": [], "s1": [], "s2": []}
    source: dict[str, str] = {}
    for i, text in enumerate(originals):
        shards["s0"].append(Document(f"o{i}", text))
        source[f"o{i}"] = f"o{i}"
        for c in range(i % 3):
            did = f"c{i}-{c}"
            shards[f"s{c + 1}"].append(Document(did, mutate(rng, text, 0.01)))
            source[did] = f"o{i}"
    shards["s2"].append(Document("empty", "   "))
    return shards, source


@pytest.mark.parametrize("verify", ["none", "estimate", "exact"])
def test_near_copies_are_removed_and_point_at_the_original(run_global, verify):
    shards, source = corpus()
    out = run_global(MinHashDedup(MinHashDedupConfig(threshold=0.7, verify=verify)), shards)
    expected = {d for d, o in source.items() if d != o}
    assert set(out.removed) == expected
    for rid, (_doc, drop) in out.removed.items():
        assert drop.reason == "near_duplicate"
        assert drop.duplicate_of == source[rid]
        assert 0.6 < drop.detail["jaccard_est"] <= 1.0
        assert ("jaccard" in drop.detail) == (verify == "exact")
        assert drop.detail["size"] == 1 + int(rid.split("-")[0][1:]) % 3
    kept = {d.id for docs in out.kept.values() for d in docs}
    assert {"o0", "o1", "o2"} <= kept and not kept & set(out.removed)
    assert out.kept["s0"][2].metadata["dedup"]["minhash"]["size"] == 3


def test_unrelated_documents_survive_and_partitions_do_not_matter(run_global):
    shards, _ = corpus(9)
    one = run_global(MinHashDedup(), shards, sub="one")
    many = run_global(MinHashDedup(MinHashDedupConfig(buffer_mb=0.001)), shards, sub="many")
    assert {k: v[1].duplicate_of for k, v in one.removed.items()} == {k: v[1].duplicate_of for k, v in many.removed.items()}
    (root,) = [p for p in many.ctx.fs.ls(many.ctx.work_dir, detail=False) if "/r-" in p]
    assert len(many.ctx.fs.ls(root + "/reduce")) > 1


def test_longest_policy_picks_the_longest_member(run_global):
    rng = random.Random(2)
    text = random_text(rng, 300)
    shards = {"s0": [Document("short", text), Document("long", text + " extra words here")], "s1": [Document("mid", text + " x")]}
    out = run_global(MinHashDedup(MinHashDedupConfig(keep="longest")), shards)
    assert {k: v[1].duplicate_of for k, v in out.removed.items()} == {"short": "long", "mid": "long"}


def test_char_shingles_find_unspaced_near_duplicates(run_global):
    rng = random.Random(4)
    chars = "日本語の文章を書くことは難しいですが楽しいです東京大阪京都"
    text = "".join(rng.choice(chars) for _ in range(600))
    near = text[:300] + "新" + text[301:]
    shards = {"s0": [Document("a", text), Document("b", near), Document("c", "".join(rng.choice(chars) for _ in range(600)))]}
    # each character of an unspaced script is a word: a page is no longer one "word" that a single
    # changed character makes unique (the default shingling found no near-duplicate in Chinese)
    word = run_global(MinHashDedup(), shards, sub="word")
    assert set(word.removed) == {"b"}
    char = run_global(MinHashDedup(MinHashDedupConfig(shingle="char", ngram=5)), shards, sub="char")
    assert set(char.removed) == {"b"}


def test_config_validation():
    with pytest.raises(ConfigError):
        MinHashDedupConfig(threshold=1.5)
    with pytest.raises(ConfigError):
        MinHashDedupConfig(bands=10)
    with pytest.raises(ConfigError):
        from_mapping(MinHashDedupConfig, {"verify": "maybe"}, "step minhash_dedup")
    assert MinHashDedup(MinHashDedupConfig(bands=4, rows=8)).bands_rows == (4, 8)


def test_worker_processes_and_resume_give_the_same_decisions(run_global):
    from tamis.run.executors import LocalExecutor

    shards, _ = corpus(11)
    ref = run_global(MinHashDedup(MinHashDedupConfig(buffer_mb=0.001)), shards, sub="ref")
    with LocalExecutor(2) as executor:  # tasks and items must pickle across spawned processes
        par = run_global(MinHashDedup(MinHashDedupConfig(buffer_mb=0.001)), shards, executor=executor, sub="par")
    decisions = {k: v[1].duplicate_of for k, v in ref.removed.items()}
    assert decisions and {k: v[1].duplicate_of for k, v in par.removed.items()} == decisions
    # Simulate a crash after some reduce tasks: no pointer, no marker, one output gone.
    fs, work = ref.ctx.fs, ref.ctx.work_dir
    (root,) = [p for p in fs.ls(work, detail=False) if p.rsplit("/", 1)[-1].startswith("r-")]
    fs.rm(work + "/CURRENT")
    fs.rm(root + "/_done")
    fs.rm(sorted(fs.ls(root + "/reduce", detail=False))[0])
    fs.rm(root + "/decisions", recursive=True)
    step = MinHashDedup(MinHashDedupConfig(buffer_mb=0.001))
    step.resolve(ref.ctx)
    again = {}
    for shard, docs in shards.items():
        step.prepare(ref.ctx, shard)
        for doc in docs:
            drop = step.apply(doc)
            if drop is not None:
                again[doc.id] = drop.duplicate_of
    assert again == decisions


def test_a_changed_spill_is_resolved_afresh(run_global):
    shards, _ = corpus(12)
    out = run_global(MinHashDedup(), shards)
    before = set(out.removed)
    assert before
    # A shard was rerun and its spill changed (here: its near copies are gone).
    import pyarrow.parquet as pq

    step = MinHashDedup()
    shard, path = out.ctx.spills[1]
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 0), path)
    step.resolve(out.ctx)
    removed_after = set()
    for name, docs in shards.items():
        step.prepare(out.ctx, name)
        removed_after |= {d.id for d in docs if step.apply(d) is not None}
    assert removed_after == before - {d.id for d in shards[shard]}
    assert len([p for p in out.ctx.fs.ls(out.ctx.work_dir, detail=False) if "/r-" in p]) == 1


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tamis.dedup.minhash import _avalanche, token_hashes  # noqa: E402


def reference_token_hashes(text: str) -> list[int]:
    """The same hash, one token at a time in plain Python (the spec of token_hashes): ``\\w+``
    runs, a character of an unspaced script (``_SOLO_RANGES``) a token of its own."""
    import re

    from tamis.dedup.minhash import _SOLO_RANGES

    solo = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _SOLO_RANGES)
    out = []
    for token in re.findall(rf"(?=\w)[{solo}]|[^\W{solo}]+", text.lower()):
        h = 0
        for char in token:
            h = (h * 0x9E3779B97F4A7C15 + ord(char) + 1) % 2**64
        out.append(int(_avalanche(np.array([h], np.uint64))[0]))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z_9.,\n\t-éß日本のカﾟไทย\u0e31𠀋ـ’—İ\u00a0\u0301٣")), max_size=60) | st.text(max_size=40))
def test_vectorised_token_hashes_match_the_reference(text):
    assert token_hashes(text).tolist() == reference_token_hashes(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), st.sampled_from(["word", "char"]))
def test_has_shingles_says_whether_there_are_shingles(text: str, shingle: str) -> None:
    # apply counts spill rows with it: it must agree with observe, which yields a row per shingled text
    step = MinHashDedup(MinHashDedupConfig(shingle=shingle))
    assert step.has_shingles(text) == (len(step.shingles(text)) > 0)
