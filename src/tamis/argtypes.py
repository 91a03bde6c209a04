"""Argparse types of the command lines (``tamis run``, ``report``, ``eval``): one definition of a
count, so that every flag refuses what the others refuse (``--workers 0`` silently meant all
cores, ``--limit 0`` every page, ``--samples -5`` none)."""

from __future__ import annotations

import argparse


def at_least_one(value: str) -> int:
    """A whole number of at least 1.

    >>> at_least_one("3")
    3
    >>> at_least_one("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a whole number of at least 1, got '0'
    """
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def zero_or_more(value: str) -> int:
    """A whole number of 0 or more.

    >>> zero_or_more("0")
    0
    >>> zero_or_more("-5")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a whole number of 0 or more, got '-5'
    """
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {value!r}")
    return int(value)
