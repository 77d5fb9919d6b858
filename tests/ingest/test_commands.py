from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from tocsin.ingest.commands import register


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop", hidden=True)
    def noop() -> None:  # a second command keeps typer from collapsing the app into "read"
        pass

    return app


def test_read_prints_articles_and_rejections(samples: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(_app(), ["read", str(samples / "text"), str(missing), "--published", "2025-01-02"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert len(rows) == 5 and rows[-1]["code"] == "T208" and rows[-1]["rejected"]
    assert {row["published"] for row in rows[:4]} == {"2025-01-02"}
    assert all(len(row["text"]) <= 201 and row["chars"] > 200 for row in rows[:4])


def test_read_bad_published_is_an_error(samples: Path) -> None:
    result = CliRunner().invoke(_app(), ["read", str(samples / "text"), "--published", "yesterday"])
    assert result.exit_code == 2 and "T212" in result.output


def test_read_help_is_complete() -> None:
    result = CliRunner().invoke(_app(), ["read", "--help"])
    assert result.exit_code == 0
    for option in ("--published", "--full-text", "--rejected-only", "--limit"):
        assert option in result.output
