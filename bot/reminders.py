"""Day-before appointment reminders, sent through the person's own channel.

``services.reminders.ReminderScheduler`` decides *when* (appointments starting tomorrow, local time
Africa/Casablanca, sent between 09:00 and 20:00; an arq job over Redis when ``REDIS_URL`` is set, an
in-process loop otherwise). This module decides *what* and *how*: the text comes from
``locales/<variety>/reminders.ftl`` in the conversation's variety and goes out through
``ChannelRegistry.send_to_conversation``. Nothing here logs a recipient or a text.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import locales
from dialogues.messages import OutboundMessage

log = logging.getLogger(__name__)


def reminder_sender(registry: Any, store: Any) -> Callable[[str, Any], Awaitable[bool]]:
    """An ``async send_reminder(conversation_key: str, appointment: AppointmentInfo) -> bool`` for
    ``ReminderScheduler``. ``registry``: the app's ``ChannelRegistry``; ``store``: its state store (read
    only, for the conversation's variety; Darija when the conversation state has expired). Returns False
    (the scheduler retries later) when the recipient or the channel is unknown or the send fails."""

    async def send_reminder(conversation_key: str, appointment: Any) -> bool:
        variety = locales.DEFAULT_VARIETY
        try:
            record = await store.load(conversation_key) or {}
            variety = (record.get("state") or {}).get("variety") or variety
        except Exception:  # noqa: BLE001 - state store down: still remind, in Darija
            log.warning("reminder: state store unavailable, default variety")
        start = appointment.start_local
        text = locales.t(variety, "reminder-day-before", date=start.strftime("%d/%m/%Y"),
                         time=start.strftime("%H:%M"), ref=appointment.reference)
        try:
            channel = await registry.send_to_conversation(conversation_key, [OutboundMessage(text=text)])
        except Exception as exc:  # noqa: BLE001 - unknown recipient or channel, platform error, WhatsApp's window
            log.warning("reminder not sent conv=%s reason=%s", conversation_key[:12], type(exc).__name__)
            return False
        log.info("reminder sent conv=%s channel=%s", conversation_key[:12], channel)
        return True

    return send_reminder
