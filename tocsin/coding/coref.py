"""Within-article coreference: one entity per person or group, however it is written.

Names match by transliteration skeleton (unidecode, consonants only, s/z and k/q folded) plus a
fuzzy ratio, so "Rosa Utanbayeva", "Otanbayeva" and "Roza Otunbayeva" are one person.
Pronouns go to the most recent compatible entity; "the interim president" to the last person
who held that title; "the country" / "the state" to the article's focus country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from tocsin.coding.lexicon import Lexicon, NamedActor, load_lexicon

_FOLD = str.maketrans({"z": "s", "q": "k", "c": "k", "w": "v", "j": "y"})
_FUZZY_MIN = 75
_HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."}


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A spelling-insensitive key: 'Utanbayeva' and 'Otunbayeva' -> 'tnbv'."""
    s = unidecode(name).lower().replace("kh", "h").replace("ph", "f").translate(_FOLD)
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"[aeiouy]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=65536)  # asked again for every earlier person at each new mention
def same_name(a: str, b: str) -> bool:
    """Two surnames are one if their skeletons agree and they are close, or nearly equal."""
    a2, b2 = unidecode(a).lower(), unidecode(b).lower()
    ratio = fuzz.ratio(a2, b2)
    return ratio >= 90 or (skeleton(a) == skeleton(b) and len(skeleton(a)) >= 3 and ratio >= _FUZZY_MIN)


@lru_cache(maxsize=1)
def _surname_index() -> dict[str, list[tuple[str, NamedActor]]]:
    """Person actors of the Phoenix tables, by surname skeleton."""
    index: dict[str, list[tuple[str, NamedActor]]] = {}
    for variant, actor in load_lexicon().actors.items():
        parts = variant.split()
        if len(parts) >= 2 and len(actor.code) > 3 and parts[-1].isalpha():
            index.setdefault(skeleton(parts[-1]), []).append((variant, actor))
    return index


_KNOWN: dict[int, tuple[Lexicon, dict[str, NamedActor | None]]] = {}
_KNOWN_MAX = 65536


def lookup_person(name: str, lex: Lexicon) -> NamedActor | None:
    """A person in the actor tables, matched exactly or by surname skeleton and first name (answers
    kept per lexicon: an article names the same people again and again)."""
    cached = _KNOWN.get(id(lex))
    if cached is None or cached[0] is not lex:
        cached = _KNOWN[id(lex)] = (lex, {})
    known = cached[1]
    if name not in known:
        if len(known) >= _KNOWN_MAX:
            known.clear()
        known[name] = _lookup_person(name, lex)
    return known[name]


def _lookup_person(name: str, lex: Lexicon) -> NamedActor | None:
    key = name.lower().strip()
    if key in lex.actors and len(lex.actors[key].code) > 3:
        return lex.actors[key]
    parts = key.split()
    if not parts:
        return None
    found: list[tuple[str, NamedActor]] = []
    for variant, actor in _surname_index().get(skeleton(parts[-1]), []):
        vparts = variant.split()
        if not same_name(parts[-1], vparts[-1]):
            continue
        if len(parts) > 1 and (skeleton(parts[0]) == skeleton(vparts[0]) or parts[0][0] == vparts[0][0]):
            return actor
        if len(parts) == 1:
            found.append((variant, actor))
    if len({(a.country, a.role) for _, a in found}) == 1:
        return found[0][1]
    # a bare surname several people share: the one the tables also spell by surname alone ("Mr Obama")
    honorific = {a.code: a for v, a in found if v.split()[0] in _HONORIFICS}
    return next(iter(honorific.values())) if len(honorific) == 1 else None


@dataclass
class Entity:
    """A person or group the article talks about."""

    name: str
    country: str | None = None
    role: str | None = None
    identity: list[str] = field(default_factory=list)
    gender: str | None = None
    plural: bool = False
    person: bool = False
    titles: set[str] = field(default_factory=set)
    surname: str | None = None
    basis: str = ""


@dataclass
class ArticleEntities:
    """The entities of one article, in order of last mention."""

    entities: list[Entity] = field(default_factory=list)
    countries: Counter = field(default_factory=Counter)

    @property
    def focus_country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    def touch(self, entity: Entity) -> Entity:
        if entity in self.entities:
            self.entities.remove(entity)
        self.entities.append(entity)
        return entity

    def person(self, surname: str) -> Entity | None:
        for ent in reversed(self.entities):
            if ent.person and ent.surname and same_name(ent.surname, surname):
                return ent
        return None

    def add(self, entity: Entity) -> Entity:
        """Register an entity, merging it with an earlier mention of the same one."""
        if entity.person and entity.surname:
            old = self.person(entity.surname)
            if old is not None:
                old.titles |= entity.titles
                old.gender = old.gender or entity.gender
                old.role = old.role or entity.role
                old.country = old.country or entity.country
                return self.touch(old)
        for old in self.entities:
            if not entity.person and old.name == entity.name and old.plural == entity.plural:
                return self.touch(old)
        return self.touch(entity)

    def pronoun(self, word: str, before_subject: Entity | None = None) -> Entity | None:
        """The most recent entity a pronoun can refer to."""
        w = word.lower()
        want = "f" if w in {"she", "her", "hers", "herself"} else "m" if w in {"he", "him", "his", "himself"} else None
        if want:  # a person already known to be of that gender first, then anyone of unknown gender
            for ent in reversed(self.entities):
                if ent.person and ent.gender == want and ent is not before_subject:
                    return self.touch(ent)
        for ent in reversed(self.entities):
            if ent is before_subject:
                continue
            if w in {"she", "her", "hers", "herself"} and ent.person and ent.gender != "m":
                ent.gender = "f"
                return ent
            if w in {"he", "him", "his", "himself"} and ent.person and ent.gender != "f":
                ent.gender = "m"
                return ent
            if w in {"they", "them", "their", "themselves"} and ent.plural:
                return ent
        return None

    def titled(self, title: str) -> Entity | None:
        """'the interim president' -> the last person who held that title."""
        for ent in reversed(self.entities):
            if ent.person and any(title in t or t in title for t in ent.titles):
                return self.touch(ent)
        return None
