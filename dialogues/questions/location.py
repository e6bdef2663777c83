"""Question kind ``location``: where the person is.

An answer is a shared location (the nearest gazetteer place; outside Morocco → said kindly and asked again),
one of the places offered by an earlier "which one?" (``/place:<id>``, or typed as in a pick), or a typed
place / NLU ``city`` entity resolved by the gazetteer (ambiguous → up to five "which one?" buttons). A clear
request for another service with no place in it switches journeys instead, but a message naming a known
place exactly answers ("9ser lkbir" is Ksar El Kébir, not the elderly journey). Stores the place slots
(:data:`dialogues.places.PLACE_SLOTS`). The question's ``choices`` (e.g. "skip") are answered as in
:mod:`dialogues.questions.choice`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from dialogues.places import EXACT_PLACE_SCORE, Match, set_place
from dialogues.questions import choice
from dialogues.questions.pick import match_option
from dialogues.render import Out
from dialogues.schema import Flow, Node
from dialogues.state import ActionContext, ConversationState, Turn
from services.geo import outside_morocco

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine
    from dialogues.understand import Understanding

log = logging.getLogger("dialogues.engine")

KIND = "location"
REPROMPT = "location-not-found"
PLACE_BUTTON = "location-place-button"
MAX_PLACES = 5  # "which one?" buttons at most


async def answer(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, turn: Turn,
                 u: Understanding, ctx: ActionContext, out: Out) -> bool:
    """Answer a ``location`` question; True when the turn was handled (answered, or asked "which one?",
    or the question asked again with a reason)."""
    if await choice.answer(engine, state, flow, node, turn, u, ctx, out):
        return True
    gaz = ctx.get_gazetteer()
    if turn.location is not None:
        return await _shared(engine, state, flow, node, turn, gaz, ctx, out)
    places_offered = all(o.get("key") == PLACE_BUTTON for o in state.options)
    picked = match_option(state, u, prefix="/place:") if places_offered else None
    if picked and gaz is not None:
        set_place(state, gaz.get(picked))
        return await _located(engine, state, flow, node, ctx, out)
    if u.payload or not u.text:
        return False
    if gaz is None:
        out.say("location-unavailable")
        engine.render_ask(state, flow, state.node or "", node, out)
        return True
    if _another_request(engine, u, gaz):
        return False
    try:
        matches = _matches(u, gaz)
    except Exception:
        log.exception("gazetteer.resolve failed")
        out.say("location-unavailable")
        engine.render_ask(state, flow, state.node or "", node, out)
        return True
    if len(matches) == 1:
        set_place(state, matches[0].place)
        return await _located(engine, state, flow, node, ctx, out)
    if len(matches) > 1:
        _which_one(state, matches, out)
        return True
    return False


async def _shared(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, turn: Turn, gaz: Any,
                  ctx: ActionContext, out: Out) -> bool:
    """A shared location: outside Morocco → kindly said and asked again; else its nearest place."""
    assert turn.location is not None
    lat, lon = turn.location.latitude, turn.location.longitude
    if outside_morocco(lat, lon, gaz):
        # kindly: Jisr knows only Moroccan centers; the numbers, local services, type a city
        state.misses = 0
        out.say("location-outside-morocco")
        engine.render_ask(state, flow, state.node or "", node, out)
        return True
    state.slots.update(latitude=lat, longitude=lon)
    if gaz is not None:
        try:
            set_place(state, gaz.nearest(lat, lon), keep_point=True)
        except Exception:
            log.exception("gazetteer.nearest failed")
    return await _located(engine, state, flow, node, ctx, out)


async def _located(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, ctx: ActionContext,
                   out: Out) -> bool:
    """The place is known: go on to the question's ``next``."""
    assert node.ask is not None
    state.options, state.misses = [], 0
    await engine.goto(state, flow, node.ask.next or "end", ctx, out)
    return True


def _another_request(engine: FlowEngine, u: Understanding, gaz: Any) -> bool:
    """A confident request for another journey with no place entity, unless the text names a known place
    exactly."""
    target = engine.intent_flows.get(u.intent or "")
    if not (u.city is None and target and u.confidence >= engine.switch_min(u.intent)
            and u.intent != "inform_location"):
        return False
    try:
        named = [m for m in gaz.resolve(u.text) if m.score >= EXACT_PLACE_SCORE]
    except Exception:
        log.exception("gazetteer.resolve failed")
        named = []
    return not named


def _matches(u: Understanding, gaz: Any) -> list[Any]:
    """The places the turn names: the NLU entity's place by id, else the gazetteer's matches of the entity
    (or of the text). Raises whatever the gazetteer raises."""
    try:
        matches: list[Any] = [Match(gaz.get(u.city))] if u.city else []
    except KeyError:
        matches = []
    if not matches:
        matches = list(gaz.resolve(u.city or u.text))
        if not matches and u.city:
            matches = list(gaz.resolve(u.text))
    return matches


def _which_one(state: ConversationState, matches: list[Any], out: Out) -> None:
    """Several places match: offer them as buttons (and the location request)."""
    state.options = [
        {"value": m.place.id, "key": PLACE_BUTTON,
         "args": {"name_ar": m.place.name_ar, "name_fr": m.place.name_fr, "province": m.place.province_fr or ""}}
        for m in matches[:MAX_PLACES]
    ]
    state.misses = 0
    out.say("location-which")
    out.buttons([out.button(o["key"], f"/place:{o['value']}", o["args"]) for o in state.options],
                request_location=True)
