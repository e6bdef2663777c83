"""Bot-side async client of the Rasa NLU service (``rasa run --enable-api``, ``POST /model/parse``).

Contract (BRIEF §2): ``NLUUnavailable``, ``Entity``, ``ParseResult``, ``NLUClient(base_url, timeout=2.0,
retries=1)`` with ``parse``, ``healthy``, ``aclose``. The engine catches ``NLUUnavailable`` and falls back
to buttons/keywords; the safety net never depends on this client.

Privacy: this module never logs message text; exceptions carry the failure kind and status, not the text.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
"""Intent returned when no intent is confident enough (Rasa's FallbackClassifier, threshold in
``nlu/config.yml``) or when the message has nothing to classify (empty after normalisation)."""

VARIETIES = ("ary", "ary-Latn", "ar", "fr")


class NLUUnavailable(Exception):
    """The NLU service could not answer: unreachable, timed out, 5xx, or an unusable response."""


@dataclass
class Entity:
    """One extracted entity.

    ``entity``: type (``city``); ``value``: canonical value (a gazetteer place id such as ``casablanca``
    when the place is known, else the text as written, normalised); ``text``: the matched span of the
    *normalised* message (``nlu.normalize.normalize``), ``start``/``end``: character offsets in it.
    """

    entity: str
    value: str
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class ParseResult:
    """Parse of one message.

    ``text``: the message as sent; ``intent``: one of the 24 intents of ``nlu/README.md`` or
    ``nlu_fallback``; ``confidence``: 0–1; ``language``: ``ary`` | ``ary-Latn`` | ``ar`` | ``fr``;
    ``entities``; ``intent_ranking``: ``[(intent, confidence)]`` best first (up to 10);
    ``language_confidence``: 0–1, the identifier's probability for ``language`` inside its script pair
    (0.0 when the model gave no language and the script decided).
    """

    text: str
    intent: str
    confidence: float
    language: str
    entities: list[Entity] = field(default_factory=list)
    intent_ranking: list[tuple[str, float]] = field(default_factory=list)
    language_confidence: float = 1.0


def _script_language(text: str) -> str:
    """Fallback variety when the model gives none: Darija in the script of most letters."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ary" if arabic > latin else "ary-Latn"


def parse_result_from_rasa(text: str, data: dict[str, Any]) -> ParseResult:
    """Build a ``ParseResult`` from Rasa's ``/model/parse`` JSON (``data``) for the sent ``text``.

    Raises:
        NLUUnavailable: ``data`` is not a Rasa parse result.
    """
    if not isinstance(data, dict) or "intent" not in data:
        raise NLUUnavailable("unexpected response from the NLU service")
    normalized = data.get("text") or ""
    intent = data.get("intent") or {}
    name = intent.get("name") or FALLBACK_INTENT
    entities = []
    for e in data.get("entities") or []:
        start, end = e.get("start"), e.get("end")
        span = normalized[start:end] if isinstance(start, int) and isinstance(end, int) else None
        entities.append(Entity(str(e.get("entity")), str(e.get("value")), span, start, end))
    ranking = [
        (str(r.get("name")), float(r.get("confidence") or 0.0)) for r in data.get("intent_ranking") or []
    ]
    language = data.get("language")
    language_confidence = float(data.get("language_confidence") or 0.0)
    if language not in VARIETIES:
        language, language_confidence = _script_language(text), 0.0
    return ParseResult(
        text, name, float(intent.get("confidence") or 0.0), language, entities, ranking, language_confidence
    )


class NLUClient:
    """Async client of the Rasa NLU service, over one keep-alive connection pool (aiohttp).

    aiohttp rather than httpx: on this path it costs about a quarter of the CPU per request (0.5 ms against
    1.9 ms per ``/model/parse`` on the 2-core bench machine, ``bench/nlu_client.py``), and the NLU call is
    made for nearly every message. Proxies from the environment are not used (the NLU service is internal).

    Args:
        base_url: e.g. ``http://127.0.0.1:5005`` (settings ``RASA_URL``).
        timeout: seconds per HTTP attempt (connect + read).
        retries: extra attempts after a failed one (connection error, timeout, 5xx); 0.1 s apart.
    """

    KEEPALIVE_SECONDS = 4.0
    """An idle pooled connection is dropped after this long: below the 5 s after which Rasa's server (Sanic)
    closes an idle connection, so a request is not sent on a connection the server is closing."""

    def __init__(self, base_url: str, timeout: float = 2.0, retries: int = 1) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = max(0, retries)
        self._http: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _session(self) -> aiohttp.ClientSession:
        """The connection pool of the running event loop (made on first use: aiohttp binds it to a loop)."""
        loop = asyncio.get_running_loop()
        if self._http is None or self._http.closed or self._loop is not loop:
            connector = aiohttp.TCPConnector(limit=256, keepalive_timeout=self.KEEPALIVE_SECONDS)
            self._http = aiohttp.ClientSession(connector=connector,
                                               timeout=aiohttp.ClientTimeout(total=self.timeout))
            self._loop = loop
        return self._http

    async def parse(self, text: str) -> ParseResult:
        """Parse one message.

        Raises:
            NLUUnavailable: the service is unreachable, times out, answers 5xx (after ``retries`` extra
                attempts) or answers something that is not a parse result (4xx included).
        """
        last_error = "unknown"
        url = f"{self.base_url}/model/parse"
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(0.1)
            try:
                async with self._session().post(url, json={"text": text}) as response:
                    status, body = response.status, await response.read()
            except TimeoutError:  # aiohttp's timeouts are asyncio.TimeoutError (= TimeoutError)
                last_error = "timeout"
                continue
            except aiohttp.ClientError as exc:
                last_error = type(exc).__name__
                continue
            if status >= 500:
                last_error = f"HTTP {status}"
                continue
            if status != 200:
                raise NLUUnavailable(f"NLU service answered HTTP {status}")
            try:
                data = json.loads(body)
            except ValueError as exc:
                raise NLUUnavailable("NLU service answered invalid JSON") from exc
            return parse_result_from_rasa(text, data)
        logger.warning("NLU service unavailable after %d attempt(s): %s", self.retries + 1, last_error)
        raise NLUUnavailable(f"NLU service unavailable: {last_error}")

    async def healthy(self) -> bool:
        """True when the service answers ``GET /status`` with a loaded model (never raises)."""
        try:
            async with self._session().get(f"{self.base_url}/status") as response:
                if response.status != 200:
                    return False
                return bool(json.loads(await response.read()).get("model_file"))
        except (TimeoutError, aiohttp.ClientError, ValueError, AttributeError):
            return False

    async def aclose(self) -> None:
        """Close the connection pool (a later call opens a new one). A pool made on another event loop (a
        test's earlier loop) cannot be closed from this one and is dropped."""
        if self._http is not None and not self._http.closed and self._loop is asyncio.get_running_loop():
            await self._http.close()
        self._http = None

    async def __aenter__(self) -> NLUClient:  # noqa: PYI034
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
