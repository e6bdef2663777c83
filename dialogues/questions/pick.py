"""Question kind ``pick``: one of the options an action just offered (``state.options``: centers, slots,
appointments).

An answer is the button (``/pick:<value>``), a number, an ordinal or a day and time among the options shown
as buttons, or a label among all of them (an option marked ``hidden`` has no button and no number: only its
label, written out, picks it). The value goes to the question's ``slot``. A pick answered by a center's
name keeps the person's place ("جرسيف" picks the Guercif center, it does not move her there). The
question's own ``choices`` (extra buttons) are answered as in :mod:`dialogues.questions.choice`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import locales
from dialogues import typed_choice
from dialogues.places import PLACE_SLOTS
from dialogues.questions import choice
from dialogues.questions._common import DIGIT, keep_language
from dialogues.render import Out
from dialogues.schema import Flow, Node
from dialogues.state import ActionContext, ConversationState, Turn

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine
    from dialogues.understand import Understanding

KIND = "pick"
REPROMPT = "fallback-choose-button"


def match_option(state: ConversationState, u: Understanding, prefix: str) -> str | None:
    """The value of the option of ``state.options`` the turn picks (payload ``<prefix><value>`` or typed, see
    the module docstring), or None. Sets ``u.list_answer`` for a typed answer."""
    values = [str(o["value"]) for o in state.options]
    if u.payload and u.payload.startswith(prefix):
        v = u.payload[len(prefix):]
        return v if v in values else None
    if u.payload or not u.norm or not values:
        return None
    shown = [o for o in state.options if not o.get("hidden")]
    m = DIGIT.match(u.text)
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
    index = typed_choice.best_label(u.norm, [option_labels(state, o) for o in state.options])
    if index is None or not 0 <= index < len(values):
        return None
    u.list_answer = True
    return values[index]


def option_labels(state: ConversationState, option: dict[str, Any]) -> set[str]:
    """The normalised label of an option (its button title) in every variety."""
    args = Out(state).args(option.get("args"))
    forms = set()
    for v in locales.VARIETIES:
        try:
            forms.add(typed_choice.normalized(locales.t_label(v, option["key"], **args)))
        except Exception:  # noqa: BLE001, S112 - a label that cannot render in a variety is just not matched
            continue
    return forms


async def answer(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, turn: Turn,
                 u: Understanding, ctx: ActionContext, out: Out) -> bool:
    """Answer a ``pick`` question; True when the turn answered it (the flow has moved on)."""
    if await choice.answer(engine, state, flow, node, turn, u, ctx, out):
        return True
    ask = node.ask
    assert ask is not None
    value = match_option(state, u, prefix="/pick:")
    if value is None:
        return False
    if u.place_named:  # "جرسيف" picked the Guercif center: the person has not moved there
        for k in PLACE_SLOTS:
            state.slots.pop(k, None)
        state.slots.update(u.place_before)
    keep_language(state, u)
    engine.set_slot(state, ask.slot or "picked", value)
    state.options = []
    state.misses = 0
    await engine.goto(state, flow, ask.next or "end", ctx, out)
    return True
