"""The seed directory and nearest-center queries, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from services.directory import nearest_centers, region_of_point
from services.geo import haversine_km
from services.models import Center, CenterType, Place, Province, Region
from services.seed import DATA_DIR, load_reference_data, seed_centers

SEED_DOC = DATA_DIR / "seed" / "000_6dcc0ca7f009f24f.txt"


def _norm(text: str) -> str:
    return re.sub(r"[\s#•\-–]+", " ", text).strip()


async def test_seed_directory_loads_and_every_row_is_traceable(sessions):
    async with sessions() as s:
        report = await load_reference_data(s)
    rows = seed_centers()
    assert report.regions == 12 and report.centers == len(rows) == report.centers_added > 0
    assert report.places > 400 and report.center_types >= 14
    lines = SEED_DOC.read_text(encoding="utf-8").split("\n")
    async with sessions() as s:
        centers = (await s.execute(select(Center).where(Center.seed_id.is_not(None)))).scalars().all()
        assert len(centers) == len(rows)
        assert await s.scalar(select(func.count()).select_from(Region)) == 12
        assert await s.scalar(select(func.count()).select_from(Province)) >= 70
        assert {c.code for c in (await s.execute(select(CenterType))).scalars()} >= {
            "EMF", "COAPH", "CAPE", "CAS", "SAMU_SOCIAL", "EPS_ELDERLY", "FAMILY_MEDIATION", "JISR_WINDOW"}
        by_seed = {c.seed_id: c for c in centers}
        for row in rows:
            c = by_seed[row["seed_id"]]
            assert c.status == row["status"] and c.type_code == row["type"]
            # traceable: document, line numbers inside it, and the quote found on those lines
            assert c.source_document == "000_6dcc0ca7f009f24f.txt" and c.source_lines
            cited = _norm(" ".join(lines[n - 1] for n in c.source_lines))
            for part in c.source_quote.split(" | "):
                assert _norm(part) in cited, (c.seed_id, part)
            # nothing invented: the seed gives no address, phone or hours, so none is set
            assert c.address is c.phone is c.hours is None and not c.bookable
            place = await s.get(Place, c.place_id)
            assert (c.latitude, c.longitude) == (place.latitude, place.longitude)
            assert c.coordinates_precision == "place_centroid" and c.region_code == row["region_code"]
    # idempotent: a second load adds nothing
    async with sessions() as s:
        again = await load_reference_data(s)
    assert again.centers_added == 0 and again.centers == report.centers


async def test_seed_never_offers_planned_centers(sessions):
    async with sessions() as s:
        await load_reference_data(s)
        planned = (await s.execute(select(Center).where(Center.status == "planned"))).scalars().all()
        assert planned, "the seed has planned centers"
        offered = set()
        for c in planned[::4]:  # a quarter of them, spread over the regions
            for need in ("violence", "mediation", "disability", "child", "elderly", "homeless"):
                result = await nearest_centers(s, need, c.latitude, c.longitude, k=10)
                offered |= {h.center.id for h in result.hits + result.regional}
                assert all(h.center.status != "planned" for h in result.hits + result.regional)
        assert not offered & {c.id for c in planned}


PLACES = {  # id: (name, region, lat, lon) — GeoNames coordinates
    "casablanca": ("Casablanca", 6, 33.58831, -7.61138),
    "mohammedia": ("Mohammedia", 6, 33.68607, -7.38298),
    "settat": ("Settat", 6, 33.00103, -7.61662),
    "rabat": ("Rabat", 4, 34.01325, -6.83255),
    "laayoune": ("Laâyoune", 11, 27.1418, -13.18797),
    "dakhla": ("Dakhla", 12, 23.68477, -15.95798),
}


@pytest.fixture
async def small_directory(sessions):
    """Six real places and a handful of centers of known types and statuses."""
    from services.models import CenterTypeNeed

    async with sessions() as s:
        for code, fr in ((4, "Rabat-Salé-Kénitra"), (6, "Casablanca-Settat"), (11, "Laâyoune-Sakia El Hamra"),
                         (12, "Dakhla-Oued Ed-Dahab")):
            s.add(Region(code=code, name_fr=fr, name_ar=fr))
        await s.flush()
        for pid, (name, region, lat, lon) in PLACES.items():
            s.add(Place(id=pid, name_fr=name, name_ar=None, region_code=region, latitude=lat, longitude=lon))
        s.add(CenterType(code="EMF", label_ar="ف", label_fr="EMF", needs=[CenterTypeNeed(need="violence")]))
        s.add(CenterType(code="CAPE", label_ar="ك", label_fr="CAPE", needs=[CenterTypeNeed(need="child")]))
        await s.flush()
        ids = {}
        for key, type_code, pid, status in (
            ("emf-casa", "EMF", "casablanca", "existing"), ("emf-mohammedia", "EMF", "mohammedia", "in_progress"),
            ("emf-settat", "EMF", "settat", "existing"), ("emf-rabat", "EMF", "rabat", "existing"),
            ("emf-casa-planned", "EMF", "casablanca", "planned"), ("cape-casa", "CAPE", "casablanca", "existing"),
            ("emf-laayoune", "EMF", "laayoune", "existing"), ("emf-dakhla-planned", "EMF", "dakhla", "planned"),
        ):
            _, _, lat, lon = PLACES[pid]
            c = Center(type_code=type_code, name_ar=key, name_fr=key, place_id=pid, region_code=PLACES[pid][1],
                       latitude=lat, longitude=lon, status=status, source_document="test fixture")
            s.add(c)
            await s.flush()
            ids[key] = c.id
        await s.commit()
    return ids


async def test_nearest_ranking_and_distances(sessions, small_directory):
    ids = small_directory
    names = {v: k for k, v in ids.items()}
    # a point in Aïn Sebaâ, Casablanca
    lat, lon = 33.6094, -7.5323
    async with sessions() as s:
        result = await nearest_centers(s, "violence", lat, lon, k=3)
    # only open centers are hits; the in-progress one is apart (information only), planned never
    assert [names[h.center.id] for h in result.hits] == ["emf-casa", "emf-settat", "emf-rabat"]
    assert [names[h.center.id] for h in result.opening_soon] == ["emf-mohammedia"]
    assert result.region == 6
    assert not result.far
    for h in result.hits:
        _, _, plat, plon = PLACES[h.center.place_id]
        assert h.distance_km == pytest.approx(haversine_km(lat, lon, plat, plon))
    assert result.hits[0].distance_km == pytest.approx(7.7, abs=0.5)  # Aïn Sebaâ → Casablanca centroid
    assert all(h.center.status == "existing" for h in result.hits)
    assert [names[h.center.id] for h in result.regional] == []  # the region has no other EMF
    async with sessions() as s:
        child = await nearest_centers(s, "child", lat, lon)
        elderly = await nearest_centers(s, "elderly", lat, lon)
    assert [names[h.center.id] for h in child.hits] == ["cape-casa"]
    assert elderly.hits == [] and elderly.far  # no suitable center: say so


async def test_far_point_gets_far_flag_and_regional_options(sessions, small_directory):
    ids = small_directory
    names = {v: k for k, v in ids.items()}
    # Dakhla: the only EMF of the region is planned; the nearest open one is in Laâyoune
    async with sessions() as s:
        result = await nearest_centers(s, "violence", 23.70, -15.94, k=2, far_km=60.0)
        assert await region_of_point(s, 23.70, -15.94) == 12
    assert result.far
    assert [names[h.center.id] for h in result.hits] == ["emf-laayoune", "emf-settat"]
    assert 450 < result.hits[0].distance_km < 500  # great circle (≈ 540 km by road)
    assert result.regional == []  # nothing open in Dakhla-Oued Ed-Dahab (the planned one is not offered)
    # Settat with a small far threshold: far, and the regional list still gives the other options
    async with sessions() as s:
        near_settat = await nearest_centers(s, "violence", 33.05, -7.62, k=1, far_km=5.0)
    assert near_settat.far and names[near_settat.hits[0].center.id] == "emf-settat"
    assert [names[h.center.id] for h in near_settat.regional] == ["emf-casa"]


def test_seed_counts_summary():
    """What the seed directory contains (printed for the closing note)."""
    rows = seed_centers()
    by_type: dict[str, int] = {}
    for r in rows:
        by_type[r["type"]] = by_type.get(r["type"], 0) + 1
    print(json.dumps(by_type, sort_keys=True))
    assert sum(by_type.values()) == len(rows)
