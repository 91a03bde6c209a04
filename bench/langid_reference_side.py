"""Reference side of bench/langid_lingua.py: the official fastText bindings (as datatrove installs
them, ``fasttext-numpy2-wheel``) on the same lid.176.ftz. Runs in bench/.venv-datatrove.

Usage: python bench/langid_reference_side.py SENTENCES_DIR LID_PATH OUT.json
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from fasttext.FastText import _FastText


def main() -> None:
    sent_dir, lid_path, dest = sys.argv[1:4]
    model = _FastText(lid_path)
    out: dict[str, list[str]] = {}
    cpu = 0.0
    n = 0
    for path in sorted(Path(sent_dir).glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        start = time.process_time()
        out[path.stem] = [model.predict(t.replace("\n", " "), k=1)[0][0][9:] for t in lines]
        cpu += time.process_time() - start
        n += len(lines)
    json.dump({"predictions": out, "docs_per_cpu_s": n / cpu}, open(dest, "w"))


if __name__ == "__main__":
    main()
