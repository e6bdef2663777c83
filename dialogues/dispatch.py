"""What one turn does, as an ordered list of handlers (:data:`HANDLERS`).

Each :class:`Handler` has ``applies(t)`` — does it concern this turn? — and ``handle(t)``, which returns True
when the turn is done (the later handlers are skipped) or False to let the next ones try (e.g. a question
the turn did not answer). :func:`dispatch` runs the first applicable handlers in order; the last one,
``fallback``, always applies. ``t`` is a :class:`TurnContext`: the engine, the state, the turn, what was
understood (:class:`dialogues.understand.Understanding`), the action context and the output. The order is
the engine's contract (``dialogues/README.md``, *What one turn does*).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import locales
from dialogues import menu_mode
from dialogues.places import set_place
from dialogues.questions import answerer
from dialogues.render import Out
from dialogues.schema import Flow, Node
from dialogues.state import QUICK_EXIT, ActionContext, ConversationState, Turn
from services.geo import outside_morocco

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine
    from dialogues.understand import Understanding

log = logging.getLogger("dialogues.engine")

RESTART_PAYLOADS = ("/start", "/menu", "/restart", "/stop_waiting")
CONFIRM_NODE_PREFIX = "confirm"  # nodes named confirm* act only on their own, current, buttons
_UNSET: Any = object()


@dataclass(slots=True)
class TurnContext:
    """One turn being handled. ``flow``/``node``: where the conversation is (``node`` only while a question
    waits; refreshed by :meth:`locate`); ``target``: the journey this turn starts, if any (computed once)."""

    engine: FlowEngine
    state: ConversationState
    turn: Turn
    u: Understanding
    ctx: ActionContext
    out: Out
    flow: Flow | None = None
    node: Node | None = None
    asking: bool = False  # a question waits for an answer (``node.ask``)
    _target: Any = field(default=_UNSET, repr=False)

    def locate(self) -> None:
        """Read ``flow``, ``node`` and ``asking`` from the state."""
        state = self.state
        self.flow = flow = self.engine.flows.get(state.flow or "")
        self.node = node = flow.nodes.get(state.node or "") if flow and state.waiting else None
        self.asking = node is not None and node.ask is not None

    @property
    def target(self) -> str | None:
        """The flow this turn's intent starts (:meth:`dialogues.engine.FlowEngine.switch_target`)."""
        if self._target is _UNSET:
            self._target = self.engine.switch_target(self.u, self.turn, self.node)
        return self._target


@dataclass(frozen=True)
class Handler:
    """One step of a turn: ``applies(t)`` → ``await handle(t)`` (True: the turn is done)."""

    name: str
    applies: Callable[[TurnContext], bool]
    handle: Callable[[TurnContext], Awaitable[bool]]


async def dispatch(t: TurnContext) -> str:
    """Run :data:`HANDLERS` in order until one handles the turn; returns its name. ``t.flow``/``t.node`` are
    read again after a handler that declined (it may have moved the conversation, e.g. ``earlier_button``)."""
    t.locate()
    for name, applies, handle in _STEPS:
        if applies(t):
            if await handle(t):
                return name
            t.locate()
    raise AssertionError("the fallback handler always handles the turn")  # pragma: no cover


# ---- 1. commands ---------------------------------------------------------------------------------


def _is_restart(t: TurnContext) -> bool:
    return t.u.payload in RESTART_PAYLOADS or bool(t.u.norm and t.u.norm in menu_mode.exact_words("_menu_exact"))


async def _restart(t: TurnContext) -> bool:
    t.state.reset()
    welcome = t.engine.flows[t.engine.welcome_flow]
    await t.engine.enter(t.state, welcome, welcome.start, t.ctx, t.out)
    return True


async def _quick_exit(t: TurnContext) -> bool:
    t.state.reset(keep_language=True)
    t.state.erase_requested = True  # nothing of the conversation is kept (the pipeline erases it)
    t.out.say("common-quick-exit-done")
    t.out.items[-1]["quick_exit"] = True
    return True


def _is_language(t: TurnContext) -> bool:
    p = t.u.payload
    return bool(p and p.startswith("/lang:") and p[6:] in locales.VARIETIES)


async def _language(t: TurnContext) -> bool:
    state = t.state
    state.variety, state.language_locked = (t.u.payload or "")[6:], True
    t.out.say("common-language-changed")
    if state.flow and state.node and state.waiting:
        state.return_to = [state.flow, state.node]  # re-ask the current question in the new language
    await t.engine.goto(state, t.flow, "return", t.ctx, t.out)
    if state.flow is None:
        t.out.buttons([t.out.button("common-menu", "/menu")])
    return True


async def _earlier_button(t: TurnContext) -> bool:
    """A button of an earlier question of this journey: that question is answered again. A button of another
    journey, or of a confirmation (``confirm*`` nodes: erase, cancel), is valid only where it was offered:
    it is understood as nothing and the current question re-asked. Never ends the turn."""
    state, flows = t.state, t.engine.flows
    f_id, _, rest = (t.u.payload or "")[8:].partition(".")
    n_id, _, _value = rest.partition(".")
    if (f_id, n_id) != (state.flow, state.node) and f_id == state.flow and f_id in flows \
            and n_id in flows[f_id].nodes and not n_id.startswith(CONFIRM_NODE_PREFIX):
        node = flows[f_id].nodes[n_id]
        if node.ask and node.ask.kind == "choice":
            state.flow, state.node, state.waiting = f_id, n_id, True
    return False


# ---- 2. the question asked -----------------------------------------------------------------------


def _is_media_only(t: TurnContext) -> bool:
    return not t.u.text and not t.u.payload and t.turn.location is None


async def _media_only(t: TurnContext) -> bool:
    """Media only (voice note, photo…): never downloaded; say so and ask again."""
    t.out.say("common-media-unsupported")
    t.engine.ask_again_or_menu(t.state, t.flow, t.node, t.out)
    return True


async def _answer(t: TurnContext) -> bool:
    flow, node = t.flow, t.node
    assert flow is not None and node is not None and node.ask is not None
    return await answerer(node.ask.kind)(t.engine, t.state, flow, node, t.turn, t.u, t.ctx, t.out)


def _is_unasked_location(t: TurnContext) -> bool:
    return t.turn.location is not None and not t.u.payload and not t.u.text


async def _unasked_location(t: TurnContext) -> bool:
    """A location shared while no question asked for one: outside Morocco → said kindly; inside → the place
    is remembered and the pending question asked again, or with nothing asked ``find_center`` starts."""
    e, state, loc = t.engine, t.state, t.turn.location
    assert loc is not None
    gaz = t.ctx.get_gazetteer()
    if outside_morocco(loc.latitude, loc.longitude, gaz):
        state.misses = 0
        t.out.say("location-outside-morocco")
        e.ask_again_or_menu(state, t.flow, t.node, t.out)
        return True
    if gaz is not None:
        state.slots.update(latitude=loc.latitude, longitude=loc.longitude)
        try:
            set_place(state, gaz.nearest(loc.latitude, loc.longitude), keep_point=True)
        except Exception:
            log.exception("gazetteer.nearest failed")
    flow, node = t.flow, t.node
    if flow and node and node.ask:
        state.misses = 0  # the place is kept; the question is asked again (no "pick a button")
        e.render_ask(state, flow, state.node or "", node, t.out)
        return True
    if gaz is not None and "inform_location" in e.intent_flows:
        new = e.flows[e.intent_flows["inform_location"]]
        state.return_to, state.misses = None, 0
        state.slots["trigger_intent"] = "inform_location"
        await e.enter(state, new, new.entry or new.start, t.ctx, t.out)
        return True
    return False


def _is_place_noted(t: TurnContext) -> bool:
    node, flow = t.node, t.flow
    return bool(t.u.place_named and t.u.intent in (None, "inform_location") and flow and node and node.ask
                and node.ask.kind in ("choice", "pick") and flow.id != t.engine.welcome_flow)


async def _place_noted(t: TurnContext) -> bool:
    """A place named at a question that is not "where are you?" ("مراكش" at "what kind of conflict?"): it is
    noted; at a list of centers with a location question in the journey, the search is made again from the
    new place; otherwise the question is asked again (the location question, when it comes, is skipped)."""
    state, flow, node, out = t.state, t.flow, t.node, t.out
    assert flow is not None and node is not None
    state.misses = 0
    out.say("location-noted", {"place": "$place_name"})
    centers_list = node.ask is not None and node.ask.kind == "pick" and any(
        str(o.get("key", "")).startswith(("centers-", "far-")) for o in state.options)
    if centers_list and "location" in flow.nodes:
        state.options = []
        await t.engine.enter(state, flow, "location", t.ctx, out)
        return True
    if node.say:
        out.say(node.say[-1].key, node.say[-1].args)
    t.engine.render_ask(state, flow, state.node or "", node, out)
    return True


# ---- 3. another journey --------------------------------------------------------------------------


def _is_greeting_mid_question(t: TurnContext) -> bool:
    return t.u.intent == "greet" and bool(t.target and t.flow and t.node)


async def _greeting_mid_question(t: TurnContext) -> bool:
    """A greeting mid-question is not a request to start over: the question is asked again."""
    t.state.misses = 0
    t.engine.render_ask(t.state, t.flow, t.state.node or "", t.node, t.out)  # type: ignore[arg-type]
    return True


def _is_opening_repeated(t: TurnContext) -> bool:
    flow = t.flow
    return bool(t.target and t.target == t.state.flow and flow and t.asking and t.u.intent in flow.intents)


async def _opening_repeated(t: TurnContext) -> bool:
    """The journey's own opening request said again ("rajli kaydrebni" once more) at one of its questions:
    she is understood; acknowledge and ask the question again (not a miss)."""
    node = t.node
    assert node is not None
    t.out.say("fallback-heard-you")
    if node.say:
        t.out.say(node.say[-1].key, node.say[-1].args)
    t.engine.render_ask(t.state, t.flow, t.state.node or "", node, t.out)  # type: ignore[arg-type]
    return True


def _is_switch(t: TurnContext) -> bool:
    return bool(t.target and not (t.target == t.state.flow and t.node is not None))


async def _switch(t: TurnContext) -> bool:
    """Start the journey (or interrupt) of the turn's intent. An interrupt remembers the question it
    interrupted; anything else forgets any older one. The words of the request may answer the journey's
    questions (``prefill``: kept in ``state.opening``)."""
    state, u, flow, node = t.state, t.u, t.flow, t.node
    new = t.engine.flows[t.target or ""]
    state.return_to = [flow.id, state.node or ""] if new.interrupt and flow and node else None
    state.misses = 0
    state.slots["trigger_intent"] = u.intent
    state.opening = {"flow": new.id, "text": u.norm} if u.norm else None
    await t.engine.enter(state, new, new.entry or new.start, t.ctx, t.out)
    return True


# ---- 4. nothing waiting --------------------------------------------------------------------------


def _is_small_talk(t: TurnContext) -> bool:
    if t.node is not None or not t.u.intent or t.u.confidence < t.engine.accept:
        return False
    welcome = t.engine.flows[t.engine.welcome_flow]
    ask = welcome.nodes[welcome.start].ask
    return bool(ask and t.u.intent in ask.routes)


async def _small_talk(t: TurnContext) -> bool:
    """Small talk with nothing waiting, routed by the welcome flow's intent routes."""
    welcome = t.engine.flows[t.engine.welcome_flow]
    ask = welcome.nodes[welcome.start].ask
    assert ask is not None
    t.state.misses = 0
    await t.engine.goto(t.state, welcome, ask.routes[t.u.intent or ""], t.ctx, t.out)
    return True


def _is_welcome(t: TurnContext) -> bool:
    return t.node is None and bool(t.u.text) and not t.u.payload and menu_mode.asks_for_welcome(t.u.text)


async def _welcome(t: TurnContext) -> bool:
    """A greeting or "can you help me?" the NLU did not place: the welcome menu, not "didn't understand"."""
    t.state.misses = 0
    t.state.return_to = None
    welcome = t.engine.flows[t.engine.welcome_flow]
    await t.engine.enter(t.state, welcome, welcome.start, t.ctx, t.out)
    return True


async def _fallback(t: TurnContext) -> bool:
    await t.engine.fall_back(t.state, t.flow, t.node, t.u, t.out)
    return True


def _always(t: TurnContext) -> bool:
    return True


HANDLERS: tuple[Handler, ...] = (
    Handler("restart", _is_restart, _restart),
    Handler("quick_exit", lambda t: t.u.payload == QUICK_EXIT, _quick_exit),
    Handler("language", _is_language, _language),
    Handler("earlier_button", lambda t: bool(t.u.payload and t.u.payload.startswith("/choose:")), _earlier_button),
    Handler("media_only", _is_media_only, _media_only),
    Handler("answer", lambda t: t.asking, _answer),
    Handler("unasked_location", _is_unasked_location, _unasked_location),
    Handler("place_noted", _is_place_noted, _place_noted),
    Handler("greeting_mid_question", _is_greeting_mid_question, _greeting_mid_question),
    Handler("opening_repeated", _is_opening_repeated, _opening_repeated),
    Handler("switch", _is_switch, _switch),
    Handler("small_talk", _is_small_talk, _small_talk),
    Handler("welcome", _is_welcome, _welcome),
    Handler("fallback", _always, _fallback),
)
"""The handlers of one turn, in order (see the module docstring)."""

_STEPS = tuple((h.name, h.applies, h.handle) for h in HANDLERS)
