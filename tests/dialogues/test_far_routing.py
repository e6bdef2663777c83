"""When nothing suitable is near: what helps from where the person is comes first, and appointment slots are
never offered beyond ``MAX_BOOKING_KM`` unless the person asks for that very center.

Real engine, flows, locales, gazetteer and the seeded PostgreSQL directory (``directory_session_factory``); the
far centers of the six requests are made bookable for the test (as ``make run``'s demo hours do), so a slot
offer would really happen if routing allowed it. The REST tests (marked ``rasa``) go through the whole message
path with the trained model.
"""

from __future__ import annotations

import pytest

import locales
from dialogues.engine import ActionContext, ConversationState, Turn
from tests.dialogues.runner import parsed

PLACES = {  # what the person types at "where are you?", by script
    "oujda": ("Oujda", "وجدة"), "fes": ("Fès", "فاس"), "casablanca": ("Casablanca", "الدار البيضاء"),
    "rabat": ("Rabat", "الرباط"), "al-hoceima": ("Al Hoceïma", "الحسيمة"),
}
REQUESTS = [  # (need, how the journey starts, place) — the far requests
    ("disability", ["/disability_card", "/choose:disability_card.for_whom.child", "/choose:disability_card.info.find"],
     "oujda"),
    ("disability", ["/disability_card", "/choose:disability_card.for_whom.self", "/choose:disability_card.info.find"],
     "fes"),
    ("elderly", ["/elderly_care"], "casablanca"),
    ("mediation", ["/family_mediation", "/choose:family_mediation.kind.couple",
                   "/choose:family_mediation.screen.no"], "rabat"),
]
VARIETIES = ("ary", "ary-Latn", "ar", "fr")


@pytest.fixture
def ctx(directory_session_factory):
    from services.config import Settings
    from services.gazetteer import Gazetteer

    return ActionContext(conversation_key="far-routing", channel="rest", gazetteer=Gazetteer.default(),
                         session_factory=directory_session_factory, settings=Settings())


@pytest.fixture
async def far_centers_bookable(directory_session_factory):
    """Every open center of the four far needs gets bookable Monday–Friday hours for the test, then back."""
    import datetime as dt

    from sqlalchemy import delete, select

    from services.booking import set_opening_hours
    from services.models import Center, CenterTypeNeed, OpeningHours

    async with directory_session_factory() as s:
        ids = list((await s.execute(
            select(Center.id).join(CenterTypeNeed, CenterTypeNeed.type_code == Center.type_code)
            .where(CenterTypeNeed.need.in_(("disability", "elderly", "mediation")), Center.status == "existing",
                   Center.bookable.is_(False)).distinct())).scalars())
        for cid in ids:
            await set_opening_hours(s, cid, [(d, dt.time(9), dt.time(16)) for d in range(5)])
        await s.commit()
    yield ids
    async with directory_session_factory() as s:
        await s.execute(delete(OpeningHours).where(OpeningHours.center_id.in_(ids)))
        for cid in ids:
            (await s.get(Center, cid)).bookable = False
        await s.commit()


async def step(engine, state, ctx, text=None, payload=None, parse=None):
    msgs = await engine.step(state, Turn(text=text, payload=payload, parse=parse), ctx)
    return "\n".join(m.text for m in msgs).translate({0x2068: None, 0x2069: None}), [b for m in msgs for b in m.buttons]


async def center_km(ctx, state, center_id) -> float:
    from services.directory import distance_to_center

    async with ctx.session_factory() as s:
        return await distance_to_center(s, int(center_id), state.slots["latitude"], state.slots["longitude"])


async def to_far_offer(engine, ctx, variety, opening, place):
    state = ConversationState(variety=variety)
    for payload in opening:
        await step(engine, state, ctx, payload=payload)
    text, buttons = await step(engine, state, ctx, text=PLACES[place][variety in ("ary", "ar")])
    return state, text, buttons


def slot_buttons(buttons) -> list:
    return [b for b in buttons if b.payload.startswith("/pick:20")]


@pytest.mark.parametrize("variety", VARIETIES)
@pytest.mark.parametrize(("need", "opening", "place"), REQUESTS, ids=[f"{r[0]}-{r[2]}" for r in REQUESTS])
async def test_far_request_offers_what_helps_from_here_first_and_never_far_slots(
        flow_engine, ctx, far_centers_bookable, variety, need, opening, place):
    state, text, buttons = await to_far_offer(flow_engine, ctx, variety, opening, place)
    assert state.node == "far_offer", text
    # first: the remote referral (the center's team writes here); the last button: no thanks
    assert buttons[0].payload.startswith("/pick:remote:")
    assert buttons[0].title == locales.t_label(variety, "far-referral-button")
    # no button leads to a center farther than MAX_BOOKING_KM; the far ones are information only
    for b in buttons:
        value = b.payload.removeprefix("/pick:")
        if value.isdigit():
            assert await center_km(ctx, state, value) <= 150
    hidden = [o for o in state.options if o.get("hidden")]
    assert hidden and all([await center_km(ctx, state, o["value"]) > 150 for o in hidden])
    assert locales.t(variety, "far-info-by-name", gender="other").split()[0] in text
    # every offered button, followed with "yes" answers, never reaches a slot
    for b in buttons:
        s2 = ConversationState.from_dict(state.to_dict())
        t2, b2 = await step(flow_engine, s2, ctx, payload=b.payload)
        for _ in range(4):
            assert not slot_buttons(b2), (b.payload, t2)
            yes = [x for x in b2 if x.payload.endswith((".yes", ".consent.yes"))]
            if not yes:
                break
            t2, b2 = await step(flow_engine, s2, ctx, payload=yes[0].payload)
        assert not slot_buttons(b2)


@pytest.mark.parametrize(("need", "opening", "place"), REQUESTS, ids=[f"{r[0]}-{r[2]}" for r in REQUESTS])
async def test_the_national_line_or_platform_of_the_need_is_given_and_nothing_invented(
        flow_engine, ctx, need, opening, place):
    _, text, _ = await to_far_offer(flow_engine, ctx, "fr", opening, place)
    expected = {"disability": "plateforme numérique IDMAJ", "elderly": "délégation de l'Entraide Nationale",
                "mediation": "délégation de l'Entraide Nationale"}[need]
    assert expected in text
    assert "http" not in text and "www" not in text


async def test_a_far_center_asked_for_by_name_is_confirmed_then_booked(flow_engine, ctx, far_centers_bookable):
    ctx.conversation_key = "far-by-name"
    state, _, _ = await to_far_offer(flow_engine, ctx, "fr", ["/elderly_care"], "casablanca")
    # "Guercif" is the name of the farthest-but-nearest center's town: it picks the center, not a move there
    text, buttons = await step(flow_engine, state, ctx, text="Guercif",
                               parse=parsed("Guercif", "inform_location", 0.93, "fr", city="guercif"))
    assert state.node == "confirm_far"
    assert state.slots["place_id"] == "casablanca"
    assert "est à environ 399 km de Casablanca" in text and "pas connus" in text
    assert not slot_buttons(buttons)
    text, buttons = await step(flow_engine, state, ctx, payload="/choose:elderly.confirm_far.yes")
    assert (state.flow, state.node) == ("booking", "slots") and slot_buttons(buttons)
    # the appointment carries what is known of the center: here nothing, and it says so
    text, _ = await step(flow_engine, state, ctx, payload=slot_buttons(buttons)[0].payload)
    assert "Rendez-vous pris" in text
    assert "Adresse : pas connue de Jisr." in text and "Téléphone : pas connu de Jisr." in text
    assert "Horaires : pas connus de Jisr." in text and "délégation de l'Entraide Nationale" in text


async def test_a_far_center_asked_for_by_name_may_get_a_referral_instead(flow_engine, ctx):
    state, _, _ = await to_far_offer(flow_engine, ctx, "ary-Latn", ["/elderly_care"], "casablanca")
    await step(flow_engine, state, ctx, text="guercif")
    assert state.node == "confirm_far"
    text, _ = await step(flow_engine, state, ctx, payload="/choose:elderly.confirm_far.referral")
    assert (state.flow, state.node) == ("referral", "consent")
    assert "Guercif" in text


async def test_a_typed_number_never_picks_a_hidden_far_center(flow_engine, ctx):
    state, _, buttons = await to_far_offer(flow_engine, ctx, "fr", REQUESTS[0][1], "oujda")
    shown = [b for b in buttons if b.payload.startswith("/pick:")]
    await step(flow_engine, state, ctx, text=str(len(shown) + 1))  # a number past the buttons
    assert state.node == "far_offer" and state.slots.get("center_id") is None


async def test_offer_slots_refuses_a_far_center_whatever_the_path(flow_engine, ctx, far_centers_bookable):
    """A stale or forged pick of a far center goes to select_center's confirmation, and slots are refused
    even when the booking sub-flow is entered directly."""
    from dialogues.actions import offer_slots

    state, _, _ = await to_far_offer(flow_engine, ctx, "fr", ["/elderly_care"], "casablanca")
    far = next(o["value"] for o in state.options if o.get("hidden"))
    await step(flow_engine, state, ctx, payload=f"/pick:{far}")
    assert state.node == "confirm_far"
    state.slots["center_id"] = far
    result = await offer_slots.run(state, ctx, offer_slots.Params())
    assert result.outcome == "too_far"
    msgs = await flow_engine.enter_flow(state, "booking", ctx)
    assert not [b for m in msgs for b in m.buttons if b.payload.startswith("/pick:20")]
    assert locales.t("fr", "booking-too-far")[:30] in "\n".join(m.text for m in msgs)


async def test_max_booking_km_is_configurable(flow_engine, directory_session_factory, far_centers_bookable):
    from services.config import Settings
    from services.gazetteer import Gazetteer

    ctx = ActionContext(conversation_key="far-config", channel="rest", gazetteer=Gazetteer.default(),
                        session_factory=directory_session_factory, settings=Settings(max_booking_km=500))
    state, _, buttons = await to_far_offer(flow_engine, ctx, "fr", ["/elderly_care"], "casablanca")
    guercif = [b for b in buttons if "Guercif" in b.title]
    assert buttons[0].payload.startswith("/pick:remote:") and guercif  # within 500 km: offered, after
    _, buttons = await step(flow_engine, state, ctx, payload=guercif[0].payload)
    assert slot_buttons(buttons)


async def test_homeless_far_gives_15_and_no_remote_referral(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/homeless_shelter")
    await step(flow_engine, state, ctx, payload="/choose:homeless.intro.ok")
    text, buttons = await step(flow_engine, state, ctx, text="Marrakech")
    assert "Appelez maintenant le 15" in text
    assert not any(b.payload.startswith("/pick:") for b in buttons)
    assert "écrivez le nom du centre" not in text


async def test_near_requests_are_unchanged(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/find_center")
    await step(flow_engine, state, ctx, payload="/choose:find_center.need.violence")
    text, buttons = await step(flow_engine, state, ctx, text="Tanger")
    assert state.node == "centers" and "Les centres les plus proches de Tanger" in text
    assert buttons[0].payload.startswith("/pick:") and not buttons[0].payload.startswith("/pick:remote:")


# ---- directory artefacts, French elision --------------------------------------------------------------

async def test_directory_numbering_is_hidden_and_one_center_per_name(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/find_center")
    await step(flow_engine, state, ctx, payload="/choose:find_center.need.violence")
    text, buttons = await step(flow_engine, state, ctx, text="Oujda")
    assert "(1/2)" not in text and "(2/2)" not in text
    assert not any("(1/2)" in b.title or "(2/2)" in b.title for b in buttons)
    titles = [b.title for b in buttons]
    assert len(titles) == len(set(titles))
    assert "Espace multifonctionnel pour femmes (EMF) – Oujda" in titles


@pytest.mark.parametrize(("text", "expected"), [
    ("près de \u2068Agadir\u2069", "près d'\u2068Agadir\u2069"),
    ("proche de \u2068Oujda\u2069", "proche d'\u2068Oujda\u2069"),
    ("de \u2068El Jadida\u2069", "d'\u2068El Jadida\u2069"),
    ("près de \u2068Tanger\u2069", "près de \u2068Tanger\u2069"),
    ("près de \u2068Had Soualem\u2069", "près de \u2068Had Soualem\u2069"),
    ("de Agadir", "de Agadir"),  # written text is never touched, only names put in
])
def test_french_elision_before_a_vowel(text, expected):
    assert locales.french_elision(text) == expected


# ---- a place given at another question keeps the journey ----------------------------------------------

@pytest.mark.parametrize(("variety", "place", "nlu"), [
    ("ary", "مراكش", True), ("ary-Latn", "marrakech", True), ("ar", "مراكش", True), ("fr", "Marrakech", True),
    ("ary", "مراكش", False), ("fr", "Marrakech", False),
])
async def test_a_place_at_the_conflict_question_keeps_family_mediation(flow_engine, ctx, variety, place, nlu):
    state = ConversationState(variety=variety)
    await step(flow_engine, state, ctx, payload="/family_mediation")
    assert (state.flow, state.node) == ("family_mediation", "kind")
    parse = parsed(place, "inform_location", 0.97, variety, city="marrakech") if nlu else None
    text, buttons = await step(flow_engine, state, ctx, text=place, parse=parse)
    assert (state.flow, state.node) == ("family_mediation", "kind")
    assert state.slots["place_id"] == "marrakech" and state.slots["need"] == "mediation"
    assert locales.t(variety, "family-ask-kind").translate({0x2068: None, 0x2069: None}) in text
    assert any(b.payload == "/choose:family_mediation.kind.couple" for b in buttons)
    # the location question is skipped later: the place is known
    await step(flow_engine, state, ctx, payload="/choose:family_mediation.kind.couple")
    await step(flow_engine, state, ctx, payload="/choose:family_mediation.screen.no")
    assert state.node in ("centers", "far_offer")


async def test_a_new_place_at_a_list_of_centers_searches_there(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/find_center")
    await step(flow_engine, state, ctx, payload="/choose:find_center.need.violence")
    await step(flow_engine, state, ctx, text="Tanger")
    text, _ = await step(flow_engine, state, ctx, text="Agadir",
                         parse=parsed("Agadir", "inform_location", 0.95, "fr", city="agadir"))
    assert state.flow == "find_center" and state.slots["need"] == "violence"
    assert "C'est noté : Agadir." in text and "proches d'Agadir" in text


# ---- through the whole message path, with the trained model -------------------------------------------

OPENINGS = {  # the bench's opening messages (bench/far_requests.py), place included
    "disability-oujda": {"ary": "بغيت ناخد لكارطة ديال الإعاقة لولدي، أنا فوجدة",
                         "ary-Latn": "bghit nakhod lkarta dyal l2i3a9a l weldi, ana f wjda",
                         "ar": "أريد الحصول على بطاقة الإعاقة لابني، أنا في وجدة",
                         "fr": "je veux la carte de handicap pour mon fils, j'habite à Oujda"},
    "elderly-casablanca": {"ary": "بغيت دار العجزة لبابا، أنا فالدار البيضاء",
                           "ary-Latn": "bghit markaz dyal lmsenin l bba, ana f casa",
                           "ar": "أبحث عن مؤسسة لرعاية المسنين لأبي في الدار البيضاء",
                           "fr": "je cherche un établissement pour personnes âgées pour mon père à Casablanca"},
    "mediation-rabat": {"ary": "بغيت الوساطة الأسرية، عندي مشكل مع راجلي، أنا فالرباط",
                        "ary-Latn": "bghit wasata osariya, 3andi mochkil m3a rajli, ana f rbat",
                        "ar": "أحتاج إلى وساطة أسرية بسبب خلافات زوجية، أنا في الرباط",
                        "fr": "je cherche une médiation familiale, problème avec mon mari, je suis à Rabat"},
}


@pytest.mark.rasa
@pytest.mark.parametrize("variety", VARIETIES)
@pytest.mark.parametrize("request_id", list(OPENINGS))
async def test_far_requests_over_rest_never_reach_far_slots(rest_conversation_driver, directory_session_factory,
                                                            far_centers_bookable, request_id, variety):
    """The person taps the first button at every question (and "no" at the violence screen) until the
    journey ends: no slot beyond 150 km is ever offered, and the first option is the remote referral."""
    from services.directory import distance_to_center

    driver = rest_conversation_driver
    conv = f"far-rest-{request_id}-{variety}"
    ex = await driver.send(conv, text=OPENINGS[request_id][variety])
    seen_far_offer = False
    for _ in range(10):
        payloads = [b.payload for m in ex.messages for b in m.buttons]
        if ex.state.node == "far_offer":
            seen_far_offer = True
            assert payloads[0].startswith("/pick:remote:")
        slots = [p for p in payloads if p.startswith("/pick:20")]
        if slots:
            async with directory_session_factory() as s:
                km = await distance_to_center(s, int(ex.state.slots["center_id"]), ex.state.slots["latitude"],
                                              ex.state.slots["longitude"])
            assert km <= 150, (request_id, variety, km)
            break
        if not ex.state.waiting or not payloads:
            break
        nxt = "/choose:family_mediation.screen.no" if ex.state.node == "screen" else payloads[0]
        ex = await driver.send(conv, payload=nxt)
    assert seen_far_offer


async def test_the_nearest_general_orientation_point_within_reach_is_offered(flow_engine, ctx):
    """Elderly care from Agadir: the nearest home is ~165 km away (Guelmim); the social-assistance centre of
    Agadir receives and orients anyone: offered after the remote referral, and bookable (within reach)."""
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/elderly_care")
    text, buttons = await step(flow_engine, state, ctx, text="Agadir")
    assert state.node == "far_offer"
    assert "Point d'orientation générale ouvert le plus proche : « Centre d'assistance sociale (CAS) – Agadir »" \
        in text
    assert buttons[0].payload.startswith("/pick:remote:") and "CAS" in buttons[1].title
    await step(flow_engine, state, ctx, payload=buttons[1].payload)
    assert state.slots["center_id"] == buttons[1].payload.removeprefix("/pick:")
    assert state.node != "confirm_far"  # within MAX_BOOKING_KM: no confirmation needed
