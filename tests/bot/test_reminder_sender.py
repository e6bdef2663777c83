"""Day-before reminders reach the citizen through their own channel, in their variety (bot/reminders.py)."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from bot.reminders import reminder_sender
from services.booking import AppointmentInfo
from tests.bot.helpers import make_store, say

TZ = ZoneInfo("Africa/Casablanca")


async def test_reminder_reaches_the_web_chat_outbox_in_the_conversation_variety(make_client, store_kind,
                                                                                redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = f"reminder-{secrets.token_hex(4)}"
    await say(client, s, "/lang:fr")
    key = app.state.pipeline.conversation_key("rest", s)
    appointment = AppointmentInfo("K7Q4MZ", 1, dt.datetime(2027, 3, 2, 10, 0, tzinfo=TZ), "booked")

    assert await reminder_sender(app.state.registry, app.state.store)(key, appointment) is True

    outbox = (await client.get("/webhooks/rest/outbox", params={"sender": s})).json()
    assert len(outbox) == 1 and outbox[0]["recipient_id"] == s
    text = outbox[0]["text"]
    assert "Rappel" in text and "02/03/2027" in text and "10:00" in text and "K7Q4MZ" in text


async def test_reminder_for_an_unknown_conversation_is_not_sent(make_client):
    from bot.state import InMemoryStateStore

    _, app = await make_client(InMemoryStateStore())
    appointment = AppointmentInfo("K7Q4MZ", 1, dt.datetime(2027, 3, 2, 10, 0, tzinfo=TZ), "booked")
    assert await reminder_sender(app.state.registry, app.state.store)("0" * 64, appointment) is False
