"""Action ``route_on_slot``: conditional routing in a flow. Params: ``slot`` (a slot name). The outcome is
the slot's value as a string (``none`` when unset), so the node's ``outcomes:`` map values to targets, e.g.
route on ``trigger_intent`` (the intent that started the flow, set by the engine)."""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import ActionParams, Code

KEYS: tuple[str, ...] = ()


class Params(ActionParams):
    """``slot``: the slot whose value is the outcome."""

    slot: Code


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult

    value = state.slots.get(params.slot)
    return ActionResult(outcome="none" if value is None else str(value))
