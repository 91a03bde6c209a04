"""Train the packaged line model from ``../shared/data`` (reproducible; needs the ``train`` extra).

    python -m tamis.extract.training.train --data ../shared/data --out src/tamis/extract/model.json [--cv 5]

Training pages come from ``training/data.py``: the scrapinghub pages in three renderings, CleanEval,
and a flattened copy of each resiliparse rendering (``--no-flat`` leaves them out). Every text
is put through ``layout.reflow`` first, as ``clean_text`` does at run time.

``--cv K`` reports K-fold cross-validated scrapinghub F1 (folds split by page, so no page's
renderings are on both sides) before training the final model on everything. It also scores
the benchmark's html2text and BeautifulSoup renderings, which are never trained on.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from tamis.extract.evaluation.metric import score
from tamis.extract.features.lines import tokens
from tamis.extract.features.page import STAGE2_NAMES, Page, page_matrix, stage2_matrix
from tamis.extract.layout import reflow
from tamis.extract.model import BinnedLinear, LineModel
from tamis.extract.training.data import align, html_pages, load_cleaneval, load_scrapinghub, nodes_copy
from tamis.extract.training.stopwords import derive_stopwords
from tamis.extract.trees import TreeEnsemble

N_BINS = 12
TREE_DEPTH = 5


def featurise(pages: list[dict], stopwords: frozenset[str], weights: str = "sqrt") -> None:
    """Features, aligned labels and line weights of every page.

    ``weights="sqrt"``: sqrt(words) per line, each page summing to sqrt(lines). ``"metric"``:
    words / gold words of the page, which is what keeping a furniture line (precision) or dropping
    an article line (recall) costs in the benchmark's per-page averages.
    """
    for p in pages:
        if "links" not in p:  # page text is labelled in the layout clean_text gives the model
            p["text"] = reflow(p["text"])
        page = Page(p["text"], p.get("links"))
        X, names = page_matrix(page, stopwords)
        p["X"], p["names"], p["page"] = X, names, page
        p["y"] = align(page, p["gold"])
        words = np.array([len(tokens(s)) for s in page.stripped], dtype=np.float64)
        if weights == "metric":
            p["w"] = (words + 1) / max(30.0, float(len(tokens(p["gold"]))))
            continue
        w = np.sqrt(words + 1)
        p["w"] = w / w.sum() * len(w) ** 0.5 if len(w) else w


def bin_edges(x: np.ndarray, bins: int = N_BINS) -> np.ndarray:
    """Bin edges for one feature column: quantiles, or for a column with few distinct values,
    the midpoints between them. Quantiles alone merge a rare value into its neighbour's bin
    (a 0/1 flag set on 5% of lines gets no edge at all), so rare indicators would get no weight.

    >>> bin_edges(np.array([0.0] * 95 + [1.0] * 5)).tolist()
    [0.5]
    >>> len(bin_edges(np.arange(1000.0)))
    11
    """
    values = np.unique(x)
    if len(values) <= bins:
        return (values[:-1] + values[1:]) / 2
    return np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)[1:-1]))


def fit_binned(X: np.ndarray, y: np.ndarray, w: np.ndarray, names: list[str], C: float) -> BinnedLinear:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    edges, blocks, offset = [], [], 0
    rows = np.arange(X.shape[0])
    cols_all, sizes = [], []
    for j in range(X.shape[1]):
        q = bin_edges(X[:, j])
        edges.append(q)
        idx = np.searchsorted(q, X[:, j], side="right")
        cols_all.append(idx + offset)
        sizes.append(len(q) + 1)
        offset += len(q) + 1
    cols = np.concatenate(cols_all)
    M = sparse.csr_matrix((np.ones(len(cols)), (np.tile(rows, X.shape[1]), cols)), shape=(X.shape[0], offset))
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(M, y, sample_weight=w)
    coef = lr.coef_[0]
    weights, start = [], 0
    for size in sizes:
        weights.append(coef[start : start + size].copy())
        start += size
    del blocks
    return BinnedLinear(tuple(names), tuple(edges), tuple(weights), float(lr.intercept_[0]))


def fit_trees(X: np.ndarray, y: np.ndarray, w: np.ndarray, names: list[str], trees: int) -> TreeEnsemble:
    """Gradient-boosted trees for stage two; shallow and few, since all trees run per line."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    hgb = HistGradientBoostingClassifier(max_iter=trees, learning_rate=0.1, max_depth=TREE_DEPTH, min_samples_leaf=40,
                                         l2_regularization=1.0, early_stopping=False, random_state=0)
    hgb.fit(X, y, sample_weight=w)
    return TreeEnsemble.from_sklearn(hgb, tuple(names))


def fit(pages: list[dict], stopwords: frozenset[str], C: float = 0.5, threshold: float = 0.5, switch_cost: float = 1.0, seed: int = 0,
        trees: int = 0, stages: int = 2) -> LineModel:
    names = pages[0]["names"]
    X = np.vstack([p["X"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    w = np.concatenate([p["w"] for p in pages])
    stage1 = fit_binned(X, y, w, names, C)
    # each later stage learns from out-of-fold scores of the stage before, as it will see at run time
    groups = sorted({p["group"] for p in pages})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % 3 for i, g in enumerate(groups)}
    fold = [fold_of[p["group"]] for p in pages]
    oof = _out_of_fold([p["X"] for p in pages], pages, fold, names, C)
    names2 = names + list(STAGE2_NAMES)
    X2s = [stage2_matrix(p["page"], p["X"], names, oof[i])[0] for i, p in enumerate(pages)]
    X2all = np.vstack(X2s)
    stage2 = fit_trees(X2all, y, w, names2, trees) if trees else fit_binned(X2all, y, w, names2, C)
    stage3 = None
    if stages >= 3:
        oof2 = _out_of_fold(X2s, pages, fold, names2, C)
        X3all = np.vstack([stage2_matrix(p["page"], p["X"], names, oof2[i])[0] for i, p in enumerate(pages)])
        stage3 = fit_binned(X3all, y, w, names2, C)
    meta = {"trained_on": sorted({p["source"] for p in pages}), "pages": len(pages), "C": C, "bins": N_BINS, "trees": trees,
            "links": any("links" in p for p in pages), **({"stages": 3} if stage3 is not None else {})}
    return LineModel(stage1, stage2, stopwords, switch_cost, threshold, meta, stage3)


def _out_of_fold(Xs: list[np.ndarray], pages: list[dict], fold: list[int], names: list[str], C: float) -> list[np.ndarray]:
    """Each page's logits (its matrix in ``Xs``) from a binned model fitted on the pages of the
    other folds (``fold``: each page's fold, 0-2)."""
    out: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for k in range(3):
        tr = [i for i in range(len(pages)) if fold[i] != k]
        m = fit_binned(np.vstack([Xs[i] for i in tr]), np.concatenate([pages[i]["y"] for i in tr]),
                       np.concatenate([pages[i]["w"] for i in tr]), names, C)
        for i in range(len(pages)):
            if fold[i] == k:
                out[i] = m.logits(Xs[i])
    return out


def _clean(p: dict, model: LineModel) -> str:
    from tamis.extract.html import page_article
    from tamis.extract.text import assemble, kept_lines

    if "links" in p:  # an HTML page, decided as extract_html decides
        return page_article(p["text"], p["links"], p["context"], model)
    # page text, as clean_text decides (``featurise`` has reflowed it already)
    return assemble(p["text"].splitlines(), kept_lines(p["text"], model))


def cv_folds(groups: list[str], extra: list[str], k: int) -> tuple[dict[str, int], list[str]]:
    """Fold of every page group (all renderings of a page share one) and the groups in fold order
    of assignment: ``groups`` (the scrapinghub pages) shuffled with a fixed seed and dealt into
    ``k`` folds, then ``extra`` (CleanEval's, with ``--cv-cleaneval``) dealt the same way on their
    own, so the scrapinghub folds are the same with or without them.

    >>> fold, order = cv_folds(["a", "a", "b", "c"], ["x"], 2)
    >>> sorted(fold) == ["a", "b", "c", "x"], sorted(order) == ["a", "b", "c", "x"]
    (True, True)
    """
    fold: dict[str, int] = {}
    order: list[str] = []
    for part in (groups, extra):
        ids = sorted(set(part))
        random.Random(1).shuffle(ids)
        fold.update({g: i % k for i, g in enumerate(ids)})
        order += ids
    return fold, order


def _saved_fold(folder: Path, k: int, held_out: list[str]) -> LineModel:
    """Fold ``k``'s model from ``--save-folds``, checked to have been trained without ``held_out``."""
    if (folder / f"fold{k}.ids").read_text().split("\n") != held_out:
        raise SystemExit(f"{folder}: fold {k} was saved with other held-out pages (another --cv, or other data)")
    return LineModel.from_json(json.loads((folder / f"fold{k}.json").read_text()))


def load_folds(folder: Path) -> tuple[list[LineModel], dict[str, int]]:
    """The fold models of a ``--save-folds`` folder and, for each held-out page id, its fold (for
    scripts that score every page with the model that did not see it: ``bench/blank_lines.py``)."""
    models: list[LineModel] = []
    fold: dict[str, int] = {}
    while (folder / f"fold{len(models)}.json").exists():
        k = len(models)
        models.append(LineModel.from_json(json.loads((folder / f"fold{k}.json").read_text())))
        fold.update(dict.fromkeys((folder / f"fold{k}.ids").read_text().split(), k))
    return models, fold


def clean_held_out(models: list[LineModel], fold: dict[str, int], texts: dict[str, str]) -> dict[str, str]:
    """``clean_texts`` of each page's text by the fold model that held the page out (``load_folds``)."""
    from tamis.extract.text import clean_texts

    out: dict[str, str] = {}
    for k, model in enumerate(models):
        keys = [key for key in texts if fold[key] == k]
        out.update(zip(keys, clean_texts((texts[key] for key in keys), model), strict=True))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    # the packaged model sits in tamis/extract/, one level above this training/ folder
    ap.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "model.json")
    ap.add_argument("--cv", type=int, default=0)
    ap.add_argument("--kind", choices=["text", "html"], default="text",
                    help="text: page renderings without markup; html: resiliparse rendering with link counts")
    ap.add_argument("--C", type=float, default=0.1)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--switch-cost", type=float, default=1.0)
    ap.add_argument("--trees", type=int, default=0, help="stage two as this many boosted trees (0: binned linear)")
    ap.add_argument("--stages", type=int, choices=[2, 3], default=2,
                    help="3: a third stage that sees stage two's scores as stage two sees stage one's")
    ap.add_argument("--weights", choices=["sqrt", "metric"], default="sqrt", help="line weights (see featurise)")
    ap.add_argument("--no-cleaneval", action="store_true")
    ap.add_argument("--no-flat", action="store_true", help="leave the flattened renderings out of training")
    ap.add_argument("--flat-weight", type=float, default=1.0, help="weight of the flattened renderings' lines")
    ap.add_argument("--nodes", action="store_true", help="also train on text-node-per-line renderings (an experiment)")
    ap.add_argument("--dump", type=Path, help="write per-page cross-validated precision/recall here")
    ap.add_argument("--save-folds", type=Path, help="write each fold's model and held-out page ids here")
    ap.add_argument("--from-folds", type=Path, metavar="DIR",
                    help="with --cv: score the fold models saved by --save-folds instead of training them (decision-time "
                         "experiments in seconds; implies --no-final)")
    ap.add_argument("--cache", type=Path, help="pickle of the loaded pages, to skip re-rendering")
    ap.add_argument("--sweep", action="store_true",
                    help="with --cv: also report CV F1 for a grid of decision thresholds and switch costs")
    ap.add_argument("--no-final", action="store_true", help="with --cv: do not fit and write the final model")
    ap.add_argument("--cv-cleaneval", action="store_true",
                    help="with --cv: split CleanEval's pages into the folds too and score the held-out ones (by "
                         "default CleanEval is always in training and only scrapinghub is scored)")
    args = ap.parse_args(argv)
    if args.stages == 3 and args.trees:
        ap.error("--stages 3 needs a binned stage two (no --trees): a tree stage two is the last stage")
    t0 = time.time()
    stopwords = derive_stopwords(args.data / "lingua-langid-testdata.tar.gz")
    if args.cache and args.cache.exists():
        sh, ce = pickle.loads(args.cache.read_bytes())
    else:
        sh, ce = load_scrapinghub(args.data), load_cleaneval(args.data)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((sh, ce)))
    if args.no_cleaneval:
        ce = []
    if args.no_flat:
        sh = [p for p in sh if not p["source"].endswith("-flat")]
        ce = [p for p in ce if not p["source"].endswith("-flat")]
    if args.nodes:  # an experiment that cost F1 everywhere (BENCHMARKS.md), so not in the shipped model
        sh += [nodes_copy(p) for p in sh if "html" in p]
        ce += [nodes_copy(p) for p in ce if "html" in p]
    if args.kind == "html":
        sh = html_pages([p for p in sh if "html" in p])
        ce = html_pages([p for p in ce if "html" in p])
    featurise(sh + ce, stopwords, args.weights)
    for p in sh + ce:
        if p["source"].endswith("-flat"):
            p["w"] = p["w"] * args.flat_weight
    print(f"loaded {len(sh)} scrapinghub + {len(ce)} cleaneval renderings, {len(stopwords)} stop words ({time.time() - t0:.0f}s)")
    if args.cv:
        fold, held_groups = cv_folds([p["group"] for p in sh], [p["group"] for p in ce] if args.cv_cleaneval else [], args.cv)
        scored = sh + ce if args.cv_cleaneval else sh
        held: list[tuple[str, str, str]] = []
        held_ids: list[tuple[str, str, str, str]] = []
        grid = [(t, c) for t in (0.4, 0.5, 0.6) for c in (0.5, 1.0, 2.0)] if args.sweep else []
        swept: dict[tuple[float, float], list[tuple[str, str, str]]] = {g: [] for g in grid}
        for k in range(args.cv):
            if args.from_folds:
                model = _saved_fold(args.from_folds, k, [g for g in held_groups if fold[g] == k])
            else:
                # pages outside the folds (CleanEval, unless --cv-cleaneval) are always in training
                train = [p for p in sh + ce if fold.get(p["group"], -1) != k and not p.get("test_only")]
                model = fit(train, stopwords, args.C, args.threshold, args.switch_cost, trees=args.trees, stages=args.stages)
            if args.save_folds:
                args.save_folds.mkdir(parents=True, exist_ok=True)
                (args.save_folds / f"fold{k}.json").write_text(json.dumps(model.to_json()))
                (args.save_folds / f"fold{k}.ids").write_text("\n".join(g for g in held_groups if fold[g] == k))
            for p in scored:
                if fold[p["group"]] == k:
                    pred = _clean(p, model)
                    held.append((p["source"], pred, p["gold"]))
                    held_ids.append((p["source"], p["group"], pred, p["gold"]))
                    for t, c in grid:
                        swept[t, c].append((p["source"], _clean(p, replace(model, threshold=t, switch_cost=c)), p["gold"]))
            print(f"fold {k} done ({time.time() - t0:.0f}s)")
        for source in sorted({h[0] for h in held}):
            s = score((h[1], h[2]) for h in held if h[0] == source)
            print(f"CV {source}: F1 {s.f1:.4f} P {s.precision:.4f} R {s.recall:.4f} (n={s.docs})")
        for (t, c), rows in swept.items():
            f1s = [score((h[1], h[2]) for h in rows if h[0] == src).f1 for src in sorted({h[0] for h in rows})]
            print(f"sweep threshold {t} switch {c}: F1 " + " ".join(f"{f:.4f}" for f in f1s))
        if args.dump:
            from tamis.extract.evaluation.metric import precision_recall

            rows = [(src, gid, *precision_recall(pred, gold)) for src, gid, pred, gold in held_ids]
            args.dump.write_text("\n".join("\t".join(map(str, r)) for r in rows))
    if args.cv and (args.no_final or args.from_folds):
        return
    model = fit([p for p in sh if not p.get("test_only")] + ce, stopwords, args.C, args.threshold, args.switch_cost, trees=args.trees,
                stages=args.stages)
    args.out.write_text(json.dumps(model.to_json(), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
