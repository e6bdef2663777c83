"""The adapters' pure parts: clean splitting, Telegram parsing/rendering, callback data, commands, the
48-hour deletion rule, WhatsApp rendering and form parsing."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import locales
from bot.channels import telegram, whatsapp
from bot.channels.textsplit import split_text, utf16_len
from dialogues.messages import Button, OutboundMessage


def test_short_text_unchanged_and_empty_dropped():
    assert split_text("سلام 👋", 4096) == ["سلام 👋"]
    assert split_text("   \n ", 100) == []


def test_split_prefers_paragraphs_then_lines_then_words():
    para = "Premier paragraphe. " * 10
    text = para.strip() + "\n\n" + para.strip()
    parts = split_text(text, len(text) - 5)
    assert parts == [para.strip(), para.strip()]
    words = "كلمة " * 100
    parts = split_text(words, 52)
    assert all(p.split() and set(p.split()) == {"كلمة"} for p in parts)  # never inside a word


def test_split_keeps_grapheme_clusters_and_isolates():
    shadda = "شَدّة" * 40  # one long "word" with combining marks: cut between clusters only
    for p in split_text(shadda, 11):
        assert not p[0] in "\u064e\u0651"
    emoji = "👩🏽‍⚕️" * 30  # ZWJ sequence with skin tone and variation selector
    parts = split_text(emoji, 16)
    assert "".join(parts) == emoji
    assert all(p.startswith("👩") for p in parts)
    isolated = ("رقم \u2068" + "0522 00 00 00" + "\u2069 ") * 20
    for p in split_text(isolated, 40):
        assert p.count("\u2068") == p.count("\u2069")


def test_utf16_measure():
    assert utf16_len("a") == 1 and utf16_len("😀") == 2 and utf16_len("ش") == 1
    with pytest.raises(ValueError):
        split_text("x", 4)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc شسى\n.٣😀\u064e\u2068\u2069")), max_size=600),
       st.integers(min_value=8, max_value=120))
def test_split_never_exceeds_limit_and_loses_nothing(text, limit):
    parts = split_text(text, limit)
    assert all(utf16_len(p) <= limit for p in parts)
    assert "".join("".join(p.split()) for p in parts) == "".join(text.split())


def test_callback_data_within_64_bytes():
    short = "/choose:violence.intro.yes"
    assert telegram.callback_data_for(short) == (short, False)
    long = "/pick:" + "مركز_الاستماع_" * 6
    data, mapped = telegram.callback_data_for(long)
    assert mapped and len(data.encode()) <= 64 and data == telegram.callback_token(long)
    assert telegram.callback_data_for("~x")[1] is True  # our token prefix is never a payload


def test_commands_map_to_engine_payloads():
    assert telegram.command_payload("/start") == "/start"
    assert telegram.command_payload("/menu@JisrBot") == "/menu"
    assert telegram.command_payload("/exit") == "/quick_exit"
    assert telegram.command_payload("/delete") == "/delete_data"
    assert telegram.command_payload("/help") == "/help"
    assert telegram.command_payload("/lang") == "/change_language"
    assert telegram.command_payload("/lang fr") == "/lang:fr"
    assert telegram.command_payload("/lang 3arbizi") == "/lang:ary-Latn"
    assert telegram.command_payload("/unknown") is None
    for v in locales.VARIETIES:
        for name, desc in telegram.command_list(v):
            assert 3 <= len(desc) <= 256 and name.islower()


def test_parse_update_kinds():
    base = {"chat": {"id": 42, "type": "private"}, "from": {"id": 42, "language_code": "fr"}, "date": 1,
            "message_id": 3}
    m = telegram.parse_update({"update_id": 7, "message": {**base, "text": "salam"}})
    assert (m.sender_id, m.message_id, m.text, m.language_hint) == ("42", "7", "salam", "fr")
    m = telegram.parse_update({"update_id": 8, "message": {**base, "location": {"latitude": 33.5, "longitude": -7.6}}})
    assert m.location.latitude == 33.5
    m = telegram.parse_update({"update_id": 9, "message": {**base, "voice": {"mime_type": "audio/ogg"}}})
    assert m.attachments[0].kind == "audio" and m.text is None
    m = telegram.parse_update({"update_id": 10, "callback_query": {"id": "1", "from": {"id": 42}, "data": "/menu",
                                                                  "message": {**base}}})
    assert m.payload == "/menu"
    group = {**base, "chat": {"id": -5, "type": "group"}, "text": "hi"}
    assert telegram.parse_update({"update_id": 11, "message": group}) is None


def test_telegram_language_code_gives_the_first_variety():
    """Telegram's ``language_code`` is a language, not a Jisr variety: Arabic is Darija (``ar`` would name
    MSA), French is French, anything else is no hint."""
    assert [telegram.variety_for_language_code(c) for c in ("fr", "fr-CA", "FR", "ar", "ar-MA", "ar_EG")] == \
        ["fr", "fr", "fr", "ary", "ary", "ary"]
    assert {telegram.variety_for_language_code(c) for c in ("en", "es", "", None, "arn")} == {None}
    base = {"chat": {"id": 42, "type": "private"}, "date": 1, "message_id": 3, "text": "/start"}
    m = telegram.parse_update({"update_id": 1, "message": {**base, "from": {"id": 42, "language_code": "ar"}}})
    assert (m.payload, m.language_hint) == ("/start", "ary")
    m = telegram.parse_update({"update_id": 2, "callback_query": {"id": "1", "data": "/menu", "message": base,
                                                                 "from": {"id": 42, "language_code": "en"}}})
    assert m.language_hint is None


def test_render_buttons_location_and_long_text():
    msg = OutboundMessage(text="نص " * 3000, buttons=(Button("نعم", "/choose:a.b.yes"),), request_location=True)
    out = telegram.render(msg, "ary")
    assert len(out) >= 3 and all(utf16_len(o["text"]) <= 4096 for o in out)
    assert out[-2]["reply_markup"]["inline_keyboard"][0][0] == {"text": "نعم", "callback_data": "/choose:a.b.yes"}
    assert out[-1]["reply_markup"]["keyboard"][0][0]["request_location"] is True
    only_buttons = telegram.render(OutboundMessage(buttons=(Button("x", "/y"),)), "fr")
    assert only_buttons[0]["text"] == locales.t("fr", "channels-choose")


def test_48_hour_deletion_rule():
    now = time.time()
    assert telegram.deletable(now - 3600, now)
    assert telegram.deletable(now - 47 * 3600, now)
    assert not telegram.deletable(now - 48 * 3600 + 60, now)
    assert not telegram.deletable(now - 49 * 3600, now)


def test_whatsapp_render_and_parse():
    msg = OutboundMessage(text="Choisissez :", buttons=(Button("Oui", "/choose:x.y.yes"), Button("Non", "/choose:x.y.no")))
    body = whatsapp.render(msg, "fr")[0]
    assert "1. Oui\n2. Non" in body and "/choose" not in body
    assert whatsapp.render(OutboundMessage(text="x" * 4000), "fr")[0] == "x" * 1600
    loc = whatsapp.parse_form({"From": "whatsapp:+212600000000", "MessageSid": "SM1", "Body": "",
                               "Latitude": "35.7", "Longitude": "-5.8"})
    assert loc.location.longitude == -5.8 and loc.text is None
    bad = whatsapp.parse_form({"From": "whatsapp:+212600000000", "Latitude": "999", "Longitude": "x"})
    assert bad.location is None
    quick = whatsapp.parse_form({"From": "w", "Body": "Oui", "ButtonText": "Oui", "ButtonPayload": "/menu"})
    assert quick.payload == "/menu" and quick.text == "Oui"
    voice = whatsapp.parse_form({"From": "w", "NumMedia": "1", "MediaContentType0": "audio/ogg"})
    assert voice.attachments[0].kind == "audio"
    assert whatsapp.twiml([]).endswith("<Response />") or whatsapp.twiml([]).endswith("<Response/>")
