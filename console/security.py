"""Passwords, sessions, CSRF tokens and login throttling for the console.

- Passwords: Argon2id through ``argon2-cffi`` (its RFC 9106 "low memory" profile defaults), rehashed on
  login when the parameters change. Unknown accounts still cost one verification (no user enumeration by
  timing).
- Sessions: server-side rows (:class:`console.models.ConsoleSession`); the cookie holds 32 random bytes,
  the database only their SHA-256. Idle expiry and absolute expiry (seconds, below). Logout deletes the row.
- CSRF: synchroniser token per session, required on every state-changing request (form field
  ``csrf_token`` or header ``X-CSRF-Token``); before login, a double-submit token signed with
  ``itsdangerous`` (cookie nonce + signed form value).
- Throttling (:class:`LoginThrottle`): attempts counted per (account, client address) and per client
  address, each refused beyond its limit within a window; an account as such is never refused, only slowed
  down (a growing delay, capped at a few seconds) after failures from anywhere, so an attacker can never lock
  the real user out. Every counter is one atomic statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``
  on PostgreSQL and SQLite, the two databases the console runs on), taken *before* the password is checked:
  parallel bursts cannot get more checks than the limit.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from console.models import ConsoleSession, ConsoleUser, LoginCounter
from services.db import utcnow

SESSION_COOKIE = "jisr_console"
LOGIN_CSRF_COOKIE = "jisr_console_login"
SESSION_IDLE_SECONDS = 2 * 3600  # an open queue polls, so an operator watching it stays logged in
SESSION_ABSOLUTE_SECONDS = 12 * 3600  # one shift
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """The Argon2id hash (PHC string) of ``password``."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; ``None`` (unknown account) costs the same time
    and returns False."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when ``stored_hash`` was made with parameters other than the current ones."""
    return _hasher.check_needs_rehash(stored_hash)


def token_digest(token: str) -> str:
    """SHA-256 hex of a cookie token (what the sessions table stores)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class SessionContext:
    """A valid session and its account."""

    session: ConsoleSession
    user: ConsoleUser


async def create_session(db: AsyncSession, user: ConsoleUser) -> str:
    """Create a session for ``user``; returns the cookie token (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.add(
        ConsoleSession(
            id=token_digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(seconds=SESSION_ABSOLUTE_SECONDS),
        )
    )
    await db.flush()
    return token


async def load_session(db: AsyncSession, token: str | None) -> SessionContext | None:
    """The live session of cookie ``token`` (touching its idle clock), or None when absent, expired or
    its account disabled. Expired rows are deleted."""
    if not token or len(token) > 128:
        return None
    row = await db.get(ConsoleSession, token_digest(token))
    if row is None:
        return None
    now = utcnow()
    if row.expires_at <= now or (now - row.last_seen_at).total_seconds() > SESSION_IDLE_SECONDS:
        await db.delete(row)
        await db.commit()
        return None
    user = await db.get(ConsoleUser, row.user_id)
    if user is None or not user.is_active:
        return None
    if (now - row.last_seen_at).total_seconds() > 60:  # one write a minute at most
        row.last_seen_at = now
        await db.commit()
    return SessionContext(session=row, user=user)


async def end_session(db: AsyncSession, token: str | None) -> None:
    """Delete the session of cookie ``token`` (logout)."""
    if token:
        await db.execute(delete(ConsoleSession).where(ConsoleSession.id == token_digest(token)))
        await db.commit()


async def end_user_sessions(db: AsyncSession, user_id: int) -> None:
    """Delete every session of an account (after a password change, deactivation or role change)."""
    await db.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def csrf_ok(expected: str, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the submitted one."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


class LoginCsrf:
    """Double-submit CSRF token for the login form (no session yet): the cookie holds a random nonce,
    the form an ``itsdangerous`` signature of it (valid ``max_age`` seconds)."""

    def __init__(self, secret: str, max_age: int = 3600) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="jisr-console-login")
        self._max_age = max_age

    def issue(self) -> tuple[str, str]:
        """A fresh ``(cookie_nonce, form_token)`` pair."""
        nonce = secrets.token_urlsafe(16)
        return nonce, self._serializer.dumps(nonce)

    def check(self, cookie_nonce: str | None, form_token: str | None) -> bool:
        """True when ``form_token`` is a valid, unexpired signature of ``cookie_nonce``."""
        if not cookie_nonce or not form_token:
            return False
        try:
            value = self._serializer.loads(form_token, max_age=self._max_age)
        except BadSignature:
            return False
        return isinstance(value, str) and hmac.compare_digest(value.encode(), cookie_nonce.encode())


@dataclass(frozen=True)
class LoginThrottle:
    """Limits of the login throttle (settings ``CONSOLE_LOGIN_*``, README "Configuration").

    - ``max_per_account_address`` attempts on one account from one client address per window (failed ones
      and those in flight; a success starts the count again): beyond it, ``429`` without a password check.
    - ``max_per_address`` attempts from one client address on any accounts per window (a success gives its
      attempt back, so an office where people log in all day is never refused): beyond it, ``429``.
    - the account itself is never refused: after ``account_free_failures`` failed passwords from anywhere in
      the window, every attempt on it waits ``account_base_delay`` seconds, doubling with each further
      failure, at most ``account_max_delay``; a success clears them.
    - ``window_seconds``: a window opens at the first attempt of a counter and lasts this long.
    """

    window_seconds: int = 15 * 60
    max_per_account_address: int = 5
    max_per_address: int = 20
    account_free_failures: int = 5
    account_base_delay: float = 0.5
    account_max_delay: float = 3.0

    def account_delay(self, failures: int) -> float:
        """Seconds an attempt on an account with ``failures`` failed passwords in the window waits."""
        extra = failures - self.account_free_failures
        if extra <= 0:
            return 0.0
        return min(self.account_max_delay, self.account_base_delay * 2 ** min(extra - 1, 16))


@dataclass(frozen=True)
class LoginDecision:
    """The throttle's answer before a password check: ``refused`` (answer ``429``; ``retry_after`` seconds
    until the refusing window ends) or allowed after waiting ``delay`` seconds."""

    refused: bool
    retry_after: int = 0
    delay: float = 0.0


SCOPE_ACCOUNT_ADDRESS = "account_address"
SCOPE_ADDRESS = "address"
SCOPE_ACCOUNT = "account"


def address_key(address: str) -> str:
    """The throttled unit of a client address: an IPv4 address as is (an IPv4-mapped IPv6 address as its
    IPv4), an IPv6 address by its /64 (one subscriber's prefix: changing the last 64 bits is free)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _insert(db: AsyncSession):
    if db.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


async def _bump(db: AsyncSession, scope: str, account: str, address: str, now: datetime,
                window: int) -> tuple[int, datetime]:
    """Count one event on a counter in ONE statement (atomic under any concurrency): a new row, or +1 in
    the current window, or 1 in a new window when the row's window is over. Returns ``(count, window
    start)`` after the update."""
    table = LoginCounter.__table__
    cutoff = now - timedelta(seconds=window)
    expired = table.c.window_start <= cutoff
    now_value = literal(now, table.c.window_start.type)  # bound as UTCDateTime (stored naive UTC)
    stmt = _insert(db)(table).values(scope=scope, account=account, address=address, window_start=now, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.scope, table.c.account, table.c.address],
        set_={"count": case((expired, 1), else_=table.c.count + 1),
              "window_start": case((expired, now_value), else_=table.c.window_start)},
    ).returning(table.c.count, table.c.window_start)
    row = (await db.execute(stmt)).one()
    return int(row.count), row.window_start


async def _give_back(db: AsyncSession, scope: str, account: str, address: str) -> None:
    """Take one event off a counter (an attempt that turned out not to count), in one statement."""
    await db.execute(update(LoginCounter).where(
        LoginCounter.scope == scope, LoginCounter.account == account, LoginCounter.address == address,
        LoginCounter.count > 0).values(count=LoginCounter.count - 1))


def _retry_after(started: datetime, now: datetime, window: int) -> int:
    return max(1, int((started + timedelta(seconds=window) - now).total_seconds() + 0.999))


async def login_check(db: AsyncSession, throttle: LoginThrottle, username: str, client: str,
                      now: datetime) -> LoginDecision:
    """Before a password check: take the attempt's place in the (account, address) and address counters,
    atomically, and say whether it may go on (and after which delay). Commits, so no row lock outlives the
    statement (the password check and the delay run with no transaction open)."""
    account, address, window = username.lower()[:64], address_key(client), throttle.window_seconds
    try:
        pair, pair_start = await _bump(db, SCOPE_ACCOUNT_ADDRESS, account, address, now, window)
        await db.commit()  # each counter in its own short transaction: a burst never queues on two row locks
        if pair > throttle.max_per_account_address:
            return LoginDecision(True, _retry_after(pair_start, now, window))
        total, total_start = await _bump(db, SCOPE_ADDRESS, "", address, now, window)
        await db.commit()
        if total > throttle.max_per_address:
            await _give_back(db, SCOPE_ACCOUNT_ADDRESS, account, address)  # this attempt is not checked
            await db.commit()
            return LoginDecision(True, _retry_after(total_start, now, window))
        failures = await db.scalar(select(LoginCounter.count).where(
            LoginCounter.scope == SCOPE_ACCOUNT, LoginCounter.account == account, LoginCounter.address == "",
            LoginCounter.window_start > now - timedelta(seconds=window)))
        await db.commit()
    except BaseException:
        await db.rollback()
        raise
    return LoginDecision(False, delay=throttle.account_delay(failures or 0))


async def login_failed(db: AsyncSession, throttle: LoginThrottle, username: str, client: str,
                       now: datetime) -> None:
    """After a wrong password (or unknown/disabled account): the attempt keeps its places; one more failure
    on the account (its delay grows); counters whose window is over are purged. Commits."""
    window = throttle.window_seconds
    await _bump(db, SCOPE_ACCOUNT, username.lower()[:64], "", now, window)
    await db.execute(delete(LoginCounter).where(LoginCounter.window_start <= now - timedelta(seconds=window)))
    await db.commit()


async def login_succeeded(db: AsyncSession, username: str, client: str) -> None:
    """After a right password: the (account, address) counter and the account's failures start again, and
    the address gets the attempt back. Not committed (part of the login's transaction)."""
    account, address = username.lower()[:64], address_key(client)
    await db.execute(delete(LoginCounter).where(
        ((LoginCounter.scope == SCOPE_ACCOUNT_ADDRESS) & (LoginCounter.account == account)
         & (LoginCounter.address == address))
        | ((LoginCounter.scope == SCOPE_ACCOUNT) & (LoginCounter.account == account))))
    await _give_back(db, SCOPE_ADDRESS, "", address)
