"""CSV import and export of the center directory (``jisr centers import|export``).

UTF-8 CSV (a BOM is accepted), comma-separated, header row required; columns in ``COLUMNS`` (documented
in services/README.md, "CSV columns"). Unknown columns are an error (a typo must not silently drop
data). Rows are matched to existing centers by ``id`` (as exported), else by ``seed_id``; others are new.

All or nothing: every row is validated first (``CsvImportError`` lists every problem with its line
number) and the rows are written in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.booking import format_hours, parse_hours, set_opening_hours
from services.models import CENTER_STATUSES, Center, CenterType, Place

COLUMNS = (
    "id", "seed_id", "type", "name_ar", "name_fr", "place_id", "region_code", "latitude", "longitude",
    "status", "address", "address_source", "phone", "phone_source", "hours", "hours_source", "bookable",
    "slot_minutes", "capacity_per_slot", "min_lead_hours", "source_document", "source_lines", "source_quote",
)
REQUIRED = ("type", "name_ar", "name_fr", "place_id", "status", "source_document")
_PHONE = re.compile(r"^(?:(?:\+212|00212|0)[5-8]\d{8}|\d{3,4})$")  # national numbers or short numbers
_TRUE, _FALSE = {"yes", "true", "1", "oui", "y"}, {"no", "false", "0", "non", "n", ""}


@dataclass(frozen=True)
class RowError:
    """A problem in the CSV: physical ``line`` number (header = 1), ``column`` (or None), message."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class CsvImportError(ValueError):
    """The CSV has errors; ``errors`` lists them all. Nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class ImportReport:
    """Rows created and updated by an import."""

    created: int
    updated: int


def _num(value: str, kind, line: int, column: str, errors: list[RowError], lo=None, hi=None):
    try:
        n = kind(value)
    except ValueError:
        errors.append(RowError(line, column, f"{value!r} is not a number"))
        return None
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        errors.append(RowError(line, column, f"{value} is out of range [{lo}, {hi}]"))
        return None
    return n


async def import_centers(session: AsyncSession, text: str, *, dry_run: bool = False) -> ImportReport:
    """Validate and import the CSV ``text``. Commits (unless ``dry_run``); raises ``CsvImportError``
    (every problem, with line numbers) and writes nothing when any row is wrong."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    errors: list[RowError] = []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        errors.append(RowError(1, None, f"unknown columns: {', '.join(unknown)} (expected: {', '.join(COLUMNS)})"))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        errors.append(RowError(1, None, f"missing columns: {', '.join(missing)}"))
    if errors:
        raise CsvImportError(errors)
    types = {t for t in (await session.execute(select(CenterType.code))).scalars()}
    places = {p.id: p for p in (await session.execute(select(Place))).scalars()}
    by_id = {c.id: c for c in (await session.execute(select(Center))).scalars()}
    by_seed = {c.seed_id: c for c in by_id.values() if c.seed_id}
    planned: list[tuple[Center | None, dict, list, bool]] = []
    seen: set[tuple[str, str]] = set()
    line = 1
    for row in reader:
        line = reader.line_num
        if None in row:  # more cells than header columns
            errors.append(RowError(line, None, "more cells than columns"))
            continue
        row = {k: (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        before = len(errors)
        for column in REQUIRED:
            if not row.get(column):
                errors.append(RowError(line, column, "required"))
        target = None
        if row.get("id"):
            cid = _num(row["id"], int, line, "id", errors, lo=1)
            if cid is not None:
                target = by_id.get(cid)
                if target is None:
                    errors.append(RowError(line, "id", f"no center with id {cid} (leave empty for a new one)"))
        elif row.get("seed_id"):
            target = by_seed.get(row["seed_id"])
        for key in ("id", "seed_id"):
            if row.get(key):
                if (key, row[key]) in seen:
                    errors.append(RowError(line, key, f"{row[key]!r} appears twice in the file"))
                seen.add((key, row[key]))
        if row.get("type") and row["type"] not in types:
            errors.append(RowError(line, "type", f"unknown center type {row['type']!r} ({', '.join(sorted(types))})"))
        if row.get("status") and row["status"] not in CENTER_STATUSES:
            errors.append(RowError(line, "status", f"must be one of {', '.join(CENTER_STATUSES)}"))
        place = places.get(row.get("place_id", ""))
        if row.get("place_id") and place is None:
            errors.append(RowError(line, "place_id", f"unknown place {row['place_id']!r} (see the gazetteer ids)"))
        region = None
        if row.get("region_code"):
            region = _num(row["region_code"], int, line, "region_code", errors, 1, 12)
            if place is not None and region is not None and region != place.region_code:
                errors.append(RowError(line, "region_code",
                                       f"{region} but place {place.id!r} is in region {place.region_code}"))
        lat = lon = None
        if row.get("latitude") or row.get("longitude"):
            if not (row.get("latitude") and row.get("longitude")):
                errors.append(RowError(line, "latitude", "give both latitude and longitude, or neither"))
            else:
                lat = _num(row["latitude"], float, line, "latitude", errors, 20.0, 36.5)  # Morocco's extent
                lon = _num(row["longitude"], float, line, "longitude", errors, -17.5, -0.9)
        for field in ("address", "phone", "hours"):
            if row.get(field) and not row.get(f"{field}_source"):
                errors.append(RowError(line, f"{field}_source",
                                       f"{field} given without its source (never publish unsourced contact data)"))
        if row.get("phone") and not _PHONE.match(re.sub(r"[\s.\-()]", "", row["phone"])):
            errors.append(RowError(line, "phone", f"{row['phone']!r} is not a Moroccan phone number"))
        hours = None
        if row.get("hours"):
            try:
                hours = parse_hours(row["hours"])
            except ValueError as exc:
                errors.append(RowError(line, "hours", str(exc)))
        bookable = row.get("bookable", "").lower()
        if bookable not in _TRUE | _FALSE:
            errors.append(RowError(line, "bookable", "must be yes or no"))
        bookable_flag = bookable in _TRUE
        if bookable_flag and not row.get("hours"):
            errors.append(RowError(line, "bookable", "a bookable center needs opening hours"))
        if bookable_flag and row.get("status") not in ("existing", None):
            errors.append(RowError(line, "bookable", "only an existing center can be bookable"))
        numbers = {}
        for column, default, lo, hi in (("slot_minutes", 30, 5, 480), ("capacity_per_slot", 1, 1, 100),
                                        ("min_lead_hours", 24, 0, 24 * 30)):
            numbers[column] = (_num(row[column], int, line, column, errors, lo, hi)
                               if row.get(column) else default)
        lines = []
        if row.get("source_lines"):
            try:
                lines = [int(x) for x in re.split(r"[\s;,]+", row["source_lines"]) if x]
            except ValueError:
                errors.append(RowError(line, "source_lines", "line numbers separated by spaces or ';'"))
        if len(errors) > before:
            continue
        values = {
            "type_code": row["type"], "name_ar": row["name_ar"], "name_fr": row["name_fr"], "place_id": place.id,
            "region_code": place.region_code, "status": row["status"],
            "latitude": lat if lat is not None else place.latitude,
            "longitude": lon if lon is not None else place.longitude,
            "coordinates_precision": "exact" if lat is not None else "place_centroid",
            "address": row.get("address") or None, "address_source": row.get("address_source") or None,
            "phone": row.get("phone") or None, "phone_source": row.get("phone_source") or None,
            "hours": row.get("hours") or None, "hours_source": row.get("hours_source") or None,
            "source_document": row["source_document"], "source_lines": lines or None,
            "source_quote": row.get("source_quote") or None, **numbers,
        }
        if target is None and row.get("seed_id"):
            values["seed_id"] = row["seed_id"]
        planned.append((target, values, hours or [], bookable_flag))
    if errors:
        raise CsvImportError(errors)
    created = updated = 0
    try:
        for target, values, hours, bookable_flag in planned:
            if target is None:
                target = Center(**values)
                session.add(target)
                created += 1
            else:
                for name, value in values.items():
                    setattr(target, name, value)
                updated += 1
            await session.flush()
            await set_opening_hours(session, target.id, hours, bookable=bookable_flag)
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    except BaseException:
        await session.rollback()
        raise
    return ImportReport(created, updated)


async def export_centers(session: AsyncSession) -> str:
    """The whole directory as CSV text (``COLUMNS``), ordered by id; re-importable unchanged."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in (await session.execute(select(Center).order_by(Center.id))).scalars():
        writer.writerow({
            "id": c.id, "seed_id": c.seed_id or "", "type": c.type_code, "name_ar": c.name_ar, "name_fr": c.name_fr,
            "place_id": c.place_id, "region_code": c.region_code,
            "latitude": c.latitude if c.coordinates_precision == "exact" else "",
            "longitude": c.longitude if c.coordinates_precision == "exact" else "",
            "status": c.status, "address": c.address or "", "address_source": c.address_source or "",
            "phone": c.phone or "", "phone_source": c.phone_source or "",
            "hours": c.hours or ("" if c.demo_hours or not c.opening_hours else
                                 format_hours([(o.weekday, o.opens, o.closes) for o in c.opening_hours])),
            "hours_source": c.hours_source or ("administrator" if c.opening_hours and not c.demo_hours else ""),
            "bookable": "yes" if c.bookable and not c.demo_hours else "no",
            "slot_minutes": c.slot_minutes, "capacity_per_slot": c.capacity_per_slot,
            "min_lead_hours": c.min_lead_hours, "source_document": c.source_document or "",
            "source_lines": " ".join(str(n) for n in c.source_lines or []), "source_quote": c.source_quote or "",
        })
    return out.getvalue()
