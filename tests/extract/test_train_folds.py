"""``train --from-folds`` scores saved fold models only on the pages they were not trained on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.extract.model import load_model
from tamis.extract.train import _saved_fold


def test_saved_fold_is_loaded_only_for_its_held_out_pages(tmp_path: Path) -> None:
    model = load_model("text")
    (tmp_path / "fold0.json").write_text(json.dumps(model.to_json()))
    (tmp_path / "fold0.ids").write_text("page-a\npage-b")
    loaded = _saved_fold(tmp_path, 0, ["page-a", "page-b"])
    assert loaded.stage1.names == model.stage1.names and loaded.threshold == model.threshold
    with pytest.raises(SystemExit, match="other held-out pages"):
        _saved_fold(tmp_path, 0, ["page-a", "page-c"])
