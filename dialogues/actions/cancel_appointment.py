"""Action ``cancel_appointment``: cancel the appointment in slot ``appointment_ref`` for the person's key.
Calls ``services.booking.cancel`` (contract #5). Outcomes: ``cancelled``, ``not_found``, ``unavailable``.
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams
from dialogues.actions._support import NoDatabase, log, session

KEYS = ("appointments-cancelled",)
"""Locale keys this action says (checked by ``jisr flows check``)."""


Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult, Reply

    ref = state.slots.get("appointment_ref")
    if not ref:
        return ActionResult(outcome="not_found")
    try:
        from services.booking import cancel

        async with session(ctx) as s:
            await cancel(s, str(ref), ctx.conversation_key)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except LookupError:
        return ActionResult(outcome="not_found")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("cancel failed")
        return ActionResult(outcome="unavailable")
    return ActionResult(outcome="cancelled", replies=[Reply("appointments-cancelled", {"ref": str(ref)})])
