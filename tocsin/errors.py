"""Named, coded errors. Library code raises these; the CLI and API turn them into messages.

Code ranges: T1xx config and models, T2xx ingest, T3xx store, T4xx geocoding,
T5xx serving, T6xx distributed runs, T7xx evaluation.
"""

from __future__ import annotations


class TocsinError(Exception):
    """An error with a stable code and a hint on how to fix it."""

    code = "T000"

    def __init__(self, message: str, fix: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" + (f" ({self.fix})" if self.fix else "")


class ConfigError(TocsinError):
    code = "T101"


class ModelNotFound(TocsinError):
    code = "T102"


class InputRejected(TocsinError):
    """A document that cannot be used; the batch goes on without it."""

    code = "T200"


class StoreError(TocsinError):
    code = "T301"


class GeoError(TocsinError):
    code = "T401"


class ServeError(TocsinError):
    code = "T501"


class DistError(TocsinError):
    code = "T601"


class EvalError(TocsinError):
    code = "T701"
