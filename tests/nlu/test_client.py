"""``nlu.client.NLUClient`` against the real Rasa service, and its failure modes at the HTTP boundary."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from nlu.client import Entity, NLUClient, NLUUnavailable, ParseResult


@pytest.mark.rasa
async def test_parse_against_real_service(rasa_url: str) -> None:
    async with NLUClient(rasa_url) as client:
        assert await client.healthy()
        result = await client.parse("bghit nakhod rendez-vous f casa")
    assert isinstance(result, ParseResult)
    assert result.text == "bghit nakhod rendez-vous f casa"
    assert result.intent == "book_appointment"
    assert 0.0 < result.confidence <= 1.0
    assert result.language == "ary-Latn"
    assert result.intent_ranking and result.intent_ranking[0][0] == result.intent
    assert all(isinstance(name, str) and isinstance(score, float) for name, score in result.intent_ranking)
    cities = [e for e in result.entities if e.entity == "city"]
    assert cities == [Entity("city", "casablanca", "casa", cities[0].start, cities[0].end)]


@pytest.mark.rasa
async def test_empty_message_is_fallback_not_error(rasa_url: str) -> None:
    async with NLUClient(rasa_url) as client:
        result = await client.parse("\u200b")
    assert result.intent == "nlu_fallback"
    assert result.language in {"ary", "ary-Latn", "ar", "fr"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_unreachable_raises_nlu_unavailable() -> None:
    client = NLUClient(f"http://127.0.0.1:{free_port()}", timeout=0.5, retries=1)
    try:
        assert not await client.healthy()
        with pytest.raises(NLUUnavailable):
            await client.parse("salam")
    finally:
        await client.aclose()


async def _serve(handler) -> tuple[asyncio.AbstractServer, str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


async def test_5xx_is_retried_then_raises() -> None:
    """A service that answers 500 is tried 1 + retries times, then NLUUnavailable."""
    hits = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal hits
        hits += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server, url = await _serve(handler)
    async with server, NLUClient(url, timeout=1.0, retries=2) as client:
        with pytest.raises(NLUUnavailable, match="500"):
            await client.parse("salam")
    assert hits == 3


async def test_timeout_raises_within_budget() -> None:
    """A service that never answers costs at most (1 + retries) x timeout (+ small slack)."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            pass
        writer.close()

    server, url = await _serve(handler)
    async with server, NLUClient(url, timeout=0.3, retries=1) as client:
        started = time.monotonic()
        with pytest.raises(NLUUnavailable, match="timeout"):
            await client.parse("salam")
        assert time.monotonic() - started < 2.0


async def test_a_connection_the_service_dropped_while_idle_is_not_an_error() -> None:
    """The service closes idle keep-alive connections (Rasa's server after 5 s): the next parse, even with no
    retry, opens a new connection instead of failing on the closed one."""
    connections = 0
    body = b'{"text":"salam","intent":{"name":"greet","confidence":0.9},"entities":[],"language":"ary-Latn"}'

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        await reader.readexactly(length)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
        await asyncio.sleep(0.2)  # keep-alive expiry: the server closes the idle connection
        writer.close()

    server, url = await _serve(handler)
    async with server, NLUClient(url, timeout=1.0, retries=0) as client:
        first = await client.parse("salam")
        await asyncio.sleep(0.5)
        second = await client.parse("salam")
    assert first.intent == second.intent == "greet"
    assert connections == 2
