"""Errors named after what the runner does with them.

Every exception that a pipeline run raises on purpose is one of these, so the runner never has
to guess (the library functions raise ``ValueError`` or ``TypeError`` for a caller's wrong
argument, as Python's own do):

- ``DocumentError``: quarantine this one document, go on with the shard.
- ``ShardError``: mark the shard failed (or partial), go on with the other shards.
- ``RetryableError``: a ``ShardError`` that may pass (a flaky filesystem, a lost worker): the
  shard fails uncommitted, and running the same command again redoes it.
- ``ConfigError``: stop before any work starts; the message names the bad key or step.
"""

from __future__ import annotations


class TamisError(Exception):
    """Base class; catch this to handle every deliberate tamis error."""


class ConfigError(TamisError):
    """The configuration is wrong. Nothing has been processed yet."""


class DocumentError(TamisError):
    """One document cannot be processed; it is quarantined with ``reason``."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class ShardError(TamisError):
    """A shard cannot be completed. Documents it already finished are still recorded."""


class RetryableError(ShardError):
    """A shard failed for a reason that may pass (I/O hiccup, lost worker). Like any ShardError
    the shard is failed and left uncommitted, so rerunning the same command redoes it; within a
    run, the runner retries only ``WorkerLost`` (``Run.retries`` times)."""
