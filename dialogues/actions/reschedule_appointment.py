"""Action ``reschedule_appointment``: move the appointment ``appointment_ref`` to the picked slot
``slot_start`` (ISO local time). Calls ``services.booking.reschedule`` (contract #5).
Outcomes: ``moved``, ``full``, ``too_late``, ``overlapping``, ``not_found``, ``unavailable``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogues.actions._params import NoParams
from dialogues.actions._support import NoDatabase, log, session, slot_args

TZ = ZoneInfo("Africa/Casablanca")


KEYS = ("appointments-moved",)
"""Locale keys this action says (checked by ``jisr flows check``)."""


Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult, Reply

    ref, start = state.slots.get("appointment_ref"), state.slots.get("slot_start")
    if not ref or not start:
        return ActionResult(outcome="not_found")
    new_start = datetime.fromisoformat(str(start)).replace(tzinfo=TZ)
    try:
        from services.booking import reschedule

        async with session(ctx) as s:
            info = await reschedule(s, str(ref), ctx.conversation_key, new_start)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception as exc:  # noqa: BLE001 - mapped to outcomes, the rest degrades kindly
        outcome = {"SlotFull": "full", "InvalidSlot": "full", "TooLate": "too_late",
                   "OverlappingAppointment": "overlapping", "AppointmentNotFound": "not_found"}.get(type(exc).__name__)
        if outcome is None:
            log.exception("reschedule failed")
            return ActionResult(outcome="unavailable")
        return ActionResult(outcome=outcome)
    state.slots["appointment_ref"] = info.reference
    state.slots.pop("slot_start", None)
    return ActionResult(outcome="moved", replies=[Reply("appointments-moved",
                                                        {"ref": info.reference, **slot_args(info.start_local)})])
