"""`tocsin doctor`: is each part installed and usable, and if not, why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tocsin.config import Config
from tocsin.errors import TocsinError


@dataclass(frozen=True)
class Check:
    part: str
    ready: bool
    detail: str


def _model(config: Config) -> str:
    from tocsin.nlp import load_nlp

    nlp = load_nlp(config)
    return f"{nlp.meta.get('name')} {nlp.meta.get('version')} ({', '.join(nlp.pipe_names)})"


def _typer(config: Config) -> str:
    from tocsin.coding.typing import EventTyper

    EventTyper.load(config)
    return "trained event-type model loaded"


def _gazetteer(config: Config) -> str:
    from tocsin.geo import status

    ready, detail = status(config)
    if not ready:
        raise TocsinError(detail, code="T402")
    return detail


def _database(config: Config) -> str:
    from tocsin.store import Store

    path = Path(config["store"]["path"])
    if not path.exists():
        return f"{path} does not exist yet; `tocsin ingest` creates it"
    with Store(path, config) as store:
        counts = store.stats()
    return f"{path}: " + ", ".join(f"{n} {table}" for table, n in counts.items())


CHECKS: dict[str, Callable[[Config], str]] = {
    "spaCy model": _model,
    "event typer": _typer,
    "gazetteer": _gazetteer,
    "database": _database,
}


def run_checks(config: Config) -> list[Check]:
    """Run every readiness check; a failing check reports its coded reason, never raises."""
    results = []
    for part, check in CHECKS.items():
        try:
            results.append(Check(part, True, check(config)))
        except TocsinError as exc:
            results.append(Check(part, False, str(exc)))
        except Exception as exc:  # noqa: BLE001 - doctor reports, it does not crash
            results.append(Check(part, False, f"{type(exc).__name__}: {exc}"))
    return results
