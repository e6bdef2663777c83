"""The dialogue engine: runs the journeys written as data in ``dialogues/flows/*.yml`` (BRIEF contract #6).

The message path (``bot/pipeline.py``) calls :meth:`FlowEngine.step` once per inbound message, after the
safety net and the NLU parse, with the conversation's :class:`ConversationState` (which it loads and saves)
and a :class:`Turn`; the engine mutates the state and returns the replies as
:class:`bot.messages.OutboundMessage` objects, already rendered from ``locales/`` in the conversation's
variety. It never sees a platform object.

What one step does, in order (see ``dialogues/README.md``):

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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import ValidationError

import locales
from bot.messages import Attachment, Button, Location, OutboundMessage
from bot.safety import not_literal, told_as_story
from dialogues import actions as action_registry
from dialogues import menu_mode, typed_choice
from dialogues.hotlines import hotline_args
from dialogues.schema import INTENTS, Ask, Flow, Node, is_special, split_target
from dialogues.text import normalize
from services import barometer

if TYPE_CHECKING:  # pragma: no cover
    from nlu.client import ParseResult

log = logging.getLogger(__name__)

FLOWS_DIR = Path(__file__).resolve().parent / "flows"
LOCAL_TZ = ZoneInfo("Africa/Casablanca")
WELCOME_FLOW = "welcome"
CONFIRM_NODE_PREFIX = "confirm"  # nodes named confirm* act only on their own, current, buttons
EMERGENCY_FLOW = "emergency"
QUICK_EXIT = "/quick_exit"  # the quick-exit command: forget the conversation (the pipeline erases it)
MAX_HOPS = 40  # nodes entered in one step before the engine declares a loop
LANGUAGE_SWITCH_MIN = 0.7  # NLU language confidence needed to switch between varieties of one script
# ("السلام عليكم" is Darija and MSA alike: 0.51 for ar, so the conversation keeps its variety)
SUGGEST_MIN = 0.1  # an intent below this confidence is not worth a suggestion button (the menu is shown)
CARE_INTENTS = frozenset({"report_violence", "child_protection", "family_mediation", "elderly_care", "homeless_shelter"})
KEYWORD_BACKUP_MIN = 0.2  # the keyword back-up picks an intent only when the NLU gives it at least this probability
EXACT_PLACE_SCORE = 99.0  # gazetteer score of an exact name/alias match (fuzzy matches score lower)
_DIGIT = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
_WORDS = re.compile(r"[^\W\d_]+")  # words of letters (numbers are no evidence of a language)
_ARABIC_VARIETIES = frozenset({"ary", "ar"})


class FlowError(Exception):
    """A flow file is invalid (bad YAML, schema violation, unknown target or action), or a flow loops."""


# --------------------------------------------------------------------------------------------------
# State and turn
# --------------------------------------------------------------------------------------------------


@dataclass
class ConversationState:
    """Everything the engine remembers about one conversation; JSON-serialisable via :meth:`to_dict`.

    Attributes:
        variety: ``ary`` | ``ary-Latn`` | ``ar`` | ``fr`` — the variety replies are rendered in.
        language_locked: True once the user chose a language explicitly (then NLU language is ignored).
        flow, node: where the conversation is (None = between journeys).
        waiting: True when ``node`` asked a question and waits for the answer.
        slots: values collected (``place_id``, ``latitude``, ``center_id``, ``gender``…); JSON values only.
        options: the buttons a ``pick``/place question offered: ``[{"value", "key", "args"}]``.
        return_to: ``[flow, node]`` re-asked when an interrupt flow ``return``s.
        misses: consecutive turns not understood (2 → offer a person).
        handoff: a person (operator) owns the conversation; the bot stays silent.
        erase_requested: the user confirmed "delete my data" or used the quick exit: the pipeline must erase
            everything the state store keeps about the conversation instead of saving it (the engine has
            already reset this object; a quick-exit turn's last reply has ``quick_exit`` set).
        turns: messages handled (for metrics; no content).
        opening: ``{"flow": id, "text": normalised message}`` — the message that started the running
            journey, kept only until the journey's first question with ``prefill`` keywords has used it
            (see :class:`dialogues.schema.Choice`); dropped when the journey ends or another starts. It is
            message content: never log it.
    """

    variety: str = locales.DEFAULT_VARIETY
    language_locked: bool = False
    flow: str | None = None
    node: str | None = None
    waiting: bool = False
    slots: dict[str, Any] = field(default_factory=dict)
    options: list[dict[str, Any]] = field(default_factory=list)
    return_to: list[str] | None = None
    misses: int = 0
    handoff: bool = False
    erase_requested: bool = False
    turns: int = 0
    opening: dict[str, str] | None = None
    version: int = 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (only str/int/float/bool/None/list/dict inside)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ConversationState:
        """Rebuild a state from :meth:`to_dict` output; unknown keys are ignored (forward compatible)."""
        if not data:
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def reset(self, *, keep_language: bool = True) -> None:
        """Forget the journey and all slots (keeps the variety unless ``keep_language`` is False)."""
        variety, locked = self.variety, self.language_locked
        fresh = ConversationState()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))
        if keep_language:
            self.variety, self.language_locked = variety, locked


@dataclass
class Turn:
    """One inbound message as the engine sees it.

    ``text``: what the user typed (None for a location or media only). ``payload``: the payload of a
    tapped button (a text starting with ``/`` is treated as a payload too, as Rasa does). ``location``:
    a shared location. ``parse``: the NLU result, or None when the NLU service is unreachable (menu mode).
    ``attachments``: media sent (never downloaded).
    """

    text: str | None = None
    payload: str | None = None
    location: Location | None = None
    parse: ParseResult | None = None
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def from_message(cls, msg: Any, parse: ParseResult | None) -> Turn:
        """Build a turn from a :class:`bot.messages.InboundMessage` and its parse."""
        return cls(text=msg.text, payload=msg.payload, location=msg.location, parse=parse,
                   attachments=tuple(msg.attachments or ()))

    @property
    def quick_exit(self) -> bool:
        """True for the quick-exit command (``/quick_exit`` tapped or typed): obeyed even while an operator
        owns the conversation — hiding the conversation must always work."""
        text = (self.text or "").strip()
        return (self.payload or (text if text.startswith("/") else None)) == QUICK_EXIT


@dataclass
class ActionContext:
    """What actions may use besides the state.

    ``conversation_key``: the person's pseudonymous key (``services.identity.pseudonymize``), the only
    identity the services see. ``channel``: ``rest``/``telegram``/…. ``session_factory``: an
    ``async_sessionmaker`` (None = no database: actions answer with outcome ``unavailable``).
    ``gazetteer``: a ``services.gazetteer.Gazetteer`` (None = ``Gazetteer.default()`` is tried).
    ``settings``: ``bot.config.Settings``. ``now``: current local time (Africa/Casablanca), injectable.
    """

    conversation_key: str
    channel: str = "rest"
    session_factory: Any = None
    gazetteer: Any = None
    settings: Any = None
    now: Callable[[], datetime] = field(default=lambda: datetime.now(LOCAL_TZ))

    def get_gazetteer(self) -> Any:
        """The gazetteer, or None when ``services.gazetteer`` is not available."""
        if self.gazetteer is None:
            try:
                from services.gazetteer import Gazetteer
            except ImportError:
                return None
            self.gazetteer = Gazetteer.default()
        return self.gazetteer


@dataclass
class ReplyButton:
    """A button an action offers: its label locale ``key`` + ``args`` and its ``payload``."""

    key: str
    payload: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    """One message an action wants said: a locale ``key`` with ``args``, optional ``buttons``."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)
    buttons: list[ReplyButton] = field(default_factory=list)


@dataclass
class ActionResult:
    """What an action returns: the ``outcome`` (routed by the node's ``outcomes:``), ``replies`` to say, and
    ``options`` for a following ``pick`` question (``[{"value", "key", "args"}]``)."""

    outcome: str = "ok"
    replies: list[Reply] = field(default_factory=list)
    options: list[dict[str, Any]] | None = None


# --------------------------------------------------------------------------------------------------
# Understanding one turn
# --------------------------------------------------------------------------------------------------


@dataclass
class _Understanding:
    payload: str | None
    text: str
    norm: str
    intent: str | None
    confidence: float
    ranking: list[tuple[str, float]]
    city: str | None
    menu_mode: bool
    prior_variety: str | None = None  # the variety before this message (restored for a typed list answer)
    list_answer: bool = False          # set when the text answered a list by number/ordinal/label/day+time
    place_named: bool = False          # the message named a known place (remembered in the slots)
    place_before: dict[str, Any] = field(default_factory=dict)  # the place slots before it was remembered
    hint: str | None = None            # an unsure parse: the intent the keywords suggest (first suggestion button)


@lru_cache(maxsize=2048)
def _label_forms(key: str) -> frozenset[str]:
    """The normalised rendering of a button label in every variety and gender (typed labels match)."""
    return frozenset(normalize(locales.t(v, key, gender=g, **hotline_args()))
                     for v in locales.VARIETIES for g in ("f", "m", "other"))


class _Out:
    """Collects rendered messages of one step."""

    def __init__(self, state: ConversationState) -> None:
        self.state = state
        self.items: list[dict[str, Any]] = []

    def args(self, raw: dict[str, Any] | None) -> dict[str, Any]:
        st = self.state
        # every scalar slot is an arg; ``x_ar``/``x_fr`` pairs also give ``x`` in the variety's script
        out: dict[str, Any] = dict(hotline_args())
        suffix = "_ar" if st.variety in _ARABIC_VARIETIES else "_fr"
        for k, v in st.slots.items():
            if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                out[k] = v
                if k.endswith(suffix):
                    out.setdefault(k[:-3], v)
        out["gender"] = st.slots.get("gender", "other")
        for k, v in (raw or {}).items():
            out[k] = resolve_arg(st, v)
        return out

    def say(self, key: str, args: dict[str, Any] | None = None) -> None:
        self.items.append({"text": locales.t(self.state.variety, key, **self.args(args)), "buttons": [],
                           "request_location": False, "quick_exit": False})

    def buttons(self, buttons: list[Button], request_location: bool = False) -> None:
        if not buttons and not request_location:
            return
        if not self.items or self.items[-1]["buttons"]:
            self.say("common-choose")
        self.items[-1]["buttons"].extend(buttons)
        self.items[-1]["request_location"] = self.items[-1]["request_location"] or request_location

    def button(self, key: str, payload: str, args: dict[str, Any] | None = None) -> Button:
        # a button title is a short single-direction label: no isolation marks (locales.t_label)
        return Button(title=locales.t_label(self.state.variety, key, **self.args(args)), payload=payload)

    def messages(self) -> list[OutboundMessage]:
        return [OutboundMessage(text=i["text"], buttons=tuple(i["buttons"]), request_location=i["request_location"],
                                quick_exit=i["quick_exit"]) for i in self.items]


def resolve_arg(state: ConversationState, value: Any) -> Any:
    """A say/button arg: ``"$slot"`` → the slot's value (or ``slot_ar``/``slot_fr`` by script; "" when
    unset); anything else unchanged."""
    if not isinstance(value, str) or not value.startswith("$"):
        return value
    name = value[1:]
    if state.slots.get(name) is not None:
        return state.slots[name]
    suffix = "_ar" if state.variety in _ARABIC_VARIETIES else "_fr"
    alt = state.slots.get(name + suffix)
    return alt if alt is not None else ""


# --------------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------------


def keyword_hint(text: str, top_intent: str | None, ranking: list[tuple[str, float]]) -> str | None:
    """The intent the keywords of ``dialogues/keywords.yml`` suggest for an unsure NLU parse, or None.

    With the NLU up, keywords never start a journey (the calibrated thresholds decide; a keyword lifting a parse
    to its threshold undid them): they only order the "did you mean…?" buttons. Only a *plausible* intent is
    suggested: not when the NLU's top intent is ``out_of_scope`` (it rejected the message: "centre commercial",
    "carte bancaire" name no service), and only an intent the NLU itself gives at least
    :data:`KEYWORD_BACKUP_MIN`. Small talk keywords never suggest."""
    if top_intent == "out_of_scope":
        return None
    match = menu_mode.match_intent(text)
    if match is None or match.intent in menu_mode.WEAK_INTENTS:
        return None
    if dict(ranking).get(match.intent, 0.0) < KEYWORD_BACKUP_MIN:
        return None
    return match.intent


def calibrated_switch() -> tuple[float, dict[str, float]]:
    """``(default, {intent: threshold})``: the journey thresholds of ``nlu/calibration.json`` (``jisr nlu calibrate``);
    ``(0.65, {})`` when absent."""
    try:
        from nlu import calibration

        switch = calibration.load()["switch"]
        return float(switch["default"]), {str(k): float(v) for k, v in switch["by_intent"].items()}
    except (FileNotFoundError, KeyError, ValueError):
        log.warning("no nlu/calibration.json: one journey threshold for every intent")
        return 0.65, {}


class FlowEngine:
    """Runs the flows. Build it with :meth:`load` (validates everything) or :meth:`default` (cached).

    Thresholds (NLU confidence, 0–1): ``accept`` — an intent answers a question that lists it;
    ``switch`` — an intent starts another journey (per intent, chosen from cross-validated calibrated scores:
    ``nlu/calibration.json``, see ``nlu/README.md``; a ``switch`` given explicitly applies to every intent);
    below ``fallback`` the turn is not understood.
    """

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

    @classmethod
    def load(cls, directory: Path | str = FLOWS_DIR, **kwargs: Any) -> FlowEngine:
        """Load and validate every ``*.yml`` of ``directory``.

        Raises:
            FlowError: listing every problem (YAML, schema, duplicate ids or intents, unknown targets or
                actions, missing ``welcome``/``emergency`` flows).
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
        problems: list[str] = []
        for required in (WELCOME_FLOW, EMERGENCY_FLOW):
            if required not in flows:
                problems.append(f"missing required flow {required!r}")
        seen: dict[str, str] = {}
        known_actions = action_registry.registry()
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
            for node_id, node in flow.nodes.items():
                if node.action and node.action not in known_actions:
                    problems.append(f"{flow.id}.{node_id}: unknown action {node.action!r}")
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
        apology + phone lines).
        """
        if state.handoff and not turn.quick_exit:
            return []
        state.turns += 1
        out = _Out(state)
        u = self._understand(state, turn)
        u.place_before = {k: state.slots[k] for k in PLACE_SLOTS if k in state.slots}
        if u.city:
            u.place_named = self._remember_city(state, ctx, u.city)
        elif u.menu_mode and u.text:
            u.place_named = self._remember_place_in_text(state, ctx, u.text)
        await self._dispatch(state, turn, u, ctx, out)
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
        out = _Out(state)
        state.misses = 0
        await self._enter(state, flow, node or flow.start, ctx, out)
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

    # ---- understanding -----------------------------------------------------------------------------

    def _understand(self, state: ConversationState, turn: Turn) -> _Understanding:
        prior_variety = state.variety
        text = (turn.text or "").strip()
        payload = turn.payload or (text if text.startswith("/") else None)
        norm = normalize(text) if text and not payload else ""
        intent, conf, ranking, city, hint = None, 0.0, [], None, None
        parse = turn.parse
        if payload:
            name = payload[1:]
            if name in INTENTS:
                intent, conf = name, 1.0
        elif parse is not None:
            intent, conf = parse.intent, float(parse.confidence or 0.0)
            ranking = [(str(i), float(c)) for i, c in (parse.intent_ranking or [])]
            for ent in parse.entities or []:
                if ent.entity == "city" and ent.value:
                    city = str(ent.value)
                    break
            if city and intent not in ("inform_location", "nlu_fallback"):
                # the message also names a place: the NLU's inform_location share is explained by the place
                # entity, it does not compete with the request ("rajli kaydrebni, ana f tanja")
                located = dict(ranking).get("inform_location", 0.0)
                if 0.0 < located < 1.0:
                    conf = min(1.0, conf / (1.0 - located))
            if menu_mode.not_ours(intent, text):
                # someone else's appointment or account ("rdv chez le coiffeur", "supprimer mon compte facebook"):
                # Jisr books only at its centres and erases only its own records
                intent, conf = "out_of_scope", max(conf, self.switch_min("out_of_scope"))
            exact = menu_mode.exact_table().get(norm)
            if menu_mode.strong_intent(text) == "change_language":
                exact = "change_language"  # "واخا نرجع للدارجة": an explicit request, whatever the model says
            if exact and exact != intent:
                # one-word answers ("la", "wakha", "oui") are deterministic, whatever the model says
                intent, conf = exact, 1.0
            elif conf < self.switch_min(intent):
                # a low-confidence parse: a service named without doubt ("7imayat tofola", "carte handicap") starts
                # its journey unless the NLU rejected the message; other keywords of a service the NLU finds
                # plausible only come first among the "did you mean…?" buttons
                strong = menu_mode.strong_intent(text) if intent != "out_of_scope" else None
                if strong:
                    intent, conf = strong, self.switch_min(strong)
                else:
                    hint = keyword_hint(text, intent, ranking)
            if (intent in menu_mode.WEAK_INTENTS and self.fallback <= conf < self.accept
                    and menu_mode.has_keyword(intent, text)):
                # small talk the model and the keywords agree on ("ah ana f aman daba, choukran": thank)
                conf = self.accept
            lang = getattr(parse, "language", None)
            lang_conf = float(getattr(parse, "language_confidence", 1.0))
            if lang in locales.VARIETIES and not state.language_locked and self._may_switch(state, norm, city) and (
                    menu_mode.script_changed(norm, state.variety, lang)
                    or (len(norm.split()) >= 2 and lang_conf >= LANGUAGE_SWITCH_MIN)):
                state.variety = lang
        elif text:
            match = menu_mode.match_intent(text)
            if match:
                intent, conf = match.intent, 1.0
            variety = menu_mode.guess_variety(text, state.variety)
            if variety is None and menu_mode.script_changed(normalize(text), state.variety, None):
                variety = "ary" if menu_mode.is_arabic_script(text) else "ary-Latn"
            if variety and not state.language_locked and self._may_switch(state, norm, None):
                state.variety = variety
        return _Understanding(payload, text, norm, intent, conf, ranking, city, parse is None and not payload,
                              prior_variety=prior_variety, hint=hint)

    @staticmethod
    def _may_switch(state: ConversationState, norm: str, city: str | None) -> bool:
        """Whether this message may change the conversation's variety: always for its first message; later
        only a message of at least two words that is more than a place name (a place, a number or a one-word
        answer written in the other script is no evidence of the person's language)."""
        if state.turns <= 1:
            return True
        words = _WORDS.findall(norm)
        if len(words) < 2:
            return False
        # "f marrakech", "oujda city": the place is the message
        return not (city and len(normalize(city).split()) >= len(words) - 1)

    def _remember_city(self, state: ConversationState, ctx: ActionContext, city: str) -> bool:
        """Remember the place of an NLU ``city`` entity; True when one was remembered."""
        gaz = ctx.get_gazetteer()
        if gaz is None:
            return False
        try:
            try:
                place = gaz.get(city)
            except KeyError:
                matches = gaz.resolve(city)
                place = matches[0].place if len(matches) == 1 else None
        except Exception:
            log.exception("gazetteer failed on an entity")
            return False
        if place is not None:
            set_place(state, place)
        return place is not None

    def _remember_place_in_text(self, state: ConversationState, ctx: ActionContext, text: str) -> bool:
        """Menu mode (no NLU ``city`` entity): a place named exactly in the message is remembered; True when
        one was."""
        gaz = ctx.get_gazetteer()
        if gaz is None:
            return False
        try:
            matches = [m for m in gaz.resolve(text) if m.score >= EXACT_PLACE_SCORE]
        except Exception:
            log.exception("gazetteer failed on a message")
            return False
        if len(matches) == 1:
            set_place(state, matches[0].place)
            return True
        return False

    # ---- dispatch ----------------------------------------------------------------------------------

    async def _dispatch(self, state: ConversationState, turn: Turn, u: _Understanding, ctx: ActionContext,
                        out: _Out) -> None:
        p = u.payload
        # 1. commands
        if p in ("/start", "/menu", "/restart", "/stop_waiting") or (u.norm and u.norm in menu_mode.exact_words("_menu_exact")):
            state.reset()
            await self._enter(state, self.flows[WELCOME_FLOW], self.flows[WELCOME_FLOW].start, ctx, out)
            return
        if p == QUICK_EXIT:
            state.reset(keep_language=True)
            state.erase_requested = True  # nothing of the conversation is kept (the pipeline erases it)
            out.say("common-quick-exit-done")
            out.items[-1]["quick_exit"] = True
            return
        if p and p.startswith("/lang:") and p[6:] in locales.VARIETIES:
            state.variety, state.language_locked = p[6:], True
            out.say("common-language-changed")
            if state.flow and state.node and state.waiting:
                state.return_to = [state.flow, state.node]  # re-ask the current question in the new language
            await self._goto(state, self.flows.get(state.flow or ""), "return", ctx, out)
            if state.flow is None:
                out.buttons([out.button("common-menu", "/menu")])
            return
        if p and p.startswith("/choose:"):
            f_id, _, rest = p[8:].partition(".")
            n_id, _, _value = rest.partition(".")
            if (f_id, n_id) != (state.flow, state.node) and f_id == state.flow and f_id in self.flows \
                    and n_id in self.flows[f_id].nodes and not n_id.startswith(CONFIRM_NODE_PREFIX):
                # a button of an earlier question of this journey: answer that question again. A button of
                # another journey, or of a confirmation (``confirm*`` nodes: erase, cancel), is valid only
                # where it was offered: here it is understood as nothing and the current question re-asked
                node = self.flows[f_id].nodes[n_id]
                if node.ask and node.ask.kind == "choice":
                    state.flow, state.node, state.waiting = f_id, n_id, True
        # 2. answer to the current question
        flow = self.flows.get(state.flow or "")
        node = flow.nodes.get(state.node or "") if flow and state.waiting else None
        if not u.text and not p and turn.location is None:
            # media only (voice note, photo…): never downloaded; say so and ask again
            out.say("common-media-unsupported")
            self._ask_again_or_menu(state, flow, node, out)
            return
        if flow and node and node.ask and await self._answer(state, flow, node, turn, u, ctx, out):
            return
        if turn.location is not None and not p and not u.text:
            # a location shared while no question asked for one
            # (e.g. "what kind of center?"): outside Morocco → say so kindly; inside → remember the place
            gaz = ctx.get_gazetteer()
            if outside_morocco(turn.location.latitude, turn.location.longitude, gaz):
                state.misses = 0
                out.say("location-outside-morocco")
                self._ask_again_or_menu(state, flow, node, out)
                return
            if gaz is not None:
                state.slots.update(latitude=turn.location.latitude, longitude=turn.location.longitude)
                try:
                    set_place(state, gaz.nearest(turn.location.latitude, turn.location.longitude), keep_point=True)
                except Exception:
                    log.exception("gazetteer.nearest failed")
            if flow and node and node.ask:
                state.misses = 0  # the place is kept; the question is asked again (no "pick a button")
                self._render_ask(state, flow, state.node or "", node, out)
                return
            if gaz is not None and "inform_location" in self.intent_flows:
                # nothing asked: find a center there
                new = self.flows[self.intent_flows["inform_location"]]
                state.return_to, state.misses = None, 0
                state.slots["trigger_intent"] = "inform_location"
                await self._enter(state, new, new.entry or new.start, ctx, out)
                return
        # 3. a place given at another question of a journey ("مراكش" at "what kind of conflict?"): the journey
        # keeps its context — the place is remembered (its location question will be skipped), the question
        # asked again; at a list of centers, the list is made again for the new place
        if u.place_named and u.intent in (None, "inform_location") and flow and node and node.ask \
                and node.ask.kind in ("choice", "pick") and flow.id != WELCOME_FLOW:
            await self._place_noted(state, flow, node, ctx, out)
            return
        # 4. switch journeys / interrupts
        confident = u.intent is not None and u.confidence >= self.switch_min(u.intent)
        if confident and turn.parse is not None and not u.payload and self.intent_flows.get(u.intent or "") not in (
                None, WELCOME_FLOW) and (told_as_story(u.text) or (u.intent in CARE_INTENTS and not_literal(u.text))):
            # fiction, news, a violence told as over long ago, or a care request said in jest or as a figure of speech
            # ("ضربني البرد", "tkhasamt m3a rajli 😂"): no journey starts, "did you mean…?" buttons
            confident = False
        if u.intent == "immediate_danger" and turn.parse is not None and not u.payload:
            # danger is the message path's decision (bot/danger.py: safety net + NLU + cue), taken before the
            # engine: an NLU immediate_danger that reaches the engine was not confirmed — "did you mean…?" buttons
            confident = False
        if u.intent == "greet" and node is None and u.confidence >= self.fallback:
            confident = True  # a plausible greeting with nothing going on: the menu is the right answer
        target = self.intent_flows.get(u.intent or "") if confident else None
        if u.intent == "greet" and target and flow and node:
            # a greeting mid-question is not a request to start over: ask the question again
            state.misses = 0
            self._render_ask(state, flow, state.node or "", node, out)
            return
        if target and target == state.flow and flow and node and node.ask and u.intent in flow.intents:
            # the journey's own opening request said again ("rajli kaydrebni" once more) at one of its
            # questions: she is understood; acknowledge and ask the question again (not a miss)
            out.say("fallback-heard-you")
            if node.say:
                out.say(node.say[-1].key, node.say[-1].args)
            self._render_ask(state, flow, state.node or "", node, out)
            return
        if target and not (target == state.flow and node is not None):
            new = self.flows[target]
            # an interrupt remembers the question it interrupted; anything else forgets any older one
            state.return_to = [flow.id, state.node or ""] if new.interrupt and flow and node else None
            state.misses = 0
            state.slots["trigger_intent"] = u.intent
            # the words of the request may already answer the journey's questions (``prefill``; "واخا نرجع
            # للدارجة" answers the language question of the change_language interrupt)
            state.opening = {"flow": new.id, "text": u.norm} if u.norm else None
            await self._enter(state, new, new.entry or new.start, ctx, out)
            return
        # 5. nothing waiting: small talk routed by the welcome flow's intent routes
        if node is None and u.intent and u.confidence >= self.accept:
            welcome = self.flows[WELCOME_FLOW]
            routes = welcome.nodes[welcome.start].ask.routes if welcome.nodes[welcome.start].ask else {}
            if u.intent in routes:
                state.misses = 0
                await self._goto(state, welcome, routes[u.intent], ctx, out)
                return
        # 6. a greeting or "can you help me?" the NLU did not place: the welcome menu, not "didn't understand"
        if node is None and u.text and not p and menu_mode.asks_for_welcome(u.text):
            state.misses = 0
            state.return_to = None
            welcome = self.flows[WELCOME_FLOW]
            await self._enter(state, welcome, welcome.start, ctx, out)
            return
        # 7. fallback
        await self._fallback(state, flow, node, u, out)

    async def _place_noted(self, state: ConversationState, flow: Flow, node: Node, ctx: ActionContext,
                           out: _Out) -> None:
        """A place named at a question that is not "where are you?": say it is noted; at a list of centers
        with a location question in the journey, search again from the new place; otherwise ask the question
        again (the location question, when it comes, is skipped: the place is known)."""
        state.misses = 0
        out.say("location-noted", {"place": "$place_name"})
        centers_list = node.ask is not None and node.ask.kind == "pick" and any(
            str(o.get("key", "")).startswith(("centers-", "far-")) for o in state.options)
        if centers_list and "location" in flow.nodes:
            state.options = []
            await self._enter(state, flow, "location", ctx, out)
            return
        if node.say:
            out.say(node.say[-1].key, node.say[-1].args)
        self._render_ask(state, flow, state.node or "", node, out)

    async def _answer(self, state: ConversationState, flow: Flow, node: Node, turn: Turn, u: _Understanding,
                      ctx: ActionContext, out: _Out) -> bool:
        ask: Ask = node.ask  # type: ignore[assignment]
        kind = ask.kind
        if kind in ("choice", "location", "pick"):
            choice = self._match_choice(state, flow, node, u)
            if choice is not None:
                self._keep_language(state, u)
                if ask.slot and kind != "pick":
                    self._set_slot(state, ask.slot, choice.value)
                for k, v in choice.set.items():
                    self._set_slot(state, k, v)
                state.misses = 0
                await self._goto(state, flow, choice.next or ask.next or "end", ctx, out)
                return True
        if kind == "pick":
            value = self._match_option(state, u, prefix="/pick:")
            if value is not None:
                if u.place_named:  # "جرسيف" picked the Guercif center: the person has not moved there
                    for k in PLACE_SLOTS:
                        state.slots.pop(k, None)
                    state.slots.update(u.place_before)
                self._keep_language(state, u)
                self._set_slot(state, ask.slot or "picked", value)
                state.options = []
                state.misses = 0
                await self._goto(state, flow, ask.next or "end", ctx, out)
                return True
            return False
        if kind == "intent":
            if u.intent in ask.routes and u.confidence >= self.accept:
                state.misses = 0
                await self._goto(state, flow, ask.routes[u.intent], ctx, out)
                return True
            return False
        if kind == "text":
            interrupt = self.intent_flows.get(u.intent or "")
            if u.payload or not u.text or (interrupt and self.flows[interrupt].interrupt and u.confidence >= 0.85):
                return False
            self._set_slot(state, ask.slot or "text", u.text)
            state.misses = 0
            await self._goto(state, flow, ask.next or "end", ctx, out)
            return True
        if kind == "location":
            return await self._answer_location(state, flow, node, turn, u, ctx, out)
        return False

    def _match_choice(self, state: ConversationState, flow: Flow, node: Node, u: _Understanding):
        ask = node.ask
        assert ask is not None
        choices = ask.choices
        if not choices:
            return None
        if u.payload:
            prefix = f"/choose:{flow.id}.{state.node}."
            if u.payload.startswith(prefix):
                value = u.payload[len(prefix):]
                return next((c for c in choices if c.value == value), None)
            return None
        if ask.kind == "choice":
            m = _DIGIT.match(u.text)
            if m and 1 <= int(m.group(1)) <= len(choices):
                u.list_answer = True
                return choices[int(m.group(1)) - 1]
        if u.norm:
            for c in choices:
                if u.norm in _label_forms(c.label):
                    u.list_answer = True
                    return c
            for c in choices:
                for kw in c.keywords:
                    if re.search(r"(?<!\w)" + re.escape(normalize(kw)) + r"(?!\w)", u.norm):
                        return c
            if ask.kind == "choice":
                # "le premier", "lowel", "التاني"…; a label typed approximately
                index = typed_choice.ordinal_position(u.norm, len(choices))
                if index is None:
                    index = typed_choice.best_label(u.norm, [set(_label_forms(c.label)) for c in choices])
                if index is not None:
                    u.list_answer = True
                    return choices[index]
        if u.intent and u.confidence >= self.accept:
            for c in choices:
                if u.intent in c.intents:
                    return c
        return None

    def _match_option(self, state: ConversationState, u: _Understanding, prefix: str) -> str | None:
        """The value of the option the turn picks: its payload, or typed — a number, an ordinal or a day and
        time among the options shown as buttons, or a label among all of them (an option marked ``hidden``
        has no button and no number: only its label, written out, picks it)."""
        values = [str(o["value"]) for o in state.options]
        if u.payload and u.payload.startswith(prefix):
            v = u.payload[len(prefix):]
            return v if v in values else None
        if u.payload or not u.norm or not values:
            return None
        shown = [o for o in state.options if not o.get("hidden")]
        m = _DIGIT.match(u.text)
        index = int(m.group(1)) - 1 if m else None
        if index is None:
            index = typed_choice.ordinal_position(u.norm, len(shown))
        if index is None:
            index = typed_choice.day_time_option(u.norm, shown)
        if index is not None:
            if not 0 <= index < len(shown):
                return None
            u.list_answer = True
            return str(shown[index]["value"])
        index = typed_choice.best_label(u.norm, [self._option_labels(state, o) for o in state.options])
        if index is None or not 0 <= index < len(values):
            return None
        u.list_answer = True
        return values[index]

    @staticmethod
    def _option_labels(state: ConversationState, option: dict[str, Any]) -> set[str]:
        """The normalised label of an option (its button title) in every variety."""
        args = _Out(state).args(option.get("args"))
        forms = set()
        for v in locales.VARIETIES:
            try:
                forms.add(typed_choice.normalized(locales.t_label(v, option["key"], **args)))
            except Exception:  # noqa: BLE001 - a label that cannot render in a variety is just not matched
                continue
        return forms

    @staticmethod
    def _keep_language(state: ConversationState, u: _Understanding) -> None:
        """A list answered by its number, an ordinal, a label or a day + time is no reason to change the
        language: the variety before the message is kept."""
        if u.list_answer and u.prior_variety and not u.payload:
            state.variety = u.prior_variety

    async def _answer_location(self, state: ConversationState, flow: Flow, node: Node, turn: Turn,
                               u: _Understanding, ctx: ActionContext, out: _Out) -> bool:
        ask = node.ask
        assert ask is not None
        gaz = ctx.get_gazetteer()
        if turn.location is not None:
            if outside_morocco(turn.location.latitude, turn.location.longitude, gaz):
                # kindly: Jisr knows only Moroccan centers; the numbers, local services, type a city
                state.misses = 0
                out.say("location-outside-morocco")
                self._render_ask(state, flow, state.node or "", node, out)
                return True
            state.slots.update(latitude=turn.location.latitude, longitude=turn.location.longitude)
            if gaz is not None:
                try:
                    set_place(state, gaz.nearest(turn.location.latitude, turn.location.longitude), keep_point=True)
                except Exception:
                    log.exception("gazetteer.nearest failed")
            state.options, state.misses = [], 0
            await self._goto(state, flow, ask.next or "end", ctx, out)
            return True
        places_offered = all(o.get("key") == "location-place-button" for o in state.options)
        picked = self._match_option(state, u, prefix="/place:") if places_offered else None
        if picked and gaz is not None:
            set_place(state, gaz.get(picked))
            state.options, state.misses = [], 0
            await self._goto(state, flow, ask.next or "end", ctx, out)
            return True
        if u.payload or not u.text:
            return False
        if gaz is None:
            out.say("location-unavailable")
            self._render_ask(state, flow, state.node or "", node, out)
            return True
        query = u.city or u.text
        # a clear request for another service (and no place in it) switches journeys instead; but a message
        # that names a known place exactly answers the question asked ("9ser lkbir" is Ksar El Kébir, not a
        # request about the elderly because "kbir" means old)
        target = self.intent_flows.get(u.intent or "")
        if u.city is None and target and u.confidence >= self.switch_min(u.intent) and u.intent != "inform_location":
            try:
                named = [m for m in gaz.resolve(u.text) if m.score >= EXACT_PLACE_SCORE]
            except Exception:
                log.exception("gazetteer.resolve failed")
                named = []
            if not named:
                return False
        try:
            try:
                matches = [_Match(gaz.get(u.city))] if u.city else []
            except KeyError:
                matches = []
            if not matches:
                matches = list(gaz.resolve(query))
                if not matches and u.city:
                    matches = list(gaz.resolve(u.text))
        except Exception:
            log.exception("gazetteer.resolve failed")
            out.say("location-unavailable")
            self._render_ask(state, flow, state.node or "", node, out)
            return True
        if len(matches) == 1:
            set_place(state, matches[0].place)
            state.options, state.misses = [], 0
            await self._goto(state, flow, ask.next or "end", ctx, out)
            return True
        if len(matches) > 1:
            state.options = [
                {"value": m.place.id, "key": "location-place-button",
                 "args": {"name_ar": m.place.name_ar, "name_fr": m.place.name_fr,
                          "province": m.place.province_fr or ""}}
                for m in matches[:5]
            ]
            state.misses = 0
            out.say("location-which")
            out.buttons([out.button(o["key"], f"/place:{o['value']}", o["args"]) for o in state.options],
                        request_location=True)
            return True
        return False

    # ---- moving between nodes ----------------------------------------------------------------------

    async def _goto(self, state: ConversationState, flow: Flow | None, target: str, ctx: ActionContext,
                    out: _Out, hops: int = 0) -> None:
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
            await self._goto(state, flow, target, ctx, out, hops + 1)
            return
        if target == "return":
            back = state.return_to
            state.return_to = None
            if back and back[0] in self.flows and back[1] in self.flows[back[0]].nodes:
                f = self.flows[back[0]]
                state.flow, state.node, state.waiting = f.id, back[1], True
                n = f.nodes[back[1]]
                for item in n.say:
                    out.say(item.key, item.args)
                self._render_ask(state, f, back[1], n, out)
                return
            if flow is None or not state.flow:
                state.flow, state.node, state.waiting = None, None, False
                return
            state.flow, state.node, state.waiting = None, None, False
            return
        f_id, n_id = split_target(target)
        if f_id is not None:
            new = self.flows[f_id]
            await self._enter(state, new, n_id or new.start, ctx, out, hops)
            return
        assert flow is not None
        await self._enter(state, flow, n_id or flow.start, ctx, out, hops)

    async def _enter(self, state: ConversationState, flow: Flow, node_id: str, ctx: ActionContext, out: _Out,
                     hops: int = 0) -> None:
        if hops > MAX_HOPS:
            raise FlowError(f"flow loop at {flow.id}.{node_id}")
        node = flow.nodes[node_id]
        if state.opening and state.opening.get("flow") != flow.id:
            state.opening = None  # another journey: the opening message is not about it
        state.flow, state.node, state.waiting = flow.id, node_id, False
        for k, v in node.set.items():
            self._set_slot(state, k, v)
        if node.action:
            result = await self._run_action(state, node, ctx)
            for r in result.replies:
                out.say(r.key, r.args)
                out.buttons([out.button(b.key, b.payload, b.args) for b in r.buttons])
            if result.options is not None:
                state.options = result.options
            if result.outcome in node.outcomes:
                await self._goto(state, flow, node.outcomes[result.outcome], ctx, out, hops + 1)
                return
            if result.outcome == "error":
                out.say("common-service-error")
        prefilled = self._prefill(state, node)
        if prefilled is not None:
            assert node.ask is not None
            if node.ask.slot:
                self._set_slot(state, node.ask.slot, prefilled.value)
            for k, v in prefilled.set.items():
                self._set_slot(state, k, v)
            await self._goto(state, flow, prefilled.next or node.ask.next or "end", ctx, out, hops + 1)
            return
        if node.ask and node.ask.kind == "location" and _has_place(state):
            # the place is already known (shared earlier or named in a message): don't ask again
            await self._goto(state, flow, node.ask.next or "end", ctx, out, hops + 1)
            return
        for item in node.say:
            out.say(item.key, item.args)
        if node.ask:
            state.waiting = True
            self._render_ask(state, flow, node_id, node, out)
            return
        out.buttons([out.button(b.label, b.payload) for b in node.buttons])
        await self._goto(state, flow, node.next or "end", ctx, out, hops + 1)

    @staticmethod
    def _prefill(state: ConversationState, node: Node) -> Any:
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
        fn = action_registry.get(node.action or "")
        params = {k: resolve_arg(state, v) for k, v in node.with_.items()}
        try:
            result = await fn(state, ctx, params)
        except Exception:
            log.exception("action %s failed", node.action)
            return ActionResult(outcome="error")
        barometer.on_action(node.action, result, state, ctx)  # anonymous counts (services/barometer.py)
        return result if isinstance(result, ActionResult) else ActionResult()

    def _ask_again_or_menu(self, state: ConversationState, flow: Flow | None, node: Node | None, out: _Out) -> None:
        """Ask the current question again when one is open, else show the menu buttons."""
        if flow and node and node.ask:
            self._render_ask(state, flow, state.node or "", node, out)
        else:
            out.buttons(self.menu_buttons(out))

    def _render_ask(self, state: ConversationState, flow: Flow, node_id: str, node: Node, out: _Out) -> None:
        ask = node.ask
        assert ask is not None
        buttons: list[Button] = []
        if ask.kind == "pick":  # a ``hidden`` option has no button (information only; its name picks it)
            buttons += [out.button(o["key"], f"/pick:{o['value']}", o.get("args")) for o in state.options
                        if not o.get("hidden")]
        buttons += [out.button(c.label, f"/choose:{flow.id}.{node_id}.{c.value}") for c in ask.choices]
        buttons += [out.button(b.label, b.payload) for b in ask.buttons]
        if ask.kind == "intent" and not ask.buttons and flow.id == WELCOME_FLOW:
            buttons += self.menu_buttons(out)
        buttons += [out.button(b.label, b.payload) for b in node.buttons]
        out.buttons(buttons, request_location=ask.kind == "location")

    def menu_buttons(self, out: _Out) -> list[Button]:
        """The main menu: one button per flow with a ``menu`` entry (payload = its first intent), plus
        the quick-exit button."""
        items = [out.button(f.menu.label, f"/{f.intents[0]}") for f in self.menu if f.menu and f.intents]
        items.append(out.button("common-quick-exit", "/quick_exit"))
        return items

    def _set_slot(self, state: ConversationState, name: str, value: Any) -> None:
        if name == "variety":
            if value in locales.VARIETIES:
                state.variety, state.language_locked = value, True
            return
        if value is None:
            state.slots.pop(name, None)
        else:
            state.slots[name] = value

    # ---- fallback ----------------------------------------------------------------------------------

    async def _fallback(self, state: ConversationState, flow: Flow | None, node: Node | None,
                        u: _Understanding, out: _Out) -> None:
        state.misses += 1
        if state.misses >= 2:
            out.say("fallback-offer-human")
            out.buttons([out.button("common-talk-to-human", "/talk_to_human"), out.button("common-menu", "/menu")])
            return
        if flow and node and node.ask and node.ask.kind != "intent":
            out.say(node.ask.reprompt or _DEFAULT_REPROMPT[node.ask.kind])
            self._render_ask(state, flow, state.node or "", node, out)
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


_DEFAULT_REPROMPT = {"choice": "fallback-choose-button", "pick": "fallback-choose-button",
                     "location": "location-not-found", "text": "fallback-not-understood"}

ENGINE_KEYS: frozenset[str] = frozenset(
    {"common-choose", "common-media-unsupported", "common-quick-exit", "common-quick-exit-done", "common-language-changed",
     "common-service-error", "common-talk-to-human", "common-menu", "fallback-offer-human", "fallback-suggest",
     "fallback-not-understood", "fallback-choose-button", "fallback-heard-you", "location-not-found", "location-which",
     "location-place-button", "location-unavailable", "location-outside-morocco", "weekday", "location-ask",
     "location-noted"}
)
"""Locale keys the engine itself uses (beyond those named in flows)."""


# Morocco's extent including the southern provinces (Lagouira ~20.8°N, Tangier ~35.9°N; Cap Blanc ~17.1°W,
# Figuig ~1.2°W), with a small margin. A point inside the box but > OUTSIDE_KM from every known place
# (Canary Islands, Algeria beyond the border, the sea) is outside too.
MOROCCO_BOX = (20.5, 36.2, -17.3, -0.9)  # lat_min, lat_max, lon_min, lon_max (WGS84 degrees)
OUTSIDE_KM = 100.0


def outside_morocco(latitude: float, longitude: float, gazetteer: Any = None) -> bool:
    """True when a shared point (WGS84 degrees) is outside Morocco: outside :data:`MOROCCO_BOX`, or farther
    than :data:`OUTSIDE_KM` km from the nearest place of ``gazetteer`` (``services.gazetteer.Gazetteer``;
    None → only the box is used). Never raises."""
    lat_min, lat_max, lon_min, lon_max = MOROCCO_BOX
    if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
        return True
    if gazetteer is None:
        return False
    try:
        from services.geo import haversine_km

        place = gazetteer.nearest(latitude, longitude)
        return haversine_km(latitude, longitude, place.latitude, place.longitude) > OUTSIDE_KM
    except Exception:
        log.exception("gazetteer.nearest failed")
        return False


@dataclass
class _Match:
    place: Any


@lru_cache(maxsize=4096)
def _phrase_pattern(keyword: str) -> re.Pattern[str] | None:
    norm = normalize(keyword)
    return re.compile(r"(?<!\w)" + re.escape(norm) + r"(?!\w)") if norm else None


def _has_phrase(norm_text: str, keyword: str) -> bool:
    """True when the normalised ``keyword`` occurs in ``norm_text`` as whole words."""
    pattern = _phrase_pattern(keyword)
    return bool(pattern and pattern.search(norm_text))


PLACE_SLOTS = ("place_id", "place_name_ar", "place_name_fr", "region_code", "location_source", "latitude",
               "longitude")
"""The slots :func:`set_place` writes."""


def _has_place(state: ConversationState) -> bool:
    return state.slots.get("latitude") is not None and state.slots.get("longitude") is not None


def set_place(state: ConversationState, place: Any, *, keep_point: bool = False) -> None:
    """Store a ``services.gazetteer.Place`` in the slots: ``place_id``, ``place_name_ar``/``_fr``,
    ``region_code`` and, unless ``keep_point`` (a shared location is more precise), its centroid as
    ``latitude``/``longitude``. ``location_source`` records where the point comes from: ``gps`` (a shared
    location, ``keep_point``) or ``place`` (a typed/named place: the point is the place's centroid)."""
    state.slots.update(place_id=place.id, place_name_ar=place.name_ar, place_name_fr=place.name_fr,
                       region_code=place.region_code, location_source="gps" if keep_point else "place")
    if not keep_point:
        state.slots.update(latitude=place.latitude, longitude=place.longitude)
