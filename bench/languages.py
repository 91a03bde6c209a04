"""Does ``clean_text`` keep article prose in every language? Recall on pages built from the
lingua test sentences (75 languages, Leipzig corpora).

    .venv/bin/python bench/languages.py [--pages 10] [--data ../shared/data]

The scrapinghub and CleanEval golds hold a few languages only, so a script the model has never
seen (Urdu's full stop "۔", the Devanagari danda "।") can lose a whole article without any
benchmark noticing. Each page here is a headline and six paragraphs of three consecutive
sentences, between a menu and a footer (English words, as many sites in other languages keep
them): the same layout as html-text's rendering, blank lines between paragraphs. Recall is the
share of paragraph characters whose paragraph is in the output; "furniture kept" counts the
menu and footer lines that survived, out of 7 per page.

This is not a held-out score: the stop-word lists come from the same sentence files (the 60 most
frequent words of each language, ``training.stopwords.derive_stopwords``). It tests what the stop words
cannot rescue: scripts, punctuation, word shapes. A language scores low when its pages look like
lists of unpunctuated titles to the model.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import tarfile
from pathlib import Path

MENU = ["Home", "News", "Sport", "Contact"]
FOOTER = ["Share this article", "Facebook Twitter Email", "© 2024 Example Media. All rights reserved."]
SENTENCES_PER_PAGE = 18  # six paragraphs of three, plus one line for the headline after them


def sentences(tar_path: Path) -> dict[str, list[str]]:
    """language code -> its test sentences, read from the archive without extracting it."""
    out: dict[str, list[str]] = {}
    with tarfile.open(tar_path) as tar:
        for member in tar:
            parts = Path(member.name).parts
            if member.isfile() and len(parts) >= 2 and parts[-2] == "sentences" and member.name.endswith(".txt"):
                f = tar.extractfile(member)
                if f is not None:
                    lines = f.read().decode("utf-8").splitlines()
                    out[Path(member.name).stem] = [s.strip() for s in lines if s.strip()]
    return out


def page(sents: list[str], start: int) -> tuple[str, list[str]]:
    """A page and its paragraphs, from ``SENTENCES_PER_PAGE + 1`` sentences from ``start`` on."""
    body = sents[start:start + SENTENCES_PER_PAGE]
    paras = [" ".join(body[i:i + 3]) for i in range(0, SENTENCES_PER_PAGE, 3)]
    headline = " ".join(sents[start + SENTENCES_PER_PAGE].split()[:10])
    lines = MENU + ["", headline, ""] + "\n\n".join(paras).split("\n") + [""] + FOOTER
    return "\n".join(lines), paras


def score(clean, sents: list[str], pages: int) -> tuple[float, int]:
    """Mean recall over ``pages`` pages spread over the file, and furniture lines kept."""
    step = max(1, (len(sents) - SENTENCES_PER_PAGE - 1) // pages)
    recalls, furniture = [], 0
    for k in range(pages):
        start = k * step
        if start + SENTENCES_PER_PAGE >= len(sents):
            break
        text, paras = page(sents, start)
        out = clean(text)
        kept_lines = set(out.split("\n"))
        recalls.append(sum(len(p) for p in paras if p in kept_lines) / sum(len(p) for p in paras))
        furniture += sum(line in kept_lines for line in MENU + FOOTER)
    return statistics.mean(recalls), furniture


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=root / ".." / "shared" / "data")
    ap.add_argument("--pages", type=int, default=10, help="pages per language")
    args = ap.parse_args()

    from tamis.extract.text import clean_text

    by_lang = sentences(args.data / "lingua-langid-testdata.tar.gz")
    rows = sorted((score(clean_text, s, args.pages), lang) for lang, s in by_lang.items())
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
          f"Python {platform.python_version()}; {len(rows)} languages x {args.pages} pages")
    print()
    print("| language | recall | furniture lines kept |")
    print("|---|---|---|")
    for (recall, furniture), lang in rows:
        if recall < 0.95 or furniture:
            print(f"| {lang} | {recall:.3f} | {furniture} of {7 * args.pages} |")
    recalls = [r for (r, _), _ in rows]
    print()
    print(f"mean recall {statistics.mean(recalls):.3f}, median {statistics.median(recalls):.3f}; "
          f"languages below 0.9: {sum(r < 0.9 for r in recalls)}, below 0.5: {sum(r < 0.5 for r in recalls)}; "
          f"furniture lines kept: {sum(f for (_, f), _ in rows)} of {7 * args.pages * len(rows)}; "
          "only languages under 0.95 or with furniture kept are listed")


if __name__ == "__main__":
    main()
