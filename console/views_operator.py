"""Hotline operator pages: the live escalation queue and the taken-over conversation.

Queue order: priority (0 = danger first), then waiting time (oldest first). Each row says why it is there
(:func:`reason_label`: the safety net's danger kinds, the NLU's danger, a journey's danger button, a request
for a person), the journey and region when known, how many of the person's messages wait for an answer, and
the first words of their latest message (decrypted for the operators' page only, never logged). The queue fragment is polled
by htmx every second (``/queue/rows``); a newly opened priority-0 escalation makes every open queue page
flash and beep (``static/console.js``), and so does a danger one coming back released. A conversation is
shown only to the operator who claimed it.

Claims and activity: loading or polling the conversation and replying record the claimant's activity
(``services.escalations.touch_claim``); without any for ``CLAIM_IDLE_SECONDS`` the claim goes back to the
queue (``bot.claims``), and so do all of an operator's claims when they log out. A released conversation is
marked in the queue (why, and whose it was) for the next operator; its former claimant's page says it left
them instead of showing it, and a reply sent after the release is refused (never delivered).
"""

from __future__ import annotations

import hashlib
import json
import logging

from sqlalchemy import select
from starlette.responses import Response

import locales
from console.delivery import send_to_person, whatsapp_window_closed
from console.web import Ctx, route
from dialogues.messages import SENDER_OPERATOR
from nlu.safety import DANGER_KINDS
from services import escalations
from services.db import utcnow
from services.escalations import EscalationInfo, MessageInfo
from services.models import Region

log = logging.getLogger("console.operator")

CANNED_KEYS: tuple[str, ...] = ("greeting", "safe-now", "listening", "searching-center", "hand-back", "goodbye")
OUTCOMES: tuple[str, ...] = ("referred", "info-given", "emergency-services", "no-response", "other")
MAX_REPLY_CHARS = 2000


def format_duration(seconds: int) -> str:
    """``h:mm:ss`` or ``m:ss`` (seconds → clock text; digits are ASCII, safe in RTL)."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


async def _region_names(ctx: Ctx) -> dict[int, str]:
    rows = (await ctx.db.execute(select(Region))).scalars().all()
    rtl = locales.is_rtl(ctx.variety)
    return {r.code: (r.name_ar if rtl else r.name_fr) for r in rows}


def _alert_key(esc: EscalationInfo) -> str:
    """The key the queue page's danger alert remembers: the id, plus the release time for a released one
    (so a danger conversation coming back to the queue alerts again)."""
    if esc.status == "open" and esc.released_at is not None and esc.release_reason in ("logout", "idle"):
        return f"{esc.id}.{int(esc.released_at.timestamp())}"
    return str(esc.id)


SNIPPET_CHARS = 80  # the first words of the person's latest message shown in the queue (operators only)
DANGER_REASON_PREFIXES = ("danger_keyword:", "danger:")


def reason_label(ctx: Ctx, reason: str) -> str:
    """Why an escalation is in the queue, in the console's language, from its machine ``reason``: the safety
    net's danger kinds (``danger_keyword:threat_to_life,weapon`` → "Danger: threat to life, weapon"), the
    NLU's danger, a journey's "I'm in danger" button, a request for a person; an unknown code as it is."""
    for prefix in DANGER_REASON_PREFIXES:
        if reason.startswith(prefix):
            kinds = [k for k in reason[len(prefix):].split(",") if k]
            names = [ctx.t(f"console-danger-kind-{k.replace('_', '-')}") if k in DANGER_KINDS else k for k in kinds]
            if names == ["nlu"]:
                return ctx.t("console-reason-danger-nlu")
            return ctx.t("console-reason-danger-kinds", kinds=", ".join(names))
    key = {"danger_nlu": "console-reason-danger-nlu", "danger_button": "console-reason-danger-button",
           "danger_keyword": "console-reason-danger", "user_request": "console-reason-user-request"}.get(reason)
    return ctx.t(key) if key else reason


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The first words of ``text`` on one line, at most ``limit`` characters (cut between words, "…" when
    cut)."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return cut.rstrip(" ,;:.") + "…"


async def _queue_rows(ctx: Ctx) -> list[dict]:
    """The queue's rows (priority, then waiting time), without the message snippets
    (:func:`_add_snippets`: read only when the fragment changed)."""
    now = utcnow()
    regions = await _region_names(ctx)
    rows = []
    open_escalations = await escalations.list_open(ctx.db)
    activity = await escalations.queue_activity(ctx.db, [e.id for e in open_escalations])
    for esc in open_escalations:
        released = esc.status == "open" and esc.release_reason is not None
        act = activity.get(esc.id)
        rows.append({
            "id": esc.id,
            "priority": esc.priority,
            "channel": esc.channel,
            "variety": esc.variety,
            "journey": esc.journey or "",
            "region": regions.get(esc.region_code, "") if esc.region_code is not None else "",
            "reason": esc.reason,
            "reason_label": reason_label(ctx, esc.reason),
            "danger": esc.danger,
            "waiting_messages": act.waiting if act else 0,
            "last_citizen_id": act.last_citizen_id if act else None,
            "snippet": "",
            "waiting": format_duration(int((now - esc.opened_at).total_seconds())),
            "waiting_seconds": int((now - esc.opened_at).total_seconds()),
            "status": esc.status,
            "mine": esc.status == "claimed" and esc.claimed_by == ctx.user.username,
            "claimed_by": esc.claimed_by if esc.status == "claimed" else None,
            "release_reason": esc.release_reason if released else None,
            "released_from": esc.released_from if released else None,
            "alert_key": _alert_key(esc),
        })
    return rows


def fingerprint(*parts: object) -> str:
    """A short digest of what a polled fragment shows (the poller sends it back as ``?fp=``; an unchanged
    fragment answers ``204`` and htmx leaves the page alone, so an idle queue costs one query, no render)."""
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:20]


def _queue_fp(ctx: Ctx, rows: list[dict]) -> str:
    return fingerprint(ctx.variety, [[r["id"], r["priority"], r["channel"], r["variety"], r["journey"], r["region"],
                                      r["status"], r["claimed_by"], r["release_reason"], r["released_from"],
                                      r["alert_key"], r["reason"], r["waiting_messages"], r["last_citizen_id"]]
                                     for r in rows])


def _may_read(row: dict) -> bool:
    """An operator reads the first words of a waiting conversation, or of one they hold — never of a
    conversation another operator holds (only its claimant sees it)."""
    return row["status"] == "open" or row["mine"]


async def _add_snippets(ctx: Ctx, rows: list[dict]) -> None:
    """The first words of each row's latest message from the person (:func:`_may_read`), decrypted for this
    page only (the queue is the operators'; never logged)."""
    wanted = [r["last_citizen_id"] for r in rows if r["last_citizen_id"] and _may_read(r)]
    texts = await escalations.message_texts(ctx.db, wanted)
    for r in rows:
        r["snippet"] = snippet(texts.get(r["last_citizen_id"], "")) if r["last_citizen_id"] in texts else ""


@route("/queue", roles=("operator",))
async def queue_page(ctx: Ctx) -> Response:
    """The live queue page (the table itself is loaded and refreshed by ``/queue/rows``)."""
    rows = await _queue_rows(ctx)
    fp = _queue_fp(ctx, rows)
    await _add_snippets(ctx, rows)
    return ctx.render("queue.html", rows=rows, fp=fp)


@route("/queue/rows", roles=("operator",))
async def queue_rows(ctx: Ctx) -> Response:
    """The queue table fragment (polled every second; ``204`` when unchanged since ``?fp=``: the fingerprint
    covers every row's reason, waiting messages and latest message id, so no text is read for an unchanged
    queue). Waiting times tick in the browser (``data-age``), so they need no re-render."""
    rows = await _queue_rows(ctx)
    fp = _queue_fp(ctx, rows)
    if ctx.request.query_params.get("fp") == fp:
        return Response(status_code=204)
    await _add_snippets(ctx, rows)
    return ctx.render("_queue_rows.html", rows=rows, fp=fp)


def _id(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


async def _own_escalation(ctx: Ctx, escalation_id: str,
                          touch: float | None = escalations.TOUCH_RESOLUTION_SECONDS) -> EscalationInfo | Response:
    """The escalation if the current operator holds it, recording their activity on it first (``touch``:
    the write resolution in seconds, ``0`` = always, None = no record); else a 404, or a 403 saying it left
    them (:func:`_left`)."""
    eid = _id(escalation_id)
    if eid is None:
        return ctx.not_found()
    if touch is not None:
        await escalations.touch_claim(ctx.db, eid, ctx.user.username, ctx.deps.clock(), touch)
    esc = await escalations.get_escalation(ctx.db, eid)
    if esc is None:
        return ctx.not_found()
    if esc.status != "claimed" or esc.claimed_by != ctx.user.username:
        return _left(ctx, esc)
    return esc


def _left_message(ctx: Ctx, esc: EscalationInfo) -> str | None:
    """What to tell the operator whose claim on ``esc`` went back to the queue without their hand-back
    (idle, or their logout in another tab), or None when it was never theirs or they handed it back."""
    if esc.status != "open" or esc.released_from != ctx.user.username:
        return None
    if esc.release_reason == "idle":
        return ctx.t("console-claim-left-idle", minutes=max(1, ctx.deps.claim_idle_seconds // 60))
    if esc.release_reason == "logout":
        return ctx.t("console-claim-left-logout")
    return None


def _left(ctx: Ctx, esc: EscalationInfo) -> Response:
    """``403``: the conversation is not (or no longer) the current operator's. Polled by htmx: the fragment
    says why and the ``286`` status stops the polling; otherwise the error page."""
    message = _left_message(ctx, esc) or ctx.t("console-error-forbidden")
    if ctx.request.headers.get("HX-Request") and ctx.request.method == "GET":
        return ctx.render("_left.html", status_code=286, message=message)
    return ctx.render("error.html", status_code=403, message=message)


async def _window_closed(ctx: Ctx, esc: EscalationInfo, messages: list[MessageInfo]) -> bool:
    """True when the conversation is on WhatsApp and its 24-hour customer-service window is closed
    (``console.delivery.whatsapp_window_closed``; the transcript gives the citizen's last message)."""
    last = max((m.created_at for m in messages if m.sender == "citizen"), default=None)
    return await whatsapp_window_closed(ctx, esc.channel, esc.conversation_key, last)


async def _conversation_context(ctx: Ctx, esc: EscalationInfo, error: str | None = None) -> dict:
    messages = await escalations.list_messages(ctx.db, esc.id)
    window_closed = await _window_closed(ctx, esc, messages)
    return {
        "fp": fingerprint(ctx.variety, [m.id for m in messages], window_closed, ctx.deps.channels is not None),
        "esc": esc,
        "messages": messages,
        "window_closed": window_closed,
        "can_send": ctx.deps.channels is not None,
        "canned": [(k, locales.t(esc.variety, f"console-canned-{k}")) for k in CANNED_KEYS],
        "outcomes": OUTCOMES,
        "error": error,
        "citizen_rtl": locales.is_rtl(esc.variety),
        "idle_minutes": max(1, ctx.deps.claim_idle_seconds // 60),
    }


@route("/escalations/{escalation_id}/claim", roles=("operator",), methods=("POST",))
async def claim(ctx: Ctx, escalation_id: str) -> Response:
    """Take an open escalation (atomic: the first operator wins); the bot goes silent in it."""
    eid = _id(escalation_id)
    if eid is None:
        return ctx.not_found()
    try:
        esc = await escalations.claim(ctx.db, eid, ctx.user.username, now=ctx.deps.clock())
    except escalations.EscalationNotFound:
        return ctx.not_found()
    except (escalations.AlreadyClaimed, escalations.NotActive):
        return ctx.render("error.html", status_code=409, message=ctx.t("console-queue-already-claimed"))
    await ctx.audit("escalation.claim", "escalation", eid)
    await ctx.db.commit()
    if ctx.deps.set_handoff is not None:
        await ctx.deps.set_handoff(esc.conversation_key, True)
    return ctx.redirect(f"/escalations/{eid}")


@route("/escalations/{escalation_id}", roles=("operator",))
async def conversation_page(ctx: Ctx, escalation_id: str) -> Response:
    """The taken-over conversation (only for the operator who claimed it)."""
    esc = await _own_escalation(ctx, escalation_id)
    if isinstance(esc, Response):
        return esc
    return ctx.render("conversation.html", **await _conversation_context(ctx, esc))


@route("/escalations/{escalation_id}/messages", roles=("operator",))
async def conversation_messages(ctx: Ctx, escalation_id: str) -> Response:
    """The messages fragment (polled every second: the citizen's new messages appear live)."""
    esc = await _own_escalation(ctx, escalation_id)
    if isinstance(esc, Response):  # htmx gets 286 (stop polling) with why the conversation left this operator
        return esc
    context = await _conversation_context(ctx, esc)
    if ctx.request.query_params.get("fp") == context["fp"]:
        return Response(status_code=204)  # nothing new: htmx keeps the page as it is
    return ctx.render("_messages.html", **context)


@route("/escalations/{escalation_id}/reply", roles=("operator",), methods=("POST",))
async def reply(ctx: Ctx, escalation_id: str) -> Response:
    """Send the operator's text (or a canned response, in the citizen's variety) through the citizen's
    own channel, then store it in the conversation. The claim is checked and its activity recorded in one
    conditional write first, so a reply racing the idle release either keeps the claim or is refused —
    never delivered to a person just told they are back in the queue."""
    esc = await _own_escalation(ctx, escalation_id, touch=0)
    if isinstance(esc, Response):
        if ctx.request.headers.get("HX-Request") and esc.status_code == 403:
            return ctx.redirect(f"/escalations/{_id(escalation_id)}")  # the full page says why it left them
        return esc
    form = await ctx.request.form()
    canned = str(form.get("canned", ""))
    if canned in CANNED_KEYS:
        text = locales.t(esc.variety, f"console-canned-{canned}")
    else:
        text = str(form.get("text", "")).strip()[:MAX_REPLY_CHARS]
    error = None
    messages = await escalations.list_messages(ctx.db, esc.id)
    if not text:
        error = ctx.t("console-reply-empty")
    elif await _window_closed(ctx, esc, messages):
        error = ctx.t("console-whatsapp-window-closed")
    else:
        error = await send_to_person(ctx, esc.conversation_key, text, SENDER_OPERATOR)
        if error is None:
            await escalations.add_message(ctx.db, esc.id, "operator", text)
            await ctx.audit("escalation.reply", "escalation", esc.id, canned or "text")
    context = await _conversation_context(ctx, esc, error=error)
    sent = {"X-Reply-Sent": "1"} if error is None else {}
    if ctx.request.headers.get("HX-Request"):  # the form is cleared only when X-Reply-Sent (console.js)
        return ctx.render("_messages.html", oob=True, headers=sent, **context)
    return ctx.render("conversation.html", status_code=200 if error is None else 400, headers=sent,
                      draft="" if error is None or canned else text, **context)


@route("/escalations/{escalation_id}/release", roles=("operator",), methods=("POST",))
async def release(ctx: Ctx, escalation_id: str) -> Response:
    """Hand the conversation back to the bot (the escalation returns to the queue as open)."""
    esc = await _own_escalation(ctx, escalation_id)
    if isinstance(esc, Response):
        return esc
    try:
        await escalations.release(ctx.db, esc.id, ctx.user.username, "hand_back", now=ctx.deps.clock())
    except escalations.NotActive:
        return ctx.forbidden()
    await ctx.audit("escalation.release", "escalation", esc.id)
    await ctx.db.commit()
    if ctx.deps.set_handoff is not None:
        await ctx.deps.set_handoff(esc.conversation_key, False)
    return ctx.redirect("/queue")


@route("/escalations/{escalation_id}/close", roles=("operator",), methods=("POST",))
async def close(ctx: Ctx, escalation_id: str) -> Response:
    """Close the escalation with an outcome; the bot answers again."""
    esc = await _own_escalation(ctx, escalation_id)
    if isinstance(esc, Response):
        return esc
    form = await ctx.request.form()
    outcome = str(form.get("outcome", ""))
    if outcome not in OUTCOMES:
        return ctx.render("conversation.html", status_code=400,
                          **await _conversation_context(ctx, esc, error=ctx.t("console-close-outcome-needed")))
    try:
        await escalations.close(ctx.db, esc.id, outcome, operator=ctx.user.username)
    except (escalations.NotActive, escalations.AlreadyClaimed):
        return ctx.forbidden()
    await ctx.audit("escalation.close", "escalation", esc.id, outcome)
    await ctx.db.commit()
    if ctx.deps.set_handoff is not None:
        await ctx.deps.set_handoff(esc.conversation_key, False)
    return ctx.redirect("/queue")
