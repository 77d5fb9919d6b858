"""`tocsin geo ...`: build the gazetteer, check it, score the geoparser on a dev file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

geo_app = typer.Typer(help="Geocoding: the offline GeoNames gazetteer and the geoparser.", no_args_is_help=True)


@geo_app.command("build", help="Compile the gazetteer index from the packaged GeoNames data (about a minute). "
                               "It is also built on first use; run this to rebuild it or to build it ahead of time.")
def build_command(
    path: Path = typer.Option(None, "--path", help="Write the index here instead of geo.gazetteer / the cache dir."),
) -> None:
    from tocsin.config import load_config
    from tocsin.geo.gazetteer import build_and_save, gazetteer_path

    config = load_config()
    target = path or gazetteer_path(config)
    g, seconds = build_and_save(target)
    typer.echo(f"{target}: {len(g):,} places, {len(g.names):,} names, built in {seconds:.0f} s")


@geo_app.command("status", help="Say whether the gazetteer is usable, its size and how long it took to load.")
def status_command() -> None:
    from tocsin.config import load_config
    from tocsin.geo import status

    ok, message = status(load_config())
    typer.echo(message)
    raise typer.Exit(0 if ok else 1)


@geo_app.command("parse", help="Print the places found in a text (a file, or - for standard input) as JSON lines.")
def parse_command(
    source: str = typer.Argument(..., help="A text file, or - to read standard input."),
) -> None:
    import sys

    from tocsin.config import load_config
    from tocsin.geo import geoparse

    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    for place in geoparse(text, config=load_config()):
        typer.echo(place.model_dump_json(exclude_none=True))


@geo_app.command("score", help="Score the geoparser on a `geoparse` JSONL file (EVAL_FORMATS.md) and print "
                               "the metrics as JSON.")
def score_command(
    file: Path = typer.Argument(..., help="A JSONL file in the `geoparse` format, e.g. ../shared/data/eval/lgl.jsonl."),
    mode: str = typer.Option("resolution", "--mode", help="resolution (gold spans given) or end-to-end."),
    limit: int = typer.Option(None, "--limit", help="Score only the first N articles."),
    json_out: Path = typer.Option(None, "--json", help="Also write the report to this file."),
) -> None:
    from tocsin.config import load_config
    from tocsin.geo.score import score_file

    if mode not in {"resolution", "end-to-end"}:
        raise typer.BadParameter("--mode is resolution or end-to-end")
    report = score_file(file, load_config(), mode=mode, limit=limit)
    text = json.dumps(report, indent=2)
    typer.echo(text)
    if json_out:
        json_out.write_text(text + "\n", encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add the `geo` command group to the tocsin CLI."""
    app.add_typer(geo_app, name="geo")
