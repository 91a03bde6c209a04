"""One run at a time in an output folder.

Two runs of the same command into one folder both took it for their own (the second resumed the
first): each deleted the other's temporary files, did all the work again, and either could write
``summary.json`` last. A run now holds ``OUT/.lock`` while it works, created atomically. A lock
whose run is gone (killed on this machine: its process no longer exists) is taken over; one from
another machine cannot be checked, and the message says how to remove it. Object stores have no
atomic create, so runs there are not locked (one writer per output prefix is the user's to keep).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fsspec.implementations.local import LocalFileSystem

from tamis.errors import ConfigError

LOCK = ".lock"  # hidden: no input listing or output check reads it


@contextmanager
def output_lock(fs: Any, root: str, output: str) -> Iterator[None]:
    """Hold the output folder ``root`` (which exists) while the block runs; ConfigError if a live
    run holds it."""
    if not isinstance(fs, LocalFileSystem):
        yield
        return
    path = os.path.join(root, LOCK)
    mine = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder is None:  # perhaps being written this instant: look again
                time.sleep(0.2)
                holder = _holder(path)
            if holder is not None and _alive(holder):
                raise ConfigError(f"another run is writing to {output} (pid {holder.get('pid')} on {holder.get('host')}, "
                                  f"since {holder.get('since')}): wait for it to finish, or, if it is gone, remove "
                                  f"{os.path.join(output, LOCK)}") from None
            os.remove(path)  # its run died without releasing it
            continue
        with os.fdopen(fd, "w") as fh:
            json.dump(mine, fh)
        break
    else:  # taken again between the removal and the create: that run is live
        raise ConfigError(f"another run is writing to {output}: wait for it to finish")
    try:
        yield
    finally:
        if _holder(path) == mine:
            os.remove(path)


def _holder(path: str) -> dict[str, Any] | None:
    """The lock's record, or None when it cannot be read (being written, or damaged)."""
    try:
        with open(path, encoding="utf-8") as fh:
            holder = json.load(fh)
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None


def _alive(holder: dict[str, Any]) -> bool:
    """Whether the run that holds the lock may still be running: on this machine, whether its
    process exists; on another, it cannot be told, so yes."""
    if holder.get("host") != socket.gethostname():
        return True
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True
