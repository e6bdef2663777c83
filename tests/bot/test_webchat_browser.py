"""The web chat in a real browser: Playwright driving Debian's Chromium against the real server (uvicorn on a
free port, PostgreSQL, in-process state; the NLU service is left down, so the bot is in menu mode).

Send a message and see the reply, tap a button, right-to-left for Arabic and left-to-right for French, and the
quick exit: it leaves for the neutral site with ``location.replace`` (the chat is not in the history) and
clears the page and the browser storage. The neutral site is outside the machine, so Playwright fulfils it.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import pytest

from bot.state import InMemoryStateStore
from tests.bot.helpers import settings_for

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NEUTRAL = "https://neutral.example/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(migrated_db):
    import uvicorn

    from bot.app import create_app
    port = free_port()
    settings = settings_for(database_url=migrated_db, quick_exit_url=NEUTRAL)
    holder: dict = {}

    def _serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = create_app(settings, store=InMemoryStateStore(), mount_console=False)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        holder["server"] = server
        loop.run_until_complete(server.serve())

    thread = threading.Thread(target=_serve, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/webhooks/rest/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        pytest.fail("the test server did not start")
    yield url
    holder["server"].should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_send_reply_buttons_rtl_and_quick_exit(server_url, browser):
    context = browser.new_context(locale="ar-MA", bypass_csp=True)  # lets Playwright evaluate waits
    page = context.new_page()
    page.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                          body="<html><body>weather</body></html>"))
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    # Arabic first: right to left, UI strings from locales
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.inner_text("#quick-exit").strip() == "خروج دغيا"
    assert "8350" in page.inner_text("#emergency-list") and "2511" in page.inner_text("#emergency-list")

    # send a message, see the reply with buttons
    page.fill("#message", "salam")
    page.click("#send")
    page.wait_for_selector(".msg.bot")
    assert page.locator(".msg.user").first.inner_text().endswith("salam")
    buttons = page.locator(".msg.bot .buttons button")
    assert buttons.count() >= 6
    # tap a button: its payload goes to the bot, a new reply comes
    before = page.locator(".msg.bot").count()
    buttons.first.click()
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")

    # danger typed in the chat gets the numbers at once
    page.fill("#message", "il a un couteau, il va me tuer")
    page.press("#message", "Enter")
    page.wait_for_function("[...document.querySelectorAll('.msg.bot')].some(e => e.innerText.includes('8350'))")

    # French: left to right
    page.select_option("#language", "fr")
    page.wait_for_function("document.documentElement.dir === 'ltr'")
    assert page.evaluate("document.documentElement.lang") == "fr-MA"
    assert page.inner_text("#quick-exit").strip() == "Sortie rapide"

    # the transcript is in session storage until the quick exit
    assert "salam" in page.evaluate("sessionStorage.getItem('jisr.log')")
    page.evaluate("localStorage.setItem('probe', '1')")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    assert "weather" in page.content()
    # the chat page was replaced, not pushed: going back does not return to the conversation
    page.go_back()
    assert not page.url.startswith(server_url)
    # back on the site (same tab): nothing left in storage, an empty chat
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("sessionStorage.getItem('jisr.log')") is None
    assert page.evaluate("localStorage.length") == 0
    assert page.locator(".msg").count() == 0
    context.close()


def test_escape_key_is_a_quick_exit(server_url, browser):
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="ok"))
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("document.documentElement.dir") == "ltr"  # French browser → French first
    page.fill("#message", "bonjour")
    page.press("#message", "Enter")
    page.wait_for_selector(".msg.bot")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    assert page.evaluate("sessionStorage.length") == 0
    context.close()


def test_location_sharing_uses_the_browser_geolocation(server_url, browser):
    tanger = {"latitude": 35.7595, "longitude": -5.834}
    context = browser.new_context(locale="fr-FR", bypass_csp=True, geolocation=tanger, permissions=["geolocation"])
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#message", "/find_center")
    page.press("#message", "Enter")
    page.wait_for_selector("button[data-payload='/choose:find_center.need.violence']")
    page.click("button[data-payload='/choose:find_center.need.violence']")
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2")
    before = page.locator(".msg.bot").count()
    with page.expect_request("**/webhooks/rest/webhook") as req:
        page.click("#share-location")
    body = req.value.post_data_json
    assert body["metadata"]["location"] == pytest.approx(tanger) and body["message"] == ""
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")
    replies = " ".join(page.locator(".msg.bot").all_inner_texts())
    assert "Tanger" in replies or "km" in replies
    context.close()
