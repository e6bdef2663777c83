"""The web chat in a real browser: Playwright driving Debian's Chromium against the real server (uvicorn on a
free port, PostgreSQL, in-process state; the NLU service is left down, so the bot is in menu mode).

Send a message and see the reply, tap a button, right-to-left for Arabic and left-to-right for French, and the
quick exit: it leaves for the neutral site with ``location.replace`` (the chat is not in the history), clears
the page and the browser storage, and the server erases the conversation. The neutral site is outside the machine, so Playwright fulfils it.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from tests.bot.webchat_support import ARTIFACTS, NEUTRAL, chromium, serve

pytestmark = pytest.mark.browser

SERVER: dict = {}  # the running app and its event loop (module's server)


def server_keys(sender: str) -> list[str]:
    """The keys the server's state store holds about the web chat ``sender`` (read in the server's loop)."""
    app, loop = SERVER["app"], SERVER["loop"]
    conv = app.state.pipeline.conversation_key("rest", sender)
    keys = asyncio.run_coroutine_threadsafe(app.state.store.keys(), loop).result(timeout=5)
    return [k for k in keys if conv in k]


@pytest.fixture(scope="module")
def server_url(migrated_db):
    with serve(migrated_db, SERVER) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


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
    # the welcome with the menu is there before anything is typed (no bubble of the person)
    assert page.locator(".msg.bot").count() == 1 and page.locator(".msg.user").count() == 0

    # send a message, see the reply with buttons
    page.fill("#message", "salam")
    page.click("#send")
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2")
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
    old_sender = page.evaluate("sessionStorage.getItem('jisr.sender')")
    page.evaluate("localStorage.setItem('probe', '1')")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    assert "weather" in page.content()
    # the chat page was replaced, not pushed: going back does not return to the conversation
    page.go_back()
    assert not page.url.startswith(server_url)
    # back on the site (same tab): nothing left of the conversation, a new one with the welcome only
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert "salam" not in (page.evaluate("sessionStorage.getItem('jisr.log')") or "")
    assert page.evaluate("sessionStorage.getItem('jisr.sender')") != old_sender
    assert page.evaluate("localStorage.length") == 0
    assert page.locator(".msg.user").count() == 0 and page.locator(".msg.bot").count() == 1
    assert "salam" not in page.inner_text("#log")
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
    sender = page.evaluate("sessionStorage.getItem('jisr.sender')")
    assert server_keys(sender)  # the server keeps the conversation…
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    assert page.evaluate("sessionStorage.length") == 0
    deadline = time.monotonic() + 10
    while server_keys(sender) and time.monotonic() < deadline:  # …until the quick exit's request arrives
        time.sleep(0.1)
    assert server_keys(sender) == []
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
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 3")  # welcome, need, where
    before = page.locator(".msg.bot").count()
    with page.expect_request("**/webhooks/rest/webhook") as req:
        page.click("#share-location")
    body = req.value.post_data_json
    assert body["metadata"]["location"] == pytest.approx(tanger) and body["message"] == ""
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")
    replies = " ".join(page.locator(".msg.bot").all_inner_texts())
    assert "Tanger" in replies or "km" in replies
    context.close()


def test_numbers_stay_visible_and_bubbles_take_their_own_direction(server_url, browser):
    """On a small screen, after 8 exchanges (the transcript scrolls), the emergency numbers bar is still inside
    the viewport; in the right-to-left (Darija) page a French message is laid out left to right (dir="auto" on
    the message text, not on the bubble whose first strong character is the Arabic sender label); the quick
    exit hint names the key in the page's language."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="ar-MA", bypass_csp=True, viewport={"width": 390, "height": 640})
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    hint = page.inner_text("#quick-exit-hint")
    assert "Esc" in hint and "Échap" not in hint
    # Darija chosen explicitly (locked): a French message then stays in a Darija conversation and page
    script = ["/lang:ary", "bonjour, je cherche un centre"] + ["/menu"] * 6
    for text in script:
        before = page.locator(".msg.bot").count()
        page.fill("#message", text)
        page.press("#message", "Enter")
        page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")
    scroller = page.locator("#scroller")
    assert scroller.evaluate("e => e.scrollHeight > e.clientHeight + 200")  # the transcript did scroll
    assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")  # the page did not
    assert scroller.evaluate("e => e.scrollHeight - e.scrollTop - e.clientHeight < 2")  # at the newest message
    page.screenshot(path=str(ARTIFACTS / "webchat-mobile-rtl-scrolled.png"))  # for a human look (gitignored)
    box = page.locator("#emergency-list").bounding_box()
    assert box is not None and box["height"] > 0
    assert 0 <= box["y"] and box["y"] + box["height"] <= 640, box  # inside the viewport
    assert page.locator("#emergency-list a[href='tel:19']").is_visible()
    french = page.locator(".msg.user .text").nth(1)
    assert french.inner_text() == "bonjour, je cherche un centre"
    assert french.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert french.get_attribute("dir") == "auto"
    assert french.get_attribute("lang") == ""  # Latin text in an Arabic page: French or Arabizi, unknown
    assert page.locator(".msg.bot .text").first.get_attribute("lang") in ("ar-MA", "")
    assert page.locator(".msg.user").first.get_attribute("dir") is None  # the bubble itself follows the page
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    context.close()


def test_the_interface_follows_the_language_the_person_writes_in(server_url, browser):
    """The bot answers in the variety the person writes in (custom.variety of its replies): the interface
    (header, placeholder, buttons of the page, language menu, lang and dir) follows — French and Darija in
    Latin script left to right, Darija in Arabic script right to left. Strings from locales/*/webchat.ftl."""
    import locales

    context = browser.new_context(locale="ar-MA", bypass_csp=True)
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("document.documentElement.dir") == "rtl"  # Darija first

    def write(text: str, variety: str, direction: str, lang: str) -> None:
        before = page.locator(".msg.bot").count()
        page.fill("#message", text)
        page.press("#message", "Enter")
        page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")
        page.wait_for_function(f"document.documentElement.lang === '{lang}'")
        assert page.evaluate("document.documentElement.dir") == direction
        assert page.get_attribute("#message", "placeholder") == locales.t(variety, "webchat-placeholder")
        assert page.inner_text("#send").strip() == locales.t(variety, "webchat-send")
        assert page.inner_text("#title").strip() == locales.t(variety, "webchat-title")
        assert page.inner_text("#quick-exit").strip() == locales.t(variety, "webchat-quick-exit")
        assert page.eval_on_selector("#language", "e => e.value") == variety
        assert page.evaluate("sessionStorage.getItem('jisr.variety')") == variety
        assert page.evaluate("getComputedStyle(document.body).direction") == direction
        # the person's bubbles, also those written before the switch, carry this variety's label
        assert set(page.locator(".msg.user .who").all_inner_texts()) == {locales.t(variety, "webchat-you")}

    write("bonjour, je cherche un centre pour ma mère", "fr", "ltr", "fr-MA")
    write("salam, bghit markaz 9rib", "ary-Latn", "ltr", "ar-Latn-MA")
    write("السلام عليكم، بغيت مركز", "ary", "rtl", "ar-MA")
    # a reload keeps the followed language
    write("bonjour, je cherche un centre", "fr", "ltr", "fr-MA")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.get_attribute("#message", "placeholder") == locales.t("fr", "webchat-placeholder")
    context.close()


def operator_says(sender: str, text: str) -> None:
    """What the console's reply does: send through the channel registry as the operator (in the server's loop),
    via the conversation's recorded identity."""
    from dialogues.messages import OutboundMessage

    app, loop = SERVER["app"], SERVER["loop"]
    key = app.state.pipeline.conversation_key("rest", sender)
    asyncio.run_coroutine_threadsafe(
        app.state.registry.send_to_conversation(key, [OutboundMessage(text=text, sender="operator")]), loop
    ).result(timeout=10)


def test_an_operator_reply_is_labelled_as_a_person_of_the_team(server_url, browser):
    import locales

    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#message", "bonjour")
    page.press("#message", "Enter")
    page.wait_for_selector(".msg.bot")
    sender = page.evaluate("sessionStorage.getItem('jisr.sender')")
    operator_says(sender, "Bonjour, je suis là. Comment puis-je vous aider ?")
    page.wait_for_selector(".msg.operator", timeout=15_000)  # the outbox is polled every 4 s
    bubble = page.locator(".msg.operator").first
    assert bubble.locator(".who").inner_text() == locales.t("fr", "webchat-operator")
    assert bubble.locator(".who").inner_text() != locales.t("fr", "webchat-bot")
    assert "je suis là" in bubble.locator(".text").inner_text()
    # the bot's own messages keep the bot's label; a reload keeps who wrote what
    assert page.locator(".msg.bot .who").first.inner_text() == locales.t("fr", "webchat-bot")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator(".msg.operator .who").first.inner_text() == locales.t("fr", "webchat-operator")
    context.close()


def test_bidi_overrides_are_neutralised_in_the_bubbles(server_url, browser):
    """A person's message with a right-to-left override (U+202E) or a stray isolate is shown without them (what
    follows is not reversed), and so is an operator's; the server still gets the text as typed (the safety net
    reads the original)."""
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    bodies: list[str] = []
    page.on("request", lambda r: bodies.append(r.post_data or "") if r.url.endswith("/webhooks/rest/webhook") else None)
    page.fill("#message", "bonjour \u202eexe.fdp\u202c \u2067fin")
    page.press("#message", "Enter")
    page.wait_for_selector(".msg.bot")
    shown = page.locator(".msg.user .text").first.evaluate("e => e.textContent")
    assert shown == "bonjour exe.fdp fin", ascii(shown)
    assert any("\u202e" in json.loads(b).get("message", "") for b in bodies if b)
    sender = page.evaluate("sessionStorage.getItem('jisr.sender')")
    operator_says(sender, "Bonjour \u202etxet\u2066 ok")
    page.wait_for_selector(".msg.operator", timeout=15_000)
    assert page.locator(".msg.operator .text").first.evaluate("e => e.textContent") == "Bonjour txet ok"
    for text in page.locator(".msg .text").evaluate_all("es => es.map(e => e.textContent)"):
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e"), ascii(text)
    context.close()


def test_a_message_over_the_limit_gets_a_kind_note_and_stays_in_the_box(server_url, browser):
    import locales

    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/webhooks/rest/webhook") else None)
    long_text = "é" * 40_000  # 80,000 bytes in UTF-8: over the 64 KiB limit although only 40,000 characters
    page.fill("#message", long_text)
    page.click("#send")
    page.wait_for_function("document.getElementById('status').textContent.length > 0")
    assert page.inner_text("#status") == locales.t("fr", "webchat-too-long")
    assert page.input_value("#message") == long_text  # not lost: the person can shorten it
    assert page.locator(".msg.user").count() == 0 and requests == []
    # the server says the same if a page with an older limit sends it anyway
    status = page.evaluate("""async () => (await fetch('/webhooks/rest/webhook', {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({sender: 'x', message: 'a'.repeat(70000)})})).status""")
    assert status == 413
    context.close()


def test_the_page_has_a_favicon(server_url, browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    href = page.get_attribute("link[rel='icon']", "href")
    icon = httpx.get(server_url + href, timeout=5)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in icon.text
    legacy = httpx.get(server_url + "/favicon.ico", timeout=5)
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("image/svg+xml")
    assert failed == []
    context.close()
