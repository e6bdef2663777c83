"""Defects found by a newcomer test of the journeys, each pinned by an engine-level test.

Menu mode (``Turn.parse is None``) or a real ``nlu.client.ParseResult`` built from the message's intent;
real flows, locales and gazetteer.
"""

from __future__ import annotations

import re

import pytest

from dialogues.engine import ActionContext, ConversationState, Turn
from dialogues.messages import Location
from tests.dialogues.runner import parsed


async def step(engine, state, ctx, text=None, payload=None, location=None, parse=None):
    msgs = await engine.step(state, Turn(text=text, payload=payload, location=location, parse=parse), ctx)
    return msgs, [b.payload for m in msgs for b in m.buttons]


# ---- 1. information already given is not asked again (prefill) ------------------------------------------

@pytest.mark.parametrize(("variety", "text"), [
    ("ary-Latn", "bghit nakhod lkarta dyal l2i3a9a l weldi"),
    ("ary", "بغيت ناخد بطاقة الإعاقة لولدي"),
    ("ar", "أريد بطاقة الإعاقة لابني"),
    ("fr", "je veux la carte de handicap pour mon fils"),
])
async def test_disability_card_for_my_child_is_not_asked_again(flow_engine, ctx, variety, text):
    state = ConversationState(variety=variety)
    _msgs, buttons = await step(flow_engine, state, ctx, text=text,
                               parse=parsed(text, "disability_card", 0.93, variety))
    assert state.flow == "disability_card"
    assert state.slots["for_whom"] == "child"
    assert state.node == "info"
    assert not any(p.startswith("/choose:disability_card.for_whom.") for p in buttons)
    assert state.opening is None  # consumed: the message is not kept


async def test_disability_card_without_whom_still_asks(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, text="carte de handicap")
    assert (state.flow, state.node) == ("disability_card", "for_whom")
    assert state.opening is None


@pytest.mark.parametrize(("variety", "text"), [
    ("ary-Latn", "rajli kaydrebni"),
    ("ary", "راجلي كيضربني"),
    ("ar", "زوجي يضربني"),
    ("fr", "mon mari me frappe"),
])
async def test_violence_by_partner_safety_first_then_kind_is_known(flow_engine, ctx, variety, text):
    state = ConversationState(variety=variety)
    _, buttons = await step(flow_engine, state, ctx, text=text)
    # safety first: "can you talk safely?" is still the first question
    assert (state.flow, state.node) == ("violence", "intro")
    assert "/choose:violence.intro.yes" in buttons
    assert state.opening is not None and state.opening["flow"] == "violence"
    await step(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    assert state.node == "danger"
    _, buttons = await step(flow_engine, state, ctx, payload="/choose:violence.danger.no")
    assert state.slots["kind"] == "partner"
    assert state.node == "location"
    assert not any(p.startswith("/choose:violence.kind.") for p in buttons)
    assert state.opening is None


async def test_violence_opening_is_dropped_when_she_cannot_talk(flow_engine, ctx):
    state = ConversationState(variety="ary-Latn")
    await step(flow_engine, state, ctx, text="rajli kaydrebni")
    await step(flow_engine, state, ctx, payload="/choose:violence.intro.no")
    assert state.flow is None and state.opening is None


@pytest.mark.parametrize(("variety", "text"), [
    ("ary-Latn", "bghit markaz dyal nsa"),
    ("ary", "بغيت مركز ديال النساء"),
    ("ar", "أريد مركزا للنساء"),
    ("fr", "je cherche un centre pour femmes"),
])
async def test_find_center_for_women_is_not_asked_again(flow_engine, ctx, variety, text):
    state = ConversationState(variety=variety)
    _, buttons = await step(flow_engine, state, ctx, text=text, parse=parsed(text, "find_center", 0.9, variety))
    assert state.flow == "find_center"
    assert state.slots["need"] == "violence"
    assert state.node == "location"
    assert not any(p.startswith("/choose:find_center.need.") for p in buttons)


async def test_two_matching_options_still_ask(flow_engine, ctx):
    text = "bghit markaz dyal nsa w drari"
    state = ConversationState(variety="ary-Latn")
    await step(flow_engine, state, ctx, text=text, parse=parsed(text, "find_center", 0.9, "ary-Latn"))
    assert (state.flow, state.node) == ("find_center", "need")


# ---- 2. unknown gender: inclusive wording outside the violence journey ----------------------------------

# Forms that address a woman only (or a man only), per variety. "kenti"/"كنتي" is common-gender Darija.
_GENDERED = {
    "fr": [r"\bseule\b", r"\bprête\b", r"chez une voisine\."],
    "ary-Latn": [r"(?<![/\w])nti\b(?!/)", r"(?<![/\w])nta\b(?!/)", r"\brak\b(?!\(i\))", r"\braki\b"],
    "ary": [r"(?<![/\w])نتي(?![/\w])", r"(?<![/\w])نتا(?![/\w])", r"(?<!\w)راك(?![\w(])", r"(?<!\w)راكي(?!\w)"],
    "ar": [r"لستِ", r"أنتِ", r"وحدكِ", r"لستَ", r"أنتَ"],
}
# Only the violence journey addresses a woman; safety.ftl belongs to the safety net (its own tests);
# console.ftl is addressed to staff.
_NOT_GENERAL = {"violence.ftl", "safety.ftl", "webchat.ftl", "console.ftl"}


def _general_keys(variety: str) -> list[str]:
    import locales

    keys = []
    for path in sorted((locales.LOCALES_DIR / variety).glob("*.ftl")):
        if path.name in _NOT_GENERAL:
            continue
        keys += [m.group(1) for m in re.finditer(r"(?m)^([a-z][a-z0-9-]*) =", path.read_text(encoding="utf-8"))]
    return keys


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
def test_text_outside_the_violence_journey_is_inclusive_when_gender_is_unknown(variety):
    import locales
    from dialogues.emergency import hotline_args

    args = dict(hotline_args(), km=3, n=2, place="Rabat", name="X", count=1)
    bad = []
    for key in _general_keys(variety):
        text = locales.t(variety, key, gender="other", **args)
        bad += [f"{key}: {text}" for pattern in _GENDERED[variety] if re.search(pattern, text)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
async def test_emergency_flow_for_unknown_gender_is_inclusive(flow_engine, ctx, variety):
    state = ConversationState(variety=variety)
    msgs = await flow_engine.enter_flow(state, "emergency", ctx, node="numbers")
    msgs += (await step(flow_engine, state, ctx, payload="/choose:emergency.safe_now.no"))[0]
    text = "\n".join(m.text for m in msgs)
    assert not [p for p in _GENDERED[variety] if re.search(p, text)], text


# ---- 3. a location outside Morocco -------------------------------------------------------------------

PARIS = Location(latitude=48.85, longitude=2.35)
LAS_PALMAS = Location(latitude=28.12, longitude=-15.43)  # in Morocco's box, far from any Moroccan place
DAKHLA = Location(latitude=23.68, longitude=-15.96)       # southern provinces: in Morocco
_OUTSIDE = {"ary": "برا المغرب", "ary-Latn": "barra lmghrib", "ar": "خارج المغرب", "fr": "hors du Maroc"}


def test_outside_morocco_bounds():
    from dialogues.engine import outside_morocco
    from services.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    assert outside_morocco(PARIS.latitude, PARIS.longitude, gaz)
    assert outside_morocco(LAS_PALMAS.latitude, LAS_PALMAS.longitude, gaz)
    assert not outside_morocco(DAKHLA.latitude, DAKHLA.longitude, gaz)
    assert not outside_morocco(35.7595, -5.834, gaz)  # Tangier


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
async def test_location_outside_morocco_during_find_center(flow_engine, ctx, variety):
    state = ConversationState(variety=variety)
    await step(flow_engine, state, ctx, payload="/find_center")
    assert state.node == "need"
    msgs, buttons = await step(flow_engine, state, ctx, location=PARIS)
    text = "\n".join(m.text for m in msgs)
    assert _OUTSIDE[variety] in text and "19" in text and "8350" in text
    assert "/choose:find_center.need.violence" in buttons  # the question again, no "pick a button"
    assert "latitude" not in state.slots
    await step(flow_engine, state, ctx, payload="/choose:find_center.need.child")
    msgs, buttons = await step(flow_engine, state, ctx, location=PARIS)  # at the location question
    assert state.node == "location" and _OUTSIDE[variety] in msgs[0].text
    assert any(m.request_location for m in msgs)


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
async def test_location_outside_morocco_as_first_message(flow_engine, ctx, variety):
    state = ConversationState(variety=variety)
    msgs, buttons = await step(flow_engine, state, ctx, location=PARIS)
    assert _OUTSIDE[variety] in msgs[0].text and "19" in msgs[0].text
    assert "/find_center" in buttons


async def test_location_in_morocco_as_first_message_finds_a_center(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, location=DAKHLA)
    assert (state.flow, state.node) == ("find_center", "need")
    assert state.slots["place_id"]


# ---- 4. a typed city: "in <city>", not "0 km" ---------------------------------------------------------

_TANGER = {"ary": "طنجة", "ary-Latn": "Tanja", "ar": "طنجة", "fr": "Tanger"}
_IN_TANGER = {"ary": "ف طنجة", "ary-Latn": "f Tanger", "ar": "في طنجة", "fr": "à Tanger"}


def _plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")


@pytest.fixture
def db_ctx(directory_session_factory):
    from services.gazetteer import Gazetteer

    return ActionContext(conversation_key="newcomer-db", gazetteer=Gazetteer.default(),
                         session_factory=directory_session_factory)


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
async def test_typed_city_says_in_city_not_zero_km(flow_engine, db_ctx, variety):
    state = ConversationState(variety=variety, language_locked=True)
    await step(flow_engine, state, db_ctx, payload="/find_center")
    await step(flow_engine, state, db_ctx, payload="/choose:find_center.need.violence")
    msgs, buttons = await step(flow_engine, state, db_ctx, text=_TANGER[variety])
    assert state.node == "centers" and any(p.startswith("/pick:") for p in buttons)
    items = [_plain(m.text) for m in msgs if "📍" in m.text]
    assert items
    assert any(_IN_TANGER[variety] in t for t in items), items
    assert not any(re.search(r"📍\s*(environ\s*)?0([.,]0)?\s*(km|كلم)", t) for t in items), items


async def test_shared_location_keeps_the_distance(flow_engine, db_ctx):
    state = ConversationState(variety="fr", language_locked=True)
    await step(flow_engine, state, db_ctx, payload="/find_center")
    await step(flow_engine, state, db_ctx, payload="/choose:find_center.need.violence")
    msgs, _ = await step(flow_engine, state, db_ctx, location=Location(latitude=35.7595, longitude=-5.834))
    items = [m.text for m in msgs if "📍" in m.text]
    assert items and all("km" in t for t in items), items


# ---- 5. isolation marks: none in button titles, no empty pairs, kept for Latin/numbers in Arabic text ---

_MARKS = re.compile("[\u2066-\u2069]")


@pytest.mark.parametrize("variety", ["ary", "ary-Latn", "ar", "fr"])
async def test_slot_buttons_and_latin_text_carry_no_isolation_marks(flow_engine, directory_session_factory,
                                                                   variety):
    import datetime as dt

    from services.booking import set_opening_hours
    from services.directory import nearest_centers
    from services.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    agadir = gaz.get("agadir")
    async with directory_session_factory() as s:
        center_id = (await nearest_centers(s, "child", agadir.latitude, agadir.longitude)).hits[0].center.id
        await set_opening_hours(s, center_id, [(d, dt.time(9), dt.time(16)) for d in range(5)])
        await s.commit()
    ctx = ActionContext(conversation_key=f"newcomer-marks-{variety}", gazetteer=gaz,
                        session_factory=directory_session_factory)
    state = ConversationState(variety=variety, language_locked=True)
    msgs = await flow_engine.step(state, Turn(payload="/find_center"), ctx)
    msgs += await flow_engine.step(state, Turn(payload="/choose:find_center.need.child"), ctx)
    msgs += await flow_engine.step(state, Turn(text="Agadir"), ctx)
    msgs += await flow_engine.step(state, Turn(payload=f"/pick:{center_id}"), ctx)
    assert (state.flow, state.node) == ("booking", "slots")
    titles = [b.title for m in msgs for b in m.buttons]
    slot_titles = [b.title for b in msgs[-1].buttons if b.payload.startswith("/pick:")]
    assert slot_titles and all(re.search(r"\d\d:\d\d", t) for t in slot_titles)
    assert not [t for t in titles if _MARKS.search(t)], titles
    texts = [m.text for m in msgs]
    assert not [t for t in texts if "\u2068\u2069" in t], texts  # no empty isolate pair anywhere
    if variety in ("fr", "ary-Latn"):
        assert not [t for t in texts if _MARKS.search(t)], texts  # Latin-script text: nothing to isolate
    else:
        # Arabic text: numbers and Latin names inside it stay isolated (RTL safety)
        assert any(re.search("\u2068[^\u2069]*[0-9A-Za-z][^\u2069]*\u2069", t) for t in texts), texts


def test_isolation_is_kept_for_latin_and_numbers_inside_arabic_only():
    import locales

    ar = locales.t("ar", "referral-sent", center="EMF Tanger")
    assert "\u2068EMF Tanger\u2069" in ar
    assert locales.t("fr", "referral-sent", center="EMF Tanger").count("\u2068") == 0
    assert locales.tidy_isolation("\u2068\u2069رقم \u2068\u20688350\u2069\u2069") == "رقم \u2068\u20688350\u2069\u2069"
    assert locales.tidy_isolation("في \u2068طنجة\u2069 \u2068\u2069") == "في طنجة "
    assert locales.tidy_isolation("Centre \u2068مركز\u2069 \u2068Tanger\u2069") == "Centre \u2068مركز\u2069 Tanger"
    assert locales.t_label("ary", "common-menu") == locales.strip_isolation(locales.t_label("ary", "common-menu"))


# ---- 6. "hello, can you help me?" gets the welcome menu ------------------------------------------------

@pytest.mark.parametrize(("variety", "text"), [
    ("ary-Latn", "salam wach t9der t3awni"),
    ("ary", "السلام واش تقدر تعاوني"),
    ("ar", "مرحبا هل يمكنك مساعدتي"),
    ("fr", "bonjour vous pouvez m'aider ?"),
])
async def test_greeting_or_help_the_nlu_did_not_place_gets_the_menu(flow_engine, ctx, variety, text):
    state = ConversationState(variety=variety)
    parse = parsed(text, "nlu_fallback", 0.31, variety,
                   ranking=[("nlu_fallback", 0.31), ("greet", 0.28), ("help", 0.22), ("out_of_scope", 0.1)])
    msgs, buttons = await step(flow_engine, state, ctx, text=text, parse=parse)
    assert (state.flow, state.node) == ("welcome", "menu")
    assert "/report_violence" in buttons and "/quick_exit" in buttons
    import locales

    assert locales.t(variety, "fallback-not-understood") not in [m.text for m in msgs]


async def test_help_phrase_in_menu_mode_gets_the_menu(flow_engine, ctx):
    state = ConversationState(variety="ary-Latn")
    await step(flow_engine, state, ctx, text="wach t9der t3awni")
    assert (state.flow, state.node) == ("welcome", "menu")


async def test_unplaced_message_still_falls_back(flow_engine, ctx):
    text = "xkcd qwerty"
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, text=text, parse=parsed(text, "nlu_fallback", 0.3, "fr"))
    assert state.flow is None and state.misses == 1


@pytest.mark.parametrize(("variety", "text", "kind"), [
    ("ary-Latn", "3ndi mochkil m3a rajli bghit wasata", "couple"),
    ("ary", "بغيت الوساطة فالورث", "inheritance"),
    ("ar", "أريد وساطة أسرية حول الحضانة", "custody"),
    ("fr", "médiation familiale avec mes enfants", "parents_children"),
])
async def test_family_conflict_named_is_not_asked_again_but_violence_is_screened(flow_engine, ctx, variety,
                                                                                text, kind):
    state = ConversationState(variety=variety)
    _, buttons = await step(flow_engine, state, ctx, text=text,
                            parse=parsed(text, "family_mediation", 0.9, variety))
    assert state.slots["kind"] == kind
    assert (state.flow, state.node) == ("family_mediation", "screen")  # the violence screen still comes
    assert "/choose:family_mediation.screen.yes" in buttons
