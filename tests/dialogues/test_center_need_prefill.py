"""A newcomer's second pass: a center request that names its service (in the four varieties) goes straight to
"where are you?" instead of asking which service.

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

# ---- 2. "a center for violence": the service named in the request is not asked again ---------------------

NEEDS = [
    ("ary-Latn", "bghit markaz dyal l3onf", "violence"),
    ("ary", "بغيت مركز ديال العنف", "violence"),
    ("ar", "أريد مركزا لضحايا العنف", "violence"),
    ("fr", "je veux un centre pour la violence", "violence"),
    ("ary-Latn", "bghit markaz dyal l2i3a9a", "disability"),
    ("ary", "بغيت مركز ديال الإعاقة", "disability"),
    ("ar", "أبحث عن مركز للمعاقين", "disability"),
    ("fr", "je cherche un centre pour personnes handicapées", "disability"),
    ("ary-Latn", "bghit markaz dyal latfal", "child"),
    ("ary", "بغيت مركز ديال الأطفال", "child"),
    ("ar", "أبحث عن مركز للأطفال", "child"),
    ("fr", "un centre pour enfant", "child"),
    ("ary-Latn", "bghit markaz dyal lmsenin", "elderly"),
    ("ary", "بغيت مركز ديال العجزة", "elderly"),
    ("ar", "أبحث عن مركز للمسنين", "elderly"),
    ("fr", "un centre pour personnes âgées", "elderly"),
    ("ary-Latn", "bghit markaz dyal lwasata", "mediation"),
    ("ary", "بغيت مركز ديال الوساطة", "mediation"),
    ("ar", "أبحث عن مركز للوساطة", "mediation"),
    ("fr", "je cherche un centre de médiation", "mediation"),
    ("ary-Latn", "bghit markaz dyal lmbit", "homeless"),
    ("ary", "بغيت مركز ديال المبيت", "homeless"),
    ("ar", "أبحث عن مركز للإيواء", "homeless"),
    ("fr", "je cherche un centre d'hébergement", "homeless"),
]


@pytest.mark.parametrize(("variety", "text", "need"), NEEDS)
async def test_center_request_naming_its_service_goes_to_location(flow_engine, ctx, variety, text, need):
    state = ConversationState(variety=variety)
    texts, buttons = await step(flow_engine, state, ctx, text=text, parse=parsed(text, "find_center", 0.9, variety))
    assert (state.flow, state.node) == ("find_center", "location")
    assert state.slots["need"] == need
    assert not any(p.startswith("/choose:find_center.need.") for p in buttons)
    assert texts[-1] == locales.t(variety, "location-ask", gender="other")


async def test_center_request_without_service_still_asks_which(flow_engine, ctx):
    state = ConversationState(variety="ary-Latn")
    _, buttons = await step(flow_engine, state, ctx, text="bghit markaz",
                            parse=parsed("bghit markaz", "find_center", 0.9, "ary-Latn"))
    assert (state.flow, state.node) == ("find_center", "need")
    assert "/choose:find_center.need.violence" in buttons


async def test_violence_center_with_the_real_model(flow_engine, ctx, rasa_url):
    state = ConversationState(variety="ary-Latn")
    async with NLUClient(rasa_url) as nlu:
        parse = await nlu.parse("bghit markaz dyal l3onf")
    await step(flow_engine, state, ctx, text="bghit markaz dyal l3onf", parse=parse)
    assert (state.flow, state.node, state.slots["need"]) == ("find_center", "location", "violence")
