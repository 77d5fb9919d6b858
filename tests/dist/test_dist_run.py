"""A distributed run on a LocalCluster of two worker processes gives the events one process gives;
it restarts where it stopped; `tocsin run` and `tocsin load` work from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tocsin.config import load_config
from tocsin.dist.commands import register
from tocsin.dist.run import dask_client, run
from tocsin.dist.shards import TABLES, read_documents, shard_path
from tocsin.model import Article

from dist_fixtures import STORIES, write_jsonl


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2, threads_per_worker=1) as client:
        yield client


@pytest.fixture(scope="module")
def config():
    return load_config({"nlp.cascade": False})


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    texts = folder / "texts"
    texts.mkdir()
    for i, (_published, text) in enumerate(STORIES[:2]):
        (texts / f"story{i}.txt").write_text(text, encoding="utf-8")
    (texts / "empty.txt").write_text("too short", encoding="utf-8")
    return [str(write_jsonl(folder / "wire.jsonl", STORIES[2:])), str(texts)]


def _summary(event) -> tuple:
    place = event.location
    return (event.event_id, event.plover.type, event.date, event.status, event.historical,
            place and (place.name, place.country, place.geonameid), event.counts.model_dump_json(),
            event.source_actor and event.source_actor.name, event.target_actor and event.target_actor.name)


def _shard_documents(out: Path) -> list:
    manifest = json.loads((out / "manifest.json").read_text())
    return [d for pid in manifest["partitions"] for d in read_documents(out, pid)[0]]


@pytest.fixture(scope="module")
def first_run(client, config, inputs, tmp_path_factory):
    """One run over every input, shared (read-only) by the tests below; they copy it to change it."""
    out = tmp_path_factory.mktemp("run")
    return out, run(inputs, out, config, client, partition_docs=2)


def test_two_workers_give_the_events_of_one_process(first_run, config, inputs):
    from tocsin.ingest import read_inputs
    from tocsin.pipeline import Pipeline

    out, summary = first_run
    assert summary.ok, summary.failed
    assert (summary.planned, summary.done) == (5, 5)  # 3 line ranges, 2 groups of files
    articles = [a for a in read_inputs(inputs, config) if isinstance(a, Article)]
    local = {d.article.id: d for d in Pipeline(config).process(articles)}
    remote = {d.article.id: d for d in _shard_documents(out)}
    assert remote.keys() == local.keys() and len(local) == len(STORIES)
    assert sum(len(d.events) for d in local.values()) >= len(STORIES)  # the fixture reports events
    for article_id, document in local.items():
        assert sorted(map(_summary, remote[article_id].events)) == sorted(map(_summary, document.events))
        assert remote[article_id].events == document.events
        assert remote[article_id].indicators == document.indicators
    assert summary.totals["rejections"] == 1 and summary.totals["articles"] == len(STORIES)


def test_restart_redoes_only_unfinished_partitions(first_run, client, config, inputs, tmp_path: Path):
    out = tmp_path / "run"
    shutil.copytree(first_run[0], out)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    broken, interrupted, *finished = sorted(manifest["partitions"])
    shard_path(out, "events", broken).unlink()  # a crash before its last file was renamed in
    manifest["partitions"][interrupted]["status"] = "pending"  # a crash before the manifest said done
    manifest_path.write_text(json.dumps(manifest))
    stamps = {pid: shard_path(out, "articles", pid).stat().st_mtime_ns for pid in finished}

    again = run(inputs, out, config, client, partition_docs=2)
    assert (again.done, again.skipped, again.failed) == (2, len(finished), {})
    assert {pid: shard_path(out, "articles", pid).stat().st_mtime_ns for pid in finished} == stamps
    after = json.loads(manifest_path.read_text())
    assert all(entry["status"] == "done" for entry in after["partitions"].values())
    assert all(shard_path(out, table, broken).is_file() for table in TABLES)
    assert after["counts"]["articles"] == len(STORIES)


def test_another_config_is_refused(first_run, client, config, inputs, tmp_path: Path):
    from tocsin.errors import DistError

    shutil.copytree(first_run[0], tmp_path / "run")
    with pytest.raises(DistError) as refused:
        run(inputs, tmp_path / "run", config.with_overrides({"coding.min_confidence": 0.9}), client)
    assert refused.value.code == "T604"


def test_cli_run_on_a_scheduler_then_load(client, inputs, tmp_path: Path):
    from tocsin.store import Store

    app = typer.Typer()
    register(app)
    cli = CliRunner()
    out, db = tmp_path / "run", tmp_path / "events.duckdb"
    ran = cli.invoke(app, ["run", inputs[0], "--out", str(out), "--scheduler", client.scheduler.address,
                           "--partition-docs", "0", "--quiet"])
    assert ran.exit_code == 0, ran.output
    assert "1 partitions: 1 coded now, 0 done before, 0 failed" in ran.output
    loaded = cli.invoke(app, ["load", str(out), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    jsonl_stories = len(STORIES) - 2
    assert json.loads(loaded.output)["stored"] == jsonl_stories
    with Store(db) as store:
        stats = store.stats()
    assert stats["articles"] == jsonl_stories and stats["events"] >= 1
    again = cli.invoke(app, ["load", str(out), "--db", str(db)])
    assert json.loads(again.output)["already_loaded"] == jsonl_stories


def test_cli_refuses_workers_with_a_scheduler(inputs, tmp_path: Path):
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["run", inputs[0], "--out", str(tmp_path), "--workers", "2",
                                      "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2


def test_every_command_and_option_has_help():
    app = typer.Typer()
    register(app)
    for command in app.registered_commands:
        assert command.callback.__doc__
    for name in ("run", "load"):
        text = CliRunner().invoke(app, [name, "--help"]).output
        assert "--out" in text or "--db" in text
