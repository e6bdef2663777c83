"""Escalations: conversations handed to the hotline operators.

Lifecycle: open → claimed (an operator takes it) → closed (with an outcome); ``release`` hands a
claimed escalation back to open; ``withdraw`` closes an escalation nobody has claimed yet with the outcome
``withdrawn`` (the person stopped waiting). Priority 0 = top (danger), 1 = high, 2 = normal; ``list_open`` is
ordered by priority, then age. One active (open or claimed) escalation per conversation:
``open_escalation`` returns the active one, raising its priority when the new reason is more urgent.
Message texts are encrypted at rest (Fernet).

Claims do not last forever. The claimant's activity on the conversation (claim, reply, page load or poll)
is recorded in ``operator_seen_at`` (:func:`touch_claim`); a claim whose operator logs out
(:func:`release_claims_of`) or shows no activity for ``idle_seconds`` (:func:`release_idle`,
:func:`release_if_idle`) goes back to the queue (open) with its priority and age unchanged, and the row
remembers why (``release_reason``: ``hand_back``, ``logout``, ``idle``) and whose claim it was
(``released_from``) until the next claim. Every release is one conditional ``UPDATE`` (status, claimant and,
for idleness, the activity cut-off in its ``WHERE``), so a reply or a second release racing it cannot both
win, on PostgreSQL and SQLite alike, with any number of processes.

Clock: every function that stamps or compares a time takes ``now`` (aware UTC ``datetime``, default
:func:`services.db.utcnow`), so callers and tests control time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services import barometer
from services.db import rollback_on_error, utcnow
from services.models import ESCALATION_STATUSES, MESSAGE_SENDERS, Escalation, EscalationMessage

PRIORITY_DANGER, PRIORITY_HIGH, PRIORITY_NORMAL = 0, 1, 2
ACTIVE = ("open", "claimed")
RELEASE_REASONS = ("hand_back", "logout", "idle")  # hand_back: the operator's own "hand back" button
DEFAULT_CLAIM_IDLE_SECONDS = 600  # CLAIM_IDLE_SECONDS: a claim with no activity this long goes back to the queue
TOUCH_RESOLUTION_SECONDS = 10  # activity is written at most this often per claim (polls come every second)
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
    operator_seen_at: dt.datetime | None = None
    released_at: dt.datetime | None = None
    release_reason: str | None = None
    released_from: str | None = None

    @property
    def danger(self) -> bool:
        """True for a priority-0 (danger) escalation."""
        return self.priority == PRIORITY_DANGER

    def idle_for(self, now: dt.datetime) -> float | None:
        """Seconds since the claimant's last activity (``operator_seen_at``, else ``claimed_at``) at ``now``;
        None when the escalation is not claimed."""
        if self.status != "claimed":
            return None
        seen = self.operator_seen_at or self.claimed_at
        return None if seen is None else (now - seen).total_seconds()


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
                          e.reason, e.status, e.claimed_by, e.outcome, e.opened_at, e.claimed_at, e.closed_at,
                          e.operator_seen_at, e.released_at, e.release_reason, e.released_from)


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


async def claim(session: AsyncSession, escalation_id: int, operator: str,
                now: dt.datetime | None = None) -> EscalationInfo:
    """An operator takes the escalation (open → claimed) at ``now``; claiming one's own again only records
    activity. Clears the previous release's marks. Raises ``AlreadyClaimed`` (someone else holds it),
    ``NotActive`` (closed), ``EscalationNotFound``. Commits (row lock: two operators cannot both claim it)."""
    now = now or utcnow()
    async with rollback_on_error(session):
        e = await _get(session, escalation_id)
        if e.status == "closed":
            raise NotActive(escalation_id)
        if e.status == "claimed" and e.claimed_by != operator:
            raise AlreadyClaimed(escalation_id)
        if e.status == "open":
            e.status, e.claimed_by, e.claimed_at = "claimed", operator, now
            barometer.on_claim(e, now)  # anonymous waiting time (services/barometer.py)
            e.released_at = e.release_reason = e.released_from = None
        e.operator_seen_at = now
        return await _done(session, e)


async def touch_claim(session: AsyncSession, escalation_id: int, operator: str, now: dt.datetime | None = None,
                      resolution_seconds: float = TOUCH_RESOLUTION_SECONDS) -> bool:
    """Record the claimant's activity on the escalation at ``now`` (a page load, a poll, a reply). Writes
    only when the stored activity is at least ``resolution_seconds`` old (``0``: always), so a page polling
    every second costs one write per ``resolution_seconds``. Returns True when it wrote, i.e. the escalation
    is still claimed by ``operator`` (with ``resolution_seconds=0`` False means it is not theirs any more:
    released, closed or another's). Commits."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=resolution_seconds)
    async with rollback_on_error(session):
        result = await session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.status == "claimed",
                   Escalation.claimed_by == operator,
                   or_(Escalation.operator_seen_at.is_(None), Escalation.operator_seen_at <= cutoff))
            .values(operator_seen_at=now)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
    return result.rowcount == 1


async def _release_where(session: AsyncSession, reason: str, now: dt.datetime, *conditions) -> list[EscalationInfo]:
    """Release (claimed → open) every escalation matching ``conditions``, one conditional UPDATE each, and
    return those this call released (a concurrent release, reply or close makes the UPDATE match nothing)."""
    if reason not in RELEASE_REASONS:
        raise ValueError(f"reason must be one of {RELEASE_REASONS}")
    candidates = (await session.execute(
        select(Escalation.id, Escalation.claimed_by).where(Escalation.status == "claimed", *conditions)
        .order_by(Escalation.priority, Escalation.opened_at, Escalation.id)
    )).all()
    await session.commit()
    released: list[int] = []
    for escalation_id, operator in candidates:
        async with rollback_on_error(session):
            result = await session.execute(
                update(Escalation)
                .where(Escalation.id == escalation_id, Escalation.status == "claimed",
                       Escalation.claimed_by == operator, *conditions)
                .values(status="open", claimed_by=None, claimed_at=None, operator_seen_at=None, released_at=now,
                        release_reason=reason, released_from=operator)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        if result.rowcount == 1:
            released.append(escalation_id)
    infos = []
    for escalation_id in released:
        info = await get_escalation(session, escalation_id)
        if info is not None:
            infos.append(info)
    await session.commit()
    return infos


def _idle_condition(idle_seconds: float, now: dt.datetime):
    """SQL: the claim's last activity (or, never touched, its claim time) is ``idle_seconds`` or more before
    ``now``."""
    cutoff = now - dt.timedelta(seconds=idle_seconds)
    return or_(Escalation.operator_seen_at <= cutoff,
               Escalation.operator_seen_at.is_(None) & (Escalation.claimed_at <= cutoff))


async def release(session: AsyncSession, escalation_id: int, operator: str, reason: str = "hand_back",
                  now: dt.datetime | None = None) -> EscalationInfo:
    """Hand a claimed escalation back to the queue (claimed → open) at ``now``, recording ``reason``
    (:data:`RELEASE_REASONS`; ``hand_back`` = the operator's button). Priority and age are kept. Raises
    ``NotActive`` when it is not claimed by ``operator``, ``ValueError`` for an unknown reason. Commits."""
    released = await _release_where(session, reason, now or utcnow(), Escalation.id == escalation_id,
                                    Escalation.claimed_by == operator)
    if not released:
        raise NotActive(escalation_id)
    return released[0]


async def release_claims_of(session: AsyncSession, operator: str, reason: str = "logout",
                            now: dt.datetime | None = None) -> list[EscalationInfo]:
    """Every escalation claimed by ``operator`` goes back to the queue (their logout). Returns the released
    ones, most urgent first. Commits."""
    return await _release_where(session, reason, now or utcnow(), Escalation.claimed_by == operator)


async def release_idle(session: AsyncSession, idle_seconds: float = DEFAULT_CLAIM_IDLE_SECONDS,
                       now: dt.datetime | None = None) -> list[EscalationInfo]:
    """Every claim with no activity for ``idle_seconds`` (at ``now``) goes back to the queue with reason
    ``idle``. Returns the ones this call released, most urgent first (several processes may run it: each
    escalation is released by one of them). Commits."""
    now = now or utcnow()
    return await _release_where(session, "idle", now, _idle_condition(idle_seconds, now))


async def release_if_idle(session: AsyncSession, escalation_id: int,
                          idle_seconds: float = DEFAULT_CLAIM_IDLE_SECONDS,
                          now: dt.datetime | None = None) -> EscalationInfo | None:
    """Release this one escalation when its claim has had no activity for ``idle_seconds`` (the message
    path: the person writes to an operator who has gone). Returns it released, or None when it is not an
    idle claim (any more). Commits."""
    now = now or utcnow()
    released = await _release_where(session, "idle", now, Escalation.id == escalation_id,
                                    _idle_condition(idle_seconds, now))
    return released[0] if released else None


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


WITHDRAWN = "withdrawn"  # outcome of an escalation the person stopped waiting for before anyone claimed it


async def withdraw(session: AsyncSession, escalation_id: int,
                   now: dt.datetime | None = None) -> EscalationInfo | None:
    """The person stopped waiting: close the escalation with outcome :data:`WITHDRAWN` — only while it is
    still open (not claimed). One conditional ``UPDATE``: an operator's claim racing it wins or loses
    whole. Returns the closed escalation, or None when it was claimed or closed meanwhile (nothing
    changes). Commits."""
    now = now or utcnow()
    async with rollback_on_error(session):
        result = await session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.status == "open")
            .values(status="closed", outcome=WITHDRAWN, closed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
    if result.rowcount != 1:
        return None
    return await get_escalation(session, escalation_id)


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
    then oldest first (a released one keeps its place: its ``opened_at`` is unchanged); optionally of one
    region."""
    statuses = ACTIVE if include_claimed else ("open",)
    query = (select(Escalation).where(Escalation.status.in_(statuses))
             .order_by(Escalation.priority, Escalation.opened_at, Escalation.id))
    if region_code is not None:
        query = query.where(Escalation.region_code == region_code)
    return [_info(e) for e in (await session.execute(query)).scalars()]


async def add_message(session: AsyncSession, escalation_id: int, sender: str, text: str) -> MessageInfo:
    """Append a message (``sender`` citizen | operator | bot) to the escalation; the text is
    encrypted at rest. Commits. Raises ``ValueError`` for another sender, ``EscalationNotFound``."""
    return (await add_messages(session, escalation_id, [(sender, text)]))[0]


async def add_messages(session: AsyncSession, escalation_id: int,
                       messages: list[tuple[str, str]]) -> list[MessageInfo]:
    """Append ``messages`` (``(sender, text)``, in order; sender citizen | operator | bot) to the escalation in
    one transaction: a turn's citizen message and the bot's replies. Texts are encrypted at rest. Commits.
    Raises ``ValueError`` for another sender (nothing is written), ``EscalationNotFound``."""
    if any(sender not in MESSAGE_SENDERS for sender, _ in messages):
        raise ValueError(f"sender must be one of {MESSAGE_SENDERS}")
    if await session.get(Escalation, escalation_id) is None:
        raise EscalationNotFound(escalation_id)
    now = utcnow()
    rows = [EscalationMessage(escalation_id=escalation_id, sender=sender, text=text, created_at=now)
            for sender, text in messages]
    session.add_all(rows)
    await session.flush()
    infos = [MessageInfo(m.id, escalation_id, m.sender, text, m.created_at) for m, (_, text) in zip(rows, messages)]
    await session.commit()
    return infos


async def list_messages(session: AsyncSession, escalation_id: int) -> list[MessageInfo]:
    """The escalation's messages, oldest first, decrypted."""
    rows = await session.execute(
        select(EscalationMessage).where(EscalationMessage.escalation_id == escalation_id)
        .order_by(EscalationMessage.id)
    )
    return [MessageInfo(m.id, m.escalation_id, m.sender, m.text, m.created_at) for m in rows.scalars()]


@dataclass(frozen=True)
class QueueActivity:
    """What the queue shows of an escalation's messages (ids only, no text): ``waiting`` — the person's
    messages since the last operator reply (all of them when no operator wrote yet); ``last_citizen_id`` —
    the person's latest message (None when they wrote nothing)."""

    waiting: int
    last_citizen_id: int | None


async def queue_activity(session: AsyncSession, escalation_ids: list[int]) -> dict[int, QueueActivity]:
    """:class:`QueueActivity` per escalation id (ids without messages are absent). One query on ids and
    senders; no text is read."""
    if not escalation_ids:
        return {}
    rows = (await session.execute(
        select(EscalationMessage.escalation_id, EscalationMessage.id, EscalationMessage.sender)
        .where(EscalationMessage.escalation_id.in_(escalation_ids)).order_by(EscalationMessage.id)
    )).all()
    waiting: dict[int, int] = {}
    last: dict[int, int | None] = {}
    for escalation_id, message_id, sender in rows:
        if sender == "operator":
            waiting[escalation_id] = 0
        elif sender == "citizen":
            waiting[escalation_id] = waiting.get(escalation_id, 0) + 1
            last[escalation_id] = message_id
        else:
            waiting.setdefault(escalation_id, 0)
    return {e: QueueActivity(waiting.get(e, 0), last.get(e)) for e in set(waiting) | set(last)}


async def message_texts(session: AsyncSession, message_ids: list[int]) -> dict[int, str]:
    """``{message id: text}`` (decrypted) for these escalation messages."""
    if not message_ids:
        return {}
    rows = await session.execute(select(EscalationMessage).where(EscalationMessage.id.in_(message_ids)))
    return {m.id: m.text for m in rows.scalars()}


async def note_context(session: AsyncSession, escalation_id: int, journey: str | None,
                       region_code: int | None) -> None:
    """Fill the escalation's journey and region when they were unknown at its opening (a danger message
    before any journey) and the conversation has told them since; known values are never overwritten.
    Commits."""
    values = {}
    if journey:
        values["journey"] = journey
    if region_code is not None:
        values["region_code"] = int(region_code)
    async with rollback_on_error(session):
        for column, value in values.items():
            await session.execute(
                update(Escalation).where(Escalation.id == escalation_id, getattr(Escalation, column).is_(None))
                .values({column: value}).execution_options(synchronize_session=False))
        await session.commit()
