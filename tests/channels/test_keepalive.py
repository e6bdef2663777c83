"""After an error response the keep-alive connection stays usable: a real uvicorn server (both of its HTTP/1.1
implementations) on a free loopback port serving the real app with the REST, Telegram (webhook mode, Bot API
stub) and WhatsApp channels, and one httpx client sending good and bad requests one after the other on one
connection. Each answer must come on the connection of the previous one, unless the previous answer said
``Connection: close`` (only the 413 refused from its ``Content-Length``, whose body is never read, does).
A property (Hypothesis) then sends random bodies to the three webhooks on the same connection."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets

import httpx
import pytest
from channel_helpers import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BOT_TOKEN,
    FROM,
    channel_settings,
    free_port,
    inbound,
    twilio_signature,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels import telegram

SECRET = "keepalive-Secret_2"
TG = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
JSON = {"Content-Type": "application/json"}


@contextlib.asynccontextmanager
async def served(make_app, stub, http: str):
    """The app (Telegram webhook mode + WhatsApp) served by uvicorn with ``http`` (``h11``/``httptools``) on
    a free port; yields ``(app, base_url)``."""
    import uvicorn

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = make_app(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_whatsapp_from=FROM,
                   public_base_url=base)
    s = channel_settings(telegram_bot_token=BOT_TOKEN, telegram_api_base_url=stub.api_base,
                         telegram_mode="webhook", telegram_webhook_secret=SECRET)
    telegram.mount(app, settings=s)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                           http=http, timeout_keep_alive=30))
    async with app.router.lifespan_context(app):
        task = asyncio.create_task(server.serve())
        try:
            while not server.started:
                await asyncio.sleep(0.02)
            yield app, base
        finally:
            server.should_exit = True
            await task


def local_port(r: httpx.Response) -> int:
    """The client-side port of the connection the response came on."""
    return r.extensions["network_stream"].get_extra_info("client_addr")[1]


class Conversation:
    """Requests on one httpx client; checks that each answer came on the same connection as the previous
    one unless that one said ``Connection: close``."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.port: int | None = None
        self.closing = False
        self.connections = 0

    async def send(self, method: str, path: str, **kw) -> httpx.Response:
        r = await self.client.send(self.client.build_request(method, path, **kw), stream=True)
        port = local_port(r)  # before the body is read: a closing connection is gone after it
        await r.aread()
        await r.aclose()
        assert r.status_code < 500, (path, r.status_code, r.text[:200])
        if self.port is not None and not self.closing:
            assert port == self.port, f"connection dropped before {method} {path} (previous answer kept it alive)"
        if port != self.port:
            self.connections += 1
        self.port = port
        self.closing = r.headers.get("connection", "").lower() == "close"
        return r


@pytest.mark.parametrize("http", ["httptools", "h11"])
async def test_the_connection_stays_usable_after_every_error(make_app, bot_api_stub, http):
    async with (served(make_app, bot_api_stub, http) as (_app, base),
                httpx.AsyncClient(base_url=base, timeout=30) as client):
        c = Conversation(client)
        sender = "ka-" + secrets.token_hex(6)
        wa = f"{base}/webhooks/whatsapp"
        form = inbound("whatsapp:+212612345678", "salam")
        shifted = {k: v for k, v in form.items() if k != "MessageSid"} | {"MessageSi": "d" + form["MessageSid"]}
        steps = [
            ("POST", "/webhooks/rest/webhook", {"json": {"sender": sender, "message": "/menu"}}, 200),
            ("POST", "/webhooks/rest/webhook", {"content": b"not json", "headers": JSON}, 400),
            ("POST", "/webhooks/rest/webhook", {"content": b"[" * 5000 + b"]" * 5000, "headers": JSON}, 400),
            ("POST", "/webhooks/rest/webhook", {"content": json.dumps(
                {"sender": sender, "message": "x", "metadata": {"location": {"latitude": int("9" * 400),
                                                                             "longitude": 1}}}), "headers": JSON},
             400),
            ("POST", "/webhooks/rest/webhook", {"content": b"sender=a", "headers": {
                "Content-Type": "application/x-www-form-urlencoded"}}, 415),
            ("POST", "/webhooks/rest/webhook", {"content": json.dumps(
                {"sender": sender, "message": "il a un couteau il va me tuer \ud83d"}), "headers": JSON}, 200),
            ("GET", "/webhooks/rest/webhook", {}, 405),
            ("POST", "/nowhere", {"content": b"x" * 1000}, 404),
            ("POST", "/webhooks/telegram", {"content": b'{"update_id": 1}', "headers": JSON}, 403),
            ("POST", "/webhooks/telegram", {"content": b"[" * 5000, "headers": TG}, 200),
            ("POST", "/webhooks/telegram", {"content": b'{"update_id": 5, "message": "x"}', "headers": TG}, 200),
            ("POST", "/webhooks/whatsapp", {"data": form}, 403),
            ("POST", "/webhooks/whatsapp", {"json": form}, 415),
            ("POST", "/webhooks/whatsapp", {"data": shifted, "headers": {
                "X-Twilio-Signature": twilio_signature(wa, form)}}, 400),
            ("POST", "/webhooks/whatsapp", {"data": form, "headers": {
                "X-Twilio-Signature": twilio_signature(wa, form)}}, 200),
            ("GET", "/webhooks/rest/outbox?sender=%ED%A0%BD", {}, 200),
            ("POST", "/webhooks/rest/webhook", {"json": {"sender": sender, "message": "/menu"}}, 200),
        ]
        for method, path, kw, status in steps:
            r = await c.send(method, path, **kw)
            assert r.status_code == status, (method, path, r.status_code, r.text[:200])
        assert c.connections == 1  # every answer above kept the connection
        # a body refused from its Content-Length is not read: the server says it closes
        r = await c.send("POST", "/webhooks/rest/webhook", content=b"{" + b" " * 70_000 + b"}", headers=JSON)
        assert r.status_code == 413 and r.headers["connection"] == "close"
        r = await c.send("POST", "/webhooks/rest/webhook", json={"sender": sender, "message": "/menu"})
        assert r.status_code == 200 and c.connections == 2


BODIES = st.one_of(
    st.binary(max_size=300),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                 lambda k: st.lists(k, max_size=3) | st.dictionaries(st.text(max_size=8), k, max_size=3),
                 max_leaves=8).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"sender": st.sampled_from(["ka-prop"]), "message": st.text(max_size=40)}).map(
        lambda v: json.dumps(v).encode()))


@pytest.fixture
async def one_connection(make_app, bot_api_stub):
    async with (served(make_app, bot_api_stub, "httptools") as (_app, base),
                httpx.AsyncClient(base_url=base, timeout=30) as client):
        yield Conversation(client)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, path=st.sampled_from(["/webhooks/rest/webhook", "/webhooks/telegram", "/webhooks/whatsapp"]),
       ctype=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain", ""]))
async def test_property_random_bodies_never_break_the_connection(one_connection, body, path, ctype):
    headers = {"Content-Type": ctype} if ctype else {}
    if path == "/webhooks/telegram":
        headers["X-Telegram-Bot-Api-Secret-Token"] = SECRET
    r = await one_connection.send("POST", path, content=body, headers=headers)
    assert r.status_code < 500
    assert one_connection.connections == 1
