"""Action ``open_escalation``: hand the conversation to a person (hotline operator).

Params: ``priority`` (0 = danger/top, 1 = high, 2 = normal; default: 0 when slot ``danger`` is set,
1 for the ``violence``/``child`` needs, 2 otherwise), ``reason`` (a machine code, never the person's text;
default ``user_request``), ``handoff`` (default True; False after danger: the bot keeps talking — asking
whether she is safe — until an operator claims the escalation). Calls ``services.escalations.open_escalation`` (contract #5; idempotent) with
the variety, journey (slot ``need``) and region. Sets ``state.handoff = True``: from now on the pipeline
keeps the bot silent (except the safety net) until an operator hands the conversation back.
Outcomes: ``opened``, ``unavailable`` (then no handoff: the flow gives the phone lines instead).
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._support import NoDatabase, log, session


def priority_for(state: Any, params: dict[str, Any]) -> int:
    """The escalation priority (see the module docstring)."""
    if params.get("priority") is not None:
        return int(params["priority"])
    if state.slots.get("danger"):
        return 0
    return 1 if state.slots.get("need") in ("violence", "child") else 2


async def run(state: Any, ctx: Any, params: dict[str, Any]) -> Any:
    from dialogues.engine import ActionResult

    priority = priority_for(state, params)
    try:
        from services.escalations import open_escalation

        async with session(ctx) as s:
            info = await open_escalation(s, ctx.conversation_key, ctx.channel, state.variety,
                                         state.slots.get("need"), state.slots.get("region_code"), priority,
                                         str(params.get("reason", "user_request")))
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("open_escalation failed")
        return ActionResult(outcome="unavailable")
    state.slots["escalation_id"] = info.id
    state.slots["escalation_priority"] = info.priority
    if str(params.get("handoff", True)).lower() not in ("false", "0", "no"):
        state.handoff = True
    return ActionResult(outcome="opened")
