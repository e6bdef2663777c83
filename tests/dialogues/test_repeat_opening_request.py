"""A newcomer's second pass: the journey's opening request repeated at one of its questions is understood
(a kind acknowledgement and the question again), never "not understood" nor a miss.

Real flows, locales and gazetteer; a real ``nlu.client.ParseResult`` (as the NLU client returns it) or the
trained model served by the ``rasa_url`` fixture.
"""

from __future__ import annotations

import pytest

import locales
from dialogues.engine import ConversationState
from nlu.client import NLUClient
from tests.dialogues.runner import parsed
from tests.dialogues.runner import step_texts as step


def _never_misunderstood(variety: str, texts: list[str]) -> None:
    for key in ("fallback-not-understood", "fallback-choose-button", "fallback-suggest"):
        for gender in ("f", "m", "other"):
            assert locales.t(variety, key, gender=gender) not in texts, key
    assert not any(t.startswith(locales.t(variety, "fallback-offer-human")[:20]) for t in texts)


# ---- 1. the journey's opening request repeated at one of its questions ---------------------------------

REPEATS = [
    ("ary-Latn", "rajli kaydrebni"),
    ("ary", "راجلي كيضربني"),
    ("ar", "زوجي يضربني"),
    ("fr", "mon mari me frappe"),
]


@pytest.mark.parametrize(("variety", "text"), REPEATS)
async def test_repeating_her_situation_re_asks_kindly_and_is_no_miss(flow_engine, ctx, variety, text):
    state = ConversationState(variety=variety)
    parse = parsed(text, "report_violence", 0.99, variety)
    await step(flow_engine, state, ctx, text=text, parse=parse)
    assert (state.flow, state.node) == ("violence", "intro")
    question = locales.t(variety, "violence-can-talk", gender="f")
    for _ in range(3):
        texts, buttons = await step(flow_engine, state, ctx, text=text, parse=parse)
        assert texts == [locales.t(variety, "fallback-heard-you", gender="f"), question]
        assert "/choose:violence.intro.yes" in buttons and "/talk_to_human" not in buttons
        assert (state.flow, state.node, state.misses) == ("violence", "intro", 0)
        _never_misunderstood(variety, texts)
    # the journey goes on as before
    await step(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    assert state.node == "danger"
    texts, _ = await step(flow_engine, state, ctx, text=text, parse=parse)
    assert texts[-1] == locales.t(variety, "violence-ask-danger", gender="f")
    assert (state.node, state.misses) == ("danger", 0)


async def test_repeat_at_the_location_question_asks_for_the_place_again(flow_engine, ctx):
    state = ConversationState(variety="ary-Latn")
    parse = parsed("rajli kaydrebni", "report_violence", 0.99, "ary-Latn")
    await step(flow_engine, state, ctx, text="rajli kaydrebni", parse=parse)
    await step(flow_engine, state, ctx, payload="/choose:violence.intro.yes")
    await step(flow_engine, state, ctx, payload="/choose:violence.danger.no")
    assert state.node == "location"
    for _ in range(3):
        texts, _ = await step(flow_engine, state, ctx, text="rajli kaydrebni", parse=parse)
        assert texts[0] == locales.t("ary-Latn", "fallback-heard-you", gender="f")
        assert texts[-1] == locales.t("ary-Latn", "location-ask", gender="f")
        assert (state.node, state.misses) == ("location", 0)


async def test_unclear_messages_still_offer_a_person_after_two_misses(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, text="mon mari me frappe",
               parse=parsed("mon mari me frappe", "report_violence", 0.99, "fr"))
    for _ in range(2):
        _, buttons = await step(flow_engine, state, ctx, text="zzz qqq",
                                parse=parsed("zzz qqq", "out_of_scope", 0.3, "fr"))
    assert "/talk_to_human" in buttons and state.misses == 2


async def test_a_different_confident_journey_still_switches(flow_engine, ctx):
    state = ConversationState(variety="fr")
    await step(flow_engine, state, ctx, text="mon mari me frappe",
               parse=parsed("mon mari me frappe", "report_violence", 0.99, "fr"))
    await step(flow_engine, state, ctx, text="carte de handicap",
               parse=parsed("carte de handicap", "disability_card", 0.95, "fr"))
    assert state.flow == "disability_card"


async def test_repeat_with_the_real_model(flow_engine, ctx, rasa_url):
    state = ConversationState(variety="ary-Latn")
    async with NLUClient(rasa_url) as nlu:
        for _ in range(4):
            parse = await nlu.parse("rajli kaydrebni")
            texts, _ = await step(flow_engine, state, ctx, text="rajli kaydrebni", parse=parse)
    assert texts[0] == locales.t("ary-Latn", "fallback-heard-you", gender="f")
    assert (state.flow, state.node, state.misses) == ("violence", "intro", 0)
    _never_misunderstood("ary-Latn", texts)
