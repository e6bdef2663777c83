"""Engine behaviour through the real flows, locales and gazetteer (menu mode: ``Turn.parse is None``).

The database-backed actions run against the seeded PostgreSQL directory where a test needs them
(``directory_session_factory``); without a database they answer ``unavailable`` — tested as such.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialogues.engine import ActionContext, ConversationState, FlowEngine, FlowError, Turn
from dialogues.messages import Location
from nlu.client import ParseResult


@pytest.fixture
def ctx():
    from services.gazetteer import Gazetteer

    return ActionContext(conversation_key="engine-test", channel="rest", gazetteer=Gazetteer.default())


async def say(engine, state, ctx, text=None, payload=None, location=None):
    msgs = await engine.step(state, Turn(text=text, payload=payload, location=location), ctx)
    return msgs, [b.payload for m in msgs for b in m.buttons]


async def test_state_survives_json(flow_engine, ctx):
    state = ConversationState()
    await say(flow_engine, state, ctx, payload="/report_violence")
    await say(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    restored = ConversationState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert restored == state
    assert (restored.flow, restored.node, restored.slots["gender"]) == ("violence", "danger", "f")
    assert ConversationState.from_dict({"flow": "x", "unknown_future_field": 1}).flow == "x"


async def test_help_mid_flow_returns_to_the_question(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/report_violence")
    await say(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    msgs, buttons = await say(flow_engine, state, ctx, text="aide")
    assert (state.flow, state.node, state.waiting) == ("violence", "danger", True)
    assert "/choose:violence.danger.yes" in buttons  # the question is asked again
    assert flow_engine.waiting_for(state) == "choice"
    assert "Jisr" in msgs[0].text


async def test_menu_word_restarts_and_forgets_slots(flow_engine, ctx):
    state = ConversationState(variety="ary")
    await say(flow_engine, state, ctx, text="ana f tanja, rajli kaydrebni")
    assert state.slots.get("place_id") == "tanger"
    await say(flow_engine, state, ctx, text="القائمة")
    assert (state.flow, state.node) == ("welcome", "menu")
    assert state.slots == {}


async def test_new_service_intent_switches_journey(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/family_mediation")
    assert state.flow == "family_mediation"
    await say(flow_engine, state, ctx, text="je veux la carte de handicap pour mon fils")
    # "pour mon fils" answers "for whom?" (prefill): the journey goes on to the card's information
    assert (state.flow, state.node, state.slots["for_whom"]) == ("disability_card", "info", "child")


async def test_stale_button_answers_its_own_question(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/report_violence")
    await say(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    await say(flow_engine, state, ctx, payload="/choose:violence.danger.no")
    assert state.node == "kind"
    await say(flow_engine, state, ctx, payload="/choose:violence.danger.yes")  # an earlier button
    assert state.flow == "emergency"


async def test_two_misses_offer_a_person(flow_engine, ctx):
    state = ConversationState(variety="ar")
    await say(flow_engine, state, ctx, payload="/disability_card")
    _, buttons = await say(flow_engine, state, ctx, text="qqqq")
    assert "/choose:disability_card.for_whom.self" in buttons and state.misses == 1
    _msgs, buttons = await say(flow_engine, state, ctx, text="wwww")
    assert buttons == ["/talk_to_human", "/menu"]
    _, buttons = await say(flow_engine, state, ctx, payload="/choose:disability_card.for_whom.self")
    assert state.misses == 0 and state.node == "info"


async def test_typed_number_and_label_choose(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/disability_card")
    await say(flow_engine, state, ctx, text="Pour mon enfant")
    assert state.slots["for_whom"] == "child"
    state2 = ConversationState(variety="ary")
    await say(flow_engine, state2, ctx, payload="/disability_card")
    await say(flow_engine, state2, ctx, text="3")
    assert state2.slots["for_whom"] == "relative"


async def test_ambiguous_or_unknown_place(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/find_center")
    await say(flow_engine, state, ctx, payload="/choose:find_center.need.elderly")
    assert flow_engine.waiting_for(state) == "location"
    msgs, buttons = await say(flow_engine, state, ctx, text="xyzzyville")
    assert state.node == "location" and msgs[-1].request_location
    assert len(ctx.get_gazetteer().resolve("Skoura")) > 1  # two places named Skoura: ask which
    msgs, buttons = await say(flow_engine, state, ctx, text="Skoura")
    assert len(buttons) > 1 and all(b.startswith("/place:") for b in buttons)
    assert state.node == "location"
    await say(flow_engine, state, ctx, payload=buttons[0])
    assert state.slots["place_id"] == buttons[0].split(":", 1)[1]
    assert state.node != "location"


async def test_shared_location_without_database_gives_lines(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/report_violence")
    await say(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    await say(flow_engine, state, ctx, payload="/choose:violence.danger.no")
    await say(flow_engine, state, ctx, payload="/choose:violence.kind.skip")
    msgs, buttons = await say(flow_engine, state, ctx, location=Location(35.77, -5.80))
    text = "\n".join(m.text for m in msgs)
    assert state.slots["place_id"] == "tanger"
    assert "8350" in text and "/quick_exit" in buttons and state.flow is None


async def test_quick_exit_and_language_lock(flow_engine, ctx):
    state = ConversationState(variety="ary")
    await say(flow_engine, state, ctx, payload="/lang:fr")
    assert (state.variety, state.language_locked) == ("fr", True)
    await say(flow_engine, state, ctx, text="بغيت الوساطة الاسرية")
    assert state.variety == "fr" and state.flow == "family_mediation"
    msgs, _ = await say(flow_engine, state, ctx, payload="/quick_exit")
    assert msgs[-1].quick_exit and state.flow is None and state.slots == {}
    assert state.erase_requested  # the pipeline erases every record of the conversation


async def test_handoff_is_silent_and_emergency_entry(flow_engine, ctx):
    state = ConversationState(variety="fr", handoff=True)
    assert await flow_engine.step(state, Turn(text="allo ?"), ctx) == []
    for turn in (Turn(payload="/quick_exit"), Turn(text=" /quick_exit")):  # the quick exit is never silenced
        state = ConversationState(variety="fr", handoff=True)
        msgs = await flow_engine.step(state, turn, ctx)
        assert msgs[-1].quick_exit and state.erase_requested
    state = ConversationState(variety="ary-Latn")
    msgs = await flow_engine.enter_flow(state, "emergency", ctx)
    assert (state.flow, state.node, state.slots["danger"]) == ("emergency", "safe_now", True)
    assert next(b.payload for b in msgs[-1].buttons) == "/choose:emergency.safe_now.yes"
    await say(flow_engine, state, ctx, text="la")
    assert state.node == "not_safe"


async def test_talk_to_human_without_database_keeps_the_bot(flow_engine, ctx):
    state = ConversationState(variety="fr")
    msgs, _ = await say(flow_engine, state, ctx, payload="/talk_to_human")
    assert not state.handoff and "8350" in "\n".join(m.text for m in msgs)


async def test_delete_and_book_through_the_directory(flow_engine, directory_session_factory):
    from services.gazetteer import Gazetteer

    ctx = ActionContext(conversation_key="engine-test-del", gazetteer=Gazetteer.default(),
                        session_factory=directory_session_factory)
    state = ConversationState(variety="fr")
    _msgs, _ = await say(flow_engine, state, ctx, text="je veux supprimer mes données")
    assert (state.flow, state.node) == ("delete_data", "confirm")
    await say(flow_engine, state, ctx, payload="/choose:delete_data.confirm.yes")
    assert state.erase_requested and state.flow is None


def test_invalid_flows_are_reported(tmp_path: Path):
    src = Path(__file__).resolve().parents[2] / "dialogues" / "flows"
    for f in src.glob("*.yml"):
        (tmp_path / f.name).write_text(f.read_text())
    (tmp_path / "broken.yml").write_text(
        "id: broken\ndescription: x\nstart: a\nnodes:\n  a:\n    say: [x]\n    next: nowhere\n"
        "  b:\n    action: no_such_action\n    next: flow:ghost\n")
    with pytest.raises(FlowError) as err:
        FlowEngine.load(tmp_path)
    msg = str(err.value)
    assert "unknown node 'nowhere'" in msg and "unknown action 'no_such_action'" in msg and "ghost" in msg


async def test_book_check_reschedule_cancel_through_the_flows(flow_engine, directory_session_factory):
    """find_center → a bookable center → a slot → my appointments → reschedule → cancel, all on the real
    directory (the seed's child-protection center in Agadir, made bookable Monday–Friday 09:00–16:00)."""
    import datetime as dt

    from services.booking import list_for_person, set_opening_hours
    from services.directory import nearest_centers
    from services.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    agadir = gaz.get("agadir")
    async with directory_session_factory() as s:
        hits = (await nearest_centers(s, "child", agadir.latitude, agadir.longitude)).hits
        assert hits and hits[0].center.status == "existing", "seed: an existing child-protection center in Agadir"
        center_id = hits[0].center.id
        await set_opening_hours(s, center_id, [(d, dt.time(9), dt.time(16)) for d in range(5)])
        await s.commit()

    key = "engine-test-booking"
    ctx = ActionContext(conversation_key=key, gazetteer=gaz, session_factory=directory_session_factory)
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/find_center")
    await say(flow_engine, state, ctx, payload="/choose:find_center.need.child")
    _, buttons = await say(flow_engine, state, ctx, text="Agadir")
    assert f"/pick:{center_id}" in buttons
    msgs, buttons = await say(flow_engine, state, ctx, payload=f"/pick:{center_id}")
    assert (state.flow, state.node) == ("booking", "slots")
    slots = [b for b in buttons if b.startswith("/pick:")]
    assert len(slots) >= 2
    msgs, buttons = await say(flow_engine, state, ctx, payload=slots[0])
    text = "\n".join(m.text for m in msgs)
    ref = state.slots.get("appointment_ref")
    assert ref and ref in text and state.flow is None
    async with directory_session_factory() as s:
        booked = await list_for_person(s, key)
    assert [a.reference for a in booked] == [ref]

    _, buttons = await say(flow_engine, state, ctx, text="mes rendez-vous")
    assert (state.flow, state.node) == ("appointments", "list") and f"/pick:{ref}" in buttons
    await say(flow_engine, state, ctx, payload=f"/pick:{ref}")
    _, buttons = await say(flow_engine, state, ctx, payload="/choose:appointments.ask_action.reschedule")
    new_slots = [b for b in buttons if b.startswith("/pick:")]
    assert new_slots
    msgs, _ = await say(flow_engine, state, ctx, payload=new_slots[-1])
    async with directory_session_factory() as s:
        moved = await list_for_person(s, key)
    assert moved[0].start_local.strftime("%Y-%m-%dT%H:%M") == new_slots[-1].split(":", 1)[1]

    await say(flow_engine, state, ctx, payload="/cancel_appointment")
    ref = state.options[0]["value"]
    await say(flow_engine, state, ctx, payload=f"/pick:{ref}")
    assert state.node == "confirm_cancel"  # asked to cancel: straight to the confirmation
    msgs, _ = await say(flow_engine, state, ctx, payload="/choose:appointments.confirm_cancel.yes")
    assert ref in "\n".join(m.text for m in msgs)
    async with directory_session_factory() as s:
        assert await list_for_person(s, key) == []


async def test_voice_note_gets_a_kind_reply_and_the_question_again(flow_engine, ctx):
    from dialogues.messages import Attachment

    state = ConversationState(variety="ary")
    await say(flow_engine, state, ctx, payload="/report_violence")
    msgs = await flow_engine.step(state, Turn(attachments=(Attachment("audio", "audio/ogg"),)), ctx)
    assert "الأوديو" in msgs[0].text
    assert "/choose:violence.intro.yes" in [b.payload for m in msgs for b in m.buttons]
    assert (state.flow, state.node, state.misses) == ("violence", "intro", 0)


# ---- the NLU's language confidence gates a switch between varieties of one script ----------------------

@pytest.mark.parametrize(("language_confidence", "expected"), [(0.51, "ary"), (0.93, "ar")])
async def test_variety_switch_within_a_script_needs_language_confidence(flow_engine, language_confidence, expected):
    text = "السلام عليكم"  # Darija and MSA alike
    parse = ParseResult(text=text, intent="greet", confidence=0.99, language="ar", entities=[],
                        intent_ranking=[("greet", 0.99)], language_confidence=language_confidence)
    state = ConversationState(variety="ary")
    await flow_engine.step(state, Turn(text=text, parse=parse), ActionContext(conversation_key="lang", channel="rest"))
    assert state.variety == expected


async def test_a_change_of_script_switches_variety_whatever_the_confidence(flow_engine):
    text = "salam labas"
    parse = ParseResult(text=text, intent="greet", confidence=0.99, language="ary-Latn", entities=[],
                        intent_ranking=[("greet", 0.99)], language_confidence=0.55)
    state = ConversationState(variety="ary")
    await flow_engine.step(state, Turn(text=text, parse=parse), ActionContext(conversation_key="lang2", channel="rest"))
    assert state.variety == "ary-Latn"


async def test_a_confirmation_button_acts_only_where_it_was_offered(flow_engine, ctx):
    """A stale "yes, erase" sent as a first message, or after the question has gone, erases nothing."""
    state = ConversationState(variety="ary-Latn")
    await say(flow_engine, state, ctx, payload="/choose:delete_data.confirm.yes")  # first message
    assert not state.erase_requested and state.flow != "delete_data"
    await say(flow_engine, state, ctx, payload="/find_center")
    await say(flow_engine, state, ctx, payload="/choose:delete_data.confirm.yes")  # another journey's button
    assert not state.erase_requested and state.flow == "find_center"


async def test_another_journeys_button_does_not_switch_the_journey(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await say(flow_engine, state, ctx, payload="/disability_card")
    node = state.node
    await say(flow_engine, state, ctx, payload="/choose:violence.danger.no")
    assert (state.flow, state.node) == ("disability_card", node)
