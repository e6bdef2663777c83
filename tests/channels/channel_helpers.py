"""Helpers of the channel tests (``from channel_helpers import …`` in tests/channels/conftest.py and the
tests; a unique module name, so it never collides with another directory's conftest). Everything is real
except Telegram's and Twilio's servers, which are faked at the HTTP boundary:

* ``telegram_emulator``: the npm package ``telegram-test-api@4.2.1`` (installed by ``npm ci`` in
  ``tests/channels/node``) on loopback, behind the thin JSON-rewriting adapter of
  ``tests/channels/node/emulator.js`` (the four gaps of /work/shared/notes/telegram-test-api.md). The test
  acts as the user through the emulator's client API (:class:`TelegramUser`).
* ``twilio_stub``: a local HTTP server recording Twilio REST calls (``POST …/Messages.json``) and answering
  like Twilio; the app's REST client is pointed at it with ``TWILIO_API_BASE_URL``.
* ``make_app``: the real application (``bot.app.create_app``) with the real pipeline, Redis state store
  (unique prefix), migrated PostgreSQL with the seed centers, and the NLU at ``nlu_url`` (the ``rasa_url``
  fixture for the journeys; a closed port — a real refused connection, i.e. menu mode — elsewhere).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NODE_DIR = Path(__file__).resolve().parent / "node"
CLOSED_PORT_URL = "http://127.0.0.1:9"
TEST_SECRET = "jisr-test-secret-key"
BOT_TOKEN = "123456:TEST-token_for-jisr"


# ---------------------------------------------------------------------------------------------------
# Telegram emulator
# ---------------------------------------------------------------------------------------------------

class TelegramEmulator:
    """A running emulator: ``url`` (client API and adapter root), ``api_base`` (``…/bot`` for ptb)."""

    def __init__(self, url: str, proc: subprocess.Popen) -> None:
        self.url = url
        self.api_base = f"{url}/bot"
        self.proc = proc

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Bot API calls the adapter saw (``{"method", "time", "params"}``), optionally of one method."""
        out = httpx.get(f"{self.url}/_calls", timeout=5).json()["result"]
        return [c for c in out if method is None or c["method"] == method]

    def user(self, chat_id: int | None = None, language_code: str = "ar") -> TelegramUser:
        return TelegramUser(self, chat_id or secrets.randbelow(10**9) + 1000, language_code)


class TelegramUser:
    """A Telegram user in a private chat with the bot, driven through the emulator's client API."""

    def __init__(self, emu: TelegramEmulator, chat_id: int, language_code: str) -> None:
        self.emu = emu
        self.chat_id = chat_id
        self.language_code = language_code
        self.received: list[dict[str, Any]] = []  # bot messages (emulator storage entries)

    def _common(self) -> dict[str, Any]:
        return {
            "botToken": BOT_TOKEN,
            "date": int(time.time()),
            "from": {"id": self.chat_id, "is_bot": False, "first_name": "Test", "language_code": self.language_code},
            "chat": {"id": self.chat_id, "type": "private", "first_name": "Test"},
        }

    async def _post(self, path: str, body: dict[str, Any]) -> None:
        async with httpx.AsyncClient(timeout=10) as c:
            r = await c.post(f"{self.emu.url}{path}", json=body)
            assert r.status_code == 200, r.text

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Send a text (a command when it starts with ``/``) and return the bot's replies."""
        body = {**self._common(), "text": text}
        if text.startswith("/"):
            body["entities"] = [{"offset": 0, "length": len(text.split(" ")[0]), "type": "bot_command"}]
            await self._post("/sendCommand", body)
        else:
            await self._post("/sendMessage", body)
        return await self.replies()

    async def share_location(self, latitude: float, longitude: float) -> list[dict[str, Any]]:
        """Send a location message (what the reply keyboard's request_location button sends)."""
        await self._post("/sendMessage", {**self._common(), "location": {"latitude": latitude,
                                                                          "longitude": longitude}})
        return await self.replies()

    async def tap(self, reply: dict[str, Any], callback_data: str) -> list[dict[str, Any]]:
        """Tap the inline button carrying ``callback_data`` on the bot message ``reply``."""
        buttons = [b for row in keyboard(reply) for b in row]
        assert any(b.get("callback_data") == callback_data for b in buttons), (callback_data, buttons)
        message = {"message_id": reply["messageId"], "date": int(time.time()),
                   "chat": {"id": self.chat_id, "type": "private", "first_name": "Test"},
                   "from": {"id": 666, "is_bot": True, "first_name": "Jisr"},
                   "text": reply["message"].get("text", ""), "reply_markup": reply["message"]["reply_markup"]}
        c = self._common()
        await self._post("/sendCallback", {"botToken": BOT_TOKEN, "from": c["from"], "message": message,
                                           "data": callback_data, "date": c["date"]})
        return await self.replies()

    async def replies(self, settle: float = 0.8, timeout: float = 40.0) -> list[dict[str, Any]]:
        """Bot messages to this chat, once no new one arrived for ``settle`` seconds (fails after
        ``timeout`` without any)."""
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        last_new = None
        async with httpx.AsyncClient(timeout=10) as c:
            while time.monotonic() < deadline:
                r = await c.post(f"{self.emu.url}/getUpdates", json={"token": BOT_TOKEN, "chatId": self.chat_id})
                new = r.json().get("result") or []
                if new:
                    got += new
                    last_new = time.monotonic()
                elif last_new is not None and time.monotonic() - last_new >= settle:
                    break
                await asyncio.sleep(0.1)
        assert got, "the bot did not answer"
        self.received += got
        return got

    async def history(self) -> list[dict[str, Any]]:
        """Every message of this chat still stored by the emulator (user and bot; deleted ones are gone)."""
        async with httpx.AsyncClient(timeout=10) as c:
            r = await c.post(f"{self.emu.url}/getUpdatesHistory", json={"token": BOT_TOKEN})
        out = []
        for u in r.json()["result"]:
            m = u.get("message") or (u.get("callbackQuery") or {}).get("message") or {}
            chat = (m.get("chat") or {}).get("id", m.get("chat_id"))
            if str(chat) == str(self.chat_id) and "callbackQuery" not in u:
                out.append(u)
        return out


def text_of(replies: list[dict[str, Any]]) -> str:
    """All texts of bot replies, joined by newlines."""
    return "\n".join(r["message"].get("text", "") for r in replies)


def keyboard(reply: dict[str, Any]) -> list[list[dict[str, Any]]]:
    markup = reply["message"].get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return markup.get("inline_keyboard") or []


def find_button(replies: list[dict[str, Any]], predicate) -> tuple[dict[str, Any], str]:
    """The (reply, callback_data) of the first inline button whose callback_data satisfies ``predicate``."""
    for r in replies:
        for row in keyboard(r):
            for b in row:
                if predicate(b["callback_data"]):
                    return r, b["callback_data"]
    raise AssertionError(f"no such button in {[[b for row in keyboard(r) for b in row] for r in replies]}")


# ---------------------------------------------------------------------------------------------------
# Twilio REST stub
# ---------------------------------------------------------------------------------------------------

class TwilioStub:
    """A local HTTP server standing for ``https://api.twilio.com``: records each request
    (``method``, ``path``, ``form`` as dict of lists, ``auth``) and answers a Message resource."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(n).decode())
                stub.requests.append({"method": "POST", "path": self.path, "form": form,
                                      "auth": self.headers.get("Authorization")})
                body = json.dumps({"sid": "SM" + secrets.token_hex(16), "status": "queued",
                                   "to": form.get("To", [""])[0], "from": form.get("From", [""])[0],
                                   "body": form.get("Body", [""])[0], "account_sid": "AC" + "0" * 32,
                                   "api_version": "2010-04-01", "num_segments": "1", "num_media": "0",
                                   "direction": "outbound-api", "uri": self.path}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def messages(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/Messages.json")]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------------------
# the application
# ---------------------------------------------------------------------------------------------------

def channel_settings(**kw: Any) -> Any:
    """Settings of a test app (explicit; Telegram/Twilio off unless given)."""
    from services.config import Settings

    base: dict[str, Any] = {"JISR_SECRET_KEY": TEST_SECRET, "rasa_url": CLOSED_PORT_URL,
                            "nlu_timeout_seconds": 0.5, "telegram_bot_token": None, "twilio_account_sid": None,
                            "twilio_auth_token": None, "twilio_whatsapp_from": None, "public_base_url": None}
    base.update(kw)
    return Settings(**base)



# ---------------------------------------------------------------------------------------------------
# Bot API stub (webhook mode, scripted failures)
# ---------------------------------------------------------------------------------------------------

class BotApiStub:
    """A local HTTP server standing for the Telegram Bot API (``TELEGRAM_API_BASE_URL`` = ``api_base``):
    answers every method as the Bot API does (``getMe`` a bot user, ``sendMessage`` a ``Message``, anything
    else ``true``) and records each call as ``(method, params)``. ``script(method, statuses)``: the next calls
    of ``method`` answer these HTTP statuses in turn (200 = the normal answer; 500 is what ptb turns into a
    ``NetworkError``, 400 a ``BadRequest``)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._script: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        self._next_id = 100
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n).decode()
                method = self.path.rsplit("/", 1)[-1]
                stub._answer(self, method, stub._params(raw, self.headers.get("Content-Type") or ""))

            do_GET = do_POST

            def log_message(self, *a: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_base = f"{self.url}/bot"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def _params(raw: str, ctype: str) -> dict[str, Any]:
        if not raw:
            return {}
        if "json" in ctype:
            return json.loads(raw)
        out: dict[str, Any] = {}
        for k, v in parse_qs(raw).items():
            try:
                out[k] = json.loads(v[0])
            except ValueError:
                out[k] = v[0]
        return out

    def script(self, method: str, statuses: list[int]) -> None:
        with self._lock:
            self._script[method] = list(statuses)

    def _answer(self, handler: BaseHTTPRequestHandler, method: str, params: dict[str, Any]) -> None:
        with self._lock:
            queue = self._script.get(method) or []
            status = queue.pop(0) if queue else 200
            self.calls.append((method, {**params, "_status": status}))
            self._next_id += 1
            message_id = self._next_id
        if status != 200:
            body = {"ok": False, "error_code": status, "description": "scripted failure"}
        elif method == "getMe":
            body = {"ok": True, "result": {"id": 666, "is_bot": True, "first_name": "Jisr", "username": "jisr_test_bot"}}
        elif method == "sendMessage":
            body = {"ok": True, "result": {"message_id": message_id, "date": int(time.time()),
                                           "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
                                           "text": params.get("text", "")}}
        else:
            body = {"ok": True, "result": True}
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def sent(self, chat_id: int | None = None) -> list[str]:
        """Texts of the ``sendMessage`` calls that succeeded (to ``chat_id``), in order."""
        return [p.get("text", "") for m, p in self.calls if m == "sendMessage" and p["_status"] == 200
                and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)]

    def attempts(self, method: str = "sendMessage") -> list[int]:
        """The statuses answered to the calls of ``method``, in order."""
        return [p["_status"] for m, p in self.calls if m == method]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------------------------------
# Twilio webhook requests
# ---------------------------------------------------------------------------------------------------

AUTH_TOKEN = "0123456789abcdef0123456789abcdef"
ACCOUNT_SID = "AC" + "1" * 32
FROM = "whatsapp:+14155238886"


def twilio_signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature as Twilio computes it (HMAC-SHA1 of the URL followed by the sorted parameters,
    each name then its value, base64)."""
    s = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), s.encode(), hashlib.sha1).digest()).decode()


def inbound(user: str, body: str = "", **extra: str) -> dict[str, str]:
    """A Twilio WhatsApp webhook form."""
    sid = "SM" + secrets.token_hex(16)
    form = {"SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID, "From": user,
            "To": FROM, "Body": body, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01",
            "WaId": user.split("+")[-1], "ProfileName": "Test", "SmsStatus": "received"}
    form.update(extra)
    return form
