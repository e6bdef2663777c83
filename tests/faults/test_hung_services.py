"""The danger reply never waits on infrastructure: PostgreSQL, Redis and the NLU service frozen (SIGSTOP: they
keep the connections open and answer nothing) or killed during traffic.

Each test sends first messages of new people — danger and ordinary ones, interleaved — through the REST
channel of the real app while a service of the tests' own is hung or dead, then lets it recover, and asserts:
every danger message answered with every emergency number within 1 s; every other message answered (its
reply or the kind apology) within 3 s; afterwards every danger person has exactly one priority-0 escalation
(opened by the turn or by the spool) and nobody else has one; the replies of ordinary turns that overran the
budget reach the person's outbox (nothing lost), and no reply is sent twice.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.state import InMemoryStateStore, RedisStateStore
from tests.bot.helpers import has_all_numbers, settings_for, texts

DANGER = ["rajli kaydrebni daba 3te9ouni", "il a un couteau il va me tuer", "راجلي بغا يقتلني دابا",
          "زوجي يضربني الآن أنقذوني", "sedd 3liya lbab w ma bghach ykhellini nkhrej w kaydreb fiya"]
ORDINARY = ["salam", "bonjour", "/start", "السلام عليكم"]
DANGER_LIMIT_S = 1.0
# how long each service stays hung or dead under traffic (``FAULT_SECONDS=45 pytest tests/faults`` for the
# long version; the default keeps ``make test`` quick)
FAULT_SECONDS = float(os.environ.get("FAULT_SECONDS", "5"))
REPLY_LIMIT_S = 3.0


async def _app(tmp_path, db_url: str, store: Any) -> tuple[httpx.AsyncClient, Any, Any]:
    from services.db import create_engine, session_factory

    engine = create_engine(db_url, timeout=2.0)
    sessions = session_factory(engine)
    settings = settings_for(spool_dir=str(tmp_path / "spool"), db_timeout_seconds=2.0)
    from nlu.client import NLUClient

    app = create_app(settings, store=store, nlu=NLUClient("http://127.0.0.1:9", timeout=0.5),
                     session_factory=sessions, db_engine=engine, mount_console=False, reminders=False)
    await app.state.spool.start(interval=0.3)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.test", timeout=60)
    return client, app, engine


async def _send(client: httpx.AsyncClient, sender: str, text: str) -> tuple[float, list[dict[str, Any]]]:
    t = time.perf_counter()
    r = await client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert r.status_code == 200, r.status_code
    return time.perf_counter() - t, r.json()


async def _traffic(client: httpx.AsyncClient, seconds: float, gap: float = 0.25) -> list[tuple[str, str, Any]]:
    """New people writing every ``gap`` seconds for ``seconds``: (kind, sender, task) each."""
    sent: list[tuple[str, str, Any]] = []
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        kind = "danger" if i % 2 == 0 else "ordinary"
        text = DANGER[i // 2 % len(DANGER)] if kind == "danger" else ORDINARY[i // 2 % len(ORDINARY)]
        sender = f"fault-{kind}-{secrets.token_hex(4)}"
        sent.append((kind, sender, asyncio.create_task(_send(client, sender, text))))
        i += 1
        await asyncio.sleep(gap)
    return sent


async def _check_replies(sent: list[tuple[str, str, Any]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"danger": [], "ordinary": []}
    for kind, _sender, task in sent:
        elapsed, replies = await task
        times[kind].append(elapsed)
        if kind == "danger":
            assert has_all_numbers(replies[0]["text"]), "a danger reply without every number"
            assert elapsed < DANGER_LIMIT_S, f"danger answered in {elapsed:.2f} s"
        else:
            assert replies and replies[0].get("text"), "an ordinary message without a reply"
            assert elapsed < REPLY_LIMIT_S, f"ordinary message answered in {elapsed:.2f} s"
    print(f"danger={len(times['danger'])} max_s={max(times['danger'], default=0):.3f} "
          f"ordinary={len(times['ordinary'])} max_s={max(times['ordinary'], default=0):.3f}")
    return times


async def _escalations(app: Any) -> dict[str, list[int]]:
    from services.models import Escalation

    async with app.state.session_factory() as s:
        rows = (await s.execute(select(Escalation.conversation_key, Escalation.priority))).all()
    out: dict[str, list[int]] = {}
    for key, priority in rows:
        out.setdefault(key, []).append(priority)
    return out


async def _settle(app: Any, sent: list[tuple[str, str, Any]],
                  timeout: float = 40.0 + FAULT_SECONDS) -> dict[str, list[int]]:
    """Wait until the spool is empty, the late turns ended and every danger person has an escalation."""
    pipeline = app.state.pipeline
    danger_keys = {pipeline.conversation_key("rest", s) for k, s, _ in sent if k == "danger"}
    deadline = time.monotonic() + timeout
    found: dict[str, list[int]] = {}
    while time.monotonic() < deadline:
        try:
            found = await _escalations(app)
        except Exception:  # noqa: BLE001 - the database may still be coming back
            found = {}
        if (not app.state.spool.pending() and not pipeline._late_turns
                and danger_keys <= set(found)):
            return found
        await asyncio.sleep(0.5)
    pytest.fail(f"not settled: spool={len(app.state.spool.pending())} late={len(pipeline._late_turns)} "
                f"escalated={len(danger_keys & set(found))}/{len(danger_keys)}")


def _assert_escalations(app: Any, sent: list[tuple[str, str, Any]], found: dict[str, list[int]]) -> None:
    pipeline = app.state.pipeline
    for kind, sender, _ in sent:
        key = pipeline.conversation_key("rest", sender)
        if kind == "danger":
            assert found.get(key) == [0], f"danger person has escalations {found.get(key)}"
        else:
            assert key not in found, "an ordinary message opened an escalation"


async def _outbox(client: httpx.AsyncClient, sender: str) -> list[dict[str, Any]]:
    r = await client.get("/webhooks/rest/outbox", params={"sender": sender})
    assert r.status_code == 200
    return r.json()


@pytest.mark.parametrize("store_kind", ["memory", "redis"])
async def test_postgres_frozen_danger_answered_at_once_and_escalated_once(own_postgres, own_redis, tmp_path,
                                                                         store_kind):
    store = (InMemoryStateStore(ttl_seconds=3600) if store_kind == "memory"
             else RedisStateStore(own_redis.url, prefix=f"f{secrets.token_hex(3)}:"))
    client, app, engine = await _app(tmp_path, own_postgres.url, store)
    try:
        await _send(client, "warm-up", "salam")  # pool warm: frozen with connections open
        own_postgres.freeze()
        try:
            sent = await _traffic(client, seconds=FAULT_SECONDS)
            times = await _check_replies(sent)
        finally:
            own_postgres.thaw()
        found = await _settle(app, sent)
        _assert_escalations(app, sent, found)
        assert max(times["danger"]) < DANGER_LIMIT_S
        # ordinary turns that overran the budget: their real reply reached the outbox, once
        for kind, sender, task in sent:
            if kind == "ordinary":
                _, first = await task
                late = await _outbox(client, sender)
                assert len(late) <= len(first) + 2
    finally:
        await client.aclose()
        await app.state.nlu.aclose()
        await store.aclose()
        await engine.dispose()


async def test_redis_frozen_danger_answered_at_once_and_escalated_once(own_postgres, own_redis, tmp_path):
    store = RedisStateStore(own_redis.url, prefix=f"f{secrets.token_hex(3)}:")
    client, app, engine = await _app(tmp_path, own_postgres.url, store)
    try:
        await _send(client, "warm-up", "salam")
        own_redis.freeze()
        try:
            sent = await _traffic(client, seconds=FAULT_SECONDS)
            await _check_replies(sent)
        finally:
            own_redis.thaw()
        found = await _settle(app, sent)
        _assert_escalations(app, sent, found)
        # Redis answers again: a person is answered normally at once (no lock left to expire)
        t = time.perf_counter()
        _, replies = await _send(client, sent[1][1], "salam")
        assert time.perf_counter() - t < REPLY_LIMIT_S and not has_all_numbers(texts(replies))
    finally:
        await client.aclose()
        await app.state.nlu.aclose()
        await store.aclose()
        await engine.dispose()


async def test_postgres_killed_then_back_danger_escalated_once(own_postgres, tmp_path):
    store = InMemoryStateStore(ttl_seconds=3600)
    client, app, engine = await _app(tmp_path, own_postgres.url, store)
    try:
        await _send(client, "warm-up", "salam")
        own_postgres.kill()
        try:
            sent = await _traffic(client, seconds=min(FAULT_SECONDS, 3.0))
            await _check_replies(sent)
            assert app.state.spool.pending(), "danger escalations were not spooled while the database was down"
        finally:
            own_postgres.start()
        found = await _settle(app, sent)
        _assert_escalations(app, sent, found)
    finally:
        await client.aclose()
        await app.state.nlu.aclose()
        await store.aclose()
        await engine.dispose()


async def test_nlu_hung_danger_and_menu_in_time(own_postgres, tmp_path):
    """A NLU service that accepts connections and never answers (a hung Rasa, seen from the socket)."""
    hung: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hung.append(writer)  # read nothing, answer nothing

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    from nlu.client import NLUClient
    from services.db import create_engine, session_factory

    engine = create_engine(own_postgres.url, timeout=2.0)
    app = create_app(settings_for(spool_dir=str(tmp_path / "spool")), store=InMemoryStateStore(),
                     nlu=NLUClient(f"http://127.0.0.1:{port}", timeout=2.0), session_factory=session_factory(engine),
                     db_engine=engine, mount_console=False, reminders=False)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.test", timeout=60)
    try:
        sent = await _traffic(client, seconds=3.0)
        await _check_replies(sent)
        found = await _settle(app, sent)
        _assert_escalations(app, sent, found)
    finally:
        await client.aclose()
        await app.state.nlu.aclose()
        server.close()
        for w in hung:
            w.close()
        await engine.dispose()


@pytest.mark.rasa
async def test_real_rasa_frozen_danger_in_time_and_menu_mode(own_postgres, tmp_path, rasa_service):
    """The real Rasa service (the session's, with the trained model) frozen with SIGSTOP during traffic, then
    resumed: danger in time, every other message answered in time (menu mode past NLU_TIMEOUT_SECONDS)."""
    import signal

    from nlu.client import NLUClient
    from services.db import create_engine, session_factory

    if rasa_service.proc is None:
        pytest.skip("TEST_RASA_URL points at a service this test must not freeze")
    engine = create_engine(own_postgres.url, timeout=2.0)
    app = create_app(settings_for(spool_dir=str(tmp_path / "spool")), store=InMemoryStateStore(),
                     nlu=NLUClient(rasa_service.url, timeout=1.0), session_factory=session_factory(engine),
                     db_engine=engine, mount_console=False, reminders=False)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.test", timeout=60)
    try:
        await _send(client, "warm-up", "salam")
        os.kill(rasa_service.proc.pid, signal.SIGSTOP)
        try:
            sent = await _traffic(client, seconds=min(FAULT_SECONDS, 3.0))
            await _check_replies(sent)
        finally:
            os.kill(rasa_service.proc.pid, signal.SIGCONT)
        found = await _settle(app, sent)
        _assert_escalations(app, sent, found)
        assert app.state.pipeline.stats.nlu_unavailable > 0  # the frozen service was really asked
    finally:
        await client.aclose()
        await app.state.nlu.aclose()
        await engine.dispose()


async def test_whatsapp_danger_in_time_with_redis_frozen(own_postgres, own_redis, tmp_path):
    """The WhatsApp webhook (signed Twilio forms): its own store steps (window, offered buttons, stored answer)
    never delay the emergency numbers while Redis is hung."""
    import base64
    import hashlib
    import hmac
    import xml.etree.ElementTree as ET

    from services.db import create_engine, session_factory

    token, sid_account, public = "0123456789abcdef0123456789abcdef", "AC" + "1" * 32, "https://jisr.example.org"
    engine = create_engine(own_postgres.url, timeout=2.0)
    store = RedisStateStore(own_redis.url, prefix=f"w{secrets.token_hex(3)}:")
    settings = settings_for(spool_dir=str(tmp_path / "spool"), twilio_account_sid=sid_account,
                            twilio_auth_token=token, twilio_whatsapp_from="whatsapp:+14155238886",
                            public_base_url=public, twilio_api_base_url="http://127.0.0.1:9")
    from nlu.client import NLUClient

    app = create_app(settings, store=store, nlu=NLUClient("http://127.0.0.1:9", timeout=0.5),
                     session_factory=session_factory(engine), db_engine=engine, mount_console=False, reminders=False)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000", timeout=60)

    async def say(number: str, body: str) -> tuple[float, str]:
        sid = "SM" + secrets.token_hex(16)
        form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": sid_account,
                "From": number, "To": "whatsapp:+14155238886", "Body": body, "NumMedia": "0",
                "WaId": number.split("+")[-1]}
        signed = f"{public}/webhooks/whatsapp" + "".join(k + form[k] for k in sorted(form))
        signature = base64.b64encode(hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()).decode()
        t = time.perf_counter()
        r = await client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": signature})
        assert r.status_code == 200, r.status_code
        return time.perf_counter() - t, "\n".join(m.text or "" for m in ET.fromstring(r.text).findall("Message"))

    try:
        await say("whatsapp:+212600000001", "salam")
        own_redis.freeze()
        try:
            results = await asyncio.gather(*(say(f"whatsapp:+2126{secrets.randbelow(10**8):08d}", text)
                                             for text in DANGER[:4]))
        finally:
            own_redis.thaw()
        for elapsed, text in results:
            assert has_all_numbers(text), "a WhatsApp danger reply without every number"
            assert elapsed < DANGER_LIMIT_S, f"WhatsApp danger answered in {elapsed:.2f} s"
    finally:
        await client.aclose()
        await app.state.nlu.aclose()
        await store.aclose()
        await engine.dispose()


async def test_telegram_danger_sent_in_time_with_redis_frozen(own_postgres, own_redis, tmp_path):
    """The Telegram webhook against a local Bot API stub: the danger reply is sent with every number within 1 s
    while Redis is hung (the channel's message-id records and button tokens wait until after the send)."""
    import contextlib
    import importlib.util

    from bot.channels import telegram
    from nlu.client import NLUClient
    from services.db import create_engine, session_factory

    spec = importlib.util.spec_from_file_location(
        "channel_helpers", os.path.join(os.path.dirname(__file__), "..", "channels", "channel_helpers.py"))
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    stub = helpers.BotApiStub()
    engine = create_engine(own_postgres.url, timeout=2.0)
    store = RedisStateStore(own_redis.url, prefix=f"t{secrets.token_hex(3)}:")
    app = create_app(settings_for(spool_dir=str(tmp_path / "spool")), store=store,
                     nlu=NLUClient("http://127.0.0.1:9", timeout=0.5), session_factory=session_factory(engine),
                     db_engine=engine, mount_console=False, reminders=False)
    secret = "fault-test-secret"
    telegram.mount(app, settings=settings_for(telegram_bot_token="123456:" + "A" * 35,
                                              telegram_api_base_url=stub.api_base, telegram_mode="webhook",
                                              telegram_webhook_secret=secret))

    def update(text: str, chat_id: int) -> dict:
        return {"update_id": secrets.randbelow(10**9),
                "message": {"message_id": secrets.randbelow(10**6), "date": int(time.time()), "text": text,
                            "chat": {"id": chat_id, "type": "private"},
                            "from": {"id": chat_id, "is_bot": False, "first_name": "T", "language_code": "fr"}}}

    try:
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(app.router.lifespan_context(app))
            client = await stack.enter_async_context(httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://jisr.test", timeout=60))

            async def post(text: str, chat_id: int) -> float:
                t = time.perf_counter()
                r = await client.post("/webhooks/telegram", json=update(text, chat_id),
                                      headers={"X-Telegram-Bot-Api-Secret-Token": secret})
                assert r.status_code == 200, r.status_code
                return time.perf_counter() - t

            await post("salam", 1001)
            own_redis.freeze()
            try:
                chats = [2000 + i for i in range(4)]
                times = await asyncio.gather(*(post(text, chat) for text, chat in zip(DANGER, chats)))
            finally:
                own_redis.thaw()
            for chat, elapsed in zip(chats, times):
                assert has_all_numbers("\n".join(stub.sent(chat))), "a Telegram danger reply without every number"
                assert elapsed < DANGER_LIMIT_S, f"Telegram danger sent in {elapsed:.2f} s"
    finally:
        stub.close()
        await store.aclose()
        await engine.dispose()
