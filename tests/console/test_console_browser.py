"""The console in a real browser: Playwright driving Debian's Chromium against the full application
(``bot.app.create_app`` served by uvicorn on a free port, SQLite database, the console mounted by the
server). Screenshots go to ``tests/artifacts/``.

Scenario (one server, in order): operators log in; a danger message sent through the REST channel
appears in every operator's queue with an alert within 2 s; op1 claims it; op1's reply reaches the
citizen's REST outbox; the bot stays silent while op1 holds the conversation and the citizen's new
messages appear live; a hostile ``<img onerror>`` message is shown as text; op1 hands back and the bot
answers again. Center staff see only their center's referrals (404 on another's). The Arabic console is
right-to-left. axe-core finds no WCAG 2.1 A/AA violation on the console's pages, in French and in Arabic.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import httpx
import pytest
from console_support import PASSWORD, TEST_FERNET_KEY, _truncate, build_world, console_server

from tests.axe import axe_violations, describe
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DANGER_TEXT = "3afak 3awnoni, rajli ghadi y9telni daba"
HOSTILE = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    """The full app under uvicorn on a free port, on a fresh SQLite database or the session's PostgreSQL
    database (emptied afterwards), holding the test world. Yields ``(base_url, world)``."""
    from console.db import upgrade
    from services.db import create_engine, session_factory

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    tmp = tmp_path_factory.mktemp("console-browser")
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'jisr.db'}"
    else:  # its own database: the server process must not share tables other tests empty
        url = request.getfixturevalue("pg_database_factory")()
    env = {**os.environ, "DATABASE_URL": url, "JISR_ENCRYPTION_KEY": TEST_FERNET_KEY,
           "JISR_SECRET_KEY": "test-secret-key", "RASA_URL": f"http://127.0.0.1:{free_port()}",
           "JISR_ENV": "development", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    old = {k: os.environ.get(k) for k in ("JISR_ENCRYPTION_KEY", "JISR_SECRET_KEY")}
    os.environ.update({"JISR_ENCRYPTION_KEY": TEST_FERNET_KEY, "JISR_SECRET_KEY": "test-secret-key"})
    from services.config import get_settings
    from services.crypto import reset_keys

    get_settings.cache_clear()
    reset_keys()

    async def prepare():
        await upgrade(url)
        engine = create_engine(url)
        await _truncate(engine)  # PostgreSQL: the session database may hold other test folders' rows
        return engine, await build_world(session_factory(engine), url)

    loop = asyncio.new_event_loop()
    engine, world = loop.run_until_complete(prepare())
    world.loop = loop
    with console_server(env, tmp) as base:
        yield base, world
    loop.run_until_complete(_truncate(engine))
    loop.run_until_complete(engine.dispose())
    loop.close()
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    get_settings.cache_clear()
    reset_keys()


@pytest.fixture(scope="module")
def browser(server):
    """Chromium (Debian's build) through Playwright's sync API. Depends on ``server`` so it is closed before
    the server fixture switches database (Playwright's loop must not run while the fixture uses asyncio)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(browser, base: str, username: str, lang: str = "fr", viewport=None, **context_options):
    context = browser.new_context(viewport=viewport or {"width": 1200, "height": 800}, **context_options)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(f"{base}/console/login?lang={lang}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _run(world, fn):
    """Run ``await fn(session)`` on the test database from a worker thread (Playwright's sync API owns
    this thread's event loop)."""
    from concurrent.futures import ThreadPoolExecutor

    from services.db import create_engine, session_factory

    async def main():
        engine = create_engine(world.url)
        try:
            async with session_factory(engine)() as db:
                return await fn(db)
        finally:
            await engine.dispose()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _newest_escalation(world):
    from services import escalations

    async def q(db):
        return max(await escalations.list_open(db), key=lambda e: e.id)

    return _run(world, q)


def _escalation(world, eid):
    from services import escalations

    async def q(db):
        return await escalations.get_escalation(db, eid)

    return _run(world, q)


def _say(base: str, sender: str, text: str) -> list[dict]:
    r = httpx.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=20)
    assert r.status_code == 200, r.text
    return r.json()


def test_operator_takes_over_a_danger_conversation(server, browser):
    from playwright.sync_api import expect

    base, world = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    op1 = _login(browser, base, "op1")
    op2 = _login(browser, base, "op2")
    assert op1.url.endswith("/console/queue") and op2.url.endswith("/console/queue")
    expect(op1.locator("#danger-alert")).to_be_hidden()
    op1.wait_for_timeout(1200)  # both pages have polled at least once: the current danger set is known

    # 1. a danger message through the REST channel: in every operator's queue, with the alert, within 2 s
    sender = "citizen-web-1"
    danger_rows = "#queue tr.prio-0.status-open"
    before = op1.locator(danger_rows).count()
    replies = _say(base, sender, DANGER_TEXT)
    started = time.monotonic()
    assert any("19" in (r.get("text") or "") for r in replies), replies  # the safety net answered at once
    delays = []
    for page in (op1, op2):
        expect(page.locator(danger_rows)).to_have_count(before + 1, timeout=2000)
        expect(page.locator("#danger-alert")).to_be_visible(timeout=2000)
        delays.append(time.monotonic() - started)
    print(f"danger escalation visible with the alert in op1's and op2's queues after "
          f"{delays[0]:.2f} s and {delays[1]:.2f} s")
    assert max(delays) < 2.0
    assert op1.title().startswith("(!) ") and op2.title().startswith("(!) ")  # the tab title flags it too
    esc = _newest_escalation(world)
    assert esc.priority == 0 and esc.channel == "rest"
    row = f'#queue tr[data-escalation-id="{esc.id}"]'
    expect(op1.locator(row + " .badge.prio-0")).to_be_visible()
    expect(op1.locator(row)).to_contain_text("Chat web")  # the channel, by its name
    op1.screenshot(path=str(ARTIFACTS / "console-queue-fr.png"), full_page=True)

    # 2. claim: the conversation opens for op1 only
    op1.click(row + " button.claim")
    op1.wait_for_url(f"**/console/escalations/{esc.id}")
    expect(op1.locator("#messages")).to_contain_text(DANGER_TEXT)
    assert _escalation(world, esc.id).claimed_by == "op1"
    expect(op2.locator(row)).to_contain_text("op1", timeout=2000)  # shown as taken, no claim button
    assert op2.locator(row + " button.claim").count() == 0

    # 3. reply: reaches the citizen's REST outbox
    op1.fill("#reply-text", "Ana m3ak. Wach nti f blasa amina daba?")
    op1.click("#send-reply")
    expect(op1.locator("#messages .from-operator")).to_contain_text("blasa amina", timeout=3000)
    expect(op1.locator("#reply-text")).to_have_value("")
    outbox = httpx.get(f"{base}/webhooks/rest/outbox", params={"sender": sender}, timeout=10).json()
    assert [m.get("text") for m in outbox] == ["Ana m3ak. Wach nti f blasa amina daba?"]

    # 4. the bot is silent while op1 holds the conversation; the citizen's messages appear live
    assert _say(base, sender, "ah, ana f dar jarti daba") == []
    expect(op1.locator("#messages .from-citizen").last).to_contain_text("f dar jarti", timeout=2000)

    # 5. hostile input is shown as text, never run
    assert _say(base, sender, HOSTILE) == []
    expect(op1.locator("#messages .from-citizen .text").last).to_have_text(HOSTILE, timeout=2000)
    assert op1.locator("#messages img").count() == 0
    op1.wait_for_timeout(300)
    assert op1.dialogs == []
    op1.screenshot(path=str(ARTIFACTS / "console-conversation-fr.png"), full_page=True)

    # 6. canned response in the citizen's variety (the escalation's variety), through the channel too
    op1.click("details.canned summary")
    op1.locator("details.canned button.canned-button").first.click()
    expect(op1.locator("#messages .from-operator")).to_have_count(2, timeout=3000)
    outbox = httpx.get(f"{base}/webhooks/rest/outbox", params={"sender": sender}, timeout=10).json()
    assert len(outbox) == 1 and outbox[0]["text"]

    # 7. hand back: the bot answers again
    op1.click("#hand-back")
    op1.wait_for_url("**/console/queue")
    after = _escalation(world, esc.id)
    assert after.status == "open" and after.claimed_by is None
    assert _say(base, sender, "salam") != []
    op1.context.close()
    op2.context.close()


def test_staff_sees_only_their_center(server, browser):
    from playwright.sync_api import expect

    base, world = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = _login(browser, base, "staffa")
    assert page.url.endswith("/console/referrals")
    expect(page.locator(f'tr[data-referral-id="{world.referral_a}"]')).to_be_visible()
    assert page.locator(f'tr[data-referral-id="{world.referral_b}"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "console-referrals-fr.png"), full_page=True)
    page.click(f'tr[data-referral-id="{world.referral_a}"] a')
    expect(page.locator("dl.shared")).to_contain_text("Fatima")
    page.fill("textarea[name=note]", "On la rappelle demain matin.")
    page.click("button[value=accepted]")
    expect(page.locator("dl.facts").first).to_contain_text("Accept")
    response = page.goto(f"{base}/console/referrals/{world.referral_b}")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Khadija")
    page.context.close()


def test_arabic_console_is_right_to_left(server, browser):
    from playwright.sync_api import expect

    base, _world = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = _login(browser, base, "op2", lang="ar", viewport={"width": 390, "height": 844})  # a phone
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("h1")).to_have_text("قائمة الحالات المحالة")
    # the topbar's brand sits on the right in RTL
    box = page.locator(".brand").bounding_box()
    assert box["x"] > 390 / 2 - box["width"]
    page.screenshot(path=str(ARTIFACTS / "console-queue-ar-phone.png"), full_page=True)
    staff = _login(browser, base, "staffb", lang="fr")
    expect(staff.locator("html")).to_have_attribute("dir", "ltr")
    staff.select_option("select[name=locale]", "ar")  # switching in the top bar (kept on the account)
    staff.wait_for_load_state("networkidle")
    expect(staff.locator("html")).to_have_attribute("dir", "rtl")
    staff.screenshot(path=str(ARTIFACTS / "console-referrals-ar.png"), full_page=True)
    staff.context.close()
    page.context.close()


@pytest.mark.parametrize(("lang", "viewport"), [("fr", {"width": 1200, "height": 800}),
                                                ("ar", {"width": 390, "height": 844})])
def test_console_pages_have_no_axe_violations(server, browser, lang, viewport):
    """Every page of the console (login, queue, a conversation, referrals, a referral, appointments, the admin
    pages) passes axe-core's WCAG 2.1 A/AA rules, in French on a desktop and in Arabic (RTL) on a phone."""
    base, world = server
    found: dict[str, list] = {}

    def check(page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[name] = violations

    context = browser.new_context(viewport=viewport, bypass_csp=True)
    login = context.new_page()
    login.goto(f"{base}/console/login?lang={lang}")
    check(login, "login")
    context.close()

    op = _login(browser, base, "op1", lang, viewport, bypass_csp=True)
    _say(base, "citizen-axe", DANGER_TEXT)
    op.goto(f"{base}/console/queue")
    op.wait_for_selector("#queue tr[data-escalation-id]")
    check(op, "queue")
    op.goto(f"{base}/console/escalations/{_newest_escalation(world).id}")
    check(op, "escalation")
    op.context.close()

    staff = _login(browser, base, "staffa", lang, viewport, bypass_csp=True)
    for path in ("/referrals", f"/referrals/{world.referral_a}", "/appointments"):
        staff.goto(f"{base}/console{path}")
        check(staff, path)
    staff.context.close()

    admin = _login(browser, base, "admin1", lang, viewport, bypass_csp=True)
    for path in ("/admin/centers", "/admin/centers/new", f"/admin/centers/{world.center_a}", "/admin/users",
                 "/admin/users/new", f"/admin/users/{world.users['op1']}", "/admin/audit", "/admin/import",
                 "/barometer"):
        response = admin.goto(f"{base}/console{path}")
        assert response.status == 200, path
        check(admin, path)
    admin.context.close()
    assert found == {}, "\n".join(f"{name}:\n{describe(v)}" for name, v in found.items())


def _barometer_events(world) -> None:
    """Known counts this week: Casablanca-Settat 25 located requests, Rabat-Salé-Kénitra 40, Tanger 3
    (hidden); 31 violence journeys."""
    import secrets

    from services import barometer as baro

    week = baro.iso_week(__import__("datetime").datetime.now(__import__("datetime").UTC))

    async def add(db):
        for region, n in ((6, 25), (4, 40), (1, 3)):
            for _ in range(n):
                db.add(baro.BarometerEvent(id=secrets.token_hex(16), week=week, kind="place_resolved",
                                           region=region, need="violence", variety="ary", channel="rest"))
        for _ in range(31):
            db.add(baro.BarometerEvent(id=secrets.token_hex(16), week=week, kind="journey_started",
                                       need="violence", variety="fr", channel="rest"))
        await db.commit()

    _run(world, add)


def test_analyst_sees_the_barometer_map_and_staff_are_refused(server, browser):
    from playwright.sync_api import expect

    from console.barometer import HIDDEN_FILL, PALETTE

    base, world = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _barometer_events(world)
    page = _login(browser, base, "analyst1")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/console/barometer")
    tile = page.locator('g.region-tile[data-region="6"]')
    expect(tile).to_have_attribute("data-count", "25")
    expect(tile).to_have_attribute("data-rate", "0.3")  # 25 / 7,688,967 inhabitants × 100,000
    expect(page.locator('g.region-tile[data-region="4"] rect')).to_have_attribute("fill", PALETTE[-1])
    expect(page.locator('g.region-tile[data-region="1"]')).to_have_attribute("data-count", "< 10")
    expect(page.locator('g.region-tile[data-region="1"] rect')).to_have_attribute("fill", HIDDEN_FILL)
    expect(page.locator("#barometer-map-total")).to_have_text("≥ 66")
    # the chart (vendored Chart.js, no CDN) drew on its canvas under the console's strict CSP
    expect(page.locator("#barometer-needs-chart")).to_have_attribute("data-rendered", "1")
    assert page.evaluate("window.barometerChart.data.datasets[0].data.slice(-1)[0]") == 31
    assert page.evaluate("Array.from(document.scripts).every(s => !s.src || s.src.startsWith(location.origin))")
    assert not errors, errors
    page.screenshot(path=str(ARTIFACTS / "console-barometer.png"), full_page=True)
    # Arabic on a phone: right to left, nothing wider than the screen
    phone = _login(browser, base, "analyst1", lang="ar", viewport={"width": 390, "height": 844})
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("h1")).to_have_text("البارومتر الاجتماعي «جسر»")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    box = phone.locator("#barometer-map").bounding_box()
    assert box["width"] <= 390 and box["height"] > 200
    phone.screenshot(path=str(ARTIFACTS / "console-barometer-ar-phone.png"), full_page=True)
    # staff and operators are refused
    for username in ("staffa", "op1"):
        other = _login(browser, base, username)
        response = other.goto(f"{base}/console/barometer")
        assert response.status == 403 and other.locator("g.region-tile").count() == 0
        other.context.close()
    phone.context.close()
    page.context.close()
