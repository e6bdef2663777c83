"""What one message costs in round trips to Redis and transactions on PostgreSQL (real servers, real app).

The message path's CPU per message is mostly I/O (``bench/rest_load.py``): every round trip to Redis and
every database transaction is paid on each of the thousands of messages a minute. These tests pin the
counts so that a change that adds one is seen:

* an ordinary turn with a message id: three Redis round trips — take the lock, read the state and the
  de-duplication answer, write both and release the lock;
* the first message of a conversation: one database transaction for the escalation check, the referral
  thread check and the identity record together; a later ordinary message (menu, no action): none.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import redis.asyncio as redis
from sqlalchemy import event

from bot.state import RedisStateStore
from tests.bot.helpers import say, texts


class CountingConnection(redis.Connection):
    """A real connection that counts what it sends: a command, or a whole pipeline, is one send followed by
    its reply: a round trip."""

    sends = 0

    async def send_packed_command(self, *args: Any, **kwargs: Any) -> None:
        type(self).sends += 1
        await super().send_packed_command(*args, **kwargs)


@pytest.fixture
def counting_store(redis_url: str, test_prefix: str) -> RedisStateStore:
    pool = redis.ConnectionPool.from_url(redis_url, decode_responses=True, socket_timeout=2.0,
                                         connection_class=CountingConnection)
    return RedisStateStore(redis_url, ttl_seconds=3600, prefix=test_prefix, client=redis.Redis(connection_pool=pool))


async def test_an_ordinary_turn_costs_three_redis_round_trips(make_client, counting_store) -> None:
    client, _ = await make_client(store=counting_store)
    sender = f"rt-{secrets.token_hex(4)}"
    await say(client, sender, "salam", message_id=secrets.token_hex(8))
    before = CountingConnection.sends
    replies = await say(client, sender, "/menu", message_id=secrets.token_hex(8))
    assert texts(replies)
    assert CountingConnection.sends - before == 3


async def test_a_redelivered_message_gets_the_stored_answer_and_changes_nothing(make_client, counting_store) -> None:
    """The state and the de-dup answer are written together: a redelivery returns the first answer and does
    not step the conversation again."""
    client, _ = await make_client(store=counting_store)
    sender, mid = f"rt-{secrets.token_hex(4)}", secrets.token_hex(8)
    await say(client, sender, "salam", message_id=secrets.token_hex(8))
    first = await say(client, sender, "/menu", message_id=mid)
    conv_keys = [k for k in await counting_store.keys() if k.startswith("state:")]
    assert len(conv_keys) == 1
    state_before = await counting_store.load(conv_keys[0].split(":", 1)[1])
    again = await say(client, sender, "/menu", message_id=mid)
    assert again == first
    assert await counting_store.load(conv_keys[0].split(":", 1)[1]) == state_before


async def test_a_first_message_costs_one_database_transaction(make_client, db_sessions, counting_store) -> None:
    engine, _ = db_sessions
    begins: list[int] = []

    def on_begin(conn: Any) -> None:
        begins.append(1)

    event.listen(engine.sync_engine, "begin", on_begin)
    try:
        client, _ = await make_client(store=counting_store)
        sender = f"rt-{secrets.token_hex(4)}"
        await say(client, sender, "salam", message_id=secrets.token_hex(8))
        first = len(begins)
        await say(client, sender, "/menu", message_id=secrets.token_hex(8))
        later = len(begins) - first
    finally:
        event.remove(engine.sync_engine, "begin", on_begin)
    assert first == 1
    assert later == 0


async def test_a_message_of_an_escalated_conversation_costs_two_transactions(make_client, db_sessions,
                                                                             counting_store) -> None:
    """Waiting for an operator: the escalation row is read (claimed? closed?), then the person's message and the
    bot's replies go to the transcript together, in order."""
    from services.escalations import active_for, list_messages
    from services.identity import pseudonymize
    from tests.bot.helpers import TEST_SECRET

    engine, sessions = db_sessions
    client, _ = await make_client(store=counting_store)
    sender = f"rt-{secrets.token_hex(4)}"
    await say(client, sender, "/start", message_id=secrets.token_hex(8))
    await say(client, sender, "/talk_to_human", message_id=secrets.token_hex(8))
    begins: list[int] = []

    def on_begin(conn: Any) -> None:
        begins.append(1)

    event.listen(engine.sync_engine, "begin", on_begin)
    try:
        replies = await say(client, sender, "wach kayn chi wa7ed?", message_id=secrets.token_hex(8))
    finally:
        event.remove(engine.sync_engine, "begin", on_begin)
    assert len(begins) == 2
    async with sessions() as session:
        esc = await active_for(session, pseudonymize("rest", sender, TEST_SECRET.encode()))
        assert esc is not None
        transcript = [(m.sender, m.text) for m in await list_messages(session, esc.id)]
    tail = [("citizen", "wach kayn chi wa7ed?")] + [("bot", r["text"]) for r in replies if r.get("text")]
    assert transcript[-len(tail):] == tail
