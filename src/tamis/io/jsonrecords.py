"""One JSON line as a record the rest of tamis can carry: parsed, bounded in depth, and with
every string valid Unicode.

Two kinds of valid JSON broke a whole shard, on every rerun, where one record should have been
set aside: a string with a lone surrogate escape (``"\\ud800"``), which Python parses but no UTF-8
writer (Parquet, the ledger) can encode, and a value nested about a thousand levels deep, which
recursion in the writers cannot follow. Lone surrogates become U+FFFD and are counted, as bytes
that are not UTF-8 are; a record nested deeper than ``MAX_DEPTH`` is quarantined (``too_deep``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from tamis.io.httpbody import decode_utf8

# Deeper than any real record's metadata, and far from the writers' recursion limit (~1,000).
MAX_DEPTH = 100
# a surrogate code unit written as an escape, the only way one can reach a JSON line ("\uD83D")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_TOO_DEEP = ("too_deep", f"nested deeper than {MAX_DEPTH} levels")


def parse_record(line: bytes) -> tuple[Any, int, tuple[str, str] | None]:
    """A JSON line parsed; how many of its bytes were not UTF-8 or its strings lone surrogates
    (each replaced by U+FFFD, rather than losing the record and its id to one bad character);
    and the reason to quarantine it instead (``bad_json``, ``too_deep``) with a message, or None.

    >>> parse_record(b'{"text": "caf\\xe9"}')
    ({'text': 'caf\ufffd'}, 1, None)
    >>> parse_record(b'{"id": "a\\\\ud800", "text": "\\\\ud83d\\\\ude00"}')  # a lone half, a whole pair
    ({'id': 'a\ufffd', 'text': '😀'}, 1, None)
    >>> parse_record(b'{"m": ' + b'[' * 150 + b']' * 150 + b'}')[2], parse_record(b'{"text": ')[2][0]
    (('too_deep', 'nested deeper than 100 levels'), 'bad_json')
    """
    try:
        try:
            record, bad = json.loads(line), 0
        except UnicodeDecodeError:
            text, bad = decode_utf8(line)
            record = json.loads(text.removeprefix("\ufeff"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return None, 0, ("bad_json", str(err)[:200])
    except RecursionError:  # deeper than the parser's own limit
        return None, 0, _TOO_DEEP
    if _depth_bound(line) > MAX_DEPTH and _depth(record) > MAX_DEPTH:
        return None, 0, _TOO_DEEP
    if _SURROGATE_ESCAPE.search(line) is not None:
        record, lone = _without_lone_surrogates(record)
        bad += lone
    return record, bad, None


def _depth_bound(line: bytes) -> int:
    """An upper bound of a JSON line's nesting depth: brackets counted, in strings too."""
    if line.count(b"[") + line.count(b"{") <= MAX_DEPTH:
        return 0
    a = np.frombuffer(line, dtype=np.uint8)
    steps = (a == 91).astype(np.int64) + (a == 123) - (a == 93) - (a == 125)
    return int(np.cumsum(steps).max())


def _depth(value: Any) -> int:
    """How deep a parsed value nests, walked without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest


def _without_lone_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` with each lone surrogate in its strings (keys too) replaced by U+FFFD, and how
    many there were; its depth is bounded already."""
    if isinstance(value, str):
        return _LONE_SURROGATE.subn("\ufffd", value)
    if isinstance(value, list):
        pairs = [_without_lone_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        out, count = {}, 0
        for key, item in value.items():
            key, k = _LONE_SURROGATE.subn("\ufffd", key)
            out[key], n = _without_lone_surrogates(item)
            count += k + n
        return out, count
    return value, 0


def metadata_field(value: Any) -> dict[str, Any]:
    """A record's ``metadata`` field as a dict. tamis writes it as a JSON string (so that
    ``datasets`` sees one schema), and reading tamis's own output back must give the labels back:
    re-filtering from labels, without computing them again, depends on it. A value that is not
    an object (or a string holding one) is kept under ``metadata``, not dropped.

    >>> metadata_field('{"quality": {"c4": 1}}'), metadata_field({"a": 1}), metadata_field(None), metadata_field("note")
    ({'quality': {'c4': 1}}, {'a': 1}, {}, {'metadata': 'note'})
    """
    if value is None:
        return {}
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            parsed = json.loads(value)
        except (json.JSONDecodeError, RecursionError):
            parsed = None  # not JSON after all, or too deep to read: kept as the string, below
        # (a JSON line's own depth is bounded by ``parse_record``; a string in it is not)
        if isinstance(parsed, dict) and _depth(parsed) <= MAX_DEPTH:
            return _without_lone_surrogates(parsed)[0] if "\\u" in value else parsed
    return value if isinstance(value, dict) else {"metadata": value}
