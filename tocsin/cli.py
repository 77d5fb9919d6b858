"""The `tocsin` command line: small typer sub-commands over the library.

Library code raises named, coded errors; this edge turns them into one-line messages and
exit codes (0 ok, 1 some documents skipped or failed, 2 a usage or set-up error).
"""

from __future__ import annotations

import importlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from tocsin.config import Config, load_config
from tocsin.errors import TocsinError

app = typer.Typer(
    name="tocsin",
    help="Read news; code political violence and crisis events; store, query and serve them.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 160)

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2

# Sub-systems that add their own commands through `register(app)`.
COMMAND_MODULES = ("tocsin.ingest.commands", "tocsin.eval.commands", "tocsin.serve.commands",
                   "tocsin.dist.commands", "tocsin.geo.commands")


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"
    acled_csv = "acled_csv"
    plover_json = "plover_json"
    cameo_tsv = "cameo_tsv"


DbOption = Annotated[Optional[Path], typer.Option("--db", help="DuckDB file (default: store.path from config).")]
ModelOption = Annotated[Optional[str], typer.Option("--model", help="spaCy model name (overrides nlp.model).")]


def _config(**flags: object) -> Config:
    return load_config({key: value for key, value in flags.items() if value is not None})


def fail(exc: TocsinError) -> typer.Exit:
    """Print a coded error and return the exit to raise."""
    err.print(f"[red]error[/red] {exc}")
    return typer.Exit(EXIT_ERROR)


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="A news file (text, HTML, JSONL, feed, WARC) or - for stdin.")],
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD (overrides any found).")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    model: ModelOption = None,
) -> None:
    """Code the events of one document and print them; stores nothing."""
    from tocsin.ingest import read_inputs
    from tocsin.model import Rejection
    from tocsin.pipeline import Pipeline

    try:
        config = _config(**{"nlp.model": model})
        items = list(read_inputs([path], config, published=published))
        articles = [item for item in items if not isinstance(item, Rejection)]
        for item in items:
            if isinstance(item, Rejection):
                err.print(f"[yellow]{item.status}[/yellow] {item.origin}: {item.code} {item.reason}")
        if not articles:
            raise typer.Exit(EXIT_PARTIAL)
        pipeline = Pipeline(config)
        extractions = [pipeline.extract_article(article) for article in articles]
    except TocsinError as exc:
        raise fail(exc) from exc
    _print_extractions(extractions, format)


def _print_extractions(extractions: list, format: OutputFormat) -> None:
    from tocsin.store.export import to_csv

    events = [event for extraction in extractions for event in extraction.events]
    if format is OutputFormat.json:
        payload = [x.model_dump(mode="json") for x in extractions]
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False) + "\n")
    elif format is OutputFormat.jsonl:
        for event in events:
            sys.stdout.write(event.model_dump_json() + "\n")
    elif format is OutputFormat.csv:
        to_csv(events, sys.stdout)
    else:
        out.print(event_table(events))


def event_table(events: list) -> Table:
    """A compact terminal table of events."""
    table = Table(show_lines=False, header_style="bold")
    for column in ("date", "type", "acled", "where", "source → target", "killed", "status", "evidence"):
        table.add_column(column, overflow="fold")
    for event in events:
        killed = event.counts.killed
        table.add_row(
            (event.date or "") + (" (hist.)" if event.historical else ""),
            f"{event.plover.type}" + (f"/{event.plover.mode}" if event.plover.mode else ""),
            event.acled.sub_event_type if event.acled else "",
            (event.location.name or event.location.text or "") if event.location else "",
            " → ".join(filter(None, [_actor_name(event.source_actor), _actor_name(event.target_actor)])),
            "" if killed is None else str(killed.best if killed.best is not None else killed.low),
            event.status,
            (event.evidence[0].sentence[:90] + "…") if event.evidence and len(event.evidence[0].sentence) > 90
            else (event.evidence[0].sentence if event.evidence else ""),
        )
    return table


def _actor_name(actor) -> str:
    return (actor.name or actor.text) if actor else ""


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories (recursive), URLs (pages or feeds) or -.")],
    db: DbOption = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD for every document.")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents committed per transaction.")] = None,
    model: ModelOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say when each batch is committed.")] = False,
) -> None:
    """Read news, code events and store them; safe to rerun and to restart after a crash."""
    from tocsin.runner import IngestRun

    try:
        config = _config(**{"store.path": str(db) if db else None, "store.batch_size": batch_size,
                            "nlp.model": model})
        summary = IngestRun(config).run(inputs, published=published, progress=not (quiet or verbose),
                                        console=err, verbose=verbose)
    except TocsinError as exc:
        raise fail(exc) from exc
    summary.print(out)
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_PARTIAL)


@app.command()
def events(
    db: DbOption = None,
    since: Annotated[Optional[str], typer.Option(help="Earliest event date YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Latest event date YYYY-MM-DD.")] = None,
    country: Annotated[Optional[str], typer.Option(help="ISO3 country code of the location.")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="PLOVER type, e.g. ASSAULT or PROTEST.")] = None,
    near: Annotated[Optional[str], typer.Option(help="LAT,LON,KM: events within KM of a point.")] = None,
    historical: Annotated[Optional[bool], typer.Option("--historical/--no-historical",
                                                       help="Only / no background events (default: both).")] = None,
    limit: Annotated[int, typer.Option(help="Most events to print.")] = 50,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """List stored events, filtered."""
    from tocsin.store.query import EventQuery, query_events

    try:
        config = _config(**{"store.path": str(db) if db else None})
        query = EventQuery(since=since, until=until, country=country, plover_type=type,
                           near=_parse_near(near), historical=historical, limit=limit)
        with open_existing_store(config) as store:
            page = query_events(store.con, query)
    except TocsinError as exc:
        raise fail(exc) from exc
    if format is OutputFormat.table:
        out.print(event_table(page.events))
    elif format is OutputFormat.csv:
        from tocsin.store.export import to_csv

        to_csv(page.events, sys.stdout)
    elif format is OutputFormat.jsonl:
        for event in page.events:
            sys.stdout.write(event.model_dump_json() + "\n")
    else:
        sys.stdout.write(json.dumps([e.model_dump(mode="json") for e in page.events], indent=2, ensure_ascii=False) + "\n")


def open_existing_store(config: Config):
    """The configured database, which must exist (reading never creates one)."""
    from tocsin.errors import StoreError
    from tocsin.store import Store

    path = Path(config["store"]["path"])
    if not path.is_file():
        raise StoreError(f"no database at {path}", fix="run `tocsin ingest PATH --db FILE` first or pass --db",
                         code="T302")
    return Store(path, config)


def _parse_near(near: str | None) -> tuple[float, float, float] | None:
    if near is None:
        return None
    try:
        lat, lon, km = (float(part) for part in near.split(","))
    except ValueError:
        raise typer.BadParameter("use LAT,LON,KM, e.g. 40.53,72.80,50", param_hint="--near") from None
    return lat, lon, km


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.jsonl,
    out_path: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout; "
                                                     "required for parquet).")] = None,
    db: DbOption = None,
) -> None:
    """Export every stored event."""
    from tocsin.store.export import export

    try:
        config = _config(**{"store.path": str(db) if db else None})
        if format is ExportFormat.parquet and out_path is None:
            raise typer.BadParameter("parquet needs --out FILE", param_hint="--out")
        with open_existing_store(config) as store:
            n = export(store.iter_events(), format.value, out_path if out_path is not None else sys.stdout)
    except TocsinError as exc:
        raise fail(exc) from exc
    if out_path is not None:
        err.print(f"wrote {n} events to {out_path}")


@app.command("config")
def show_config(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of TOML-like text.")] = False,
) -> None:
    """Print the effective layered config and where each value came from."""
    try:
        config = load_config()
    except TocsinError as exc:
        raise fail(exc) from exc
    if as_json:
        sys.stdout.write(json.dumps({"values": config.values, "origins": config.origins}, indent=2) + "\n")
        return
    for section, values in config.values.items():
        out.print(f"[bold][{section}][/bold]")
        for key, value in values.items():
            out.print(f"{key} = {json.dumps(value)}  [dim]# {config.origins.get(f'{section}.{key}', 'default')}[/dim]")


@app.command()
def doctor(db: DbOption = None) -> None:
    """Check that the model, the gazetteer, the event typer and the database are ready."""
    from tocsin.doctor import run_checks

    config = _config(**{"store.path": str(db) if db else None})
    table = Table("part", "ready", "detail")
    all_ready = True
    for check in run_checks(config):
        all_ready &= check.ready
        table.add_row(check.part, "[green]yes[/green]" if check.ready else "[red]no[/red]", check.detail)
    out.print(table)
    raise typer.Exit(EXIT_OK if all_ready else EXIT_ERROR)


def _register_subsystems() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_subsystems()


def main() -> None:
    """Entry point of the `tocsin` script."""
    app()
