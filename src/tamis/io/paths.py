"""fsspec in one place: every path a user gives may be local, ``memory://``, ``s3://``, ..."""

from __future__ import annotations

from typing import Any

import fsspec
from fsspec.core import url_to_fs

from tamis.errors import ConfigError


def filesystem(path: str) -> tuple[Any, str]:
    """Return ``(fs, path_without_protocol)``; a missing filesystem package is a config error."""
    try:
        return url_to_fs(path)
    except (ImportError, ValueError) as err:
        raise ConfigError(f"cannot open {path!r}: {err} (install the fsspec filesystem package for it)") from err


def join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(p.strip("/") for p in parts)])


def protocol_of(fs: Any) -> str:
    proto = fs.protocol
    return proto[0] if isinstance(proto, (tuple, list)) else proto


def unstrip(fs: Any, path: str) -> str:
    """Put the protocol back on a path that fs returned, so it can be reopened from anywhere."""
    return fs.unstrip_protocol(path) if protocol_of(fs) != "file" else path


__all__ = ["filesystem", "join", "unstrip", "fsspec"]
