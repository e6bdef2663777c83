"""Center staff pages: the referral inbox, referral details (audited) with the thread between the center's
team and the person, appointments and their CSV export.

A staff account sees only the centers it is bound to (``console_user_centers``). Another center's
referral or appointment answers ``404`` (its existence is not disclosed) — its thread too, for reading and
for writing. Every opening of a referral's details, status change, message to the person, attendance mark
and export is written to the audit log (never the text). Times are shown in Africa/Casablanca local time.

**Messages to the person.** On a referral that is new, accepted or contacted, staff write to the person: the
text goes through the person's own channel (``console.delivery.send_to_person``: the web chat's outbox,
Telegram, WhatsApp within its 24-hour window — the rules of the operators' replies), labelled as coming from
the center's team in the person's variety; it is stored in the referral's thread (encrypted at rest) and
opens the thread, so what the person writes next is appended to it (``bot/referral_thread.py``) and appears
on the page (polled every 2 s).
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from starlette.responses import Response

from console.delivery import person_channel, send_to_person, whatsapp_window_closed
from console.views_operator import fingerprint
from console.web import Ctx, route
from dialogues.messages import SENDER_CENTER
from services import barometer
from services import referrals as referral_service
from services.db import utcnow
from services.models import Appointment, Center, Referral
from services.referrals import REFERRAL_TRANSITIONS, ReferralInfo

log = logging.getLogger("console.staff")
LOCAL_TZ = ZoneInfo("Africa/Casablanca")
REFERRAL_TABS: tuple[str, ...] = ("new", "accepted", "declined", "contacted", "closed")
# Allowed status changes, in the order the buttons are shown (lifecycle: services.referrals).
ACTION_ORDER: tuple[str, ...] = ("accepted", "contacted", "closed", "declined")


def next_statuses(status: str) -> list[str]:
    """The statuses a referral in ``status`` may move to (``services.referrals.REFERRAL_TRANSITIONS``)."""
    return [s for s in ACTION_ORDER if s in REFERRAL_TRANSITIONS.get(status, set())]


MARKS: tuple[str, ...] = ("attended", "no_show")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # the ``weekday`` locale selector
MAX_NOTE_CHARS = 1000
MAX_MESSAGE_CHARS = 2000  # a staff message to the person (as an operator's reply)


def to_local(value: datetime) -> datetime:
    """An aware UTC datetime in Africa/Casablanca local time."""
    return value.astimezone(LOCAL_TZ)


async def _centers(ctx: Ctx) -> list[Center]:
    ids = ctx.user.center_ids
    if not ids:
        return []
    return list((await ctx.db.execute(select(Center).where(Center.id.in_(ids)).order_by(Center.id))).scalars())


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


@route("/referrals", roles=("staff",))
async def referral_inbox(ctx: Ctx) -> Response:
    """Referrals of the user's centers, one tab per status (``?status=new`` by default), each with the number
    of the person's messages waiting for the center's answer."""
    status = ctx.request.query_params.get("status", "new")
    if status not in REFERRAL_TABS:
        status = "new"
    ids = ctx.user.center_ids
    counts = dict((await ctx.db.execute(
        select(Referral.status, func.count()).where(Referral.center_id.in_(ids)).group_by(Referral.status)
    )).all())
    referrals = list((await ctx.db.execute(
        select(Referral).where(Referral.center_id.in_(ids), Referral.status == status)
        .order_by(Referral.created_at.desc()).limit(200)
    )).scalars())
    centers = {c.id: c for c in await _centers(ctx)}
    unanswered = await referral_service.unanswered_counts(ctx.db, [r.id for r in referrals])
    return ctx.render("referrals.html", status=status, tabs=REFERRAL_TABS, counts=counts,
                      referrals=referrals, centers=centers, to_local=to_local, unanswered=unanswered)


async def _own_referral(ctx: Ctx, referral_id: str) -> ReferralInfo | None:
    """The referral if it belongs to one of the user's centers, else None (answered as 404)."""
    rid = _int(referral_id)
    referral = await referral_service.get_referral(ctx.db, rid) if rid is not None else None
    if referral is None or referral.center_id not in ctx.user.center_ids:
        return None
    return referral


def _shared(referral: ReferralInfo) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in referral.shared.items()]


async def _thread_context(ctx: Ctx, referral: ReferralInfo, error: str | None = None) -> dict:
    """What the thread part of the referral page shows: the messages (decrypted for this page only), whether
    the center can write (status, the person's data still there, the WhatsApp window) and the fingerprint
    the poll compares."""
    messages = await referral_service.list_thread(ctx.db, referral.id)
    channel = await person_channel(ctx, referral.conversation_key)
    last = max((m.created_at for m in messages if m.sender == "citizen"), default=None)
    window_closed = channel is not None and await whatsapp_window_closed(ctx, channel, referral.conversation_key,
                                                                         last)
    return {
        "thread": messages,
        "thread_channel": channel,
        "thread_window_closed": window_closed,
        "thread_can_write": referral.can_write and channel is not None and ctx.deps.channels is not None,
        "thread_fp": fingerprint(ctx.variety, [m.id for m in messages], window_closed, referral.status,
                                 referral.thread_open_at is not None, channel),
        "thread_error": error,
    }


async def _render_referral(ctx: Ctx, referral: ReferralInfo, status_code: int = 200, error: str | None = None,
                           thread_error: str | None = None, draft: str = "") -> Response:
    center = await ctx.db.get(Center, referral.center_id)
    return ctx.render("referral.html", status_code=status_code, referral=referral, shared=_shared(referral),
                      center=center, next_statuses=next_statuses(referral.status), to_local=to_local, error=error,
                      draft=draft, **await _thread_context(ctx, referral, thread_error))


@route("/referrals/{referral_id}", roles=("staff",))
async def referral_detail(ctx: Ctx, referral_id: str) -> Response:
    """What the citizen consented to share, the thread with the person and its reply form, and the status
    form. Audited (``referral.view``)."""
    referral = await _own_referral(ctx, referral_id)
    if referral is None:
        return ctx.not_found()
    await ctx.audit("referral.view", "referral", referral.id)
    return await _render_referral(ctx, referral)


@route("/referrals/{referral_id}/thread", roles=("staff",))
async def referral_thread(ctx: Ctx, referral_id: str) -> Response:
    """The thread fragment (polled every 2 s: the person's answers appear live; ``204`` when unchanged since
    ``?fp=``). Not audited on its own: the page that polls it was."""
    referral = await _own_referral(ctx, referral_id)
    if referral is None:
        return ctx.not_found()
    context = await _thread_context(ctx, referral)
    if ctx.request.query_params.get("fp") == context["thread_fp"]:
        return Response(status_code=204)
    return ctx.render("_referral_thread.html", referral=referral, **context)


@route("/referrals/{referral_id}/messages", roles=("staff",), methods=("POST",))
async def referral_message(ctx: Ctx, referral_id: str) -> Response:
    """Send the staff member's text to the person through their own channel, labelled as the center's team,
    then store it in the thread (which opens it: the person's answers come here). Refused on a declined or
    closed referral, for a person whose data was erased, and on WhatsApp outside the 24-hour window.
    Audited (``referral.message``; the detail holds the person's channel, never the text)."""
    referral = await _own_referral(ctx, referral_id)
    if referral is None:
        return ctx.not_found()
    form = await ctx.request.form()
    text = str(form.get("text", "")).strip()[:MAX_MESSAGE_CHARS]
    context = await _thread_context(ctx, referral)
    error = None
    if not text:
        error = ctx.t("console-reply-empty")
    elif not referral.can_write:
        error = ctx.t("console-thread-closed")
    elif context["thread_channel"] is None:
        error = ctx.t("console-reply-no-recipient")
    elif context["thread_window_closed"]:
        error = ctx.t("console-whatsapp-window-closed")
    else:
        error = await send_to_person(ctx, referral.conversation_key, text, SENDER_CENTER)
    if error is not None:
        return await _render_referral(ctx, referral, status_code=400, thread_error=error, draft=text)
    await referral_service.add_thread_message(ctx.db, referral.id, "center", text, author=ctx.user.username)
    await ctx.audit("referral.message", "referral", referral.id, str(context["thread_channel"]))
    await ctx.db.commit()
    if ctx.deps.referral_thread_opened is not None:
        try:
            await ctx.deps.referral_thread_opened(referral.conversation_key, referral.id)
        except Exception as exc:  # noqa: BLE001 - the message path also finds the thread in the database
            log.warning("referral-thread-mark-failed referral=%d error=%s", referral.id, type(exc).__name__)
    return ctx.redirect(f"/referrals/{referral.id}#thread")


@route("/referrals/{referral_id}/status", roles=("staff",), methods=("POST",))
async def referral_status(ctx: Ctx, referral_id: str) -> Response:
    """Move a referral along its lifecycle (accept/decline with a note, contacted, closed). Audited."""
    referral = await _own_referral(ctx, referral_id)
    if referral is None:
        return ctx.not_found()
    form = await ctx.request.form()
    new = str(form.get("status", ""))
    note = str(form.get("note", "")).strip()[:MAX_NOTE_CHARS]
    old = referral.status
    try:
        referral = await referral_service.set_referral_status(
            ctx.db, referral.id, new, by=ctx.user.username, note=note or None)
    except referral_service.InvalidTransition:
        return await _render_referral(ctx, referral, status_code=400, error=ctx.t("console-referral-bad-transition"))
    await ctx.audit("referral.status", "referral", referral.id, f"{old}->{new}")
    return ctx.redirect(f"/referrals/{referral.id}")


def _period(ctx: Ctx) -> tuple[str, date, date]:
    view = ctx.request.query_params.get("view", "day")
    view = view if view in ("day", "week") else "day"
    try:
        day = date.fromisoformat(ctx.request.query_params.get("date", ""))
    except ValueError:
        day = to_local(utcnow()).date()
    if view == "week":
        start = day - timedelta(days=day.weekday())
        return view, start, start + timedelta(days=7)
    return view, day, day + timedelta(days=1)


def _utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (datetime.combine(start, time(0), LOCAL_TZ).astimezone(ZoneInfo("UTC")),
            datetime.combine(end, time(0), LOCAL_TZ).astimezone(ZoneInfo("UTC")))


async def _appointments(ctx: Ctx, center_ids: set[int], start: date, end: date) -> list[Appointment]:
    lo, hi = _utc_bounds(start, end)
    return list((await ctx.db.execute(
        select(Appointment).where(Appointment.center_id.in_(center_ids), Appointment.start_utc >= lo,
                                  Appointment.start_utc < hi, Appointment.status != "cancelled")
        .order_by(Appointment.start_utc, Appointment.id)
    )).scalars())


def _selected_centers(ctx: Ctx) -> set[int] | None:
    """The ``?center=`` filter (must be one of the user's centers: None = not allowed), or all of them."""
    wanted = _int(ctx.request.query_params.get("center", "") or "x")
    if wanted is None:
        return ctx.user.center_ids
    return {wanted} if wanted in ctx.user.center_ids else None


@route("/appointments", roles=("staff",))
async def appointments(ctx: Ctx) -> Response:
    """Day (``?view=day&date=YYYY-MM-DD``) or week list of the user's centers' appointments; the weekday in
    the console's language; attended / no-show buttons only on appointments that have started."""
    center_ids = _selected_centers(ctx)
    if center_ids is None:
        return ctx.not_found()
    view, start, end = _period(ctx)
    items = await _appointments(ctx, center_ids, start, end)
    step = timedelta(days=7 if view == "week" else 1)
    return ctx.render("appointments.html", items=items, view=view, start=start, end=end - timedelta(days=1),
                      prev=(start - step).isoformat(), next=(start + step).isoformat(),
                      centers=await _centers(ctx), center=ctx.request.query_params.get("center", ""),
                      to_local=to_local, marks=MARKS, now=utcnow(),
                      weekday_of=lambda value: ctx.t("weekday", day=WEEKDAYS[to_local(value).weekday()]))


@route("/appointments/{appointment_id}/mark", roles=("staff",), methods=("POST",))
async def mark_appointment(ctx: Ctx, appointment_id: str) -> Response:
    """Mark an appointment ``attended`` or ``no_show`` (only once it has started). Audited."""
    aid = _int(appointment_id)
    appt = await ctx.db.get(Appointment, aid) if aid is not None else None
    if appt is None or appt.center_id not in ctx.user.center_ids:
        return ctx.not_found()
    form = await ctx.request.form()
    mark = str(form.get("mark", ""))
    if mark not in MARKS or appt.status == "cancelled" or appt.start_utc > utcnow():
        return ctx.render("error.html", status_code=400, message=ctx.t("console-appointment-bad-mark"))
    appt.status = mark
    barometer.on_appointment(appt, mark)  # anonymous counts (services/barometer.py)
    await ctx.audit("appointment.mark", "appointment", appt.id, mark)
    back = str(form.get("next", ""))
    return ctx.redirect(back if back.startswith("/appointments") and "//" not in back else "/appointments")


@route("/appointments.csv", roles=("staff",))
async def export_appointments(ctx: Ctx) -> Response:
    """CSV (UTF-8 with BOM, for spreadsheet programs) of the selected period's appointments of the
    user's centers: reference, center, local start/end, status. No personal data. Audited."""
    center_ids = _selected_centers(ctx)
    if center_ids is None:
        return ctx.not_found()
    view, start, end = _period(ctx)
    items = await _appointments(ctx, center_ids, start, end)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["reference", "center_id", "center_name_fr", "start_local", "end_local", "status"])
    for a in items:
        name = a.center.name_fr if a.center else ""
        # neutralise spreadsheet formulas in text cells (CSV injection)
        if name[:1] in ("=", "+", "-", "@"):
            name = "'" + name
        writer.writerow([a.reference, a.center_id, name, to_local(a.start_utc).isoformat(timespec="minutes"),
                         to_local(a.end_utc).isoformat(timespec="minutes"), a.status])
    await ctx.audit("appointments.export", "center", ",".join(map(str, sorted(center_ids))),
                    f"{start.isoformat()}..{end.isoformat()} ({len(items)})")
    filename = f"appointments-{start.isoformat()}-{view}.csv"
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
