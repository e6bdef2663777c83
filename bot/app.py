"""The ASGI application: ``create_app(settings) -> Starlette``.

Wires the database engine (``services.db``), the conversation state store (``bot.state``), the NLU client
(``nlu.client``), the gazetteer, the flow engine, the message pipeline, the channel registry and the REST
channel, the web chat (``/``), Telegram and WhatsApp when configured (``bot/CHANNELS.md``) and the operator
console (``/console``).

Routes:

* ``GET /`` — the web chat (static page over the REST channel); ``GET /webchat/static/*`` its files;
  ``GET /webchat/strings.json?variety=ary`` its UI strings from ``locales/<variety>/webchat.ftl`` plus the
  emergency numbers.
* ``POST /webhooks/rest/webhook``, ``GET /webhooks/rest/outbox?sender=…``, ``GET /webhooks/rest/`` — the
  REST channel (``bot/channels/rest.py``).
* ``GET /healthz`` — ``{"status", "mode", "failed", "nlu", "database", "state"}``: ``200 "ok"`` (mode ``nlu``)
  when the NLU service, the database and the state store answer; ``200 "degraded"`` (mode ``menu``) when only
  the NLU service is missing — the bot still answers (menu mode, danger replies unchanged), so a load balancer
  keeps it in rotation; ``503 "unavailable"`` when the database or the state store fails. ``failed`` names the
  parts that did not answer (``nlu``, ``database``, ``state``).
* ``GET /metrics.json`` — counters of the message path (no content).

Every response carries privacy headers (``Referrer-Policy: no-referrer``, ``X-Content-Type-Options``); the
message endpoints and the web chat add ``Cache-Control: no-store`` so no reply is kept in a browser cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import locales
from bot import safety
from bot.channels.base import ChannelRegistry
from bot.channels.rest import DEFAULT_MAX_BODY_BYTES, RestChannel
from bot.pipeline import MessagePipeline
from bot.state import create_state_store

log = logging.getLogger("bot.app")

WEB_DIR = Path(__file__).resolve().parent / "web"
HEALTH_TIMEOUT_SECONDS = 3.0
WEBCHAT_KEYS = (
    "webchat-title", "webchat-subtitle", "webchat-input-label", "webchat-placeholder", "webchat-send",
    "webchat-share-location", "webchat-location-unavailable", "webchat-location-sent", "webchat-quick-exit",
    "webchat-quick-exit-hint", "webchat-language", "webchat-emergency-title", "webchat-error", "webchat-you",
    "webchat-bot", "webchat-privacy-note", "webchat-thinking",
    "webchat-operator", "webchat-center", "webchat-too-long", "webchat-retry", "webchat-start-error", "webchat-log-label",
)
LANGUAGE_NAMES = {"ary": "الدارجة", "ary-Latn": "Darija (3arbizi)", "ar": "العربية", "fr": "Français"}
HTML_LANG = {"ary": "ar-MA", "ary-Latn": "ar-Latn-MA", "ar": "ar", "fr": "fr-MA"}


class PrivacyHeaders:
    """ASGI middleware adding privacy/security headers (``no-store`` on the message endpoints and the page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        no_store = path == "/" or path.startswith(("/webhooks/", "/webchat/strings"))

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff")]
                if no_store:
                    extra.append((b"cache-control", b"no-store"))
                if path == "/":
                    extra.append((b"content-security-policy",
                                  (b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                   b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")))
                    extra.append((b"x-frame-options", b"DENY"))
                headers += [(k, v) for k, v in extra if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, _send)


def webchat_strings(variety: str) -> dict[str, Any]:
    """The web chat's UI strings in ``variety`` (unknown → Darija), its direction, the language menu and the
    emergency numbers (label + number)."""
    if variety not in locales.VARIETIES:
        variety = locales.DEFAULT_VARIETY
    return {
        "variety": variety,
        "lang": HTML_LANG[variety],
        "dir": "rtl" if locales.is_rtl(variety) else "ltr",
        "strings": {k: locales.t(variety, k) for k in WEBCHAT_KEYS},
        "languages": [{"variety": v, "name": LANGUAGE_NAMES[v], "dir": "rtl" if locales.is_rtl(v) else "ltr"}
                      for v in locales.VARIETIES],
        "emergency": [{"label": locales.t(variety, n.label_key), "number": n.number}
                      for n in safety.emergency_numbers()],
    }


def _secret_key(settings: Any) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode()
    from services.crypto import get_secret_key

    return get_secret_key()


def create_app(settings: Any = None, *, store: Any = None, nlu: Any = None, db_engine: Any = None,
               session_factory: Any = None, engine: Any = None, gazetteer: Any = None,
               mount_console: bool = True, reminders: bool | None = None) -> Starlette:
    """Build the application. Every component can be injected (tests pass their own store, e.g. a
    ``RedisStateStore`` with a unique prefix); the rest is built from ``settings`` (default
    ``bot.config.get_settings()``): ``DATABASE_URL`` (SQLite in var/ by default), ``REDIS_URL`` (in-process
    state by default), ``RASA_URL``, ``NLU_TIMEOUT_SECONDS``, ``CONVERSATION_TTL_SECONDS``,
    ``JISR_SECRET_KEY``, ``QUICK_EXIT_URL``.

    ``reminders`` (default ``REMINDERS_ENABLED``, true): the lifespan runs the day-before reminder
    scheduler (``services.reminders.ReminderScheduler`` with ``bot.reminders.reminder_sender``).
    With a database the lifespan also runs ``bot.claims.ClaimReleaser`` (claims idle beyond
    ``CLAIM_IDLE_SECONDS`` go back to the queue, the person told). One clock drives the message path, the
    console and that task: ``app.state.pipeline.clock`` (epoch seconds; tests replace it).

    Connections are opened lazily; the app's lifespan closes them. ``app.state`` exposes ``pipeline``,
    ``registry``, ``store``, ``nlu``, ``session_factory``, ``settings``, ``claims`` (the ``ClaimReleaser``, or
    None without a database) and ``console_deps`` (when the console is mounted).
    """
    if settings is None:
        from bot.config import get_settings

        settings = get_settings()
    from bot import logging_policy

    # every record scrubbed when made (also in uvicorn's worker processes); the platforms' credentials by value
    logging_policy.protect()
    logging_policy.register_secrets(*(getattr(settings, name, None) for name in (
        "telegram_bot_token", "telegram_webhook_secret", "twilio_auth_token")))
    if reminders is None:
        reminders = bool(getattr(settings, "reminders_enabled", True))
    if session_factory is None:
        from services.db import create_engine
        from services.db import session_factory as make_sessions

        db_engine = db_engine or create_engine(settings.effective_database_url,
                                               timeout=getattr(settings, "db_timeout_seconds", None))
        session_factory = make_sessions(db_engine)
    if store is None:
        store = create_state_store(settings)
    if nlu is None:
        from nlu.client import NLUClient

        nlu = NLUClient(settings.rasa_url, timeout=settings.nlu_timeout_seconds)
    if engine is None:
        from dialogues.engine import FlowEngine

        engine = FlowEngine.default()
    if gazetteer is None:
        with contextlib.suppress(Exception):
            from services.gazetteer import Gazetteer

            gazetteer = Gazetteer.default()

    pipeline = MessagePipeline(store=store, engine=engine, nlu=nlu, session_factory=session_factory,
                               secret_key=_secret_key(settings), settings=settings, gazetteer=gazetteer,
                               dedup_ttl=getattr(settings, "dedup_ttl_seconds", 24 * 3600))
    registry = ChannelRegistry(session_factory)
    pipeline.late_sender = registry.send  # replies of a turn that overran its budget
    spool = None
    if session_factory is not None:
        from services.spool import DangerSpool

        bind = getattr(session_factory, "kw", {}).get("bind")  # the spool belongs to the database in use
        spool_dir = settings.spool_dir_for(bind.url.render_as_string() if bind is not None else None)
        spool = pipeline.spool = DangerSpool(spool_dir, session_factory)
    rest = RestChannel(pipeline, max_body_bytes=getattr(settings, "max_message_bytes", DEFAULT_MAX_BODY_BYTES))
    registry.register(rest)
    claims = None
    if session_factory is not None:
        from bot.claims import ClaimReleaser

        claims = ClaimReleaser(pipeline, registry, session_factory, pipeline.claim_idle_seconds)
    quick_exit_url = getattr(settings, "quick_exit_url", None) or "https://www.google.com/"

    async def index(request: Request) -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    async def favicon(request: Request) -> FileResponse:
        # the page links the SVG; a browser or tool asking for /favicon.ico gets the same icon, not a 404
        return FileResponse(WEB_DIR / "favicon.svg", media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    async def strings(request: Request) -> JSONResponse:
        data = webchat_strings(request.query_params.get("variety", locales.DEFAULT_VARIETY))
        data["quick_exit_url"] = quick_exit_url
        data["max_message_bytes"] = rest.max_body_bytes  # the page refuses longer messages kindly itself
        return JSONResponse(data)

    async def healthz(request: Request) -> JSONResponse:
        checks = await asyncio.gather(_check_nlu(nlu), _check_db(session_factory), _check_state(store))
        parts = dict(zip(("nlu", "database", "state"), checks, strict=True))
        failed = [name for name, ok in parts.items() if not ok]
        if any(name != "nlu" for name in failed):
            status, code = "unavailable", 503
        elif failed:  # NLU alone: the bot answers in menu mode (buttons + keywords), danger replies unchanged
            status, code = "degraded", 200
        else:
            status, code = "ok", 200
        body = {"status": status, "mode": "nlu" if parts["nlu"] else "menu", "failed": failed,
                **{k: "ok" if v else "down" for k, v in parts.items()}}
        return JSONResponse(body, status_code=code)

    async def metrics(request: Request) -> JSONResponse:
        return JSONResponse(dataclasses.asdict(pipeline.stats))

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/webchat/strings.json", strings, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Mount("/webchat/static", StaticFiles(directory=str(WEB_DIR)), name="webchat"),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics.json", metrics, methods=["GET"]),
        *rest.routes(),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        log.info("started channels=%s state=%s", ",".join(registry.names()), type(store).__name__)
        scheduler = None
        if reminders and session_factory is not None:
            from bot.reminders import reminder_sender
            from services.reminders import ReminderScheduler

            scheduler = ReminderScheduler(reminder_sender(registry, store), session_factory,
                                          redis_url=getattr(settings, "redis_url", None))
            try:
                await scheduler.start()
            except Exception:  # reminders are best effort: never keep the bot from answering
                log.exception("reminder scheduler did not start")
                scheduler = None
        if claims is not None:
            await claims.start()
        if spool is not None:
            await spool.start()  # danger escalations spooled while the database was away
        if session_factory is not None:  # the social barometer's anonymous events (services/barometer.py)
            from services.barometer import RECORDER

            await RECORDER.start(session_factory, getattr(store, "client", None))
        try:
            yield
        finally:
            if session_factory is not None:
                with contextlib.suppress(Exception):
                    await RECORDER.stop(session_factory)  # writes what is still in memory
            if spool is not None:
                with contextlib.suppress(Exception):
                    await spool.stop()
            if claims is not None:
                with contextlib.suppress(Exception):
                    await claims.stop()
            if scheduler is not None:
                with contextlib.suppress(Exception):
                    await scheduler.stop()
            with contextlib.suppress(Exception):
                await nlu.aclose()
            with contextlib.suppress(Exception):
                await store.aclose()
            if db_engine is not None:
                with contextlib.suppress(Exception):
                    await db_engine.dispose()

    app = Starlette(routes=routes, middleware=[Middleware(PrivacyHeaders)], lifespan=lifespan)
    app.state.pipeline = pipeline
    app.state.registry = registry
    app.state.store = store
    app.state.nlu = nlu
    app.state.session_factory = session_factory
    app.state.settings = settings
    app.state.claims = claims
    app.state.spool = spool
    # Platform channels: each mounts itself only when its platform is configured (bot/CHANNELS.md).
    from bot.channels import telegram, whatsapp

    whatsapp.mount(app, pipeline, settings)
    telegram.mount(app, pipeline, settings)
    if mount_console:
        _mount_console(app, settings, session_factory, registry, pipeline, claims)
    return app


def _mount_console(app: Starlette, settings: Any, session_factory: Any, registry: ChannelRegistry,
                   pipeline: MessagePipeline, claims: Any) -> None:
    try:
        from console.app import mount
        from console.security import LoginThrottle
        from console.web import ConsoleDeps
    except ImportError:
        log.info("console not installed: /console not mounted")
        return
    defaults = LoginThrottle()
    throttle = LoginThrottle(
        window_seconds=getattr(settings, "console_login_window_seconds", defaults.window_seconds),
        max_per_account_address=getattr(settings, "console_login_max_per_account_address",
                                        defaults.max_per_account_address),
        max_per_address=getattr(settings, "console_login_max_per_address", defaults.max_per_address),
        account_max_delay=getattr(settings, "console_login_max_delay_seconds", defaults.account_max_delay),
    )
    deps = ConsoleDeps(session_factory=session_factory, channels=registry, set_handoff=pipeline.set_handoff,
                       production=getattr(settings, "jisr_env", "development") == "production",
                       claim_released=claims.notify if claims is not None else None,
                       claim_idle_seconds=int(pipeline.claim_idle_seconds), clock=pipeline.utcnow,
                       login_throttle=throttle,
                       referral_thread_opened=pipeline.referral_threads.opened)
    mount(app, deps)
    app.state.console_deps = deps


async def _check_nlu(nlu: Any) -> bool:
    try:
        return bool(await asyncio.wait_for(nlu.healthy(), HEALTH_TIMEOUT_SECONDS))
    except Exception:  # noqa: BLE001
        return False


async def _check_db(session_factory: Any) -> bool:
    from sqlalchemy import text

    async def _q() -> bool:
        async with session_factory() as s:
            return (await s.execute(text("SELECT 1"))).scalar() == 1

    try:
        return await asyncio.wait_for(_q(), HEALTH_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001
        return False


async def _check_state(store: Any) -> bool:
    try:
        return bool(await asyncio.wait_for(store.ping(), HEALTH_TIMEOUT_SECONDS))
    except Exception:  # noqa: BLE001
        return False
