"""Second newcomer round: where Jisr sends people and how typed answers are read.

Real engine, flows, locales, gazetteer and the seeded PostgreSQL directory (``directory_session_factory``);
the NLU is either absent (menu mode) or represented by a real ``nlu.client.ParseResult`` as the model
returns it for the message.
"""

from __future__ import annotations

import pytest

from dialogues.engine import ActionContext, ConversationState, Turn
from tests.dialogues.runner import parsed


@pytest.fixture
def ctx(directory_session_factory):
    from services.config import Settings
    from services.gazetteer import Gazetteer

    return ActionContext(conversation_key="routing-test", channel="rest", gazetteer=Gazetteer.default(),
                         session_factory=directory_session_factory, settings=Settings())


async def step(engine, state, ctx, text=None, payload=None, parse=None):
    msgs = await engine.step(state, Turn(text=text, payload=payload, parse=parse), ctx)
    return "\n".join(m.text for m in msgs), [b for m in msgs for b in m.buttons]


async def to_location(engine, ctx, variety: str) -> ConversationState:
    """The disability-card journey, up to "where are you?"."""
    state = ConversationState(variety=variety)
    await step(engine, state, ctx, payload="/disability_card")
    await step(engine, state, ctx, payload="/choose:disability_card.for_whom.child")
    await step(engine, state, ctx, payload="/choose:disability_card.info.find")
    assert (state.flow, state.node) == ("disability_card", "location")
    return state


# ---- 1. a center that is not open is never offered ------------------------------------------------------

@pytest.mark.parametrize(("variety", "place", "soon"), [
    ("fr", "Casablanca", "en cours d'ouverture"),
    ("ary-Latn", "casa", "f tor lfti7"),
    ("ary", "الدار البيضاء", "فطور الفتح"),
    ("ar", "الدار البيضاء", "في طور الافتتاح"),
])
async def test_in_progress_centers_are_information_only(flow_engine, ctx, directory_session_factory,
                                                        variety, place, soon):
    from services.models import Center

    state = await to_location(flow_engine, ctx, variety)
    text, buttons = await step(flow_engine, state, ctx, text=place)
    assert state.node == "far_offer"
    async with directory_session_factory() as s:
        statuses = {str(c.id): c.status for c in (await s.execute(
            __import__("sqlalchemy").select(Center))).scalars()}
    # far (the nearest open one is ~400 km away): the remote referral first, the far centers as information
    # (options without a button); every option, shown or not, is an open center
    offered = [str(o["value"]).removeprefix("remote:") for o in state.options]
    assert offered and all(statuses[p] == "existing" for p in offered)
    assert set(state.slots["centers"]) == set(offered)
    assert buttons[0].payload.startswith("/pick:remote:")
    # the in-progress CPH of Souk Sebt Ouled Nemma (~167 km) is mentioned, as not open, without a button
    assert soon in text
    assert any(statuses[i] == "in_progress" for i in statuses)


async def test_a_stale_pick_of_a_center_not_open_goes_nowhere(flow_engine, ctx, directory_session_factory):
    from sqlalchemy import select

    from services.models import Center

    async with directory_session_factory() as s:
        c = (await s.execute(select(Center).where(Center.status == "in_progress").limit(1))).scalar_one()
    state = await to_location(flow_engine, ctx, "fr")
    await step(flow_engine, state, ctx, text="Casablanca")
    # an older list (before the fix) had offered it: its button comes back
    state.slots["centers"][str(c.id)] = {"name_ar": c.name_ar, "name_fr": c.name_fr, "bookable": False,
                                         "type": c.type_code, "status": "in_progress"}
    state.options.append({"value": str(c.id), "key": "centers-pick-button", "args": {"name": c.name_fr}})
    text, _ = await step(flow_engine, state, ctx, payload=f"/pick:{c.id}")
    assert "directement" not in text and state.flow != "booking"


async def test_directory_never_ranks_in_progress_among_hits(directory_session_factory):
    from services.directory import nearest_centers

    async with directory_session_factory() as s:
        r = await nearest_centers(s, "disability", 33.5731, -7.5898)  # Casablanca
    assert r.hits and all(h.center.status == "existing" for h in r.hits + r.regional)
    assert r.opening_soon and all(h.center.status == "in_progress" for h in r.opening_soon)
    assert r.far and r.opening_soon[0].distance_km < r.hits[0].distance_km


# ---- 2. "no center nearby": true wording, the place understood ------------------------------------------

@pytest.mark.parametrize(("variety", "place", "expected"), [
    ("fr", "Casablanca", ["proche de Casablanca", "le plus proche est à environ 397 km", "dans d'autres régions"]),
    ("ary-Latn", "casa", ["9rib men Casablanca", "397 km", "f jihat khrin"]),
    ("ary", "الدار البيضاء", ["قريب من الدار البيضاء", "397", "فجهات أخرين"]),
    ("ar", "الدار البيضاء", ["قريب من الدار البيضاء", "397", "في جهات أخرى"]),
])
async def test_far_centers_say_the_place_and_other_regions(flow_engine, ctx, variety, place, expected):
    state = await to_location(flow_engine, ctx, variety)
    text, _ = await step(flow_engine, state, ctx, text=place)
    for fragment in expected:
        assert fragment in text.replace("\u2068", "").replace("\u2069", "")
    assert "dans la région" not in text and "فالجهة:" not in text


@pytest.mark.parametrize(("place", "said"), [
    ("Figuig", "proche de Figuig"),          # the nearest: Oriental, the person's region
    ("Nador", "proche de Nador"),
    ("Ouarzazate", "proche d'Ouarzazate"),   # none in Drâa-Tafilalet; French elision before a vowel
])
async def test_far_centers_wording_follows_their_regions(flow_engine, ctx, place, said):
    from services.directory import nearest_centers

    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/find_center")
    await step(flow_engine, state, ctx, payload="/choose:find_center.need.violence")
    text, _ = await step(flow_engine, state, ctx, text=place)
    async with ctx.session_factory() as s:
        r = await nearest_centers(s, "violence", state.slots["latitude"], state.slots["longitude"])
    assert r.far
    where = ", dans votre région." if r.hits[0].center.region_code == r.region else ", dans une autre région."
    assert f"Aucun centre ouvert pour ce besoin n'est {said} : le plus proche est à environ " \
           f"{round(r.hits[0].distance_km)} km{where}" in text
    assert " de Ouarzazate" not in text


# ---- 3. a place named at "where are you?" wins over a journey switch ------------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("9ser lkbir", "ksar-el-kebir"), ("ana f 9sar lkbir", "ksar-el-kebir"), ("l9sar lkbir", "ksar-el-kebir"),
    ("9nitra", "kenitra"), ("l9al3a", "el-kelaa-des-sraghna"), ("sidi 9asem", "sidi-kacem"),
    ("9asbat tadla", "kasba-tadla"), ("lf9ih ben salah", "fquih-ben-salah"),
])
def test_gazetteer_knows_the_9_spellings(text, place):
    from services.gazetteer import Gazetteer

    matches = Gazetteer.default().resolve(text)
    assert [m.place.id for m in matches] == [place] and matches[0].score >= 99


async def test_9ser_lkbir_answers_the_location_question_in_menu_mode(flow_engine, ctx):
    state = await to_location(flow_engine, ctx, "ary-Latn")
    await step(flow_engine, state, ctx, text="9ser lkbir")  # "kbir" is an elderly-care keyword
    assert state.flow == "disability_card"
    assert state.slots["place_id"] == "ksar-el-kebir"


async def test_9ser_lkbir_answers_the_location_question_over_an_nlu_switch(flow_engine, ctx):
    state = await to_location(flow_engine, ctx, "ary-Latn")
    # what the model said before it knew the spelling: elderly care, confidently, and no city entity
    text, _ = await step(flow_engine, state, ctx, text="9ser lkbir",
                         parse=parsed("9ser lkbir", "elderly_care", 0.81, "ary-Latn"))
    assert state.flow == "disability_card" and state.slots["place_id"] == "ksar-el-kebir"
    assert "Ksar El Kebir" in text or "Ksar" in text


async def test_a_request_without_a_place_still_switches_at_the_location_question(flow_engine, ctx):
    state = await to_location(flow_engine, ctx, "ary-Latn")
    await step(flow_engine, state, ctx, text="bghit markaz dyal lmosinin",
               parse=parsed("bghit markaz dyal lmosinin", "elderly_care", 0.9, "ary-Latn"))
    assert state.flow == "elderly"


# ---- 4. typed answers at any list question --------------------------------------------------------------

@pytest.fixture
async def bookable_agadir(directory_session_factory):
    """The seed's child-protection center in Agadir, made bookable Monday–Friday 09:00–16:00."""
    import datetime as dt

    from services.booking import set_opening_hours
    from services.directory import nearest_centers
    from services.gazetteer import Gazetteer

    agadir = Gazetteer.default().get("agadir")
    async with directory_session_factory() as s:
        hits = (await nearest_centers(s, "child", agadir.latitude, agadir.longitude)).hits
        center_id = hits[0].center.id
        await set_opening_hours(s, center_id, [(d, dt.time(9), dt.time(16)) for d in range(5)])
        await s.commit()
    return center_id


async def booked_start(ctx) -> str | None:
    """The local start (ISO, minutes) of the conversation's one upcoming appointment, or None."""
    from services.booking import list_for_person

    async with ctx.session_factory() as s:
        booked = await list_for_person(s, ctx.conversation_key)
    return booked[0].start_local.strftime("%Y-%m-%dT%H:%M") if len(booked) == 1 else None


async def to_slots(engine, ctx, variety: str, center_id: int) -> ConversationState:
    state = ConversationState(variety=variety)
    await step(engine, state, ctx, payload="/find_center")
    await step(engine, state, ctx, payload="/choose:find_center.need.child")
    await step(engine, state, ctx, text="أكادير" if variety in ("ary", "ar") else "Agadir")
    await step(engine, state, ctx, payload=f"/pick:{center_id}")
    assert (state.flow, state.node) == ("booking", "slots") and len(state.options) >= 3
    return state


_WEEKDAY = {"fr": {"mon": "lundi", "tue": "mardi", "wed": "mercredi", "thu": "jeudi", "fri": "vendredi"},
            "ary-Latn": {"mon": "tnin", "tue": "tlat", "wed": "larb3", "thu": "lkhmis", "fri": "jem3a"},
            "ary": {"mon": "الاثنين", "tue": "الثلاثاء", "wed": "الأربعاء", "thu": "الخميس", "fri": "الجمعة"},
            "ar": {"mon": "الإثنين", "tue": "الثلاثاء", "wed": "الأربعاء", "thu": "الخميس", "fri": "الجمعة"}}


@pytest.mark.parametrize("variety", ["fr", "ary-Latn", "ary", "ar"])
async def test_a_typed_day_and_time_books_that_slot_without_switching_language(
        flow_engine, ctx, bookable_agadir, variety):
    state = await to_slots(flow_engine, ctx, variety, bookable_agadir)
    ctx.conversation_key = f"routing-daytime-{variety}"
    # a slot whose day + time is unique among those offered
    opts = state.options
    unique = [o for o in opts if sum(p["args"]["day"] == o["args"]["day"] and p["args"]["time"] == o["args"]["time"]
                                     for p in opts) == 1]
    target = unique[-1]
    hour, minute = target["args"]["time"].split(":")
    text = f"{_WEEKDAY[variety][target['args']['day']]} {int(hour)}h{minute}"
    # the model reads "mardi 9h30" as "reschedule my appointment", in Darija
    reply, _ = await step(flow_engine, state, ctx, text=text,
                          parse=parsed(text, "reschedule_appointment", 0.69, "ary-Latn"))
    assert await booked_start(ctx) == target["value"]
    assert state.variety == variety
    assert state.slots.get("appointment_ref") and state.slots["appointment_ref"] in reply


@pytest.mark.parametrize(("variety", "text", "index"), [
    ("fr", "le premier", 0), ("fr", "la deuxième", 1), ("ary-Latn", "lowel", 0), ("ary-Latn", "ltani", 1),
    ("ary", "الأول", 0), ("ary", "التاني", 1), ("ar", "الثالث", 2), ("fr", "le dernier", -1),
])
async def test_ordinals_pick_a_slot(flow_engine, ctx, bookable_agadir, variety, text, index):
    state = await to_slots(flow_engine, ctx, variety, bookable_agadir)
    ctx.conversation_key = f"routing-ordinal-{variety}-{index}-{len(text)}"
    expected = state.options[index]["value"]
    await step(flow_engine, state, ctx, text=text, parse=parsed(text, "out_of_scope", 0.63, "fr"))
    assert await booked_start(ctx) == expected
    assert state.variety == variety


async def test_the_typed_label_of_a_slot_button_picks_it(flow_engine, ctx, bookable_agadir):
    state = await to_slots(flow_engine, ctx, "fr", bookable_agadir)
    ctx.conversation_key = "routing-typed-label"
    _, buttons = await step(flow_engine, state, ctx, text="???")  # not understood: the buttons again
    label = next(b.title for b in buttons if b.payload == f"/pick:{state.options[1]['value']}")
    typed = label.lower().replace(" - ", " ")  # "mardi 01/12 09:30", as typed
    expected = state.options[1]["value"]
    await step(flow_engine, state, ctx, text=typed)
    assert await booked_start(ctx) == expected


async def test_a_typed_center_name_picks_the_center(flow_engine, ctx, bookable_agadir):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/find_center")
    await step(flow_engine, state, ctx, payload="/choose:find_center.need.child")
    _, buttons = await step(flow_engine, state, ctx, text="Agadir")
    label = next(b.title for b in buttons if b.payload == f"/pick:{bookable_agadir}")
    await step(flow_engine, state, ctx, text=label.lower().replace("(", "").replace(")", "")[:-1])  # a typo
    assert state.slots.get("center_id") == str(bookable_agadir)
    assert state.flow == "booking"


@pytest.mark.parametrize(("variety", "text", "value"), [
    ("fr", "le premier", "self"), ("ary-Latn", "ltani", "child"), ("ary", "التالت", "relative"),
    ("fr", "pour mon enfnat", "child"),  # the label "Pour mon enfant", with a typo
])
async def test_ordinals_and_fuzzy_labels_answer_a_choice(flow_engine, ctx, variety, text, value):
    state = ConversationState(variety=variety)
    await step(flow_engine, state, ctx, payload="/disability_card")
    assert state.node == "for_whom"
    await step(flow_engine, state, ctx, text=text)
    assert state.slots.get("for_whom") == value


async def test_a_sentence_is_not_taken_for_an_ordinal(flow_engine, ctx):
    from dialogues.typed_choice import ordinal_position

    assert ordinal_position("le premier ministre a parle de la reforme des centres", 3) is None
    assert ordinal_position("le premier", 3) == 0
    assert ordinal_position("le quatrieme", 3) is None


# ---- 5. small ones --------------------------------------------------------------------------------------

@pytest.mark.parametrize("need", ["violence", "mediation", "disability", "child", "elderly", "homeless"])
async def test_center_items_carry_no_usage_tag_and_no_repeated_type(flow_engine, ctx, need):
    """Every open center of every need, as the list shows it in French: no "[usage]" provenance tag, and the
    type label is not repeated after a name that already holds it."""
    from sqlalchemy import select

    from services.center_types import CENTER_TYPES
    from services.models import Center, CenterTypeNeed

    async with ctx.session_factory() as s:
        rows = (await s.execute(select(Center).join(CenterTypeNeed, CenterTypeNeed.type_code == Center.type_code)
                                .where(CenterTypeNeed.need == need, Center.status == "existing"))).scalars().all()
    assert rows
    for c in {r.place_id: r for r in rows}.values():
        state = ConversationState(variety="fr")
        state.slots.update(latitude=c.latitude, longitude=c.longitude, need=need, place_id=c.place_id,
                           location_source="place", place_name_fr=c.place_id, place_name_ar=c.place_id)
        text = "\n".join(m.text for m in await flow_engine.enter_flow(state, "find_center", ctx, node="centers"))
        assert "[usage]" not in text
        label = CENTER_TYPES[c.type_code].label_fr
        assert text.count(f"{label} – {c.name_fr.split(' – ')[-1]} — {label}") == 0


async def test_the_elderly_center_of_guercif_is_named_once(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, payload="/elderly_care")
    text, _ = await step(flow_engine, state, ctx, text="Guercif")
    line = next(ln for ln in text.splitlines() if "Guercif" in ln and ln[:1].isdigit())
    assert line == "1. Établissement de protection sociale pour personnes âgées – Guercif"
    # Erfoud's is in progress: information only, its distance left out when it is in the very place
    text, _ = await step(flow_engine, ConversationState(variety="fr", flow="elderly", node="location", waiting=True),
                         ctx, text="Erfoud")
    assert "• Établissement de protection sociale pour personnes âgées – Erfoud\n" in text + "\n"


@pytest.mark.parametrize(("variety", "fragment"), [
    ("fr", "Vous n'avez aucun rendez-vous à venir. Voulez-vous en prendre un ?"),
    ("ary-Latn", "Ma 3ndek 7ta maw3id jay. Bghiti takhod(i) maw3id?"),
    ("ary", "ما عندك حتى موعد جاي. بغيتي تاخد(ي) موعد؟"),
    ("ar", "ليس لديك أي موعد قادم. يمكن حجز موعد الآن"),
])
async def test_no_appointment_says_so_and_offers_to_book_one(flow_engine, ctx, variety, fragment):
    ctx.conversation_key = f"routing-nobody-{variety}"
    state = ConversationState(variety=variety)
    msgs = await flow_engine.step(state, Turn(payload="/check_appointment"), ctx)
    assert len(msgs) == 1  # one message: no lone "choose an option:" with a single Menu button
    assert fragment in msgs[0].text
    assert [b.payload for b in msgs[0].buttons] == ["/book_appointment", "/menu"]
    assert state.flow is None
    await flow_engine.step(state, Turn(payload="/book_appointment"), ctx)
    assert (state.flow, state.node) == ("find_center", "need")


# ---- the same with the trained model --------------------------------------------------------------------

@pytest.mark.rasa
async def test_with_the_model_9ser_lkbir_and_mardi_9h30(nlu_conversation_driver, bookable_agadir):
    d = nlu_conversation_driver
    cid = "routing-rasa-9ser"
    for payload in ("/disability_card", "/choose:disability_card.for_whom.child", "/choose:disability_card.info.find"):
        await d.send(cid, payload=payload)
    ex = await d.send(cid, text="9ser lkbir")
    assert ex.state.flow == "disability_card" and ex.state.slots["place_id"] == "ksar-el-kebir"

    cid = "routing-rasa-slot"
    for payload in ("/lang:fr", "/find_center", "/choose:find_center.need.child"):
        await d.send(cid, payload=payload)
    await d.send(cid, text="Agadir")
    ex = await d.send(cid, payload=f"/pick:{bookable_agadir}")
    opts = ex.state.options
    target = next(o for o in opts if sum(p["args"]["day"] == o["args"]["day"]
                                         and p["args"]["time"] == o["args"]["time"] for p in opts) == 1)
    days = {"mon": "lundi", "tue": "mardi", "wed": "mercredi", "thu": "jeudi", "fri": "vendredi"}
    hour, minute = target["args"]["time"].split(":")
    ex = await d.send(cid, text=f"{days[target['args']['day']]} {int(hour)}h{minute}")
    assert ex.state.variety == "fr" and ex.state.slots.get("appointment_ref")
