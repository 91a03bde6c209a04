"""Build the comparison corpus for the quality benchmarks as one JSONL file outside the repo.

Sources (all under ``<repo>/../shared/data``, never copied into the repository):
- article-extraction-benchmark: gold article bodies and the whole-page ``html-text`` renderings;
- crawl samples: cc_net JSONL texts, the raw Dolma documents, and WARC responses turned into plain
  text with resiliparse (main content off, so navigation stays in, as in a raw crawl);
- DCLM human-quality texts, with their label.

Each row: ``{"id", "source", "text", "label"}`` (``label`` only for DCLM).
Usage: ``python bench/quality_corpus.py /tmp/quality_corpus.jsonl``
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def rows() -> list[dict]:
    out: list[dict] = []
    aeb = SHARED / "article-extraction-benchmark"
    gold = json.loads((aeb / "ground-truth.json").read_text())
    for key, val in sorted(gold.items()):
        out.append({"id": f"gold/{key}", "source": "aeb-gold", "text": val["articleBody"]})
    page = json.loads((aeb / "output" / "html-text.json").read_text())["output"]
    for key, val in sorted(page.items()):
        out.append({"id": f"page/{key}", "source": "aeb-page", "text": val["articleBody"]})
    crawl = SHARED / "crawl-samples"
    for name in ("dolma_cc_en_head-0091.jsonl.gz", "dolma_cc_en_head-0174.jsonl.gz", "dolma_provided_documents_000.json.gz"):
        with gzip.open(crawl / name, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if line.strip():
                    out.append({"id": f"{name}/{i}", "source": "crawl-text", "text": json.loads(line)["text"]})
    from fastwarc.warc import ArchiveIterator, WarcRecordType
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    for warc in sorted(crawl.glob("*.warc.gz")):
        with open(warc, "rb") as fh:
            for i, rec in enumerate(ArchiveIterator(fh, record_types=WarcRecordType.response)):
                body = rec.reader.read()
                html = bytes_to_str(body, detect_encoding(body))
                text = extract_plain_text(html, main_content=False)
                out.append({"id": f"{warc.name}/{i}", "source": "crawl-warc", "text": text})
    for name in ("agreement_data.jsonl", "majority_data.jsonl"):
        with open(SHARED / "dclm-human-quality" / name, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                row = json.loads(line)
                out.append({"id": f"dclm/{name}/{i}", "source": "dclm", "text": row["text"], "label": int(row["label"])})
    return out


def main() -> None:
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/quality_corpus.jsonl")
    data = rows()
    with open(dest, "w", encoding="utf-8") as fh:
        for row in data:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_source: dict[str, int] = {}
    for row in data:
        by_source[row["source"]] = by_source.get(row["source"], 0) + 1
    print(dest, len(data), by_source)


if __name__ == "__main__":
    main()
