"""Login, logout, the role home redirect and the UI language switch."""

from __future__ import annotations

import asyncio

from starlette.responses import RedirectResponse, Response

import locales
from console.models import ConsoleUser
from console.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_ABSOLUTE_SECONDS,
    SESSION_COOKIE,
    LoginCsrf,
    create_session,
    end_session,
    hash_password,
    login_check,
    login_failed,
    login_succeeded,
    needs_rehash,
    verify_password,
)
from console.users import get_by_username
from console.web import ALL_ROLES, Ctx, route

HOME_BY_ROLE = {"operator": "/queue", "staff": "/referrals", "admin": "/admin/centers", "analyst": "/barometer"}


def _login_csrf(ctx: Ctx) -> LoginCsrf:
    return LoginCsrf(ctx.deps.secret_key or "")


def _client(ctx: Ctx) -> str:
    return ctx.request.client.host if ctx.request.client else "-"


def _login_page(ctx: Ctx, error: str | None = None, status_code: int = 200) -> Response:
    nonce, token = _login_csrf(ctx).issue()
    wanted = ctx.request.query_params.get("lang")
    response = ctx.render("login.html", status_code=status_code, login_token=token, error=error,
                          varieties=locales.VARIETIES,
                          request_lang=wanted if wanted in locales.VARIETIES else None)
    response.set_cookie(LOGIN_CSRF_COOKIE, nonce, max_age=3600, path=ctx.base or "/", httponly=True,
                        samesite="strict", secure=ctx.deps.production)
    return response


@route("/login", roles=())
async def login_form(ctx: Ctx) -> Response:
    """The login page (public)."""
    return _login_page(ctx)


@route("/login", roles=(), methods=("POST",), name="login_submit")
async def login_submit(ctx: Ctx) -> Response:
    """Check the login CSRF token, the throttle, then the password; on success start a session.

    The throttle (``ConsoleDeps.login_throttle``, see :class:`console.security.LoginThrottle`) counts the
    attempt before the password is checked: too many on this account from this address, or from this
    address on any account, answer ``429`` with ``Retry-After`` and no check; an account with many recent
    failures from anywhere is only slowed down, so the right password from another address always works."""
    form = await ctx.request.form()
    if not _login_csrf(ctx).check(ctx.request.cookies.get(LOGIN_CSRF_COOKIE), form.get("login_token")):
        return _login_page(ctx, ctx.t("console-error-csrf"), status_code=403)
    username = str(form.get("username", "")).strip().lower()[:64]
    password = str(form.get("password", ""))[:1024]
    client = _client(ctx)
    throttle = ctx.deps.login_throttle
    decision = await login_check(ctx.db, throttle, username, client, ctx.deps.clock())
    if decision.refused:
        response = _login_page(ctx, ctx.t("console-login-throttled"), status_code=429)
        response.headers["Retry-After"] = str(decision.retry_after)
        return response
    if decision.delay:
        await asyncio.sleep(decision.delay)  # no transaction is open meanwhile
    user = await get_by_username(ctx.db, username) if username else None
    stored, active = (user.password_hash, user.is_active) if user else (None, False)
    await ctx.db.rollback()  # no connection is held while the password is checked
    # Argon2 costs tens of ms of CPU: in a thread, so a burst of logins never stalls the message path
    ok = await asyncio.to_thread(verify_password, stored, password)
    user = await get_by_username(ctx.db, username) if ok and active else None
    if user is None or not user.is_active or user.password_hash != stored:
        await ctx.db.rollback()  # nothing of the lookup is kept; the failure is counted in its own commit
        await login_failed(ctx.db, throttle, username, client, ctx.deps.clock())
        return _login_page(ctx, ctx.t("console-login-failed"), status_code=401)
    chosen = ctx.request.query_params.get("lang")
    if chosen in locales.VARIETIES:  # the language picked on the login page becomes the account's
        user.locale = chosen
    if needs_rehash(user.password_hash):
        user.password_hash = await asyncio.to_thread(hash_password, password)
    await login_succeeded(ctx.db, username, client)
    token = await create_session(ctx.db, user)
    response = RedirectResponse(ctx.url(HOME_BY_ROLE[user.role]), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_ABSOLUTE_SECONDS, path=ctx.base or "/",
                        httponly=True, samesite="strict", secure=ctx.deps.production)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=ctx.base or "/")
    return response


@route("/logout", roles=ALL_ROLES, methods=("POST",))
async def logout(ctx: Ctx) -> Response:
    """End the session and clear the cookie. An operator's claimed conversations go back to the queue (open,
    priority kept, marked released; audited ``escalation.release``/``logout``) and each person is told they
    are back in the queue, with the emergency numbers for a danger escalation (``ConsoleDeps.claim_released``),
    so nobody is left waiting on an operator who has gone."""
    await end_session(ctx.db, ctx.request.cookies.get(SESSION_COOKIE))
    if ctx.user.role == "operator":
        from services import escalations

        released = await escalations.release_claims_of(ctx.db, ctx.user.username, "logout", now=ctx.deps.clock())
        for esc in released:
            await ctx.audit("escalation.release", "escalation", esc.id, "logout")
        await ctx.db.commit()  # before telling anyone (SQLite: the channel's own session must not wait)
        if ctx.deps.claim_released is not None:
            for esc in released:
                await ctx.deps.claim_released(esc)
    response = RedirectResponse(ctx.url("/login"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=ctx.base or "/")
    return response


@route("/", roles=ALL_ROLES)
async def home(ctx: Ctx) -> Response:
    """Send each role to its first page."""
    return ctx.redirect(HOME_BY_ROLE[ctx.user.role])


@route("/locale", roles=ALL_ROLES, methods=("POST",))
async def set_locale(ctx: Ctx) -> Response:
    """Change the account's UI variety (``ar``, ``fr``, ``ary``, ``ary-Latn``)."""
    form = await ctx.request.form()
    wanted = str(form.get("locale", ""))
    if wanted in locales.VARIETIES:
        user = await ctx.db.get(ConsoleUser, ctx.user.id)
        user.locale = wanted
    back = str(form.get("next", ""))
    if not back.startswith(ctx.base + "/") or "//" in back[len(ctx.base):]:
        back = ctx.url(HOME_BY_ROLE[ctx.user.role])
    return RedirectResponse(back, status_code=303)
