"""Telegram end to end: the real app and pipeline, python-telegram-bot in polling mode against the
telegram-test-api emulator (via TELEGRAM_API_BASE_URL); the test is the user, through the emulator's client
API. Journeys use the real trained Rasa model (``rasa_url``)."""

from __future__ import annotations

import contextlib
import json
import time

import httpx
import pytest
from channel_helpers import BOT_TOKEN, channel_settings, find_button, keyboard, text_of

import locales
from bot.channels import telegram
from bot.channels.telegram import callback_data_for
from bot.channels.textsplit import utf16_len
from dialogues.messages import OutboundMessage

TANGER = (35.7595, -5.834)


@contextlib.asynccontextmanager
async def running_bot(app, emu, **settings):
    """Mount the Telegram channel on ``app`` (polling, emulator base URL) and run the app's lifespan."""
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url=emu.api_base, **settings)
    channel = telegram.mount(app, settings=s, poll_interval=0.2, poll_timeout=1)
    async with app.router.lifespan_context(app):
        yield channel


def tap_payload(payload: str):
    data = callback_data_for(payload)[0]
    return lambda d: d == data


async def test_violence_journey_in_darija_with_location_and_quick_exit(make_app, telegram_emulator, rasa_url):
    """/start, a Darija message, button taps (one with a payload longer than 64 bytes), a shared location,
    the referral, then /exit deletes the conversation's messages."""
    app = make_app(nlu_url=rasa_url)
    user = telegram_emulator.user(language_code="ar")
    async with running_bot(app, telegram_emulator) as channel:
        assert channel.mode == "polling"
        welcome = await user.say("/start")
        assert keyboard(welcome[-1]), "the menu comes as an inline keyboard"

        intro = await user.say("راجلي كيضربني ديما")
        reply, data = find_button(intro, tap_payload("/choose:violence.intro.yes"))
        danger = await user.tap(reply, data)
        reply, data = find_button(danger, tap_payload("/choose:violence.danger.no"))
        ask_place = await user.tap(reply, data)  # "راجلي": the kind (partner) is known, not asked again
        location_kb = [r for r in ask_place if (r["message"].get("reply_markup") or {}).get("keyboard")]
        assert location_kb, "the place question offers the request_location reply keyboard"
        button = location_kb[-1]["message"]["reply_markup"]["keyboard"][0][0]
        assert button["request_location"] is True
        assert button["text"] == locales.t("ary", "channels-share-location")

        offer = await user.share_location(*TANGER)
        assert "8350" in text_of(offer)
        reply, data = find_button(offer, lambda d: d.startswith(("/pick:", "~")))
        for r in offer:  # every callback_data within Telegram's 64-byte limit
            for row in keyboard(r):
                assert all(len(b["callback_data"].encode()) <= 64 for b in row)
        chosen = await user.tap(reply, data)
        reply, data = find_button(chosen, lambda d: "referral" in d or d.startswith("~"))
        consent = await user.tap(reply, data)
        reply, data = find_button(consent, tap_payload("/choose:referral.consent.yes"))
        sent = await user.tap(reply, data)
        assert "تصيفط الطلب" in text_of(sent)
        assert "19" in text_of(sent)
        assert telegram_emulator.calls("answerCallbackQuery"), "taps are answered"

        before = await user.history()
        assert len(before) > 10
        bye = await user.say("/exit")
        after = await user.history()
        assert [m["message"].get("text") for m in after] == [m["message"].get("text") for m in bye]
        assert text_of(bye) == locales.t("ary", "common-quick-exit-done")
        deletes = [c for c in telegram_emulator.calls("deleteMessage")
                   if str(c["params"].get("chat_id")) == str(user.chat_id)]
        assert len(deletes) >= len(before)

        # the conversation ended: the next message starts afresh (menu, not the referral flow)
        again = await user.say("/menu")
        assert keyboard(again[-1])


async def test_disability_card_journey_in_darija(make_app, telegram_emulator, rasa_url):
    app = make_app(nlu_url=rasa_url)
    user = telegram_emulator.user(language_code="ar")
    async with running_bot(app, telegram_emulator):
        info = await user.say("بغيت بطاقة الاعاقة لولدي")  # "لولدي": for a child, not asked again
        assert "2.22.1075" in text_of(info)
        reply, data = find_button(info, tap_payload("/choose:disability_card.info.find"))
        ask_place = await user.tap(reply, data)
        assert any((r["message"].get("reply_markup") or {}).get("keyboard") for r in ask_place)
        centers = await user.say("الرباط")
        assert "مركز" in text_of(centers)  # the nearest centers, listed in Darija
        # Arabic text arrives as sent: no mirrored or broken characters
        assert all("\ufffd" not in r["message"].get("text", "") for r in centers)
        reply, data = find_button(centers, lambda d: d.startswith(("/pick:", "~")))
        after = await user.tap(reply, data)
        assert text_of(after)
        key = app.state.pipeline.conversation_key("telegram", str(user.chat_id))
        state = (await app.state.store.load(key))["state"]
        assert state["slots"].get("center_id"), "the tapped center was chosen"
        assert state["variety"] == "ary"


async def test_first_contact_in_the_telegram_language_then_what_the_person_writes(make_app, telegram_emulator,
                                                                                  rasa_url):
    """A French Telegram gets the welcome in French, an Arabic one in Darija (not MSA), on /start or on a
    first message that does not show a variety; afterwards the conversation follows what the person writes.
    The real Rasa model decides the written variety."""
    app = make_app(nlu_url=rasa_url)

    async def variety(user) -> str:
        key = app.state.pipeline.conversation_key("telegram", str(user.chat_id))
        return (await app.state.store.load(key))["state"]["variety"]

    def welcome(variety: str) -> str:
        return locales.t(variety, "welcome-hello")[:20]

    async with running_bot(app, telegram_emulator):
        fr, ar = telegram_emulator.user(language_code="fr"), telegram_emulator.user(language_code="ar")
        assert text_of(await fr.say("/start")).startswith(welcome("fr"))
        assert text_of(await ar.say("/start")).startswith(welcome("ary"))
        first_fr, first_ar = telegram_emulator.user(language_code="fr"), telegram_emulator.user(language_code="ar")
        wave = await first_fr.say("👋")  # not understood: the menu, in French
        assert keyboard(wave[-1]) and await variety(first_fr) == "fr" and "Désolé" in text_of(wave)
        assert text_of(await first_ar.say("السلام عليكم")).startswith(welcome("ary"))

        # then the person's own words decide
        await fr.say("بغيت نقاد بطاقة الإعاقة لولدي")
        assert await variety(fr) == "ary"
        await ar.say("je voudrais la carte d'handicap pour mon fils")
        assert await variety(ar) == "fr"
        await first_ar.say("bghit nakhod lkarta dyal l2i3a9a l weldi")
        assert await variety(first_ar) == "ary-Latn"


async def test_polling_removes_webhook_publishes_commands_and_asks_for_callback_queries(make_app, telegram_emulator):
    """A webhook left set would make getUpdates fail with 409 Conflict (the adapter answers like the Bot
    API): starting in polling mode removes it first. setMyCommands per language code; allowed_updates."""
    async with httpx.AsyncClient() as c:
        r = await c.post(f"{telegram_emulator.api_base}{BOT_TOKEN}/setWebhook",
                         json={"url": "http://127.0.0.1:9/old-webhook"})
        assert r.json()["ok"]
        r = await c.post(f"{telegram_emulator.api_base}{BOT_TOKEN}/getUpdates", json={})
        assert r.status_code == 409  # the fake behaves like Telegram: this is the failure being avoided
    started = time.time() * 1000
    app = make_app()
    user = telegram_emulator.user(language_code="fr")
    async with running_bot(app, telegram_emulator):
        replies = await user.say("/start")
        assert replies
    calls = [c for c in telegram_emulator.calls() if c["time"] >= started]
    methods = [c["method"] for c in calls]
    assert "deleteWebhook" in methods
    assert methods.index("deleteWebhook") < methods.index("getUpdates")
    polls = [c for c in calls if c["method"] == "getUpdates"]
    assert all("callback_query" in str(c["params"].get("allowed_updates")) for c in polls)
    cmds = [c for c in calls if c["method"] == "setMyCommands"]
    by_lang = {c["params"].get("language_code"): {x["command"]: x["description"]
                                                  for x in json.loads(c["params"]["commands"])} for c in cmds}
    assert set(by_lang) == {None, "ar", "fr"}
    assert by_lang["fr"]["exit"] == locales.t("fr", "channels-cmd-exit")
    assert by_lang["ar"]["exit"] == locales.t("ary", "channels-cmd-exit")
    for commands in by_lang.values():
        assert list(commands) == ["start", "menu", "help", "lang", "exit", "delete"]


async def test_long_message_split_cleanly_with_rtl_intact(make_app, telegram_emulator):
    """An asynchronous message (an operator's reply) of ~10,000 characters of Arabic with numbers in
    bidi isolates arrives as several messages within 4,096 UTF-16 units, cut between words, isolates whole."""
    app = make_app()
    user = telegram_emulator.user()
    sentence = "اتصلي بالرقم \u2068" + "8350" + "\u2069 فأي وقت، راه كاين اللي يسمع ليك 🌙. "
    text = sentence * 240
    async with running_bot(app, telegram_emulator) as channel:
        await app.state.registry.send("telegram", str(user.chat_id), [OutboundMessage(text=text)])
        got = await user.replies()
    parts = [r["message"]["text"] for r in got]
    assert len(parts) >= 3
    assert all(utf16_len(p) <= 4096 for p in parts)
    assert " ".join(parts).split() == text.split()  # nothing lost, no word cut
    for p in parts:
        assert p.count("\u2068") == p.count("\u2069")
    assert channel.name == "telegram"


async def test_webhook_secret_and_update_id_dedup(make_app, telegram_emulator):
    """Webhook mode: 403 without (or with a wrong) X-Telegram-Bot-Api-Secret-Token; a redelivered update
    (same update_id) is answered once."""
    app = make_app()
    user = telegram_emulator.user(language_code="fr")
    async with running_bot(app, telegram_emulator, telegram_mode="webhook", telegram_webhook_secret="s3cret-Token_1"):
        update = {"update_id": 987654, "message": {"message_id": 5, "date": int(time.time()), "text": "/start",
                                                   "chat": {"id": user.chat_id, "type": "private"},
                                                   "from": {"id": user.chat_id, "is_bot": False, "first_name": "T"}}}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://jisr.test") as c:
            assert (await c.post("/webhooks/telegram", json=update)).status_code == 403
            r = await c.post("/webhooks/telegram", json=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert r.status_code == 403
            ok = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
            assert (await c.post("/webhooks/telegram", json=update, headers=ok)).status_code == 200
            first = await user.replies()
            assert (await c.post("/webhooks/telegram", json=update, headers=ok)).status_code == 200
        with pytest.raises(AssertionError):
            await user.replies(timeout=2.0)  # nothing more: the duplicate was not answered
    assert first


async def test_webhook_mode_refuses_to_start_without_secret(make_app, telegram_emulator):
    app = make_app()
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url=telegram_emulator.api_base,
                         telegram_mode="webhook")
    with pytest.raises(telegram.TelegramConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        telegram.mount(app, settings=s)


async def test_voice_note_gets_kind_reply(make_app, telegram_emulator):
    app = make_app()
    user = telegram_emulator.user()
    async with running_bot(app, telegram_emulator):
        await user._post("/sendMessage", {**user._common(), "voice": {"file_id": "v1", "file_unique_id": "u1",
                                                                       "duration": 4, "mime_type": "audio/ogg"}})
        got = await user.replies()
    text = text_of(got)
    assert text.startswith(locales.t("ary", "channels-media-unsupported", lines="")[:30])
    for number in ("19", "177", "15", "8350"):
        assert number in text
    key = app.state.pipeline.conversation_key("telegram", str(user.chat_id))
    assert (await app.state.store.load(key)) is None
    async with running_bot(make_app(), telegram_emulator):  # a first contact: in the Telegram language
        fr = telegram_emulator.user(language_code="fr")
        await fr._post("/sendMessage", {**fr._common(), "voice": {"file_id": "v2", "file_unique_id": "u2",
                                                                   "duration": 2, "mime_type": "audio/ogg"}})
        assert text_of(await fr.replies()).startswith(locales.t("fr", "channels-media-unsupported", lines="")[:30])


async def test_unreachable_bot_api_does_not_stop_the_app(make_app):
    """Telegram unreachable at start-up (a closed local port): the app still serves (web chat/REST), and
    the adapter keeps retrying in the background."""
    app = make_app()
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url="http://127.0.0.1:9/bot")
    telegram.mount(app, settings=s)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://jisr.test") as c:
            r = await c.post("/webhooks/rest/webhook", json={"sender": "t-unreachable", "message": "/menu"})
            assert r.status_code == 200 and r.json()


async def test_menu_exit_button_lang_and_delete_commands(make_app, telegram_emulator):
    """The menu's exit button (a tap, not /exit) deletes the conversation too; /lang fr switches the
    language; /delete starts the data-deletion flow (menu mode: NLU unreachable)."""
    app = make_app()
    user = telegram_emulator.user(language_code="fr")
    async with running_bot(app, telegram_emulator):
        changed = await user.say("/lang fr")
        assert locales.t("fr", "common-language-changed") in text_of(changed)
        menu = await user.say("/menu")
        reply, data = find_button(menu, tap_payload("/quick_exit"))
        assert len(await user.history()) >= 4
        bye = await user.tap(reply, data)
        assert text_of(bye) == locales.t("fr", "common-quick-exit-done")
        assert [m["message"].get("text") for m in await user.history()] == [text_of(bye)]
        delete = await user.say("/delete")
        key = app.state.pipeline.conversation_key("telegram", str(user.chat_id))
        assert (await app.state.store.load(key))["state"]["flow"] == "delete_data"
        assert keyboard(delete[-1])


async def test_webhook_mode_round_trip_over_http(make_app, telegram_emulator):
    """Webhook mode for real: the app served over HTTP, the webhook registered with the secret token, the
    emulator pushing the user's updates (with X-Telegram-Bot-Api-Secret-Token, as Telegram does)."""
    import asyncio

    import uvicorn
    from channel_helpers import free_port

    app = make_app()
    user = telegram_emulator.user(language_code="fr")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    async with running_bot(app, telegram_emulator, telegram_mode="webhook",
                           telegram_webhook_secret="round-Trip_3") as channel:
        task = asyncio.create_task(server.serve())
        try:
            while not server.started:
                await asyncio.sleep(0.05)
            assert await channel.set_webhook(f"http://127.0.0.1:{port}/webhooks/telegram")
            call = telegram_emulator.calls("setWebhook")[-1]["params"]
            assert call["secret_token"] == "round-Trip_3" and "callback_query" in call["allowed_updates"]
            menu = await user.say("/start")
            assert keyboard(menu[-1])
            reply, data = find_button(menu, tap_payload("/quick_exit"))
            bye = await user.tap(reply, data)
            assert text_of(bye) == locales.t("ary", "common-quick-exit-done")
            assert not [c for c in telegram_emulator.calls("getUpdates") if c["time"] > menu[0]["time"]]
        finally:
            async with httpx.AsyncClient() as c:
                await c.post(f"{telegram_emulator.api_base}{BOT_TOKEN}/deleteWebhook", json={})
            server.should_exit = True
            await task


async def redis_keys(app) -> set[str]:
    """Every key of the app's Redis store, read from the server (``SCAN`` over the store's prefix)."""
    store = app.state.store
    return {k[len(store.prefix):] async for k in store.client.scan_iter(match=f"{store.prefix}*", count=500)}


def shared(keys: set[str]) -> set[str]:
    """Callback tokens (``~…`` → payload): one per long button payload, shared by everyone offered it."""
    return {k for k in keys if k.startswith("state:tg-cb:~")}


async def test_exit_and_delete_my_data_leave_no_key_of_the_conversation(make_app, telegram_emulator):
    """/exit: the recorded message ids are used to delete the chat's messages, and then nothing of the
    conversation is left in Redis (state, de-duplication answers, message ids, index); the next /start
    is a new conversation. The same after "delete my data" (/delete, then the yes button) — and the
    "all erased" reply is not recorded either. Menu mode (NLU unreachable)."""
    app = make_app()
    user = telegram_emulator.user(language_code="fr")
    key = app.state.pipeline.conversation_key("telegram", str(user.chat_id))
    async with running_bot(app, telegram_emulator):
        menu = await user.say("/start")
        reply, data = find_button(menu, tap_payload("/report_violence"))
        await user.tap(reply, data)
        keys = await redis_keys(app)
        assert {"state:" + key, "state:tg-msgs:" + key, "conv:" + key} <= keys
        # /start and the tap (their "reply delivered" marks, written in the background, are not counted)
        assert len([k for k in keys if k.startswith("dedup:") and not k.startswith("dedup:tg-done:")]) == 2
        recorded = len((await app.state.store.load("tg-msgs:" + key))["ids"])
        assert recorded >= 4

        bye = await user.say("/exit")
        assert [m["message"].get("text") for m in await user.history()] == [text_of(bye)]
        deletes = [c for c in telegram_emulator.calls("deleteMessage")
                   if str(c["params"].get("chat_id")) == str(user.chat_id)]
        assert len({c["params"]["message_id"] for c in deletes}) == recorded + 1  # with /exit itself
        assert await redis_keys(app) == shared(keys)

        again = await user.say("/start")  # a new conversation, in the Telegram language again
        assert text_of(again).startswith(locales.t("fr", "welcome-hello")[:20])
        assert (await app.state.store.load(key))["meta"]["messages"] == 1

        delete = await user.say("/delete")
        reply, data = find_button(delete, tap_payload("/choose:delete_data.confirm.yes"))
        done = await user.tap(reply, data)
        assert text_of(done) == locales.t("fr", "privacy-deleted")
        assert await redis_keys(app) == shared(keys)
        assert await app.state.store.load("tg-msgs:" + key) is None  # "all erased" was not recorded
