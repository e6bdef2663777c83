"""Bad input and failed delivery on the Telegram and WhatsApp webhooks, through the real app (real pipeline,
Redis, PostgreSQL; NLU down: menu mode), Telegram in webhook mode against a scripted Bot API stub
(``BotApiStub``), WhatsApp requests signed exactly as Twilio signs them.

* no malformed Telegram update gets a 5xx (Telegram would redeliver it again and again): 200, ignored;
* a danger text with a lone UTF-16 surrogate still gets the emergency numbers, on both channels;
* Telegram: a reply whose sending fails (Bot API 500) is retried and delivered exactly once; when it keeps
  failing the webhook answers 503 (Telegram redelivers) and the redelivery sends the stored answer — only
  the parts not sent yet — without processing the message twice;
* WhatsApp: the same MessageSid delivered several times at once is processed once; a signed request without
  a MessageSid, or replayed with the boundary between a name and its value shifted, is refused.
* property-based (Hypothesis): no update and no form, however malformed, gets a 5xx.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time

import httpx
import pytest
from channel_helpers import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BOT_TOKEN,
    CLOSED_PORT_URL,
    FROM,
    channel_settings,
    inbound,
    twilio_signature,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.channels import telegram, whatsapp

SECRET = "hardening-Secret_1"
OK = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
PUBLIC = "https://jisr.example.org"
WA_URL = f"{PUBLIC}/webhooks/whatsapp"
NUMBERS = ("19", "177", "15", "8350", "2511")
DANGER_SURROGATE = "il a un couteau il va me tuer \ud83d"


def has_numbers(text: str) -> bool:
    return all(n in text for n in NUMBERS)


@contextlib.asynccontextmanager
async def telegram_webhook(make_app, stub):
    """The app with Telegram in webhook mode on ``stub`` (started: getMe answered), and an ASGI client."""
    app = make_app()
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url=stub.api_base,
                         telegram_mode="webhook", telegram_webhook_secret=SECRET)
    channel = telegram.mount(app, settings=s)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.test",
                                  timeout=30) as client):
        yield app, channel, client


def update(text: str, chat_id: int | None = None, update_id: int | None = None) -> dict:
    chat_id = chat_id or secrets.randbelow(10**9) + 1000
    return {"update_id": update_id or secrets.randbelow(10**9),
            "message": {"message_id": secrets.randbelow(10**6), "date": int(time.time()), "text": text,
                        "chat": {"id": chat_id, "type": "private"},
                        "from": {"id": chat_id, "is_bot": False, "first_name": "T", "language_code": "fr"}}}


def raw_json(data) -> bytes:
    """JSON as a client would send it; lone surrogates as ``\\udXXX`` escapes (ensure_ascii)."""
    return json.dumps(data).encode()


async def post_update(client: httpx.AsyncClient, body: bytes, headers: dict | None = None) -> httpx.Response:
    return await client.post("/webhooks/telegram", content=body,
                             headers={"Content-Type": "application/json", **(headers if headers is not None else OK)})


# ---- Telegram: malformed updates -------------------------------------------------------------------

MALFORMED_UPDATES: list[bytes] = [
    b"", b"not json", b"\xff\xfe\x00", b"[]", b"42", b'"x"', b"null", b"{}",
    b"[" * 5000 + b"]" * 5000,
    b'{"update_id": NaN}', b'{"update_id": "12"}', b'{"update_id": true, "message": {}}',
    b'{"update_id": 1' + b"0" * 5000 + b"}",
    b'{"update_id": 5, "message": "text"}',
    b'{"update_id": 6, "message": {"chat": {"id": {"a": 1}, "type": "private"}, "text": "x"}}',
    b'{"update_id": 7, "message": {"chat": {"id": 77, "type": "private"}, "text": 12}}',
    b'{"update_id": 8, "message": {"chat": {"id": 78, "type": "private"}, "location": {"latitude": '
    + b"9" * 400 + b', "longitude": 1}}}',
    b'{"update_id": 9, "message": {"chat": {"id": 79, "type": "private"}, "location": "here"}}',
    b'{"update_id": 10, "callback_query": [1, 2]}',
    b'{"update_id": 11, "callback_query": {"id": 5, "from": {"id": "x"}, "data": {"a": 1}}}',
    (b'{"update_id": 12, "callback_query": {"id": "cb", "from": {"id": 81}, "data": "~0123456789abcdef",'
     b' "message": {"chat": {"id": 81, "type": "private"}, "reply_markup": {"inline_keyboard": "x"}}}}'),
    b'{"update_id": 13, "message": {"chat": [], "from": 3, "text": "x"}}',
    b'{"update_id": 14, "message": {"chat": {"id": 83, "type": "private"}, "voice": "x", "caption": 5}}',
    b'{"update_id": 15, "edited_message": {"chat": {"id": 84, "type": "private"}, "text": "x"}}',
    (b'{"update_id": 16, "message": {"message_id": "x", "date": "y", "chat": {"id": 85, "type": "private"},'
     b' "text": "salam"}}'),
    b'{"update_id": 17, "message": {"message_id": 1, "date": ' + b"9" * 400 + b', "chat": {"id": 86}, "text": "x"}}',
]


async def test_malformed_telegram_updates_are_answered_200_and_ignored(make_app, bot_api_stub, caplog):
    async with telegram_webhook(make_app, bot_api_stub) as (_app, _channel, client):
        for body in MALFORMED_UPDATES:
            r = await post_update(client, body)
            assert r.status_code == 200, (body[:80], r.status_code, r.text)
            assert r.json()["ok"] is True
        # the wrong secret is still refused, before anything is read
        assert (await post_update(client, b"not json", headers={})).status_code == 403
        # and a good update after all that is answered
        good = update("/start")
        assert (await post_update(client, raw_json(good))).status_code == 200
    assert bot_api_stub.sent(good["message"]["chat"]["id"])
    assert "salam" not in caplog.text


async def test_telegram_danger_text_with_a_lone_surrogate_gets_the_numbers(make_app, bot_api_stub):
    async with telegram_webhook(make_app, bot_api_stub) as (app, _channel, client):
        u = update(DANGER_SURROGATE)
        body = raw_json(u)
        assert b"\\ud83d" in body  # a lone surrogate on the wire, as a client that cut an emoji sends it
        r = await post_update(client, body)
        assert r.status_code == 200
        assert app.state.pipeline.stats.danger == 1
    assert has_numbers("\n".join(bot_api_stub.sent(u["message"]["chat"]["id"])))


# ---- Telegram: delivery ----------------------------------------------------------------------------

async def test_a_failed_send_is_retried_and_the_reply_delivered_exactly_once(make_app, bot_api_stub):
    """Bot API 500 then 200: the reply goes out once, within the same webhook call; a redelivery of the update
    sends nothing more."""
    async with telegram_webhook(make_app, bot_api_stub) as (app, _channel, client):
        u = update("il a un couteau, il va me tuer")
        chat = u["message"]["chat"]["id"]
        bot_api_stub.script("sendMessage", [500])
        r = await post_update(client, raw_json(u))
        assert r.status_code == 200
        sent = bot_api_stub.sent(chat)
        assert bot_api_stub.attempts()[0] == 500 and len(bot_api_stub.attempts()) == len(sent) + 1
        assert has_numbers("\n".join(sent))
        assert len(sent) == len(set(sent)), sent  # no part twice
        assert (await post_update(client, raw_json(u))).status_code == 200  # Telegram redelivers anyway
        assert bot_api_stub.sent(chat) == sent
        assert app.state.pipeline.stats.handled == 1


async def test_a_send_failing_beyond_the_retries_asks_telegram_to_redeliver_and_nothing_is_processed_twice(
        make_app, bot_api_stub):
    """The first part goes out, the second keeps failing: 503 with Retry-After (Telegram redelivers); the
    redelivery gets the pipeline's stored answer (the message is not processed again) and sends only the
    part that was missing."""
    async with telegram_webhook(make_app, bot_api_stub) as (app, _channel, client):
        u = update("il a un couteau, il va me tuer")
        chat = u["message"]["chat"]["id"]
        bot_api_stub.script("sendMessage", [200] + [500] * 50)
        started = time.monotonic()
        r = await post_update(client, raw_json(u))
        assert r.status_code == 503 and r.headers["retry-after"]
        assert time.monotonic() - started < telegram.SEND_RETRY_BUDGET_SECONDS + 3  # bounded
        first = bot_api_stub.sent(chat)
        assert len(first) == 1 and has_numbers(first[0])  # the numbers went out first
        bot_api_stub.script("sendMessage", [])
        r = await post_update(client, raw_json(u))
        assert r.status_code == 200
        sent = bot_api_stub.sent(chat)
        assert len(sent) >= 2 and sent[0] == first[0] and len(set(sent)) == len(sent)  # the rest, once
        stats = app.state.pipeline.stats
        assert stats.handled == 1 and stats.duplicates == 1 and stats.danger == 1  # processed once
        assert (await post_update(client, raw_json(u))).status_code == 200
        assert bot_api_stub.sent(chat) == sent


async def test_polling_mode_tries_an_undelivered_reply_again_later(make_app, bot_api_stub, monkeypatch):
    """In polling mode the update is already confirmed to Telegram: an undelivered reply is tried again in the
    background (the stored answer, sent once)."""
    monkeypatch.setattr(telegram, "POLLING_RETRY_DELAYS", (0.2, 0.2))
    monkeypatch.setattr(telegram, "SEND_RETRY_BUDGET_SECONDS", 0.3)
    async with telegram_webhook(make_app, bot_api_stub) as (app, channel, _client):
        u = update("/menu")
        chat = u["message"]["chat"]["id"]
        bot_api_stub.script("sendMessage", [500] * 3)

        class Update:
            def to_dict(self):
                return u

        await channel._on_update(Update(), None)
        assert not bot_api_stub.sent(chat) and channel._later
        for _ in range(50):
            if not channel._later:
                break
            await asyncio.sleep(0.1)
        sent = bot_api_stub.sent(chat)
        assert sent and len(sent) == len(set(sent))
        assert app.state.pipeline.stats.handled == 1


async def test_parallel_copies_of_one_update_are_answered_once(make_app, bot_api_stub):
    async with telegram_webhook(make_app, bot_api_stub) as (app, _channel, client):
        u = update("/menu")
        chat = u["message"]["chat"]["id"]
        results = await asyncio.gather(*(post_update(client, raw_json(u)) for _ in range(4)))
        assert [r.status_code for r in results] == [200] * 4
        texts = bot_api_stub.sent(chat)
        assert texts and len(texts) == len(set(texts))
        assert app.state.pipeline.stats.handled == 1


# ---- WhatsApp -------------------------------------------------------------------------------------

@pytest.fixture
async def wa_client(make_app, twilio_stub):
    app = make_app(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_whatsapp_from=FROM,
                   public_base_url=PUBLIC, twilio_api_base_url=twilio_stub.url)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000",
                                 timeout=30) as client:
        yield app, client


def wa_number() -> str:
    return f"whatsapp:+2126{secrets.randbelow(10**8):08d}"


async def post_form(client: httpx.AsyncClient, form: dict[str, str], signature: str | None = "auto",
                    signed_form: dict[str, str] | None = None) -> httpx.Response:
    headers = {}
    if signature == "auto":
        headers["X-Twilio-Signature"] = twilio_signature(WA_URL, signed_form or form)
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    return await client.post("/webhooks/whatsapp", data=form, headers=headers)


async def test_parallel_copies_of_one_message_sid_are_processed_once(wa_client):
    """Twilio may deliver one message several times at once (a timeout, a retry): the turn lock is taken
    before the MessageSid check, so the copies get one answer and the conversation moves once. The choice "1"
    is the one case where two processings would differ (the first changes the offered list)."""
    app, client = wa_client
    for trial in range(5):
        number = wa_number()
        assert (await post_form(client, inbound(number, "/menu"))).status_code == 200
        before = app.state.pipeline.stats.handled
        form = inbound(number, "1")
        answers = await asyncio.gather(*(post_form(client, form) for _ in range(3)))
        assert {r.status_code for r in answers} == {200}
        assert len({r.text for r in answers}) == 1, trial
        assert app.state.pipeline.stats.handled == before + 1, trial


async def test_signed_requests_without_a_message_sid_or_with_a_shifted_boundary_are_refused(wa_client):
    app, client = wa_client
    number = wa_number()
    form = inbound(number, "salam")
    sid = form["MessageSid"]
    # a signed request without MessageSid (and its aliases)
    bare = {k: v for k, v in form.items() if k not in ("MessageSid", "SmsMessageSid", "SmsSid")}
    r = await post_form(client, bare)
    assert r.status_code == 400 and "MessageSid" in r.json()["error"]
    # the captured request replayed with the name/value boundary shifted: same signature, other MessageSid
    shifted = {k: v for k, v in form.items() if k != "MessageSid"}
    shifted["MessageSi"] = "d" + sid
    assert twilio_signature(WA_URL, shifted) == twilio_signature(WA_URL, form)
    r = await post_form(client, shifted, signature=twilio_signature(WA_URL, form))
    assert r.status_code == 400
    # the other way: the name grows into the value
    longer = {k: v for k, v in form.items() if k != "MessageSid"}
    longer["MessageSidS"] = sid[1:]
    assert twilio_signature(WA_URL, longer) == twilio_signature(WA_URL, form)
    assert (await post_form(client, longer)).status_code == 400
    # a malformed MessageSid, a From that is not a WhatsApp address
    assert (await post_form(client, dict(form, MessageSid="SM" + "z" * 32, SmsMessageSid="SM" + "z" * 32,
                                         SmsSid="SM" + "z" * 32))).status_code == 400
    assert (await post_form(client, dict(form, From="+212600000000"))).status_code == 400
    assert app.state.pipeline.stats.handled == 0
    # the genuine request passes, once
    assert (await post_form(client, form)).status_code == 200
    assert app.state.pipeline.stats.handled == 1


async def test_whatsapp_bad_bytes_and_content_types(wa_client):
    """Invalid UTF-8 in the form (a cut emoji) is replaced, and a danger text still gets the numbers; a body
    that is not a form gets 415; an oversized one 413."""
    _app, client = wa_client
    form = inbound(wa_number(), "il a un couteau il va me tuer \ufffd")
    from urllib.parse import urlencode

    body = urlencode(form).replace("%EF%BF%BD", "%F0%9F%98").encode()  # the emoji's first 3 bytes only
    r = await client.post("/webhooks/whatsapp", content=body,
                          headers={"Content-Type": "application/x-www-form-urlencoded",
                                   "X-Twilio-Signature": twilio_signature(WA_URL, form)})
    assert r.status_code == 200, r.text
    assert has_numbers(r.text)
    r = await client.post("/webhooks/whatsapp", json=form)
    assert r.status_code == 415 and r.json()["error"]
    r = await client.post("/webhooks/whatsapp", content=b"a=" + b"x" * 70_000,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


# ---- properties ------------------------------------------------------------------------------------

def mostly(good: st.SearchStrategy, bad: st.SearchStrategy, percent: int = 85) -> st.SearchStrategy:
    """``good`` about ``percent`` % of the time, else ``bad``."""
    return st.integers(0, 99).flatmap(lambda i: good if i < percent else bad)


JSON_LEAVES = (st.none() | st.booleans() | st.integers() | st.floats()
               | st.text(alphabet=st.characters(codec=None), max_size=40))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda kids: st.lists(kids, max_size=4)
                           | st.dictionaries(st.text(max_size=12), kids, max_size=4), max_leaves=12)
BAD_CHARS = st.sampled_from(["\ud83d", "\ude00", "\udfff\ud800", "\x00", "\u202e", "\u2067"])
TEXTS = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=60),
    st.tuples(st.text(max_size=30), BAD_CHARS, st.text(max_size=10)).map("".join),
    st.sampled_from([DANGER_SURROGATE, "/start", "/lang fr", "/menu", "/help", "\u202eabc", ""]))


def _telegram_update() -> st.SearchStrategy:
    """Mostly well-formed updates (private chats, texts, locations, voice notes, taps) with wrong parts here
    and there, and now and then any JSON at all."""
    chat_id = mostly(st.integers(1000, 10**12), JSON_LEAVES)
    user = st.fixed_dictionaries({"id": chat_id, "is_bot": st.just(False)},
                                 optional={"language_code": mostly(st.sampled_from(["fr", "ar", "en"]), JSON_LEAVES)})
    chat = mostly(st.fixed_dictionaries({"id": chat_id, "type": mostly(st.just("private"), JSON_LEAVES)}),
                  JSON_VALUES)
    location = mostly(st.fixed_dictionaries({"latitude": st.floats(-90, 90), "longitude": st.floats(-180, 180)}),
                      st.one_of(st.fixed_dictionaries({"latitude": JSON_LEAVES, "longitude": JSON_LEAVES}),
                                JSON_VALUES))
    content = st.one_of(
        st.fixed_dictionaries({"text": mostly(TEXTS, JSON_VALUES)}),
        st.fixed_dictionaries({"location": location}),
        st.fixed_dictionaries({"voice": mostly(st.fixed_dictionaries({"mime_type": st.just("audio/ogg")}), JSON_VALUES)},
                              optional={"caption": mostly(TEXTS, JSON_LEAVES)}),
        st.fixed_dictionaries({}))
    message = st.tuples(
        st.fixed_dictionaries({"chat": chat}, optional={
            "message_id": mostly(st.integers(1, 10**6), JSON_LEAVES), "date": mostly(st.integers(0, 2**31), JSON_LEAVES),
            "from": mostly(user, JSON_VALUES)}),
        content).map(lambda parts: {**parts[0], **parts[1]})
    callback = st.fixed_dictionaries(
        {"id": mostly(st.text("0123456789", min_size=1, max_size=8), JSON_LEAVES),
         "data": mostly(st.sampled_from(["/menu", "/quick_exit", "/lang:fr", "~0123456789abcdef"]), TEXTS)},
        optional={"from": mostly(user, JSON_VALUES), "message": mostly(st.fixed_dictionaries({"chat": chat}), JSON_VALUES)})
    update_id = mostly(st.integers(1, 2**40), JSON_LEAVES, 95)
    return mostly(
        st.one_of(st.fixed_dictionaries({"update_id": update_id, "message": mostly(message, JSON_VALUES)}),
                  st.fixed_dictionaries({"update_id": update_id, "callback_query": mostly(callback, JSON_VALUES)})),
        JSON_VALUES)


@pytest.fixture
async def tg_client(make_app, bot_api_stub):
    """One started app for all the examples of a property (Hypothesis runs the test body once per example
    with the same fixtures: the state they leave is part of what is tested)."""
    async with telegram_webhook(make_app, bot_api_stub) as (_app, _channel, client):
        yield client


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=mostly(_telegram_update().map(raw_json), st.binary(max_size=200), 95))
async def test_property_no_telegram_update_gets_a_5xx(tg_client, body):
    r = await post_update(tg_client, body)
    assert r.status_code == 200, (body[:200], r.status_code, r.text)
    event("handled" if "ignored" not in r.json() else f"ignored {r.json()['ignored']}")


WA_TAMPER_NAMES = ["MessageSid", "SmsSid", "From", "AccountSid", "Body", "MediaUrl0", "Latitude", "ChannelInstallSid",
                   "MessageSi", "MessageSidX", "Bod", "messagesid", "From2", "x"]


def _whatsapp_form() -> st.SearchStrategy:
    """Genuine Twilio forms (texts with bad characters, locations, media, button payloads) — as they are, or
    with a parameter changed, added or dropped, or unsigned."""
    number = st.integers(10**8, 10**9 - 1).map(lambda n: f"whatsapp:+2126{n}")
    plain = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
    body = st.one_of(plain, st.sampled_from(["il a un couteau il va me tuer \ufffd", "1", "١", "/menu", "\u202e"]))
    extra = st.dictionaries(st.sampled_from(["Latitude", "Longitude", "NumMedia", "MediaContentType0", "ButtonPayload",
                                             "ProfileName"]),
                            st.one_of(st.sampled_from(["33.5", "-7.6", "1", "audio/ogg", "/menu", "nan", "9" * 400]),
                                      plain), max_size=3)
    genuine = st.tuples(number, body, extra).map(lambda t: inbound(t[0], t[1], **t[2]))
    changes = {
        "as is": st.just({}),
        "changed": st.fixed_dictionaries({"name": st.sampled_from(WA_TAMPER_NAMES), "value": plain}),
        "dropped": st.fixed_dictionaries({"drop": st.sampled_from(["MessageSid", "From", "Body", "SmsSid"])}),
    }

    def apply(form: dict, change: dict) -> dict:
        form = dict(form)
        if "name" in change:
            form[change["name"]] = change["value"]
        form.pop(change.get("drop", ""), None)
        return form

    case = st.sampled_from(["as is", "as is", "changed", "dropped"])
    return st.tuples(genuine, case.flatmap(lambda c: changes[c])).map(lambda t: apply(*t))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=_whatsapp_form(), signed=st.sampled_from([True, True, True, False]))
async def test_property_no_whatsapp_request_gets_a_5xx(wa_client, form, signed):
    _app, client = wa_client
    r = await post_form(client, form, signature="auto" if signed else "forged")
    assert r.status_code < 500, (form, r.status_code, r.text)
    if not signed:
        assert r.status_code == 403
    elif whatsapp.form_problem(form) is None:
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    else:
        assert r.status_code == 400
    event(f"status {r.status_code}")


async def test_a_redelivery_reaching_another_worker_sends_nothing_twice(channel_db, redis_url, bot_api_stub):
    """Two workers (two apps, one Redis): Telegram redelivers an update whose reply worker A already sent, and
    the copy reaches worker B. B neither runs the turn nor sends the reply again."""
    from bot.app import create_app
    from bot.state import RedisStateStore
    from nlu.client import NLUClient

    prefix = f"two-workers-{secrets.token_hex(3)}:"
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url=bot_api_stub.api_base,
                         telegram_mode="webhook", telegram_webhook_secret=SECRET)
    workers = []
    for _ in range(2):
        app = create_app(channel_settings(), store=RedisStateStore(redis_url, ttl_seconds=3600, prefix=prefix),
                         nlu=NLUClient(CLOSED_PORT_URL, timeout=0.5), session_factory=channel_db,
                         mount_console=False)
        telegram.mount(app, settings=s)
        workers.append(app)
    u = update("/menu")
    chat = u["message"]["chat"]["id"]
    async with contextlib.AsyncExitStack() as stack:
        clients = []
        for app in workers:
            await stack.enter_async_context(app.router.lifespan_context(app))
            clients.append(await stack.enter_async_context(httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://jisr.test", timeout=30)))
        assert (await post_update(clients[0], raw_json(u))).status_code == 200
        first = list(bot_api_stub.sent(chat))
        assert first
        assert (await post_update(clients[1], raw_json(u))).status_code == 200
        assert bot_api_stub.sent(chat) == first  # nothing sent again
        assert workers[1].state.pipeline.stats.handled == 0
        for app in workers:
            await app.state.nlu.aclose()
            await app.state.store.aclose()
