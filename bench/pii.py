"""PII detection on the quality benchmark corpus: docs per CPU-second and what was found.

    .venv/bin/python bench/pii.py [--corpus /tmp/quality_corpus.jsonl] [--rounds 5] [--show phone]

The corpus is built by ``bench/quality_corpus.py`` (benchmark gold bodies and page texts, crawl
samples, DCLM texts) when the file is missing. Each round times ``find_pii`` + ``redact`` over
every document (process CPU time, one core); the median round is reported, with the count of
each kind. There is no labelled PII set here, so precision is judged by reading the spans:
``--show KIND`` prints every match of that kind with a little context.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tamis.quality.pii import find_pii, redact


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/quality_corpus.jsonl"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--show", help="print every match of this kind, with context")
    args = ap.parse_args()
    if not args.corpus.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("quality_corpus.py")), str(args.corpus)], check=True)
    texts = [json.loads(line)["text"] for line in args.corpus.open(encoding="utf-8")]
    rates = []
    for _ in range(args.rounds):
        start = time.process_time()
        found = [find_pii(t) for t in texts]
        for t, spans in zip(texts, found):
            redact(t, spans)
        rates.append(len(texts) / (time.process_time() - start))
    kinds = Counter(kind for spans in found for _, _, kind in spans)
    chars = sum(map(len, texts))
    print(f"{len(texts)} documents ({chars / 1e6:.1f} MB of text): median {statistics.median(rates):,.0f} docs per "
          f"CPU second over {args.rounds} rounds; found {dict(sorted(kinds.items()))}")
    if args.show:
        for t, spans in zip(texts, found):
            for a, b, kind in spans:
                if kind == args.show:
                    print(f"  {t[max(0, a - 25):a]!r} [{t[a:b]}] {t[b:b + 15]!r}")


if __name__ == "__main__":
    main()
