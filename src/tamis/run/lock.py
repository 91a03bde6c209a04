"""One run at a time in an output folder.

Two runs of the same command into one folder both took it for their own (the second resumed the
first): each deleted the other's temporary files, did all the work again, and either could write
``summary.json`` last. A run now holds an exclusive ``flock`` on ``OUT/.lock`` while it works.
The kernel drops the lock when the process ends however it ends (killed, out of memory, its
container gone), so a rerun never waits for a dead run, whatever its host name or process id; a
record in the file says who holds it, for the message. ``flock`` is local to a machine (and to
the network file systems that support it); object stores have neither it nor an atomic create,
so runs there are not locked: keep one writer per output prefix.
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

try:
    import fcntl
except ImportError:  # Windows: no flock, and no lock
    fcntl = None  # type: ignore[assignment]

LOCK = ".lock"  # hidden: no input listing or output check reads it


@contextmanager
def output_lock(fs: Any, root: str, output: str) -> Iterator[None]:
    """Hold the output folder ``root`` (which exists) while the block runs; ConfigError if a live
    run holds it."""
    if not isinstance(fs, LocalFileSystem) or fcntl is None:
        yield
        return
    path = os.path.join(root, LOCK)
    fd, writable = _acquire(path, output)
    try:
        if writable:  # who holds it, for the message another run gives
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                     "since": time.strftime("%Y-%m-%d %H:%M:%S %Z")}).encode())
        yield
    finally:
        if _same_file(fd, path):  # (unless the folder went meanwhile)
            try:
                os.unlink(path)  # before the lock goes: a run that opens the path next finds a new file
            except OSError:  # a lock file this user may not remove: it holds nothing once closed
                pass
        os.close(fd)


def _acquire(path: str, output: str) -> tuple[int, bool]:
    """An open descriptor of ``path`` with its exclusive lock, and whether it is writable. The
    file at ``path`` must still be the one locked: a run that ended between this one's open and
    its lock has unlinked it."""
    while True:
        try:
            fd, writable = os.open(path, os.O_CREAT | os.O_RDWR, 0o644), True
        except PermissionError:  # another user's lock file, left by a run that was killed: flock reads suffice
            try:
                fd, writable = os.open(path, os.O_RDONLY), False
            except OSError as err:
                raise ConfigError(f"cannot open the run lock {os.path.join(output, LOCK)}: {err}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            who = f" (pid {holder.get('pid')} on {holder.get('host')}, since {holder.get('since')})" if holder else ""
            raise ConfigError(f"another run is writing to {output}{who}: wait for it to finish") from None
        if _same_file(fd, path):
            return fd, writable
        os.close(fd)  # locked a file already unlinked: take the new one


def _same_file(fd: int, path: str) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _holder(fd: int) -> dict[str, Any] | None:
    """The lock's record, or None when it cannot be read (being written)."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"null")
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None
