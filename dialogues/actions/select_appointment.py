"""Action ``select_appointment``: after a ``pick`` of an appointment (slot ``appointment_ref``), set
``center_id`` to its center (for rescheduling). Outcomes: ``ok``, ``none``."""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams

Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult

    ref = state.slots.get("appointment_ref")
    center = (state.slots.get("appointments") or {}).get(str(ref)) if ref else None
    if center is None:
        return ActionResult(outcome="none")
    state.slots["center_id"] = center
    return ActionResult(outcome="ok")
