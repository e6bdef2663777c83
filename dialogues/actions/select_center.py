"""Action ``select_center``: after a ``pick`` of one of the listed centers (slot ``center_id``), copy its
names to ``center_name_ar``/``center_name_fr`` and ``center_bookable``.

A picked ``remote:<id>`` (the remote referral ``find_centers`` offers when nothing is near) selects that center
with outcome ``remote``: the flow sends the request (``flow:referral``), the center's team writes back in the
conversation. A center farther than ``MAX_BOOKING_KM`` — listed as information only, so picked by a person
who wrote its name — gives outcome ``far`` (slots ``far_center_id``, ``center_km``) unless the person has
already confirmed it (slot ``far_confirmed`` with ``far_center_id`` = this center): the flow asks whether
they really want to go that far before any slot.

Outcomes: ``remote``, ``far``, ``bookable``, ``not_bookable``, ``none`` (no center picked, or a center that
is not open: only ``existing`` centers are ever a place to go or book — a stale button of an older list
cannot pick another one)."""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams
from dialogues.actions._support import citizen_name

REMOTE_PREFIX = "remote:"


Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    """Select the picked center (see the module docstring)."""
    from dialogues.engine import ActionResult

    cid = state.slots.get("center_id")
    remote = isinstance(cid, str) and cid.startswith(REMOTE_PREFIX)
    if remote:
        cid = cid[len(REMOTE_PREFIX):]
        state.slots["center_id"] = cid
    info = (state.slots.get("centers") or {}).get(str(cid)) if cid is not None else None
    if not info or info.get("status", "existing") != "existing":
        return ActionResult(outcome="none")
    state.slots.update(center_name_ar=citizen_name(info["name_ar"]), center_name_fr=citizen_name(info["name_fr"]),
                       center_bookable=bool(info["bookable"]))
    if info.get("km") is not None:
        state.slots["center_km"] = round(float(info["km"]))
    if remote:
        return ActionResult(outcome="remote")
    max_km = float(getattr(ctx.settings, "max_booking_km", 150.0) or 150.0)
    confirmed = state.slots.get("far_confirmed") and str(state.slots.get("far_center_id")) == str(cid)
    if info.get("km") is not None and float(info["km"]) > max_km and not confirmed:
        state.slots["far_center_id"] = str(cid)
        state.slots.pop("far_confirmed", None)
        return ActionResult(outcome="far")
    return ActionResult(outcome="bookable" if info["bookable"] else "not_bookable")
