"""`tocsin serve`: the HTTP API and the dashboard over a database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from tocsin.errors import TocsinError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the CLI."""

    @app.command("serve")
    def serve_command(
        db: Annotated[Optional[Path], typer.Option("--db", help="DuckDB file to serve (default: store.path).")] = None,
        host: Annotated[Optional[str], typer.Option(help="Address to bind (default serve.host, 127.0.0.1: "
                                                         "this machine only).")] = None,
        port: Annotated[Optional[int], typer.Option(help="Port (default serve.port, 8000).")] = None,
    ) -> None:
        """Serve the JSON API (/events, /facets, /export/..., docs at /docs) and the dashboard (/).

        Read-only unless serve.token is set (in the config file or TOCSIN_SERVE__TOKEN, never a flag, so it stays out of shell history): then POST /ingest accepts articles with that Bearer token.
        """
        import uvicorn

        from tocsin.config import load_config
        from tocsin.serve.app import create_app

        err = Console(stderr=True)
        try:
            config = load_config({"store.path": str(db) if db else None, "serve.host": host, "serve.port": port})
            application = create_app(config)
        except TocsinError as exc:
            err.print(f"[red]error[/red] {exc}")
            raise typer.Exit(2) from exc
        serve = config["serve"]
        where = f"http://{serve['host']}:{serve['port']}"
        err.print(f"serving {config['store']['path']} at {where}/ (dashboard), {where}/docs (API)"
                  + ("; POST /ingest is on (token set)" if serve["token"] else "; read-only"))
        if serve["host"] not in LOOPBACK:
            err.print(f"[yellow]note[/yellow] bound to {serve['host']}: other machines can reach this server")
        uvicorn.run(application, host=serve["host"], port=int(serve["port"]), log_level="info")
