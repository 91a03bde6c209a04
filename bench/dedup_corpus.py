"""Labelled near-duplicate corpora for the dedup benchmarks (generated at run time, never stored).

- ``mutated_set``: real texts from ../shared/data (article gold, DCLM documents) and copies of
  them mutated at random intensity by insertions, deletions, furniture swaps and reordering.
- ``natural_set``: the scrapinghub benchmark's many renderings of the same page (gold, whole-page
  renderings, extractor outputs): natural clusters at every level of similarity.
- ``exact_pairs``: the ground truth, the exact Jaccard of every pair of documents over word
  5-gram sets (sparse matrix product, so every pair is covered, not only generated ones).
- ``synthetic_docs``: fast ~2 KB documents with a known fraction of near copies (speed, memory).
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
AEB = SHARED / "article-extraction-benchmark"
TOOLS = ["html-text", "inscriptis", "html2text", "beautifulsoup", "trafilatura", "readability", "justext",
         "newspaper", "goose3", "boilerpipe", "news_please"]


def real_texts(min_words: int = 80) -> list[tuple[str, str]]:
    out = []
    gold = json.loads((AEB / "ground-truth.json").read_text())
    out += [(f"aeb:{k}", v["articleBody"]) for k, v in sorted(gold.items())]
    for name in ("agreement_data.jsonl", "majority_data.jsonl"):
        for i, line in enumerate((SHARED / "dclm-human-quality" / name).read_text().splitlines()):
            out.append((f"dclm:{name[:5]}:{i}", json.loads(line)["text"]))
    return [(k, t) for k, t in out if len(t.split()) >= min_words]


def furniture_pool(limit: int = 3000) -> list[str]:
    """Lines that whole-page renderings have and the gold article has not: real page furniture."""
    gold = json.loads((AEB / "ground-truth.json").read_text())
    pages = json.loads((AEB / "output" / "html-text.json").read_text())["output"]
    pool: dict[str, None] = {}
    for key, rec in sorted(pages.items()):
        body = gold.get(key, {}).get("articleBody", "")
        for line in rec["articleBody"].splitlines():
            line = line.strip()
            if 3 <= len(line) <= 100 and line not in body:
                pool[line] = None
    return list(pool)[:limit]


def _paragraphs(text: str) -> list[str]:
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) < 4:  # one block: reorder sentences instead
        paras = [s.strip() + "." for s in text.replace("\n", " ").split(". ") if s.strip()]
    return paras


def mutate(rng: random.Random, text: str, pool: list[str], donors: list[str]) -> tuple[str, str]:
    """One mutated copy of ``text`` and the name of the operation(s) applied."""
    ops = rng.choice([["insert"], ["delete"], ["furniture"], ["reorder"], ["insert", "delete"],
                      ["furniture", "reorder"], ["insert", "delete", "furniture", "reorder"]])
    rate = rng.uniform(0.0, 0.35)
    words = text.split(" ")
    if "delete" in ops:  # delete spans of 1-12 words until `rate` of the words are gone
        target = int(len(words) * rate)
        while target > 0 and len(words) > 20:
            n = min(target, rng.randint(1, 12))
            at = rng.randrange(len(words) - n)
            del words[at : at + n]
            target -= n
    if "insert" in ops:  # insert spans taken from other documents
        target = int(len(words) * rate)
        while target > 0:
            donor = rng.choice(donors).split(" ")
            n = min(target, rng.randint(3, 25), len(donor))
            at = rng.randrange(max(1, len(donor) - n))
            pos = rng.randrange(len(words) + 1)
            words[pos:pos] = donor[at : at + n]
            target -= n
    text = " ".join(words)
    if "reorder" in ops:
        paras = _paragraphs(text)
        for _ in range(max(1, int(len(paras) * rate))):
            i, j = rng.randrange(len(paras)), rng.randrange(len(paras))
            paras[i], paras[j] = paras[j], paras[i]
        text = "\n".join(paras)
    if "furniture" in ops:  # swap the page's header and footer for another site's
        head = rng.sample(pool, rng.randint(2, 12))
        foot = rng.sample(pool, rng.randint(2, 12))
        text = "\n".join(head + [text] + foot)
    return text, "+".join(ops)


def mutated_set(n_base: int = 400, variants: int = 4, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    texts = real_texts()
    rng.shuffle(texts)
    base, donors = texts[:n_base], [t for _, t in texts[n_base:]] or [t for _, t in texts]
    pool = furniture_pool()
    docs = []
    for key, text in base:
        docs.append({"id": key, "text": text, "family": key, "op": "original"})
        for v in range(variants):
            new, op = mutate(rng, text, pool, donors)
            docs.append({"id": f"{key}~{v}", "text": new, "family": key, "op": op})
    return docs


def natural_set() -> list[dict]:
    gold = json.loads((AEB / "ground-truth.json").read_text())
    docs = [{"id": f"sh:{k}:gold", "text": v["articleBody"], "family": f"sh:{k}", "op": "gold"} for k, v in sorted(gold.items())]
    for tool in TOOLS:
        raw = json.loads((AEB / "output" / f"{tool}.json").read_text())
        out = raw.get("output", raw) if isinstance(raw.get("output"), dict) else raw
        for key, rec in sorted(out.items()):
            if isinstance(rec, dict) and (rec.get("articleBody") or "").strip():
                docs.append({"id": f"sh:{key}:{tool}", "text": rec["articleBody"], "family": f"sh:{key}", "op": tool})
    return docs


def exact_pairs(texts: list[str], min_jaccard: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs ``i < j`` with exact word-5-gram Jaccard >= ``min_jaccard``: (i, j, jaccard)."""
    from scipy import sparse

    from tamis.dedup.minhash import word_shingles

    sets = [np.unique(word_shingles(t, 5)) for t in texts]
    allsh = np.concatenate(sets)
    _, col = np.unique(allsh, return_inverse=True)
    row = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    x = sparse.csr_matrix((np.ones(len(col), np.float32), (row, col)), shape=(len(sets), col.max() + 1))
    inter = sparse.triu(x @ x.T, k=1).tocoo()
    size = np.array([len(s) for s in sets], np.float64)
    jac = inter.data / (size[inter.row] + size[inter.col] - inter.data)
    keep = jac >= min_jaccard
    return inter.row[keep], inter.col[keep], jac[keep]


def synthetic_docs(n: int, seed: int = 0, dup_rate: float = 0.1, words: int = 330) -> Iterator[dict]:
    """~2 KB documents of random words from a Zipf-ish vocabulary; ``dup_rate`` of them are near
    copies (1% of words replaced, Jaccard ~0.9) of an earlier document in the same 10k-doc window."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i:x}" for i in range(50_000)])
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 0.8
    cdf = np.cumsum(weights / weights.sum())

    def draw(k: int) -> np.ndarray:  # inverse-CDF sampling: O(k log V), not O(V) per call
        return np.minimum(np.searchsorted(cdf, rng.random(k)), len(vocab) - 1)

    recent: list[np.ndarray] = []
    for i in range(n):
        if recent and rng.random() < dup_rate:
            toks = recent[rng.integers(len(recent))].copy()
            at = rng.integers(0, len(toks), max(1, len(toks) // 100))
            toks[at] = draw(len(at))
        else:
            toks = draw(words)
            if len(recent) < 10_000:
                recent.append(toks)
            else:
                recent[rng.integers(len(recent))] = toks
        yield {"id": f"g{i}", "text": " ".join(vocab[toks])}


def write_jsonl(docs: list[dict] | Iterator[dict], path: Path, gz: bool = False) -> int:
    n = 0
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
            n += 1
    return n
