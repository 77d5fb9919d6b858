"""`tocsin eval`: score the system on a labelled file (formats: EVAL_FORMATS.md)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from tocsin.errors import TocsinError

TaskName = Enum("TaskName", {name.replace("-", "_"): name for name in (
    "doc-events", "event-type", "plover", "cameo", "sent-detect", "geoparse", "cluster", "ner")}, type=str)


class Mode(str, Enum):
    resolution = "resolution"
    end_to_end = "end-to-end"


def register(app: typer.Typer) -> None:
    """Add the `eval` command to the CLI."""

    @app.command("eval")
    def eval_command(
        task: Annotated[TaskName, typer.Argument(help="Task of the file: doc-events, event-type, plover, cameo, "
                                                     "sent-detect, geoparse, cluster or ner.")],
        file: Annotated[Path, typer.Argument(help="Labelled JSON Lines file in that task's format.")],
        json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the JSON report here.")] = None,
        limit: Annotated[Optional[int], typer.Option(help="Score a fixed-seed sample of this many items.")] = None,
        mode: Annotated[Optional[Mode], typer.Option(help="geoparse only: resolution (gold spans given, "
                                                          "default) or end-to-end.")] = None,
        seed: Annotated[int, typer.Option(help="Seed of the --limit sample and of the error sample.")] = 20240601,
        held_out_only: Annotated[Optional[bool], typer.Option(
            "--held-out-only/--all-items",
            help="doc-events, event-type, plover: score only items the event-typing split "
                 "(tocsin.coding.typing.is_held_out) holds back from training; default on when it exists.")] = None,
        errors: Annotated[int, typer.Option(help="How many wrong items to keep in the report.")] = 25,
        model: Annotated[Optional[str], typer.Option("--model", help="spaCy model (overrides nlp.model).")] = None,
    ) -> None:
        """Score tocsin on a labelled file and print the metrics (any file in the task's format)."""
        from tocsin.config import load_config
        from tocsin.eval.report import render, write_json
        from tocsin.eval.runner import evaluate

        try:
            config = load_config({"nlp.model": model} if model else None)
            report = evaluate(task.value, file, mode=mode.value if mode else None, limit=limit, seed=seed,
                              held_out_only=held_out_only, config=config, max_errors=errors)
        except TocsinError as exc:
            Console(stderr=True).print(f"[red]error[/red] {exc}")
            raise typer.Exit(2) from exc
        render(report)
        if json_out:
            write_json(report, json_out)
