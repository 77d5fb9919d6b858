"""`evaluate`: read a labelled file, run the system on it, score it, build the report."""

from __future__ import annotations

import random
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from tocsin.config import Config, load_config
from tocsin.errors import EvalError
from tocsin.eval import adapters, scoring
from tocsin.eval.data import DEFAULT_SEED, read_jsonl, sample

TEXT_CHARS = 200  # error samples show this much of each text
LOWER_IS_BETTER = frozenset({"median_error_km", "mean_error_km", "auc"})
# Tasks whose labelled files the event typer trains on (tocsin.coding.train): score held-out items.
TRAINED_TASKS = frozenset({"doc-events", "event-type", "plover"})


@dataclass(frozen=True)
class TaskSpec:
    """One task (and mode): what each item must carry, how to predict, how to score."""

    predict: Callable[[list[dict], Config], Any]
    score: Callable[..., scoring.Scored]
    needs: tuple[str, ...]
    classification: bool = False


TASKS: dict[str, dict[str, TaskSpec]] = {
    "doc-events": {"": TaskSpec(adapters.doc_events, scoring.score_doc_events, ("id", "text", "gold"), True)},
    "event-type": {"": TaskSpec(adapters.event_type, scoring.score_event_type, ("id", "text", "gold"), True)},
    "plover": {"": TaskSpec(adapters.plover, scoring.score_plover, ("id", "text", "gold"), True)},
    "cameo": {"": TaskSpec(adapters.cameo, scoring.score_cameo, ("id", "text", "gold"))},
    "sent-detect": {"": TaskSpec(adapters.sent_detect, scoring.score_sent_detect, ("id", "text", "gold"), True)},
    "geoparse": {
        "resolution": TaskSpec(adapters.geoparse_resolution, scoring.score_geoparse_resolution, ("id", "text", "gold")),
        "end-to-end": TaskSpec(adapters.geoparse_end_to_end, scoring.score_geoparse_end_to_end, ("id", "text", "gold")),
    },
    "cluster": {"": TaskSpec(adapters.cluster, scoring.score_cluster, ("id", "text", "gold_cluster"))},
    "ner": {"": TaskSpec(adapters.ner, scoring.score_ner, ("id", "tokens", "tags"))},
}

NOTES: dict[str, list[str]] = {
    "doc-events": [
        "Prediction = the article's main event by the system's rule (tocsin.coding.salience.main_event): "
        "non-historical, ACLED-typed first, then the headline's event when the typer's reading of the whole "
        "text gives its type some weight, then agreeing with that reading (ACLED "
        "sub-event, then PLOVER type), then "
        "the earliest evidence (news leads with its main event), then the highest confidence.",
        "Fatalities = counts.killed.best (else .low); no count or no event reads as ACLED's 0.",
        "Location = event.location lat/lon and country; denominators are all items with that gold field "
        "(no event or no coordinates counts as a miss).",
        "date_exact: event.date == gold event_date; the file's publication date IS the event date, so this "
        "mostly checks that no wrong date in the text overrides it.",
    ],
    "event-type": ["Label = the shared crosswalk's CASE label for the most salient event (rule as doc-events)."],
    "plover": [
        "Prediction = the main event (tocsin.coding.salience.main_event) of any type: non-historical, the "
        "headline's event when the typer's reading of the whole story gives its type some weight (p >= 0.1 "
        "in its top 3), then agreeing with that reading, then the earliest evidence, then the highest confidence.",
        "Modes compared lower-case after the crosswalk's mode aliases (tocsin/data/crosswalk/mode_aliases.tsv).",
        "Country match: the predicted actor's ISO3 must be one of the gold actors' codes; only items with gold actors.",
    ],
    "cameo": [
        "Codings = every current (non-historical) event with a CAMEO code; actor code = ISO3 (or '---') + role.",
        "Per-sentence multiset matching. Root = first two digits. Triple = (root, source, target) where an "
        "actor matches on country and first role: 'USA' != 'USAGOV', '---GOV' == no-country GOV. "
        "triple_country_* ignores roles.",
    ],
    "sent-detect": ["Each sentence is coded alone; labels from the coder's police_actions(document mentions)."],
    "geoparse": [
        "resolution: gold spans are given; a span without coordinates back gets the maximum error 20039 km "
        "(Gritta et al. 2018), so median/mean/AUC cover every gold mention; acc@161 counts error <= 161 km.",
        "end-to-end: a predicted span counts if it overlaps a gold span; e2e_acc_161km pairs each found gold "
        "span with its most-overlapping prediction and is over found spans only.",
    ],
    "cluster": ["B-cubed and pairwise scores over the items scored; items the system leaves out are singletons."],
    "ner": [
        "spaCy labels mapped to CoNLL: PERSON->PER; GPE, LOC, FAC->LOC; ORG->ORG; NORP, EVENT, WORK_OF_ART, "
        "LAW, LANGUAGE, PRODUCT->MISC; numeric and date labels -> O. Entities are exact (type, start, end) "
        "matches, as in conlleval; the model runs on the given tokens (one space between tokens).",
    ],
}


def eval_config(config: Config | None = None) -> Config:
    """Config for scoring short snippets: ingest.min_chars lowered to 1 (notes and sentences are short)."""
    return (config or load_config()).with_overrides({"ingest.min_chars": 1})


def git_commit(repo: Path | None = None) -> str | None:
    """The short commit of the working tree, with '+dirty' when tracked files differ from it."""
    cwd = repo or Path(__file__).parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True, text=True,
                              timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = head.stdout.strip()
    return (commit + ("+dirty" if dirty.stdout.strip() else "")) if commit else None


def _spec(task: str, mode: str | None) -> tuple[str, TaskSpec]:
    if task not in TASKS:
        raise EvalError(f"unknown task {task!r}", fix=f"use one of: {', '.join(TASKS)}", code="T705")
    modes = TASKS[task]
    mode = mode or next(iter(modes))
    if mode not in modes:
        raise EvalError(f"task {task} has no mode {mode!r}", fix=f"use one of: {', '.join(m for m in modes if m)}",
                        code="T706")
    return mode, modes[mode]


def _check_shape(items: list[dict], needs: tuple[str, ...], task: str, path: Path) -> None:
    for number, item in enumerate(items, 1):
        missing = [key for key in needs if key not in item]
        if missing:
            raise EvalError(f"{path.name} record {number} lacks {', '.join(missing)} for task {task}",
                            fix="see EVAL_FORMATS.md for the task's record shape, or pick the right task", code="T707")


def held_out_filter(items: list[dict]) -> tuple[list[dict], str | None]:
    """Keep the items the event-typing split holds back from training, if that split exists."""
    try:
        is_held_out = adapters.component("tocsin.coding.typing", "is_held_out", "typing split")
    except EvalError:
        return items, None
    kept = [item for item in items if is_held_out(item["id"])]
    return kept, f"held-out only: {len(kept)} of {len(items)} items kept by tocsin.coding.typing.is_held_out"


def _text(item: dict) -> str:
    text = item.get("text") if "text" in item else " ".join(item.get("tokens", []))
    text = " ".join(str(text).split())
    return text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS - 1] + "…"


def evaluate(task: str, path: Path, *, mode: str | None = None, limit: int | None = None,
             seed: int = DEFAULT_SEED, held_out_only: bool | None = None, config: Config | None = None,
             max_errors: int = 25) -> dict[str, Any]:
    """Score the system on one labelled file; returns the report (EVAL_FORMATS.md, 'The report').

    ``held_out_only`` (doc-events, event-type, plover: the typer trains on such files): None
    means on when the typing split exists and holds back part of this file. ``limit`` scores a fixed-seed sample of that many items.
    """
    mode, spec = _spec(task, mode)
    items = read_jsonl(path)
    _check_shape(items, spec.needs, task, path)
    notes = list(NOTES[task])
    total = len(items)
    held_out = False
    if task in TRAINED_TASKS and held_out_only is not False:
        kept, note = held_out_filter(items)
        if note is None and held_out_only:
            raise EvalError("--held-out-only asked for, but tocsin.coding.typing.is_held_out is not available",
                            fix="use --all-items, or install the event typer", code="T704")
        if note and (held_out_only or 0 < len(kept) < len(items)):
            items, held_out = kept, True
            notes.append(note)
    pool = len(items)
    items = sample(items, limit, seed)
    if len(items) < pool:
        notes.append(f"scored {len(items)} of {pool} items (fixed-seed sample, seed {seed})")
    if not items:
        raise EvalError(f"{path.name}: no items to score", fix="check the file and --limit", code="T708")
    config = eval_config(config)
    started = time.perf_counter()
    preds = spec.predict(items, config)
    seconds = time.perf_counter() - started
    if task == "plover":
        scored = spec.score(items, preds, mode_aliases=adapters.mode_aliases())
    else:
        scored = spec.score(items, preds)
    by_id = {item["id"]: item for item in items}
    shown = scored.errors
    if len(shown) > max_errors:
        keep = sorted(random.Random(seed).sample(range(len(shown)), max_errors))
        shown = [shown[i] for i in keep]
    errors = [{"id": e["id"], "text": _text(by_id[e["id"]]), **{k: v for k, v in e.items() if k != "id"}}
              for e in shown]
    report: dict[str, Any] = {
        "task": task, "file": path.name, "n": len(items), "seconds": round(seconds, 2),
        "metrics": scored.metrics, "per_class": scored.per_class, "errors": errors,
    }
    if mode:
        report["mode"] = mode
    report.update(scored.extra)
    report.update({"n_errors": len(scored.errors), "n_total": pool, "n_file": total, "held_out_only": held_out,
                   "seed": seed, "limit": limit,
                   "model": config["nlp"]["model"], "commit": git_commit(), "notes": notes})
    return report
