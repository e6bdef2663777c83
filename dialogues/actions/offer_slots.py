"""Action ``offer_slots``: the next free appointment slots of the chosen center, as ``pick`` options.

Reads slot ``center_id``. Calls ``services.booking.available_slots`` (contract #5; local time
Africa/Casablanca, up to 6 slots over the next 30 days). Option values are ISO local start times
(``2026-12-01T10:00``); labels ``booking-slot-button`` (weekday, DD/MM, HH:MM).
Outcomes: ``ok``, ``none`` (no free slot), ``not_bookable``, ``unavailable``.
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._support import NoDatabase, log, session, slot_args

KEYS = ("booking-slot-button",)
"""Locale keys this action says (checked by ``jisr flows check``)."""


async def run(state: Any, ctx: Any, params: dict[str, Any]) -> Any:
    from dialogues.engine import ActionResult

    cid = state.slots.get("center_id")
    if cid is None:
        return ActionResult(outcome="not_bookable")
    try:
        from services.booking import available_slots

        async with session(ctx) as s:
            slots = await available_slots(s, int(cid), limit=int(params.get("limit", 6)))
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("available_slots failed")
        return ActionResult(outcome="unavailable")
    if not slots:
        bookable = (state.slots.get("centers") or {}).get(str(cid), {}).get("bookable", True)
        return ActionResult(outcome="none" if bookable else "not_bookable")
    options = [{"value": sl.start_local.strftime("%Y-%m-%dT%H:%M"), "key": "booking-slot-button",
                "args": slot_args(sl.start_local)} for sl in slots]
    return ActionResult(outcome="ok", options=options)
