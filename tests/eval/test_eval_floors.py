"""Floors: parsing, checking, and the rule that lowering one needs a written reason."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tocsin.errors import EvalError
from tocsin.eval.floors import below, committed_versions, parse_floors, unexplained_lowerings

V1 = "[news.accuracy]\nfloor = 0.60\n\n[news.auc]\nceiling = 0.40\n"
V2 = "[news.accuracy]\nfloor = 0.70\n\n[news.auc]\nceiling = 0.30\n"
LOWERED = "[news.accuracy]\nfloor = 0.65\n\n[news.auc]\nceiling = 0.35\n"
EXPLAINED = ('[news.accuracy]\nfloor = 0.65\nreason = "new gold labels are stricter"\n\n'
             '[news.auc]\nceiling = 0.35\nreason = "same"\n')


def test_parse_and_check():
    bounds = parse_floors(V1)
    assert below(bounds, "news", {"accuracy": 0.61, "auc": 0.2}) == []
    failures = below(bounds, "news", {"accuracy": 0.59, "auc": 0.5})
    assert len(failures) == 2 and "below its floor" in failures[0] and "above its ceiling" in failures[1]
    assert below(bounds, "news", {"auc": 0.1}) == ["news.accuracy: no value (bound 0.6)"]
    assert below(bounds, "other", {}) == []


def test_entry_without_floor_is_an_error():
    with pytest.raises(EvalError):
        parse_floors("[news.accuracy]\nreason = 'x'\n")


def test_lowering_without_reason_is_caught():
    history = [V2, V1]
    assert unexplained_lowerings(parse_floors(V2), history) == []
    problems = unexplained_lowerings(parse_floors(LOWERED), history)
    assert len(problems) == 2 and "0.65 is below its earlier 0.7" in problems[0]
    assert unexplained_lowerings(parse_floors(EXPLAINED), history) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_committed_versions_reads_git_history(tmp_path: Path):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    floors = tmp_path / "benchmarks" / "floors.toml"
    floors.parent.mkdir()
    for text in (V1, V2):
        floors.write_text(text, encoding="utf-8")
        git("add", "benchmarks/floors.toml")
        git("commit", "-q", "-m", "floors")
    floors.write_text(LOWERED, encoding="utf-8")  # uncommitted lowering
    versions = committed_versions(floors)
    assert versions == [V2, V1]
    assert unexplained_lowerings(parse_floors(floors.read_text(encoding="utf-8")), versions)


def test_no_git_history_gives_none(tmp_path: Path):
    lone = tmp_path / "floors.toml"
    lone.write_text(V1, encoding="utf-8")
    assert committed_versions(lone) is None
