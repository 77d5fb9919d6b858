"""`make eval`: score every labelled dev file in ../shared/data/eval and write benchmarks/quality.md.

    python -m tocsin.eval.run_all [--only STEM ...] [--gate] [--out out/eval]

JSON reports go to ``out/eval/<stem>[.<mode>].json`` (gitignored: they quote eval texts);
the table of numbers goes to ``benchmarks/quality.md``. Large files are scored on a fixed-seed
sample (sizes in PLAN, printed in the table) so the run stays short on two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from tocsin.errors import TocsinError
from tocsin.eval.data import DEFAULT_SEED, detect_task, eval_dir
from tocsin.eval.report import fmt, write_json
from tocsin.eval.runner import LOWER_IS_BETTER, evaluate, git_commit

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    """One scoring run: a file stem, its task, the geoparse mode and the sample size."""

    stem: str
    task: str
    mode: str | None = None
    limit: int | None = None


# Sample sizes: full runs for small files, fixed-seed samples for large ones (2 shared cores).
PLAN = (
    Run("acled_global_2020", "doc-events", limit=400),
    Run("ngec_synthetic_plover", "plover", limit=250),
    Run("petr2_gsr_validation", "cameo"),
    Run("petrarch2_unit_records", "cameo"),
    Run("indiapolice_dev", "sent-detect"),
    Run("geovirus", "geoparse", "resolution"),
    Run("geovirus", "geoparse", "end-to-end", limit=120),
    Run("lgl", "geoparse", "resolution"),
    Run("lgl", "geoparse", "end-to-end", limit=120),
    Run("ecbplus_dev", "cluster"),
    Run("conll2003_testa", "ner"),
)
# The CI gate (tests/quality/test_gate.py): smaller samples; floors.toml is pinned on these.
# (petrarch2_unit_records is left out: fictional actors, a grammar regression check only.)
GATE_PLAN = (
    Run("acled_global_2020", "doc-events", limit=100),
    Run("ngec_synthetic_plover", "plover", limit=80),
    Run("petr2_gsr_validation", "cameo"),
    Run("indiapolice_dev", "sent-detect", limit=300),
    Run("geovirus", "geoparse", "resolution"),
    Run("geovirus", "geoparse", "end-to-end", limit=40),
    Run("lgl", "geoparse", "resolution"),
    Run("ecbplus_dev", "cluster"),
    Run("conll2003_testa", "ner", limit=800),
)


def plan_for(folder: Path, plan: tuple[Run, ...], discover: bool = True) -> list[Run]:
    """The plan's runs for files present, plus (``discover``) any other file whose README names a task."""
    runs = [run for run in plan if (folder / f"{run.stem}.jsonl").is_file()]
    if not discover:
        return runs
    known = {run.stem for run in plan}
    for path in sorted(folder.glob("*.jsonl")):
        task = detect_task(path)
        if path.stem not in known and task:
            runs.append(Run(path.stem, task, "resolution" if task == "geoparse" else None, 500))
    return runs


def report_name(run: Run) -> str:
    return run.stem + (f".{run.mode}" if run.mode else "") + ".json"


def run_plan(runs: list[Run], folder: Path, out: Path | None, console: Console) -> list[tuple[Run, dict | str]]:
    """Evaluate each run; a failing component is recorded as its coded error, the rest go on."""
    results: list[tuple[Run, dict | str]] = []
    for run in runs:
        console.print(f"[bold]{run.stem}[/bold] {run.task} {run.mode or ''} limit={run.limit}")
        try:
            report = evaluate(run.task, folder / f"{run.stem}.jsonl", mode=run.mode, limit=run.limit,
                              seed=DEFAULT_SEED)
        except TocsinError as exc:
            console.print(f"  [red]{exc}[/red]")
            results.append((run, str(exc)))
            continue
        if out is not None:
            write_json(report, out / report_name(run))
        console.print("  " + ", ".join(f"{k}={fmt(k, v)}" for k, v in report["metrics"].items())
                      + f"  ({report['seconds']:.0f} s)")
        results.append((run, report))
    return results


def quality_markdown(results: list[tuple[Run, dict | str]], commit: str | None, when: str) -> str:
    """benchmarks/quality.md: one row per file and metric."""
    lines = [
        "# Quality",
        "",
        f"Measured by `make eval` (`python -m tocsin.eval.run_all`) at commit `{commit or 'unknown'}` on {when}.",
        f"Scoring rules: `tocsin/eval/README.md`. Samples use the fixed seed {DEFAULT_SEED}; n is the number "
        "of items scored, of the file's total or, marked held-out, of the items the event typer never "
        "trains on (`tocsin.coding.typing.is_held_out`). Fractions are 0..1; `*_km` are kilometres; "
        "`auc`, `*_km`: lower is better.",
        "",
        "| file | task | mode | n (of total) | metric | value |",
        "|---|---|---|---|---|---:|",
    ]
    for run, result in results:
        if isinstance(result, str):
            lines.append(f"| {run.stem} | {run.task} | {run.mode or ''} | - | error | {result} |")
            continue
        n = f"{result['n']} of {result['n_total']}" + (" held-out" if result.get("held_out_only") else "")
        for metric, value in result["metrics"].items():
            arrow = " (lower is better)" if metric in LOWER_IS_BETTER else ""
            lines.append(f"| {run.stem} | {run.task} | {run.mode or ''} | {n} | {metric}{arrow} | {fmt(metric, value)} |")
    lines += ["", "## Time per run", "", "| file | task | mode | n | seconds |", "|---|---|---|---:|---:|"]
    lines += [f"| {run.stem} | {run.task} | {run.mode or ''} | {result['n']} | {result['seconds']:.0f} |"
              for run, result in results if isinstance(result, dict)]
    notes = {}
    for run, result in results:
        if isinstance(result, dict):
            notes.setdefault(run.task, result.get("notes", []))
    lines += ["", "## How each task is read", ""]
    for task, task_notes in notes.items():
        lines += [f"- **{task}**: " + " ".join(n for n in task_notes if not n.startswith("scored "))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="file stems to run (default: all)")
    parser.add_argument("--gate", action="store_true", help="run the CI gate's samples (to pin floors)")
    parser.add_argument("--out", type=Path, default=REPO / "out" / "eval", help="folder for JSON reports")
    parser.add_argument("--markdown", type=Path, default=REPO / "benchmarks" / "quality.md",
                        help="where to write the table (not written with --only or --gate)")
    args = parser.parse_args(argv)
    console = Console()
    folder = eval_dir()
    if not folder.is_dir():
        console.print(f"[red]T702: no labelled data at {folder}[/red] (set TOCSIN_SHARED or check out ../shared)")
        return 2
    runs = plan_for(folder, GATE_PLAN, discover=False) if args.gate else plan_for(folder, PLAN)
    if args.only:
        runs = [run for run in runs if run.stem in args.only]
    results = run_plan(runs, folder, args.out / "gate" if args.gate else args.out, console)
    if not args.only and not args.gate:
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(quality_markdown(results, git_commit(REPO), when), encoding="utf-8")
        console.print(f"wrote {args.markdown}")
    return 1 if any(isinstance(result, str) for _, result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
