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
from bot.channels.base import ChannelRegistry, mount_configured
from bot.pipeline import MessagePipeline
from bot.state import create_state_store
from dialogues import emergency

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
                      for n in emergency.emergency_numbers()],
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
    ``services.config.get_settings()``): ``DATABASE_URL`` (SQLite in var/ by default), ``REDIS_URL`` (in-process
    state by default), ``RASA_URL``, ``NLU_TIMEOUT_SECONDS``, ``CONVERSATION_TTL_SECONDS``,
    ``JISR_SECRET_KEY``, ``QUICK_EXIT_URL``; the channels of ``JISR_CHANNELS`` are mounted by one loop
    (:func:`bot.channels.base.mount_configured`; each mounts itself only when its platform is configured).

    ``reminders`` (default ``REMINDERS_ENABLED``, true): the lifespan runs the day-before reminder
    scheduler (``services.reminders.ReminderScheduler`` with ``bot.reminders.reminder_sender``).
    With a database the lifespan also runs ``bot.claims.ClaimReleaser`` (claims idle beyond
    ``CLAIM_IDLE_SECONDS`` go back to the queue, the person told). One clock drives the message path, the
    console and that task: ``app.state.pipeline.clock`` (epoch seconds; tests replace it).

    Connections are opened lazily; the app's lifespan closes them. ``app.state`` exposes ``pipeline``,
    ``registry``, ``store``, ``nlu``, ``session_factory``, ``settings``, ``claims`` (the ``ClaimReleaser``, or
    None without a database), ``spool``, one attribute per mounted channel (``rest``, ``telegram``…) and
    ``console_deps`` (when the console is mounted). Raises what a channel's ``mount`` raises (a misconfigured
    platform refuses to start).
    """
    if settings is None:
        from services.config import get_settings

        settings = get_settings()
    _protect_logs(settings)
    if session_factory is None:
        from services.db import create_engine
        from services.db import session_factory as make_sessions

        db_engine = db_engine or create_engine(settings.effective_database_url,
                                               timeout=getattr(settings, "db_timeout_seconds", None))
        session_factory = make_sessions(db_engine)
    store = store if store is not None else create_state_store(settings)
    nlu = nlu if nlu is not None else _nlu_client(settings)
    pipeline = MessagePipeline(store=store, engine=engine or _flow_engine(), nlu=nlu,
                               session_factory=session_factory, secret_key=_secret_key(settings),
                               settings=settings, gazetteer=gazetteer or _gazetteer(),
                               dedup_ttl=getattr(settings, "dedup_ttl_seconds", 24 * 3600))
    registry = ChannelRegistry(session_factory)
    pipeline.late_sender = registry.send  # replies of a turn that overran its budget
    pipeline.handoff.audit = system_audit()  # what the system does to escalations, in the console's audit log
    claims = spool = None
    if session_factory is not None:
        from bot.claims import ClaimReleaser
        from services.spool import DangerSpool

        bind = getattr(session_factory, "kw", {}).get("bind")  # the spool belongs to the database in use
        spool = pipeline.spool = DangerSpool(
            settings.spool_dir_for(bind.url.render_as_string() if bind is not None else None), session_factory)
        claims = ClaimReleaser(pipeline, registry, session_factory, pipeline.claim_idle_seconds,
                               audit=pipeline.handoff.audit)
    if reminders is None:
        reminders = bool(getattr(settings, "reminders_enabled", True))
    app = Starlette(routes=ROUTES, middleware=[Middleware(PrivacyHeaders)], lifespan=_lifespan(reminders))
    for name, value in (("pipeline", pipeline), ("registry", registry), ("store", store), ("nlu", nlu),
                        ("session_factory", session_factory), ("settings", settings), ("claims", claims),
                        ("spool", spool), ("db_engine", db_engine)):
        setattr(app.state, name, value)
    from bot.channels import rest

    rest.mount(app, settings)  # the web chat's channel: always there
    mount_configured(app, settings)  # the platforms of JISR_CHANNELS (bot/CHANNELS.md)
    if mount_console:
        _mount_console(app, settings, session_factory, registry, pipeline, claims)
    return app


def _protect_logs(settings: Any) -> None:
    """Every record scrubbed when made (also in uvicorn's worker processes); the platforms' credentials by
    value. Served by a bare ``uvicorn --factory bot.app:create_app`` (the containers, ``deploy/``), where
    nothing configured the root logger, the app installs the logging policy's handler at ``LOG_LEVEL`` itself:
    the project's own records (danger, degraded turns, hand-offs) are written with time, level and logger."""
    import logging

    from bot import logging_policy

    logging_policy.protect()
    if not logging.getLogger().handlers:
        logging_policy.install(getattr(logging, str(getattr(settings, "log_level", "INFO")).upper(), logging.INFO))
    logging_policy.register_secrets(*(getattr(settings, name, None) for name in (
        "telegram_bot_token", "telegram_webhook_secret", "twilio_auth_token")))


def _nlu_client(settings: Any) -> Any:
    from nlu.client import NLUClient

    return NLUClient(settings.rasa_url, timeout=settings.nlu_timeout_seconds)


def _flow_engine() -> Any:
    from dialogues.engine import FlowEngine

    return FlowEngine.default()


def _gazetteer() -> Any:
    with contextlib.suppress(Exception):
        from services.gazetteer import Gazetteer

        return Gazetteer.default()
    return None


# ---- the app's own routes ----------------------------------------------------------------------------
async def _index(request: Request) -> FileResponse:
    return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")


async def _favicon(request: Request) -> FileResponse:
    # the page links the SVG; a browser or tool asking for /favicon.ico gets the same icon, not a 404
    return FileResponse(WEB_DIR / "favicon.svg", media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})


async def _strings(request: Request) -> JSONResponse:
    state = request.app.state
    data = webchat_strings(request.query_params.get("variety", locales.DEFAULT_VARIETY))
    data["quick_exit_url"] = getattr(state.settings, "quick_exit_url", None) or "https://www.google.com/"
    data["max_message_bytes"] = state.rest.max_body_bytes  # the page refuses longer messages kindly itself
    return JSONResponse(data)


async def _healthz(request: Request) -> JSONResponse:
    state = request.app.state
    checks = await asyncio.gather(_check_nlu(state.nlu), _check_db(state.session_factory),
                                  _check_state(state.store))
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


async def _metrics(request: Request) -> JSONResponse:
    return JSONResponse(dataclasses.asdict(request.app.state.pipeline.stats))


ROUTES = [
    Route("/", _index, methods=["GET"]),
    Route("/webchat/strings.json", _strings, methods=["GET"]),
    Route("/favicon.ico", _favicon, methods=["GET"]),
    Mount("/webchat/static", StaticFiles(directory=str(WEB_DIR)), name="webchat"),
    Route("/healthz", _healthz, methods=["GET"]),
    Route("/metrics.json", _metrics, methods=["GET"]),
]


def _lifespan(reminders: bool) -> Any:
    """The app's lifespan: the reminder scheduler (``reminders``), the claim releaser, the danger spool and the
    barometer's recorder run while the app serves; every connection is closed at the end."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        s = app.state
        prepared = s.pipeline.engine.prepare()  # the first person does not pay for loading messages and tables
        log.info("started channels=%s state=%s labels=%d", ",".join(s.registry.names()), type(s.store).__name__,
                 prepared)
        scheduler = await _start_reminders(s) if reminders and s.session_factory is not None else None
        if s.claims is not None:
            await s.claims.start()
        if s.spool is not None:
            await s.spool.start()  # danger escalations spooled while the database was away
        if s.session_factory is not None:  # the social barometer's anonymous events (services/barometer.py)
            from services.barometer import RECORDER

            await RECORDER.start(s.session_factory, getattr(s.store, "client", None))
        try:
            yield
        finally:
            stops = [RECORDER.stop(s.session_factory)] if s.session_factory is not None else []  # writes what is left
            stops += [part.stop() for part in (s.spool, s.claims, scheduler) if part is not None]
            stops += [s.nlu.aclose(), s.store.aclose()]
            stops += [s.db_engine.dispose()] if s.db_engine is not None else []
            for stop in stops:
                with contextlib.suppress(Exception):
                    await stop

    return lifespan


async def _start_reminders(state: Any) -> Any:
    """The day-before reminder scheduler, started; None when it cannot start (reminders are best effort:
    they never keep the bot from answering)."""
    from bot.reminders import reminder_sender
    from services.reminders import ReminderScheduler

    scheduler = ReminderScheduler(reminder_sender(state.registry, state.store), state.session_factory,
                                  redis_url=getattr(state.settings, "redis_url", None))
    try:
        await scheduler.start()
    except Exception:
        log.exception("reminder scheduler did not start")
        return None
    return scheduler


def system_audit() -> Any:
    """A ``bot.handoff.AuditHook`` writing the console's audit entries by ``(system)`` (automatic releases,
    withdrawals by the person), or None when the console is not installed (nothing to audit into)."""
    try:
        from console.models import AuditEntry
    except ImportError:
        return None
    from bot.handoff import SYSTEM_USERNAME

    async def audit(session: Any, action: str, escalation_id: int, detail: str) -> None:
        session.add(AuditEntry(user_id=None, username=SYSTEM_USERNAME, action=action, object_type="escalation",
                               object_id=str(escalation_id), detail=detail[:500]))
        await session.commit()

    return audit


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
