from __future__ import annotations

import random

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.dedup.lines import LINE_NORM, LineDedup, LineDedupConfig, normalise_lines
from tamis.dedup.normalize import normalise
from tamis.document import Document
from tamis.errors import ConfigError

WORDS = "alpha beta gamma delta river stone cloud paper orange violet market garden".split()
FURNITURE = ["Home | News | Sport", "Share this article", "© 2024 Example Media. All rights reserved."]


def page(rng: random.Random, i: int, url: str, furniture: list[str]) -> Document:
    # Words, not numbers: digits normalise to 0, so numbered lines would all be the same line.
    body = [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(4)]
    return Document(f"d{i}", "\n".join([furniture[0], *body, *furniture[1:]]), {"url": url})


def test_frequent_lines_are_removed_everywhere_and_recorded(run_global):
    rng = random.Random(1)
    docs = [page(rng, i, f"https://site{i % 2}.com/a{i}", FURNITURE) for i in range(12)]
    docs.append(Document("only-furniture", "\n".join(FURNITURE)))
    out = run_global(LineDedup(LineDedupConfig(min_docs=5)), {"s0": docs[:6], "s1": docs[6:]})
    kept = [d for ds in out.kept.values() for d in ds]
    assert len(kept) == 12
    for doc in kept:
        lines = doc.text.split("\n")
        assert not set(lines) & set(FURNITURE)
        assert len(lines) == 4
        info = doc.metadata["dedup"]["lines"]
        assert info["removed"] == 3 and info["line_numbers"] == [0, 5, 6]
        assert info["chars"] == sum(map(len, FURNITURE))
    _doc, drop = out.removed["only-furniture"]
    assert drop.reason == "all_lines_duplicated"


def test_below_threshold_lines_stay(run_global):
    rng = random.Random(2)
    docs = [page(rng, i, "", FURNITURE) for i in range(4)]
    out = run_global(LineDedup(LineDedupConfig(min_docs=5)), {"s0": docs})
    assert all(d.text.startswith(FURNITURE[0]) and "dedup" not in d.metadata for d in out.kept["s0"])


def test_site_scope_counts_per_host(run_global):
    def docs() -> list[Document]:  # fresh documents per run: apply edits texts in place
        rng = random.Random(3)
        a = [page(rng, i, f"https://www.a.com/{i}", ["A menu", "A footer"]) for i in range(6)]
        # b.com repeats its own footer on only 2 pages, and shares a line with a.com.
        return a + [page(rng, 10 + i, f"http://b.com/{i}", ["A menu", "B footer"]) for i in range(2)]

    corpus = run_global(LineDedup(LineDedupConfig(min_docs=5)), {"s0": docs()}, sub="corpus")
    site = run_global(LineDedup(LineDedupConfig(min_docs=5, scope="site")), {"s0": docs()}, sub="site")
    by_id = {d.id: d for d in corpus.kept["s0"]}
    assert "A menu" not in by_id["d10"].text  # 8 documents corpus-wide
    by_id = {d.id: d for d in site.kept["s0"]}
    assert "A menu" in by_id["d10"].text and "A menu" not in by_id["d0"].text


def test_config_validation():
    with pytest.raises(ConfigError):
        LineDedupConfig(min_docs=1)
    with pytest.raises(ConfigError):
        LineDedupConfig(scope="planet")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=8))
def test_bulk_normalisation_equals_per_line(lines: list[str]) -> None:
    # the fast path must hash exactly the lines the per-line normalisation would
    assert normalise_lines(lines) == [normalise(line, LINE_NORM) for line in lines]


def test_copies_of_a_whole_page_are_left_to_document_dedup(run_global):
    # three copies of an article (min_docs of them) made every one of its lines "repeated", and
    # remove mode emptied and dropped all three: the article was gone from the output
    rng = random.Random(5)
    article = page(rng, 0, "https://a.com/story", FURNITURE).text
    docs = [Document(f"copy{i}", article, {"url": "https://a.com/story"}) for i in range(3)]
    docs.append(Document("furniture-only", "\n".join(FURNITURE), {"url": "https://a.com/tag"}))
    docs += [page(rng, 10 + i, f"https://a.com/{i}", FURNITURE) for i in range(3)]
    out = run_global(LineDedup(LineDedupConfig(min_docs=3, scope="site")), {"s0": docs})
    kept = {d.id: d for d in out.kept["s0"]}
    for i in range(3):
        assert kept[f"copy{i}"].text == article and kept[f"copy{i}"].metadata["dedup"]["lines"]["page_copy"]
    # a page made of the site's furniture alone is not a copy of a page: it is still dropped
    assert out.removed["furniture-only"][1].reason == "all_lines_duplicated"
    assert all(not set(kept[f"d{10 + i}"].text.split("\n")) & set(FURNITURE) for i in range(3))


def test_pages_that_differ_only_in_numbers_are_no_copies(run_global):
    # the page key was made of the lines' hashes, which map digits to 0: five match reports became
    # "copies" of one another and were kept whole
    docs = [Document(f"score{i}", f"Match report for round {i + 1}\nFinal score {i}-{i + 2}\nAttendance {1000 * i + 317}")
            for i in range(1, 6)]
    out = run_global(LineDedup(LineDedupConfig(min_docs=3)), {"s0": docs})
    assert {d: r[1].reason for d, r in out.removed.items()} == {f"score{i}": "all_lines_duplicated" for i in range(1, 6)}


def test_copies_that_differ_only_in_case_are_copies(run_global):
    # the lines fold case, the page key did not: four copies were all dropped
    text = "Privacy Policy\nWe value your privacy."
    docs = [Document(f"p{i}", text if i < 2 else text.upper()) for i in range(4)]
    out = run_global(LineDedup(LineDedupConfig(min_docs=3)), {"s0": docs})
    assert out.removed == {} and all(d.metadata["dedup"]["lines"]["page_copy"] for d in out.kept["s0"])


def test_the_page_key_keeps_punctuation_between_numbers() -> None:
    from tamis.dedup.lines import page_key

    assert page_key("Score 1-12") != page_key("Score 11-2") and page_key("Score 1-12") == page_key("SCORE  1-12")
    assert page_key("Round 1: 1--12") != page_key("Round 1: 11--2") and page_key("½ cup") != page_key("12 cup")


def test_copies_that_differ_only_in_punctuation_are_copies(run_global):
    docs = [Document(f"p{i}", ("We're here." if i < 2 else "We’re here") + "\nWe value your privacy.") for i in range(4)]
    out = run_global(LineDedup(LineDedupConfig(min_docs=3)), {"s0": docs})
    assert out.removed == {}
