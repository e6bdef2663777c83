"""The dialogue engine in the open world (issue "open world"): what starts a journey, with hand-made parses.

- per-intent thresholds from ``nlu/calibration.json`` (the real ``FlowEngine.default()``): below its threshold an
  intent gets the "did you mean…?" buttons, at or above it its journey;
- keywords only order those buttons (a lone "centre", "carte", "rdv" starts nothing), except a service named
  without doubt ("7imayat tofola", "carte handicap") when the NLU has not rejected the message;
- someone else's appointment or account ("rdv chez le coiffeur", "supprimer mon compte facebook") is out of scope;
- fiction, news, violence told as over long ago, or a care request said in jest starts no journey;
- an NLU ``immediate_danger`` that reaches the engine (the message path did not confirm it) starts no emergency flow;
- a message that names a place too: the place explains the NLU's ``inform_location`` share.
"""

from __future__ import annotations

import pytest

from dialogues.engine import ConversationState, FlowEngine
from nlu import calibration
from tests.dialogues.runner import parsed
from tests.dialogues.runner import step_texts as step


@pytest.fixture(scope="module")
def calibrated() -> FlowEngine:
    return FlowEngine.load()


def test_the_engine_reads_the_calibrated_thresholds(calibrated) -> None:
    assert calibrated.switch_by_intent == calibration.load()["switch"]["by_intent"]
    assert calibrated.switch_min("find_center") == calibration.load()["switch"]["by_intent"]["find_center"]
    assert calibrated.switch_min("greet") == calibration.load()["switch"]["default"]


async def test_below_its_threshold_an_intent_gets_buttons_not_its_journey(calibrated, ctx) -> None:
    t = calibrated.switch_min("find_center")
    state = ConversationState(variety="fr")
    text = "je cherche un centre"
    _, buttons = await step(calibrated, state, ctx, text=text, parse=parsed(text, "find_center", t - 0.02, "fr"))
    assert state.flow is None and "/find_center" in buttons
    state = ConversationState(variety="fr")
    await step(calibrated, state, ctx, text=text, parse=parsed(text, "find_center", t, "fr"))
    assert state.flow == "find_center"


async def test_a_generic_keyword_only_orders_the_buttons(calibrated, ctx) -> None:
    state = ConversationState(variety="fr")
    text = "le centre commercial ferme a quelle heure"
    ranking = [("help", 0.3), ("talk_to_human", 0.25), ("find_center", 0.22)]
    _, buttons = await step(calibrated, state, ctx, text=text, parse=parsed(text, "help", 0.3, "fr", ranking=ranking))
    assert state.flow is None
    assert buttons[0] == "/find_center"  # the keyword's service first among the suggestions


async def test_an_out_of_scope_verdict_is_not_overruled_by_a_keyword(calibrated, ctx) -> None:
    state = ConversationState(variety="ary")
    text = "لاكارط ديال البانكا تبلوكات ليا"
    ranking = [("out_of_scope", 0.55), ("disability_card", 0.3)]
    await step(calibrated, state, ctx, text=text, parse=parsed(text, "out_of_scope", 0.55, "ary", ranking=ranking))
    assert state.flow is None


async def test_a_service_named_without_doubt_starts_its_journey(calibrated, ctx) -> None:
    state = ConversationState(variety="ary-Latn")
    text = "bghit 7imayat tofola l wa7ed tfel"
    ranking = [("talk_to_human", 0.39), ("child_protection", 0.2)]
    await step(calibrated, state, ctx, text=text, parse=parsed(text, "talk_to_human", 0.39, "ary-Latn", ranking=ranking))
    assert state.flow == "child_protection"


@pytest.mark.parametrize(("variety", "text", "intent"), [
    ("fr", "je veux prendre rdv chez le coiffeur samedi", "book_appointment"),
    ("ary-Latn", "bghit n7jez chambre f l'hotel", "book_appointment"),
    ("ar", "اريد تغيير موعدي عند طبيب الجلد", "reschedule_appointment"),
    ("fr", "je veux annuler ma reservation au restaurant", "cancel_appointment"),
    ("ary", "بغيت نمسح الكونط ديال الفيسبوك", "delete_data"),
    ("fr", "ya un bus de nuit marrakech ouarzazate ?", "inform_location"),
])
async def test_someone_elses_service_is_out_of_scope(calibrated, ctx, variety, text, intent) -> None:
    state = ConversationState(variety=variety)
    await step(calibrated, state, ctx, text=text, parse=parsed(text, intent, 0.99, variety))
    assert state.flow is None
    assert state.slots.get("trigger_intent") == "out_of_scope"


@pytest.mark.parametrize(("variety", "text", "intent"), [
    ("fr", "dans le film le mari frappe sa femme", "report_violence"),
    ("ar", "الرواية تحكي عن طفل يضربه ابوه كل يوم", "child_protection"),
    ("ary-Latn", "kan 3ndi rajl zman kaydrebni w tl9t mno hadi 10 snin daba 3ayecha mzyan", "report_violence"),
    ("ary", "تخاصمت مع راجلي على الفطور 😂 وتصالحنا", "family_mediation"),
    ("ary", "ضربني البرد ملي خرجت بلا جاكيط", "report_violence"),
])
async def test_stories_jests_and_figures_of_speech_start_no_journey(calibrated, ctx, variety, text, intent) -> None:
    state = ConversationState(variety=variety)
    await step(calibrated, state, ctx, text=text, parse=parsed(text, intent, 0.99, variety))
    assert state.flow is None


async def test_an_unconfirmed_nlu_danger_starts_no_emergency_flow(calibrated, ctx) -> None:
    state = ConversationState(variety="ary-Latn")
    text = "rah lbe9al sed lyoum bkri"
    await step(calibrated, state, ctx, text=text, parse=parsed(text, "immediate_danger", 1.0, "ary-Latn"))
    assert state.flow is None and not state.slots.get("danger")


async def test_a_place_in_the_request_does_not_compete_with_it(calibrated, ctx) -> None:
    state = ConversationState(variety="ary")
    text = "راجلي كيضربني، أنا ف طنجة"
    ranking = [("report_violence", 0.58), ("inform_location", 0.35)]
    await step(calibrated, state, ctx, text=text,
               parse=parsed(text, "report_violence", 0.58, "ary", ranking=ranking, city="tanger"))
    assert state.flow == "violence"
