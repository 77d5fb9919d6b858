"""Geocoding: a GeoNames gazetteer built offline from PyPI packages, a geoparser, and the stage
that puts each event at its place (see tocsin/geo/README in the project README: Geocoding)."""

from tocsin.geo.geoparse import geoparse, status
from tocsin.geo.stage import Geocoder

__all__ = ["Geocoder", "geoparse", "status"]
