"""``uvicorn --factory serve_app:create``: the full bot application (``bot.app.create_app``, with the
console mounted by it) on ``DATABASE_URL``, for the browser tests. Settings come from the environment
the fixture sets (database, keys, an NLU address where nothing listens: the NLU is then unavailable and
the bot answers in menu mode, which these tests do not depend on)."""

from __future__ import annotations


def create():
    """The ASGI app."""
    from bot.app import create_app
    from services.config import Settings

    return create_app(Settings())
