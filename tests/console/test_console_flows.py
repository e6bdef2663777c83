"""The console's behaviour over HTTP (the Starlette sub-app on a real database, SQLite and PostgreSQL):
login, throttling, expiry and logout; staff referral handling, attendance, CSV export and the audit log;
admin centers, closures, accounts and CSV import with the CLI's validator; operator closing; escaping."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from console_support import PASSWORD, console_app, csrf_of, login, session_cookie
from sqlalchemy import select, update


def client_for(world, token: str | None = None, **kw) -> httpx.AsyncClient:
    cookies = {"jisr_console": token} if token else None
    return httpx.AsyncClient(transport=httpx.ASGITransport(console_app(world, **kw)), base_url="http://testserver",
                             cookies=cookies)


def plain(html: str) -> str:
    """``html`` without Fluent's bidi isolation marks (FSI/PDI around placeables)."""
    return html.replace("\u2068", "").replace("\u2069", "")


async def audit(world, action: str):
    from console.models import AuditEntry

    async with world.sessions() as db:
        return (await db.execute(select(AuditEntry).where(AuditEntry.action == action)
                                 .order_by(AuditEntry.id))).scalars().all()


async def test_login_logout_cookie_flags_and_argon2(world):
    from console.models import ConsoleSession, ConsoleUser

    async with client_for(world) as client:
        r = await login(client, "staffa")
        assert r.status_code == 303 and r.headers["location"] == "/console/referrals"
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("jisr_console=")).lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/console" in cookie
        assert (await client.get("/console/referrals")).status_code == 200
        page = await client.get("/console/referrals")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
        token = client.cookies["jisr_console"]
        r = await client.post("/console/logout", data={"csrf_token": csrf})
        assert r.status_code == 303
    async with world.sessions() as db:
        assert (await db.execute(select(ConsoleSession))).scalars().all() == []
        user = await db.get(ConsoleUser, world.users["staffa"])
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    async with client_for(world, token) as client:  # the old cookie no longer opens anything
        r = await client.get("/console/referrals")
        assert r.status_code == 303 and r.headers["location"] == "/console/login"


async def test_login_refuses_missing_token_wrong_password_and_throttles(world):
    async with client_for(world) as client:
        r = await client.post("/console/login", data={"username": "op1", "password": PASSWORD})
        assert r.status_code == 403
        for _ in range(5):
            r = await login(client, "op1", "wrong password!")
            assert r.status_code == 401 and "jisr_console=" not in r.headers.get("set-cookie", "").split("_login")[0]
        r = await login(client, "op1")  # right password, but throttled
        assert r.status_code == 429
    # another account from the same address still logs in (5 failures < 20 per address)
    async with client_for(world) as client:
        r = await login(client, "op2")
        assert r.status_code == 303


async def test_operator_logout_returns_their_conversations_to_the_queue(world):
    from services import escalations

    token = await session_cookie(world, "op1")
    async with client_for(world, token) as client:
        r = await client.post("/console/logout", data={"csrf_token": await csrf_of(world, token)})
        assert r.status_code == 303
    async with world.sessions() as db:
        esc = await escalations.get_escalation(db, world.escalation_mine)
    assert esc.status == "open" and esc.claimed_by is None
    assert [a.detail for a in await audit(world, "escalation.release")] == ["logout"]


async def test_session_idle_and_absolute_expiry(world):
    from console.models import ConsoleSession
    from console.security import SESSION_IDLE_SECONDS, token_digest

    token = await session_cookie(world, "op1")
    async with client_for(world, token) as client:
        assert (await client.get("/console/queue")).status_code == 200
        async with world.sessions() as db:
            await db.execute(update(ConsoleSession).where(ConsoleSession.id == token_digest(token)).values(
                last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=SESSION_IDLE_SECONDS + 5)))
            await db.commit()
        r = await client.get("/console/queue")
        assert r.status_code == 303
    token = await session_cookie(world, "op1")
    async with world.sessions() as db:
        await db.execute(update(ConsoleSession).where(ConsoleSession.id == token_digest(token)).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        await db.commit()
    async with client_for(world, token) as client:
        assert (await client.get("/console/queue")).status_code == 303


async def test_staff_accepts_with_note_marks_attendance_exports_csv_and_is_audited(world):
    token = await session_cookie(world, "staffa")
    csrf = await csrf_of(world, token)
    async with client_for(world, token) as client:
        detail = await client.get(f"/console/referrals/{world.referral_a}")
        assert "Fatima" in detail.text and "0600000000" in detail.text
        r = await client.post(f"/console/referrals/{world.referral_a}/status",
                              data={"csrf_token": csrf, "status": "declined", "note": "Hors zone <b>x</b>"})
        assert r.status_code == 303
        detail = await client.get(f"/console/referrals/{world.referral_a}")
        assert "Hors zone &lt;b&gt;x&lt;/b&gt;" in detail.text  # staff notes are escaped too
        r = await client.post(f"/console/referrals/{world.referral_a}/status",
                              data={"csrf_token": csrf, "status": "accepted"})
        assert r.status_code == 400  # declined → accepted is not in the lifecycle
        day = world.appointment_day
        page = await client.get(f"/console/appointments?view=week&date={day.isoformat()}")
        assert f'data-appointment-id="{world.appointment_a}"' in page.text
        assert f'data-appointment-id="{world.appointment_b}"' not in page.text
        r = await client.post(f"/console/appointments/{world.appointment_a}/mark",
                              data={"csrf_token": csrf, "mark": "no_show", "next": "/appointments"})
        assert r.status_code == 303
        from services.models import Appointment

        async with world.sessions() as db:  # a future appointment cannot be marked yet
            db.add(Appointment(reference="FUTURE1", center_id=world.center_a, person_key="p",
                               start_utc=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
                               end_utc=dt.datetime.now(dt.UTC) + dt.timedelta(days=2, minutes=30)))
            await db.commit()
            future = (await db.execute(select(Appointment.id).where(Appointment.reference == "FUTURE1"))).scalar()
        r = await client.post(f"/console/appointments/{future}/mark", data={"csrf_token": csrf, "mark": "attended"})
        assert r.status_code == 400
        csv_text = (await client.get(f"/console/appointments.csv?view=day&date={day.isoformat()}")).text
        lines = csv_text.lstrip("\ufeff").strip().splitlines()
        assert lines[0] == "reference,center_id,center_name_fr,start_local,end_local,status"
        assert len(lines) == 2 and lines[1].startswith(f"REF{world.center_a},{world.center_a},Espace A,")
        assert lines[1].endswith(",no_show") and "person-" not in csv_text
    views = await audit(world, "referral.view")
    assert [(v.username, v.object_type, v.object_id) for v in views] == [("staffa", "referral", str(world.referral_a))] * 2
    assert views[0].at.tzinfo is not None
    assert [a.detail for a in await audit(world, "referral.status")] == ["new->declined"]
    assert [a.detail for a in await audit(world, "appointment.mark")] == ["no_show"]
    assert len(await audit(world, "appointments.export")) == 1


async def test_admin_centers_closures_users_and_audit(world):
    from console.models import ConsoleUser
    from services.models import Center

    token = await session_cookie(world, "admin1")
    csrf = await csrf_of(world, token)
    async with client_for(world, token) as client:
        form = {"csrf_token": csrf, "name_ar": "مركز جديد", "name_fr": "Nouveau centre", "type_code": "EMF",
                "place_id": "rabat", "status": "existing", "phone": "0537000000", "phone_source": "",
                "slot_minutes": "30", "capacity_per_slot": "2", "min_lead_hours": "24",
                "hours_0": "08:30-12:00, 14:00-16:30", "bookable": "on"}
        r = await client.post("/console/admin/centers/new", data=form)
        assert r.status_code == 400 and "source" in r.text  # a phone without its source is refused
        r = await client.post("/console/admin/centers/new", data={**form, "phone_source": "Appel du 2026-11-20"})
        assert r.status_code == 303
        new_id = int(r.headers["location"].rsplit("/", 1)[1])
        r = await client.post(f"/console/admin/centers/{new_id}/closures",
                              data={"csrf_token": csrf, "start_date": "2026-12-31", "end_date": "2026-12-30"})
        assert r.status_code == 400
        r = await client.post(f"/console/admin/centers/{new_id}/closures",
                              data={"csrf_token": csrf, "start_date": "2027-01-01", "reason": "Nouvel an"})
        assert r.status_code == 303
        page = await client.get(f"/console/admin/centers/{new_id}")
        assert "08:30-12:00, 14:00-16:30" in page.text and "Nouvel an" in page.text
        r = await client.post("/console/admin/users/new", data={"csrf_token": csrf, "username": "staffc",
                                                                "role": "staff", "password": "short"})
        assert r.status_code == 400
        r = await client.post("/console/admin/users/new", data={"csrf_token": csrf, "username": "staffc",
                                                                "role": "staff", "password": "long enough pw",
                                                                "center_ids": str(new_id)})
        assert r.status_code == 303
        r = await client.post(f"/console/admin/users/{world.users['admin1']}",
                              data={"csrf_token": csrf, "role": "operator", "is_active": "on"})
        assert r.status_code == 400  # no self-demotion
        audit_page = await client.get("/console/admin/audit")
        assert "center.create" in audit_page.text and "user.create" in audit_page.text
    async with world.sessions() as db:
        center = await db.get(Center, new_id)
        assert center.bookable and center.capacity_per_slot == 2 and center.region_code == 4
        assert [(o.weekday, o.opens, o.closes) for o in center.opening_hours] == [
            (0, dt.time(8, 30), dt.time(12, 0)), (0, dt.time(14, 0), dt.time(16, 30))]
        assert [(c.start_date, c.end_date) for c in center.closures] == [(dt.date(2027, 1, 1), dt.date(2027, 1, 1))]
        staffc = (await db.execute(select(ConsoleUser).where(ConsoleUser.username == "staffc"))).scalar_one()
        assert staffc.center_ids == {new_id}


async def test_admin_csv_import_uses_the_cli_validation(world):
    from services.centers_csv import export_centers
    from services.models import Center

    async with world.sessions() as db:
        exported = await export_centers(db)
    columns = exported.splitlines()[0].split(",")

    def csv_text(**row) -> str:
        import csv
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerow({c: row.get(c, "") for c in columns})
        return out.getvalue()

    token = await session_cookie(world, "admin1")
    csrf = await csrf_of(world, token)
    bad = csv_text(type="EMF", name_ar="مركز", name_fr="Centre X", place_id="nowhere", status="existing")
    good = csv_text(type="EMF", name_ar="مركز س", name_fr="Centre X", place_id="casablanca", region_code="6",
                    status="existing", bookable="no", slot_minutes="30", capacity_per_slot="1",
                    min_lead_hours="24", source_document="admin-test")
    async with client_for(world, token) as client:
        r = await client.post("/console/admin/import", data={"csrf_token": csrf, "action": "apply"},
                              files={"file": ("c.csv", bad.encode(), "text/csv")})
        assert r.status_code == 400 and "Ligne 2" in plain(r.text) and "unknown place" in r.text
        r = await client.post("/console/admin/import", data={"csrf_token": csrf, "action": "check"},
                              files={"file": ("c.csv", good.encode(), "text/csv")})
        assert r.status_code == 200 and "1 ligne(s) valide(s)" in plain(r.text)
        async with world.sessions() as db:
            assert (await db.execute(select(Center).where(Center.name_fr == "Centre X"))).first() is None
        r = await client.post("/console/admin/import", data={"csrf_token": csrf, "action": "apply"},
                              files={"file": ("c.csv", good.encode(), "text/csv")})
        assert r.status_code == 200 and "1 créé(s)" in plain(r.text)
    async with world.sessions() as db:
        assert (await db.execute(select(Center).where(Center.name_fr == "Centre X"))).scalar_one().place_id == "casablanca"
    assert len(await audit(world, "centers.import")) == 1


async def test_operator_closes_with_outcome_and_messages_are_escaped(world):
    from services import escalations

    async with world.sessions() as db:
        await escalations.add_message(db, world.escalation_mine, "citizen", '<script>alert("x")</script>')
    token = await session_cookie(world, "op1")
    csrf = await csrf_of(world, token)
    async with client_for(world, token) as client:
        page = await client.get(f"/console/escalations/{world.escalation_mine}")
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text and "<script>alert" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        r = await client.post(f"/console/escalations/{world.escalation_mine}/reply",
                              data={"csrf_token": csrf, "text": "salam"})
        assert r.status_code == 400  # no channel registry in this app: said, not pretended
        r = await client.post(f"/console/escalations/{world.escalation_mine}/close", data={"csrf_token": csrf})
        assert r.status_code == 400
        r = await client.post(f"/console/escalations/{world.escalation_mine}/close",
                              data={"csrf_token": csrf, "outcome": "referred"})
        assert r.status_code == 303
        rows = await client.get("/console/queue/rows")
        assert f'data-escalation-id="{world.escalation_mine}"' not in rows.text
    async with world.sessions() as db:
        esc = await escalations.get_escalation(db, world.escalation_mine)
        assert esc.status == "closed" and esc.outcome == "referred"


async def test_whatsapp_window_is_announced(world):
    from services import escalations
    from services.models import EscalationMessage

    async with world.sessions() as db:
        esc = await escalations.open_escalation(db, "conv-wa", "whatsapp", "ar", None, 6, 1, "user_request")
        await escalations.claim(db, esc.id, "op1")
        db.add(EscalationMessage(escalation_id=esc.id, sender="citizen", text="مرحبا",
                                 created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)))
        await db.commit()
    token = await session_cookie(world, "op1")
    async with client_for(world, token) as client:
        page = await client.get(f"/console/escalations/{esc.id}")
        assert "24 h" in page.text


def test_users_cli_and_demo_accounts(tmp_path, monkeypatch):
    import asyncio

    from typer.testing import CliRunner

    from bot.cli import _register_all, app
    from console.db import upgrade
    from console.demo import DEMO_PASSWORD, ensure_demo_accounts
    from services.db import create_engine, session_factory

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    _register_all()
    runner = CliRunner()
    result = runner.invoke(app, ["users", "create", "Hotline1", "--role", "operator", "--password-stdin",
                                 "--database-url", url], input="a good long password\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["users", "create", "x", "--role", "operator", "--password-stdin",
                                 "--database-url", url], input="a good long password\n")
    assert result.exit_code == 2 and "username" in result.output
    result = runner.invoke(app, ["users", "create", "s1", "--role", "staff", "--password-stdin",
                                 "--database-url", url], input="a good long password\n")
    assert result.exit_code == 2 and "staff-needs-center" in result.output
    result = runner.invoke(app, ["users", "list", "--database-url", url])
    assert "hotline1\toperator\tactive" in result.output

    async def demo():
        await upgrade(url)
        engine = create_engine(url)
        try:
            with pytest.raises(RuntimeError):
                await ensure_demo_accounts(session_factory(engine), production=True)
            lines = await ensure_demo_accounts(session_factory(engine), production=False)
            again = await ensure_demo_accounts(session_factory(engine), production=False)
            return lines, again
        finally:
            await engine.dispose()

    lines, again = asyncio.run(demo())
    assert any("operator" in ln and DEMO_PASSWORD in ln for ln in lines)
    assert any("analyst" in ln and DEMO_PASSWORD in ln for ln in lines)  # the barometer's reader
    assert any("staff: not created" in ln for ln in lines)  # no center in this empty database
    assert len(again) == len(lines)


async def test_polled_fragments_answer_204_when_nothing_changed(world):
    from services import escalations

    token = await session_cookie(world, "op1")
    async with client_for(world, token) as client:
        first = await client.get("/console/queue/rows", headers={"HX-Request": "true"})
        fp = re.search(r'id="queue-fp" name="fp" value="([0-9a-f]+)"', first.text)[1]
        assert (await client.get("/console/queue/rows", params={"fp": fp})).status_code == 204
        async with world.sessions() as db:  # a new escalation changes the fragment
            await escalations.open_escalation(db, "conv-new", "rest", "fr", None, None, 0, "danger_keyword")
        assert (await client.get("/console/queue/rows", params={"fp": fp})).status_code == 200
        url = f"/console/escalations/{world.escalation_mine}/messages"
        page = await client.get(url)
        fp = re.search(r'id="messages-fp" name="fp" value="([0-9a-f]+)"', page.text)[1]
        assert (await client.get(url, params={"fp": fp})).status_code == 204
        async with world.sessions() as db:
            await escalations.add_message(db, world.escalation_mine, "citizen", "wach kayn chi 7ad?")
        again = await client.get(url, params={"fp": fp})
        assert again.status_code == 200 and "wach kayn chi 7ad?" in again.text


async def test_referral_page_shows_the_kind_by_its_label_not_its_code(world):
    from services import referrals

    async with world.sessions() as db:
        ref = await referrals.create_referral(db, world.center_a, "conv-kind", "violence",
                                              {"place": "Casablanca", "kind": "partner"}, "consent-referral")
    token = await session_cookie(world, "staffa")
    async with client_for(world, token) as client:
        detail = await client.get(f"/console/referrals/{ref.id}")
    assert detail.status_code == 200
    assert "Violence conjugale (mari, conjoint)" in detail.text
    assert ">partner<" not in detail.text
