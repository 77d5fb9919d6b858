"""The command line, end to end: help text, extract, ingest idempotence, bad input, kill and restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import typer.main

from tocsin.cli import app

TOCSIN = [sys.executable, "-m", "tocsin"]
TABLES = ("articles", "events", "event_sources", "indicators", "ingest_log")
VOLATILE = {"ingested_at", "first_seen", "updated_at", "at", "seq"}


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*TOCSIN, *args], capture_output=True, text=True, timeout=600, **kwargs)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, without timestamps, sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = {}
        for table in TABLES:
            columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] not in VOLATILE]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            result[table] = sorted(rows, key=repr)
        return result
    finally:
        con.close()


def _commands(group, prefix=""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_has_help_text():
    commands = dict(_commands(typer.main.get_command(app)))
    assert {"extract", "ingest", "events", "export", "config", "doctor", "eval", "serve", "run", "load"} <= set(commands)
    for name, command in commands.items():
        assert command.help, f"command {name} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"option {param.name} of {name} has no help text"


def test_config_prints_every_section():
    result = run("config", "--json")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert {"nlp", "ingest", "store", "serve", "dist"} <= set(values)


def test_extract_own_fixture_as_json(tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_text(
        "Clashes in Maiduguri leave 14 dead\n\n"
        "At least 14 people were killed and dozens wounded on Tuesday when gunmen attacked a market "
        "in the northeastern Nigerian city of Maiduguri, police said. Witnesses said the attackers "
        "arrived on motorcycles and opened fire on traders. Police spokesman Aliyu Musa said officers "
        "arrested three suspects after the attack.\n"
    )
    result = run("extract", str(story), "--published", "2024-03-14", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["article"]["published"] == "2024-03-14"
    killed = [e["counts"]["killed"] for e in payload["events"] if e["counts"]["killed"]]
    assert any(k["low"] == 14 for k in killed)
    assert any(e["location"] and e["location"]["country"] == "NGA" for e in payload["events"])


def test_extract_founding_article(seed_article: Path):
    result = run("extract", str(seed_article), "--published", "2010-06-12", "--format", "json")
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    new = [e for e in events if not e["historical"]]
    osh = [e for e in new if e["location"] and e["location"]["name"] == "Osh"]
    assert any((e["counts"]["killed"] or {}).get("low", 0) >= 60 for e in osh)
    assert any(e["plover"]["type"] == "PROTEST" and e["location"]["name"] == "Moscow" for e in new if e["location"])


def test_ingest_twice_changes_nothing(tmp_path: Path, samples_dir: Path):
    db = tmp_path / "t.duckdb"
    first = run("ingest", str(samples_dir), "--db", str(db), "--quiet")
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(db)
    assert before["events"], "the sample corpus yields events"
    per_event = {}
    for event_id, article_id in before["event_sources"]:
        per_event.setdefault(event_id, set()).add(article_id)
    assert any(len(articles) >= 2 for articles in per_event.values()), "the two-outlet story is one event"
    second = run("ingest", str(samples_dir), "--db", str(db), "--quiet")
    assert second.returncode == 0, second.stdout + second.stderr
    assert snapshot(db) == before


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path, samples_dir: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (inbox / "latin1.txt").write_bytes("Des manifestants se sont rassemblés à Paris.".encode("latin-1") * 20)
    (inbox / "broken.jsonl").write_text('{"id": "a", "text": \n')
    good = next((samples_dir / "text").glob("*.txt"))
    (inbox / "good.txt").write_text(good.read_text())
    db = tmp_path / "t.duckdb"
    result = run("ingest", str(inbox), str(tmp_path / "missing.txt"), "--db", str(db), "--quiet")
    assert result.returncode == 1, "exit code says something was skipped"
    text = result.stdout
    for code in ("T201", "T202", "T204", "T207", "T208"):
        assert code in text, f"{code} missing from summary:\n{text}"
    assert snapshot(db)["articles"], "the good document was stored"


def test_sigkill_mid_ingest_then_rerun_equals_clean_run(tmp_path: Path, samples_dir: Path):
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    assert run("ingest", str(samples_dir), "--db", str(clean), "--quiet", "--batch-size", "2").returncode == 0
    proc = subprocess.Popen([*TOCSIN, "ingest", str(samples_dir), "--db", str(crashed), "--verbose",
                             "--batch-size", "2"], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:
        if "committed batch" in line:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = snapshot(crashed)
    assert 0 < len(partial["ingest_log"]) < len(snapshot(clean)["ingest_log"]), "killed mid-run"
    assert run("ingest", str(samples_dir), "--db", str(crashed), "--quiet", "--batch-size", "2").returncode == 0
    assert snapshot(crashed) == snapshot(clean)


def test_events_and_export(tmp_path: Path, samples_dir: Path):
    db = tmp_path / "t.duckdb"
    assert run("ingest", str(samples_dir), "--db", str(db), "--quiet").returncode == 0
    listed = run("events", "--db", str(db), "--format", "jsonl", "--limit", "5")
    assert listed.returncode == 0, listed.stderr
    assert 0 < len(listed.stdout.splitlines()) <= 5
    out = tmp_path / "events.geojson"
    exported = run("export", "--db", str(db), "--format", "geojson", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize("args", [("events", "--near", "1,2"), ("export", "--format", "parquet")])
def test_bad_flags_exit_with_usage_error(args, tmp_path: Path):
    result = run(*args, "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2
