"""Escalations: conversations handed to the hotline operators.

Lifecycle: open → claimed (an operator takes it) → closed (with an outcome); ``release`` hands a
claimed escalation back to open. Priority 0 = top (danger), 1 = high, 2 = normal; ``list_open`` is
ordered by priority, then age. One active (open or claimed) escalation per conversation:
``open_escalation`` returns the active one, raising its priority when the new reason is more urgent.
Message texts are encrypted at rest (Fernet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.db import rollback_on_error, utcnow
from services.models import ESCALATION_STATUSES, MESSAGE_SENDERS, Escalation, EscalationMessage

PRIORITY_DANGER, PRIORITY_HIGH, PRIORITY_NORMAL = 0, 1, 2
ACTIVE = ("open", "claimed")
assert set(ACTIVE) < set(ESCALATION_STATUSES)


class EscalationError(Exception):
    """Base class of escalation errors."""


class EscalationNotFound(EscalationError, LookupError):
    """No escalation with this id."""


class AlreadyClaimed(EscalationError):
    """Another operator holds this escalation."""


class NotActive(EscalationError):
    """The escalation is closed (or not in the state this action needs)."""


@dataclass(frozen=True)
class EscalationInfo:
    """An escalation as the console shows it (times aware UTC)."""

    id: int
    conversation_key: str
    channel: str
    variety: str
    journey: str | None
    region_code: int | None
    priority: int
    reason: str
    status: str
    claimed_by: str | None
    outcome: str | None
    opened_at: dt.datetime
    claimed_at: dt.datetime | None
    closed_at: dt.datetime | None


@dataclass(frozen=True)
class MessageInfo:
    """A message of an escalated conversation (text decrypted)."""

    id: int
    escalation_id: int
    sender: str
    text: str
    created_at: dt.datetime


def _info(e: Escalation) -> EscalationInfo:
    return EscalationInfo(e.id, e.conversation_key, e.channel, e.variety, e.journey, e.region_code, e.priority,
                          e.reason, e.status, e.claimed_by, e.outcome, e.opened_at, e.claimed_at, e.closed_at)


async def open_escalation(session: AsyncSession, conversation_key: str, channel: str, variety: str,
                          journey: str | None, region_code: int | None, priority: int,
                          reason: str) -> EscalationInfo:
    """Open an escalation for the conversation, or return its active one (its priority raised to
    ``priority`` when that is more urgent, i.e. lower). ``reason`` is a machine code such as
    ``danger_keyword`` or ``user_request`` — never the person's text. Commits.
    Raises ``ValueError`` for a priority outside 0..2."""
    if priority not in (0, 1, 2):
        raise ValueError("priority must be 0 (danger), 1 (high) or 2 (normal)")
    for attempt in range(3):
        try:
            return await _open_once(session, conversation_key, channel, variety, journey, region_code,
                                    priority, reason)
        except IntegrityError:  # a concurrent open won the unique index: take theirs
            await session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _open_once(session, conversation_key, channel, variety, journey, region_code, priority,
                     reason) -> EscalationInfo:
    active = (
        await session.execute(
            select(Escalation)
            .where(Escalation.conversation_key == conversation_key, Escalation.status.in_(ACTIVE))
            .order_by(Escalation.id).limit(1).with_for_update()
        )
    ).scalar_one_or_none()
    if active is None:
        active = Escalation(conversation_key=conversation_key, channel=channel, variety=variety,
                            journey=journey, region_code=region_code, priority=priority, reason=reason,
                            status="open", opened_at=utcnow())
        session.add(active)
    elif priority < active.priority:
        active.priority, active.reason = priority, reason
    await session.flush()
    info = _info(active)
    await session.commit()
    return info


async def _get(session: AsyncSession, escalation_id: int) -> Escalation:
    escalation = await session.get(Escalation, escalation_id, with_for_update=True, populate_existing=True)
    if escalation is None:
        raise EscalationNotFound(escalation_id)
    return escalation


async def _done(session: AsyncSession, escalation: Escalation) -> EscalationInfo:
    await session.flush()
    info = _info(escalation)
    await session.commit()
    return info


async def claim(session: AsyncSession, escalation_id: int, operator: str) -> EscalationInfo:
    """An operator takes the escalation (open → claimed). Claiming one's own again is a no-op.
    Raises ``AlreadyClaimed`` (someone else holds it), ``NotActive`` (closed), ``EscalationNotFound``.
    Commits (row lock: two operators cannot both claim it)."""
    async with rollback_on_error(session):
        e = await _get(session, escalation_id)
        if e.status == "closed":
            raise NotActive(escalation_id)
        if e.status == "claimed" and e.claimed_by != operator:
            raise AlreadyClaimed(escalation_id)
        if e.status == "open":
            e.status, e.claimed_by, e.claimed_at = "claimed", operator, utcnow()
        return await _done(session, e)


async def release(session: AsyncSession, escalation_id: int, operator: str) -> EscalationInfo:
    """Hand a claimed escalation back to the queue (claimed → open). Raises ``NotActive`` when it is
    not claimed by ``operator``."""
    async with rollback_on_error(session):
        e = await _get(session, escalation_id)
        if e.status != "claimed" or e.claimed_by != operator:
            raise NotActive(escalation_id)
        e.status, e.claimed_by, e.claimed_at = "open", None, None
        return await _done(session, e)


async def close(session: AsyncSession, escalation_id: int, outcome: str,
                operator: str | None = None) -> EscalationInfo:
    """Close the escalation with an ``outcome`` code (e.g. ``resolved``, ``referred``,
    ``no_answer``). Raises ``NotActive`` when already closed, ``AlreadyClaimed`` when ``operator`` is
    given and another operator holds it."""
    async with rollback_on_error(session):
        e = await _get(session, escalation_id)
        if e.status == "closed":
            raise NotActive(escalation_id)
        if operator and e.status == "claimed" and e.claimed_by != operator:
            raise AlreadyClaimed(escalation_id)
        e.status, e.outcome, e.closed_at = "closed", outcome, utcnow()
        return await _done(session, e)


async def get_escalation(session: AsyncSession, escalation_id: int) -> EscalationInfo | None:
    """One escalation, or None."""
    e = await session.get(Escalation, escalation_id, populate_existing=True)
    return None if e is None else _info(e)


async def active_for(session: AsyncSession, conversation_key: str) -> EscalationInfo | None:
    """The conversation's open or claimed escalation, or None (the pipeline's hand-off check)."""
    e = (await session.execute(
        select(Escalation).where(Escalation.conversation_key == conversation_key,
                                 Escalation.status.in_(ACTIVE)).order_by(Escalation.id).limit(1)
    )).scalar_one_or_none()
    return None if e is None else _info(e)


async def list_open(session: AsyncSession, region_code: int | None = None,
                    include_claimed: bool = True) -> list[EscalationInfo]:
    """Active escalations (open, and claimed unless ``include_claimed`` is False), most urgent first,
    then oldest first; optionally of one region."""
    statuses = ACTIVE if include_claimed else ("open",)
    query = (select(Escalation).where(Escalation.status.in_(statuses))
             .order_by(Escalation.priority, Escalation.opened_at, Escalation.id))
    if region_code is not None:
        query = query.where(Escalation.region_code == region_code)
    return [_info(e) for e in (await session.execute(query)).scalars()]


async def add_message(session: AsyncSession, escalation_id: int, sender: str, text: str) -> MessageInfo:
    """Append a message (``sender`` citizen | operator | bot) to the escalation; the text is
    encrypted at rest. Commits. Raises ``ValueError`` for another sender, ``EscalationNotFound``."""
    if sender not in MESSAGE_SENDERS:
        raise ValueError(f"sender must be one of {MESSAGE_SENDERS}")
    if await session.get(Escalation, escalation_id) is None:
        raise EscalationNotFound(escalation_id)
    message = EscalationMessage(escalation_id=escalation_id, sender=sender, text=text, created_at=utcnow())
    session.add(message)
    await session.flush()
    info = MessageInfo(message.id, escalation_id, sender, text, message.created_at)
    await session.commit()
    return info


async def list_messages(session: AsyncSession, escalation_id: int) -> list[MessageInfo]:
    """The escalation's messages, oldest first, decrypted."""
    rows = await session.execute(
        select(EscalationMessage).where(EscalationMessage.escalation_id == escalation_id)
        .order_by(EscalationMessage.id)
    )
    return [MessageInfo(m.id, m.escalation_id, m.sender, m.text, m.created_at) for m in rows.scalars()]
