"""Named recipes: the signals and filters of a published rule set, in a fixed order.

``tamis run IN --output OUT --preset NAME`` runs read -> these steps -> write (``tamis.presets``
gathers every preset), so its decisions can be compared one to one with datatrove 0.10.1's filter
of the same name.

- ``gopher``: GopherRepetitionFilter then GopherQualityFilter, default thresholds.
- ``c4``: C4QualityFilter, defaults (line removal included).
- ``fineweb``: FineWebQualityFilter, defaults.
- ``language``: LanguageFilter(languages=["en"], language_threshold=0.65).
- ``fineweb_pipeline``: the FineWeb recipe's filter chain: English at 0.65, Gopher repetition,
  Gopher quality, C4 without the terminal-punctuation rule, FineWeb quality.

Labellers come before the filters that read them, so every kept and dropped document carries
every signal of its rule set up to the point it was dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from tamis.config import StepSpec


def _gopher() -> list[StepSpec]:
    return [StepSpec.of("gopher_repetition"), StepSpec.of("gopher_quality"),
            StepSpec.of("gopher_repetition_filter"), StepSpec.of("gopher_quality_filter")]


def _c4(**rules: object) -> list[StepSpec]:
    return [StepSpec.of("c4_quality", **rules), StepSpec.of("c4_filter"), StepSpec.of("c4_lines")]


def _fineweb() -> list[StepSpec]:
    return [StepSpec.of("fineweb_quality"), StepSpec.of("fineweb_filter")]


def _language() -> list[StepSpec]:
    return [StepSpec.of("language"), StepSpec.of("language_filter", languages=("en",), min_score=0.65)]


def _fineweb_pipeline() -> list[StepSpec]:
    return [*_language(), *_gopher(), *_c4(filter_no_terminal_punct=False), *_fineweb()]


PRESETS: dict[str, Callable[[], list[StepSpec]]] = {
    "gopher": _gopher,
    "c4": _c4,
    "fineweb": _fineweb,
    "language": _language,
    "fineweb_pipeline": _fineweb_pipeline,
}

