"""Request size: the REST webhook (and so the web chat) refuses a body over ``MAX_MESSAGE_BYTES`` with 413 and
a JSON error, before holding it in memory — from ``Content-Length``, or counting a chunked stream — while a
message within the limit is still read whole by the safety net. Real app over ASGI, real PostgreSQL and
Redis; the NLU is down (menu mode)."""

from __future__ import annotations

import json
import secrets

import pytest

from tests.bot.helpers import has_all_numbers, make_store, settings_for

pytestmark = pytest.mark.asyncio(loop_scope="session")

DANGER = "il a un couteau, il va me tuer"


def body(message: str) -> bytes:
    return json.dumps({"sender": "big-" + secrets.token_hex(6), "message": message}).encode()


async def test_a_body_over_the_limit_is_refused_with_413_and_not_handled(make_client, redis_url, test_prefix):
    client, app = await make_client(make_store("redis", redis_url, test_prefix))
    r = await client.post("/webhooks/rest/webhook", content=body("x" * 70_000 + " " + DANGER),
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"] == "message_too_large" and r.json()["max_bytes"] == 64 * 1024
    assert app.state.pipeline.stats.handled == 0 and app.state.pipeline.stats.danger == 0


async def test_a_chunked_body_is_cut_off_at_the_limit_without_being_read_whole(make_client, redis_url, test_prefix):
    """No Content-Length (chunked): the server stops reading once the count passes the limit — the client's
    generator is not drained (a 20 MB body is never held in memory)."""
    client, app = await make_client(make_store("redis", redis_url, test_prefix))
    head = b'{"sender": "chunky", "message": "'
    chunk = b"y" * 16_384
    total_chunks = 20 * 1024 * 1024 // len(chunk)  # 20 MB
    sent = [0]

    async def stream():
        yield head
        for _ in range(total_chunks):
            sent[0] += 1
            yield chunk
        yield b'"}'

    r = await client.post("/webhooks/rest/webhook", content=stream(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "message_too_large"
    assert sent[0] <= 64 * 1024 // len(chunk) + 2, sent[0]  # stopped at the limit, not after 20 MB
    assert app.state.pipeline.stats.handled == 0


async def test_a_declared_length_over_the_limit_is_refused_unread(make_client, redis_url, test_prefix):
    """Straight through the ASGI interface (an HTTP client recomputes the header): a request that declares 10 MB
    is answered 413 before its body is asked for."""
    _, app = await make_client(make_store("redis", redis_url, test_prefix))
    asked = [0]
    sent: list[dict] = []

    async def receive():
        asked[0] += 1
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/webhooks/rest/webhook", "raw_path": b"/webhooks/rest/webhook", "root_path": "",
             "query_string": b"", "server": ("jisr.test", 80), "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"jisr.test"), (b"content-type", b"application/json"),
                         (b"content-length", str(10 * 1024 * 1024).encode())]}
    await app(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert json.loads(b"".join(m.get("body", b"") for m in sent[1:]))["error"] == "message_too_large"
    assert asked[0] == 0  # refused from the header: not a byte of the body was read


async def test_a_long_message_within_the_limit_is_read_whole_by_the_safety_net(make_client, redis_url, test_prefix):
    client, _ = await make_client(make_store("redis", redis_url, test_prefix))
    content = body("x" * 60_000 + " " + DANGER)  # the danger is at the very end, far past ENGINE_MAX_CHARS
    assert len(content) < 64 * 1024
    r = await client.post("/webhooks/rest/webhook", content=content, headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert has_all_numbers(r.json()[0]["text"])


async def test_the_limit_is_a_setting_and_the_web_chat_is_told(make_client, redis_url, test_prefix):
    client, _ = await make_client(make_store("redis", redis_url, test_prefix),
                                  settings=settings_for(max_message_bytes=2048))
    strings = (await client.get("/webchat/strings.json?variety=fr")).json()
    assert strings["max_message_bytes"] == 2048
    assert strings["strings"]["webchat-too-long"]
    assert (await client.post("/webhooks/rest/webhook", content=body("z" * 3000),
                              headers={"Content-Type": "application/json"})).status_code == 413
    ok = await client.post("/webhooks/rest/webhook", content=body("bonjour"),
                           headers={"Content-Type": "application/json"})
    assert ok.status_code == 200 and ok.json()
