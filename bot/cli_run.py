"""CLI commands of this area. ``register(app)`` adds them to the main ``jisr`` Typer app."""

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
