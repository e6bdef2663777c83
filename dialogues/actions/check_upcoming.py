"""Action ``check_upcoming``: does the person hold upcoming appointments (before deleting their data)?
Stores their number in ``upcoming_count``. Calls ``services.booking.list_for_person`` (contract #5).
Outcomes: ``some``, ``none``, ``unavailable``.
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams
from dialogues.actions._support import NoDatabase, log, session

Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult

    try:
        from services.booking import list_for_person

        async with session(ctx) as s:
            items = [a for a in await list_for_person(s, ctx.conversation_key, upcoming_only=True)
                     if a.status == "booked"]
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("list_for_person failed")
        return ActionResult(outcome="unavailable")
    state.slots["upcoming_count"] = len(items)
    return ActionResult(outcome="some" if items else "none")
