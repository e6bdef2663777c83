"""Sending a console user's message to a person through their own channel: an operator's reply on an
escalation, a center's message on a referral. One path for both, so both follow the same rules.

* the person's channel and raw id come from ``services.identity`` (``ChannelRegistry.send_to_conversation``);
  a person whose data was erased has none: nothing is sent ("unknown recipient");
* WhatsApp: a free-form message reaches the person only within 24 hours of their last message (Meta's
  customer-service window). The window is read from the WhatsApp channel's record
  (the WhatsApp channel's ``window_open_for``) when that channel runs in this process, otherwise from the last
  time the person wrote (the caller's transcript, and the identity's ``last_seen_at``); outside it nothing is
  sent and the page says so;
* the message is labelled by the channel as written by a person (``OutboundMessage.sender``: ``operator`` —
  a person of Jisr's team —, or ``center`` — the team of the center a referral went to) in the person's
  variety.

Nothing here logs the text, the recipient or the channel's raw id.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from console.web import Ctx
from dialogues.messages import OutboundMessage
from services.db import utcnow
from services.models import ConversationIdentity

log = logging.getLogger("console.delivery")

WHATSAPP_WINDOW = timedelta(hours=24)  # Meta's customer-service window for free-form messages


async def whatsapp_window_closed(ctx: Ctx, channel: str, conversation_key: str,
                                 last_from_person: datetime | None) -> bool:
    """True when ``channel`` is WhatsApp and its 24-hour customer-service window is closed for the
    conversation (free-form messages are refused outside it; only approved templates pass).

    Source: the WhatsApp channel's window record when that channel runs in this process; otherwise
    ``last_from_person`` (the person's last message the caller knows of) and the identity's ``last_seen_at``."""
    if channel != "whatsapp":
        return False
    wa = None
    if ctx.deps.channels is not None:
        try:
            wa = ctx.deps.channels.get("whatsapp")
        except LookupError:
            wa = None
    if wa is not None and hasattr(wa, "window_open_for"):
        try:
            return not await wa.window_open_for(conversation_key)
        except Exception as exc:  # noqa: BLE001  (state store down: fall back to the transcript)
            log.warning("whatsapp-window-unreadable error=%s", type(exc).__name__)
    last = last_from_person
    identity = await ctx.db.get(ConversationIdentity, conversation_key)
    if identity is not None and (last is None or identity.last_seen_at > last):
        last = identity.last_seen_at
    return last is None or utcnow() - last > WHATSAPP_WINDOW


async def person_channel(ctx: Ctx, conversation_key: str) -> str | None:
    """The channel the person is reached on (``rest``, ``telegram``, ``whatsapp``…), or None when their
    identity is gone (erased data)."""
    identity = await ctx.db.get(ConversationIdentity, conversation_key)
    return None if identity is None else identity.channel


async def send_to_person(ctx: Ctx, conversation_key: str, text: str, sender: str) -> str | None:
    """Send ``text`` to the person behind ``conversation_key`` through their own channel, labelled as written
    by ``sender`` (``operator`` | ``center``). Ends the request's transaction first (SQLite: the channel's
    own session must not wait). Returns None when it was delivered to the channel, else the localized
    reason shown on the page (no channel here, unknown recipient, WhatsApp window closed, platform refusal)."""
    if ctx.deps.channels is None:
        return ctx.t("console-reply-no-channel")
    await ctx.db.commit()
    try:
        await ctx.deps.channels.send_to_conversation(conversation_key, [OutboundMessage(text=text, sender=sender)])
    except LookupError:  # no stored recipient (erased data) or the channel is not running here
        return ctx.t("console-reply-no-recipient")
    except RuntimeError as exc:
        if type(exc).__name__ == "OutsideServiceWindow":  # bot.channels.whatsapp: window closed meanwhile
            return ctx.t("console-whatsapp-window-closed")
        log.warning("send-failed sender=%s error=%s", sender, type(exc).__name__)
        return ctx.t("console-reply-failed")
    except Exception as exc:  # noqa: BLE001  (the platform refused or the network failed: say so, keep the text)
        log.warning("send-failed sender=%s error=%s", sender, type(exc).__name__)
        return ctx.t("console-reply-failed")
    return None
