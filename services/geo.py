"""Geographic helpers: great-circle distance, and whether a shared point is in Morocco."""

from __future__ import annotations

import logging
from math import asin, cos, radians, sin, sqrt
from typing import Any

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points given in decimal degrees.

    Uses the haversine formula on a sphere of radius ``EARTH_RADIUS_KM`` (error < 0.5 % against the
    ellipsoid, enough for "which center is nearest"). Never raises for finite inputs.
    """
    p1, p2 = radians(lat1), radians(lat2)
    dphi = p2 - p1
    dlmb = radians(lon2 - lon1)
    h = sin(dphi / 2) ** 2 + cos(p1) * cos(p2) * sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


# Morocco's extent including the southern provinces (Lagouira ~20.8°N, Tangier ~35.9°N; Cap Blanc ~17.1°W,
# Figuig ~1.2°W), with a small margin. A point inside the box but > OUTSIDE_KM from every known place
# (Canary Islands, Algeria beyond the border, the sea) is outside too.
MOROCCO_BOX = (20.5, 36.2, -17.3, -0.9)  # lat_min, lat_max, lon_min, lon_max (WGS84 degrees)
OUTSIDE_KM = 100.0


def outside_morocco(latitude: float, longitude: float, gazetteer: Any = None) -> bool:
    """True when a shared point (WGS84 degrees) is outside Morocco: outside :data:`MOROCCO_BOX`, or farther
    than :data:`OUTSIDE_KM` km from the nearest place of ``gazetteer`` (``services.gazetteer.Gazetteer``;
    None → only the box is used). Never raises."""
    lat_min, lat_max, lon_min, lon_max = MOROCCO_BOX
    if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
        return True
    if gazetteer is None:
        return False
    try:
        place = gazetteer.nearest(latitude, longitude)
        return haversine_km(latitude, longitude, place.latitude, place.longitude) > OUTSIDE_KM
    except Exception:
        log.exception("gazetteer.nearest failed")
        return False
