"""The ``jisr`` command line. Each area registers its own commands (``register(app)`` in its ``cli``
module) so a new area is one import here."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(help="Jisr: orientation chatbot for Morocco's social services.", no_args_is_help=True)

_AREAS = ("nlu.cli", "services.cli", "services.cli_places", "dialogues.cli", "bot.cli_run", "bot.channels.telegram_cli", "console.cli",
          "services.barometer_cli")


def _register_all() -> None:
    for name in _AREAS:
        module = importlib.import_module(name)
        module.register(app)


def main() -> None:
    """Entry point of the ``jisr`` console script."""
    _register_all()
    app()
