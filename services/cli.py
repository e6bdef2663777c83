"""CLI commands of the services area: ``jisr db``, ``jisr centers``, ``jisr appointments``,
``jisr slots``. ``register(app)`` adds them to the main ``jisr`` Typer app. Every command takes
``--db URL`` (default: ``DATABASE_URL``, else the SQLite file var/jisr.db)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
DB_OPTION = typer.Option(None, "--db", help="Database URL (default: DATABASE_URL or var/jisr.db).")
DEMO_HOURS = "mon-fri 09:00-12:00,14:00-16:00"

db_app = typer.Typer(help="Database schema and reference data.", no_args_is_help=True)
centers_app = typer.Typer(help="The center directory.", no_args_is_help=True)
appointments_app = typer.Typer(help="Appointments.", no_args_is_help=True)
closures_app = typer.Typer(help="Closures (no appointments on those days).", no_args_is_help=True)


def _run(coro_fn: Callable[[AsyncSession], Awaitable[T]], url: str | None) -> T:
    """Run ``coro_fn(session)`` on a fresh engine for ``url``."""
    from services.db import create_engine, session_factory

    async def main() -> T:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await coro_fn(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


@db_app.command("upgrade")
def db_upgrade(db: str = DB_OPTION,
               seed: bool = typer.Option(True, help="Load regions, places, center types and seed centers.")) -> None:
    """Migrate the database to the latest schema (Alembic ``upgrade heads``) and load reference data."""
    from services.db import upgrade
    from services.seed import prepare_database

    if seed:
        report = asyncio.run(prepare_database(db))
        typer.echo(f"schema up to date; {report.regions} regions, {report.provinces} provinces, "
                   f"{report.places} places, {report.center_types} center types, {report.centers} seed centers "
                   f"({report.centers_added} new)")
    else:
        asyncio.run(upgrade(db))
        typer.echo("schema up to date")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base or jisr@-1."),
                 db: str = DB_OPTION) -> None:
    """Migrate the database down to REVISION (``base`` drops every table: data is lost)."""
    from services.db import downgrade

    asyncio.run(downgrade(db, revision))
    typer.echo(f"downgraded to {revision}")


@centers_app.command("import")
def centers_import(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV file (UTF-8)."),  # noqa: B008
                   db: str = DB_OPTION,
                   dry_run: bool = typer.Option(False, "--dry-run", help="Validate only, write nothing.")) -> None:
    """Import centers from a CSV file (columns: see services/README.md). All rows or none."""
    from services.centers_csv import CsvImportError, import_centers

    text = file.read_text(encoding="utf-8")
    try:
        report = _run(lambda s: import_centers(s, text, dry_run=dry_run), db)
    except CsvImportError as exc:
        typer.echo(f"{file}: {len(exc.errors)} error(s), nothing imported:", err=True)
        for error in exc.errors:
            typer.echo(f"  {error}", err=True)
        raise typer.Exit(1) from None
    verb = "would import" if dry_run else "imported"
    typer.echo(f"{verb}: {report.created} new, {report.updated} updated")


@centers_app.command("export")
def centers_export(file: Path = typer.Argument(None, help="Output CSV (default: standard output)."),  # noqa: B008
                   db: str = DB_OPTION) -> None:
    """Export the whole directory as CSV (re-importable)."""
    from services.centers_csv import export_centers

    text = _run(export_centers, db)
    if file is None:
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {file}")


@centers_app.command("list")
def centers_list(db: str = DB_OPTION, type_code: str = typer.Option(None, "--type", help="Center type code."),
                 region: int = typer.Option(None, help="Region code 1-12."),
                 status: str = typer.Option(None, help="existing | in_progress | planned"),
                 as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table.")) -> None:
    """List centers (id, type, status, place, bookable, name)."""
    from dataclasses import asdict

    from sqlalchemy import select

    from services.directory import CenterInfo, center_info
    from services.models import Center

    async def fetch(session: AsyncSession) -> list[CenterInfo]:
        query = select(Center).order_by(Center.region_code, Center.type_code, Center.id)
        if type_code:
            query = query.where(Center.type_code == type_code)
        if region:
            query = query.where(Center.region_code == region)
        if status:
            query = query.where(Center.status == status)
        return [center_info(c) for c in (await session.execute(query)).scalars()]

    for c in _run(fetch, db):
        if as_json:
            typer.echo(json.dumps(asdict(c), ensure_ascii=False))
        else:
            typer.echo(f"{c.id:>5}  {c.type_code:<17} {c.status:<11} r{c.region_code:<3}{c.place_id:<22}"
                       f"{'bookable' if c.bookable else '-':<9} {c.name_fr}")


@centers_app.command("demo-hours")
def centers_demo_hours(center: list[int] = typer.Option(None, "--center", help="Center id (repeatable)."),  # noqa: B008
                       all_centers: bool = typer.Option(False, "--all", help="Every existing center."),
                       db: str = DB_OPTION) -> None:
    """DEVELOPMENT ONLY: give centers demo opening hours (Mon-Fri 09:00-12:00, 14:00-16:00) so booking
    can be tried. They are flagged ``demo_hours`` and never shown as real hours. Refused when
    JISR_ENV=production."""
    from sqlalchemy import select

    from services.booking import parse_hours, set_opening_hours
    from services.config import get_settings
    from services.models import Center

    if get_settings().jisr_env == "production":
        typer.echo("refused: demo hours are for development only (JISR_ENV=production)", err=True)
        raise typer.Exit(2)
    if not center and not all_centers:
        typer.echo("give --center ID or --all", err=True)
        raise typer.Exit(2)

    async def apply(session: AsyncSession) -> list[int]:
        query = select(Center.id).where(Center.status == "existing", Center.hours.is_(None))
        if not all_centers:
            query = query.where(Center.id.in_(center))
        ids = list((await session.execute(query)).scalars())
        for cid in ids:
            await set_opening_hours(session, cid, parse_hours(DEMO_HOURS), bookable=True, demo=True)
        await session.commit()
        return ids

    ids = _run(apply, db)
    typer.echo(f"DEMO hours ({DEMO_HOURS}) set on {len(ids)} center(s); development only")


@appointments_app.command("list")
def appointments_list(center: int = typer.Option(..., "--center", help="Center id."),
                      date: str = typer.Option(None, "--date", help="Local date YYYY-MM-DD."),
                      db: str = DB_OPTION, as_json: bool = typer.Option(False, "--json")) -> None:
    """Appointments of a center (local times, Africa/Casablanca); no personal data."""
    from services.booking import list_for_center

    day = dt.date.fromisoformat(date) if date else None
    rows = _run(lambda s: list_for_center(s, center, day), db)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False))
        return
    for r in rows:
        typer.echo(f"{r.reference}  {r.start_local:%Y-%m-%d %H:%M}-{r.end_local:%H:%M}  {r.status}")


@closures_app.command("add")
def closures_add(start: str = typer.Option(..., "--from", help="First closed local date YYYY-MM-DD."),
                 end: str = typer.Option(None, "--to", help="Last closed local date (default: --from)."),
                 reason: str = typer.Option(..., "--reason", help="Why (shown to staff), e.g. 'Aid al-Fitr'."),
                 center: int = typer.Option(None, "--center", help="Center id (default: every center)."),
                 db: str = DB_OPTION) -> None:
    """Close one center, or every center (e.g. an Eid announced on another day than estimated)."""
    from services.models import Center, Closure

    first = dt.date.fromisoformat(start)
    last = dt.date.fromisoformat(end) if end else first
    if last < first:
        typer.echo("--to is before --from", err=True)
        raise typer.Exit(2)

    async def add(session: AsyncSession) -> bool:
        if center is not None and await session.get(Center, center) is None:
            return False
        session.add(Closure(center_id=center, start_date=first, end_date=last, reason=reason))
        await session.commit()
        return True

    if not _run(add, db):
        typer.echo(f"no center {center}", err=True)
        raise typer.Exit(1)
    typer.echo(f"closed {'center ' + str(center) if center else 'every center'} from {first} to {last}")


@closures_app.command("list")
def closures_list(db: str = DB_OPTION) -> None:
    """Closures ending today or later (local date)."""
    from sqlalchemy import select

    from services.booking import TZ
    from services.db import utcnow
    from services.models import Closure

    async def fetch(session: AsyncSession) -> list[Closure]:
        today = utcnow().astimezone(TZ).date()
        query = select(Closure).where(Closure.end_date >= today).order_by(Closure.start_date, Closure.id)
        return list((await session.execute(query)).scalars())

    for c in _run(fetch, db):
        where = f"center {c.center_id}" if c.center_id else "every center"
        typer.echo(f"{c.start_date} – {c.end_date}  {where:<14} {c.reason or ''}")


def slots(center: int = typer.Option(..., "--center", help="Center id."),
          date: str = typer.Option(..., "--date", help="Local date YYYY-MM-DD."),
          db: str = DB_OPTION, as_json: bool = typer.Option(False, "--json")) -> None:
    """Free slots of a center on a local date (Africa/Casablanca)."""
    from services.booking import CenterNotFound, available_slots

    try:
        rows = _run(lambda s: available_slots(s, center, dt.date.fromisoformat(date), limit=1000), db)
    except CenterNotFound:
        typer.echo(f"no center {center}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps([{"start_local": r.start_local.isoformat(), "end_local": r.end_local.isoformat(),
                                "remaining": r.remaining} for r in rows]))
        return
    if not rows:
        typer.echo("no free slot (closed, holiday, fully booked, or the center takes no appointments)")
    for r in rows:
        typer.echo(f"{r.start_local:%H:%M}-{r.end_local:%H:%M}  {r.remaining} left")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(db_app, name="db")
    app.add_typer(centers_app, name="centers")
    app.add_typer(appointments_app, name="appointments")
    app.add_typer(closures_app, name="closures")
    app.command("slots")(slots)
