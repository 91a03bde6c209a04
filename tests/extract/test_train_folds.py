"""``train --from-folds`` scores saved fold models only on the pages they were not trained on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tamis.extract.model import load_model
from tamis.extract.training.train import _saved_fold


def test_saved_fold_is_loaded_only_for_its_held_out_pages(tmp_path: Path) -> None:
    model = load_model("text")
    (tmp_path / "fold0.json").write_text(json.dumps(model.to_json()))
    (tmp_path / "fold0.ids").write_text("page-a\npage-b")
    loaded = _saved_fold(tmp_path, 0, ["page-a", "page-b"])
    assert loaded.stage1.names == model.stage1.names and loaded.threshold == model.threshold
    with pytest.raises(SystemExit, match="other held-out pages"):
        _saved_fold(tmp_path, 0, ["page-a", "page-c"])


def test_cleaneval_folds_leave_the_scrapinghub_folds_as_they_were() -> None:
    from tamis.extract.training.train import cv_folds

    pages = [f"sh-{i}" for i in range(23)]
    extra = [f"ce-{i}" for i in range(11)]
    alone, order_alone = cv_folds(pages + pages, [], 5)  # two renderings of every page
    both, order_both = cv_folds(pages, extra, 5)
    assert {g: both[g] for g in pages} == alone  # the same held-out pages with or without CleanEval in folds
    assert order_both[: len(order_alone)] == order_alone and sorted(order_both) == sorted(pages + extra)
    sizes = [sum(1 for g in extra if both[g] == k) for k in range(5)]
    assert max(sizes) - min(sizes) <= 1  # CleanEval dealt evenly, not all into one fold
