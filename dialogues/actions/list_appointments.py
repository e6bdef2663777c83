"""Action ``list_appointments``: the person's upcoming appointments (by pseudonymous key), said one by one
and offered as ``pick`` options (value = reference). Stores ``appointments`` = ``{reference: center_id}``.
Calls ``services.booking.list_for_person`` and ``services.directory.get_center`` (contract #5).
Outcomes: ``found``, ``none``, ``unavailable``.
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams
from dialogues.actions._support import NoDatabase, log, name_of, session, slot_args

KEYS = ("appointments-list-intro", "appointments-item", "appointments-pick-button",)
"""Locale keys this action says (checked by ``jisr flows check``)."""


Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult, Reply

    try:
        from services.booking import list_for_person
        from services.directory import get_center

        async with session(ctx) as s:
            items = await list_for_person(s, ctx.conversation_key, upcoming_only=True)
            names = {}
            for a in items:
                if a.center_id not in names:
                    c = await get_center(s, a.center_id)
                    names[a.center_id] = name_of(c, state.variety) if c else ""
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("list_for_person failed")
        return ActionResult(outcome="unavailable")
    items = [a for a in items if a.status == "booked"] or []
    if not items:
        return ActionResult(outcome="none")
    replies, options = [Reply("appointments-list-intro", {"count": len(items)})], []
    state.slots["appointments"] = {a.reference: a.center_id for a in items}
    for a in items:
        args = {"ref": a.reference, "center": names.get(a.center_id, ""), **slot_args(a.start_local)}
        replies.append(Reply("appointments-item", args))
        options.append({"value": a.reference, "key": "appointments-pick-button", "args": args})
    return ActionResult(outcome="found", replies=replies, options=options)
