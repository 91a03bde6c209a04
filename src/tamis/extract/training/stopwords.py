"""The stop words of the line models: the most frequent words of each language in lingua's test
sentences, as the line features split words.

    python -m tamis.extract.training.stopwords --data ../shared/data src/tamis/extract/model.json \\
        src/tamis/extract/model_html.json

rewrites the stop words of existing model files and changes nothing else in them (the file is
written back compactly, as ``training.train`` writes a final model; a saved fold model's spacing
changes, not its content). The stop
words are data, not weights: a model trained with one tokenizer reads another's stop words as
well as the words that tokenizer gives. The shipped models' weights come from their training
commits (README, "Where the models come from"); their stop words come from here, since the
feature tokenizer keeps combining marks in their words (``features.tokens``): with the
benchmark's ``\\w+`` tokens the Hindi, Bengali or Tamil stop words were letters cut off at
their vowel signs, which the features no longer see. Thai, whose words are now whole runs
between spaces (clauses), gets none, as Chinese and Japanese get none (``MAX_MEAN_CHARS``).
"""

from __future__ import annotations

import argparse
import json
import tarfile
from collections import Counter
from pathlib import Path

from tamis.extract.features.tokens import word_tokens

PER_LANGUAGE = 60
# A language whose words average more than this many characters is written without spaces
# (Chinese, Japanese, Thai): a token there is a clause, and its most frequent ones are no stop words
MAX_MEAN_CHARS = 9


def derive_stopwords(lingua_tar: Path, per_lang: int = PER_LANGUAGE) -> frozenset[str]:
    """The ``per_lang`` most frequent tokens of each language's sentences (the feature tokens
    of the lowercased text; digits left out), for the languages written with spaces."""
    out: set[str] = set()
    with tarfile.open(lingua_tar) as tar:
        for member in tar.getmembers():
            if "/sentences/" not in member.name or not member.name.endswith(".txt"):
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            toks = word_tokens(fh.read().decode("utf-8", "replace").lower())[0]
            if not toks or sum(map(len, toks)) / len(toks) > MAX_MEAN_CHARS:
                continue
            counts = Counter(t for t in toks if not t.isdigit())
            out.update(w for w, _ in counts.most_common(per_lang))
    return frozenset(out)


def rewrite(model_file: Path, stopwords: frozenset[str]) -> bool:
    """Put ``stopwords`` in a model file (as ``training.train`` writes it), the rest unchanged;
    whether the file changed."""
    text = model_file.read_text(encoding="utf-8")
    data = json.loads(text)
    data["stopwords"] = sorted(stopwords)
    new = json.dumps(data, separators=(",", ":"))
    if new == text:
        return False
    model_file.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Rewrite the stop words of line model files from lingua's test sentences.")
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("models", type=Path, nargs="+", help="model files (model.json, model_html.json, saved fold models)")
    args = ap.parse_args(argv)
    stopwords = derive_stopwords(args.data / "lingua-langid-testdata.tar.gz")
    for path in args.models:
        print(f"{path}: {len(stopwords)} stop words, {'rewritten' if rewrite(path, stopwords) else 'unchanged'}")


if __name__ == "__main__":
    main()
