"""What a social barometer event is: its kinds, dimensions and waiting-time classes, its table
(``barometer_event``) and the ISO weeks it is counted in (Africa/Casablanca).

Part of the barometer (``services/barometer.py`` records events, ``services/barometer_publish.py`` reads and
publishes them); everything here is re-exported by ``services.barometer``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base

TZ = ZoneInfo("Africa/Casablanca")
DEDUP_GRACE_SECONDS = 24 * 3600  # salts and de-duplication marks live until one day after their week

NEEDS = ("violence", "mediation", "disability", "child", "elderly", "homeless")
VARIETIES = ("ary", "ary-Latn", "ar", "fr")
DIMENSIONS = ("week", "region", "province", "need", "variety", "channel")

# kind → (export column, the kind is de-duplicated per need too)
KINDS: dict[str, tuple[str, bool]] = {
    "journey_started": ("conversations", True),
    "place_resolved": ("located", True),
    "danger": ("danger", False),
    "unmet_need": ("unmet_need", True),
    "referral_sent": ("referrals_sent", True),
    "referral_accepted": ("referrals_accepted", True),
    "referral_declined": ("referrals_declined", True),
    "appointment_booked": ("appointments_booked", False),
    "appointment_cancelled": ("appointments_cancelled", False),
    "appointment_attended": ("appointments_attended", False),
    "appointment_no_show": ("appointments_no_show", False),
    "danger_wait": ("danger_escalations_taken", False),
    "escalation_wait": ("escalations_taken", False),
}
WAIT_KINDS = ("danger_wait", "escalation_wait")
# upper bounds (seconds) of the waiting-time classes stored as the outcome of *_wait events: the exact wait
# is never stored; medians and 90th percentiles are read as "at most this long"
WAIT_BUCKETS = (10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200,
                10800, 14400, 21600, 43200, 86400)
WAIT_OVER = "over"  # beyond the last bucket


class BarometerEvent(Base):
    """One anonymous barometer event. ``id``: 32 random hex digits (no order, no time); ``week``: ISO week
    ``YYYY-Www`` in Africa/Casablanca; ``kind``: one of :data:`KINDS`; ``region``: official code 1–12;
    ``province``: ``province.id`` slug; ``need``/``variety``/``channel``; ``outcome``: the kind's detail
    (``far``/``none`` for ``unmet_need``, a waiting-time class in seconds for ``*_wait``). Nothing else."""

    __tablename__ = "barometer_event"
    __table_args__ = (Index("ix_barometer_event_week_kind", "week", "kind"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24))
    region: Mapped[int | None] = mapped_column(Integer)
    province: Mapped[str | None] = mapped_column(String(80))
    need: Mapped[str | None] = mapped_column(String(20))
    variety: Mapped[str | None] = mapped_column(String(10))
    channel: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))


EVENT_COLUMNS = ("id", "week", "kind", "region", "province", "need", "variety", "channel", "outcome")


def iso_week(day: dt.date | dt.datetime) -> str:
    """The ISO week ``YYYY-Www`` of ``day`` (an aware datetime is first put in Africa/Casablanca time)."""
    if isinstance(day, dt.datetime):
        day = (day if day.tzinfo else day.replace(tzinfo=dt.UTC)).astimezone(TZ).date()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> dt.date:
    """The Monday (local date) of ISO week ``YYYY-Www``."""
    year, num = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(num), 1)


def seconds_until_week_end(now: dt.datetime, week: str) -> int:
    """Seconds from ``now`` until the end of ``week`` (next Monday 00:00 Africa/Casablanca) plus
    :data:`DEDUP_GRACE_SECONDS` (at least 60): how long a week's salt and marks are kept."""
    end = dt.datetime.combine(week_monday(week) + dt.timedelta(days=7), dt.time(), TZ)
    return max(60, int((end - now).total_seconds()) + DEDUP_GRACE_SECONDS)


def wait_class(seconds: float) -> str:
    """The waiting-time class (outcome of a ``*_wait`` event) of a wait of ``seconds``: the smallest bound of
    :data:`WAIT_BUCKETS` at or above it (``"120"`` = at most 2 minutes), or ``"over"`` beyond 24 h."""
    for bound in WAIT_BUCKETS:
        if seconds <= bound:
            return str(bound)
    return WAIT_OVER


# ---------------------------------------------------------------------------------------------------
