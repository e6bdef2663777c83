"""Pseudonymous conversation identities and the erasure of a person's data.

A person is known by ``pseudonymize(channel, user_id, key)``: HMAC-SHA256 over ``channel`` and the
channel's user id, as 64 hex characters. The raw user id (needed to write back: reminders, operator
replies) is stored only inside ``conversation_identity.recipient``, encrypted; it is never a key, an index
or a log field.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.db import rowcount, utcnow
from services.models import (
    Appointment,
    AppointmentSlot,
    ConversationIdentity,
    Escalation,
    EscalationMessage,
    PersonLock,
    Referral,
    ReferralMessage,
)


def pseudonymize(channel: str, user_id: str, key: bytes) -> str:
    """HMAC-SHA256(key, ``channel`` + NUL + ``user_id``) as 64 lowercase hex characters.

    Same inputs and key → same key; without the key the user id cannot be recovered or tested.
    The NUL separator keeps ("ab", "c") and ("a", "bc") apart.
    """
    message = f"{channel}\x00{user_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


async def remember_identity(
    session: AsyncSession, channel: str, user_id: str, key: bytes, variety: str | None = None
) -> str:
    """Record (or refresh) the identity of ``user_id`` on ``channel`` and return its conversation key.

    Stores the user id encrypted so the person can be reached back (reminders, operator replies).
    Commits.
    """
    conversation_key = pseudonymize(channel, user_id, key)
    row = await session.get(ConversationIdentity, conversation_key)
    now = utcnow()
    if row is None:
        session.add(
            ConversationIdentity(key=conversation_key, channel=channel, recipient=user_id, variety=variety,
                                 created_at=now, last_seen_at=now)
        )
    else:
        row.last_seen_at = now
        if variety:
            row.variety = variety
    try:
        await session.commit()
    except IntegrityError:  # a concurrent first message recorded it already
        await session.rollback()
    return conversation_key


@dataclass(frozen=True)
class Recipient:
    """Where to reach a conversation back: ``channel`` name and the channel's own ``user_id``."""

    channel: str
    user_id: str
    variety: str | None


async def recipient_for(session: AsyncSession, conversation_key: str) -> Recipient | None:
    """The channel and raw user id behind ``conversation_key`` (decrypted), or None when unknown."""
    row = await session.get(ConversationIdentity, conversation_key)
    if row is None:
        return None
    return Recipient(channel=row.channel, user_id=row.recipient, variety=row.variety)


@dataclass(frozen=True)
class DeletionReport:
    """What ``delete_person_data`` removed (counts of rows)."""

    appointments: int
    referrals: int
    escalations: int
    identities: int


async def delete_person_data(session: AsyncSession, conversation_key: str) -> DeletionReport:
    """Erase everything Jisr stores about the person behind ``conversation_key`` (the ``delete_data``
    intent; right to erasure, law 09-08): appointments (upcoming ones free their slot), referrals with their
    threads (so a center can no longer reach the person about them), escalations with their messages, the
    identity. Commits; idempotent.
    """
    now = utcnow()
    upcoming = (
        await session.execute(
            select(Appointment.center_id, Appointment.start_utc).where(
                Appointment.person_key == conversation_key,
                Appointment.status == "booked",
                Appointment.start_utc > now,
            )
        )
    ).all()
    for center_id, start_utc in upcoming:
        await session.execute(
            update(AppointmentSlot)
            .where(AppointmentSlot.center_id == center_id, AppointmentSlot.start_utc == start_utc,
                   AppointmentSlot.booked > 0)
            .values(booked=AppointmentSlot.booked - 1)
        )
    appointments = rowcount(
        await session.execute(delete(Appointment).where(Appointment.person_key == conversation_key))
    )
    referral_ids = select(Referral.id).where(Referral.conversation_key == conversation_key)
    await session.execute(delete(ReferralMessage).where(ReferralMessage.referral_id.in_(referral_ids)))
    referrals = rowcount(
        await session.execute(delete(Referral).where(Referral.conversation_key == conversation_key))
    )
    escalation_ids = select(Escalation.id).where(Escalation.conversation_key == conversation_key)
    await session.execute(delete(EscalationMessage).where(EscalationMessage.escalation_id.in_(escalation_ids)))
    escalations = rowcount(
        await session.execute(delete(Escalation).where(Escalation.conversation_key == conversation_key))
    )
    await session.execute(delete(PersonLock).where(PersonLock.person_key == conversation_key))
    identities = rowcount(
        await session.execute(delete(ConversationIdentity).where(ConversationIdentity.key == conversation_key))
    )
    await session.commit()
    return DeletionReport(appointments, referrals, escalations, identities)
