"""Account management shared by the CLI (``jisr users create``), the demo accounts and the admin pages."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from console.models import ROLES, ConsoleUser, ConsoleUserCenter
from console.security import MIN_PASSWORD_LENGTH, end_user_sessions, hash_password

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
UI_LOCALES: tuple[str, ...] = ("fr", "ar", "ary", "ary-Latn")


class UserError(ValueError):
    """Invalid account data. ``code`` is a locale key suffix (``console-error-<code>``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def validate(username: str, role: str, password: str | None, center_ids: list[int]) -> None:
    """Raise :class:`UserError` when the fields are not acceptable (staff need at least one center;
    other roles none; passwords at least ``MIN_PASSWORD_LENGTH`` characters)."""
    if not USERNAME_RE.match(username):
        raise UserError("username")
    if role not in ROLES:
        raise UserError("role")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("password-short")
    if role == "staff" and not center_ids:
        raise UserError("staff-needs-center")
    if role != "staff" and center_ids:
        raise UserError("center-only-staff")


async def get_by_username(db: AsyncSession, username: str) -> ConsoleUser | None:
    """The account named ``username`` (case-insensitive), or None."""
    return await db.scalar(select(ConsoleUser).where(ConsoleUser.username == username.lower()))


async def create_user(
    db: AsyncSession,
    username: str,
    password: str,
    role: str,
    center_ids: list[int] | None = None,
    display_name: str = "",
    locale: str = "fr",
) -> ConsoleUser:
    """Create an account (flushed, not committed). Raises :class:`UserError` (``username-taken`` when the
    name exists, or a validation code)."""
    username = username.strip().lower()
    center_ids = sorted(set(center_ids or []))
    validate(username, role, password, center_ids)
    if await get_by_username(db, username) is not None:
        raise UserError("username-taken")
    user = ConsoleUser(
        username=username,
        display_name=display_name.strip()[:128] or username,
        password_hash=hash_password(password),
        role=role,
        locale=locale if locale in UI_LOCALES else "fr",
        is_active=True,
    )
    user.centers = [ConsoleUserCenter(center_id=c) for c in center_ids]
    db.add(user)
    await db.flush()
    return user


async def update_user(
    db: AsyncSession,
    user: ConsoleUser,
    role: str,
    center_ids: list[int],
    is_active: bool,
    password: str | None = None,
    display_name: str | None = None,
) -> None:
    """Change an account; its sessions end when its role, centers, password or active flag change."""
    center_ids = sorted(set(center_ids))
    validate(user.username, role, password or None, center_ids)
    changed = role != user.role or set(center_ids) != user.center_ids or is_active != user.is_active
    user.role = role
    user.is_active = is_active
    if set(center_ids) != user.center_ids:
        user.centers = [ConsoleUserCenter(center_id=c) for c in center_ids]
    if display_name is not None:
        user.display_name = display_name.strip()[:128] or user.username
    if password:
        user.password_hash = hash_password(password)
        changed = True
    if changed:
        await end_user_sessions(db, user.id)
    await db.flush()
