"""Connected components of the candidate-pair graph, and the survivor of each component.

Union-find, vectorised: every round hooks the root of each edge's larger endpoint onto the
smaller root (``np.minimum.at``), then compresses paths by pointer jumping until every node
points at its root. Pointers only ever go from a larger index to a smaller one, so no cycle can
form and the root of each component is its smallest node. Rounds are few (logarithmic in the
component diameter in practice) and each is a handful of numpy passes over the edges.
"""

from __future__ import annotations

import numpy as np

from tamis.dedup.keep import survivor_order


def connected_components(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Component label (its smallest node) of each of ``n`` nodes, given edges ``a[i]-b[i]``.

    >>> connected_components(np.array([0, 3, 4]), np.array([1, 4, 5]), 7).tolist()
    [0, 0, 2, 3, 3, 3, 6]
    >>> connected_components(np.array([5, 4, 3, 2, 1]), np.array([4, 3, 2, 1, 0]), 6).tolist()
    [0, 0, 0, 0, 0, 0]
    """
    parent = np.arange(n, dtype=np.int64)
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    while True:
        while True:  # compress: every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        ra, rb = parent[a], parent[b]
        differ = ra != rb
        if not differ.any():
            return parent
        ra, rb = ra[differ], rb[differ]
        np.minimum.at(parent, np.maximum(ra, rb), np.minimum(ra, rb))
        a, b = a[differ], b[differ]


def survivors(labels: np.ndarray, scores: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each node, the node that survives its component: highest score, then smallest key.

    >>> labels = np.array([0, 0, 0, 3, 3])
    >>> survivors(labels, np.array([1.0, 2.0, 2.0, 0.0, 0.0]), np.array([0, 5, 1, 3, 4], np.uint64)).tolist()
    [2, 2, 2, 3, 3]
    """
    order = survivor_order(scores, keys)
    ordered_labels = labels[order]
    uniq, first = np.unique(ordered_labels, return_index=True)
    best = np.empty(len(labels), dtype=np.int64)
    best[uniq] = order[first]
    return best[labels]
