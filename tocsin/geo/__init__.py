"""Geocoding: an offline GeoNames gazetteer built from PyPI packages (gazetteer.py), toponym
detection (toponyms.py) and resolution (resolve.py), the geoparser (geoparse.py) and the stage
that puts each event at its place (stage.py)."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Geocoder", "geoparse", "status"]


def __getattr__(name: str) -> Any:
    """Import the geoparser (and spaCy) on first use, so `tocsin geo build` and the CLI start fast."""
    if name not in __all__:
        raise AttributeError(f"module 'tocsin.geo' has no attribute {name!r}")
    parser = importlib.import_module("tocsin.geo.geoparse")
    stage = importlib.import_module("tocsin.geo.stage")
    # importing the submodule bound `geoparse` to it: bind the public names over it
    globals().update(geoparse=parser.geoparse, status=parser.status, Geocoder=stage.Geocoder)
    return globals()[name]
