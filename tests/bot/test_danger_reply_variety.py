"""The emergency reply to a first message is in the variety of that message (REST channel, real PostgreSQL and
both state stores), with the NLU down and with the real trained Rasa model: a clearly French message gets
French (not Arabizi), MSA gets MSA, Darija in Arabic script gets Darija, Arabizi gets Arabizi."""

from __future__ import annotations

import secrets

import pytest

import locales
from tests.bot.helpers import has_all_numbers, make_store, say

FIRST_MESSAGES = [
    ("fr", "le père frappe l'enfant en ce moment"),
    ("fr", "mon mari me frappe fort aidez moi"),
    ("fr", "mon fils a disparu"),
    ("ar", "زوجي يهددني بالسكين الآن"),
    ("ar", "أسمع صراخ جارتي، زوجها يضربها"),
    ("ary", "راجلي كيضربني دابا عتقوني"),
    ("ary", "بنتي ما رجعاتش للدار من البارح"),
    ("ary-Latn", "jra7ni b lmos"),
    ("ary-Latn", "klit lfanid dyal dwa kaml"),
]


def sender() -> str:
    return "web-" + secrets.token_hex(8)


def alert(variety: str) -> str:
    return locales.t(variety, "safety-alert", gender="other")


def test_the_four_alerts_differ():
    assert len({alert(v) for v in locales.VARIETIES}) == len(locales.VARIETIES)


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize(("variety", "text"), FIRST_MESSAGES)
async def test_danger_reply_in_the_message_variety_with_the_nlu_down(make_client, store_kind, redis_url, test_prefix,
                                                                      variety, text):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix))  # no NLU at all
    replies = await say(client, sender(), text)
    assert has_all_numbers(replies[0]["text"])
    assert replies[0]["text"].startswith(alert(variety)), replies[0]["text"][:80]


@pytest.mark.rasa
@pytest.mark.parametrize(("variety", "text"), FIRST_MESSAGES)
async def test_danger_reply_in_the_message_variety_with_the_real_model(make_client, store_kind, redis_url, test_prefix,
                                                                       rasa_url, variety, text):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix), nlu_url=rasa_url)
    replies = await say(client, sender(), text)
    assert has_all_numbers(replies[0]["text"])
    assert replies[0]["text"].startswith(alert(variety)), replies[0]["text"][:80]
