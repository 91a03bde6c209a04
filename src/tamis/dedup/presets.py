"""Pipeline presets contributed by dedup (``tamis.presets`` gathers every preset for ``--preset``).

``dedup``: exact duplicates first (cheap, and it spares MinHash the exact copies), then near
duplicates. Nothing else runs, so ``tamis run IN --output OUT --preset dedup`` is read -> dedup ->
write.

>>> [spec.name for spec in PRESETS["dedup"]()]
['exact_dedup', 'minhash_dedup']
"""

from __future__ import annotations

from collections.abc import Callable

from tamis.config import StepSpec

PRESETS: dict[str, Callable[[], list[StepSpec]]] = {
    "dedup": lambda: [StepSpec("exact_dedup"), StepSpec("minhash_dedup")],
}
