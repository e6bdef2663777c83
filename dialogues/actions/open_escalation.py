"""Action ``open_escalation``: hand the conversation to a person (hotline operator).

Params: ``priority`` (0 = danger/top, 1 = high, 2 = normal; default: 0 when slot ``danger`` is set,
otherwise the priority of the journey's need in ``services/data/needs.yml`` — 1 for ``violence``/``child``,
2 for the others and for no known need), ``reason`` (a machine code, never the person's text;
default ``user_request``), ``handoff`` (default True; False after danger: the bot keeps talking — asking
whether she is safe — until an operator claims the escalation). Calls ``services.escalations.open_escalation`` (contract #5; idempotent) with
the variety, journey (slot ``need``) and region. Sets ``state.handoff = True``: from now on the pipeline
keeps the bot silent (except the safety net) until an operator hands the conversation back.
Outcomes: ``opened``, ``unavailable`` (then no handoff: the flow gives the phone lines instead).
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import ActionParams, Code, Priority
from dialogues.actions._support import NoDatabase, log, session
from services.center_types import priority_for_need


def priority_for(state: Any, params: Params) -> int:
    """The escalation priority, 0–2 (see the module docstring)."""
    if params.priority is not None:
        return params.priority
    if state.slots.get("danger"):
        return 0
    return priority_for_need(state.slots.get("need"))


class Params(ActionParams):
    """``priority`` (default: :func:`priority_for`), ``reason`` (a machine code), ``handoff``."""

    priority: Priority | None = None
    reason: Code = "user_request"
    handoff: bool = True


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult

    priority = priority_for(state, params)
    try:
        from services.escalations import open_escalation

        async with session(ctx) as s:
            info = await open_escalation(s, ctx.conversation_key, ctx.channel, state.variety,
                                         state.slots.get("need"), state.slots.get("region_code"), priority,
                                         params.reason)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("open_escalation failed")
        return ActionResult(outcome="unavailable")
    state.slots["escalation_id"] = info.id
    state.slots["escalation_priority"] = info.priority
    if params.handoff:
        state.handoff = True
    return ActionResult(outcome="opened")
