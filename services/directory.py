"""The center directory: nearest suitable centers for a need, and center details.

Distances are great-circle distances in km (``services.geo.haversine_km``, mean Earth radius) between
the person's point and the center's coordinates, which may be a place centroid
(``coordinates_precision``); the flows say "about" when they are.

What is offered: centers whose type serves the need (``center_type_need``) and whose status is
``existing`` — only an open center is a place to go or to book. ``in_progress`` centers ("en cours
d'ouverture" in the source document) are returned apart (``NearestCenters.opening_soon``), to be mentioned
as information only; ``planned`` centers are never returned.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession

from services.geo import haversine_km
from services.models import Center, CenterTypeNeed, Place

OFFERED_STATUSES = ("existing",)
OPENING_STATUSES = ("in_progress",)

DIRECTORY_CACHE_SECONDS = 30.0
"""How long this process reuses what it read of the directory (centers by need, orientation points, places)
before reading it again. A write through this process to a directory table (``center``, ``opening_hours``,
``closure``, ``center_type_need``, ``place``) empties the cache at once; another replica's write is seen
within this many seconds. Booking re-reads the center, its hours and closures in its own transaction."""

_CACHE: dict[tuple[str, ...], tuple[float, object]] = {}
T = TypeVar("T")
_DIRECTORY_WRITE = re.compile(
    r'^\s*(?:(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?:center|center_type_need|opening_hours|closure|place)"?[\s(]'
    r'|TRUNCATE\b|DROP\b)', re.IGNORECASE)


@event.listens_for(Engine, "after_cursor_execute")
def _note_directory_write(conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any,
                          executemany: bool) -> None:
    """A statement writing a directory table empties the cache now and again when its transaction commits
    (a reader may have refilled it with the old rows in between)."""
    if _DIRECTORY_WRITE.match(statement):
        _CACHE.clear()
        conn.info["jisr_directory_written"] = True


@event.listens_for(Engine, "commit")
def _directory_committed(conn: Connection) -> None:
    if conn.info.pop("jisr_directory_written", False):
        _CACHE.clear()


@event.listens_for(Engine, "rollback")
def _directory_rolled_back(conn: Connection) -> None:
    conn.info.pop("jisr_directory_written", None)


async def _cached(session: AsyncSession, key: tuple[str, ...], load: Callable[[], Awaitable[T]]) -> T:
    """``await load()`` once per ``DIRECTORY_CACHE_SECONDS`` per database and ``key``."""
    bind = session.bind
    url = getattr(bind, "url", None)
    if url is None:
        return await load()
    full = (str(url), *key)
    hit = _CACHE.get(full)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return cast(T, hit[1])
    value = await load()
    _CACHE[full] = (now + DIRECTORY_CACHE_SECONDS, value)
    return value


@dataclass(frozen=True)
class _Located:
    """A center's ``CenterInfo`` with its coordinates (decimal degrees)."""

    info: CenterInfo
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CenterInfo:
    """A center as the flows show it. ``address``/``phone``/``hours`` are None unless sourced;
    ``source`` tells where the entry comes from (e.g. ``000_6dcc0ca7f009f24f.txt L1587``);
    ``bookable``: appointments can be booked (opening hours are set)."""

    id: int
    type_code: str
    name_ar: str
    name_fr: str
    place_id: str
    region_code: int
    status: str
    address: str | None
    phone: str | None
    hours: str | None
    source: str
    bookable: bool


@dataclass(frozen=True)
class CenterHit:
    """A center and its great-circle distance (km) from the person's point."""

    center: CenterInfo
    distance_km: float


@dataclass(frozen=True)
class NearestCenters:
    """``hits``: up to k nearest suitable centers, nearest first; ``far``: none within ``far_km``
    (or none at all); ``regional``: suitable centers of the person's region (by the nearest place)
    not already in ``hits``, nearest first; ``opening_soon``: ``in_progress`` centers serving the need
    (not open: information only, never a place to go or book) within ``far_km`` — or, when ``far``, nearer
    than the nearest open one — nearest first; ``region``: the region code of the person's point (None
    without places)."""

    hits: list[CenterHit]
    far: bool
    regional: list[CenterHit]
    opening_soon: list[CenterHit] = field(default_factory=list)
    region: int | None = None


def source_label(center: Center) -> str:
    """Where a center entry comes from, as one line: ``document L12, L34`` or the CSV source text."""
    if center.source_document and center.source_lines:
        return f"{center.source_document} " + ", ".join(f"L{n}" for n in center.source_lines)
    return center.source_document or "unknown"


def center_info(center: Center) -> CenterInfo:
    """The ``CenterInfo`` of a ``Center`` row."""
    return CenterInfo(
        id=center.id, type_code=center.type_code, name_ar=center.name_ar, name_fr=center.name_fr,
        place_id=center.place_id, region_code=center.region_code, status=center.status,
        address=center.address, phone=center.phone, hours=center.hours, source=source_label(center),
        bookable=bool(center.bookable and center.status == "existing" and center.opening_hours),
    )


async def get_center(session: AsyncSession, center_id: int) -> CenterInfo | None:
    """The center with this id, or None."""
    center = await session.get(Center, center_id)
    return None if center is None else center_info(center)


_GRID_DEGREES = 0.5  # ~55 km: the nearest place of a point in Morocco is almost always in the 3 × 3 cells around


async def _place_grid(session: AsyncSession) -> dict[tuple[int, int], list[tuple[float, float, int]]]:
    async def load() -> dict[tuple[int, int], list[tuple[float, float, int]]]:
        grid: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
        rows = (await session.execute(select(Place.latitude, Place.longitude, Place.region_code))).all()
        for lat, lon, region in rows:
            grid.setdefault((math.floor(lat / _GRID_DEGREES), math.floor(lon / _GRID_DEGREES)), []).append(
                (lat, lon, region))
        return grid

    return await _cached(session, ("places",), load)


async def region_of_point(session: AsyncSession, latitude: float, longitude: float) -> int | None:
    """The region code of the place nearest to the point (decimal degrees), or None without places."""
    grid = await _place_grid(session)
    row, col = math.floor(latitude / _GRID_DEGREES), math.floor(longitude / _GRID_DEGREES)
    near = [p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in grid.get((row + dr, col + dc), ())]
    best = min(near, key=lambda r: haversine_km(latitude, longitude, r[0], r[1])) if near else None
    # a place outside those cells can only be nearer when the best one inside is farther than their
    # smallest half-width (0.5° of longitude at 36° N ≈ 45 km): then scan them all
    if best is None or haversine_km(latitude, longitude, best[0], best[1]) > 40.0:
        every = [p for cell in grid.values() for p in cell]
        best = min(every, key=lambda r: haversine_km(latitude, longitude, r[0], r[1])) if every else None
    return None if best is None else best[2]


async def nearest_centers(
    session: AsyncSession, need: str, latitude: float, longitude: float, k: int = 3, far_km: float = 60.0,
) -> NearestCenters:
    """The ``k`` nearest centers serving ``need`` (a ``services.center_types.Need`` value) from the point
    (decimal degrees, WGS 84): open (``existing``) centers only. ``far`` is True when the nearest is
    farther than ``far_km`` km (or there is none); ``regional`` then still lists the options in the
    person's region. ``opening_soon`` lists nearby ``in_progress`` centers apart (see ``NearestCenters``);
    ``planned`` centers never appear.
    """
    need = str(need)

    async def load() -> list[_Located]:
        query = (
            select(Center)
            .join(CenterTypeNeed, CenterTypeNeed.type_code == Center.type_code)
            .where(CenterTypeNeed.need == need, Center.status.in_(OFFERED_STATUSES + OPENING_STATUSES))
        )
        rows = (await session.execute(query)).unique().scalars().all()
        return [_Located(center_info(c), c.latitude, c.longitude) for c in rows]

    centers = await _cached(session, ("need", need), load)
    every = sorted(
        (CenterHit(c.info, haversine_km(latitude, longitude, c.latitude, c.longitude)) for c in centers),
        key=lambda h: (h.distance_km, h.center.id),
    )
    ranked = [h for h in every if h.center.status in OFFERED_STATUSES]
    hits = ranked[:k]
    far = not hits or hits[0].distance_km > far_km
    region = await region_of_point(session, latitude, longitude)
    taken = {h.center.id for h in hits}
    regional = [h for h in ranked if h.center.region_code == region and h.center.id not in taken][:k]
    reach = hits[0].distance_km if far and hits else far_km
    soon = [h for h in every if h.center.status in OPENING_STATUSES and h.distance_km <= max(reach, far_km)][:k]
    return NearestCenters(hits=hits, far=far, regional=regional, opening_soon=soon, region=region)


GENERAL_ORIENTATION_TYPES = ("CAS", "JISR_WINDOW")
"""Center types that receive, listen to and orient anyone, whatever the need (``services.center_types``:
the social-assistance centre, L1134; the "Jisr" one-stop window, L398): offered as the general orientation
point when nothing specialised is near."""


async def nearest_orientation_point(session: AsyncSession, latitude: float, longitude: float,
                                    max_km: float, exclude: set[int] | frozenset[int] = frozenset()
                                    ) -> CenterHit | None:
    """The nearest open (``existing``) general orientation point (:data:`GENERAL_ORIENTATION_TYPES`) within
    ``max_km`` km of the point, not in ``exclude`` (center ids already listed), or None."""
    async def load() -> list[_Located]:
        rows = (await session.execute(
            select(Center).where(Center.type_code.in_(GENERAL_ORIENTATION_TYPES),
                                 Center.status.in_(OFFERED_STATUSES))
        )).unique().scalars().all()
        return [_Located(center_info(c), c.latitude, c.longitude) for c in rows]

    centers = await _cached(session, ("orientation",), load)
    hits = sorted((CenterHit(c.info, haversine_km(latitude, longitude, c.latitude, c.longitude))
                   for c in centers if c.info.id not in exclude), key=lambda h: (h.distance_km, h.center.id))
    return hits[0] if hits and hits[0].distance_km <= max_km else None


async def distance_to_center(session: AsyncSession, center_id: int, latitude: float, longitude: float) -> float | None:
    """Great-circle distance (km) from the point to the center, or None when there is no such center."""
    center = await session.get(Center, center_id)
    return None if center is None else haversine_km(latitude, longitude, center.latitude, center.longitude)
