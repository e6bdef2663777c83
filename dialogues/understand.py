"""Understanding one turn: payload, normalised text, intent and confidence (NLU, or the keyword matcher of
:mod:`dialogues.menu_mode` when the NLU is down), a named place, and the conversation's variety.

:func:`understand` may change ``state.variety`` (the language the person writes in); it reads nothing else
of the state but ``turns`` and ``language_locked``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import locales
from dialogues import menu_mode
from dialogues.schema import INTENTS
from dialogues.state import ConversationState, Turn
from dialogues.text import normalize

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine

log = logging.getLogger("dialogues.engine")

LANGUAGE_SWITCH_MIN = 0.7  # NLU language confidence needed to switch between varieties of one script
# ("السلام عليكم" is Darija and MSA alike: 0.51 for ar, so the conversation keeps its variety)
KEYWORD_BACKUP_MIN = 0.2  # the keyword back-up picks an intent only when the NLU gives it at least this probability
_WORDS = re.compile(r"[^\W\d_]+")  # words of letters (numbers are no evidence of a language)


@dataclass
class Understanding:
    """What the engine understood of one turn (see :func:`understand`)."""

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


def may_switch(state: ConversationState, norm: str, city: str | None) -> bool:
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


def understand(engine: FlowEngine, state: ConversationState, turn: Turn) -> Understanding:
    """Understand ``turn`` with ``engine``'s thresholds (may switch ``state.variety``). Never raises."""
    prior_variety = state.variety
    text = (turn.text or "").strip()
    payload = turn.payload or (text if text.startswith("/") else None)
    norm = normalize(text) if text and not payload else ""
    u = Understanding(payload, text, norm, None, 0.0, [], None, turn.parse is None and not payload,
                      prior_variety=prior_variety)
    if payload:
        if payload[1:] in INTENTS:
            u.intent, u.confidence = payload[1:], 1.0
    elif turn.parse is not None:
        _read_parse(engine, state, turn.parse, u)
    elif text:
        _read_keywords(state, u)
    return u


def _read_parse(engine: FlowEngine, state: ConversationState, parse: Any, u: Understanding) -> None:
    """The NLU's reading, corrected by the deterministic rules (one-word answers, explicit language requests,
    someone else's appointment, a service named without doubt), and the variety it detected."""
    text, norm = u.text, u.norm
    intent, conf = parse.intent, float(parse.confidence or 0.0)
    u.ranking = ranking = [(str(i), float(c)) for i, c in (parse.intent_ranking or [])]
    u.city = city = next((str(e.value) for e in parse.entities or [] if e.entity == "city" and e.value), None)
    if city and intent not in ("inform_location", "nlu_fallback"):
        # the message also names a place: the NLU's inform_location share is explained by the place
        # entity, it does not compete with the request ("rajli kaydrebni, ana f tanja")
        located = dict(ranking).get("inform_location", 0.0)
        if 0.0 < located < 1.0:
            conf = min(1.0, conf / (1.0 - located))
    if menu_mode.not_ours(intent, text):
        # someone else's appointment or account ("rdv chez le coiffeur", "supprimer mon compte facebook"):
        # Jisr books only at its centres and erases only its own records
        intent, conf = "out_of_scope", max(conf, engine.switch_min("out_of_scope"))
    exact = menu_mode.exact_table().get(norm)
    if menu_mode.strong_intent(text) == "change_language":
        exact = "change_language"  # "واخا نرجع للدارجة": an explicit request, whatever the model says
    if exact and exact != intent:
        # one-word answers ("la", "wakha", "oui") are deterministic, whatever the model says
        intent, conf = exact, 1.0
    elif conf < engine.switch_min(intent):
        # a low-confidence parse: a service named without doubt ("7imayat tofola", "carte handicap") starts
        # its journey unless the NLU rejected the message; other keywords of a service the NLU finds
        # plausible only come first among the "did you mean…?" buttons
        strong = menu_mode.strong_intent(text) if intent != "out_of_scope" else None
        if strong:
            intent, conf = strong, engine.switch_min(strong)
        else:
            u.hint = keyword_hint(text, intent, ranking)
    if (intent in menu_mode.WEAK_INTENTS and engine.fallback <= conf < engine.accept
            and menu_mode.has_keyword(intent, text)):
        # small talk the model and the keywords agree on ("ah ana f aman daba, choukran": thank)
        conf = engine.accept
    u.intent, u.confidence = intent, conf
    lang = getattr(parse, "language", None)
    lang_conf = float(getattr(parse, "language_confidence", 1.0))
    if lang in locales.VARIETIES and not state.language_locked and may_switch(state, norm, city) and (
            menu_mode.script_changed(norm, state.variety, lang)
            or (len(norm.split()) >= 2 and lang_conf >= LANGUAGE_SWITCH_MIN)):
        state.variety = lang


def _read_keywords(state: ConversationState, u: Understanding) -> None:
    """Menu mode (no NLU): the keyword matcher's intent and the variety guessed from script and marker words."""
    text = u.text
    match = menu_mode.match_intent(text)
    if match:
        u.intent, u.confidence = match.intent, 1.0
    variety = menu_mode.guess_variety(text, state.variety)
    if variety is None and menu_mode.script_changed(normalize(text), state.variety, None):
        variety = "ary" if menu_mode.is_arabic_script(text) else "ary-Latn"
    if variety and not state.language_locked and may_switch(state, u.norm, None):
        state.variety = variety
