"""A center's message on a referral reaches the person on Telegram and on WhatsApp, labelled as the center's
team in the person's variety, and the person's answer reaches the referral page. The real app (message path,
Redis, PostgreSQL with the seed directory, the console mounted and driven over HTTP as a staff member),
Telegram through the telegram-test-api emulator, WhatsApp through signed Twilio webhooks and the local
Twilio REST stub (the 24-hour window rule of operator replies applies)."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import secrets

import httpx
import pytest
from channel_helpers import BOT_TOKEN, channel_settings, text_of
from sqlalchemy import select

import locales
from bot.channels import telegram, whatsapp
from tests.channels.test_whatsapp_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM, PUBLIC, SEEN, WhatsAppUser

STAFF_TEXT = "Bonjour, ici l'équipe du centre. Pouvez-vous venir mardi à 10h ?"
ANSWER = "Oui, mardi 10h, c'est possible"


@pytest.fixture
async def app_with_console(channel_db, redis_url, redis_prefix, twilio_stub):
    """``make(**settings)`` → the real app with the console mounted (not started); closed at the end."""
    from bot.app import create_app
    from bot.state import RedisStateStore
    from nlu.client import NLUClient

    made = []

    def make(**kw):
        store = RedisStateStore(redis_url, ttl_seconds=3600, prefix=f"{redis_prefix}{secrets.token_hex(3)}:")
        app = create_app(channel_settings(**kw), store=store, nlu=NLUClient("http://127.0.0.1:9", timeout=0.5),
                         session_factory=channel_db, reminders=False)
        made.append(app)
        return app

    yield make
    for app in made:
        with contextlib.suppress(Exception):
            await app.state.nlu.aclose()
        with contextlib.suppress(Exception):
            await app.state.store.aclose()


async def two_centers(sessions) -> tuple[int, int]:
    """Two open seed centers: the women's center of Al Hoceïma and another one."""
    from services.models import Center

    async with sessions() as db:
        rows = (await db.execute(select(Center).where(Center.type_code == "EMF", Center.status == "existing")
                                 .order_by(Center.id))).scalars().all()
    mine = next(c.id for c in rows if c.place_id == "al-hoceima")
    return mine, next(c.id for c in rows if c.id != mine)


async def staff_session(sessions, center_id: int) -> tuple[str, str]:
    """A staff account bound to ``center_id`` and a session for it: (cookie token, CSRF token)."""
    from console.models import ConsoleSession, ConsoleUser, ConsoleUserCenter
    from console.security import create_session, hash_password, token_digest

    async with sessions() as db:
        user = ConsoleUser(username=f"staff-{secrets.token_hex(3)}", display_name="Staff",
                           password_hash=hash_password("correct horse battery"), role="staff", locale="fr",
                           is_active=True, centers=[ConsoleUserCenter(center_id=center_id)])
        db.add(user)
        await db.flush()
        token = await create_session(db, user)
        await db.commit()
        csrf = (await db.get(ConsoleSession, token_digest(token))).csrf_token
    return token, csrf


async def referral_for(sessions, key: str, center_id: int, channel: str) -> int:
    from services import referrals

    async with sessions() as db:
        return (await referrals.create_referral(db, center_id, key, "violence",
                                                {"need": "violence", "place": "Al Hoceïma", "channel": channel},
                                                "referral-consent")).id


async def thread(sessions, referral_id: int) -> list[tuple[str, str]]:
    from services import referrals

    async with sessions() as db:
        return [(m.sender, m.text) for m in await referrals.list_thread(db, referral_id)]


def console_client(app, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver",
                             cookies={"jisr_console": token})


async def test_telegram_staff_message_reaches_the_person_and_the_answer_the_page(app_with_console, channel_db,
                                                                                 telegram_emulator):
    app = app_with_console()
    center, other_center = await two_centers(channel_db)
    token, csrf = await staff_session(channel_db, center)
    other_token, other_csrf = await staff_session(channel_db, other_center)
    user = telegram_emulator.user(language_code="ar")
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url=telegram_emulator.api_base)
    telegram.mount(app, settings=s, poll_interval=0.2, poll_timeout=1)
    async with app.router.lifespan_context(app), console_client(app, token) as staff, \
            console_client(app, other_token) as other:
        await user.say("/start")
        key = app.state.pipeline.conversation_key("telegram", str(user.chat_id))
        rid = await referral_for(channel_db, key, center, "telegram")

        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": STAFF_TEXT})
        assert r.status_code == 303
        got = await user.replies()
        label = locales.t("ary", "channels-center-label")  # the conversation is in Darija (Telegram "ar")
        assert text_of(got) == label + "\n" + STAFF_TEXT

        notice = await user.say(ANSWER)
        assert "الميساج ديالك وصل للفريق" in text_of(notice)
        assert await thread(channel_db, rid) == [("center", STAFF_TEXT), ("citizen", ANSWER)]
        page = await staff.get(f"/console/referrals/{rid}")
        assert ANSWER in html.unescape(page.text)

        # another center's staff: 404 for reading and for writing
        assert (await other.get(f"/console/referrals/{rid}")).status_code == 404
        r = await other.post(f"/console/referrals/{rid}/messages", data={"csrf_token": other_csrf, "text": "x"})
        assert r.status_code == 404

        # the quick exit hides the conversation (Telegram deletes the messages); the center can still write,
        # and the person's answer still reaches the page
        await user.say("/exit")
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Toujours là ?"})
        assert r.status_code == 303
        assert text_of(await user.replies()).endswith("Toujours là ?")
        # already told once: the message goes to the thread in silence (no answer to wait for)
        await user._post("/sendMessage", {**user._common(), "text": "oui"})
        for _ in range(100):
            if (await thread(channel_db, rid))[-1] == ("citizen", "oui"):
                break
            await asyncio.sleep(0.1)
        assert (await thread(channel_db, rid))[-1] == ("citizen", "oui")



async def test_whatsapp_staff_message_reaches_the_person_within_the_window_only(app_with_console, channel_db,
                                                                                twilio_stub):
    app = app_with_console(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_whatsapp_from=FROM,
                           public_base_url=PUBLIC, twilio_api_base_url=twilio_stub.url)
    assert isinstance(app.state.whatsapp, whatsapp.WhatsAppChannel)  # mounted by create_app (configured)
    center, _ = await two_centers(channel_db)
    token, csrf = await staff_session(channel_db, center)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SEEN) as wa_client, \
            console_client(app, token) as staff:
        user = WhatsAppUser(wa_client)
        await user.say("Bonjour, j'ai besoin d'aide")
        key = app.state.pipeline.conversation_key("whatsapp", user.number)
        rid = await referral_for(channel_db, key, center, "whatsapp")

        before = len(twilio_stub.messages())
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": STAFF_TEXT})
        assert r.status_code == 303, re.findall(r'class="error"[^>]*>([^<]*)', html.unescape(r.text))
        sent = twilio_stub.messages()[before:]
        assert [m["form"]["To"] for m in sent] == [[user.number]]
        assert sent[0]["form"]["Body"][0] == locales.t("fr", "channels-center-label") + "\n" + STAFF_TEXT

        notice = await user.say(ANSWER)
        assert "Votre message a été transmis à l'équipe de" in "\n".join(notice)
        assert await thread(channel_db, rid) == [("center", STAFF_TEXT), ("citizen", ANSWER)]
        assert ANSWER in html.unescape((await staff.get(f"/console/referrals/{rid}")).text)

        # 25 hours later (the person's last message, as the channel recorded it) the window is closed: the page
        # says so and nothing is sent
        record = await app.state.store.load(f"wa-window:{key}")
        record["last_inbound_at"] -= 25 * 3600
        await app.state.store.save(f"wa-window:{key}", record, conversation=key)
        page = await staff.get(f"/console/referrals/{rid}")
        assert "WhatsApp : plus de 24 h" in html.unescape(page.text)
        before = len(twilio_stub.requests)
        r = await staff.post(f"/console/referrals/{rid}/messages", data={"csrf_token": csrf, "text": "Rappel"})
        assert r.status_code == 400 and len(twilio_stub.requests) == before
        assert [sender for sender, _ in await thread(channel_db, rid)] == ["center", "citizen"]


# ---- the label, on every channel (pure renderers, real locales) --------------------------------------

@pytest.mark.parametrize("variety", locales.VARIETIES)
def test_a_center_message_is_labelled_as_the_centers_team_in_the_persons_variety(variety):
    from bot.channels.rest import to_rasa
    from bot.dedup import messages_from_json, messages_to_json
    from dialogues.messages import OutboundMessage

    center = OutboundMessage(text=STAFF_TEXT, sender="center")
    label = locales.t(variety, "channels-center-label")
    assert telegram.render(center, variety)[0]["text"] == label + "\n" + STAFF_TEXT
    assert whatsapp.render(center, variety)[0] == label + "\n" + STAFF_TEXT
    assert label not in (locales.t(variety, "channels-operator-label"), locales.t(variety, "webchat-bot"))
    assert to_rasa("s", [center])[0]["custom"] == {"sender": "center"}
    assert messages_from_json(messages_to_json([center])) == [center]  # the REST outbox keeps who wrote
    assert locales.t(variety, "webchat-center")  # the web chat's bubble label
