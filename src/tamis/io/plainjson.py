"""Metadata as JSON that any parser reads: what steps leave in it, made plain before it is written.

Steps write labels into ``doc.metadata``. A user's step may write numpy numbers, arrays or sets,
which ``json.dumps`` refuses (the writer used to write them as strings, ``"446"`` or ``"[1 2]"``,
so a threshold after a dedup stage saw a string), and NaN or infinities, which it writes as
``NaN`` and ``Infinity``, which strict parsers (JavaScript, serde_json) reject. ``plain`` turns
those into JSON values. Anything else (bytes, a tuple key, an object) raises ``NotPlain``
naming where it is, so that the runner quarantines that one document instead of writing
``"b'\\x00'"`` or failing its shard.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np


class NotPlain(ValueError):
    """A value that has no JSON form; the message names its path in the metadata."""


def plain(value: Any, path: str = "metadata") -> Any:
    """``value`` with numpy numbers and arrays as Python ones, sets as sorted lists, tuples as
    lists and non-finite floats as None; raises ``NotPlain`` for anything JSON cannot hold.

    >>> plain({"a": np.int64(3), "b": [np.float32(0.5), float("nan")], "c": {2, 1}, "d": np.arange(2)})
    {'a': 3, 'b': [0.5, None], 'c': [1, 2], 'd': [0, 1]}
    >>> plain({"spans": (1, 2)}), plain({"ok": True, "n": None})
    ({'spans': [1, 2]}, {'ok': True, 'n': None})
    >>> plain({"quality": {"raw": b"\\x00"}})
    Traceback (most recent call last):
    tamis.io.plainjson.NotPlain: metadata.quality.raw holds bytes, which JSON cannot hold
    >>> plain({(1, 2): "x"})
    Traceback (most recent call last):
    tamis.io.plainjson.NotPlain: metadata has the key (1, 2) (a tuple); JSON keys are strings
    """
    kind = type(value)
    # exact types first: this runs on every written document's labels
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict or isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlain(f"{path} has the key {key!r} (a {type(key).__name__}); JSON keys are strings")
            out[key] = plain(item, f"{path}.{key}")
        return out
    if kind is list or kind is tuple:
        return [plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, (np.generic, np.ndarray)) and value.dtype.kind in "biuf":
        return plain(value.tolist(), path)  # numpy's own Python numbers (and nested lists)
    if isinstance(value, (set, frozenset)):
        # sorted by their JSON text: the same set is then the same file in every process
        items = [plain(item, f"{path}[]") for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real):
        return plain(float(value), path)
    if isinstance(value, str):  # a str subclass (an enum's value)
        return str(value)
    raise NotPlain(f"{path} holds {type(value).__name__}, which JSON cannot hold")
