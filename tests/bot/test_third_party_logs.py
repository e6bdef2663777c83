"""Third-party loggers at DEBUG carry no token, no credential and no text.

``LOG_LEVEL=DEBUG`` through ``bot.logging_policy.install`` as ``jisr run`` does, then python-telegram-bot, httpx,
httpcore, Twilio's client and urllib3 forced to DEBUG too (``install`` keeps httpx/httpcore at WARNING; the
policy must hold when someone turns them up). The real application runs the real Telegram channel (ptb 22,
polling) against a small Bot API stub on a free port: ``getMe``, the command lists, a person's message through
``getUpdates``, the bot's replies and an operator's message through ``sendMessage``. Twilio's REST client sends
a WhatsApp message to a local stub. Every record is captured raw on the libraries' own loggers (before any
handler) and at the handler's output; none may contain the bot token (nor its secret half), the Twilio account
SID or auth token, the person's text, a reply text, the operator's text or the phone number."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

from bot.logging_policy import install
from bot.state import InMemoryStateStore
from tests.bot.helpers import settings_for

TOKEN = "7351928462:AAH2kQ9vXz_Lm3NpR8sT1uW4yB6cD0eF5gJ"  # the shape of a real bot token (not a real one)
TOKEN_SECRET = TOKEN.split(":", 1)[1]
TWILIO_SID = "AC" + "5f3e9a1c7b2d4e6f8a0b1c2d3e4f5a6b"
TWILIO_TOKEN = "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"
CHAT_ID = 5550001
PERSON_TEXT = "Smiti Zineb Benali, rajli kaydrebni b couteau"
OPERATOR_TEXT = "Bonjour Zineb, une conseillère vous rappelle"
PHONE = "+212612345678"
THIRD_PARTY = ("telegram", "httpx", "httpcore", "twilio", "urllib3", "bot.channels.whatsapp.twilio_http")


class BotApiStub:
    """A minimal Bot API on loopback (the methods the channel calls), echoing sent texts like Telegram."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.calls: list[str] = []
        self.pending = [{"update_id": 900001, "message": {
            "message_id": 11, "date": int(time.time()), "text": PERSON_TEXT,
            "chat": {"id": CHAT_ID, "type": "private"},
            "from": {"id": CHAT_ID, "is_bot": False, "first_name": "Zineb", "language_code": "fr"}}}]
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(raw or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(raw).items()}
                method = self.path.rsplit("/", 1)[-1]
                stub.calls.append(method)
                result: Any = True
                if not self.path.startswith(f"/bot{TOKEN}/"):
                    self._answer({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
                    return
                if method == "getMe":
                    result = {"id": 7351928462, "is_bot": True, "first_name": "Jisr", "username": "jisr_test_bot"}
                elif method == "getUpdates":
                    result, stub.pending = stub.pending, []
                    if not result:
                        time.sleep(0.2)
                elif method == "getWebhookInfo":
                    result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
                elif method == "sendMessage":
                    stub.sent.append(params.get("text", ""))
                    result = {"message_id": 100 + len(stub.sent), "date": int(time.time()),
                              "chat": {"id": CHAT_ID, "type": "private"}, "text": params.get("text", "")}
                self._answer({"ok": True, "result": result})

            def _answer(self, body: dict, code: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Raw(logging.Handler):
    """Every record as it reaches the handler: rendered message, arguments, exception text."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.getMessage(), repr(record.args), str(record.exc_text or "")]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
        self.lines.append(f"{record.name} {record.levelname}: " + " | ".join(parts))


@pytest.fixture
def debug_logging(monkeypatch):
    """``LOG_LEVEL=DEBUG`` installed as ``jisr run`` does, the libraries turned up to DEBUG, a raw capture on each
    library's logger (it sees records before the root handler) and the root handler's output; restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_factory = logging.getLogRecordFactory()
    saved_levels = {n: logging.getLogger(n).level for n in THIRD_PARTY}
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    settings = settings_for()
    assert settings.log_level == "DEBUG"
    stream = io.StringIO()
    handler = install(getattr(logging, settings.log_level), stream)
    raw = _Raw()
    for name in THIRD_PARTY:
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).addHandler(raw)
    try:
        yield raw, stream
    finally:
        for name in THIRD_PARTY:
            logging.getLogger(name).removeHandler(raw)
            logging.getLogger(name).setLevel(saved_levels[name])
        root.removeHandler(handler)
        for h in saved_handlers:
            root.addHandler(h)
        root.setLevel(saved_level)
        logging.setLogRecordFactory(saved_factory)


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s.lower() in text.lower()]


async def test_telegram_and_twilio_at_debug_log_no_token_and_no_text(debug_logging, make_client):
    raw, stream = debug_logging
    stub = BotApiStub()
    twilio = None
    try:
        settings = settings_for(telegram_bot_token=TOKEN, telegram_api_base_url=f"{stub.url}/bot",
                                telegram_mode="polling", log_level="DEBUG")
        _, app = await make_client(InMemoryStateStore(ttl_seconds=3600), settings=settings)
        channel = app.state.telegram
        await channel.start()
        try:
            deadline = time.monotonic() + 30
            while not stub.sent and time.monotonic() < deadline:  # the person's message answered
                await asyncio.sleep(0.2)
            assert stub.sent, stub.calls
            await asyncio.sleep(0.5)
            from dialogues.messages import OutboundMessage

            await channel.send(str(CHAT_ID), [OutboundMessage(text=OPERATOR_TEXT)])
        finally:
            await channel.stop()
        assert OPERATOR_TEXT in stub.sent and any("8350" in t for t in stub.sent)  # the danger reply

        # Twilio's REST client (requests + urllib3) sending a WhatsApp message to a local stub
        from bot.channels.whatsapp import make_rest_client
        from tests.channels.channel_helpers import TwilioStub

        twilio = TwilioStub()
        tw_settings = settings_for(twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN,
                                   twilio_whatsapp_from="whatsapp:+14155238886", twilio_api_base_url=twilio.url)
        client = make_rest_client(tw_settings)
        await asyncio.to_thread(client.messages.create, to=f"whatsapp:{PHONE}", from_="whatsapp:+14155238886",
                                body=OPERATOR_TEXT)
        assert twilio.messages() and twilio.messages()[0]["auth"]  # it did authenticate (Basic SID:token)
    finally:
        stub.close()
        if twilio is not None:
            twilio.close()

    secrets = [TOKEN, TOKEN_SECRET, TWILIO_SID, TWILIO_TOKEN, PERSON_TEXT, "Zineb", "kaydrebni", OPERATOR_TEXT,
               PHONE, PHONE[1:], twilio.messages()[0]["auth"].split()[-1]]
    secrets += [t for t in stub.sent if len(t) >= 20]  # the bot's replies
    secrets += [line for t in stub.sent for line in t.splitlines() if len(line) >= 20]
    out = stream.getvalue()
    # the paths were exercised (and logged) at DEBUG
    assert any(line.startswith("telegram") and "DEBUG" in line and "Calling Bot API endpoint" in line
               for line in raw.lines), raw.lines[:20]
    assert any(line.startswith("httpx") and "HTTP Request: POST" in line for line in raw.lines)
    assert any(line.startswith("httpcore") for line in raw.lines)
    assert any(line.startswith("telegram") and "Processing update" in line for line in raw.lines)
    assert "Calling Bot API endpoint" in out and "HTTP Request: POST" in out
    leaks = [(line[:200], _leaks(line, secrets)) for line in raw.lines if _leaks(line, secrets)]
    assert not leaks, leaks[:5]
    assert not _leaks(out, secrets), [line for line in out.splitlines() if _leaks(line, secrets)][:5]
    print(f"\n{len(raw.lines)} third-party records at DEBUG, {len(out.splitlines())} lines written; no leak")
