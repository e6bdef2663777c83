"""The console's own tables, on the project's declarative base (``services.db.Base``).

- ``console_users``: accounts (``role`` is ``admin``, ``operator`` or ``staff``), Argon2 password hashes.
- ``console_user_centers``: which centers a staff account works for (one or more).
- ``console_sessions``: server-side sessions; the cookie carries a random token whose SHA-256 is the key,
  so a database leak gives no usable cookie. Each row has its own CSRF token.
- ``console_login_counters``: login throttling counters, one row per (scope, account, address) and window
  (see ``console.security.LoginThrottle``); updated by single atomic statements.
- ``console_audit_log``: who saw or changed what (referral details, statuses, appointments, admin edits).

Timestamps use ``services.db.UTCDateTime`` (stored naive UTC, returned aware UTC).
The Alembic migration is ``console/migrations/versions/*`` (branch label ``console``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.db import Base, UTCDateTime, utcnow

ROLES: tuple[str, ...] = ("admin", "operator", "staff")


class ConsoleUser(Base):
    """A console account. ``locale`` is the UI variety (``ar``, ``fr``, ``ary``, ``ary-Latn``)."""

    __tablename__ = "console_users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'operator', 'staff')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(16), default="fr")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    centers: Mapped[list[ConsoleUserCenter]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def center_ids(self) -> set[int]:
        """Ids of the centers this account is bound to (staff only; empty for others)."""
        return {link.center_id for link in self.centers}


class ConsoleUserCenter(Base):
    """Binding of a staff account to a center (``center.id``)."""

    __tablename__ = "console_user_centers"

    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id", ondelete="CASCADE"), primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id", ondelete="CASCADE"), primary_key=True)

    user: Mapped[ConsoleUser] = relationship(back_populates="centers")


class ConsoleSession(Base):
    """A logged-in browser. ``id`` is the SHA-256 (hex) of the cookie token; ``csrf_token`` is sent back
    in every form (synchroniser token pattern)."""

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginCounter(Base):
    """A login throttling counter: ``count`` events of ``scope`` since ``window_start``.

    ``scope`` is ``account_address`` (attempts on ``account`` from ``address``, refused beyond a limit),
    ``address`` (attempts from ``address`` on any account; ``account`` empty) or ``account`` (failed
    passwords on ``account`` from anywhere, which only slow it down; ``address`` empty). ``account`` is the
    name as typed (lower-cased, may not exist); ``address`` the client address (an IPv6 address by its /64).
    A row whose window is over starts a new window at its next update; expired rows are purged."""

    __tablename__ = "console_login_counters"
    __table_args__ = (Index("ix_console_login_counters_window_start", "window_start"),)

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(Integer)


class AuditEntry(Base):
    """Who (``user_id``, ``username`` kept even if the account is deleted), when (UTC), what (``action``
    such as ``referral.view``, ``referral.status``, ``appointment.mark``, ``appointments.export``,
    ``center.update``, ``user.create``) on which object (``object_type``, ``object_id``); ``detail`` is a
    short non-personal note (never the citizen's data)."""

    __tablename__ = "console_audit_log"
    __table_args__ = (Index("ix_console_audit_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
