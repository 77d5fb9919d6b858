"""Name keys: one folded form per way of writing a place name (Osh / Ош / O'sh -> "osh")."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_DROP = re.compile(r"[’'`ʼ‘.]")
_SPACE = re.compile(r"[^a-z0-9]+")
_IYAH = re.compile(r"iyah\b")
# Leading words news writes both ways; the short form is the key.
_PREFIX = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}


def fold(name: str) -> str:
    """Lower-case ASCII key: transliterated (unidecode), apostrophes and dots dropped, other punctuation to spaces."""
    text = _DROP.sub("", unidecode(name).lower())
    text = _SPACE.sub(" ", text).strip()
    if "iyah" in text:
        text = _IYAH.sub("iya", text)  # Daqahliyah / Daqahliya, Adhamiyah / Adhamiya
    if text.startswith("the "):
        text = text[4:]
    head, _, rest = text.partition(" ")
    if rest and head in _PREFIX:
        text = f"{_PREFIX[head]} {rest}"
    return text


def usable_alternate(name: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing for English text.

    Kept: Latin, Greek and Cyrillic script names that start with a capital (lower-case entries are
    machine transliterations of other scripts) and carry no digits; all-capital forms of 2-4
    letters are airport or postal codes, not names.
    """
    if not name or any(ch.isdigit() for ch in name) or len(name) > 60:
        return False
    if name.isupper() and len(name) <= 4:
        return False
    first = name[0]
    if not first.isupper():
        return False
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            if script not in {"LATIN", "CYRILLIC", "GREEK"}:
                return False
    return True


# Words that say what kind of unit a name is ("Kabupaten Pangandaran", "Ad Daqahliyah Governorate",
# "Provincia de Salta"); news writes the bare name. Folded forms.
_UNIT_WORDS = {
    "district", "municipality", "province", "region", "regency", "governorate", "prefecture", "department",
    "departamento", "departement", "provincia", "municipio", "oblast", "oblys", "raion", "rayon", "kabupaten",
    "kota", "amphoe", "changwat", "huyen", "tinh", "ilcesi", "ili", "sheng", "shi", "xian", "wilayah",
    "wilaya", "muhafazat", "okrug", "kraj", "voivodeship", "zila", "jilla",
}
_UNIT_LINKS = {"of", "de", "del", "do", "da", "dos", "das", "du", "des", "di", "la", "e"}
# Arabic article forms ("Al Anbar", "Ad Daqahliyah", "Ash Sharqiyah"): news often drops it.
_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "an", "at", "az", "adh", "ath", "aş", "ed", "es", "en", "er"}


def unit_cores(names) -> list[str]:
    """Bare forms of administrative unit names: without a kind word before or after, or an Arabic
    article before ("Kabupaten Pangandaran" -> "Pangandaran", "Ad Daqahliyah" -> "Daqahliyah")."""
    out = []
    for name in names:
        words = fold(name).split()
        while len(words) > 1 and words[-1] in _UNIT_WORDS:
            words = words[:-1]
        while len(words) > 1 and words[0] in _UNIT_WORDS and words[0] != "district":  # District of Columbia
            words = words[1:]
            while len(words) > 1 and words[0] in _UNIT_LINKS:
                words = words[1:]
        if len(words) > 1 and words[0] in _ARTICLES:
            words = words[1:]
        core = " ".join(words)
        if core and core != fold(name) and len(core) > 2 and core not in _UNIT_WORDS:
            out.append(core)
    return out
