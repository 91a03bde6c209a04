"""Metadata as JSON that any parser reads: what steps and readers leave in it, made plain before
it is written.

Steps write labels into ``doc.metadata``, and the Parquet reader copies an input's other columns
there. Some values have no JSON form of their own: numpy numbers and arrays, sets, dates,
decimals, bytes. The writer used to write them with ``str``, so a numpy count became the string
``"446"`` (and a threshold after a dedup stage compared a string), a set came out in a different
order in each process, and bytes as ``"b'\\x00'"``. ``plain`` gives each a JSON value of the right
kind; only a key that is no string, number, bool or None (a tuple) raises ``NotPlain``, which
the runner turns into the document's quarantine: such a key failed the whole shard.

Non-finite floats: ``finite=True`` (the written output) makes NaN and infinities ``null``, since
``NaN`` is not JSON and strict parsers (JavaScript, serde_json) reject it; the run's own
intermediate files keep them (``finite=False``), so that a threshold decides the same before and
after a dedup stage.
"""

from __future__ import annotations

import base64
import datetime
import json
import math
import numbers
from collections.abc import Mapping
from functools import partial
from typing import Any

import numpy as np


class NotPlain(ValueError):
    """Metadata that has no JSON form; the message names its path in the metadata."""


def metadata_json(metadata: dict[str, Any], finite: bool = True) -> str:
    """``metadata`` as JSON text, as ``plain`` would make it, in one pass of the C encoder when it
    holds only JSON's own types (nearly always): ``plain`` sees only the values the encoder cannot
    write, and the whole only when a key or a non-finite float needs it. Walking every label first
    cost 6% of the default pipeline's throughput.

    >>> metadata_json({"a": np.int64(3), "b": [1.5, {2, 1}]}), metadata_json({"x": float("nan")})
    ('{"a": 3, "b": [1.5, [1, 2]]}', '{"x": null}')
    >>> metadata_json({"x": float("nan")}, finite=False), metadata_json({"é": b"caf\\xc3\\xa9"})
    ('{"x": NaN}', '{"é": "café"}')
    """
    try:
        return json.dumps(metadata, ensure_ascii=False, allow_nan=not finite, default=partial(plain, finite=finite))
    except (TypeError, ValueError, RecursionError):  # a key of another type, a NaN for the output, a cycle
        try:
            cleaned = plain(metadata, finite=finite)  # NotPlain names a key that has no JSON form
        except RecursionError as err:
            raise NotPlain("metadata refers to itself, or nests deeper than Python's recursion limit") from err
        return json.dumps(cleaned, ensure_ascii=False, allow_nan=not finite)


def plain(value: Any, path: str = "metadata", finite: bool = True) -> Any:
    """``value`` as JSON values: numpy numbers and arrays as Python ones, tuples and sets as
    lists (a set sorted, so the same set is the same file in every process), dates in ISO 8601,
    UTF-8 bytes as text (other bytes as ``"base64:..."``), keys as ``json`` writes them, and
    anything else as its ``str``, as before. With ``finite``, NaN and infinities become None.

    >>> plain({"a": np.int64(3), "b": [np.float32(0.5), float("nan")], "c": {2, 1}, "d": np.arange(2)})
    {'a': 3, 'b': [0.5, None], 'c': [1, 2], 'd': [0, 1]}
    >>> plain({"n": float("inf")}, finite=False), plain({1: "x", None: "y"}), plain({"when": datetime.date(2024, 5, 1)})
    ({'n': inf}, {'1': 'x', 'null': 'y'}, {'when': '2024-05-01'})
    >>> plain({"raw": b"caf\\xc3\\xa9", "img": b"\\x89PNG"})
    {'raw': 'café', 'img': 'base64:iVBORw=='}
    >>> plain({"n": {np.int64(3): 2}, "o": np.array(["x", 1], dtype=object)})
    {'n': {'3': 2}, 'o': ['x', 1]}
    >>> plain({"pairs": {(1, 2): "x"}})
    Traceback (most recent call last):
    tamis.io.plainjson.NotPlain: metadata.pairs has the key (1, 2) (a tuple); JSON keys are strings
    """
    kind = type(value)
    # exact types first: this runs on every written document's labels
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if not finite or math.isfinite(value) else None
    if kind is dict or isinstance(value, Mapping):
        return {_key(key, path): plain(item, f"{path}.{key}", finite) for key, item in value.items()}
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):  # a namedtuple too, as json writes it
        return [plain(item, f"{path}[{i}]", finite) for i, item in enumerate(value)]
    if isinstance(value, (np.generic, np.ndarray)) and value.dtype.kind in "biufUSO":
        return plain(value.tolist(), path, finite)  # numpy's own Python values (and nested lists)
    if isinstance(value, (set, frozenset)):
        items = [plain(item, f"{path}[]", finite) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, str):  # a str subclass: its value, not an enum's "Kind.NEWS"
        return str.__str__(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return plain(float(value), path, finite)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:  # bytes that are no text: the same bytes, readably encoded
            return "base64:" + base64.b64encode(raw).decode("ascii")
    as_py = getattr(value, "as_py", None)  # a pyarrow scalar
    if callable(as_py):
        return plain(as_py(), path, finite)
    return str(value)  # Decimal, UUID, numpy datetimes, objects: their text, as the writer always wrote them


def _key(key: Any, path: str) -> str:
    """A key as ``json.dumps`` writes it (numbers, bools and None as their JSON text); another
    kind of key has no JSON form."""
    if type(key) is str:
        return key
    if isinstance(key, str):
        return str.__str__(key)
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    if isinstance(key, (np.integer, np.floating, np.bool_)):  # a Counter of numpy numbers
        return json.dumps(key.item())
    raise NotPlain(f"{path} has the key {key!r} (a {type(key).__name__}); JSON keys are strings")
