"""Referrals of a person to a center, holding only what the person consented to share, and their thread.

Lifecycle (``REFERRAL_TRANSITIONS``): new → accepted | declined; accepted → contacted → closed;
declined → closed. ``shared`` (dict of strings, e.g. ``{"first_name": …, "callback": …}``) and the staff
``note`` are encrypted at rest (Fernet); ``consent_text_key`` is the locale key of the consent sentence
the person agreed to, so what they were told is on record.

**Thread.** The center's team writes to the person through their own channel (the console); every message
of either side is a ``referral_message`` (text encrypted at rest). A staff message opens the thread
(``thread_open_at``): what the person writes next goes to it (``bot/referral_thread.py``) until they go back
to the bot (menu) — :func:`close_thread` — or the referral is declined or closed. :func:`active_thread_for`
finds the open thread of a conversation (also after a quick exit: hiding the conversation is not
withdrawing the request); "delete my data" erases referrals and their threads
(``services.identity.delete_person_data``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import barometer
from services.db import rollback_on_error, rowcount, utcnow
from services.models import NEEDS, REFERRAL_MESSAGE_SENDERS, Center, Referral, ReferralMessage

THREAD_STATUSES = ("new", "accepted", "contacted")  # a referral the center can still write about

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
    thread_open_at: dt.datetime | None = None
    citizen_notified_at: dt.datetime | None = None

    @property
    def can_write(self) -> bool:
        """The center may still write to the person about it (new, accepted or contacted)."""
        return self.status in THREAD_STATUSES


@dataclass(frozen=True)
class ReferralMessageInfo:
    """A message of a referral's thread (text decrypted): ``sender`` center | citizen, ``author`` the staff
    account of a center message."""

    id: int
    referral_id: int
    sender: str
    author: str | None
    text: str
    created_at: dt.datetime


def _info(r: Referral) -> ReferralInfo:
    return ReferralInfo(r.id, r.center_id, r.conversation_key, r.need, json.loads(r.shared), r.consent_text_key,
                        r.status, r.note, r.handled_by, r.created_at, r.updated_at, r.thread_open_at,
                        r.citizen_notified_at)


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
    if status not in THREAD_STATUSES:
        referral.thread_open_at = None  # declined or closed: the person's messages go to the bot again
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


# ---- the thread between the center's team and the person ------------------------------------------------

async def add_thread_message(session: AsyncSession, referral_id: int, sender: str, text: str,
                             author: str | None = None, now: dt.datetime | None = None) -> ReferralMessageInfo:
    """Append a message (``sender`` center | citizen; ``author``: the staff user name of a center message) to
    the referral's thread, encrypted at rest. A center message opens the thread (``thread_open_at``: the
    person's next messages go to it). Commits. Raises ``ValueError`` for another sender,
    ``ReferralNotFound``."""
    if sender not in REFERRAL_MESSAGE_SENDERS:
        raise ValueError(f"sender must be one of {REFERRAL_MESSAGE_SENDERS}")
    now = now or utcnow()
    async with rollback_on_error(session):
        referral = await session.get(Referral, referral_id)
        if referral is None:
            raise ReferralNotFound(referral_id)
        message = ReferralMessage(referral_id=referral_id, sender=sender, author=author, text=text, created_at=now)
        session.add(message)
        if sender == "center":
            referral.thread_open_at = now
        await session.flush()
        info = ReferralMessageInfo(message.id, referral_id, sender, author, text, message.created_at)
        await session.commit()
    return info


async def unanswered_counts(session: AsyncSession, referral_ids: list[int]) -> dict[int, int]:
    """``{referral id: the person's messages since the center's last one}`` (ids only, no text read; referrals
    without such messages are absent)."""
    if not referral_ids:
        return {}
    rows = (await session.execute(
        select(ReferralMessage.referral_id, ReferralMessage.sender)
        .where(ReferralMessage.referral_id.in_(referral_ids)).order_by(ReferralMessage.id))).all()
    counts: dict[int, int] = {}
    for referral_id, sender in rows:
        counts[referral_id] = 0 if sender == "center" else counts.get(referral_id, 0) + 1
    return {r: n for r, n in counts.items() if n}


async def list_thread(session: AsyncSession, referral_id: int) -> list[ReferralMessageInfo]:
    """The referral's thread, oldest first, decrypted."""
    rows = await session.execute(select(ReferralMessage).where(ReferralMessage.referral_id == referral_id)
                                 .order_by(ReferralMessage.id))
    return [ReferralMessageInfo(m.id, m.referral_id, m.sender, m.author, m.text, m.created_at)
            for m in rows.scalars()]


async def active_thread_for(session: AsyncSession, conversation_key: str) -> ReferralInfo | None:
    """The conversation's referral whose thread is open (the center wrote; the referral is new, accepted or
    contacted), the most recently opened one; None when there is none."""
    referral = (await session.execute(
        select(Referral).where(Referral.conversation_key == conversation_key, Referral.thread_open_at.is_not(None),
                               Referral.status.in_(THREAD_STATUSES))
        .order_by(Referral.thread_open_at.desc(), Referral.id.desc()).limit(1)
    )).scalar_one_or_none()
    return None if referral is None else _info(referral)


async def close_thread(session: AsyncSession, referral_id: int) -> None:
    """The person went back to the bot: their next messages are not the center's any more (until the center
    writes again). Commits."""
    async with rollback_on_error(session):
        await session.execute(update(Referral).where(Referral.id == referral_id).values(thread_open_at=None)
                              .execution_options(synchronize_session=False))
        await session.commit()


async def mark_citizen_notified(session: AsyncSession, referral_id: int, now: dt.datetime | None = None) -> bool:
    """Record that the person was told their messages go to the center; True only for the call that
    recorded it (one conditional UPDATE: the notice is given once, even with concurrent messages). Commits."""
    async with rollback_on_error(session):
        result = await session.execute(
            update(Referral).where(Referral.id == referral_id, Referral.citizen_notified_at.is_(None))
            .values(citizen_notified_at=now or utcnow()).execution_options(synchronize_session=False))
        await session.commit()
    return rowcount(result) == 1
