"""Action ``delete_data``: erase what Jisr holds about the person, after they confirmed.

Calls ``services.identity.delete_person_data(session, conversation_key)`` (contract #5: appointments —
upcoming ones are cancelled and free their slot —, referrals, escalations and their messages, the
identity; idempotent), then resets the conversation state and sets ``state.erase_requested`` so the
pipeline deletes the stored state instead of saving it. The flow asks about upcoming appointments first
(action ``check_upcoming``). Outcomes: ``deleted``, ``unavailable`` (nothing is reset; the person is told
to try again later).
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams
from dialogues.actions._support import NoDatabase, log, session

Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult

    try:
        from services.identity import delete_person_data

        async with session(ctx) as s:
            await delete_person_data(s, ctx.conversation_key)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("delete_person_data failed")
        return ActionResult(outcome="unavailable")
    state.reset(keep_language=True)
    state.erase_requested = True
    return ActionResult(outcome="deleted")
