"""Center staff pages: the referral inbox, referral details (audited), appointments and their CSV export.

A staff account sees only the centers it is bound to (``console_user_centers``). Another center's
referral or appointment answers ``404`` (its existence is not disclosed). Every opening of a referral's
details, status change, attendance mark and export is written to the audit log. Times are shown in
Africa/Casablanca local time.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from starlette.responses import Response

from console.web import Ctx, route
from services import barometer
from services import referrals as referral_service
from services.db import utcnow
from services.models import Appointment, Center, Referral
from services.referrals import REFERRAL_TRANSITIONS, ReferralInfo

LOCAL_TZ = ZoneInfo("Africa/Casablanca")
REFERRAL_TABS: tuple[str, ...] = ("new", "accepted", "declined", "contacted", "closed")
# Allowed status changes, in the order the buttons are shown (lifecycle: services.referrals).
ACTION_ORDER: tuple[str, ...] = ("accepted", "contacted", "closed", "declined")


def next_statuses(status: str) -> list[str]:
    """The statuses a referral in ``status`` may move to (``services.referrals.REFERRAL_TRANSITIONS``)."""
    return [s for s in ACTION_ORDER if s in REFERRAL_TRANSITIONS.get(status, set())]


MARKS: tuple[str, ...] = ("attended", "no_show")
MAX_NOTE_CHARS = 1000


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
    """Referrals of the user's centers, one tab per status (``?status=new`` by default)."""
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
    return ctx.render("referrals.html", status=status, tabs=REFERRAL_TABS, counts=counts,
                      referrals=referrals, centers=centers, to_local=to_local)


async def _own_referral(ctx: Ctx, referral_id: str) -> ReferralInfo | None:
    """The referral if it belongs to one of the user's centers, else None (answered as 404)."""
    rid = _int(referral_id)
    referral = await referral_service.get_referral(ctx.db, rid) if rid is not None else None
    if referral is None or referral.center_id not in ctx.user.center_ids:
        return None
    return referral


def _shared(referral: ReferralInfo) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in referral.shared.items()]


@route("/referrals/{referral_id}", roles=("staff",))
async def referral_detail(ctx: Ctx, referral_id: str) -> Response:
    """What the citizen consented to share, and the status form. Audited (``referral.view``)."""
    referral = await _own_referral(ctx, referral_id)
    if referral is None:
        return ctx.not_found()
    await ctx.audit("referral.view", "referral", referral.id)
    center = await ctx.db.get(Center, referral.center_id)
    return ctx.render("referral.html", referral=referral, shared=_shared(referral), center=center,
                      next_statuses=next_statuses(referral.status), to_local=to_local)


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
        center = await ctx.db.get(Center, referral.center_id)
        return ctx.render("referral.html", status_code=400, referral=referral, shared=_shared(referral),
                          center=center, next_statuses=next_statuses(referral.status), to_local=to_local,
                          error=ctx.t("console-referral-bad-transition"))
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
    """Day (``?view=day&date=YYYY-MM-DD``) or week list of the user's centers' appointments."""
    center_ids = _selected_centers(ctx)
    if center_ids is None:
        return ctx.not_found()
    view, start, end = _period(ctx)
    items = await _appointments(ctx, center_ids, start, end)
    step = timedelta(days=7 if view == "week" else 1)
    return ctx.render("appointments.html", items=items, view=view, start=start, end=end - timedelta(days=1),
                      prev=(start - step).isoformat(), next=(start + step).isoformat(),
                      centers=await _centers(ctx), center=ctx.request.query_params.get("center", ""),
                      to_local=to_local, marks=MARKS)


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
