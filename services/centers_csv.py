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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

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
N = TypeVar("N", int, float)
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


def _num(value: str, kind: Callable[[str], N], line: int, column: str, errors: list[RowError],
         lo: N | None = None, hi: N | None = None) -> N | None:
    try:
        n = kind(value)
    except ValueError:
        errors.append(RowError(line, column, f"{value!r} is not a number"))
        return None
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        errors.append(RowError(line, column, f"{value} is out of range [{lo}, {hi}]"))
        return None
    return n


@dataclass(frozen=True)
class _Directory:
    """What the rows are checked against: center type codes, places by id, centers by id and by seed id."""

    types: set[str]
    places: dict[str, Place]
    by_id: dict[int, Center]
    by_seed: dict[str, Center]


# (existing center or None for a new one, column values, opening hours, bookable)
_Planned = tuple[Center | None, dict[str, Any], list[Any], bool]


def _check_header(header: Sequence[str]) -> None:
    """Raises ``CsvImportError`` for unknown or missing columns."""
    errors: list[RowError] = []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        errors.append(RowError(1, None, f"unknown columns: {', '.join(unknown)} (expected: {', '.join(COLUMNS)})"))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        errors.append(RowError(1, None, f"missing columns: {', '.join(missing)}"))
    if errors:
        raise CsvImportError(errors)


async def _directory(session: AsyncSession) -> _Directory:
    types = {t for t in (await session.execute(select(CenterType.code))).scalars()}
    places = {p.id: p for p in (await session.execute(select(Place))).scalars()}
    by_id = {c.id: c for c in (await session.execute(select(Center))).scalars()}
    return _Directory(types, places, by_id, {c.seed_id: c for c in by_id.values() if c.seed_id})


def _target(row: dict[str, str], line: int, d: _Directory, seen: set[tuple[str, str]],
            errors: list[RowError]) -> Center | None:
    """The existing center the row updates (by ``id``, else ``seed_id``), None for a new one."""
    target = None
    if row.get("id"):
        cid = _num(row["id"], int, line, "id", errors, lo=1)
        if cid is not None:
            target = d.by_id.get(cid)
            if target is None:
                errors.append(RowError(line, "id", f"no center with id {cid} (leave empty for a new one)"))
    elif row.get("seed_id"):
        target = d.by_seed.get(row["seed_id"])
    for key in ("id", "seed_id"):
        if row.get(key):
            if (key, row[key]) in seen:
                errors.append(RowError(line, key, f"{row[key]!r} appears twice in the file"))
            seen.add((key, row[key]))
    return target


def _location(row: dict[str, str], line: int, d: _Directory,
              errors: list[RowError]) -> tuple[Place | None, float | None, float | None]:
    """The row's place and exact coordinates (None: the place's centroid), after its type and status."""
    if row.get("type") and row["type"] not in d.types:
        errors.append(RowError(line, "type", f"unknown center type {row['type']!r} ({', '.join(sorted(d.types))})"))
    if row.get("status") and row["status"] not in CENTER_STATUSES:
        errors.append(RowError(line, "status", f"must be one of {', '.join(CENTER_STATUSES)}"))
    place = d.places.get(row.get("place_id", ""))
    if row.get("place_id") and place is None:
        errors.append(RowError(line, "place_id", f"unknown place {row['place_id']!r} (see the gazetteer ids)"))
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
    return place, lat, lon


def _contact(row: dict[str, str], line: int, errors: list[RowError]) -> list[Any] | None:
    """Checks the sourced contact data (address, phone, hours); returns the parsed opening hours."""
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
    return hours


def _booking(row: dict[str, str], line: int, errors: list[RowError]) -> tuple[bool, dict[str, Any]]:
    """Whether the center is bookable, and its slot length, capacity and lead time (defaults filled in)."""
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
    return bookable_flag, numbers


def _source_lines(row: dict[str, str], line: int, errors: list[RowError]) -> list[int]:
    lines: list[int] = []
    if row.get("source_lines"):
        try:
            lines = [int(x) for x in re.split(r"[\s;,]+", row["source_lines"]) if x]
        except ValueError:
            errors.append(RowError(line, "source_lines", "line numbers separated by spaces or ';'"))
    return lines


def _plan_row(row: dict[str, str], line: int, d: _Directory, seen: set[tuple[str, str]],
              errors: list[RowError]) -> _Planned | None:
    """The write planned for one non-empty row, or None when it has errors (appended to ``errors``)."""
    before = len(errors)
    for column in REQUIRED:
        if not row.get(column):
            errors.append(RowError(line, column, "required"))
    target = _target(row, line, d, seen, errors)
    place, lat, lon = _location(row, line, d, errors)
    hours = _contact(row, line, errors)
    bookable_flag, numbers = _booking(row, line, errors)
    lines = _source_lines(row, line, errors)
    if len(errors) > before or place is None:  # a missing place is a "required" error above
        return None
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
    return target, values, hours or [], bookable_flag


async def _write(session: AsyncSession, planned: list[_Planned], dry_run: bool) -> ImportReport:
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


async def import_centers(session: AsyncSession, text: str, *, dry_run: bool = False) -> ImportReport:
    """Validate and import the CSV ``text``. Commits (unless ``dry_run``); raises ``CsvImportError``
    (every problem, with line numbers) and writes nothing when any row is wrong."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    _check_header(reader.fieldnames or [])
    d = await _directory(session)
    planned: list[_Planned] = []
    errors: list[RowError] = []
    seen: set[tuple[str, str]] = set()
    for row in reader:
        line = reader.line_num
        if None in row:  # more cells than header columns
            errors.append(RowError(line, None, "more cells than columns"))
            continue
        cells = {k: (v or "").strip() for k, v in row.items()}
        if not any(cells.values()):
            continue
        plan = _plan_row(cells, line, d, seen, errors)
        if plan is not None:
            planned.append(plan)
    if errors:
        raise CsvImportError(errors)
    return await _write(session, planned, dry_run)


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
