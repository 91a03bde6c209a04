"""Unicode repair with ftfy: mojibake, bad HTML entities, curly-quote soup."""

from __future__ import annotations

from dataclasses import dataclass

import ftfy

from tamis.document import Document
from tamis.steps.base import Transformer


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


class FtfyRepair(Transformer):
    """Repair broken Unicode in place and note in metadata that the text changed."""

    name = "ftfy"
    Config = FtfyConfig

    def transform(self, doc: Document) -> None:
        if len(doc.text) > self.config.max_chars:
            return None
        cfg = self.config
        fixed = ftfy.fix_text(doc.text, normalization=cfg.normalization, uncurl_quotes=cfg.uncurl_quotes,
                              fix_character_width=cfg.fix_character_width)
        if fixed != doc.text:
            doc.metadata["ftfy_changed"] = True
            doc.text = fixed
        return None
