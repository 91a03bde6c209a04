"""Named pipelines. A preset is just a list of step specs: a known recipe to start from.

``default`` is what ``tamis run IN -o OUT`` does without ``--config`` or ``--preset``. The rule-set
presets (gopher, c4, fineweb, dedup) run only that recipe, so their decisions can be compared one
to one with other toolkits.
"""

from __future__ import annotations

from collections.abc import Callable

from tamis.config import StepSpec
from tamis.dedup.presets import PRESETS as _DEDUP_PRESETS
from tamis.errors import ConfigError
from tamis.quality.presets import PRESETS as _QUALITY_PRESETS


def site_lines(min_docs: int = 3) -> StepSpec:
    """Per-site repeated lines, recorded as evidence for ``line_labels`` (text left as it is).

    Three pages is the smallest count that says "the site's template" rather than "a page and
    its copy" (cc_net removes a paragraph seen twice anywhere in its shard; counting per site
    and only relabelling lines the model kept is the conservative side of that).
    """
    return StepSpec.of("line_dedup", action="label", scope="site", min_docs=min_docs)


def http_errors() -> StepSpec:
    """Drop WARC responses whose HTTP status is 300 or more (``metadata.location.http_status``): a 404
    page or a redirect's "Moved Permanently" is no page's content, and a site's error page
    would otherwise be the copy a near-duplicate cluster keeps. Documents without a status
    (every other format) pass, and the run does not warn that none had one."""
    return StepSpec.of("threshold", field="location.http_status", op="<", value=300, reason="http_error_status",
                       warn_missing=False)


def _default() -> list[StepSpec]:
    """Repair, label, and remove only what is certainly unwanted (HTTP error pages, near-duplicates).

    Quality signals are labels here, not filters: the thresholds that suit one corpus do not
    suit another, and a label can be filtered on later (``threshold`` steps, or a preset)
    without recomputing it.

    Site-repeated lines are in the default because a crawl holds many pages per site and the
    line model, judging one page at a time, keeps a site's footer when it reads as prose; the
    repeats give it away (``tamis.extract.site``). It counts per URL host on the text
    ``line_labels`` sees (after ``ftfy``, ``extract_html`` and ``reflow``, which edit it);
    documents without a URL are untouched. Being a global step, it needs the whole corpus
    before ``line_labels`` can run; its own cost is about 0.3 ms per document, some 4% of the
    pipeline's CPU time (BENCHMARKS.md, "Site-repeated lines").
    """
    return [
        http_errors(),  # WARC responses whose HTTP status is not 2xx: error pages, redirect stubs
        StepSpec("ftfy"),
        StepSpec("extract_html"),  # HTML documents only (WARC responses, .html files)
        StepSpec("reflow"),  # hard-wrapped or one-line page text into one block per line
        site_lines(),  # lines repeated on >= 3 pages of a site: evidence for the labeller, no edit
        StepSpec("line_labels"),  # every line labelled: body, title, navigation, author-bio, ...
        StepSpec("remove_furniture"),  # keep the main content; drop a page that has none
        StepSpec("language"),
        StepSpec("gopher_quality"),
        StepSpec("gopher_repetition"),
        StepSpec("c4_quality"),
        StepSpec("fineweb_quality"),
        StepSpec("minhash_dedup"),
    ]


PRESETS: dict[str, Callable[[], list[StepSpec]]] = {
    "default": _default,
    **_DEDUP_PRESETS,  # dedup: exact then MinHash near-duplicates
    **_QUALITY_PRESETS,  # gopher, c4, fineweb, language, fineweb_pipeline: signals + their filters
}


def preset_steps(name: str) -> list[StepSpec]:
    """The steps of preset ``name``.

    >>> [s.name for s in preset_steps("fineweb")]
    ['fineweb_quality', 'fineweb_filter']
    >>> preset_steps("gopherr")
    Traceback (most recent call last):
    ...
    tamis.errors.ConfigError: unknown preset 'gopherr' (known: c4, dedup, default, fineweb, fineweb_pipeline, gopher, language)
    """
    try:
        return PRESETS[name]()
    except KeyError:
        raise ConfigError(f"unknown preset {name!r} (known: {', '.join(sorted(PRESETS))})") from None
