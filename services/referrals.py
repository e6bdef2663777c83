"""Referrals of a person to a center, holding only what the person consented to share.

Lifecycle (``REFERRAL_TRANSITIONS``): new → accepted | declined; accepted → contacted → closed;
declined → closed. ``shared`` (dict of strings, e.g. ``{"first_name": …, "callback": …}``) and the staff
``note`` are encrypted at rest (Fernet); ``consent_text_key`` is the locale key of the consent sentence
the person agreed to, so what they were told is on record.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services import barometer
from services.db import utcnow
from services.models import NEEDS, Center, Referral

REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    "new": {"accepted", "declined"},
    "accepted": {"contacted"},
    "declined": {"closed"},
    "contacted": {"closed"},
    "closed": set(),
}


class ReferralError(Exception):
    """Base class of referral errors."""


class ReferralNotFound(ReferralError, LookupError):
    """No referral with this id."""


class InvalidTransition(ReferralError, ValueError):
    """The status change is not allowed by the lifecycle."""


@dataclass(frozen=True)
class ReferralInfo:
    """A referral as the console shows it: ``shared`` decrypted; times aware UTC."""

    id: int
    center_id: int
    conversation_key: str
    need: str
    shared: dict[str, str]
    consent_text_key: str
    status: str
    note: str | None
    handled_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


def _info(r: Referral) -> ReferralInfo:
    return ReferralInfo(r.id, r.center_id, r.conversation_key, r.need, json.loads(r.shared), r.consent_text_key,
                        r.status, r.note, r.handled_by, r.created_at, r.updated_at)


async def create_referral(session: AsyncSession, center_id: int, conversation_key: str, need: str,
                          shared: dict[str, str], consent_text_key: str) -> ReferralInfo:
    """Record a new referral (status ``new``). ``shared`` must map strings to strings. Commits.
    Raises ``ValueError`` for an unknown need or non-string shared values, ``LookupError`` for an
    unknown center."""
    need = str(need)
    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in shared.items()):
        raise ValueError("shared fields must be strings")
    if await session.get(Center, center_id) is None:
        raise LookupError(f"no center {center_id}")
    referral = Referral(center_id=center_id, conversation_key=conversation_key, need=need,
                        shared=json.dumps(shared, ensure_ascii=False), consent_text_key=consent_text_key,
                        status="new")
    session.add(referral)
    await session.flush()
    info = _info(referral)
    await session.commit()
    return info


async def set_referral_status(session: AsyncSession, referral_id: int, status: str, *,
                              by: str | None = None, note: str | None = None) -> ReferralInfo:
    """Move a referral to ``status`` (accepted, declined, contacted, closed) following the lifecycle,
    recording who (``by``, a staff user name) and an optional note (encrypted). Commits. Raises
    ``ReferralNotFound``, ``InvalidTransition``."""
    referral = await session.get(Referral, referral_id, with_for_update=True)
    if referral is None:
        raise ReferralNotFound(referral_id)
    if status not in REFERRAL_TRANSITIONS[referral.status]:
        raise InvalidTransition(f"{referral.status} → {status}")
    referral.status = status
    setattr(referral, f"{status}_at", utcnow())
    if by:
        referral.handled_by = by
    if note is not None:
        referral.note = note
    await session.flush()
    info = _info(referral)
    await session.commit()
    barometer.on_referral(info, status)  # anonymous counts (services/barometer.py)
    return info


async def accept_referral(session: AsyncSession, referral_id: int, by: str | None = None) -> ReferralInfo:
    """new → accepted."""
    return await set_referral_status(session, referral_id, "accepted", by=by)


async def decline_referral(session: AsyncSession, referral_id: int, by: str | None = None,
                           note: str | None = None) -> ReferralInfo:
    """new → declined."""
    return await set_referral_status(session, referral_id, "declined", by=by, note=note)


async def mark_contacted(session: AsyncSession, referral_id: int, by: str | None = None,
                         note: str | None = None) -> ReferralInfo:
    """accepted → contacted (the center reached the person)."""
    return await set_referral_status(session, referral_id, "contacted", by=by, note=note)


async def close_referral(session: AsyncSession, referral_id: int, by: str | None = None,
                         note: str | None = None) -> ReferralInfo:
    """contacted | declined → closed."""
    return await set_referral_status(session, referral_id, "closed", by=by, note=note)


async def get_referral(session: AsyncSession, referral_id: int) -> ReferralInfo | None:
    """One referral, or None."""
    referral = await session.get(Referral, referral_id)
    return None if referral is None else _info(referral)


async def list_referrals(session: AsyncSession, center_id: int | None = None,
                         status: str | None = None) -> list[ReferralInfo]:
    """Referrals, oldest first, optionally of one center and/or one status."""
    query = select(Referral).order_by(Referral.created_at, Referral.id)
    if center_id is not None:
        query = query.where(Referral.center_id == center_id)
    if status is not None:
        query = query.where(Referral.status == status)
    return [_info(r) for r in (await session.execute(query)).scalars()]
