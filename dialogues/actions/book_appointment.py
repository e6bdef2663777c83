"""Action ``book_appointment``: book the picked slot (slot ``slot_start``, ISO local time) at the chosen
center (slot ``center_id``) for the person's pseudonymous key (``ctx.conversation_key``).

Calls ``services.booking.book`` (contract #5). Says ``booking-done`` (reference, weekday, date, time,
center), then ``booking-center-contact``: the center's address, phone and opening hours as the directory
knows them — each only when sourced, otherwise "not known", and ``booking-contact-unknown`` (where to ask)
when any is unknown (the seed knows none of them; demo hours are never shown as real ones) — and stores ``appointment_ref``. Outcomes: ``booked``, ``full`` (``SlotFull``), ``overlapping``,
``too_late``, ``not_bookable``, ``unavailable`` (no database or any other error).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogues.actions._params import NoParams
from dialogues.actions._support import NoDatabase, log, session, slot_args

TZ = ZoneInfo("Africa/Casablanca")


KEYS = ("booking-done", "booking-center-contact", "booking-contact-unknown")
"""Locale keys this action says (checked by ``jisr flows check``)."""


Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    """Book the picked slot (see the module docstring)."""
    from dialogues.engine import ActionResult, Reply

    cid, start = state.slots.get("center_id"), state.slots.get("slot_start")
    if cid is None or not start:
        return ActionResult(outcome="not_bookable")
    start_local = datetime.fromisoformat(str(start)).replace(tzinfo=TZ)
    try:
        from services import booking
        from services.directory import get_center

        async with session(ctx) as s:
            info = await booking.book(s, int(cid), start_local, ctx.conversation_key)
            center = await get_center(s, int(cid))
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception as exc:  # noqa: BLE001 - mapped to outcomes, the rest degrades kindly
        name = type(exc).__name__
        outcome = {"SlotFull": "full", "OverlappingAppointment": "overlapping", "TooLate": "too_late",
                   "CenterNotBookable": "not_bookable", "InvalidSlot": "full"}.get(name)
        if outcome is None:
            log.exception("booking failed")
            return ActionResult(outcome="unavailable")
        return ActionResult(outcome=outcome)
    state.slots["appointment_ref"] = info.reference
    state.slots.pop("slot_start", None)
    contact = {"phone": (center.phone if center else None) or "none",
               "address": (center.address if center else None) or "none",
               "hours": (center.hours if center else None) or "none"}
    return ActionResult(outcome="booked", replies=[
        Reply("booking-done", {"ref": info.reference, "center": "$center_name", **slot_args(info.start_local)}),
        Reply("booking-center-contact", contact),
        *([Reply("booking-contact-unknown")] if "none" in contact.values() else [])])
