"""The console's web plumbing: dependencies, the route table with per-route roles, request context,
Jinja2 rendering (autoescaped, localised) and security headers.

Every route is declared with :func:`route`, which records the roles allowed on it (``ROUTES``; the
authorisation test walks this table, so a new route cannot escape the role × route matrix). Unknown or
anonymous users are sent to the login page (``303``; ``401`` + ``HX-Redirect`` for htmx requests); a
logged-in user without the role gets ``403``. Every non-GET request must carry the session's CSRF token.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

import locales
from console.models import AuditEntry, ConsoleSession, ConsoleUser
from console.security import SESSION_COOKIE, LoginThrottle, csrf_ok, load_session
from services.db import utcnow

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
ALL_ROLES = ("admin", "operator", "staff", "analyst")


@dataclass
class ConsoleDeps:
    """What the console needs from the server.

    - ``session_factory``: ``async_sessionmaker`` of the project database (``services.db``).
    - ``channels``: the ``bot.channels.base.ChannelRegistry`` used to send operator replies
      (``await channels.send(channel, recipient_id, [OutboundMessage])``); None = replies cannot be sent
      (the page says so).
    - ``set_handoff``: ``async (conversation_key: str, handoff: bool) -> None`` that sets
      ``ConversationState.handoff`` in the state store, so the pipeline stays silent while an operator
      owns the conversation (the pipeline also checks the escalation itself; see README).
    - ``claim_released``: ``async (escalation: services.escalations.EscalationInfo) -> bool`` called for each
      claim an operator's logout sent back to the queue: the conversation waits for an operator again and
      the person is told (``bot.claims.ClaimReleaser.notify``); None = nobody is told.
    - ``claim_idle_seconds``: ``CLAIM_IDLE_SECONDS`` (the conversation page says it; the release itself is
      ``bot.claims``'s).
    - ``clock``: ``() -> aware UTC datetime`` stamping claims and operators' activity (the bot passes its
      pipeline's clock, so tests move one clock for the whole app).
    - ``login_throttle``: the limits of the login throttle (:class:`console.security.LoginThrottle`; the bot
      passes the ``CONSOLE_LOGIN_*`` settings).
    - ``referral_thread_opened``: ``async (conversation_key: str, referral_id: int) -> None`` called after a
      center's message reached the person, so the message path sends their answers to the referral's thread
      (``bot.referral_thread.ReferralThreads.opened``); None = the message path finds the thread only in the
      database (for a conversation with no stored state).
    - ``secret_key``: signs the login form's CSRF token (default: ``services.crypto.get_secret_key()``).
    - ``production``: cookies get ``Secure``; demo accounts are refused.
    """

    session_factory: async_sessionmaker[AsyncSession]
    channels: Any = None
    set_handoff: Callable[[str, bool], Awaitable[None]] | None = None
    secret_key: str | None = None
    production: bool = False
    claim_released: Callable[[Any], Awaitable[bool]] | None = None
    claim_idle_seconds: int = 600
    clock: Callable[[], datetime] = utcnow
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    referral_thread_opened: Callable[[str, int], Awaitable[None]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class RouteSpec:
    """One console route: ``path`` (relative to the mount point), HTTP ``methods``, allowed ``roles``
    (empty tuple = public), the endpoint, and ``name``."""

    path: str
    methods: tuple[str, ...]
    roles: tuple[str, ...]
    endpoint: Callable[..., Awaitable[Response]]
    name: str


ROUTES: list[RouteSpec] = []

def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` output: no bidi embedding or override (U+202A–U+202E) and only balanced isolate
    pairs (``locales.neutralize_bidi``): nothing a person typed can show what follows it reversed."""
    if isinstance(value, str):
        cleaned = locales.neutralize_bidi(value, keep_isolates=True)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def _person_text(value: Any) -> str:
    """Jinja filter for text a person typed (a citizen's message, what they shared): every bidi control
    removed, isolates too."""
    return locales.neutralize_bidi("" if value is None else str(value))


_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,  # every template, every variable: citizens' messages are hostile input
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_finalize,
)
LOCAL_TZ = ZoneInfo("Africa/Casablanca")


def _local(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Jinja filter: an aware UTC datetime shown in Africa/Casablanca local time."""
    return value.astimezone(LOCAL_TZ).strftime(fmt) if value is not None else ""


_env.filters["local"] = _local
_env.filters["person_text"] = _person_text
_env.globals["shared_labels"] = ("name", "phone", "city", "summary", "preferred_contact", "age", "gender",
                                 "language", "need", "channel", "place", "kind")
_env.globals["needs"] = ("violence", "mediation", "disability", "child", "elderly", "homeless")
_env.globals["channels"] = ("rest", "telegram", "whatsapp")  # shown by their label (console-channel-*)
# the ``kind`` a journey records (violence.kind, family_mediation.kind), shown by its label, never the code
_env.globals["kinds"] = ("partner", "physical", "psychological", "sexual", "economic", "couple", "parents_children",
                         "inheritance", "custody", "other")


class Ctx:
    """Per-request context handed to endpoints: ``request``, ``db`` (an ``AsyncSession``), ``user`` and
    ``session`` (None on public routes), ``deps``, and helpers to translate, render and audit."""

    def __init__(self, request: Request, db: AsyncSession, deps: ConsoleDeps,
                 user: ConsoleUser | None, session: ConsoleSession | None) -> None:
        self.request = request
        self.db = db
        self.deps = deps
        self.user = user
        self.session = session

    @property
    def base(self) -> str:
        """The console's URL prefix (its mount path, e.g. ``/console``)."""
        return self.request.scope.get("root_path", "").rstrip("/")

    @property
    def variety(self) -> str:
        """The UI variety: the account's choice, else ``fr``."""
        if self.user and self.user.locale in locales.VARIETIES:
            return self.user.locale
        wanted = self.request.query_params.get("lang") or self.request.cookies.get("jisr_console_lang")
        return wanted if wanted in locales.VARIETIES else "fr"

    def t(self, key: str, **args: object) -> str:
        """Localised UI string ``key`` in the UI variety."""
        return locales.t(self.variety, key, **args)

    def url(self, path: str) -> str:
        """Absolute path of console ``path`` (``/queue`` → ``/console/queue``)."""
        return f"{self.base}{path}"

    def render(self, template: str, status_code: int = 200, headers: dict | None = None,
               **context: Any) -> HTMLResponse:
        """Render ``template`` with the common variables (``t``, ``base``, ``user``, ``csrf``, ``dir``)."""
        html = _env.get_template(template).render(
            t=self.t,
            base=self.base,
            user=self.user,
            csrf=self.session.csrf_token if self.session else "",
            lang=self.variety,
            dir="rtl" if locales.is_rtl(self.variety) else "ltr",
            path=self.request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status_code, headers=headers)

    def redirect(self, path: str) -> Response:
        """``303`` to console ``path``; for htmx requests, ``HX-Redirect`` instead."""
        if self.request.headers.get("HX-Request"):
            return Response(status_code=204, headers={"HX-Redirect": self.url(path)})
        return RedirectResponse(self.url(path), status_code=303)

    async def audit(self, action: str, object_type: str, object_id: object, detail: str = "") -> None:
        """Add an audit row (committed with the request's transaction)."""
        self.db.add(AuditEntry(
            user_id=self.user.id if self.user else None,
            username=self.user.username if self.user else "-",
            action=action, object_type=object_type, object_id=str(object_id), detail=detail[:500],
        ))

    def forbidden(self) -> HTMLResponse:
        """The ``403`` page."""
        return self.render("error.html", status_code=403, message=self.t("console-error-forbidden"))

    def not_found(self) -> HTMLResponse:
        """The ``404`` page (also used for objects outside the user's centers: their existence is not
        disclosed)."""
        return self.render("error.html", status_code=404, message=self.t("console-error-not-found"))


def route(path: str, roles: tuple[str, ...], methods: tuple[str, ...] = ("GET",), name: str | None = None):
    """Declare a console endpoint ``async def endpoint(ctx: Ctx, **path_params) -> Response``."""

    def decorator(func: Callable[..., Awaitable[Response]]):
        ROUTES.append(RouteSpec(path, methods, roles, func, name or func.__name__))
        return func

    return decorator


def _same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site: ``Sec-Fetch-Site`` other than
    ``same-origin`` (modern browsers), else an ``Origin``/``Referer`` naming another host than ``Host``.
    Requests with none of these headers (non-browser clients) pass; the CSRF token still applies."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return True
    return urlparse(source).netloc == request.headers.get("host", "")


def make_endpoint(spec: RouteSpec, deps: ConsoleDeps) -> Callable[[Request], Awaitable[Response]]:
    """Wrap ``spec.endpoint``: open a DB session, authenticate, authorise, check CSRF, run, commit."""
    params = list(inspect.signature(spec.endpoint).parameters)[1:]

    async def endpoint(request: Request) -> Response:
        async with deps.session_factory() as db:
            ctx = Ctx(request, db, deps, None, None)
            if spec.roles:
                loaded = await load_session(db, request.cookies.get(SESSION_COOKIE))
                if loaded is None:
                    return _to_login(ctx)
                ctx.user, ctx.session = loaded.user, loaded.session
                # detached snapshots: a view's rollback must not expire who is asking
                db.expunge(ctx.user)
                db.expunge(ctx.session)
                if ctx.user.role not in spec.roles:
                    return ctx.forbidden()
                if request.method not in ("GET", "HEAD"):
                    if not _same_origin(request):
                        return ctx.forbidden()
                    given = request.headers.get("x-csrf-token")
                    if given is None:
                        form = await request.form()
                        given = form.get("csrf_token")
                    if not csrf_ok(ctx.session.csrf_token, given if isinstance(given, str) else None):
                        return ctx.render("error.html", status_code=403,
                                          message=ctx.t("console-error-csrf"))
            kwargs = {p: request.path_params[p] for p in params if p in request.path_params}
            response = await spec.endpoint(ctx, **kwargs)
            await db.commit()
            return response

    endpoint.__name__ = spec.name
    return endpoint


def _to_login(ctx: Ctx) -> Response:
    if ctx.request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": ctx.url("/login")})
    return RedirectResponse(ctx.url("/login"), status_code=303)


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """ASGI middleware adding a strict Content-Security-Policy (no inline script: even an unescaped
    string could not run), ``nosniff``, ``no-referrer``, frame denial and ``no-store`` to every
    console response."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {h[0].lower() for h in headers}
                for name, value in SECURITY_HEADERS:
                    if name not in names:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
