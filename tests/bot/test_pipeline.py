"""The message path through the REST channel: duplicates, ordering, restarts, NLU/Redis/database down,
danger at any point, hand-off — each against both state stores (in-process and real Redis)."""

from __future__ import annotations

import asyncio
import secrets

import pytest

from bot.state import InMemoryStateStore, RedisStateStore
from dialogues.messages import OutboundMessage
from tests.bot.helpers import CLOSED_PORT_URL, has_all_numbers, make_store, payloads, say, texts

pytestmark = pytest.mark.asyncio(loop_scope="session")


def sender() -> str:
    return "web-" + secrets.token_hex(8)


async def stored_record(app, sender_id: str) -> dict | None:
    pipeline = app.state.pipeline
    return await pipeline.store.load(pipeline.conversation_key("rest", sender_id))


async def stored_state(app, sender_id: str) -> dict | None:
    record = await stored_record(app, sender_id)
    return None if record is None else record["state"]


async def handled(app, sender_id: str) -> int:
    """Messages handled for this sender (the pipeline's own counter in the stored record)."""
    record = await stored_record(app, sender_id)
    return 0 if record is None else record["meta"]["messages"]


async def test_start_shows_the_menu(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    replies = await say(client, s, "/start")
    assert replies and all(r["recipient_id"] == s for r in replies)
    assert "/quick_exit" in payloads(replies)
    assert len(payloads(replies)) >= 6  # one button per journey + quick exit
    state = await stored_state(app, s)
    assert state is not None and state["flow"] == "welcome"


async def test_a_button_payload_selects_it(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    menu = await say(client, s, "/start")
    violence = next(p for p in payloads(menu) if p == "/report_violence")
    replies = await say(client, s, violence)
    assert (await stored_state(app, s))["flow"] == "violence"
    assert replies and payloads(replies)


async def test_replies_say_the_variety_they_are_written_in(make_client, store_kind, redis_url, test_prefix):
    """REST ``custom.variety``: the language of the bot's reply (the web chat's interface follows it), kept by a
    redelivery; the danger reply too."""
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    first = await say(client, s, "/start", message_id="v-1", metadata={"language": "ary"})
    assert {r["custom"]["variety"] for r in first} == {"ary"}
    french = await say(client, s, "bonjour, je cherche un centre pour ma mère", message_id="v-2")
    assert {r["custom"]["variety"] for r in french} == {"fr"}
    assert (await stored_state(app, s))["variety"] == "fr"
    assert await say(client, s, "bonjour, je cherche un centre pour ma mère", message_id="v-2") == french
    latin = await say(client, s, "salam, bghit markaz 9rib")
    assert {r["custom"]["variety"] for r in latin} == {"ary-Latn"}
    danger = await say(client, s, "راجلي غادي يقتلني")
    assert {r["custom"]["variety"] for r in danger} == {"ary"} and has_all_numbers(texts(danger))


async def test_duplicate_returns_the_stored_answer_and_changes_nothing(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    first = await say(client, s, "/start", message_id="m-1")
    second = await say(client, s, "/report_violence", message_id="m-2")
    before = await stored_state(app, s)
    again = await say(client, s, "/start", message_id="m-1")  # redelivery of m-1
    assert again == first
    assert await stored_state(app, s) == before  # nothing changed: still in the violence journey
    assert before["flow"] == "violence" and await handled(app, s) == 2
    assert second != first
    # same message id from another sender is another message
    other = await say(client, sender(), "/start", message_id="m-1")
    assert other and other[0]["recipient_id"] != s
    assert app.state.pipeline.stats.duplicates == 1


async def test_messages_of_one_sender_at_once_are_processed_one_by_one(make_client, store_kind, redis_url, test_prefix):
    store = make_store(store_kind, redis_url, test_prefix)
    client, app = await make_client(store)
    s = sender()
    await say(client, s, "/start")
    n = 12
    results = await asyncio.gather(*[say(client, s, "/menu", message_id=f"c-{i}") for i in range(n)])
    assert all(results)
    assert await handled(app, s) == n + 1  # no lost update: every turn saw the previous one's state


async def test_two_workers_share_the_redis_lock(make_client, redis_url, test_prefix):
    """Two app instances (as two uvicorn workers) on one Redis: one person's messages still serialise."""
    client_a, app_a = await make_client(RedisStateStore(redis_url, prefix=test_prefix))
    client_b, _ = await make_client(RedisStateStore(redis_url, prefix=test_prefix))
    s = sender()
    await say(client_a, s, "/start")
    calls = [say(client_a if i % 2 else client_b, s, "/menu", message_id=f"w-{i}") for i in range(10)]
    await asyncio.gather(*calls)
    assert await handled(app_a, s) == 11


async def test_state_survives_a_restart_in_redis_not_in_memory(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    await say(client, s, "/start")
    await say(client, s, "/report_violence")
    assert (await stored_state(app, s))["flow"] == "violence"
    # "restart": a brand-new app and a brand-new store object (new process)
    client2, app2 = await make_client(make_store(store_kind, redis_url, test_prefix))
    state = await stored_state(app2, s)
    if store_kind == "redis":
        assert state is not None and state["flow"] == "violence" and await handled(app2, s) == 2
        await say(client2, s, "/menu")
        assert await handled(app2, s) == 3
    else:
        assert state is None  # in-process state is per process, by design (documented)


async def test_nlu_down_gives_menu_mode(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))  # NLU on a closed port
    s = sender()
    replies = await say(client, s, "salam")
    assert replies and not has_all_numbers(texts(replies))  # a normal answer, not the apology
    assert payloads(replies)  # buttons route every journey
    replies = await say(client, s, "bghit lcarte dyal l'handicap")  # keyword routing without NLU
    assert (await stored_state(app, s))["flow"] == "disability_card"
    assert app.state.pipeline.stats.nlu_unavailable >= 2
    assert app.state.pipeline.stats.degraded == 0


async def test_nlu_down_danger_still_gets_the_numbers(make_client, store_kind, redis_url, test_prefix):
    client, _ = await make_client(make_store(store_kind, redis_url, test_prefix))
    replies = await say(client, sender(), "il a un couteau, il va me tuer")
    assert has_all_numbers(replies[0]["text"])
    assert any("/choose:emergency." in p for p in payloads(replies))  # then: are you safe now?


async def test_redis_down_gives_apology_and_numbers(make_client):
    down = RedisStateStore(f"redis://{CLOSED_PORT_URL}/0", socket_timeout=0.5)
    client, app = await make_client(down)
    replies = await say(client, sender(), "salam, bghit n3ref fin kayn markaz")
    assert len(replies) == 1 and has_all_numbers(replies[0]["text"])
    assert app.state.pipeline.stats.degraded == 1
    danger = await say(client, sender(), "ghadi y9telni daba")
    assert has_all_numbers(danger[0]["text"])
    assert app.state.pipeline.stats.danger == 1


async def test_database_down_new_person_answered_danger_gets_numbers(make_client, store_kind, redis_url,
                                                                     test_prefix):
    """With the database refusing connections a new person still gets the menu (the escalation check and
    the identity record are skipped, the identity retried at the next message); a step that needs the
    database (a center search) gets the kind apology with every number; danger gets the numbers."""
    from services.db import create_engine, session_factory

    broken = session_factory(create_engine(f"postgresql+asyncpg://{CLOSED_PORT_URL}/nowhere"))
    store = make_store(store_kind, redis_url, test_prefix)
    client, app = await make_client(store, session_factory=broken)
    s = sender()
    replies = await say(client, s, "/start")
    assert "/find_center" in payloads(replies) and not has_all_numbers(texts(replies))
    state = await stored_state(app, s)
    assert state is not None
    danger = await say(client, s, "راجلي بغا يقتلني")
    assert has_all_numbers(danger[0]["text"])


async def test_danger_mid_flow_gets_numbers_escalation_and_safety_question(make_client, store_kind, redis_url,
                                                                          test_prefix, db_sessions):
    from services.escalations import active_for

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    await say(client, s, "/start")
    await say(client, s, "/family_mediation")
    assert (await stored_state(app, s))["flow"] == "family_mediation"
    replies = await say(client, s, "rah kaydrebni daba 3te9ouni")
    assert has_all_numbers(replies[0]["text"])  # the very first reply
    state = await stored_state(app, s)
    assert state["flow"] == "emergency"
    assert any(p.startswith("/choose:emergency.safe_now.") for p in payloads(replies))
    _, sessions = db_sessions
    async with sessions() as session:
        esc = await active_for(session, app.state.pipeline.conversation_key("rest", s))
    assert esc is not None and esc.priority == 0 and esc.reason.startswith("danger")
    assert state["slots"]["escalation_id"] == esc.id


async def test_handoff_silences_the_bot_except_the_safety_net(make_client, store_kind, redis_url, test_prefix,
                                                              db_sessions):
    from services.escalations import claim, list_messages, open_escalation

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    await say(client, s, "/start")
    key = app.state.pipeline.conversation_key("rest", s)
    _, sessions = db_sessions
    async with sessions() as session:
        esc = await open_escalation(session, key, "rest", "fr", "violence", None, 1, "user_request")
    async with sessions() as session:
        await claim(session, esc.id, "operator-1")
    await app.state.pipeline.set_handoff(key, True)
    assert await say(client, s, "/menu") == []
    assert await say(client, s, "je voudrais parler de ma situation") == []
    danger = await say(client, s, "il est là, il a un couteau")
    assert has_all_numbers(danger[0]["text"])
    assert not any("/choose:emergency." in p for p in payloads(danger))  # the operator leads, not a flow
    async with sessions() as session:
        transcript = await list_messages(session, esc.id)
    citizen = [m.text for m in transcript if m.sender == "citizen"]
    assert "je voudrais parler de ma situation" in citizen and "il est là, il a un couteau" in citizen
    # the operator's reply reaches the web chat through the outbox
    await app.state.registry.send_to_conversation(key, [OutboundMessage(text="Bonjour, je suis là.")])
    r = await client.get("/webhooks/rest/outbox", params={"sender": s})
    assert r.json() == [{"recipient_id": s, "text": "Bonjour, je suis là."}]
    assert (await client.get("/webhooks/rest/outbox", params={"sender": s})).json() == []
    # hand back: the bot answers again
    await app.state.pipeline.set_handoff(key, False)
    from services.escalations import close

    async with sessions() as session:
        await close(session, esc.id, "resolved", "operator-1")
    assert await say(client, s, "/menu")


async def test_bad_input_gets_a_clear_400(make_client):
    client, _ = await make_client(InMemoryStateStore())
    for body in ({}, {"sender": ""}, {"sender": "x", "message": 5}, {"sender": 5, "message": "x"},
                 {"sender": "x", "message": "", "metadata": {"location": {"latitude": 200, "longitude": 0}}},
                 {"sender": "x", "message": ""}, [1, 2]):
        r = await client.post("/webhooks/rest/webhook", json=body)
        assert r.status_code == 400 and "error" in r.json()
    r = await client.post("/webhooks/rest/webhook", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert (await client.get("/webhooks/rest/")).json() == {"status": "ok"}


async def test_location_metadata_reaches_the_flow(make_client, store_kind, redis_url, test_prefix):
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    await say(client, s, "/start")
    await say(client, s, "/find_center")
    await say(client, s, "/choose:find_center.need.disability")
    assert (await stored_state(app, s))["node"] == "location"
    # Tanger (35.7595, -5.8340): a shared location fills the place slots wherever the flow asks for it
    await say(client, s, "", metadata={"location": {"latitude": 35.7595, "longitude": -5.8340}})
    state = await stored_state(app, s)
    assert state["slots"].get("latitude") == pytest.approx(35.7595)


async def test_healthz_names_the_failed_part(make_client, db_sessions):
    client, _ = await make_client(InMemoryStateStore())  # NLU on a closed port
    r = await client.get("/healthz")
    # NLU alone missing: degraded but in rotation (the bot answers in menu mode)
    assert r.status_code == 200 and r.json() == {"status": "degraded", "mode": "menu", "failed": ["nlu"],
                                                 "nlu": "down", "database": "ok", "state": "ok"}

    from services.db import create_engine, session_factory

    broken = session_factory(create_engine(f"postgresql+asyncpg://{CLOSED_PORT_URL}/x"))
    client2, _ = await make_client(InMemoryStateStore(), session_factory=broken)
    r = await client2.get("/healthz")
    assert r.status_code == 503 and set(r.json()["failed"]) == {"nlu", "database"}
    assert r.json()["status"] == "unavailable" and r.json()["mode"] == "menu"


async def test_privacy_headers(make_client):
    client, _ = await make_client(InMemoryStateStore())
    r = await client.post("/webhooks/rest/webhook", json={"sender": "h", "message": "/start"})
    assert r.headers["cache-control"] == "no-store" and r.headers["referrer-policy"] == "no-referrer"
    page = await client.get("/")
    assert page.status_code == 200 and "quick-exit" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    strings = (await client.get("/webchat/strings.json", params={"variety": "ar"})).json()
    assert strings["dir"] == "rtl" and strings["strings"]["webchat-quick-exit"]
    assert [n["number"] for n in strings["emergency"]] == ["19", "177", "15", "8350", "2511"]
    assert (await client.get("/webchat/strings.json", params={"variety": "fr"})).json()["dir"] == "ltr"


async def test_a_reused_message_id_with_other_content_is_a_new_message(make_client, store_kind, redis_url,
                                                                       test_prefix):
    """A redelivery is the same message: same id AND same content. A reused id with other content (a buggy
    or hostile client) must not hide a danger message behind the stored welcome menu."""
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    first = await say(client, s, "salam", message_id="abc")
    assert not has_all_numbers(texts(first))
    danger = await say(client, s, "rajli ghadi y9telni", message_id="abc")
    assert has_all_numbers(danger[0]["text"])
    stats = app.state.pipeline.stats
    assert stats.duplicates == 0 and stats.message_id_reused == 1
    # true redeliveries of either message still get their own stored answer and change nothing
    assert await say(client, s, "rajli ghadi y9telni", message_id="abc") == danger
    assert await say(client, s, "salam", message_id="abc") == first
    assert stats.duplicates == 2 and await handled(app, s) == 2
    metrics = (await client.get("/metrics.json")).json()
    assert metrics["message_id_reused"] == 1 and metrics["duplicates"] == 2


async def test_a_stored_answer_without_the_numbers_never_hides_danger(make_client, store_kind, redis_url,
                                                                      test_prefix):
    """Whatever the de-duplication store holds (an answer stored by an older version, a stored apology), a
    message the safety net calls danger gets the emergency numbers."""
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    pipeline = app.state.pipeline
    s = sender()
    from dialogues.messages import InboundMessage

    msg = InboundMessage(channel="rest", sender_id=s, message_id="old-1", text="il va me tuer")
    key = pipeline._dedup_key(pipeline.conversation_key("rest", s), msg)
    await pipeline.store.put_answer(key, [{"text": "Bonjour !", "buttons": []}])  # a legacy record: no digest
    replies = await say(client, s, "il va me tuer", message_id="old-1")
    assert has_all_numbers(texts(replies))


async def test_a_long_message_is_never_refused_and_danger_at_its_end_gets_the_numbers(make_client, store_kind,
                                                                                      redis_url, test_prefix,
                                                                                      db_sessions):
    """The safety net reads the whole text of every accepted message (up to MAX_MESSAGE_BYTES, 64 KiB: larger
    bodies get 413, tests/bot/test_request_limits.py); the NLU and the engine get the first 4000 characters; the
    answer is a normal one (no 400, no apology)."""
    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    story = "Je vous écris pour vous raconter ma situation depuis le début. " * 70  # ~4400 characters
    assert len(story) > 4000
    replies = await say(client, sender(), story + "il va me tuer")
    assert has_all_numbers(replies[0]["text"])
    assert any("/choose:emergency." in p for p in payloads(replies))
    s = sender()
    replies = await say(client, s, "bonjour " * 600)  # 4800 characters, no danger: an ordinary answer
    assert replies and not has_all_numbers(texts(replies)) and payloads(replies)
    long_danger = "x" * 60_000 + " ghadi y9telni"  # 60 kB, near the 64 KiB limit: still read to the end
    s2 = sender()
    replies = await say(client, s2, long_danger)
    assert has_all_numbers(replies[0]["text"])
    assert app.state.pipeline.stats.degraded == 0
    # what goes past the safety net (NLU, engine, the operator's transcript) is the first 4000 characters
    from services.escalations import active_for, list_messages

    _, sessions = db_sessions
    async with sessions() as session:
        esc = await active_for(session, app.state.pipeline.conversation_key("rest", s2))
        citizen = [m.text for m in await list_messages(session, esc.id) if m.sender == "citizen"]
    assert len(citizen) == 1 and len(citizen[0]) == 4000 and citizen[0].startswith("xxx")


async def test_waiting_for_an_operator_is_never_silent(make_client, store_kind, redis_url, test_prefix, db_sessions):
    """After "talk to a person", while nobody has claimed the escalation, a follow-up gets a short kind "you are
    in the queue" with the numbers — at most once every 5 minutes; once claimed, the bot is silent (the
    operator talks). The citizen's messages reach the escalation all along."""
    from services.escalations import active_for, claim, list_messages

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    pipeline = app.state.pipeline
    now = [1_000_000.0]
    pipeline.clock = lambda: now[0]
    s = sender()
    await say(client, s, "/start", metadata={"language": "fr"})
    await say(client, s, "/talk_to_human")
    assert (await stored_state(app, s))["handoff"] is True
    key = pipeline.conversation_key("rest", s)
    first = await say(client, s, "allo?")
    assert len(first) == 1 and "file d'attente" in first[0]["text"] and has_all_numbers(first[0]["text"])
    now[0] += 60
    assert await say(client, s, "allo ??") == []  # not again within 5 minutes
    now[0] += 241
    again = await say(client, s, "il y a quelqu'un ?")
    assert has_all_numbers(texts(again))
    _, sessions = db_sessions
    async with sessions() as session:
        esc = await active_for(session, key)
        transcript = [m.text for m in await list_messages(session, esc.id) if m.sender == "citizen"]
    assert {"allo?", "allo ??", "il y a quelqu'un ?"} <= set(transcript)
    async with sessions() as session:
        await claim(session, esc.id, "operator-1")
    now[0] += 600
    assert await say(client, s, "allo?") == []  # claimed: the operator is talking
    assert pipeline.stats.handoff_queued == 2



async def test_a_message_with_every_kind_of_danger_still_opens_the_priority_0_escalation(
        make_client, store_kind, redis_url, test_prefix, db_sessions):
    """The escalation's ``reason`` column holds 60 characters: a message that trips many kinds at once must
    still open the escalation (the most urgent kinds are kept in the reason)."""
    from services.escalations import active_for

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = sender()
    text = ("il me suit dans la rue depuis la gare, il a un couteau, il va me tuer, il m'a enfermée, "
            "il me frappe maintenant, je veux mourir")
    replies = await say(client, s, text)
    assert has_all_numbers(replies[0]["text"])
    _, sessions = db_sessions
    async with sessions() as session:
        esc = await active_for(session, app.state.pipeline.conversation_key("rest", s))
    assert esc is not None and esc.priority == 0
    assert esc.reason.startswith("danger_keyword:threat_to_life,") and len(esc.reason) <= 60
