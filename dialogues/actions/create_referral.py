"""Action ``create_referral``: send the person's request to the chosen center, after explicit consent.

Params: ``need`` (a ``Need``), ``consent_key`` (the locale key of the consent text the person accepted,
stored with the referral). Shares exactly what the consent text lists: the need, the town
(``place_name_fr``), the kind of situation when given (slot ``kind``), and the channel through which the
center can answer (the conversation's pseudonymous key is the link; no name, no phone number).
Calls ``services.referrals.create_referral`` (contract #5). Says ``referral-sent`` (what happens next: the
center's team may write here, labelled, and the person may answer here) and, on the web chat,
``referral-keep-page-open``. Outcomes: ``sent``, ``unavailable``.
"""

from __future__ import annotations

from typing import Any

from dialogues.actions._params import ActionParams, LocaleKey, NeedName
from dialogues.actions._support import NoDatabase, log, session


def shared_fields(state: Any, need: str, channel: str) -> dict[str, str]:
    """The exact fields shared with the center (all strings)."""
    shared = {"need": need, "channel": channel}
    if state.slots.get("place_name_fr"):
        shared["place"] = str(state.slots["place_name_fr"])
    if state.slots.get("kind"):
        shared["kind"] = str(state.slots["kind"])
    return shared


KEYS = ("referral-sent", "referral-keep-page-open")
"""Locale keys this action says (checked by ``jisr flows check``)."""


class Params(ActionParams):
    """``need``: the need sent (default: slot ``need``); ``consent_key``: the consent text accepted."""

    need: NeedName | None = None
    consent_key: LocaleKey = "referral-consent"


async def run(state: Any, ctx: Any, params: Params) -> Any:
    from dialogues.engine import ActionResult, Reply

    cid = state.slots.get("center_id")
    need = str(params.need or state.slots.get("need") or "")
    if cid is None or not need:
        return ActionResult(outcome="unavailable")
    try:
        from services.referrals import create_referral

        async with session(ctx) as s:
            info = await create_referral(s, int(cid), ctx.conversation_key, need,
                                         shared_fields(state, need, ctx.channel),
                                         params.consent_key)
    except (NoDatabase, ImportError):
        return ActionResult(outcome="unavailable")
    except Exception:  # noqa: BLE001 - any service failure degrades to a kind reply
        log.exception("create_referral failed")
        return ActionResult(outcome="unavailable")
    state.slots["referral_id"] = info.id
    replies = [Reply("referral-sent", {"center": "$center_name"})]
    if ctx.channel == "rest":  # the web chat keeps its conversation in the open tab only
        replies.append(Reply("referral-keep-page-open"))
    return ActionResult(outcome="sent", replies=replies)
