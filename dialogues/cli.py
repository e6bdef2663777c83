"""CLI commands of the dialogues area: ``jisr flows check`` (validate flows and locale keys)."""

from __future__ import annotations

import typer

flows_app = typer.Typer(help="Dialogue flows (dialogues/flows/*.yml).", no_args_is_help=True)


@flows_app.command("check")
def check() -> None:
    """Validate every flow against the schema and check that every locale key exists in every variety.
    Exits 1 and lists the problems when there are any."""
    from dialogues.check import check_all
    from dialogues.engine import FlowEngine

    problems = check_all()
    if problems:
        for p in problems:
            typer.echo(f"error: {p}", err=True)
        raise typer.Exit(1)
    engine = FlowEngine.load()
    typer.echo(f"ok: {len(engine.flows)} flows, {len(engine.locale_keys())} locale keys in 4 varieties")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(flows_app, name="flows")
