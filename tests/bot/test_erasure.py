"""Erasure: after "delete my data" and after the quick exit, nothing of the conversation is left in the state
store — its state, the de-duplication answers of its messages, its outbox, any channel record — and the
same person then starts a clean conversation. Each test runs against both stores; for Redis the test scans
the server itself (``SCAN`` over the test's own key prefix), independently of the store's code."""

from __future__ import annotations

import secrets

import pytest

import locales
from bot.state import InMemoryStateStore, RedisStateStore
from dialogues.messages import OutboundMessage
from tests.bot.helpers import has_all_numbers, make_store, payloads, say, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")


def sender() -> str:
    return "web-" + secrets.token_hex(8)


async def all_keys(store) -> set[str]:
    """Every key the store holds: Redis → ``SCAN`` of the prefix on the server; memory → ``keys()``."""
    if isinstance(store, RedisStateStore):
        return {k[len(store.prefix):] async for k in store.client.scan_iter(match=f"{store.prefix}*", count=500)}
    return set(await store.keys())


async def test_erase_deletes_every_record_of_one_conversation_and_only_those(store_kind, redis_url, test_prefix):
    store = make_store(store_kind, redis_url, test_prefix)
    try:
        await store.save("conv-b", {"state": 1})
        await store.put_answer("dedup-b", {"x": 1}, 60, conversation="conv-b")
        others = await all_keys(store)

        await store.save("conv-a", {"state": 1})
        await store.push_outbox("conv-a", [{"text": "hello"}])
        await store.save("tg-msgs:conv-a", {"ids": [[1, 2.0]]}, conversation="conv-a")
        await store.put_answer("dedup-a1", {"x": 1}, 3600, conversation="conv-a")
        await store.put_answer("dedup-a2", {"x": 2}, 60, conversation="conv-a")  # shorter TTL after a longer one
        await store.save("shared-token", {"payload": "/pick:x"})  # belongs to nobody: stays
        assert {"state:conv-a", "outbox:conv-a", "state:tg-msgs:conv-a", "dedup:dedup-a1",
                "dedup:dedup-a2"} <= await all_keys(store)
        if store_kind == "redis":  # the index outlives the longest-lived record it lists
            assert await store.client.ttl(f"{test_prefix}conv:conv-a") > 3000

        assert await store.erase("conv-a") == 5
        assert await all_keys(store) == others | {"state:shared-token"}
        assert await store.load("conv-a") is None and await store.get_answer("dedup-a1") is None
        assert await store.pop_outbox("conv-a") == []
        assert await store.erase("conv-a") == 0  # idempotent
        assert await store.get_answer("dedup-b") == {"x": 1}
    finally:
        await store.aclose()


async def test_memory_store_index_is_swept_with_expired_records():
    now = [1000.0]
    store = InMemoryStateStore(ttl_seconds=100, clock=lambda: now[0])
    await store.save("tg-msgs:c", {"ids": []}, conversation="c")
    await store.put_answer("d", {"x": 1}, 50, conversation="c")
    assert await store.keys() == ["conv:c", "dedup:d", "state:tg-msgs:c"]
    now[0] += 200
    await store.load("anything")  # a read sweeps (at most once a minute)
    assert await store.keys() == [] and store._owned == {}


async def _person_with_records(client, app, s: str) -> str:
    """A French conversation with de-duplicated messages, a danger message (escalation) and an operator's
    reply waiting in the outbox. Returns the conversation key."""
    await say(client, s, "/start", message_id="m-1", metadata={"language": "fr"})
    await say(client, s, "/family_mediation", message_id="m-2")
    danger = await say(client, s, "il a un couteau, il va me tuer", message_id="m-3")
    assert has_all_numbers(danger[0]["text"])
    await app.state.registry.send("rest", s, [OutboundMessage(text="Bonjour, je suis là.")])
    return app.state.pipeline.conversation_key("rest", s)


async def _other_person(client) -> None:
    await say(client, sender(), "/start", message_id="o-1")
    await say(client, sender(), "/report_violence", message_id="o-2")


async def _starts_clean(client, app, s: str) -> None:
    """The same person writes again — reusing the first message's id: a new conversation, nothing
    remembered (not answered from an old de-duplication record, a new variety, one message handled)."""
    duplicates = app.state.pipeline.stats.duplicates
    again = await say(client, s, "/start", message_id="m-1", metadata={"language": "ary-Latn"})
    assert "/quick_exit" in payloads(again)
    assert app.state.pipeline.stats.duplicates == duplicates
    record = await app.state.store.load(app.state.pipeline.conversation_key("rest", s))
    assert record["meta"]["messages"] == 1
    assert record["state"]["variety"] == "ary-Latn" and record["state"]["flow"] == "welcome"
    assert record["state"]["slots"].get("need") is None


async def test_delete_my_data_leaves_no_key_of_the_conversation(make_client, store_kind, redis_url, test_prefix,
                                                                db_sessions):
    from services.escalations import active_for
    from services.identity import recipient_for

    store = make_store(store_kind, redis_url, test_prefix)
    client, app = await make_client(store)
    await _other_person(client)
    others = await all_keys(store)
    s = sender()
    conv = await _person_with_records(client, app, s)
    kept = await all_keys(store) - others
    assert {"state:" + conv, "outbox:" + conv, "conv:" + conv} <= kept
    assert len([k for k in kept if k.startswith("dedup:")]) == 3  # one per message id

    confirm = await say(client, s, "/delete_data", message_id="m-4")
    assert "/choose:delete_data.confirm.yes" in payloads(confirm)
    done = await say(client, s, "/choose:delete_data.confirm.yes", message_id="m-5")
    assert texts(done) == locales.t("fr", "privacy-deleted")  # not the degraded apology
    assert await all_keys(store) == others
    _, sessions = db_sessions
    async with sessions() as session:
        assert await active_for(session, conv) is None  # the escalation went with the person's data
        assert await recipient_for(session, conv) is None
    assert (await client.get("/webhooks/rest/outbox", params={"sender": s})).json() == []
    await _starts_clean(client, app, s)


async def test_quick_exit_leaves_no_key_of_the_conversation(make_client, store_kind, redis_url, test_prefix,
                                                            db_sessions):
    from services.escalations import active_for

    store = make_store(store_kind, redis_url, test_prefix)
    client, app = await make_client(store)
    await _other_person(client)
    others = await all_keys(store)
    s = sender()
    conv = await _person_with_records(client, app, s)
    assert {"state:" + conv, "outbox:" + conv, "conv:" + conv} <= await all_keys(store)

    bye = await say(client, s, "/quick_exit", message_id="m-4")
    assert bye[-1].get("custom") == {"quick_exit": True}
    assert await all_keys(store) == others
    _, sessions = db_sessions
    async with sessions() as session:  # the quick exit hides the conversation; the call for help stays
        esc = await active_for(session, conv)
    assert esc is not None and esc.priority == 0
    await _back_in_the_queue(client, app, s, esc.id)


async def _back_in_the_queue(client, app, s: str, escalation_id: int) -> None:
    """After a quick exit the person writes again: nothing of the hidden conversation is shown (no old
    de-duplication answer), but the call for help still open is rebuilt from the escalation row: their
    "/start" gets the menu with the reminder that the danger request stays with the team, in the
    conversation's language, with every number."""
    duplicates = app.state.pipeline.stats.duplicates
    again = await say(client, s, "/start", message_id="m-1", metadata={"language": "ary-Latn"})
    assert app.state.pipeline.stats.duplicates == duplicates
    assert has_all_numbers(texts(again)) and "/report_violence" in payloads(again)
    assert locales.t("fr", "human-waiting-danger-kept", gender="other") in texts(again)
    record = await app.state.store.load(app.state.pipeline.conversation_key("rest", s))
    assert record["meta"]["messages"] == 1
    assert record["state"]["slots"]["escalation_id"] == escalation_id
    assert record["state"]["variety"] == "fr"


async def test_quick_exit_works_while_an_operator_owns_the_conversation(make_client, store_kind, redis_url,
                                                                          test_prefix, db_sessions):
    """Waiting for an operator, then talking with one: the quick exit still hides everything (it was
    silenced with the rest before). The escalation stays with the operator, and what the person writes
    afterwards still reaches the operator, not the bot."""
    from services.escalations import active_for, claim, list_messages

    store = make_store(store_kind, redis_url, test_prefix)
    client, app = await make_client(store)
    _, sessions = db_sessions
    s = sender()
    await say(client, s, "/start", metadata={"language": "fr"})
    await say(client, s, "/talk_to_human", message_id="h-1")
    conv = app.state.pipeline.conversation_key("rest", s)
    bye = await say(client, s, "/quick_exit", message_id="h-2")  # waiting: nobody has claimed it yet
    assert bye and bye[-1].get("custom") == {"quick_exit": True}
    assert not {k for k in await all_keys(store) if conv in k}

    async with sessions() as session:
        esc = await active_for(session, conv)
        await claim(session, esc.id, "operator-1")
    await app.state.pipeline.set_handoff(conv, True)
    assert await say(client, s, "je suis revenue") == []  # the operator leads
    bye = await say(client, s, "/quick_exit")
    assert bye[-1].get("custom") == {"quick_exit": True}
    assert await all_keys(store) == set()
    assert await say(client, s, "vous êtes là ?") == []  # a new conversation, still the operator's
    async with sessions() as session:
        assert (await active_for(session, conv)).status == "claimed"
        citizen = [m.text for m in await list_messages(session, esc.id) if m.sender == "citizen"]
    assert {"je suis revenue", "vous êtes là ?"} <= set(citizen)
