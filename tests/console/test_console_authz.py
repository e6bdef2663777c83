"""Authorisation matrix: every console route (``console.web.ROUTES``) × every role (anonymous, operator,
staff, admin, analyst). Allowed roles reach the endpoint; other roles get 403; anonymous users are sent to the
login page. A route added without a matrix expectation fails ``test_every_route_is_covered``."""

from __future__ import annotations

import httpx
from console_support import console_app, csrf_of, session_cookie

from console.app import create_console_app  # noqa: F401  (registers every route)
from console.web import ROUTES

ROLES = {"operator": "op1", "staff": "staffa", "admin": "admin1", "analyst": "analyst1"}


def concrete(path: str, world) -> str:
    """``path`` with its parameters replaced by ids of objects the allowed role may use."""
    return "/console" + (path.replace("{escalation_id}", str(world.escalation_mine))
                         .replace("{referral_id}", str(world.referral_a))
                         .replace("{appointment_id}", str(world.appointment_a))
                         .replace("{center_id}", str(world.center_a))
                         .replace("{closure_id}", str(world.closure_a))
                         .replace("{user_id}", str(world.users["staffb"])))


async def fresh_claimed(world) -> int:
    """A new escalation claimed by op1 (its own conversation key)."""
    import secrets

    from services import escalations

    async with world.sessions() as db:
        esc = await escalations.open_escalation(db, f"conv-{secrets.token_hex(4)}", "rest", "ary", None, 6, 2,
                                                "user_request")
        await escalations.claim(db, esc.id, "op1")
        return esc.id


def test_every_route_is_covered():
    """Every route declares its roles, and every path parameter is one the matrix knows."""
    known = {"escalation_id", "referral_id", "appointment_id", "center_id", "closure_id", "user_id"}
    import re

    assert len(ROUTES) >= 30
    for spec in ROUTES:
        assert set(re.findall(r"{(\w+)}", spec.path)) <= known, spec.path
        assert set(spec.roles) <= {"admin", "operator", "staff", "analyst"}
        if spec.path not in ("/login",):
            assert spec.roles, f"{spec.path} is public"


async def test_matrix(world):
    app = console_app(world)
    transport = httpx.ASGITransport(app)
    checked = 0
    for spec in ROUTES:
        for method in spec.methods:
            url = concrete(spec.path, world)
            # anonymous
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anon:
                r = await anon.request(method, url, data={} if method == "POST" else None)
            if not spec.roles:
                assert r.status_code in (200, 403), (method, url, r.status_code)  # login: 403 = no token
            else:
                assert r.status_code == 303 and r.headers["location"] == "/console/login", (method, url)
            for role, username in ROLES.items():
                if "{escalation_id}" in spec.path:  # a fresh conversation held by op1 for each request
                    world.escalation_mine = await fresh_claimed(world)
                    url = concrete(spec.path, world)
                token = await session_cookie(world, username)
                async with httpx.AsyncClient(transport=transport, base_url="http://testserver",
                                             cookies={"jisr_console": token}) as client:
                    data = {"csrf_token": await csrf_of(world, token)} if method == "POST" else None
                    r = await client.request(method, url, data=data)
                if not spec.roles:  # the login form: without its own token, refused alike for everyone
                    assert r.status_code in (200, 403), (role, method, url, r.status_code)
                elif role in spec.roles:
                    assert r.status_code not in (401, 403, 404), (role, method, url, r.status_code, r.text[:300])
                    if spec.name == "logout":
                        assert 'jisr_console=""' in r.headers["set-cookie"]
                    else:
                        assert r.headers.get("location") != "/console/login", (role, method, url)
                else:
                    assert r.status_code == 403, (role, method, url, r.status_code)
                checked += 1
    assert checked == len(ROLES) * sum(len(s.methods) for s in ROUTES)


async def test_post_without_csrf_token_is_refused(world):
    app = console_app(world)
    token = await session_cookie(world, "op1")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        r = await client.post(f"/console/escalations/{world.escalation_open}/claim", data={})
        assert r.status_code == 403
        r = await client.post(f"/console/escalations/{world.escalation_open}/claim",
                              data={"csrf_token": "forged"})
        assert r.status_code == 403
        r = await client.post(f"/console/escalations/{world.escalation_open}/claim",
                              data={"csrf_token": await csrf_of(world, token)},
                              headers={"Origin": "http://evil.example"})
        assert r.status_code == 403
        # nothing happened: the escalation is still open
        from services import escalations

        async with world.sessions() as db:
            assert (await escalations.get_escalation(db, world.escalation_open)).status == "open"


async def test_staff_sees_only_their_centers(world):
    app = console_app(world)
    token = await session_cookie(world, "staffb")
    csrf = await csrf_of(world, token)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        inbox = await client.get("/console/referrals?status=new")
        assert f'data-referral-id="{world.referral_b}"' in inbox.text
        assert f'data-referral-id="{world.referral_a}"' not in inbox.text
        assert (await client.get(f"/console/referrals/{world.referral_a}")).status_code == 404
        r = await client.post(f"/console/referrals/{world.referral_a}/status",
                              data={"csrf_token": csrf, "status": "accepted"})
        assert r.status_code == 404
        r = await client.post(f"/console/appointments/{world.appointment_a}/mark",
                              data={"csrf_token": csrf, "mark": "attended"})
        assert r.status_code == 404
        assert (await client.get(f"/console/appointments?center={world.center_a}")).status_code == 404
        assert (await client.get(f"/console/appointments.csv?center={world.center_a}")).status_code == 404
        csv = await client.get("/console/appointments.csv")
        assert f"REF{world.center_b}" in csv.text and f"REF{world.center_a}" not in csv.text
        own = await client.get(f"/console/referrals/{world.referral_b}")
        assert own.status_code == 200 and "Khadija" in own.text
    from sqlalchemy import select

    from console.models import AuditEntry

    async with world.sessions() as db:
        entries = (await db.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars().all()
    views = [(e.username, e.action, e.object_id) for e in entries if e.action == "referral.view"]
    assert views == [("staffb", "referral.view", str(world.referral_b))]  # refused reads leave no view


async def test_conversation_only_for_the_claiming_operator(world):
    app = console_app(world)
    token = await session_cookie(world, "op2")
    csrf = await csrf_of(world, token)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://testserver",
                                 cookies={"jisr_console": token}) as client:
        r = await client.get(f"/console/escalations/{world.escalation_mine}")
        assert r.status_code == 403 and "bghit nhder" not in r.text
        r = await client.get(f"/console/escalations/{world.escalation_mine}/messages")
        assert r.status_code == 403 and "bghit nhder" not in r.text
        for action in ("reply", "release", "close"):
            r = await client.post(f"/console/escalations/{world.escalation_mine}/{action}",
                                  data={"csrf_token": csrf, "text": "x", "outcome": "other"})
            assert r.status_code == 403, action
        r = await client.post(f"/console/escalations/{world.escalation_mine}/claim", data={"csrf_token": csrf})
        assert r.status_code == 409
        queue = await client.get("/console/queue/rows")
        # the queue shows the first words of a waiting conversation, never of one another operator holds
        assert "bghit nhder" not in queue.text
