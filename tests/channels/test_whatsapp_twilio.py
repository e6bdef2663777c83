"""WhatsApp through Twilio at the HTTP boundary: requests signed exactly as Twilio signs them (HMAC-SHA1 of
the URL followed by the sorted form parameters, base64, per Twilio's webhook security documentation —
computed here by hand, independently of the SDK the app uses), the real app and pipeline, and Twilio's REST
API replaced by a local HTTP stub (``TWILIO_API_BASE_URL``). Journeys use the real trained Rasa model."""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET

import httpx
import pytest
from channel_helpers import ACCOUNT_SID, AUTH_TOKEN, FROM, inbound, twilio_signature

import locales
from bot.channels import whatsapp
from bot.channels.whatsapp import OutsideServiceWindow, WhatsAppConfigError, service_window
from dialogues.messages import Button, OutboundMessage

PUBLIC = "https://jisr.example.org"
SEEN = "http://127.0.0.1:8000"  # what the app sees behind a TLS-terminating proxy


def messages_of(xml: str) -> list[str]:
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    return [m.text or "" for m in root.findall("Message")]


class WhatsAppUser:
    """A WhatsApp user writing to the bot through Twilio (signed webhook requests over ASGI)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.number = f"whatsapp:+2126{secrets.randbelow(10**8):08d}"

    async def post(self, form: dict[str, str], url: str = f"{PUBLIC}/webhooks/whatsapp",
                   signature: str | None = "auto") -> httpx.Response:
        headers = {}
        if signature == "auto":
            headers["X-Twilio-Signature"] = twilio_signature(url, form)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return await self.client.post("/webhooks/whatsapp", data=form, headers=headers)

    async def say(self, body: str = "", **extra: str) -> list[str]:
        r = await self.post(inbound(self.number, body, **extra))
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/xml")
        return messages_of(r.text)


@pytest.fixture
async def wa(make_app, twilio_stub):
    """``await wa(nlu_url=None, **settings)`` → (app, WhatsAppUser, channel)."""
    clients = []

    async def _make(nlu_url=None, **kw):
        settings = {"twilio_account_sid": ACCOUNT_SID, "twilio_auth_token": AUTH_TOKEN, "twilio_whatsapp_from": FROM,
                        "public_base_url": PUBLIC, "twilio_api_base_url": twilio_stub.url}
        settings.update(kw)
        app = make_app(nlu_url=nlu_url, **settings)
        channel = whatsapp.mount(app, settings=app.state.settings) if not hasattr(app.state, "whatsapp") \
            else app.state.whatsapp
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SEEN)
        clients.append(client)
        return app, WhatsAppUser(client), channel

    yield _make
    for c in clients:
        await c.aclose()


def number_of(flow: str, node: str, value: str) -> str:
    """The number the numbered list gives to a choice (choices are listed in the flow's order)."""
    from dialogues.engine import FlowEngine

    choices = FlowEngine.default().flows[flow].nodes[node].ask.choices
    return str([c.value for c in choices].index(value) + 1)


def assert_clean_list(parts: list[str]) -> None:
    """Buttons appear as "N. label" lines; no payload (``/…``) is ever shown."""
    text = "\n".join(parts)
    assert re.search(r"^1\. \S", text, re.MULTILINE), text
    assert not re.search(r"(^|\s)/[a-z_]+[:/.]?", text), text


# ---- signatures ------------------------------------------------------------------------------------

async def test_signed_request_accepted_forged_and_unsigned_refused(wa):
    _app, user, _ = await wa()
    form = inbound(user.number, "🙏")
    assert (await user.post(form, signature=None)).status_code == 403
    assert (await user.post(form, signature=twilio_signature(f"{PUBLIC}/webhooks/whatsapp", form,
                                                             token="f" * 32))).status_code == 403
    tampered = dict(form, Body="salam")
    r = await user.post(tampered, signature=twilio_signature(f"{PUBLIC}/webhooks/whatsapp", form))
    assert r.status_code == 403
    r = await user.post(form)
    assert r.status_code == 200
    assert messages_of(r.text), "an emoji-only message gets an answer"


async def test_proxied_url_validated_against_public_base_url(wa):
    """Behind the proxy the app sees http://127.0.0.1:8000/…; Twilio signed https://jisr.example.org/…
    (twilio-python issue 751): the public URL is the one that validates."""
    _, user, _ = await wa()
    form = inbound(user.number, "salam")
    assert (await user.post(form, url=f"{SEEN}/webhooks/whatsapp")).status_code == 403
    assert (await user.post(form, url=f"{PUBLIC}/webhooks/whatsapp")).status_code == 200


async def test_refuses_to_start_without_auth_token(make_app):
    app = make_app()
    s = app.state.settings.model_copy(update={"twilio_account_sid": ACCOUNT_SID, "twilio_whatsapp_from": FROM,
                                              "twilio_auth_token": None})
    with pytest.raises(WhatsAppConfigError, match="TWILIO_AUTH_TOKEN"):
        whatsapp.mount(app, settings=s)
    assert whatsapp.mount(app, settings=app.state.settings) is None  # not enabled: nothing mounted


# ---- message kinds ---------------------------------------------------------------------------------

async def test_redelivered_message_sid_same_answer_no_change(wa):
    app, user, _ = await wa()
    await user.say("/menu")
    form = inbound(user.number, "/report_violence")
    first = await user.post(form)
    key = app.state.pipeline.conversation_key("whatsapp", user.number)
    state_after_first = await app.state.store.load(key)
    again = await user.post(form)
    assert again.status_code == 200
    assert again.text == first.text
    assert await app.state.store.load(key) == state_after_first


async def test_voice_note_gets_kind_reply_with_lines(wa):
    app, user, _ = await wa()
    parts = await user.say("", NumMedia="1", MediaContentType0="audio/ogg",
                           MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME")
    text = "\n".join(parts)
    assert text.startswith(locales.t("ary", "channels-media-unsupported", lines="")[:30])
    for number in ("19", "177", "15", "8350"):
        assert re.search(rf"\b{number}\b", text), number
    key = app.state.pipeline.conversation_key("whatsapp", user.number)
    assert (await app.state.store.load(key)) is None, "a voice note changes no conversation state"


async def test_empty_body_gets_kind_reply(wa):
    _, user, _ = await wa()
    assert "\n".join(await user.say("   ")) == locales.t("ary", "channels-empty")


async def test_location_message_reaches_the_flow(wa):
    app, user, _ = await wa()
    await user.say("/find_center")
    key = app.state.pipeline.conversation_key("whatsapp", user.number)
    state = (await app.state.store.load(key))["state"]
    assert state["flow"] == "find_center"
    await user.say(number_of("find_center", "need", "violence"))
    parts = await user.say("", Latitude="35.7595", Longitude="-5.834", Address="Tanger", Label="")
    assert re.search(r"\b8350\b", "\n".join(parts)) or "Tanger" in "\n".join(parts) or "طنجة" in "\n".join(parts)
    assert (await app.state.store.load(key))["state"]["node"] != "location"


async def redis_keys(app) -> set[str]:
    """Every key of the app's Redis store, read from the server (``SCAN`` over the store's prefix)."""
    store = app.state.store
    return {k[len(store.prefix):] async for k in store.client.scan_iter(match=f"{store.prefix}*", count=500)}


def number_of_label(parts: list[str], label: str) -> str:
    """The number the numbered list gives to the button ``label``."""
    return next(m.group(1) for m in re.finditer(r"^(\d+)\. (.+)$", "\n".join(parts), re.MULTILINE)
                if m.group(2) == label)


async def test_delete_my_data_and_quick_exit_leave_no_key_of_the_conversation(wa):
    """The window record, the last offered buttons, the stored TwiML of each MessageSid, the pipeline's
    records: after "delete my data" nothing of the conversation is left in Redis, and nothing is written
    about the turn that erased it; the same after the quick exit (the menu's exit button, by its number)."""
    app, user, _ = await wa()
    key = app.state.pipeline.conversation_key("whatsapp", user.number)
    await user.say("/menu")
    await user.say("/lang:fr")
    await user.say("/delete_data")
    keys = await redis_keys(app)
    assert {"state:" + key, "state:wa-window:" + key, "state:wa-menu:" + key, "conv:" + key} <= keys
    assert len([k for k in keys if k.startswith("dedup:wa-sid:")]) == 3
    assert len([k for k in keys if k.startswith("dedup:") and not k.startswith("dedup:wa-sid:")]) == 3
    done = await user.say(number_of("delete_data", "confirm", "yes"))
    assert done[0].startswith(locales.t("fr", "privacy-deleted"))
    assert await redis_keys(app) == set()
    assert (await service_window(app.state.store, key)).last_inbound_at is None

    menu = await user.say("/menu")  # a new conversation (in Darija again: nothing was kept)
    assert (await app.state.store.load(key))["meta"]["messages"] == 1
    bye = await user.say(number_of_label(menu, locales.t_label("ary", "common-quick-exit")))
    assert bye == [locales.t("ary", "common-quick-exit-done")]
    assert await redis_keys(app) == set()


# ---- asynchronous sends and the 24-hour window ------------------------------------------------------

async def test_async_send_split_within_1600_and_window_rules(wa, twilio_stub):
    now = [1_800_000_000.0]
    app, user, channel = await wa()
    channel.clock = lambda: now[0]
    await user.say("/menu")
    long = ("Votre rendez-vous est confirmé. Merci de venir avec votre carte nationale. " * 60).strip()
    await app.state.registry.send("whatsapp", user.number, [OutboundMessage(text=long)])
    sent = twilio_stub.messages()
    assert len(sent) >= 3
    assert all(len(r["form"]["Body"][0]) <= 1600 for r in sent)
    assert " ".join(r["form"]["Body"][0] for r in sent).split() == long.split()
    assert all(r["form"]["From"] == [FROM] and r["form"]["To"] == [user.number] for r in sent)
    assert all(r["path"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json" for r in sent)
    assert all(r["auth"].startswith("Basic ") for r in sent)

    key = app.state.pipeline.conversation_key("whatsapp", user.number)
    assert (await service_window(app.state.store, key, now[0])).open
    assert await app.state.registry.can_send_free_text("whatsapp", user.number)  # the capability says so too
    now[0] += 25 * 3600  # the person's last message is now 25 hours old
    assert not await app.state.registry.can_send_free_text("whatsapp", user.number)
    assert await app.state.registry.can_send_free_text("rest", "anyone")  # a platform without such a rule
    before = len(twilio_stub.requests)
    with pytest.raises(OutsideServiceWindow):
        await app.state.registry.send("whatsapp", user.number, [OutboundMessage(text="Rappel")])
    assert len(twilio_stub.requests) == before, "nothing sent outside the window without a template"
    status = await service_window(app.state.store, key, now[0])
    assert not status.open and status.undelivered == 1  # what the console reads

    channel.settings = channel.settings.model_copy(update={"twilio_reminder_content_sid": "HX" + "a" * 32})
    await app.state.registry.send("whatsapp", user.number, [OutboundMessage(text="Rappel")])
    template = twilio_stub.messages()[-1]["form"]
    assert template["ContentSid"] == ["HX" + "a" * 32] and "Body" not in template
    assert (await service_window(app.state.store, key, now[0])).template_sent == 1

    await user.say("merci")  # the person writes again: the window reopens
    assert (await service_window(app.state.store, key, now[0])).open


# ---- full journeys with the trained model -------------------------------------------------------------

async def test_violence_journey_in_french(wa, rasa_url):
    app, user, _ = await wa(nlu_url=rasa_url)
    key = app.state.pipeline.conversation_key("whatsapp", user.number)

    async def at() -> tuple[str, str]:
        state = (await app.state.store.load(key))["state"]
        return state["flow"], state["node"]

    intro = await user.say("mon mari me frappe tous les jours")
    assert await at() == ("violence", "intro")
    assert_clean_list(intro)
    danger = await user.say("١٢٣٤٥٦٧٨٩"[int(number_of("violence", "intro", "yes")) - 1])  # Arabic-Indic digit
    assert_clean_list(danger)
    # the label itself selects the choice
    no_label = locales.t("fr", "violence-danger-no")
    place = await user.say(no_label)  # "mon mari": the kind (partner) is known already, not asked again
    assert await at() == ("violence", "location")
    assert locales.t("fr", "channels-wa-location-hint") in "\n".join(place)
    offer = await user.say("Tanger")
    assert await at() == ("violence", "offer")
    assert "8350" in "\n".join(offer)
    assert_clean_list(offer)
    chosen = await user.say("1")
    assert_clean_list(chosen)
    consent = await user.say(number_of("violence", "chosen_referral_only", "referral"))
    assert await at() == ("referral", "consent")
    assert_clean_list(consent)
    done = await user.say(number_of("referral", "consent", "yes"))
    assert "a été envoyée" in "\n".join(done)
    assert re.search(r"\b19\b", "\n".join(done))


async def test_disability_card_journey_in_arabizi(wa, rasa_url):
    app, user, _ = await wa(nlu_url=rasa_url)
    for_whom = await user.say("bghit bita9a dyal i3a9a")
    assert_clean_list(for_whom)
    # a close spelling of the label selects the choice
    from dialogues.engine import FlowEngine

    choices = FlowEngine.default().flows["disability_card"].nodes["for_whom"].ask.choices
    child = next(c for c in choices if c.value == "child")
    label = locales.t("ary-Latn", child.label)
    word = max(re.findall(r"[A-Za-z0-9']+", label), key=len)
    typo = word[:-1] if len(word) > 4 else word  # drop a letter
    info = await user.say(label.replace(word, typo))
    assert "2.22.1075" in "\n".join(info)
    where = await user.say(number_of("disability_card", "info", "find"))
    assert locales.t("ary-Latn", "channels-wa-location-hint") in "\n".join(where)
    centers = await user.say("", Latitude="34.0209", Longitude="-6.8416")  # Rabat
    assert "markaz" in "\n".join(centers).lower()
    assert_clean_list(centers)
    key = app.state.pipeline.conversation_key("whatsapp", user.number)
    # nothing open near Rabat for disability: the first option is the remote referral (the center writes here)
    assert (await app.state.store.load(key))["state"]["node"] == "far_offer"
    after = await user.say("1")
    assert after
    state = (await app.state.store.load(key))["state"]
    assert state["slots"].get("center_id"), "the first option's center was chosen"
    assert (state["flow"], state["node"]) == ("referral", "consent")
    assert state["variety"] == "ary-Latn"


def test_match_choice_numbers_labels_and_close_spellings():
    buttons = (Button("🏠 Menu", "/menu"), Button("Violence", "/report_violence"),
               Button("بطاقة الإعاقة", "/disability_card"))
    assert whatsapp.match_choice("1", buttons).payload == "/menu"
    assert whatsapp.match_choice("٢", buttons).payload == "/report_violence"
    assert whatsapp.match_choice("۳", buttons).payload == "/disability_card"
    assert whatsapp.match_choice("2.", buttons).payload == "/report_violence"
    assert whatsapp.match_choice("4", buttons) is None
    assert whatsapp.match_choice("menu", buttons).payload == "/menu"
    assert whatsapp.match_choice("violense", buttons).payload == "/report_violence"
    assert whatsapp.match_choice("بطاقة الاعاقة", buttons).payload == "/disability_card"
    assert whatsapp.match_choice("راجلي كيضربني كل نهار وما عرفتش فين نمشي", buttons) is None
    assert whatsapp.match_choice("", buttons) is None


async def test_no_phone_number_or_message_text_in_logs(wa, twilio_stub, caplog):
    """Privacy: nothing logged during a webhook turn and a REST send (adapters, pipeline, SDK, httpx; DEBUG)
    carries the phone number or the message text."""
    import logging

    caplog.set_level(logging.DEBUG)
    app, user, _ = await wa()
    await user.say("sirr dyali 9ad3a")
    await app.state.registry.send("whatsapp", user.number, [OutboundMessage(text="rendez-vous confidentiel")])
    assert twilio_stub.messages()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    digits = user.number.split("+")[1]
    assert digits not in logged and digits[-8:] not in logged
    assert "sirr dyali" not in logged and "confidentiel" not in logged
