"""Exact speed-ups in the coder's parts: the cheap checks change no result."""

from __future__ import annotations


def test_dates_skip_only_patterns_that_cannot_match():
    """The cheap checks before each date pattern (a digit, 'ago', 'day' ...) change no result."""
    from tocsin.coding.dates import PATTERNS, _DIGIT, _may_match

    for text in ("He left 3 days ago.", "On FRIDAY NIGHT", "in 2019", "for two decades", "12 May", "Sept. 9",
                 "nothing here", "at that time", "١٢ May 2019", "Last Year"):
        lower, digit = text.lower(), _DIGIT.search(text) is not None
        for kind, pattern in PATTERNS:
            if pattern.search(text):
                assert _may_match(kind, lower, digit), (kind, text)
