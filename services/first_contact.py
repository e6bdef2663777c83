"""What the message path reads and records when a conversation has no stored state, in one transaction.

A conversation with no stored state is new — or its state expired, or a quick exit erased it while its
escalation or its referral's thread stays open (hiding the conversation does not withdraw a call for help).
Its first message therefore needs three things from the database: the active escalation
(:func:`services.escalations.active_for`), the open referral thread (:func:`services.referrals.
active_thread_for`) and the person's identity recorded (:func:`services.identity.remember_identity`, who to
write back to). :func:`first_contact` does the three in one session and one commit instead of three.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.escalations import EscalationInfo, active_for
from services.identity import pseudonymize, remember_identity
from services.referrals import ReferralInfo, active_thread_for


@dataclass(frozen=True)
class FirstContact:
    """``escalation``: the conversation's open or claimed escalation, or None; ``thread``: its referral whose
    thread is open, or None."""

    escalation: EscalationInfo | None = None
    thread: ReferralInfo | None = None


async def first_contact(session: AsyncSession, channel: str, user_id: str, key: bytes,
                        variety: str | None = None) -> FirstContact:
    """The active escalation and the open referral thread of the conversation of ``user_id`` on
    ``channel``, and its identity recorded (or refreshed) with ``variety``; one transaction, committed.

    ``key``: the pseudonymisation key (``services.identity.pseudonymize``). Raises what the database
    raises (``sqlalchemy.exc.SQLAlchemyError``, ``OSError``, ``TimeoutError``); nothing is recorded then."""
    conversation_key = pseudonymize(channel, user_id, key)
    escalation = await active_for(session, conversation_key)
    thread = await active_thread_for(session, conversation_key)
    await remember_identity(session, channel, user_id, key, variety)  # commits
    return FirstContact(escalation, thread)
