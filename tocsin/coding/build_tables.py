"""Rebuild the derived coding tables in ``tocsin/data/coding/`` from the Phoenix dictionaries.

Run ``python -m tocsin.coding.build_tables [PHOENIX_DIR]`` (default: ``../shared/data/lexicons/phoenix``).
The outputs are compact derived tables (one row per verb, pattern, agent word or actor), not
copies; each keeps the MIT notice of the Open Event Data dictionaries it came from.
Formats are documented in ``tocsin/data/coding/README.md``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "coding"
NOTICE = (
    "# Derived from the Phoenix/PETRARCH2 dictionaries (github.com/openeventdata/petrarch2),\n"
    "# Copyright (c) 2014-2015 Open Event Data Alliance, MIT License (see README.md in this folder).\n"
    "# Rebuild with: python -m tocsin.coding.build_tables\n"
)
HEADER = re.compile(r"^---\s+(\S+)\s+\[(.*?)\]\s+---")
CODE = re.compile(r"\[([^\]]*)\]")
# Agent role codes (~COP) mapped to the project's sector codes; unknown ones are kept as they are.
MAX_VARIANTS = 3
AGENT_ROLE = {"COP": "POL", "SPY": "SPY", "UAF": "UAF", "CRM": "CRM"}


def _words(text: str) -> str:
    return text.replace("_", " ").strip().lower()


def _code(raw: str) -> str:
    """The event code of a ``[..]`` field: ``042:043`` -> 042, ``:173`` -> 173, ``---`` -> ---."""
    parts = [p for p in raw.split(":") if p.strip()]
    return parts[0].strip() if parts else "---"


def build_verbs(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(verb rows, pattern rows, synset rows) from CAMEO.2.0.txt."""
    verbs: list[str] = []
    patterns: list[str] = []
    synsets: list[str] = []
    block, block_code = "", "---"
    synset_name = None
    in_patterns = False
    for line in path.read_text(encoding="latin-1").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in line:
            in_patterns = True
            synset_name = None
            continue
        if not in_patterns:
            if body.startswith("&"):
                synset_name = body.strip()
            elif body.startswith("+") and synset_name:
                synsets.append(f"{synset_name}\t{_words(body[1:])}")
            continue
        header = HEADER.match(line)
        if header:
            block, block_code = header.group(1).lower(), _code(header.group(2))
            continue
        if not body.strip():
            continue
        if body.startswith("-"):
            if " * " not in f" {body[1:]} ":
                continue
            raw = body[1:]
            code_match = CODE.search(raw)
            code = _code(code_match.group(1)) if code_match else block_code
            pre, post = CODE.sub("", raw).split("*", 1)
            if pre.strip():  # subject-side patterns need the actor dictionaries; not used
                continue
            post = re.sub(r"[(){}$^%]", " ", post)
            words = " ".join(w.lower().replace("_", " ") for w in post.split())
            # the comment names the verb of the block the pattern was written for ("# RATIFY")
            note = line.split("#", 1)[1].split() if "#" in line else []
            verb = note[0].lower().replace("_", " ") if note and re.fullmatch(r"[A-Z_]+", note[0]) else "-"
            if words:
                patterns.append(f"{block}\t{code}\t{words}\t{verb}")
            continue
        forms = re.sub(r"\{.*?\}", "", body)
        code_match = CODE.search(forms)
        word = CODE.sub("", forms).strip().lstrip("+")
        if not word or " " in word:
            continue
        code = _code(code_match.group(1)) if code_match else block_code
        verbs.append(f"{_words(word)}\t{code}\t{block}")
    return sorted(set(verbs)), sorted(set(patterns)), sorted(set(synsets))


def build_agents(path: Path) -> list[str]:
    """Agent phrase -> sector role, from Phoenix.agents.txt."""
    rows = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        body = line.split("#", 1)[0].strip()
        match = re.match(r"^([A-Z][A-Z0-9_\-'.]*)\s*(\{\})?\s*\[~([A-Z]+)\]", body)
        if not match:
            continue
        code = match.group(3)
        role = AGENT_ROLE.get(code[:3], code[:3])
        rows.add(f"{_words(match.group(1))}\t{role}\t{code}")
    return sorted(rows)


def _latest_code(codes: list[str]) -> str | None:
    """The code in force most recently: an open-ended ``>date`` one, else the last listed."""
    for raw in codes:
        if ">" in raw:
            return raw.split()[0]
    dated = [c for c in codes if len(c.split()) > 1]
    return (dated[-1] if dated else codes[-1]).split()[0] if codes else None


def build_actors(paths: list[Path]) -> list[str]:
    """Named actors: canonical name, code, variants (``|``-separated), from the actor files."""
    rows = []
    for path in paths:
        entries: list[tuple[str, list[str], list[str]]] = []
        for line in path.read_text(encoding="latin-1").splitlines():
            body = line.split("#", 1)[0].rstrip()
            if not body.strip():
                continue
            if body.startswith("+"):
                if entries:
                    entries[-1][1].append(_words(CODE.sub("", body[1:])))
                continue
            if body[0] in " \t[":
                if entries:
                    entries[-1][2].extend(CODE.findall(body))
                continue
            name = CODE.sub("", body).strip()
            if not re.match(r"^[A-Z0-9]", name):
                continue
            entries.append((_words(name), [], CODE.findall(body)))
        for name, variants, codes in entries:
            code = _latest_code([c.strip() for c in codes if c.strip()])
            if not code or len(code) < 3 or code.startswith("MNC") or "\t" in name:
                continue  # businesses are not political actors
            # a person's many spellings are matched fuzzily at run time: keep a few
            limit = None if len(code) == 3 else MAX_VARIANTS
            names = [v for v in dict.fromkeys([name, *variants]) if v and len(v) > 2 and "\t" not in v][:limit]
            rows.append(f"{name}\t{code}\t{'|'.join(names)}")
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    src = Path(args[0]) if args else Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lexicons" / "phoenix"
    OUT.mkdir(parents=True, exist_ok=True)
    verbs, patterns, synsets = build_verbs(src / "CAMEO.2.0.txt")
    tables = {
        "cameo_verbs.tsv": ("# verb\tcameo\tblock", verbs),
        "cameo_patterns.tsv": ("# block\tcameo\twords after the verb (&NAME = synset)\tverb it was written for", patterns),
        "cameo_synsets.tsv": ("# synset\tmember", synsets),
        "agents.tsv": ("# phrase\trole\tphoenix_code", build_agents(src / "Phoenix.agents.txt")),
        "actors.tsv": ("# canonical\tphoenix_code\tvariants", build_actors([
            src / "Phoenix.Countries.actors.txt", src / "Phoenix.International.actors.txt",
            src / "Phoenix.MilNonState.actors.txt"])),
    }
    for name, (header, rows) in tables.items():
        (OUT / name).write_text(NOTICE + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        print(f"{name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
