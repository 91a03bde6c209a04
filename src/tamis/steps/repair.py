"""Unicode repair with ftfy: mojibake, bad HTML entities, curly-quote soup.

ftfy is thorough and therefore slow (around a millisecond per web page). Most pages need no
repair at all, so a cheap check decides first whether the text could need any of the fixes that
are switched on; only then is ftfy called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import ftfy

from tamis.document import Document
from tamis.errors import ConfigError
from tamis.steps.base import Transformer

# Anything ftfy could change in ASCII text: entities, control and escape characters, CR line ends.
_ASCII_SUSPECT = re.compile(r"[&\x00-\x08\x0b-\x1f\x7f]")


def needs_repair(text: str) -> bool:
    """Could ftfy change this text? False means: certainly not (with the step's settings).

    >>> needs_repair("plain ascii text\\nwith lines")
    False
    >>> needs_repair("caf\\u00c3\\u00a9")  # UTF-8 read as Latin-1
    True
    >>> needs_repair("Tom &amp; Jerry")
    True
    """
    if text.isascii():
        return _ASCII_SUSPECT.search(text) is not None
    return True


@dataclass(frozen=True, slots=True)
class FtfyConfig:
    # NFC keeps text comparable for dedup without the lossy compatibility folds of NFKC.
    normalization: str = "NFC"
    # ftfy can be slow on pathological input; past this size the text is left as it is.
    max_chars: int = 2_000_000
    # Repair, do not restyle: curly quotes and full-width CJK forms are legitimate text, and
    # rewriting them would change documents that were never broken.
    uncurl_quotes: bool = False
    fix_character_width: bool = False

    def __post_init__(self) -> None:
        # ftfy raises on an unknown form for every non-ASCII text: each would be quarantined
        if self.normalization not in ("NFC", "NFKC", "NFD", "NFKD"):
            raise ConfigError(f"ftfy.normalization: {self.normalization!r} is not one of NFC, NFKC, NFD, NFKD")
        if self.max_chars < 0:
            raise ConfigError("ftfy.max_chars must be 0 or more")


class FtfyRepair(Transformer):
    """Repair broken Unicode (mojibake, entities, control characters) and note that it did."""

    name = "ftfy"
    Config = FtfyConfig

    @cached_property
    def _fixer(self) -> ftfy.TextFixerConfig:
        cfg = self.config
        return ftfy.TextFixerConfig(normalization=cfg.normalization, uncurl_quotes=cfg.uncurl_quotes,
                                    fix_character_width=cfg.fix_character_width)

    def transform(self, doc: Document) -> None:
        text = doc.text
        if len(text) > self.config.max_chars or not needs_repair(text):
            return None
        fixed = ftfy.fix_text(text, self._fixer)
        if fixed != text:
            doc.metadata["ftfy_changed"] = True
            doc.text = fixed
        return None
