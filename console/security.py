"""Passwords, sessions, CSRF tokens and login throttling for the console.

- Passwords: Argon2id through ``argon2-cffi`` (its RFC 9106 "low memory" profile defaults), rehashed on
  login when the parameters change. Unknown accounts still cost one verification (no user enumeration by
  timing).
- Sessions: server-side rows (:class:`console.models.ConsoleSession`); the cookie holds 32 random bytes,
  the database only their SHA-256. Idle expiry and absolute expiry (seconds, below). Logout deletes the row.
- CSRF: synchroniser token per session, required on every state-changing request (form field
  ``csrf_token`` or header ``X-CSRF-Token``); before login, a double-submit token signed with
  ``itsdangerous`` (cookie nonce + signed form value).
- Throttling: failed logins counted per account and per client address in a sliding window.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from console.models import ConsoleSession, ConsoleUser, LoginAttempt
from services.db import utcnow

SESSION_COOKIE = "jisr_console"
LOGIN_CSRF_COOKIE = "jisr_console_login"
SESSION_IDLE_SECONDS = 2 * 3600  # an open queue polls, so an operator watching it stays logged in
SESSION_ABSOLUTE_SECONDS = 12 * 3600  # one shift
THROTTLE_WINDOW_SECONDS = 15 * 60
THROTTLE_MAX_PER_ACCOUNT = 5  # failed attempts per account per window
THROTTLE_MAX_PER_CLIENT = 20  # failed attempts per client address per window
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


async def login_throttled(db: AsyncSession, username: str, client: str, now: datetime | None = None) -> bool:
    """True when ``username`` or ``client`` has too many failed attempts in the current window."""
    now = now or utcnow()
    since = now - timedelta(seconds=THROTTLE_WINDOW_SECONDS)
    failed = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.success.is_(False), LoginAttempt.at >= since
    )
    by_account = await db.scalar(failed.where(LoginAttempt.username == username.lower()))
    by_client = await db.scalar(failed.where(LoginAttempt.client == client))
    return (by_account or 0) >= THROTTLE_MAX_PER_ACCOUNT or (by_client or 0) >= THROTTLE_MAX_PER_CLIENT


async def record_login(db: AsyncSession, username: str, client: str, success: bool) -> None:
    """Record an attempt; a success clears the account's failures; purges rows older than a day."""
    now = utcnow()
    if success:
        await db.execute(delete(LoginAttempt).where(LoginAttempt.username == username.lower()))
    db.add(LoginAttempt(username=username.lower()[:64], client=client[:64], success=success, at=now))
    await db.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=1)))
    await db.commit()
