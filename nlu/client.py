"""Bot-side async client of the Rasa NLU service (``rasa run --enable-api``, ``POST /model/parse``).

Contract (BRIEF §2): ``NLUUnavailable``, ``Entity``, ``ParseResult``, ``NLUClient(base_url, timeout=2.0,
retries=1)`` with ``parse``, ``healthy``, ``aclose``. The engine catches ``NLUUnavailable`` and falls back
to buttons/keywords; the safety net never depends on this client.

Privacy: this module never logs message text; exceptions carry the failure kind and status, not the text.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

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
    """Async client of the Rasa NLU service.

    Args:
        base_url: e.g. ``http://127.0.0.1:5005`` (settings ``RASA_URL``).
        timeout: seconds per HTTP attempt (connect + read).
        retries: extra attempts after a failed one (connection error, timeout, 5xx); 0.1 s apart.
    """

    def __init__(self, base_url: str, timeout: float = 2.0, retries: int = 1) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = max(0, retries)
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)

    async def parse(self, text: str) -> ParseResult:
        """Parse one message.

        Raises:
            NLUUnavailable: the service is unreachable, times out, answers 5xx (after ``retries`` extra
                attempts) or answers something that is not a parse result (4xx included).
        """
        last_error = "unknown"
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(0.1)
            try:
                response = await self._http.post("/model/parse", json={"text": text})
            except httpx.TimeoutException:
                last_error = "timeout"
                continue
            except httpx.TransportError as exc:
                last_error = type(exc).__name__
                continue
            if response.status_code >= 500:
                last_error = f"HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise NLUUnavailable(f"NLU service answered HTTP {response.status_code}")
            try:
                data = response.json()
            except ValueError as exc:
                raise NLUUnavailable("NLU service answered invalid JSON") from exc
            return parse_result_from_rasa(text, data)
        logger.warning("NLU service unavailable after %d attempt(s): %s", self.retries + 1, last_error)
        raise NLUUnavailable(f"NLU service unavailable: {last_error}")

    async def healthy(self) -> bool:
        """True when the service answers ``GET /status`` with a loaded model (never raises)."""
        try:
            response = await self._http.get("/status")
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> NLUClient:  # noqa: PYI034
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
