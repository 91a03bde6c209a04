from __future__ import annotations

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from tamis.document import Document
from tamis.steps.repair import FtfyConfig, FtfyRepair, needs_repair


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_fast_path_never_skips_a_text_ftfy_would_change(text: str) -> None:
    fixer = FtfyRepair()._fixer
    if not needs_repair(text):
        assert ftfy.fix_text(text, fixer) == text


def test_repairs_mojibake_but_keeps_typography() -> None:
    step = FtfyRepair(FtfyConfig())
    doc = Document("d", "The caf\u00c3\u00a9 said \u201chello\u201d")
    step.transform(doc)
    assert doc.text == "The caf\u00e9 said \u201chello\u201d"
    assert doc.metadata["ftfy_changed"] is True
    untouched = Document("e", "Nothing to fix here.")
    step.transform(untouched)
    assert "ftfy_changed" not in untouched.metadata
