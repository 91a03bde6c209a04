"""The hashed n-gram functions must equal the plain definitions on any word sequence."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.quality.gopher import duplicate_ngram_chars, top_ngram_chars


def naive_top(words: list[str], n: int) -> int:
    grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0
    gram, count = Counter(grams).most_common(1)[0]
    return len(gram) * count


def naive_dup(words: list[str], n: int) -> int:
    seen: set[tuple[str, ...]] = set()
    total = idx = 0
    while idx < len(words) - n + 1:
        gram = tuple(words[idx : idx + n])
        if gram in seen:
            total += sum(map(len, gram))
            idx += n
        else:
            seen.add(gram)
            idx += 1
    return total


WORDS = st.lists(st.sampled_from(["a", "bb", "ccc", "a", "dd"]), max_size=80)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(min_value=1, max_value=10))
def test_hashed_ngrams_match_the_definitions(words, n):
    assert top_ngram_chars(words, n) == naive_top(words, n)
    assert duplicate_ngram_chars(words, n) == naive_dup(words, n)
