"""The emergency numbers and the replies that carry them: the one reader of ``services/data/emergency_numbers.yml``.

Every number comes with its source and the date it was checked (:class:`EmergencyNumber`, :func:`emergency_numbers`).
The same data gives the journeys' Fluent args (:func:`hotline_args`: ``$police``, ``$gendarmerie``,
``$civil_protection``, ``$women_line``, ``$child_line``) and the safety replies: the alert with every number
(:func:`emergency_messages`), the queue notice (:func:`queue_messages`), the operator-gone notice
(:func:`released_messages`) and the degraded-mode reply (:func:`degraded_messages`). Each reply that carries the
numbers is one message, so no channel can split it. Every string is a locale key (``locales/<variety>/safety.ftl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

import locales
from dialogues.messages import OutboundMessage

EMERGENCY_NUMBERS_FILE = Path(__file__).resolve().parent.parent / "services" / "data" / "emergency_numbers.yml"


@dataclass(frozen=True, slots=True)
class EmergencyNumber:
    """One emergency number from ``services/data/emergency_numbers.yml``: ``number`` to dial (str),
    ``label_key`` (locale key in ``safety.ftl``), ``scope``, ``source`` (official body/page),
    ``date_checked`` (ISO date), ``verified_online`` (False: not checked online from the build sandbox)."""

    id: str
    number: str
    label_key: str
    scope: str
    source: str
    date_checked: str
    verified_online: bool


@lru_cache(maxsize=1)
def emergency_numbers() -> tuple[EmergencyNumber, ...]:
    """The emergency numbers, in display order (read once). Raises ``FileNotFoundError`` without the data file
    and ``ValueError`` when an entry lacks its source or its date checked."""
    data = yaml.safe_load(EMERGENCY_NUMBERS_FILE.read_text(encoding="utf-8"))
    out = []
    for item in data["numbers"]:
        if not str(item.get("source", "")).strip() or not item.get("date_checked"):
            raise ValueError(f"emergency number {item.get('id')!r} lacks a source or date_checked")
        out.append(
            EmergencyNumber(
                id=item["id"], number=str(item["number"]), label_key=item["label_key"], scope=item["scope"],
                source=item["source"], date_checked=str(item["date_checked"]),
                verified_online=bool(item.get("verified_online", False)),
            )
        )
    return tuple(out)


def hotline_args() -> dict[str, str]:
    """``{id: number}`` for every emergency number (the Fluent args ``$police``, ``$women_line``… that the
    journeys' messages name). Raises like :func:`emergency_numbers`."""
    return {n.id: n.number for n in emergency_numbers()}


def numbers_block(variety: str, gender: str = "other") -> str:
    """The lines "label: number" for every emergency number, localised in ``variety``."""
    return "\n".join(
        locales.t(variety, "safety-number-line", label=locales.t(variety, n.label_key), number=n.number)
        for n in emergency_numbers()
    )


def emergency_messages(variety: str, gender: str = "other", escalated: bool = True) -> list[OutboundMessage]:
    """The immediate reply to danger: the alert with every emergency number (one message, so no channel can
    split it), then — when a priority-0 escalation was opened — that a person is alerted."""
    alert = locales.t(variety, "safety-alert", gender=gender) + "\n" + numbers_block(variety, gender)
    out = [OutboundMessage(text=alert)]
    if escalated:
        out.append(OutboundMessage(text=locales.t(variety, "safety-alert-team", gender=gender)))
    return out


def queue_messages(variety: str, gender: str = "other") -> list[OutboundMessage]:
    """The reply while a person waits for an operator (escalation open, not yet claimed): their request is in
    the queue, a person answers as soon as possible, and every emergency number meanwhile."""
    text = locales.t(variety, "safety-handoff-queued", gender=gender) + "\n" + numbers_block(variety, gender)
    return [OutboundMessage(text=text)]


def released_messages(variety: str, gender: str = "other", danger: bool = False) -> list[OutboundMessage]:
    """The message to a person whose operator has gone (logged out, or idle beyond ``CLAIM_IDLE_SECONDS``):
    sorry, the request is back in the queue and another team member will answer. For a ``danger``
    escalation (priority 0) the same message carries every emergency number again (one message, so no
    channel can split it)."""
    text = locales.t(variety, "safety-claim-released", gender=gender)
    if danger:
        text += "\n" + locales.t(variety, "safety-alert", gender=gender) + "\n" + numbers_block(variety, gender)
    return [OutboundMessage(text=text)]


def degraded_messages(variety: str, gender: str = "other") -> list[OutboundMessage]:
    """The reply when Redis or the database fails: a kind apology plus every emergency number."""
    text = (
        locales.t(variety, "safety-degraded-apology", gender=gender)
        + "\n\n"
        + locales.t(variety, "safety-degraded-numbers", gender=gender)
        + "\n"
        + numbers_block(variety, gender)
    )
    return [OutboundMessage(text=text)]
