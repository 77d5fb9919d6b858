"""Showing a report: a rich table on the terminal, a JSON file for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

PER_CLASS_ROWS = 30  # the terminal shows the classes with most support; the JSON has them all


def fmt(name: str, value: Any) -> str:
    """Fractions to 3 places, kilometres to 1, missing as n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.1f}" if name.endswith("_km") else f"{value:.3f}"
    return str(value)


def write_json(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def render(report: dict[str, Any], console: Console | None = None) -> None:
    """Print the summary, metrics, per-class rows and a few errors."""
    console = console or Console()
    mode = f" ({report['mode']})" if report.get("mode") else ""
    console.print(f"[bold]{report['task']}{mode}[/bold] on {report['file']}: n={report['n']} "
                  f"of {report.get('n_total', report['n'])}, {report['seconds']:.1f} s")
    metrics = Table("metric", "value", title="metrics")
    support = report.get("support", {})
    for name, value in report["metrics"].items():
        metrics.add_row(name, fmt(name, value))
    console.print(metrics)
    if support:
        console.print("support: " + ", ".join(f"{k}={v}" for k, v in support.items()))
    if report["per_class"]:
        rows = sorted(report["per_class"].items(), key=lambda kv: -kv[1]["support"])[:PER_CLASS_ROWS]
        table = Table("class", "precision", "recall", "f1", "support", title="per class")
        for label, row in rows:
            table.add_row(label, *(fmt(k, row[k]) for k in ("precision", "recall", "f1")), str(row["support"]))
        console.print(table)
    if report.get("error_km_histogram"):
        console.print("error km: " + ", ".join(f"{k}: {v}" for k, v in report["error_km_histogram"].items()))
    for error in report["errors"][:5]:
        console.print(f"[dim]{error['id']}[/dim] gold={error['gold']!s:.120} predicted={error['predicted']!s:.120}")
    for note in report.get("notes", []):
        console.print(f"[dim]note: {note}[/dim]")
