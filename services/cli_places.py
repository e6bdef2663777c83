"""``jisr places …`` commands (geo area): resolve text, nearest place, Rasa export, seed directory report.

Registered by ``register(app)``; add ``"services.cli_places"`` to ``bot.cli._AREAS`` to expose it.
Equivalent module entry points: ``python -m services.gazetteer``, ``python -m services.seed_extract``,
``python -m services.gazetteer_build``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

places_app = typer.Typer(help="Gazetteer: places, place resolution and the seed directory.", no_args_is_help=True)

DEFAULT_LOOKUP = Path("nlu/data/lookup_city.yml")


@places_app.command("resolve")
def resolve(texts: list[str], as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Resolve free text (any script) to places: one line per text; several places = ambiguous."""
    from services.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    for text in texts:
        matches = gaz.resolve(text)
        if as_json:
            typer.echo(json.dumps({"text": text, "matches": [
                {"place_id": m.place.id, "name_fr": m.place.name_fr, "name_ar": m.place.name_ar,
                 "region_code": m.place.region_code, "score": round(m.score, 1), "matched": m.matched}
                for m in matches]}, ensure_ascii=False))
        else:
            shown = ", ".join(f"{m.place.id} ({m.score:.0f}, '{m.matched}')" for m in matches) or "—"
            typer.echo(f"{text} → {shown}")


@places_app.command("nearest")
def nearest(latitude: float, longitude: float) -> None:
    """The place a GPS point (WGS84 decimal degrees) is in or nearest to."""
    from services.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    try:
        p = gaz.nearest(latitude, longitude)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{p.id}\t{p.name_fr}\t{p.name_ar}\tregion {p.region_code}\t{p.province_fr}")


@places_app.command("export-rasa")
def export_rasa(path: Annotated[Path, typer.Argument()] = DEFAULT_LOOKUP) -> None:
    """Write the Rasa synonyms + ``city`` lookup table generated from services/data/place_aliases.yml."""
    from services.gazetteer import Gazetteer, rasa_lookup_yaml

    path.write_text(rasa_lookup_yaml(Gazetteer.default()), encoding="utf-8")
    typer.echo(f"wrote {path}")


@places_app.command("seed-report")
def seed_report() -> None:
    """Counts of the seed directory by type × status and by region, and location coverage."""
    from services.seed_extract import extract, report

    typer.echo(report(*extract()))


def register(app: typer.Typer) -> None:
    """Add ``jisr places`` to ``app``."""
    app.add_typer(places_app, name="places")
