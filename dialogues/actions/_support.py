"""Helpers shared by the actions (not an action: modules starting with ``_`` are not registered)."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

log = logging.getLogger("dialogues.actions")

ARABIC_VARIETIES = frozenset({"ary", "ar"})


class NoDatabase(Exception):
    """The action context has no ``session_factory`` (the bot runs without a database)."""


@asynccontextmanager
async def session(ctx: Any) -> AsyncIterator[Any]:
    """An ``AsyncSession`` from ``ctx.session_factory``. Raises :class:`NoDatabase` when there is none."""
    if ctx.session_factory is None:
        raise NoDatabase()
    async with ctx.session_factory() as s:
        yield s


_DIRECTORY_SUFFIX = re.compile(r"\s*\(\s*\d+\s*/\s*\d+\s*\)\s*$")


def citizen_name(name: str) -> str:
    """A directory name as citizens read it: without the directory's numbering of several centers of one
    kind in one town ("… – Sidi Bennour (1/2)" → "… – Sidi Bennour"). The console keeps the full name."""
    return _DIRECTORY_SUFFIX.sub("", name or "")


def name_of(obj: Any, variety: str) -> str:
    """``obj.name_ar`` for Arabic-script varieties, ``obj.name_fr`` otherwise (either when one is empty), as
    citizens read it (:func:`citizen_name`)."""
    ar, fr = getattr(obj, "name_ar", "") or "", getattr(obj, "name_fr", "") or ""
    return citizen_name((ar or fr) if variety in ARABIC_VARIETIES else (fr or ar))


def type_label(code: str, variety: str) -> str:
    """The official label of a center type (``services.center_types``), by script; the code otherwise."""
    try:
        from services.center_types import CENTER_TYPES
    except ImportError:
        return code
    t = CENTER_TYPES.get(code)
    if t is None:
        return code
    return t.label_ar if variety in ARABIC_VARIETIES else t.label_fr


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def slot_args(start_local: Any) -> dict[str, str]:
    """Fluent args of a local datetime: ``day`` (mon…sun, for the ``weekday`` selector), ``date``
    (DD/MM) and ``time`` (HH:MM, 24 h, Africa/Casablanca)."""
    return {"day": WEEKDAYS[start_local.weekday()], "date": start_local.strftime("%d/%m"),
            "time": start_local.strftime("%H:%M")}
