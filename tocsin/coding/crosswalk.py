"""Crosswalks between CAMEO, PLOVER, ACLED and the CASE 2021 task-2 labels.

The tables are data files in ``tocsin/data/crosswalk/`` (format and provenance in its
README.md); this module only reads them, once per process. ``cameo_plover.tsv`` is derived
from PLOVER's CAMEO2PLOVER-2021.txt (CC BY-SA 4.0) and is rebuilt by
``python -m tocsin.coding.crosswalk build SOURCE``.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from tocsin.errors import TocsinError
from tocsin.model import PLOVER_TYPES

ANY_MODE = "*"


class CrosswalkError(TocsinError):
    """A crosswalk table is missing or malformed."""

    code = "T103"


class PloverCode(NamedTuple):
    """A PLOVER coding: type, mode (None when unspecified) and context labels; unpacks as
    ``type, mode, context = crosswalk.plover_for_cameo(code)``."""

    type: str
    mode: str | None
    context: tuple[str, ...]


def _read_tsv(name: str) -> list[dict[str, str]]:
    try:
        text = resources.files("tocsin.data").joinpath("crosswalk", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CrosswalkError(f"crosswalk table {name} is missing",
                             fix="reinstall tocsin; the table ships in tocsin/data/crosswalk/") from exc
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        if None in row or any(v is None for v in row.values()):
            raise CrosswalkError(f"{name}: row with the wrong number of columns: {row}",
                                 fix="every row needs exactly the header's columns, tab-separated")
    return rows


def _mode(raw: str) -> str | None:
    return raw.strip() or None


@dataclass(frozen=True)
class Crosswalk:
    """All code tables, loaded once (``Crosswalk.load()``)."""

    cameo: dict[str, PloverCode | None]          # CAMEO code -> PLOVER (None: dropped, CAMEO 01)
    cameo_names: dict[str, str]
    acled_types: dict[str, str]                   # sub-event type -> event type
    acled_defaults: dict[str, tuple[PloverCode | None, str | None]]  # sub-event -> (PLOVER, CAMEO)
    plover_acled: dict[tuple[str, str], tuple[str, str] | None]     # (type, mode|*) -> ACLED
    plover_cameo: dict[tuple[str, str], str]      # (type, mode|*) -> CAMEO code
    case_to_acled: dict[str, str | None]          # CASE 2021 code -> ACLED sub-event (None: unseen)
    mode_aliases: dict[str, str]

    @staticmethod
    @lru_cache(maxsize=1)
    def load() -> "Crosswalk":
        """Read every table from ``tocsin/data/crosswalk/`` (cached per process)."""
        cameo: dict[str, PloverCode | None] = {}
        names: dict[str, str] = {}
        for table in ("cameo_plover.tsv", "cameo_plover_extra.tsv"):
            for row in _read_tsv(table):
                code = row["cameo_code"]
                ptype = row["plover_type"]
                if ptype and ptype not in PLOVER_TYPES:
                    raise CrosswalkError(f"{table}: {code} maps to unknown PLOVER type {ptype!r}",
                                         fix=f"use one of {', '.join(PLOVER_TYPES)}")
                context = tuple(c for c in row["plover_context"].split(";") if c)
                cameo[code] = PloverCode(ptype, _mode(row["plover_mode"]), context) if ptype else None
                names[code] = row["cameo_name"]
        acled_types: dict[str, str] = {}
        acled_defaults: dict[str, tuple[PloverCode | None, str | None]] = {}
        for row in _read_tsv("acled_subevents.tsv"):
            sub = row["sub_event_type"]
            acled_types[sub] = row["event_type"]
            plover = PloverCode(row["plover_type"], _mode(row["plover_mode"]), ()) if row["plover_type"] else None
            acled_defaults[sub] = (plover, row["cameo_code"] or None)
        plover_acled: dict[tuple[str, str], tuple[str, str] | None] = {}
        for row in _read_tsv("plover_acled.tsv"):
            sub = row["acled_sub_event_type"]
            if sub and acled_types.get(sub) != row["acled_event_type"]:
                raise CrosswalkError(f"plover_acled.tsv: {sub!r} is not a sub-event of {row['acled_event_type']!r}",
                                     fix="use the event type given in acled_subevents.tsv")
            plover_acled[(row["plover_type"], row["plover_mode"])] = (row["acled_event_type"], sub) if sub else None
        plover_cameo = {(r["plover_type"], r["plover_mode"]): r["cameo_code"] for r in _read_tsv("plover_cameo.tsv")}
        case_to_acled: dict[str, str | None] = {}
        for row in _read_tsv("case2021_labels.tsv"):
            sub = row["acled_sub_event_type"] or None
            if sub is not None and sub not in acled_types:
                raise CrosswalkError(f"case2021_labels.tsv: unknown ACLED sub-event {sub!r}",
                                     fix="spell it as in acled_subevents.tsv")
            case_to_acled[row["case_code"]] = sub
        aliases = {r["alias"]: r["mode"] for r in _read_tsv("mode_aliases.tsv")}
        return Crosswalk(cameo, names, acled_types, acled_defaults, plover_acled, plover_cameo,
                         case_to_acled, aliases)

    # --- CAMEO -> PLOVER -------------------------------------------------------------
    def plover_for_cameo(self, code: str) -> PloverCode | None:
        """PLOVER (type, mode, context) of a CAMEO code; unknown codes fall back to their
        longest known prefix (``"1831x"`` -> ``"1831"``). None for CAMEO 01 (statements,
        dropped by PLOVER) and for codes with no known prefix."""
        code = code.strip()
        for end in range(len(code), 1, -1):
            if code[:end] in self.cameo:
                return self.cameo[code[:end]]
        return None

    def cameo_name(self, code: str) -> str | None:
        return self.cameo_names.get(code)

    # --- PLOVER -> CAMEO / ACLED -----------------------------------------------------
    def normalise_mode(self, mode: str | None) -> str | None:
        """The manual's spelling of a mode ('primative' -> 'primitive'); None stays None."""
        if not mode:
            return None
        mode = mode.strip().lower()
        return self.mode_aliases.get(mode, mode)

    def cameo_for_plover(self, plover_type: str, mode: str | None = None) -> str | None:
        """Default CAMEO code for a PLOVER type and mode (mode-specific row, else the type's default)."""
        mode = self.normalise_mode(mode)
        if mode and (plover_type, mode) in self.plover_cameo:
            return self.plover_cameo[(plover_type, mode)]
        return self.plover_cameo.get((plover_type, ANY_MODE))

    def cameo_root_for_plover(self, plover_type: str, mode: str | None = None) -> str | None:
        """Two-digit CAMEO root for a PLOVER type and mode (e.g. ASSAULT/aerial -> '19')."""
        code = self.cameo_for_plover(plover_type, mode)
        return code[:2] if code else None

    def acled_for(self, plover_type: str, mode: str | None = None,
                  context: tuple[str, ...] | list[str] = ()) -> tuple[str, str] | None:
        """Default ACLED (event_type, sub_event_type) of a PLOVER coding; None where the
        event is not an ACLED event (an appeal, a meeting, a threat). ``context`` is
        accepted for callers that have it; the defaults do not depend on it yet."""
        del context
        mode = self.normalise_mode(mode)
        if mode and (plover_type, mode) in self.plover_acled:
            return self.plover_acled[(plover_type, mode)]
        return self.plover_acled.get((plover_type, ANY_MODE))

    # --- ACLED ---------------------------------------------------------------------------
    @property
    def acled_sub_event_types(self) -> tuple[str, ...]:
        return tuple(self.acled_types)

    def acled_event_type(self, sub_event_type: str) -> str | None:
        """The ACLED event type of a sub-event type ('Mob violence' -> 'Riots')."""
        return self.acled_types.get(sub_event_type)

    def plover_for_acled(self, sub_event_type: str) -> PloverCode | None:
        """Default PLOVER coding of an ACLED sub-event (None for 'Other')."""
        return self.acled_defaults.get(sub_event_type, (None, None))[0]

    def cameo_for_acled(self, sub_event_type: str) -> str | None:
        """Default CAMEO code of an ACLED sub-event."""
        return self.acled_defaults.get(sub_event_type, (None, None))[1]

    # --- CASE 2021 task 2 ----------------------------------------------------------------
    @property
    def case_labels(self) -> tuple[str, ...]:
        return tuple(self.case_to_acled)

    def case_label_for_acled(self, sub_event_type: str) -> str:
        """CASE 2021 code of an ACLED sub-event ('Air/drone strike' -> 'AIR_STRIKE')."""
        for code, sub in self.case_to_acled.items():
            if sub == sub_event_type:
                return code
        raise CrosswalkError(f"no CASE 2021 code for ACLED sub-event {sub_event_type!r}",
                             fix=f"use one of: {', '.join(self.acled_types)}")

    def acled_for_case_label(self, label: str) -> tuple[str, str] | None:
        """ACLED (event_type, sub_event_type) of a CASE 2021 code; None for the five
        non-ACLED codes (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB)."""
        if label not in self.case_to_acled:
            raise CrosswalkError(f"unknown CASE 2021 label {label!r}", fix=f"use one of: {', '.join(self.case_to_acled)}")
        sub = self.case_to_acled[label]
        return (self.acled_types[sub], sub) if sub else None


# --- rebuilding cameo_plover.tsv from the PLOVER source ------------------------------------
_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$")
_ROOT_NAMES = {
    "03": "EXPRESS INTENT TO COOPERATE", "04": "CONSULT", "05": "ENGAGE IN DIPLOMATIC COOPERATION",
    "06": "ENGAGE IN MATERIAL COOPERATION", "07": "PROVIDE AID", "08": "YIELD", "09": "INVESTIGATE",
    "10": "DEMAND", "11": "DISAPPROVE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "EXHIBIT FORCE POSTURE", "16": "REDUCE RELATIONS", "17": "COERCE", "18": "ASSAULT",
    "19": "FIGHT", "20": "USE UNCONVENTIONAL MASS VIOLENCE",
}
# Fixes to CAMEO2PLOVER-2021 rows, each documented in the crosswalk README.
_MODE_FIXES = {"ease": ("", None), "pro_autocracy": ("", "pro_autocracy")}


def build_cameo_plover(source: Path) -> list[tuple[str, str, str, str, str, str]]:
    """Rows of cameo_plover.tsv from CAMEO2PLOVER-2021.txt (first row wins for repeated codes)."""
    rows: dict[str, tuple[str, str, str, str, str, str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if not match:
            continue
        code, body, comment = match.group(1), match.group(2), (match.group(3) or "").strip()
        parts = [p.strip() for p in body.split(",")] + ["", ""]
        ptype, mode, context = parts[0], parts[1], parts[2]
        note = ""
        if mode in _MODE_FIXES:
            new_mode, moved_context = _MODE_FIXES[mode]
            note = f"source mode {mode!r} is not a mode of the current manual"
            mode = new_mode
            if moved_context:
                context = ";".join([moved_context, *[c for c in context.split(";") if c.strip()]])
                note += "; moved to context"
        context = ";".join(c.strip() for c in context.split(";") if c.strip())
        if code in rows:
            continue
        name = comment if len(code) > 2 else _ROOT_NAMES.get(code, ptype)
        rows[code] = (code, ptype, mode, context, name, note)
    return list(rows.values())


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "build":
        print("usage: python -m tocsin.coding.crosswalk build PATH/TO/CAMEO2PLOVER-2021.txt", file=sys.stderr)
        return 2
    dest = Path(__file__).resolve().parents[1] / "data" / "crosswalk" / "cameo_plover.tsv"
    with dest.open("w", encoding="utf-8") as out:
        out.write("# Derived from PLOVER CAMEO2PLOVER-2021.txt (Open Event Data Alliance), CC BY-SA 4.0;"
                  " this table is CC BY-SA 4.0. See README.md.\n")
        out.write("cameo_code\tplover_type\tplover_mode\tplover_context\tcameo_name\tnote\n")
        for row in build_cameo_plover(Path(argv[1])):
            out.write("\t".join(row) + "\n")
    print(f"wrote {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
