"""A new channel is one adapter module plus one configuration entry (``bot/CHANNELS.md``): the module
``tests/channels/text_channel.py`` listed in ``JISR_CHANNELS`` answers through the message path — numbered
buttons read back, media alone, danger, asynchronous sends — with the real pipeline, Redis and PostgreSQL."""

from __future__ import annotations

import re

import httpx

import locales
from dialogues.messages import OutboundMessage

CHANNELS = "bot.channels.whatsapp,bot.channels.telegram,tests.channels.text_channel"


async def post(client: httpx.AsyncClient, sender: str, **body) -> list[str]:
    r = await client.post("/webhooks/textchannel", json={"from": sender, **body})
    assert r.status_code == 200, r.text
    return r.json()["replies"]


async def test_a_channel_listed_in_the_configuration_answers_through_the_pipeline(make_app):
    app = make_app(JISR_CHANNELS=CHANNELS)
    assert "textchannel" in app.state.registry.names()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://jisr.test") as c:
        menu = "\n".join(await post(c, "p1", text="/menu"))
        assert re.search(r"^1\. ", menu, re.MULTILINE)  # buttons as numbered lines
        assert not re.search(r"(^|\s)/[a-z_]{3,}", menu)  # never a payload
        assert locales.t("ary", "channels-choice-hint") in menu
        chosen = "\n".join(await post(c, "p1", text="1"))  # read back as the first button's payload
        assert chosen and chosen != menu
        key = app.state.pipeline.conversation_key("textchannel", "p1")
        state = (await app.state.store.load(key))["state"]
        assert state["flow"] is not None  # the first button started a journey
        photo = "\n".join(await post(c, "p2", photo=True))  # media alone: the message path's kind reply
        assert photo.startswith(locales.t("ary", "channels-media-unsupported", lines="")[:30])
        assert await app.state.store.load(app.state.pipeline.conversation_key("textchannel", "p2")) is None
        danger = "\n".join(await post(c, "p3", text="bghit nqtel rasi"))
        for number in ("19", "177", "15"):
            assert re.search(rf"\b{number}\b", danger), number
    await app.state.registry.send("textchannel", "p1", [OutboundMessage("hi")])
    assert app.state.textchannel.sent == [("p1", "hi")]


async def test_a_channel_not_listed_is_not_mounted(make_app):
    app = make_app()
    assert "textchannel" not in app.state.registry.names()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://jisr.test") as c:
        assert (await c.post("/webhooks/textchannel", json={"from": "p", "text": "salam"})).status_code == 404
