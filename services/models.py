"""The Jisr tables (SQLAlchemy 2.0 typed declarative models).

Conventions: timestamps are UTC (``UTCDateTime``: naive UTC in the database, aware in Python); local
times of day (opening hours) are ``Africa/Casablanca`` wall-clock times; free text a person wrote or that
identifies them is ``EncryptedText`` (Fernet at rest); people are known only by a pseudonymous
conversation key (HMAC-SHA256 hex of channel + user id, ``services.identity``), never by phone number.
Status-like columns are short strings checked by constraints (values in the ``*_STATUSES`` tuples).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.crypto import EncryptedText
from services.db import Base, UTCDateTime, utcnow

CENTER_STATUSES = ("existing", "in_progress", "planned")
COORDINATES_PRECISIONS = ("exact", "place_centroid")
APPOINTMENT_STATUSES = ("booked", "cancelled", "attended", "no_show")
REFERRAL_STATUSES = ("new", "accepted", "declined", "contacted", "closed")
ESCALATION_STATUSES = ("open", "claimed", "closed")
MESSAGE_SENDERS = ("citizen", "operator", "bot")
REFERRAL_MESSAGE_SENDERS = ("center", "citizen")
NEEDS = ("violence", "mediation", "disability", "child", "elderly", "homeless")
REMINDER_STATUSES = ("sending", "sent", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Region(Base):
    """One of the 12 official regions of Morocco (2015 division). ``code`` is the official number
    (1 Tanger-Tétouan-Al Hoceïma … 12 Dakhla-Oued Ed-Dahab)."""

    __tablename__ = "region"

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name_fr: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))


class Province(Base):
    """A province or prefecture (``kind``), inside a region; ``id`` is the slug of the French name."""

    __tablename__ = "province"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="province")  # province | prefecture
    region_code: Mapped[int] = mapped_column(ForeignKey("region.code"), index=True)
    name_fr: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str | None] = mapped_column(String(120))


class Place(Base):
    """A gazetteer entry (city, town, commune): id = lowercase ASCII slug of the French name.
    Coordinates in decimal degrees (WGS 84)."""

    __tablename__ = "place"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name_fr: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str | None] = mapped_column(String(120))  # unknown for many small places
    region_code: Mapped[int] = mapped_column(ForeignKey("region.code"), index=True)
    province_id: Mapped[str | None] = mapped_column(ForeignKey("province.id"))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)


class CenterType(Base):
    """A kind of center (``services.center_types`` codes: EMF, COAPH, CAPE, CAS, SAMU_SOCIAL, …)."""

    __tablename__ = "center_type"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_ar: Mapped[str] = mapped_column(String(200))
    label_fr: Mapped[str] = mapped_column(String(200))
    needs: Mapped[list[CenterTypeNeed]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class CenterTypeNeed(Base):
    """A need a center type serves (``violence``, ``mediation``, ``disability``, ``child``,
    ``elderly``, ``homeless``)."""

    __tablename__ = "center_type_need"
    __table_args__ = (CheckConstraint(_in("need", NEEDS), name="need"),)

    type_code: Mapped[str] = mapped_column(ForeignKey("center_type.code", ondelete="CASCADE"), primary_key=True)
    need: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class Center(Base):
    """A center of the directory.

    Contact details (address, phone, hours) are present only when sourced: each has a ``*_source``
    (document, official page, administrator) and a check constraint forbids a value without a source.
    ``source_*`` is the row's own provenance (seed: document name, line numbers, verbatim quote).
    Booking: ``bookable`` requires opening hours; ``slot_minutes`` long slots of ``capacity_per_slot``
    people each, bookable at least ``min_lead_hours`` in advance.
    """

    __tablename__ = "center"
    __table_args__ = (
        CheckConstraint(_in("status", CENTER_STATUSES), name="status"),
        CheckConstraint(_in("coordinates_precision", COORDINATES_PRECISIONS), name="coordinates_precision"),
        CheckConstraint("address IS NULL OR address_source IS NOT NULL", name="address_sourced"),
        CheckConstraint("phone IS NULL OR phone_source IS NOT NULL", name="phone_sourced"),
        CheckConstraint("hours IS NULL OR hours_source IS NOT NULL", name="hours_sourced"),
        CheckConstraint("slot_minutes > 0 AND capacity_per_slot > 0 AND min_lead_hours >= 0", name="booking"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seed_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    type_code: Mapped[str] = mapped_column(ForeignKey("center_type.code"), index=True)
    name_ar: Mapped[str] = mapped_column(String(300))
    name_fr: Mapped[str] = mapped_column(String(300))
    place_id: Mapped[str] = mapped_column(ForeignKey("place.id"), index=True)
    region_code: Mapped[int] = mapped_column(ForeignKey("region.code"), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    coordinates_precision: Mapped[str] = mapped_column(String(20), default="place_centroid")
    status: Mapped[str] = mapped_column(String(20), default="existing")
    address: Mapped[str | None] = mapped_column(Text)
    address_source: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    phone_source: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[str | None] = mapped_column(Text)  # as published, e.g. "mon-fri 08:30-16:30"
    hours_source: Mapped[str | None] = mapped_column(Text)
    source_document: Mapped[str | None] = mapped_column(String(300))
    source_lines: Mapped[list[int] | None] = mapped_column(JSON)
    source_quote: Mapped[str | None] = mapped_column(Text)
    bookable: Mapped[bool] = mapped_column(Boolean, default=False)
    demo_hours: Mapped[bool] = mapped_column(Boolean, default=False)  # development-only demo hours
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    capacity_per_slot: Mapped[int] = mapped_column(Integer, default=1)
    min_lead_hours: Mapped[int] = mapped_column(Integer, default=24)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    center_type: Mapped[CenterType] = relationship(lazy="joined")
    place: Mapped[Place] = relationship(lazy="joined")
    opening_hours: Mapped[list[OpeningHours]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="(OpeningHours.weekday, OpeningHours.opens)"
    )
    closures: Mapped[list[Closure]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class OpeningHours(Base):
    """One opening interval of a center on a weekday (0 = Monday … 6 = Sunday), local
    Africa/Casablanca wall-clock times; several rows per day for a lunch break."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens < closes", name="interval"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)


class Closure(Base):
    """A center closed from ``start_date`` to ``end_date`` inclusive (local dates), with a reason.
    ``center_id`` NULL = every center (a national closure, e.g. Eid announced on another day than the
    ``holidays`` library's estimate: Islamic holidays follow the moon sighting announced the evening
    before)."""

    __tablename__ = "closure"
    __table_args__ = (CheckConstraint("start_date <= end_date", name="range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("center.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(300))


class AppointmentSlot(Base):
    """Per-slot booking counter: the concurrency guard of booking. A booking increments ``booked``
    with a conditional ``UPDATE … WHERE booked < capacity`` (row lock on PostgreSQL, write lock on
    SQLite), so a slot never holds more than its capacity whatever the concurrency."""

    __tablename__ = "appointment_slot"
    __table_args__ = (CheckConstraint("booked >= 0", name="booked"),)

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id", ondelete="CASCADE"), primary_key=True)
    start_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, primary_key=True)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class PersonLock(Base):
    """One row per person who ever booked: locked (upsert) by every booking of that person, so two
    concurrent bookings of the same person are serialised and the overlap check holds."""

    __tablename__ = "person_lock"

    person_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    touched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Appointment(Base):
    """An appointment of a person (pseudonymous ``person_key`` = conversation key) at a center.
    ``start_utc``/``end_utc`` in UTC; shown in Africa/Casablanca local time."""

    __tablename__ = "appointment"
    __table_args__ = (
        CheckConstraint(_in("status", APPOINTMENT_STATUSES), name="status"),
        Index("ix_appointment_center_start", "center_id", "start_utc"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    start_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    person_key: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(20), default="booked")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    center: Mapped[Center] = relationship(lazy="joined")


class AppointmentReminder(Base):
    """Reminder bookkeeping: one row per (appointment, kind) claimed before sending, so a reminder is
    sent at most once even with several workers; ``status`` sending → sent | failed."""

    __tablename__ = "appointment_reminder"
    __table_args__ = (
        UniqueConstraint("appointment_id", "kind"),
        CheckConstraint(_in("status", REMINDER_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointment.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="day_before")
    status: Mapped[str] = mapped_column(String(20), default="sending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ConversationIdentity(Base):
    """A person as Jisr knows them: ``key`` = HMAC-SHA256(channel + user id) hex. The raw channel user
    id (needed to write back: reminders, operator replies) is stored only encrypted, never as a key."""

    __tablename__ = "conversation_identity"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(EncryptedText)
    variety: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Referral(Base):
    """A referral of a person to a center, holding only what the person consented to share
    (``shared``: JSON object of strings, encrypted) and the locale key of the consent text shown.
    Lifecycle: new → accepted | declined; accepted → contacted → closed (declined → closed)."""

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(_in("status", REFERRAL_STATUSES), name="status"),
        CheckConstraint(_in("need", NEEDS), name="need"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    conversation_key: Mapped[str] = mapped_column(String(128), index=True)
    need: Mapped[str] = mapped_column(String(20))
    shared: Mapped[str] = mapped_column(EncryptedText)  # JSON text, encrypted
    consent_text_key: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default="new")
    note: Mapped[str | None] = mapped_column(EncryptedText)
    handled_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    contacted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # the center's team wrote to the person and waits for an answer: what the person writes goes to the thread
    # (set by a staff message; cleared when the person goes back to the bot, or the referral is declined/closed)
    thread_open_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # the person was told, once, that their messages go to the center (``referral-thread-forwarded``)
    citizen_notified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    messages: Mapped[list[ReferralMessage]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralMessage.id", lazy="raise"
    )


class ReferralMessage(Base):
    """A message of a referral's thread between the center's team and the person (``sender`` center |
    citizen; ``author``: the staff account for a center message), text encrypted at rest."""

    __tablename__ = "referral_message"
    __table_args__ = (CheckConstraint(_in("sender", REFERRAL_MESSAGE_SENDERS), name="sender"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id", ondelete="CASCADE"), index=True)
    sender: Mapped[str] = mapped_column(String(20))
    author: Mapped[str | None] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Escalation(Base):
    """A conversation handed to the hotline: open → claimed (by an operator) → closed (with an
    outcome); ``release`` hands a claimed one back to open. ``priority`` 0 = top (danger), 1 = high,
    2 = normal. ``reason`` is a machine code (e.g. ``danger_keyword``), never the person's text.
    ``operator_seen_at`` is the claimant's last activity on it; ``released_*`` say when, why (``hand_back``,
    ``logout``, ``idle``) and from whom the last claim went back to the queue."""

    __tablename__ = "escalation"
    __table_args__ = (
        CheckConstraint(_in("status", ESCALATION_STATUSES), name="status"),
        CheckConstraint("priority BETWEEN 0 AND 2", name="priority"),
        Index("ix_escalation_status_priority", "status", "priority", "opened_at"),
        # at most one active escalation per conversation, even under concurrent opens
        Index("uq_escalation_active_conversation", "conversation_key", unique=True,
              postgresql_where=text("status IN ('open', 'claimed')"),
              sqlite_where=text("status IN ('open', 'claimed')")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_key: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    variety: Mapped[str] = mapped_column(String(10))
    journey: Mapped[str | None] = mapped_column(String(60))
    region_code: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer, default=2)
    reason: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="open")
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    outcome: Mapped[str | None] = mapped_column(String(120))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # the claimant's last sign of life on this conversation (claim, reply, page load or poll)
    operator_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # the last time a claim went back to the queue: when, why (RELEASE_REASONS), whose claim it was
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    release_reason: Mapped[str | None] = mapped_column(String(20))
    released_from: Mapped[str | None] = mapped_column(String(120))

    messages: Mapped[list[EscalationMessage]] = relationship(
        cascade="all, delete-orphan", order_by="EscalationMessage.id", lazy="raise"
    )


class EscalationMessage(Base):
    """A message of an escalated conversation (``sender`` citizen | operator | bot), text encrypted."""

    __tablename__ = "escalation_message"
    __table_args__ = (CheckConstraint(_in("sender", MESSAGE_SENDERS), name="sender"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id", ondelete="CASCADE"), index=True)
    sender: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
