"""An operator's reply says a person of the team is writing, on every channel: REST/web chat carry
``custom.sender = "operator"`` (the outbox keeps it), Telegram and WhatsApp put the localized label before the
text; the bot's own messages are unchanged. Real renderers and locales."""

from __future__ import annotations

import pytest

import locales
from bot.channels import telegram, whatsapp
from bot.channels.rest import to_rasa
from bot.dedup import messages_from_json, messages_to_json
from dialogues.messages import OutboundMessage

OPERATOR = OutboundMessage(text="Bonjour, je suis là.", sender="operator")
BOT = OutboundMessage(text="Bonjour, je suis là.")


def test_rest_marks_the_operator_and_the_outbox_keeps_it():
    assert to_rasa("s", [OPERATOR])[0]["custom"] == {"sender": "operator"}
    assert "custom" not in to_rasa("s", [BOT])[0]
    assert messages_from_json(messages_to_json([OPERATOR, BOT])) == [OPERATOR, BOT]


@pytest.mark.parametrize("variety", locales.VARIETIES)
def test_telegram_and_whatsapp_prefix_the_operator_label(variety):
    label = locales.t(variety, "channels-operator-label")
    assert telegram.render(OPERATOR, variety)[0]["text"] == label + "\n" + OPERATOR.text
    assert whatsapp.render(OPERATOR, variety)[0] == label + "\n" + OPERATOR.text
    assert telegram.render(BOT, variety)[0]["text"] == BOT.text
    assert whatsapp.render(BOT, variety)[0] == BOT.text
    assert label != locales.t(variety, "webchat-bot")
