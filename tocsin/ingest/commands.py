"""CLI: ``tocsin read`` shows what ingest makes of some inputs, without coding or storing them."""

from __future__ import annotations

import json
import sys
from itertools import islice
from typing import Annotated, Optional

import typer

from tocsin.config import load_config
from tocsin.errors import TocsinError
from tocsin.model import Article, Rejection

PREVIEW_CHARS = 200


def _row(item: Article | Rejection, full_text: bool) -> dict[str, object]:
    if isinstance(item, Rejection):
        return {"rejected": True, **item.model_dump()}
    row = item.model_dump()
    if not full_text:
        row["text"] = item.text[:PREVIEW_CHARS] + ("…" if len(item.text) > PREVIEW_CHARS else "")
        row["chars"] = len(item.text)
    return row


def register(app: typer.Typer) -> None:
    """Add the ingest commands to the tocsin CLI."""

    @app.command("read")
    def read(
        inputs: Annotated[list[str], typer.Argument(help="Files, directories (recursive), http(s) URLs (pages or "
                                                        "RSS/Atom feeds) or - for stdin.")],
        published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD for every document "
                                                              "(overrides any date found).")] = None,
        full_text: Annotated[bool, typer.Option("--full-text", help="Print the whole clean text, "
                                                                    "not its first 200 characters.")] = False,
        rejected_only: Annotated[bool, typer.Option("--rejected-only", help="Print only the documents that "
                                                                            "were skipped or failed.")] = False,
        limit: Annotated[Optional[int], typer.Option(help="Stop after this many documents.", min=1)] = None,
    ) -> None:
        """Read inputs as ingest does and print one JSON line per document: the clean Article
        (id, title, published and its basis, origin, text) or the Rejection (code, reason).
        Nothing is coded or stored. Exit status 1 when any document was rejected."""
        from tocsin.ingest import read_inputs

        any_rejected = False
        try:
            for item in islice(read_inputs(inputs, load_config(), published=published), limit):
                any_rejected |= isinstance(item, Rejection)
                if isinstance(item, Rejection) or not rejected_only:
                    sys.stdout.write(json.dumps(_row(item, full_text), ensure_ascii=False) + "\n")
        except TocsinError as error:
            typer.echo(f"error {error}", err=True)
            raise typer.Exit(2) from error
        raise typer.Exit(1 if any_rejected else 0)
