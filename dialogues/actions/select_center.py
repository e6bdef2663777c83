"""Action ``select_center``: after a ``pick`` of one of the listed centers (slot ``center_id``), copy its
names to ``center_name_ar``/``center_name_fr`` and ``center_bookable``. Outcomes: ``bookable``,
``not_bookable``, ``none`` (no center picked, or a center that is not open: only ``existing`` centers are
ever a place to go or book — a stale button of an older list cannot pick another one)."""

from __future__ import annotations

from typing import Any


async def run(state: Any, ctx: Any, params: dict[str, Any]) -> Any:
    from dialogues.engine import ActionResult

    cid = state.slots.get("center_id")
    info = (state.slots.get("centers") or {}).get(str(cid)) if cid is not None else None
    if not info or info.get("status", "existing") != "existing":
        return ActionResult(outcome="none")
    state.slots.update(center_name_ar=info["name_ar"], center_name_fr=info["name_fr"],
                       center_bookable=bool(info["bookable"]))
    return ActionResult(outcome="bookable" if info["bookable"] else "not_bookable")
