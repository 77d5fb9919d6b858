"""Reading labelled files: JSON Lines, the task named in a sibling README, fixed-seed samples."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from tocsin.errors import EvalError

DEFAULT_SEED = 20240601


def shared_dir() -> Path:
    """The shared data folder: $TOCSIN_SHARED, else ``../shared`` beside the repository."""
    explicit = os.environ.get("TOCSIN_SHARED")
    if explicit:
        return Path(explicit)
    return (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()


def eval_dir() -> Path:
    return shared_dir() / "data" / "eval"


def read_jsonl(path: Path) -> list[dict]:
    """All records of a JSON Lines file; a bad line is a coded error naming the line."""
    if not path.is_file():
        raise EvalError(f"labelled file {path} not found", fix="give the path of a .jsonl file", code="T702")
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}:{number} is not valid JSON: {exc}",
                                fix="each line must be one JSON object (EVAL_FORMATS.md)", code="T703") from exc
    return items


_TASK_LINE = re.compile(r"Task:\s*`?([a-z-]+)`?")


def detect_task(path: Path) -> str | None:
    """The task named on the ``Task:`` line of ``<name>.README.md`` beside the file, if any."""
    readme = path.with_name(path.stem + ".README.md")
    if not readme.is_file():
        return None
    match = _TASK_LINE.search(readme.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def sample(items: list[dict], limit: int | None, seed: int = DEFAULT_SEED) -> list[dict]:
    """At most ``limit`` items drawn with a fixed seed, kept in file order (all when no limit)."""
    if limit is None or limit >= len(items):
        return items
    keep = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in keep]
