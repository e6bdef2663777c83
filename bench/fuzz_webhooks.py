"""Fuzz the three webhooks (REST, Telegram, WhatsApp/Twilio) with N random inputs and print the answers'
status codes by endpoint — the long version of the Hypothesis properties of
``tests/bot/test_rest_input.py`` and ``tests/channels/test_webhook_hardening.py``. The target: no 5xx, no
dropped connection (one keep-alive httpx client; a connection the server closes without saying
``Connection: close`` is counted as ``dropped``).

Inputs (seeded, so two runs send the same ones): well-formed messages with bad parts — lone UTF-16
surrogates, NUL, invalid UTF-8, bidi overrides, danger texts, 5,000-deep nesting, 400-digit and NaN/Infinity
numbers, wrong JSON types, missing fields, non-JSON bodies, wrong content types; Telegram updates with any
field of the wrong type; Twilio forms signed as Twilio signs them, with parameters changed, dropped, added or
with the name/value boundary shifted, plus unsigned ones.

Two ways to run it, loopback only (any other host is refused):

* ``--serve`` (default when no ``--url``): starts the app here — uvicorn on a free 127.0.0.1 port, in-process
  state, a fresh SQLite database in a temporary directory (or ``DATABASE_URL``), the NLU off (menu mode),
  Telegram in webhook mode against a local Bot API stub, WhatsApp with a test auth token::

      .venv/bin/python bench/fuzz_webhooks.py -n 2000

* ``--url http://127.0.0.1:8000`` against a running app; Telegram and WhatsApp are fuzzed when their secrets
  are given (``--telegram-secret``, ``--twilio-token``, and ``--public-url`` = its ``PUBLIC_BASE_URL``),
  otherwise only unsigned requests reach them.

Bounded: ``-n`` inputs (at most 100,000) and ``--seconds`` (default 300) whichever comes first;
``--concurrency`` requests at a time (default 4). Prints counts by endpoint and status, the number of 5xx and
of dropped connections, and for each 5xx the kind of input (never its content).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import contextlib
import hashlib
import hmac
import json
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_INPUTS = 100_000
BOT_TOKEN = "123456:FUZZ-token_for-jisr"
TG_SECRET = "fuzz-Secret_1"
TWILIO_TOKEN = "0123456789abcdef0123456789abcdef"
ACCOUNT_SID = "AC" + "1" * 32

BAD_CHARS = ["\ud83d", "\ude00", "\udfff\ud800", "\x00", "\u202e", "\u2067", "\ufffd", "\x1b[31m", "\u200f"]
TEXTS = ["salam", "bonjour", "/menu", "/start", "/quick_exit", "/lang:fr", "1", "١", "rajli kaydrebni, ana f tanja",
         "il a un couteau, il va me tuer", "بغيت وساطة أسرية", "🆘", "", " ", "x" * 3000, "casa", "/report_violence"]
DANGER = "il a un couteau il va me tuer"


# ---------------------------------------------------------------------------------------------------
# input generators: each returns (kind, method kwargs for httpx)
# ---------------------------------------------------------------------------------------------------

def text(rng: random.Random) -> str:
    t = rng.choice(TEXTS)
    if rng.random() < 0.5:
        pos = rng.randint(0, len(t))
        t = t[:pos] + rng.choice(BAD_CHARS) + t[pos:]
    return t


def json_value(rng: random.Random, depth: int = 0) -> Any:
    r = rng.random()
    if depth > 3 or r < 0.5:
        return rng.choice([None, True, False, 0, -1, 2**70, 1.5, float("nan"), float("inf"), "", text(rng),
                           int("9" * 400), "33.57", [], {}])
    if r < 0.75:
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["a", "sender", "text", "id", "latitude"]): json_value(rng, depth + 1)
            for _ in range(rng.randint(0, 3))}


def dumps(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")  # ensure_ascii: \udXXX escapes


def mutate(rng: random.Random, body: dict[str, Any], fields: list[str]) -> tuple[str, dict[str, Any]]:
    """``body`` with one field replaced by a random JSON value, or removed; or as is."""
    r = rng.random()
    if r < 0.45:
        return "well-formed", body
    name = rng.choice(fields)
    if r < 0.55:
        body = {k: v for k, v in body.items() if k != name}
        return f"missing {name}", body
    return f"wrong {name}", {**body, name: json_value(rng)}


def raw_variant(rng: random.Random, body: bytes) -> tuple[str, bytes, str | None]:
    """Now and then the body is replaced by something that is not JSON, or sent with another content type."""
    r = rng.random()
    if r < 0.05:
        return "deep nesting", b"[" * 5000 + b"]" * 5000, "application/json"
    if r < 0.08:
        return "not json", rng.choice([b"", b"not json", b"\xff\xfe\xfd", b"{", b'{"a": 1' + b"0" * 5000 + b"}"]), \
            "application/json"
    if r < 0.11:
        return "cut utf-8", body.replace(b"\\ud83d", b"\xf0\x9f"), "application/json"
    if r < 0.15:
        return "content type", body, rng.choice(["application/x-www-form-urlencoded", "text/html", "multipart/form-data",
                                                 "application/xml", None])
    return "", body, "application/json"


def rest_input(rng: random.Random, senders: list[str]) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = {"sender": rng.choice(senders), "message": text(rng)}
    if rng.random() < 0.4:
        body["message_id"] = secrets.token_hex(4) if rng.random() < 0.8 else json_value(rng)
    if rng.random() < 0.3:
        body["metadata"] = {"location": {"latitude": rng.choice([33.57, "33.57", 91, int("9" * 400), float("nan"), "x"]),
                                         "longitude": rng.choice([-7.59, "-7.59", 181, True])},
                            "language": rng.choice(["fr", "ary", None, 3])}
    kind, body = mutate(rng, body, ["sender", "message", "message_id", "metadata"])
    raw_kind, raw, ctype = raw_variant(rng, dumps(body))
    headers = {"Content-Type": ctype} if ctype else {}
    return raw_kind or kind, {"content": raw, "headers": headers}


def telegram_input(rng: random.Random, secret: str | None) -> tuple[str, dict[str, Any]]:
    chat = rng.randint(10**6, 10**9)
    message: dict[str, Any] = {"message_id": rng.randint(1, 10**6), "date": int(time.time()),
                               "chat": {"id": chat, "type": "private"},
                               "from": {"id": chat, "is_bot": False, "first_name": "F", "language_code": "fr"}}
    r = rng.random()
    if r < 0.6:
        message["text"] = text(rng)
    elif r < 0.75:
        message["location"] = {"latitude": rng.choice([33.5, 91, int("9" * 400), "x"]), "longitude": -7.6}
    else:
        message["voice"] = {"file_id": "v", "mime_type": "audio/ogg"}
    update: dict[str, Any] = {"update_id": rng.randint(1, 2**40)}
    if rng.random() < 0.15:
        update["callback_query"] = {"id": str(rng.randint(1, 10**6)), "from": message["from"],
                                    "data": rng.choice(["/menu", "~0123456789abcdef", text(rng)]),
                                    "message": {"chat": message["chat"], "message_id": 1, "date": 1}}
    else:
        update["message"] = message
    if rng.random() < 0.5:
        target = rng.choice(["update", "message", "chat"])
        holder = {"update": update, "message": message, "chat": message["chat"]}[target]
        name = rng.choice(list(holder))
        holder[name] = json_value(rng)
        kind = f"wrong {target}.{name}"
    else:
        kind = "well-formed"
    raw_kind, raw, ctype = raw_variant(rng, dumps(update))
    headers = {"Content-Type": ctype or "application/json"}
    if secret and rng.random() < 0.95:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    else:
        kind = "unsigned"
    return raw_kind or kind, {"content": raw, "headers": headers}


def twilio_signature(url: str, params: dict[str, str], token: str) -> str:
    s = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), s.encode(), hashlib.sha1).digest()).decode()


def whatsapp_input(rng: random.Random, numbers: list[str], token: str | None, url: str) -> tuple[str, dict[str, Any]]:
    sid = "SM" + secrets.token_hex(16)
    number = rng.choice(numbers)
    form = {"SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID, "From": number,
            "To": "whatsapp:+14155238886", "Body": text(rng).replace("\x00", "").encode("utf-8", "replace").decode(),
            "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01", "WaId": number[-12:],
            "ProfileName": "F", "SmsStatus": "received"}
    if rng.random() < 0.1:
        form.update(Latitude=rng.choice(["33.5", "nan", "9" * 400]), Longitude="-7.6")
    signed = dict(form)
    r = rng.random()
    kind = "well-formed"
    if r < 0.1:
        form.pop("MessageSid")
        form["MessageSi"] = "d" + sid  # the captured request with its boundary shifted: same signature
        kind = "shifted boundary"
        signed = form
    elif r < 0.2:
        name = rng.choice(["MessageSid", "From", "Body", "Foo", "NumMedia", "AccountSid"])
        form[name] = rng.choice(["", "x", "SM" + "z" * 32, "whatsapp:+1", "\ufffd", "9" * 400])
        kind = f"changed {name}"
        signed = form
    elif r < 0.25:
        form.pop(rng.choice(["MessageSid", "From", "Body"]))
        kind = "dropped parameter"
        signed = form
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token and rng.random() < 0.93:
        headers["X-Twilio-Signature"] = twilio_signature(url, signed, token)
    else:
        kind = "unsigned"
    body = urlencode(form).encode()
    if rng.random() < 0.05:
        body = body.replace(b"Body=", b"Body=%F0%9F", 1)  # a cut emoji
        kind = "cut utf-8 (signature no longer matches)"
    if rng.random() < 0.04:
        return "content type", {"content": dumps(form), "headers": {**headers, "Content-Type": "application/json"}}
    return kind, {"content": body, "headers": headers}


# ---------------------------------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------------------------------

class _BotApiStub:
    """A stand-in for the Telegram Bot API answering every method (``sendMessage`` a message)."""

    def __init__(self) -> None:
        counter = [100]

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                method = self.path.rsplit("/", 1)[-1]
                counter[0] += 1
                if method == "getMe":
                    result: Any = {"id": 1, "is_bot": True, "first_name": "Jisr", "username": "jisr_fuzz_bot"}
                elif method == "sendMessage":
                    result = {"message_id": counter[0], "date": int(time.time()), "chat": {"id": 1, "type": "private"}}
                else:
                    result = True
                data = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *a: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/bot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.asynccontextmanager
async def serve_here():
    """The app on a free loopback port (see the module docstring); yields its base URL."""
    import logging

    import uvicorn

    try:
        import bot  # noqa: F401 - the installed (or PYTHONPATH) code is the one fuzzed
    except ImportError:
        sys.path.insert(0, str(ROOT))
    from bot.app import create_app
    from bot.state import InMemoryStateStore
    from services.config import Settings
    from services.seed import prepare_database

    logging.basicConfig(level=logging.ERROR)
    stub = _BotApiStub()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        db = os.environ.get("DATABASE_URL") or f"sqlite+aiosqlite:///{tmp}/fuzz.db"
        await prepare_database(db)
        settings = Settings(JISR_SECRET_KEY="fuzz-secret", database_url=db,
                            rasa_url="http://127.0.0.1:9", nlu_timeout_seconds=0.2, reminders_enabled=False,
                            telegram_bot_token=BOT_TOKEN, telegram_mode="webhook", telegram_webhook_secret=TG_SECRET,
                            telegram_api_base_url=stub.url, twilio_account_sid=ACCOUNT_SID,
                            twilio_auth_token=TWILIO_TOKEN, twilio_whatsapp_from="whatsapp:+14155238886",
                            public_base_url=base)
        app = create_app(settings, store=InMemoryStateStore(), mount_console=False)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
        task = asyncio.create_task(server.serve())
        try:
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.05)
            yield base
        finally:
            server.should_exit = True
            await task
            stub.close()


async def fuzz(base: str, n: int, seconds: float, concurrency: int, seed: int, telegram_secret: str | None,
               twilio_token: str | None, public_url: str | None) -> int:
    rng = random.Random(seed)
    senders = [f"fuzz-{i}" for i in range(8)]
    numbers = [f"whatsapp:+21260000{i:04d}" for i in range(8)]
    wa_url = f"{(public_url or base).rstrip('/')}/webhooks/whatsapp"
    inputs: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            kind, kw = rest_input(rng, senders)
            inputs.append(("rest", kind, kw))
        elif r < 0.75:
            kind, kw = telegram_input(rng, telegram_secret)
            inputs.append(("telegram", kind, kw))
        else:
            kind, kw = whatsapp_input(rng, numbers, twilio_token, wa_url)
            inputs.append(("whatsapp", kind, kw))
    paths = {"rest": "/webhooks/rest/webhook", "telegram": "/webhooks/telegram", "whatsapp": "/webhooks/whatsapp"}
    counts: dict[str, collections.Counter] = {k: collections.Counter() for k in paths}
    server_errors: collections.Counter = collections.Counter()
    dropped = 0
    deadline = time.monotonic() + seconds
    queue: asyncio.Queue = asyncio.Queue()
    for item in inputs:
        queue.put_nowait(item)
    started = time.monotonic()
    done = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal dropped, done
        port = None
        closing = False
        while time.monotonic() < deadline:
            try:
                endpoint, kind, kw = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                r = await client.send(client.build_request("POST", paths[endpoint], **kw), stream=True)
                now = r.extensions["network_stream"].get_extra_info("client_addr")[1]
                await r.aread()
                await r.aclose()
            except httpx.HTTPError as exc:
                counts[endpoint][type(exc).__name__] += 1
                dropped += 1
                port = None
                continue
            if port is not None and now != port and not closing:
                dropped += 1  # the server closed a connection it had kept alive
            port, closing = now, r.headers.get("connection", "").lower() == "close"
            counts[endpoint][r.status_code] += 1
            done += 1
            if r.status_code >= 500:
                server_errors[f"{endpoint}: {kind}"] += 1

    # one client per worker, one kept-alive connection each
    clients = [httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=1))
               for _ in range(concurrency)]
    try:
        await asyncio.gather(*(worker(c) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    elapsed = time.monotonic() - started
    total_5xx = sum(server_errors.values())
    print(f"fuzz_webhooks: {done} of {n} inputs answered in {elapsed:.1f} s (seed {seed}, concurrency {concurrency})")
    for endpoint, counter in counts.items():
        row = ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: str(kv[0])))
        print(f"  {endpoint:9s} {sum(counter.values()):6d}  {row}")
    print(f"  5xx: {total_5xx}   dropped connections: {dropped}")
    for what, count in server_errors.most_common():
        print(f"    5xx × {count}: {what}")
    return 1 if total_5xx or dropped else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="a running app (loopback only); default: --serve")
    p.add_argument("--serve", action="store_true", help="start the app here (default without --url)")
    p.add_argument("-n", type=int, default=1000, help="number of inputs (at most 100,000)")
    p.add_argument("--seconds", type=float, default=300.0, help="stop after this long")
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--telegram-secret", help="TELEGRAM_WEBHOOK_SECRET of the running app (--url)")
    p.add_argument("--twilio-token", help="TWILIO_AUTH_TOKEN of the running app (--url)")
    p.add_argument("--public-url", help="PUBLIC_BASE_URL of the running app (--url; Twilio signs it)")
    args = p.parse_args(argv)
    n = max(1, min(args.n, MAX_INPUTS))
    concurrency = max(1, min(args.concurrency, 32))
    if args.url:
        host = urlsplit(args.url).hostname or ""
        if host not in LOOPBACK:
            p.error(f"only a loopback address is fuzzed (127.0.0.1, ::1, localhost), not {host!r}")
        return asyncio.run(fuzz(args.url.rstrip("/"), n, args.seconds, concurrency, args.seed,
                                args.telegram_secret, args.twilio_token, args.public_url))

    async def _served() -> int:
        async with serve_here() as base:
            return await fuzz(base, n, args.seconds, concurrency, args.seed, TG_SECRET, TWILIO_TOKEN, base)

    return asyncio.run(_served())


if __name__ == "__main__":
    sys.exit(main())
