"""Admin pages: centers (details, opening hours, booking settings, closures), accounts, CSV import of
centers through the CLI's validator, and the audit log.

Contact details keep the directory's rule: an address, phone or published hours can only be saved
together with its source (the database refuses the value otherwise; the form says so first).
"""

from __future__ import annotations

import re
from datetime import date, time

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.responses import Response

from console.models import ROLES, AuditEntry, ConsoleUser
from console.users import UserError, create_user, update_user
from console.web import Ctx, route
from services.models import CENTER_STATUSES, Center, CenterType, Closure, OpeningHours, Place

WEEKDAYS = range(7)
INTERVAL_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _int(value: object, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return default


def parse_intervals(text: str) -> list[tuple[time, time]]:
    """``"08:30-12:00, 14:00-16:30"`` → ``[(08:30, 12:00), (14:00, 16:30)]`` (local times). Raises
    ``ValueError`` on a malformed or empty/negative interval."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = INTERVAL_RE.match(part)
        if not m:
            raise ValueError(part)
        opens, closes = time(int(m[1]), int(m[2])), time(int(m[3]), int(m[4]))
        if opens >= closes:
            raise ValueError(part)
        out.append((opens, closes))
    return out


def format_intervals(rows: list[OpeningHours], weekday: int) -> str:
    """The opening intervals of ``weekday`` as ``"HH:MM-HH:MM, …"``."""
    return ", ".join(f"{r.opens:%H:%M}-{r.closes:%H:%M}" for r in rows if r.weekday == weekday)


# --- centers -----------------------------------------------------------------------------------------

async def _center_form_context(ctx: Ctx, center: Center | None) -> dict:
    types = list((await ctx.db.execute(select(CenterType).order_by(CenterType.code))).scalars())
    places = list((await ctx.db.execute(select(Place).order_by(Place.name_fr))).scalars())
    return {"center": center, "types": types, "places": places, "statuses": CENTER_STATUSES,
            "weekdays": WEEKDAYS, "format_intervals": format_intervals}


@route("/admin/centers", roles=("admin",))
async def centers_list(ctx: Ctx) -> Response:
    """Every center, by region then name."""
    centers = list((await ctx.db.execute(select(Center).order_by(Center.region_code, Center.name_fr))).scalars())
    return ctx.render("admin_centers.html", centers=centers)


def _apply_center_form(center: Center, form: FormData, places: dict[str, Place], types: set[str]) -> list[str]:
    """Copy the form into ``center``; returns error codes (``console-error-<code>``)."""
    errors = []
    type_code = str(form.get("type_code", ""))
    place = places.get(str(form.get("place_id", "")))
    if type_code not in types:
        errors.append("center-type")
    if place is None:
        errors.append("center-place")
    name_ar, name_fr = str(form.get("name_ar", "")).strip(), str(form.get("name_fr", "")).strip()
    if not name_ar or not name_fr:
        errors.append("center-name")
    status = str(form.get("status", "existing"))
    if status not in CENTER_STATUSES:
        errors.append("center-status")
    fields = {}
    for name in ("address", "phone", "hours"):
        value = str(form.get(name, "")).strip() or None
        source = str(form.get(f"{name}_source", "")).strip() or None
        if value and not source:
            errors.append("center-source-missing")
        fields[name], fields[f"{name}_source"] = value, source if value else None
    slot = _int(form.get("slot_minutes"), 0)
    capacity = _int(form.get("capacity_per_slot"), 0)
    lead = _int(form.get("min_lead_hours"), -1)
    if not (slot and 5 <= slot <= 480 and capacity and 1 <= capacity <= 100 and lead is not None and lead >= 0):
        errors.append("center-booking")
    if errors:
        return sorted(set(errors))
    center.type_code, center.name_ar, center.name_fr = type_code, name_ar[:300], name_fr[:300]
    if center.place_id != place.id or center.latitude is None:
        center.latitude, center.longitude = place.latitude, place.longitude
        center.coordinates_precision = "place_centroid"
    center.place_id, center.region_code, center.status = place.id, place.region_code, status
    for key, value in fields.items():
        setattr(center, key, value)
    center.slot_minutes, center.capacity_per_slot, center.min_lead_hours = slot, capacity, lead
    return []


def _apply_hours(center: Center, form: FormData) -> list[str]:
    rows = []
    for wd in WEEKDAYS:
        try:
            rows += [OpeningHours(weekday=wd, opens=o, closes=c)
                     for o, c in parse_intervals(str(form.get(f"hours_{wd}", "")))]
        except ValueError:
            return ["center-hours"]
    def key(items):
        return sorted((r.weekday, r.opens, r.closes) for r in items)

    if key(rows) != key(center.opening_hours or []):
        center.opening_hours = rows
        center.demo_hours = False  # hours typed by an admin are real (development demo hours are not)
    bookable = form.get("bookable") == "on"
    if bookable and not rows:
        return ["center-bookable-needs-hours"]
    center.bookable = bookable
    return []


async def _save_center(ctx: Ctx, center: Center, creating: bool) -> Response:
    form = await ctx.request.form()
    center_id = None if creating else center.id
    places = {p.id: p for p in (await ctx.db.execute(select(Place))).scalars()}
    types = set((await ctx.db.execute(select(CenterType.code))).scalars())
    errors = _apply_center_form(center, form, places, types) or _apply_hours(center, form)
    if errors:
        await ctx.db.rollback()
        if not creating:
            center = await ctx.db.get(Center, center_id, populate_existing=True)
        context = await _center_form_context(ctx, None if creating else center)
        return ctx.render("admin_center.html", status_code=400, form=form,
                          errors=[ctx.t(f"console-error-{e}") for e in errors], **context)
    if creating:
        ctx.db.add(center)
    await ctx.db.flush()
    await ctx.audit("center.create" if creating else "center.update", "center", center.id)
    return ctx.redirect(f"/admin/centers/{center.id}")


@route("/admin/centers/new", roles=("admin",))
async def center_new(ctx: Ctx) -> Response:
    """Empty center form."""
    return ctx.render("admin_center.html", form=None, errors=[], **await _center_form_context(ctx, None))


@route("/admin/centers/new", roles=("admin",), methods=("POST",), name="center_create")
async def center_create(ctx: Ctx) -> Response:
    """Create a center from the form."""
    return await _save_center(ctx, Center(opening_hours=[], closures=[]), creating=True)


@route("/admin/centers/{center_id}", roles=("admin",))
async def center_edit(ctx: Ctx, center_id: str) -> Response:
    """A center's form, opening hours and closures."""
    cid = _int(center_id)
    center = await ctx.db.get(Center, cid) if cid is not None else None
    if center is None:
        return ctx.not_found()
    return ctx.render("admin_center.html", form=None, errors=[], **await _center_form_context(ctx, center))


@route("/admin/centers/{center_id}", roles=("admin",), methods=("POST",), name="center_update")
async def center_update(ctx: Ctx, center_id: str) -> Response:
    """Save a center's form."""
    cid = _int(center_id)
    center = await ctx.db.get(Center, cid) if cid is not None else None
    if center is None:
        return ctx.not_found()
    return await _save_center(ctx, center, creating=False)


@route("/admin/centers/{center_id}/closures", roles=("admin",), methods=("POST",))
async def closure_add(ctx: Ctx, center_id: str) -> Response:
    """Add a closure (``start_date``..``end_date`` inclusive, local dates, with a reason)."""
    cid = _int(center_id)
    center = await ctx.db.get(Center, cid) if cid is not None else None
    if center is None:
        return ctx.not_found()
    form = await ctx.request.form()
    try:
        start = date.fromisoformat(str(form.get("start_date", "")))
        end = date.fromisoformat(str(form.get("end_date", "")) or start.isoformat())
    except ValueError:
        start = end = None
    if start is None or end is None or end < start:
        context = await _center_form_context(ctx, center)
        return ctx.render("admin_center.html", status_code=400, form=None,
                          errors=[ctx.t("console-error-closure-dates")], **context)
    center.closures.append(Closure(start_date=start, end_date=end,
                                   reason=str(form.get("reason", "")).strip()[:300] or None))
    await ctx.audit("center.closure.add", "center", center.id, f"{start}..{end}")
    return ctx.redirect(f"/admin/centers/{center.id}")


@route("/admin/centers/{center_id}/closures/{closure_id}/delete", roles=("admin",), methods=("POST",))
async def closure_delete(ctx: Ctx, center_id: str, closure_id: str) -> Response:
    """Remove a closure."""
    cid, xid = _int(center_id), _int(closure_id)
    closure = await ctx.db.get(Closure, xid) if xid is not None else None
    if closure is None or closure.center_id != cid:
        return ctx.not_found()
    await ctx.db.delete(closure)
    await ctx.audit("center.closure.delete", "center", cid, f"{closure.start_date}..{closure.end_date}")
    return ctx.redirect(f"/admin/centers/{cid}")


# --- accounts ----------------------------------------------------------------------------------------

async def _all_centers(ctx: Ctx) -> list[Center]:
    return list((await ctx.db.execute(select(Center).order_by(Center.name_fr))).scalars())


def _center_ids(form: FormData) -> list[int]:
    return [i for i in (_int(v) for v in form.getlist("center_ids")) if i is not None]


@route("/admin/users", roles=("admin",))
async def users_list(ctx: Ctx) -> Response:
    """Every account with its role and centers."""
    users = list((await ctx.db.execute(select(ConsoleUser).order_by(ConsoleUser.username))).scalars())
    centers = {c.id: c for c in await _all_centers(ctx)}
    return ctx.render("admin_users.html", users=users, centers=centers)


@route("/admin/users/new", roles=("admin",))
async def user_new(ctx: Ctx) -> Response:
    """Empty account form."""
    return ctx.render("admin_user.html", account=None, roles=ROLES, centers=await _all_centers(ctx), errors=[])


@route("/admin/users/new", roles=("admin",), methods=("POST",), name="user_create")
async def user_create(ctx: Ctx) -> Response:
    """Create an account (password at least 10 characters; staff bound to at least one center)."""
    form = await ctx.request.form()
    try:
        account = await create_user(ctx.db, str(form.get("username", "")), str(form.get("password", "")),
                                    str(form.get("role", "")), _center_ids(form),
                                    display_name=str(form.get("display_name", "")))
    except UserError as exc:
        return ctx.render("admin_user.html", status_code=400, account=None, roles=ROLES, form=form,
                          centers=await _all_centers(ctx), errors=[ctx.t(f"console-error-{exc.code}")])
    await ctx.audit("user.create", "user", account.id, account.role)
    return ctx.redirect("/admin/users")


@route("/admin/users/{user_id}", roles=("admin",))
async def user_edit(ctx: Ctx, user_id: str) -> Response:
    """An account's form."""
    uid = _int(user_id)
    account = await ctx.db.get(ConsoleUser, uid) if uid is not None else None
    if account is None:
        return ctx.not_found()
    return ctx.render("admin_user.html", account=account, roles=ROLES, centers=await _all_centers(ctx), errors=[])


@route("/admin/users/{user_id}", roles=("admin",), methods=("POST",), name="user_update")
async def user_update(ctx: Ctx, user_id: str) -> Response:
    """Change role, centers, active flag, display name or password (ends the account's sessions).
    An admin cannot demote or deactivate their own account (no lock-out)."""
    uid = _int(user_id)
    account = await ctx.db.get(ConsoleUser, uid) if uid is not None else None
    if account is None:
        return ctx.not_found()
    form = await ctx.request.form()
    role = str(form.get("role", ""))
    active = form.get("is_active") == "on"
    errors = []
    if account.id == ctx.user.id and (role != "admin" or not active):
        errors = [ctx.t("console-error-self-lockout")]
    else:
        try:
            await update_user(ctx.db, account, role, _center_ids(form), active,
                              password=str(form.get("password", "")) or None,
                              display_name=str(form.get("display_name", "")))
        except UserError as exc:
            errors = [ctx.t(f"console-error-{exc.code}")]
    if errors:
        await ctx.db.rollback()
        account = await ctx.db.get(ConsoleUser, uid, populate_existing=True)
        return ctx.render("admin_user.html", status_code=400, account=account, roles=ROLES,
                          centers=await _all_centers(ctx), errors=errors)
    await ctx.audit("user.update", "user", account.id, f"{role} active={active}")
    return ctx.redirect("/admin/users")


# --- audit log ---------------------------------------------------------------------------------------

@route("/admin/audit", roles=("admin",))
async def audit_log(ctx: Ctx) -> Response:
    """The latest 500 audit entries (optionally ``?object_type=referral&object_id=12``)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)
    otype, oid = ctx.request.query_params.get("object_type"), ctx.request.query_params.get("object_id")
    if otype:
        query = query.where(AuditEntry.object_type == otype)
    if oid:
        query = query.where(AuditEntry.object_id == oid)
    entries = list((await ctx.db.execute(query)).scalars())
    return ctx.render("admin_audit.html", entries=entries)


# --- CSV import --------------------------------------------------------------------------------------

@route("/admin/import", roles=("admin",))
async def import_form(ctx: Ctx) -> Response:
    """The CSV upload form (format: ``services/centers_csv.py``, same as ``jisr centers import``)."""
    return ctx.render("admin_import.html", errors=[], report=None, applied=False)


@route("/admin/import", roles=("admin",), methods=("POST",), name="import_submit")
async def import_submit(ctx: Ctx) -> Response:
    """Validate (``action=check``, a dry run) or import (``action=apply``) the uploaded CSV with
    ``services.centers_csv.import_centers``: all or nothing, every error listed with its line."""
    from services.centers_csv import CsvImportError, import_centers

    form = await ctx.request.form()
    upload = form.get("file")
    raw = await upload.read(MAX_IMPORT_BYTES + 1) if hasattr(upload, "read") else b""
    if len(raw) > MAX_IMPORT_BYTES:
        return ctx.render("admin_import.html", status_code=400, errors=[(None, None, ctx.t("console-import-too-big"))],
                          report=None, applied=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ctx.render("admin_import.html", status_code=400, errors=[(None, None, "UTF-8")], report=None,
                          applied=False)
    apply = form.get("action") == "apply"
    try:
        report = await import_centers(ctx.db, text, dry_run=not apply)
    except CsvImportError as exc:
        errors = [(e.line, e.column, e.message) for e in exc.errors]
        return ctx.render("admin_import.html", status_code=400, errors=errors, report=None, applied=False)
    if apply:
        await ctx.audit("centers.import", "center", "*", f"created={report.created} updated={report.updated}")
    return ctx.render("admin_import.html", errors=[], report=report, applied=apply)
