"""``jisr barometer export``: the social barometer's published table (anonymous, suppressed) on stdout.

Each row is a cell of the ``--by`` dimensions (default ``week,region,province,need,variety,channel``) with
one column per kind of event (distinct conversations per ISO week; ``services/barometer.py``) and the danger
escalations' waiting times; a count under ``BAROMETER_MIN_COUNT`` (default 10) is ``< 10``, and the last row
(``total``) is exact only when no cell is hidden (else a lower bound ``≥ N``).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import sys
from typing import Any

import typer

barometer_app = typer.Typer(help="The social barometer: anonymous needs by region (services/barometer.py).",
                            no_args_is_help=True)


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD") from None


@barometer_app.command("export")
def export_cmd(
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    since: str | None = typer.Option(None, "--since", help="First local date (YYYY-MM-DD; its whole ISO week)."),
    until: str | None = typer.Option(None, "--until", help="Last local date (YYYY-MM-DD; its whole ISO week)."),
    by: str = typer.Option("week,region,province,need,variety,channel", "--by",
                           help="Comma-separated dimensions: week, region, province, need, variety, channel."),
    need: str | None = typer.Option(None, "--need", help="Only this need (violence, mediation, …)."),
    variety: str | None = typer.Option(None, "--variety", help="Only this variety (ary, ary-Latn, ar, fr)."),
    channel: str | None = typer.Option(None, "--channel", help="Only this channel (rest, telegram, whatsapp…)."),
    db: str | None = typer.Option(None, "--db", help="Database URL (default: DATABASE_URL or var/jisr.db)."),
) -> None:
    """Print the suppressed table (CSV with a header row, or JSON) of the barometer's events."""
    from services import barometer

    if fmt not in ("csv", "json"):
        raise typer.BadParameter("--format must be csv or json")
    dims = tuple(d.strip() for d in by.split(",") if d.strip())
    unknown = [d for d in dims if d not in barometer.DIMENSIONS]
    if unknown or len(set(dims)) != len(dims):
        raise typer.BadParameter(f"--by takes distinct dimensions among {', '.join(barometer.DIMENSIONS)}")
    filters = barometer.Filters(since=_date(since, "--since"), until=_date(until, "--until"), need=need,
                                variety=variety, channel=channel)
    k = barometer.min_count()

    async def main() -> tuple[list[str], list[list[Any]]]:
        from services.db import create_engine, session_factory

        engine = create_engine(db)
        try:
            async with session_factory(engine)() as session:
                return await barometer.export(session, dims, filters, k)
        finally:
            await engine.dispose()

    header, rows = asyncio.run(main())
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    typer.echo(json.dumps({
        "min_count": k,
        "by": list(dims),
        "filters": {"since": since, "until": until, "need": need, "variety": variety, "channel": channel},
        "columns": header,
        "rows": [dict(zip(header, row)) for row in rows],
        "note": f"distinct conversations per ISO week; '< {k}': fewer than {k}; '≥ N' totals: a cell is hidden",
    }, ensure_ascii=False, indent=1))


def register(app: typer.Typer) -> None:
    """Add ``jisr barometer`` to the main CLI."""
    app.add_typer(barometer_app, name="barometer")
