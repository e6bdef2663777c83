"""CSV import/export of the directory on SQLite and PostgreSQL: round trip, row-numbered errors,
all-or-nothing; and the ``jisr`` commands end to end."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.booking import available_slots
from services.centers_csv import COLUMNS, CsvImportError, export_centers, import_centers
from services.models import Center

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2027, 1, 4, 8, 10, tzinfo=dt.UTC)


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


GOOD = {
    "type": "EMF", "name_ar": "فضاء متعدد الوظائف للنساء - الحي المحمدي", "name_fr": "EMF Hay Mohammadi",
    "place_id": "casablanca", "status": "existing", "address": "Rue 12, Hay Mohammadi",
    "address_source": "Liste officielle Entraide Nationale 2026 (test)", "phone": "0522 00 00 00",
    "phone_source": "Liste officielle Entraide Nationale 2026 (test)", "hours": "mon-fri 08:30-12:30,14:00-16:30",
    "hours_source": "Liste officielle Entraide Nationale 2026 (test)", "bookable": "yes", "slot_minutes": "30",
    "capacity_per_slot": "2", "min_lead_hours": "24", "source_document": "Liste officielle EN 2026 (test)",
    "source_lines": "4", "latitude": "33.5950", "longitude": "-7.5350",
}


async def test_import_then_export_round_trip(make_center, sessions):
    seed_center = await make_center(hours=None, seed_id="seed-emf-casa", source_document="000_6dcc0ca7f009f24f.txt",
                                    source_lines=[1587], source_quote="والفضاء المتعدد الوظائف للنساء EMF")
    text = _csv([GOOD, {**GOOD, "seed_id": "seed-emf-casa", "name_fr": "EMF Casablanca (mis à jour)",
                        "latitude": "", "longitude": "", "phone": "", "phone_source": "", "bookable": "no",
                        "hours": "", "hours_source": ""}])
    async with sessions() as s:
        report = await import_centers(s, text)
    assert (report.created, report.updated) == (1, 1)
    async with sessions() as s:
        new = (await s.execute(select(Center).where(Center.name_fr == "EMF Hay Mohammadi"))).scalar_one()
        assert new.coordinates_precision == "exact" and new.latitude == pytest.approx(33.595)
        assert new.bookable and new.phone_source
        slots = await available_slots(s, new.id, day=dt.date(2027, 1, 6), limit=100, now=NOW)
        assert slots[0].start_local.strftime("%H:%M") == "08:30" and slots[0].remaining == 2
        updated = await s.get(Center, seed_center)
        assert updated.name_fr == "EMF Casablanca (mis à jour)" and not updated.bookable
        assert updated.coordinates_precision == "place_centroid"
        exported = await export_centers(s)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["name_fr"] for r in rows] == ["EMF Casablanca (mis à jour)", "EMF Hay Mohammadi"]
    assert rows[1]["hours"] == "mon-fri 08:30-12:30,14:00-16:30" and rows[1]["bookable"] == "yes"
    # re-importing the export changes nothing and creates nothing
    async with sessions() as s:
        assert await import_centers(s, exported) == type(report)(0, 2)
    async with sessions() as s:
        assert await export_centers(s) == exported


async def test_bad_rows_give_line_numbers_and_import_nothing(make_center, sessions):
    await make_center(hours=None)
    rows = [
        GOOD,  # line 2: fine
        {**GOOD, "type": "HOSPITAL"},  # line 3
        {**GOOD, "place_id": "atlantis", "phone": "12345678"},  # line 4: two errors
        {**GOOD, "phone_source": ""},  # line 5: unsourced phone
        {**GOOD, "hours": "lun-ven 9h-17h"},  # line 6
        {**GOOD, "status": "planned"},  # line 7: a planned center cannot be bookable
        {**GOOD, "latitude": "48.85", "longitude": "2.35"},  # line 8: Paris
        {**GOOD, "bookable": "yes", "hours": "", "hours_source": ""},  # line 9
        {**GOOD, "id": "999"},  # line 10
        {**GOOD, "region_code": "1"},  # line 11: Casablanca is in region 6
    ]
    async with sessions() as s:
        before = await s.scalar(select(func.count()).select_from(Center))
        with pytest.raises(CsvImportError) as info:
            await import_centers(s, _csv(rows))
    found = {(e.line, e.column) for e in info.value.errors}
    assert found == {(3, "type"), (4, "place_id"), (4, "phone"), (5, "phone_source"), (6, "hours"),
                     (7, "bookable"), (8, "latitude"), (8, "longitude"), (9, "bookable"), (10, "id"), (11, "region_code")}
    assert "line 4, column place_id: unknown place 'atlantis'" in str(info.value)
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Center)) == before  # nothing half-imported


async def test_header_errors(make_center, sessions):
    await make_center(hours=None)
    async with sessions() as s:
        with pytest.raises(CsvImportError) as info:
            await import_centers(s, "type,name,place_id\nEMF,x,casablanca\n")
    assert "unknown columns: name" in str(info.value) and "missing columns: name_ar" in str(info.value)
    assert all(e.line == 1 for e in info.value.errors)


def _jisr_process(*args: str) -> subprocess.CompletedProcess:
    """The installed ``jisr`` console script, in a child process."""
    return subprocess.run([str(Path(sys.executable).parent / "jisr"), *args], check=False, capture_output=True,
                          text=True, cwd=ROOT, env=os.environ.copy(), timeout=120)


def _jisr(*args: str, env: dict | None = None):
    """The same ``jisr`` Typer app, in this process (fast); returns the click ``Result``."""
    from typer.testing import CliRunner

    from bot import cli
    from services.config import get_settings

    if not getattr(cli, "_services_test_registered", False):
        cli._register_all()
        cli._services_test_registered = True
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli.app, list(args), env=env)
    finally:
        get_settings.cache_clear()


@pytest.mark.usefixtures("truncate_database")
def test_cli_end_to_end(db_url, tmp_path):
    """``jisr db upgrade``, ``centers import|export|list|demo-hours``, ``slots``, ``appointments list``
    through the installed ``jisr`` console script."""
    up = _jisr_process("db", "upgrade", "--db", db_url, "--no-seed")
    assert up.returncode == 0, up.stderr
    import asyncio

    from services.db import create_engine, session_factory

    async def base_rows():
        engine = create_engine(db_url)
        try:
            async with session_factory(engine)() as s:
                from services.models import CenterType, CenterTypeNeed, Place, Region

                if await s.get(Region, 6) is None:
                    s.add(Region(code=6, name_fr="Casablanca-Settat", name_ar="الدار البيضاء سطات"))
                    await s.flush()
                    s.add(Place(id="casablanca", name_fr="Casablanca", name_ar="الدار البيضاء", region_code=6,
                                latitude=33.58831, longitude=-7.61138))
                    s.add(CenterType(code="EMF", label_ar="ف", label_fr="EMF", needs=[CenterTypeNeed(need="violence")]))
                    await s.commit()
        finally:
            await engine.dispose()

    asyncio.run(base_rows())
    good = tmp_path / "good.csv"
    good.write_text(_csv([{**GOOD, "bookable": "no", "name_fr": "CLI center", "hours": "", "hours_source": ""},
                          {**GOOD, "name_fr": "CLI bookable"}]), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(_csv([GOOD, {**GOOD, "status": "maybe"}]), encoding="utf-8")
    out = _jisr("centers", "import", str(bad), "--db", db_url)
    assert out.exit_code == 1 and "line 3, column status" in out.stderr and "nothing imported" in out.stderr
    out = _jisr("centers", "import", str(good), "--db", db_url)
    assert out.exit_code == 0 and "2 new" in out.stdout, out.stderr
    listing = _jisr("centers", "list", "--json", "--db", db_url)
    assert listing.exit_code == 0, listing.stderr
    listed = [json.loads(x) for x in listing.stdout.splitlines()]
    ids = {c["name_fr"]: c["id"] for c in listed}
    assert {c["name_fr"]: c["bookable"] for c in listed if c["name_fr"].startswith("CLI")} == {
        "CLI center": False, "CLI bookable": True}
    refused = _jisr("centers", "demo-hours", "--center", str(ids["CLI center"]), "--db", db_url,
                    env={"JISR_ENV": "production"})
    assert refused.exit_code == 2 and "development only" in refused.stderr
    demo = _jisr("centers", "demo-hours", "--center", str(ids["CLI center"]), "--db", db_url,
                 env={"JISR_ENV": "development"})
    assert demo.exit_code == 0 and "set on 1 center" in demo.stdout
    day = (dt.date.today() + dt.timedelta(days=14))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    slots = json.loads(_jisr("slots", "--center", str(ids["CLI center"]), "--date", day.isoformat(), "--json",
                             "--db", db_url).stdout)
    from services.booking import holiday_name

    assert (slots == []) == bool(holiday_name(day))
    if slots:
        assert slots[0]["start_local"].startswith(f"{day.isoformat()}T09:00")
    closed = _jisr("closures", "add", "--from", day.isoformat(), "--reason", "Aid (announced)", "--db", db_url)
    assert closed.exit_code == 0 and "every center" in closed.stdout
    assert json.loads(_jisr("slots", "--center", str(ids["CLI center"]), "--date", day.isoformat(), "--json",
                            "--db", db_url).stdout) == []
    assert "Aid (announced)" in _jisr("closures", "list", "--db", db_url).stdout
    exported = _jisr("centers", "export", "--db", db_url).stdout
    demo_row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["name_fr"] == "CLI center")
    assert demo_row["bookable"] == "no" and demo_row["hours"] == ""  # demo hours are never exported as real
    appts = _jisr("appointments", "list", "--center", str(ids["CLI bookable"]), "--json", "--db", db_url)
    assert appts.exit_code == 0 and json.loads(appts.stdout) == []
