"""The quality gate: scores on the shared dev files must stay above benchmarks/floors.toml.

Runs the CI samples of ``tocsin.eval.run_all.GATE_PLAN`` (a few minutes on two cores); a
floor may only be lowered with a written ``reason`` (checked against the file's git history).
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import pytest

from tocsin.eval.data import DEFAULT_SEED
from tocsin.eval.floors import below, committed_versions, parse_floors, unexplained_lowerings
from tocsin.eval.run_all import GATE_PLAN
from tocsin.eval.runner import evaluate

REPO = Path(__file__).resolve().parents[2]
FLOORS = REPO / "benchmarks" / "floors.toml"
BY_STEM = {stem: list(runs) for stem, runs in groupby(sorted(GATE_PLAN, key=lambda r: r.stem), key=lambda r: r.stem)}


def _bounds():
    return parse_floors(FLOORS.read_text(encoding="utf-8"))


def test_every_floor_names_a_gated_file():
    stems = {stem for stem, _ in _bounds()}
    assert stems <= set(BY_STEM), f"floors for files the gate never runs: {sorted(stems - set(BY_STEM))}"


def test_no_floor_lowered_without_a_reason():
    history = committed_versions(FLOORS)
    if history is None:
        pytest.skip("no git history for benchmarks/floors.toml")
    assert unexplained_lowerings(_bounds(), history) == []


@pytest.mark.quality
@pytest.mark.parametrize("stem", sorted(BY_STEM))
def test_scores_stay_above_their_floors(stem: str, shared_dir: Path):
    bounds = {key: b for key, b in _bounds().items() if key[0] == stem}
    if not bounds:
        pytest.skip(f"no floors pinned for {stem}")
    path = shared_dir / "data" / "eval" / f"{stem}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path.name} not in ../shared")
    metrics: dict[str, float | None] = {}
    for run in BY_STEM[stem]:
        report = evaluate(run.task, path, mode=run.mode, limit=run.limit, seed=DEFAULT_SEED, max_errors=0)
        metrics.update(report["metrics"])
    assert below(bounds, stem, metrics) == []
