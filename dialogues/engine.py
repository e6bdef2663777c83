"""The dialogue engine: runs the journeys written as data in ``dialogues/flows/*.yml`` (BRIEF contract #6).

The message path (``bot/pipeline.py``) calls :meth:`FlowEngine.step` once per inbound message, after the
safety net and the NLU parse, with the conversation's :class:`ConversationState` (which it loads and saves)
and a :class:`Turn`; the engine mutates the state and returns the replies as
:class:`dialogues.messages.OutboundMessage` objects, already rendered from ``locales/`` in the conversation's
variety. It never sees a platform object.

What one step does, in order (``dialogues.dispatch.HANDLERS``; see ``dialogues/README.md``):

1. **commands**: ``/start``, ``/menu`` (or the word "menu" alone, in any variety) restart at the menu;
   ``/quick_exit`` forgets the conversation; ``/lang:<variety>`` switches language;
2. **answer** to the question the conversation is waiting on (button payload, typed number or label,
   choice keywords, an intent the question accepts, a shared location or a typed place);
3. **switch**: an intent that starts a flow (a service, or a global interrupt: help, talk_to_human,
   change_language, delete_data, goodbye, bot_challenge…) starts it — journeys switch at once, no
   confirmation; an interrupt remembers the question and its flow can ``return`` to it;
4. **fallback**: low confidence → buttons with the two likeliest intents + menu; a question not
   answered → its buttons again; after two misses in a row, the offer of a person. The journey's own
   opening request said again at one of its questions is no miss: a short acknowledgement, then the
   question again.

With ``Turn.parse is None`` (NLU unreachable) the engine is in *menu mode*: buttons and the keyword
matcher of :mod:`dialogues.menu_mode` route every journey in the four varieties.

Emergency: the pipeline's safety net (or NLU ``immediate_danger``) sends the emergency numbers itself,
then calls :meth:`FlowEngine.enter_flow` ``(state, "emergency", ctx)``, whose flow asks whether she is safe
now and continues. The engine also routes ``immediate_danger`` to that flow if it ever reaches it.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

import locales
from dialogues import actions as action_registry
from dialogues import questions
from dialogues.dispatch import TurnContext, dispatch
from dialogues.messages import Button, OutboundMessage
from dialogues.places import PLACE_SLOTS, has_place, remember_city, remember_place_in_text, set_place
from dialogues.render import Out, resolve_arg
from dialogues.schema import Choice, Flow, Node, is_special, split_target
from dialogues.state import (
    LOCAL_TZ,
    QUICK_EXIT,
    ActionContext,
    ActionResult,
    ConversationState,
    FlowError,
    Reply,
    ReplyButton,
    Turn,
)
from dialogues.text import normalize
from dialogues.understand import (
    LANGUAGE_SWITCH_MIN,
    Understanding,
    calibrated_switch,
    keyword_hint,
    understand,
)
from nlu.safety import not_literal, told_as_story
from services import barometer
from services.geo import MOROCCO_BOX, OUTSIDE_KM, outside_morocco

__all__ = [
    "LANGUAGE_SWITCH_MIN", "LOCAL_TZ", "MOROCCO_BOX", "OUTSIDE_KM", "PLACE_SLOTS", "QUICK_EXIT", "ActionContext",
    "ActionResult", "ConversationState", "FlowEngine", "FlowError", "Reply", "ReplyButton", "Turn",
    "keyword_hint", "outside_morocco", "resolve_arg", "set_place",
]

log = logging.getLogger(__name__)

FLOWS_DIR = Path(__file__).resolve().parent / "flows"
WELCOME_FLOW = "welcome"
EMERGENCY_FLOW = "emergency"
MAX_HOPS = 40  # nodes entered in one step before the engine declares a loop
SUGGEST_MIN = 0.1  # an intent below this confidence is not worth a suggestion button (the menu is shown)
CARE_INTENTS = frozenset({"report_violence", "child_protection", "family_mediation", "elderly_care", "homeless_shelter"})


class FlowEngine:
    """Runs the flows. Build it with :meth:`load` (validates everything) or :meth:`default` (cached).

    Thresholds (NLU confidence, 0–1): ``accept`` — an intent answers a question that lists it;
    ``switch`` — an intent starts another journey (per intent, chosen from cross-validated calibrated scores:
    ``nlu/calibration.json``, see ``nlu/README.md``; a ``switch`` given explicitly applies to every intent);
    below ``fallback`` the turn is not understood.
    """

    welcome_flow = WELCOME_FLOW

    def __init__(self, flows: dict[str, Flow], *, accept: float = 0.7, switch: float | None = None,
                 fallback: float = 0.4) -> None:
        self.flows = flows
        default, by_intent = (switch, {}) if switch is not None else calibrated_switch()
        self.switch, self.switch_by_intent = default, by_intent
        self.accept, self.fallback = accept, fallback
        self.intent_flows: dict[str, str] = {}
        for flow in flows.values():
            for intent in flow.intents:
                self.intent_flows[intent] = flow.id
        self.menu = sorted((f for f in flows.values() if f.menu), key=lambda f: f.menu.order)  # type: ignore

    # ---- loading and validation ------------------------------------------------------------------

    def prepare(self) -> int:
        """Build now, at start-up, what the first person's message would otherwise build (0.2–0.4 s): every
        variety's Fluent messages and the typed forms of every choice label (``dialogues.render.label_forms``),
        the menu mode's keyword tables and the emergency numbers. Returns how many labels were prepared."""
        from dialogues import menu_mode
        from dialogues.emergency import emergency_numbers
        from dialogues.render import label_forms

        labels = {c.label for f in self.flows.values() for n in f.nodes.values() if n.ask for c in n.ask.choices}
        for label in labels:
            label_forms(label)
        menu_mode.prepare()
        emergency_numbers()
        return len(labels)

    @classmethod
    def load(cls, directory: Path | str = FLOWS_DIR, **kwargs: Any) -> FlowEngine:
        """Load and validate every ``*.yml`` of ``directory``.

        Raises:
            FlowError: listing every problem (YAML, schema, duplicate ids or intents, unknown targets or
                actions, action parameters not matching the action's model, missing ``welcome``/``emergency``
                flows).
        """
        flows: dict[str, Flow] = {}
        problems: list[str] = []
        for path in sorted(Path(directory).glob("*.yml")):
            try:
                flow = Flow.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
            except (yaml.YAMLError, ValidationError) as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            if flow.id != path.stem:
                problems.append(f"{path.name}: flow id {flow.id!r} must equal the file name")
            if flow.id in flows:
                problems.append(f"{path.name}: duplicate flow id {flow.id!r}")
            flows[flow.id] = flow
        problems.extend(cls._cross_check(flows))
        if problems:
            raise FlowError("invalid flows:\n  " + "\n  ".join(problems))
        return cls(flows, **kwargs)

    @staticmethod
    def _cross_check(flows: dict[str, Flow]) -> list[str]:
        problems = [f"missing required flow {r!r}" for r in (WELCOME_FLOW, EMERGENCY_FLOW) if r not in flows]
        seen: dict[str, str] = {}
        for flow in flows.values():
            for intent in flow.intents:
                if intent in seen:
                    problems.append(f"intent {intent!r} starts both {seen[intent]!r} and {flow.id!r}")
                seen[intent] = flow.id
            for node_id, target in flow.targets():
                if is_special(target):
                    continue
                f_id, n_id = split_target(target)
                if f_id is None:
                    if n_id not in flow.nodes:
                        problems.append(f"{flow.id}.{node_id}: unknown node {target!r}")
                elif f_id not in flows:
                    problems.append(f"{flow.id}.{node_id}: unknown flow in {target!r}")
                elif n_id and n_id not in flows[f_id].nodes:
                    problems.append(f"{flow.id}.{node_id}: unknown node in {target!r}")
            problems.extend(_action_problems(flow))
        return problems

    def switch_min(self, intent: str | None) -> float:
        """The NLU confidence at which ``intent`` starts its journey."""
        return self.switch_by_intent.get(intent or "", self.switch)

    def locale_keys(self) -> set[str]:
        """Every locale key the flows and the engine use."""
        keys = set(ENGINE_KEYS) | action_registry.action_keys()
        for flow in self.flows.values():
            keys |= flow.locale_keys()
        return keys

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> FlowEngine:
        """The engine over ``dialogues/flows`` (loaded and validated once per process)."""
        return cls.load()

    # ---- public API --------------------------------------------------------------------------------

    async def step(self, state: ConversationState, turn: Turn, ctx: ActionContext) -> list[OutboundMessage]:
        """Handle one inbound message: mutate ``state``, return the replies (possibly empty).

        Returns ``[]`` while ``state.handoff`` is True (an operator owns the conversation), except for the
        quick exit. Never raises for user input; an action failing is routed as outcome ``error`` (a kind
        apology + phone lines). What the turn does is :data:`dialogues.dispatch.HANDLERS`, in order.
        """
        if state.handoff and not turn.quick_exit:
            return []
        state.turns += 1
        out = Out(state)
        u = understand(self, state, turn)
        u.place_before = {k: state.slots[k] for k in PLACE_SLOTS if k in state.slots}
        if u.city:
            u.place_named = remember_city(state, ctx, u.city)
        elif u.menu_mode and u.text:
            u.place_named = remember_place_in_text(state, ctx, u.text)
        await dispatch(TurnContext(self, state, turn, u, ctx, out))
        return out.messages()

    async def enter_flow(self, state: ConversationState, flow_id: str, ctx: ActionContext,
                         node: str | None = None) -> list[OutboundMessage]:
        """Start ``flow_id`` (at ``node`` or its start) and return what it says, e.g. after the pipeline
        sent the emergency reply: ``await engine.enter_flow(state, "emergency", ctx)``.

        Raises:
            KeyError: unknown flow or node.
        """
        flow = self.flows[flow_id]
        if node is not None and node not in flow.nodes:
            raise KeyError(node)
        out = Out(state)
        state.misses = 0
        await self.enter(state, flow, node or flow.start, ctx, out)
        return out.messages()

    def waiting_for(self, state: ConversationState) -> str | None:
        """The kind of input the conversation waits for (``choice``, ``intent``, ``location``, ``text``,
        ``pick``), or None. Lets the pipeline weigh an NLU label against the question asked (e.g. a bare
        place name answering "where are you?")."""
        flow = self.flows.get(state.flow or "")
        node = flow.nodes.get(state.node or "") if flow and state.waiting else None
        return node.ask.kind if node and node.ask else None

    def restart(self, state: ConversationState) -> None:
        """Forget the journey and slots, keep the language (the next step starts at the menu)."""
        state.reset()

    def switch_target(self, u: Understanding, turn: Turn, node: Node | None) -> str | None:
        """The flow a confident intent of this turn starts (journey or interrupt), or None.

        Not for a story, a figure of speech or a joke about a care need ("ضربني البرد", "tkhasamt m3a rajli 😂":
        "did you mean…?" buttons instead), not for an NLU ``immediate_danger`` (danger is the message path's
        decision, ``nlu/danger.py``, taken before the engine: one that reaches the engine was not confirmed);
        a plausible greeting with nothing waiting (``node`` None) starts the menu."""
        confident = u.intent is not None and u.confidence >= self.switch_min(u.intent)
        if confident and turn.parse is not None and not u.payload and self.intent_flows.get(u.intent or "") not in (
                None, WELCOME_FLOW) and (told_as_story(u.text) or (u.intent in CARE_INTENTS and not_literal(u.text))):
            confident = False
        if u.intent == "immediate_danger" and turn.parse is not None and not u.payload:
            confident = False
        if u.intent == "greet" and node is None and u.confidence >= self.fallback:
            confident = True
        return self.intent_flows.get(u.intent or "") if confident else None

    # ---- moving between nodes ----------------------------------------------------------------------

    async def goto(self, state: ConversationState, flow: Flow | None, target: str, ctx: ActionContext,
                   out: Out, hops: int = 0) -> None:
        """Follow ``target`` from ``flow`` (``<node>``, ``flow:<id>[.<node>]``, ``end``, ``return``, ``$slot``;
        see :mod:`dialogues.schema`). Raises :class:`FlowError` on a loop."""
        if target == "end":
            state.flow, state.node, state.waiting, state.options = None, None, False, []
            state.opening = None
            return
        if target.startswith("$"):
            # a target stored in a slot by the caller (e.g. ``after_booking: flow:violence.advice``)
            stored = state.slots.pop(target[1:], None)
            target = str(stored) if stored else "end"
            if target.startswith("$"):
                target = "end"
            await self.goto(state, flow, target, ctx, out, hops + 1)
            return
        if target == "return":
            self._return(state, out)
            return
        f_id, n_id = split_target(target)
        if f_id is not None:
            new = self.flows[f_id]
            await self.enter(state, new, n_id or new.start, ctx, out, hops)
            return
        assert flow is not None
        await self.enter(state, flow, n_id or flow.start, ctx, out, hops)

    def _return(self, state: ConversationState, out: Out) -> None:
        """Re-ask the question an interrupt interrupted (``state.return_to``); none → between journeys."""
        back = state.return_to
        state.return_to = None
        if back and back[0] in self.flows and back[1] in self.flows[back[0]].nodes:
            f = self.flows[back[0]]
            state.flow, state.node, state.waiting = f.id, back[1], True
            n = f.nodes[back[1]]
            for item in n.say:
                out.say(item.key, item.args)
            self.render_ask(state, f, back[1], n, out)
            return
        state.flow, state.node, state.waiting = None, None, False

    async def enter(self, state: ConversationState, flow: Flow, node_id: str, ctx: ActionContext, out: Out,
                    hops: int = 0) -> None:
        """Enter ``flow.node_id``: ``set`` → ``action`` (its outcome may route) → prefilled answer or known
        place → ``say`` → ``ask`` (wait) or ``next``. Raises :class:`FlowError` after :data:`MAX_HOPS` nodes."""
        if hops > MAX_HOPS:
            raise FlowError(f"flow loop at {flow.id}.{node_id}")
        node = flow.nodes[node_id]
        if state.opening and state.opening.get("flow") != flow.id:
            state.opening = None  # another journey: the opening message is not about it
        state.flow, state.node, state.waiting = flow.id, node_id, False
        for k, v in node.set.items():
            self.set_slot(state, k, v)
        if node.action:
            result = await self._run_action(state, node, ctx)
            for r in result.replies:
                out.say(r.key, r.args)
                out.buttons([out.button(b.key, b.payload, b.args) for b in r.buttons])
            if result.options is not None:
                state.options = result.options
            if result.outcome in node.outcomes:
                await self.goto(state, flow, node.outcomes[result.outcome], ctx, out, hops + 1)
                return
            if result.outcome == "error":
                out.say("common-service-error")
        prefilled = self._prefill(state, node)
        if prefilled is not None:
            assert node.ask is not None
            if node.ask.slot:
                self.set_slot(state, node.ask.slot, prefilled.value)
            for k, v in prefilled.set.items():
                self.set_slot(state, k, v)
            await self.goto(state, flow, prefilled.next or node.ask.next or "end", ctx, out, hops + 1)
            return
        if node.ask and node.ask.kind == "location" and has_place(state):
            # the place is already known (shared earlier or named in a message): don't ask again
            await self.goto(state, flow, node.ask.next or "end", ctx, out, hops + 1)
            return
        for item in node.say:
            out.say(item.key, item.args)
        if node.ask:
            state.waiting = True
            self.render_ask(state, flow, node_id, node, out)
            return
        out.buttons(out.plain_buttons([(b.label, b.payload) for b in node.buttons]))
        await self.goto(state, flow, node.next or "end", ctx, out, hops + 1)

    @staticmethod
    def _prefill(state: ConversationState, node: Node) -> Choice | None:
        """The choice of ``node``'s question answered by the journey's opening message, or None.

        Only questions whose choices declare ``prefill`` keywords consume the opening message (it is then
        dropped from the state); exactly one matching option answers, none or several → the question is
        asked."""
        ask = node.ask
        if ask is None or ask.kind != "choice" or not any(c.prefill for c in ask.choices):
            return None
        opening, state.opening = state.opening, None
        text = (opening or {}).get("text") or ""
        if not text:
            return None
        hits = [c for c in ask.choices if any(_has_phrase(text, kw) for kw in c.prefill)]
        return hits[0] if len(hits) == 1 else None

    async def _run_action(self, state: ConversationState, node: Node, ctx: ActionContext) -> ActionResult:
        """Run ``node.action`` with its ``with:`` parameters (``$slot`` values read from the slots, then
        validated by the action's parameter model); any failure → outcome ``error``."""
        name = node.action or ""
        try:
            params = action_registry.params_at_run(name, node.with_, lambda v: resolve_arg(state, v))
        except ValidationError as exc:  # a slot's value refused: the fields and error kinds, never the value
            log.error("action %s: parameters refused %s", name, [(e["loc"], e["type"]) for e in exc.errors()])
            return ActionResult(outcome="error")
        try:
            result = await action_registry.get(name)(state, ctx, params)
        except Exception:
            log.exception("action %s failed", node.action)
            return ActionResult(outcome="error")
        barometer.on_action(node.action, result, state, ctx)  # anonymous counts (services/barometer.py)
        return result if isinstance(result, ActionResult) else ActionResult()

    def ask_again_or_menu(self, state: ConversationState, flow: Flow | None, node: Node | None, out: Out) -> None:
        """Ask the current question again when one is open, else show the menu buttons."""
        if flow and node and node.ask:
            self.render_ask(state, flow, state.node or "", node, out)
        else:
            out.buttons(self.menu_buttons(out))

    def render_ask(self, state: ConversationState, flow: Flow, node_id: str, node: Node, out: Out) -> None:
        """The buttons of ``node``'s question: a pick's shown options, the choices, the question's and the
        node's fixed buttons (the welcome question adds the menu); a location question requests a location."""
        ask = node.ask
        assert ask is not None
        buttons: list[Button] = []
        if ask.kind == "pick":  # a ``hidden`` option has no button (information only; its name picks it)
            buttons += [out.button(o["key"], f"/pick:{o['value']}", o.get("args")) for o in state.options
                        if not o.get("hidden")]
        plain = [(c.label, f"/choose:{flow.id}.{node_id}.{c.value}") for c in ask.choices]
        plain += [(b.label, b.payload) for b in ask.buttons]
        if ask.kind == "intent" and not ask.buttons and flow.id == WELCOME_FLOW:
            plain += self._menu_items()
        plain += [(b.label, b.payload) for b in node.buttons]
        out.buttons(buttons + out.plain_buttons(plain), request_location=ask.kind == "location")

    def menu_buttons(self, out: Out) -> list[Button]:
        """The main menu: one button per flow with a ``menu`` entry (payload = its first intent), plus
        the quick-exit button."""
        return out.plain_buttons(self._menu_items())

    def _menu_items(self) -> list[tuple[str, str]]:
        """``(label key, payload)`` of the main menu's buttons."""
        items = [(f.menu.label, f"/{f.intents[0]}") for f in self.menu if f.menu and f.intents]
        items.append(("common-quick-exit", "/quick_exit"))
        return items

    def set_slot(self, state: ConversationState, name: str, value: Any) -> None:
        """Set slot ``name`` (None removes it); the ``variety`` slot switches and locks the language."""
        if name == "variety":
            if value in locales.VARIETIES:
                state.variety, state.language_locked = value, True
            return
        if value is None:
            state.slots.pop(name, None)
        else:
            state.slots[name] = value

    # ---- fallback ----------------------------------------------------------------------------------

    async def fall_back(self, state: ConversationState, flow: Flow | None, node: Node | None,
                        u: Understanding, out: Out) -> None:
        """The turn was not understood: the question again with its reprompt; with nothing asked, "did you
        mean…?" buttons (the keyword hint, then the likeliest journeys) or the menu; a second miss in a row
        offers a person."""
        state.misses += 1
        if state.misses >= 2:
            out.say("fallback-offer-human")
            out.buttons([out.button("common-talk-to-human", "/talk_to_human"), out.button("common-menu", "/menu")])
            return
        if flow and node and node.ask and node.ask.kind != "intent":
            out.say(node.ask.reprompt or questions.reprompt(node.ask.kind))
            self.render_ask(state, flow, state.node or "", node, out)
            return
        suggestions: list[str] = []
        if u.hint and (f_hint := self.intent_flows.get(u.hint)) and self.flows[f_hint].menu:
            suggestions.append(u.hint)
        for intent, conf in u.ranking:
            if conf < SUGGEST_MIN:
                break
            f_id = self.intent_flows.get(intent)
            if f_id and self.flows[f_id].menu and intent not in suggestions:
                suggestions.append(intent)
            if len(suggestions) == 2:
                break
        if suggestions:
            out.say("fallback-suggest")
            buttons = [out.button(self.flows[self.intent_flows[i]].menu.label, f"/{i}")  # type: ignore[union-attr]
                       for i in suggestions]
            out.buttons(buttons + [out.button("common-menu", "/menu")])
            return
        out.say("fallback-not-understood")
        out.buttons(self.menu_buttons(out))


def _action_problems(flow: Flow) -> list[str]:
    """Unknown actions and ``with:`` parameters their model refuses, as ``<flow>.<node>: …`` lines."""
    problems: list[str] = []
    known = action_registry.registry()
    for node_id, node in flow.nodes.items():
        if not node.action:
            continue
        if node.action not in known:
            problems.append(f"{flow.id}.{node_id}: unknown action {node.action!r}")
            continue
        problems.extend(f"{flow.id}.{node_id}: action {node.action}: {p}"
                        for p in action_registry.param_problems(node.action, node.with_))
    return problems


ENGINE_KEYS: frozenset[str] = frozenset(
    {"common-choose", "common-media-unsupported", "common-quick-exit", "common-quick-exit-done", "common-language-changed",
     "common-service-error", "common-talk-to-human", "common-menu", "fallback-offer-human", "fallback-suggest",
     "fallback-not-understood", "fallback-choose-button", "fallback-heard-you", "location-not-found", "location-which",
     "location-place-button", "location-unavailable", "location-outside-morocco", "weekday", "location-ask",
     "location-noted"}
)
"""Locale keys the engine itself uses (beyond those named in flows)."""


@lru_cache(maxsize=4096)
def _phrase_pattern(keyword: str) -> re.Pattern[str] | None:
    norm = normalize(keyword)
    return re.compile(r"(?<!\w)" + re.escape(norm) + r"(?!\w)") if norm else None


def _has_phrase(norm_text: str, keyword: str) -> bool:
    """True when the normalised ``keyword`` occurs in ``norm_text`` as whole words."""
    pattern = _phrase_pattern(keyword)
    return bool(pattern and pattern.search(norm_text))
