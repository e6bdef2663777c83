"""Tried as a new user would, in a real browser: a woman in Al Hoceïma writes to the web chat in Darija,
consents to a referral to the women's center of Al Hoceïma; the center's staff answer her from the console;
she answers back; both see the exchange. Playwright drives Debian's Chromium against the full application
(``bot.app.create_app`` under uvicorn: web chat, REST channel, console), PostgreSQL with the seed directory,
the real trained NLU model. Screenshots: ``tests/artifacts/referral-thread-*.png``."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from console_support import PASSWORD, TEST_FERNET_KEY, console_server

import locales

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FIRST = "السلام، راجلي كيضربني وأنا ساكنة فالحسيمة"
STAFF = "السلام عليكم، معاك الفريق ديال الفضاء ديال النساء فالحسيمة. واش تقدري تجي عندنا نهار الثلاثاء مع العشرة؟"
ANSWER = "إيه نقدر نجي نهار الثلاثاء، شكرا بزاف"

pytestmark = [pytest.mark.browser, pytest.mark.rasa]



async def _prepare(url: str) -> dict:
    """Seed directory; a staff account of the Al Hoceïma women's center and one of Tanger's."""
    from sqlalchemy import select

    from console.models import ConsoleUser, ConsoleUserCenter
    from console.security import hash_password
    from services.db import create_engine, session_factory
    from services.models import Center
    from services.seed import prepare_database

    await prepare_database(url)
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as db:
            emf = {c.place_id: c.id for c in (await db.execute(
                select(Center).where(Center.type_code == "EMF", Center.status == "existing"))).scalars()}
            digest = hash_password(PASSWORD)
            for name, place in (("staff_hoceima", "al-hoceima"), ("staff_tanger", "tanger")):
                db.add(ConsoleUser(username=name, display_name=name, password_hash=digest, role="staff",
                                   locale="fr", is_active=True, centers=[ConsoleUserCenter(center_id=emf[place])]))
            await db.commit()
    finally:
        await engine.dispose()
    return {"hoceima": emf["al-hoceima"]}


@pytest.fixture(scope="module")
def server(pg_database_factory, rasa_url, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    url = pg_database_factory()
    old = {k: os.environ.get(k) for k in ("JISR_ENCRYPTION_KEY", "JISR_SECRET_KEY")}
    os.environ.update({"JISR_ENCRYPTION_KEY": TEST_FERNET_KEY, "JISR_SECRET_KEY": "test-secret-key"})
    from services.config import get_settings
    from services.crypto import reset_keys

    get_settings.cache_clear()
    reset_keys()
    ids = asyncio.run(_prepare(url))
    tmp = tmp_path_factory.mktemp("referral-browser")
    env = {**os.environ, "DATABASE_URL": url, "JISR_ENCRYPTION_KEY": TEST_FERNET_KEY,
           "JISR_SECRET_KEY": "test-secret-key", "RASA_URL": rasa_url, "JISR_ENV": "development",
           "PYTHONPATH": str(ROOT), "REMINDERS_ENABLED": "false"}
    env.pop("REDIS_URL", None)
    with console_server(env, tmp) as base:
        yield base, url, ids
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    get_settings.cache_clear()
    reset_keys()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(browser, base: str, username: str):
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    page.goto(f"{base}/console/login?lang=fr")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _tap(page, payload_prefix: str, contains: str | None = None) -> None:
    """Tap the newest button whose payload starts with ``payload_prefix`` (and whose title has ``contains``)."""
    buttons = page.locator(f'button[data-payload^="{payload_prefix}"]')
    if contains:
        buttons = buttons.filter(has_text=contains)
    buttons.last.wait_for(timeout=15_000)
    count = page.locator(".msg").count()
    buttons.last.click()
    page.wait_for_function(f"document.querySelectorAll('.msg').length > {count + 1}", timeout=15_000)


def test_a_woman_in_al_hoceima_and_the_centers_team_write_to_each_other(server, browser):
    from playwright.sync_api import expect

    base, _url, _ids = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1. the woman, on her phone, in Darija: violence journey, the women's center of Al Hoceïma, consent
    woman = browser.new_context(locale="ar-MA", viewport={"width": 390, "height": 844}, bypass_csp=True).new_page()
    woman.goto(base + "/")
    woman.wait_for_selector("body[data-ready='1']")
    woman.fill("#message", FIRST)
    woman.press("#message", "Enter")
    _tap(woman, "/choose:violence.intro.yes")
    _tap(woman, "/choose:violence.danger.no")
    _tap(woman, "/pick:", contains="الحسيمة")
    # "send them my request" (the center takes no appointment from here: chosen_referral_only)
    woman.locator('button[data-payload^="/choose:violence.chosen"][data-payload$=".referral"]').last.click()
    woman.wait_for_selector('button[data-payload="/choose:referral.consent.yes"]', timeout=15_000)
    consent = woman.locator(".msg.bot").filter(has_text="فريق المركز").last.inner_text()
    assert "ما غاديش نصيفط لا السمية ديالك، لا الرقم ديالك" in consent  # what is shared, exactly
    assert "يقدر يكتب ليك هنا فهاد المحادثة" in consent and "الصفحة محلولة" in consent  # what will happen
    _tap(woman, "/choose:referral.consent.yes")
    expect(woman.locator(".msg.bot").filter(has_text="تصيفط الطلب ديالك")).to_have_count(1)
    assert woman.evaluate("document.documentElement.dir") == "rtl"

    # 2. the center's staff: the referral in the inbox, what she shared, and the reply form
    staff = _login(browser, base, "staff_hoceima")
    row = staff.locator("tr[data-referral-id]").first
    expect(row).to_contain_text("Al Hoceïma")
    row.locator("a").click()
    staff.wait_for_load_state("networkidle")
    expect(staff.locator("dl.shared")).to_contain_text("Al Hoceïma")
    referral_url = staff.url
    staff.fill("#referral-text", STAFF)
    sent_at = time.monotonic()
    staff.click("#send-referral-message")
    staff.wait_for_load_state("networkidle")
    expect(staff.locator("#thread-messages .from-center")).to_contain_text("الثلاثاء")

    # 3. she reads it in the web chat, labelled as the center's team (the outbox is polled every 4 s)
    bubble = woman.locator(".msg.center").last
    bubble.wait_for(timeout=15_000)
    seen = time.monotonic() - sent_at
    assert bubble.locator(".who").inner_text() == locales.t("ary", "webchat-center")
    assert "نهار الثلاثاء مع العشرة" in bubble.locator(".text").inner_text()

    # 4. she answers; the bot tells her, once, where her message went
    woman.fill("#message", ANSWER)
    answered_at = time.monotonic()
    woman.press("#message", "Enter")
    notice = woman.locator(".msg.bot").filter(has_text="الميساج ديالك وصل")
    expect(notice).to_have_count(1, timeout=15_000)
    assert "«القائمة»" in notice.inner_text()
    woman.screenshot(path=str(ARTIFACTS / "referral-thread-webchat-ary.png"))  # the end of the exchange

    # 5. the staff page shows her answer live (polled every 2 s)
    expect(staff.locator("#thread-messages .from-citizen")).to_contain_text(ANSWER, timeout=10_000)
    back = time.monotonic() - answered_at
    expect(staff.locator("#thread-messages")).to_contain_text("La personne")
    staff.screenshot(path=str(ARTIFACTS / "referral-thread-console-fr.png"), full_page=True)
    print(f"staff message in the web chat after {seen:.1f} s; her answer on the referral page after {back:.1f} s")

    # 6. the staff of another center: 404, nothing of the exchange
    other = _login(browser, base, "staff_tanger")
    response = other.goto(referral_url)
    assert response.status == 404
    expect(other.locator("body")).not_to_contain_text("الثلاثاء")
    for page in (woman, staff, other):
        page.context.close()
