"""Fixtures of the dist tests (see dist_fixtures.py)."""

from dist_fixtures import corpus  # noqa: F401 - a fixture, used by name
