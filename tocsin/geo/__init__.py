"""Geocoding: an offline GeoNames gazetteer built from PyPI packages (gazetteer.py), toponym
detection (toponyms.py) and resolution (resolve.py), the geoparser (geoparse.py) and the stage
that puts each event at its place (stage.py)."""

from tocsin.geo.geoparse import geoparse, status
from tocsin.geo.stage import Geocoder

__all__ = ["Geocoder", "geoparse", "status"]
