"""`tocsin run` (code inputs on a Dask cluster into Parquet shards) and `tocsin load` (shards into DuckDB)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from tocsin.config import load_config
from tocsin.errors import TocsinError

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2


def register(app: typer.Typer) -> None:
    """Add `run` and `load` to the tocsin CLI."""

    @app.command("run")
    def run_command(
        inputs: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or URLs: JSONL files split "
                                                    "by line ranges, WARC files by records, others a few at a time.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Run directory: Parquet shards + manifest.json. "
                                          "Rerun with the same directory to finish an interrupted run.")],
        workers: Annotated[Optional[int], typer.Option(help="Worker processes of a local Dask cluster "
                                                       "(default: dist.workers).")] = None,
        scheduler: Annotated[Optional[str], typer.Option(help="Address of a running Dask scheduler, e.g. "
                                                         "tcp://HOST:8786; its workers must see --out and the "
                                                         "inputs at the same paths.")] = None,
        partition_docs: Annotated[Optional[int], typer.Option(help="Documents per partition (JSONL lines, WARC "
                                                              "records or files); 0: one partition per file "
                                                              "(default: dist.partition_docs).")] = None,
        model: Annotated[Optional[str], typer.Option("--model", help="spaCy model name (overrides nlp.model).")] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line per finished partition.")] = False,
    ) -> None:
        """Code many documents in parallel on a Dask cluster into Parquet shards (restartable)."""
        from tocsin.dist.run import dask_client, run

        err = Console(stderr=True)
        if workers is not None and scheduler:
            raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
        try:
            config = load_config({k: v for k, v in {"nlp.model": model, "dist.workers": workers,
                                                    "dist.partition_docs": partition_docs}.items() if v is not None})

            def report(pid: str, entry: dict) -> None:
                if not quiet:
                    counts = entry.get("counts", {})
                    err.print(f"{entry['status']:>6} {pid}: {counts.get('articles', 0)} articles, "
                              f"{counts.get('events', 0)} events" + (f" ({entry['error']})" if "error" in entry else ""))

            with dask_client(config["dist"]["workers"], config["dist"]["threads_per_worker"], scheduler) as client:
                summary = run(inputs, out, config, client, on_partition=report)
        except TocsinError as exc:
            err.print(f"[red]error[/red] {exc}")
            raise typer.Exit(EXIT_ERROR) from exc
        totals = summary.totals
        Console().print(f"{summary.planned} partitions: {summary.done} coded now, {summary.skipped} done before, "
                        f"{len(summary.failed)} failed; {totals.get('articles', 0)} articles, "
                        f"{totals.get('events', 0)} events, {totals.get('rejections', 0)} rejected in {out}")
        raise typer.Exit(EXIT_OK if summary.ok else EXIT_PARTIAL)

    @app.command("load")
    def load_command(
        run_dir: Annotated[Path, typer.Argument(help="A `tocsin run` output directory.")],
        db: Annotated[Optional[Path], typer.Option("--db", help="DuckDB file (default: store.path).")] = None,
    ) -> None:
        """Load a run's shards into the database (merging events across articles); safe to rerun."""
        from tocsin.dist.load import load

        try:
            config = load_config({"store.path": str(db)} if db else None)
            summary = load(run_dir, config)
        except TocsinError as exc:
            Console(stderr=True).print(f"[red]error[/red] {exc}")
            raise typer.Exit(EXIT_ERROR) from exc
        typer.echo(json.dumps(summary.__dict__))
