"""Buttons are valid only where they were offered (REST, both state stores, menu mode): a stale "yes, erase my
data" sent as a first message or at another journey's question erases nothing and the conversation goes on."""

from __future__ import annotations

import secrets

from tests.bot.helpers import make_store, say


def sender() -> str:
    return "stale-" + secrets.token_hex(8)


async def test_a_stale_erase_confirmation_erases_nothing(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    pipeline = app.state.pipeline
    s = sender()
    key = pipeline.conversation_key("rest", s)
    await say(client, s, "/choose:delete_data.confirm.yes")  # a first message
    record = await pipeline.store.load(key)
    assert record is not None and record["state"]["flow"] != "delete_data"
    await say(client, s, "/disability_card")
    await say(client, s, "/choose:delete_data.confirm.yes")  # at another journey's question
    record = await pipeline.store.load(key)
    assert record is not None and record["state"]["flow"] == "disability_card"
    assert record["meta"]["messages"] == 3
