"""Action ``note_channel``: record the conversation's channel (``rest``, ``telegram``, ``whatsapp``…) in slot
``channel``, so messages can say what the channel allows (the web chat receives a center's messages only
while its page stays open). Outcome ``ok``."""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import NoParams

KEYS: tuple[str, ...] = ()
"""Locale keys this action says (none)."""


Params = NoParams
"""This action takes no parameters."""


async def run(state: Any, ctx: Any, params: Params) -> Any:
    """Set slot ``channel`` from the action context."""
    from dialogues.engine import ActionResult

    state.slots["channel"] = str(getattr(ctx, "channel", "") or "other")
    return ActionResult(outcome="ok")
