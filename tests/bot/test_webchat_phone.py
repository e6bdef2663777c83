"""The web chat on a phone (Chromium, 390 × 844, touch), in each variety (ary, ary-Latn, ar, fr).

* The first screen: the welcome with the menu buttons is there before anything is typed, in the page's variety,
  with no bubble of the person; its buttons are inside the viewport, above the message bar.
* After several turns (buttons tapped, a place typed), the newest bubble's answer buttons are fully inside the
  viewport and above the message bar — also when the on-screen keyboard leaves a 390 × 480 viewport.
* The message box takes the free width (≥ 55 % of the viewport) in every variety, right to left and left to right.
* A message over the limit: the notice is inside the viewport, right above the message bar; the text stays in the
  box. When the server refuses it (413), the person's bubble goes and the text goes back into the box.
* Choosing a language in the menu posts no bubble of the person: the page and the welcome switch language.
* The sender label of the person's bubbles is the page's variety's (MSA: أنت), also for bubbles shown before the
  page switched language.
* axe-core finds no WCAG 2.1 A/AA violation after a conversation.
* A failed request shows a notice with a "retry" button where the person is looking.

The server is the real app (menu mode: the NLU service is down) on PostgreSQL; screenshots go to
``tests/artifacts/`` (gitignored) for a human look.
"""

from __future__ import annotations

import json

import pytest

from tests.axe import axe_violations, describe
from tests.bot.webchat_support import ARTIFACTS, chromium, serve

pytestmark = pytest.mark.browser

VARIETIES = ["ary", "ary-Latn", "ar", "fr"]
PHONE = {"width": 390, "height": 844}
HTML = {"ary": ("ar-MA", "rtl"), "ary-Latn": ("ar-Latn-MA", "ltr"), "ar": ("ar", "rtl"), "fr": ("fr-MA", "ltr")}
PLACE = {"ary": "طنجة", "ary-Latn": "tanja", "ar": "طنجة", "fr": "Tanger"}
SERVER: dict = {}

# Where the newest bubble's buttons are, against the transcript's visible box, the message bar and the viewport.
GEOMETRY = """() => {
  const last = [...document.querySelectorAll('#log > li')].pop();
  const rect = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {
    viewport: {width: window.innerWidth, height: window.innerHeight},
    scroller: rect(document.getElementById('scroller')),
    composer: rect(document.getElementById('composer')),
    dock: rect(document.querySelector('.dock')),
    buttons: last ? [...last.querySelectorAll('button')].map(b => ({...rect(b), text: b.innerText})) : [],
  };
}"""


@pytest.fixture(scope="module")
def server_url(migrated_db):
    with serve(migrated_db, SERVER) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def phone(browser, variety: str | None, **kw):
    """A phone-sized page; ``variety``: the variety the page opens in (kept in sessionStorage, as after a choice
    in the menu), or None for the browser's language."""
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 1, "bypass_csp": True,
               "locale": "fr-FR" if variety == "fr" else "ar-MA"}
    options.update(kw)
    context = browser.new_context(**options)
    if variety:
        context.add_init_script(
            f"if (!sessionStorage.getItem('jisr.variety')) sessionStorage.setItem('jisr.variety', {json.dumps(variety)})")
    return context, context.new_page()


def assert_newest_buttons_visible(page, where: str) -> dict:
    """Every button of the newest bubble is fully inside the viewport, inside the transcript's visible box and
    above the message bar."""
    g = page.evaluate(GEOMETRY)
    assert g["buttons"], f"{where}: the newest bubble has no button"
    bar_top = min(g["composer"]["top"], g["dock"]["top"])
    for b in g["buttons"]:
        assert b["top"] >= g["scroller"]["top"] - 0.5, (where, b, g["scroller"])  # not under the header
        assert b["bottom"] <= bar_top + 0.5, (where, b, bar_top)  # not under the message bar
        assert 0 <= b["top"] and b["bottom"] <= g["viewport"]["height"], (where, b)
        assert 0 <= b["left"] and b["right"] <= g["viewport"]["width"], (where, b)
    return g


def bots(page) -> int:
    return page.locator(".msg.bot").count()


def wait_more_bots(page, before: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}")
    page.wait_for_function("document.getElementById('status').textContent === ''")  # the turn ended
    page.wait_for_timeout(150)  # the resize observer's last reveal


@pytest.mark.parametrize("variety", VARIETIES)
def test_phone_welcome_turns_width_labels_and_axe(server_url, browser, variety):
    import locales

    ARTIFACTS.mkdir(exist_ok=True)
    context, page = phone(browser, variety)
    posted: list[dict] = []
    page.on("request", lambda r: posted.append(r.post_data_json) if r.url.endswith("/webhooks/rest/webhook") else None)
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    lang, direction = HTML[variety]
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [lang, direction]

    # 1. the first screen: the welcome and its buttons, in the page's variety, before anything is typed
    assert page.locator(".msg.user").count() == 0
    assert bots(page) == 1
    welcome = page.locator(".msg.bot").first
    assert welcome.locator(".text").inner_text().startswith(locales.t(variety, "welcome-hello")[:20])
    payloads = welcome.locator(".buttons button").evaluate_all("bs => bs.map(b => b.dataset.payload)")
    assert {"/report_violence", "/find_center", "/talk_to_human", "/change_language", "/quick_exit"} <= set(payloads)
    assert [b["message"] for b in posted] == ["/start"]  # silent: no bubble
    assert posted[0]["metadata"]["language"] == variety
    assert_newest_buttons_visible(page, "welcome")
    assert page.locator("#emergency-list a[href='tel:19']").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"webchat-phone-{variety}-1-welcome.png"))

    # 2. the message box takes the free width
    width = page.locator("#message").bounding_box()["width"]
    assert width >= 0.55 * PHONE["width"], (variety, width)

    # 3. several turns: buttons tapped, a place typed; the newest buttons stay in view above the bar
    before = bots(page)
    page.click("#log > li:last-child button[data-payload='/find_center']")
    wait_more_bots(page, before)
    assert_newest_buttons_visible(page, "need question")
    before = bots(page)
    page.click("#log > li:last-child button[data-payload='/choose:find_center.need.violence']")
    wait_more_bots(page, before)
    assert_newest_buttons_visible(page, "where question (share location)")
    before = bots(page)
    page.fill("#message", PLACE[variety])
    page.press("#message", "Enter")
    wait_more_bots(page, before)
    g = assert_newest_buttons_visible(page, "centers and 'pick one'")
    assert any(b["text"] for b in g["buttons"])
    page.screenshot(path=str(ARTIFACTS / f"webchat-phone-{variety}-2-turns.png"))
    # the page does not scroll: the transcript does, and it is at the newest message
    assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight + 1")
    assert page.locator("#scroller").evaluate("e => e.scrollHeight - e.scrollTop - e.clientHeight < 2")

    # 4. the on-screen keyboard: a smaller visible viewport, the newest buttons still above the bar
    page.focus("#message")
    page.set_viewport_size({"width": 390, "height": 480})
    page.wait_for_function("document.documentElement.classList.contains('compact')")
    page.wait_for_timeout(200)
    assert_newest_buttons_visible(page, "keyboard open")
    assert page.locator("#emergency-list a[href='tel:19']").is_visible()  # the numbers stay, on one line
    page.screenshot(path=str(ARTIFACTS / f"webchat-phone-{variety}-3-keyboard.png"))
    page.set_viewport_size(PHONE)
    page.wait_for_function("!document.documentElement.classList.contains('compact')")

    # 5. the person's bubbles carry the variety's label (MSA: أنت)
    you = page.locator(".msg.user .who").all_inner_texts()
    assert you and set(you) == {locales.t(variety, "webchat-you")}
    if variety == "ar":
        assert you[0] == "أنت"

    # 6. axe-core: no WCAG 2.1 A/AA violation after a conversation
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    context.close()


@pytest.mark.parametrize("variety", VARIETIES)
def test_phone_too_long_notice_in_view_and_text_kept(server_url, browser, variety):
    import locales

    context, page = phone(browser, variety)
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.url.endswith("/webhooks/rest/webhook") else None)
    long_text = ("é" if variety in ("fr", "ary-Latn") else "ع") * 40_000  # 80,000 bytes: over 64 KiB
    page.fill("#message", long_text)
    page.click("#send")
    page.wait_for_function("document.getElementById('status').textContent.length > 0")
    assert page.inner_text("#status") == locales.t(variety, "webchat-too-long")
    box = page.locator("#status").bounding_box()
    bar = page.locator("#composer").bounding_box()
    assert box["height"] > 0 and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
    assert box["y"] + box["height"] <= bar["y"] + 0.5, (box, bar)  # right above the message bar
    assert box["y"] >= page.locator("#scroller").bounding_box()["y"]  # not under the header
    assert page.input_value("#message") == long_text  # kept for editing
    assert page.locator(".msg.user").count() == 0 and posted == []
    page.screenshot(path=str(ARTIFACTS / f"webchat-phone-{variety}-4-too-long.png"))
    # shortened: the notice goes
    page.fill("#message", "")
    page.type("#message", "a")
    page.wait_for_function("document.getElementById('status').textContent === ''")
    context.close()


def test_phone_a_413_from_the_server_puts_the_text_back(server_url, browser):
    """A page with an older, larger limit sends it anyway: the server says 413; the bubble goes, the text is back
    in the box, the notice is in view."""
    import locales

    context, page = phone(browser, "ary")

    def bigger_limit(route):
        response = route.fetch()
        data = response.json()
        data["max_message_bytes"] = 10_000_000
        route.fulfill(response=response, json=data)

    page.route("**/webchat/strings.json*", bigger_limit)
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    long_text = "ع" * 40_000
    page.fill("#message", long_text)
    page.click("#send")
    page.wait_for_function("document.getElementById('status').textContent.length > 0"
                           " && document.getElementById('status').textContent !== "
                           + json.dumps(locales.t("ary", "webchat-thinking")))
    assert page.inner_text("#status") == locales.t("ary", "webchat-too-long")
    assert page.input_value("#message") == long_text
    assert page.locator(".msg.user").count() == 0
    assert "ع" * 100 not in (page.evaluate("sessionStorage.getItem('jisr.log')") or "")
    box = page.locator("#status").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= page.locator("#composer").bounding_box()["y"] + 0.5
    context.close()


@pytest.mark.parametrize("variety", VARIETIES)
def test_phone_choosing_a_language_posts_no_bubble(server_url, browser, variety):
    """The page opens in another variety; choosing ``variety`` in the menu turns the page and the welcome to it
    without a bubble of the person. Later, in a conversation, the labels of the bubbles already shown follow."""
    import locales

    start = "fr" if variety != "fr" else "ary"
    context, page = phone(browser, start)
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.post_data_json["message"])
            if r.url.endswith("/webhooks/rest/webhook") else None)
    page.select_option("#language", variety)
    lang, direction = HTML[variety]
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")
    hello = json.dumps(locales.t(variety, "welcome-hello")[:20])
    page.wait_for_function(f"[...document.querySelectorAll('.msg.bot .text')].some(e => e.innerText.startsWith({hello}))"
                           " && document.getElementById('status').textContent === ''")
    assert page.evaluate("document.documentElement.dir") == direction
    assert page.locator(".msg.user").count() == 0  # no "Français" bubble
    assert posted and all(m.startswith("/") for m in posted) and posted[0] == f"/lang:{variety}"
    texts = page.locator(".msg.bot .text").all_inner_texts()
    assert any(t.startswith(locales.t(variety, "welcome-hello")[:20]) for t in texts), texts
    assert not any(t.startswith(locales.t(start, "welcome-hello")[:20]) for t in texts)  # the old one is gone
    assert page.get_attribute("#message", "placeholder") == locales.t(variety, "webchat-placeholder")
    assert page.eval_on_selector("#language", "e => e.value") == variety
    assert_newest_buttons_visible(page, "welcome after the language choice")

    # in a conversation: a bubble written before switching takes the new variety's label
    page.select_option("#language", start)
    page.wait_for_function(f"document.documentElement.lang === '{HTML[start][0]}'")
    page.wait_for_function("document.getElementById('status').textContent === ''")
    before = bots(page)
    page.click("#log > li:last-child button[data-payload='/find_center']")
    wait_more_bots(page, before)
    assert page.locator(".msg.user .who").first.inner_text() == locales.t(start, "webchat-you")
    before = bots(page)
    page.select_option("#language", variety)
    wait_more_bots(page, before)
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")
    assert page.locator(".msg.user").count() == 1  # still only the tapped button
    assert page.locator(".msg.user .who").first.inner_text() == locales.t(variety, "webchat-you")
    # the question under way is asked again in the new language, its buttons in view
    assert_newest_buttons_visible(page, "question asked again")
    context.close()


def test_phone_a_failed_request_offers_retry_in_view(server_url, browser):
    """The welcome cannot be fetched (offline): a notice with a retry button right above the message bar; once
    the network is back, retry brings the welcome. A message that fails the same way is sent again by retry."""
    import locales

    context, page = phone(browser, "fr")
    offline = {"on": True}

    def maybe_fail(route):
        if offline["on"]:
            route.abort()
        else:
            route.continue_()

    page.route("**/webhooks/rest/webhook", maybe_fail)
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("#retry:not([hidden])")
    assert page.inner_text("#status") == locales.t("fr", "webchat-start-error")
    assert page.inner_text("#retry").strip() == locales.t("fr", "webchat-retry")
    for sel in ("#status", "#retry"):
        box = page.locator(sel).bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= page.locator("#composer").bounding_box()["y"] + 0.5
    assert page.locator(".msg").count() == 0
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    offline["on"] = False
    page.click("#retry")
    page.wait_for_selector(".msg.bot .buttons button")
    assert page.locator("#retry").is_hidden() and page.inner_text("#status") == ""

    offline["on"] = True
    page.fill("#message", "bonjour")
    page.press("#message", "Enter")
    page.wait_for_selector("#retry:not([hidden])")
    assert page.inner_text("#status") == locales.t("fr", "webchat-error")
    offline["on"] = False
    before = bots(page)
    page.click("#retry")
    wait_more_bots(page, before)
    assert page.locator(".msg.user").count() == 1  # the same message, once
    context.close()


def test_phone_page_keeps_its_csp(server_url, browser):
    """Without bypassing the Content-Security-Policy: no violation reported (the layout sets CSS variables
    through the CSSOM, which the policy allows), and the welcome is there."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="ar-MA")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server_url + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector(".msg.bot .buttons button")
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--app-height')") == "844px"
    assert errors == []
    context.close()
