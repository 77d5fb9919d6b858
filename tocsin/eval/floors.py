"""Pinned quality floors (benchmarks/floors.toml) and the rule that a floor only drops with a reason.

Format: one table per file stem and metric::

    [acled_global_2020.sub_event_accuracy]
    floor = 0.40                 # the score must stay >= this
    reason = "why it was lowered" # required once a floor is below its highest committed value

Lower-is-better metrics (kilometres, geo AUC) take ``ceiling`` instead of ``floor``.
"""

from __future__ import annotations

import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tocsin.errors import EvalError


@dataclass(frozen=True)
class Bound:
    file: str
    metric: str
    floor: float | None = None
    ceiling: float | None = None
    reason: str | None = None


def parse_floors(text: str) -> dict[tuple[str, str], Bound]:
    """The bounds of one floors.toml text, keyed by (file stem, metric)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"floors file is not valid TOML: {exc}", fix="fix its syntax", code="T709") from exc
    bounds = {}
    for stem, metrics in data.items():
        for metric, spec in metrics.items():
            if not isinstance(spec, dict) or not ({"floor", "ceiling"} & set(spec)):
                raise EvalError(f"floors entry {stem}.{metric} has no floor or ceiling",
                                fix="write `floor = 0.xx` (or `ceiling =` for km and auc)", code="T709")
            bounds[(stem, metric)] = Bound(stem, metric, spec.get("floor"), spec.get("ceiling"), spec.get("reason"))
    return bounds


def below(bounds: dict[tuple[str, str], Bound], stem: str, metrics: dict[str, float | None]) -> list[str]:
    """Messages for each metric of file ``stem`` that breaks its bound (a missing metric breaks it)."""
    failures = []
    for (file, metric), bound in sorted(bounds.items()):
        if file != stem:
            continue
        value = metrics.get(metric)
        if value is None:
            failures.append(f"{stem}.{metric}: no value (bound {bound.floor or bound.ceiling})")
        elif bound.floor is not None and value < bound.floor:
            failures.append(f"{stem}.{metric} = {value:.4f} is below its floor {bound.floor}")
        elif bound.ceiling is not None and value > bound.ceiling:
            failures.append(f"{stem}.{metric} = {value:.4f} is above its ceiling {bound.ceiling}")
    return failures


def committed_versions(path: Path) -> list[str] | None:
    """Every committed text of ``path`` (newest first), or None when git history is unavailable."""
    path = path.resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent,
                             capture_output=True, text=True, timeout=30)
        if top.returncode:
            return None
        root = Path(top.stdout.strip()).resolve()
        rel = path.relative_to(root).as_posix()
        log = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=root,
                             capture_output=True, text=True, timeout=60)
        if log.returncode:
            return None
        texts = []
        for commit in log.stdout.split():
            shown = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=root,
                                   capture_output=True, text=True, timeout=30)
            if shown.returncode == 0:
                texts.append(shown.stdout)
        return texts
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def unexplained_lowerings(current: dict[tuple[str, str], Bound], history: list[str]) -> list[str]:
    """Floors below (ceilings above) the strictest value they ever had, with no ``reason`` given."""
    best_floor: dict[tuple[str, str], float] = {}
    best_ceiling: dict[tuple[str, str], float] = {}
    for text in history:
        try:
            past = parse_floors(text)
        except EvalError:
            continue  # a broken old version pinned nothing
        for key, bound in past.items():
            if bound.floor is not None:
                best_floor[key] = max(best_floor.get(key, bound.floor), bound.floor)
            if bound.ceiling is not None:
                best_ceiling[key] = min(best_ceiling.get(key, bound.ceiling), bound.ceiling)
    problems = []
    for key, bound in sorted(current.items()):
        if bound.reason:
            continue
        name = ".".join(key)
        if bound.floor is not None and key in best_floor and bound.floor < best_floor[key]:
            problems.append(f"{name}: floor {bound.floor} is below its earlier {best_floor[key]} and has no reason")
        if bound.ceiling is not None and key in best_ceiling and bound.ceiling > best_ceiling[key]:
            problems.append(f"{name}: ceiling {bound.ceiling} is above its earlier {best_ceiling[key]} "
                            "and has no reason")
    return problems
