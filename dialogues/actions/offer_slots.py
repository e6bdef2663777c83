"""Action ``offer_slots``: the next free appointment slots of the chosen center, as ``pick`` options.

Reads slot ``center_id``. Calls ``services.booking.available_slots`` (contract #5; local time
Africa/Casablanca, up to 6 slots over the next 30 days). Option values are ISO local start times
(``2026-12-01T10:00``); labels ``booking-slot-button`` (weekday, DD/MM, HH:MM).

Never slots at a center farther than ``MAX_BOOKING_KM`` (default 150 km) from the person's point (slots
``latitude``/``longitude``) unless the person explicitly asked for that center and confirmed it (slot
``far_confirmed`` with ``far_center_id`` = this center, set by the flows after ``select_center``'s ``far``
outcome): outcome ``too_far`` — whatever path led here.

Outcomes: ``ok``, ``none`` (no free slot), ``not_bookable``, ``too_far``, ``unavailable``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from dialogues.actions._params import ActionParams
from dialogues.actions._support import NoDatabase, log, session, slot_args

KEYS = ("booking-slot-button",)
"""Locale keys this action says (checked by ``jisr flows check``)."""


def _confirmed(state: Any, cid: Any) -> bool:
    return bool(state.slots.get("far_confirmed")) and str(state.slots.get("far_center_id")) == str(cid)


class Params(ActionParams):
    """``any_distance``: offer slots whatever the distance (the person's own appointment); ``limit``: slots
    offered at most."""

    any_distance: bool = False
    limit: int = Field(default=6, ge=1, le=20)


async def run(state: Any, ctx: Any, params: Params) -> Any:
    """Offer the center's next free slots (see the module docstring)."""
    from dialogues.engine import ActionResult

    cid = state.slots.get("center_id")
    if cid is None or not str(cid).isdigit():
        return ActionResult(outcome="not_bookable")
    max_km = float(getattr(ctx.settings, "max_booking_km", 150.0) or 150.0)
    lat, lon = state.slots.get("latitude"), state.slots.get("longitude")
    try:
        from services.booking import available_slots
        from services.directory import distance_to_center

        async with session(ctx) as s:
            check = not params.any_distance
            if check and lat is not None and lon is not None and not _confirmed(state, cid):
                km = await distance_to_center(s, int(cid), float(lat), float(lon))
                if km is not None and km > max_km:
                    log.info("slots-refused reason=too_far km=%d limit=%d", round(km), round(max_km))
                    return ActionResult(outcome="too_far")
            slots = await available_slots(s, int(cid), limit=params.limit)
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
