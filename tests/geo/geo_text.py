"""Helpers for the geo tests' invented texts."""

from __future__ import annotations


def spans(text: str, *names: str) -> list[tuple[int, int]]:
    """(start, end) of each name in order of appearance."""
    out, at = [], 0
    for name in names:
        start = text.index(name, at)
        out.append((start, start + len(name)))
        at = start + len(name)
    return out
