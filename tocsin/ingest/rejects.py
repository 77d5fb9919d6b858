"""Turn errors into Rejection records so one bad document never stops a batch."""

from __future__ import annotations

from typing import Callable, Iterator, TypeVar

from tocsin.errors import InputRejected, TocsinError
from tocsin.model import Article, Rejection

UNEXPECTED = "T299"
T = TypeVar("T")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def rejected(origin: str, error: TocsinError) -> Rejection:
    """A skipped document: the error's code, message and fix on one line."""
    reason = error.message + (f"; {error.fix}" if error.fix else "")
    return Rejection(origin=origin, status="skipped", code=error.code, reason=_one_line(reason))


def failed(origin: str, error: Exception) -> Rejection:
    """A document that broke the reader in an unexpected way (a bug to report)."""
    reason = f"unexpected {type(error).__name__}: {error}; please report it with this file"
    return Rejection(origin=origin, status="failed", code=UNEXPECTED, reason=_one_line(reason))


def guarded(origin: str, build: Callable[[], Article]) -> Article | Rejection:
    """Build one Article, or the Rejection saying why not."""
    try:
        return build()
    except InputRejected as error:
        return rejected(origin, error)
    except Exception as error:  # noqa: BLE001 - any failure becomes a "failed" record, the batch goes on
        return failed(origin, error)


def guarded_iter(origin: str, items: Iterator[Article | Rejection]) -> Iterator[Article | Rejection]:
    """Yield from a reader; if it dies part way, yield one Rejection for the input and stop it."""
    try:
        yield from items
    except InputRejected as error:
        yield rejected(origin, error)
    except Exception as error:  # noqa: BLE001 - see guarded()
        yield failed(origin, error)
