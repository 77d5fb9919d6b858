"""Name keys: one folded form per way of writing a place name (Osh / Ош / O'sh -> "osh")."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_DROP = re.compile(r"[’'`ʼ‘.]")
_SPACE = re.compile(r"[^a-z0-9]+")
# Leading words news writes both ways; the short form is the key.
_PREFIX = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}


def fold(name: str) -> str:
    """Lower-case ASCII key: transliterated (unidecode), apostrophes and dots dropped, other punctuation to spaces."""
    text = _DROP.sub("", unidecode(name).lower())
    text = _SPACE.sub(" ", text).strip()
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
