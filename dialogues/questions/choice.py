"""Question kind ``choice``: one of the question's ``choices`` (buttons).

An answer is the button (``/choose:<flow>.<node>.<value>``), its number, its label typed in any variety (also
approximately, :mod:`dialogues.typed_choice`), an ordinal, one of its ``keywords``, or an intent it lists
(confidence ≥ the engine's ``accept``). The question's ``slot`` receives the value, the choice's ``set``
applies and its ``next`` (or the question's) is followed. :func:`match_choice` also serves the extra buttons
of ``location`` and ``pick`` questions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dialogues import typed_choice
from dialogues.questions._common import DIGIT, keep_language
from dialogues.render import Out, label_forms
from dialogues.schema import Choice, Flow, Node
from dialogues.state import ActionContext, ConversationState, Turn
from dialogues.text import normalize

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine
    from dialogues.understand import Understanding

KIND = "choice"
REPROMPT = "fallback-choose-button"


def match_choice(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node,
                 u: Understanding) -> Choice | None:
    """The choice of ``node``'s question the turn selects, or None (sets ``u.list_answer`` when the text
    answered by number, label or ordinal)."""
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
        m = DIGIT.match(u.text)
        if m and 1 <= int(m.group(1)) <= len(choices):
            u.list_answer = True
            return choices[int(m.group(1)) - 1]
    if u.norm:
        found = _typed(ask.kind, choices, u)
        if found is not None:
            return found
    if u.intent and u.confidence >= engine.accept:
        for c in choices:
            if u.intent in c.intents:
                return c
    return None


def _typed(kind: str, choices: list[Choice], u: Understanding) -> Choice | None:
    """A choice named in the text: its label, a keyword, or (``choice`` questions) an ordinal or a label
    typed approximately."""
    for c in choices:
        if u.norm in label_forms(c.label):
            u.list_answer = True
            return c
    for c in choices:
        for kw in c.keywords:
            if re.search(r"(?<!\w)" + re.escape(normalize(kw)) + r"(?!\w)", u.norm):
                return c
    if kind == "choice":
        # "le premier", "lowel", "التاني"…; a label typed approximately
        index = typed_choice.ordinal_position(u.norm, len(choices))
        if index is None:
            index = typed_choice.best_label(u.norm, [set(label_forms(c.label)) for c in choices])
        if index is not None:
            u.list_answer = True
            return choices[index]
    return None


async def answer(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, turn: Turn,
                 u: Understanding, ctx: ActionContext, out: Out) -> bool:
    """Answer ``node``'s question with the choice the turn selects, if any (a ``choice`` question, or the
    extra buttons of a ``pick``/``location`` one); True when answered (the flow has moved on)."""
    ask = node.ask
    assert ask is not None
    choice = match_choice(engine, state, flow, node, u)
    if choice is None:
        return False
    keep_language(state, u)
    if ask.slot and ask.kind != "pick":
        engine.set_slot(state, ask.slot, choice.value)
    for k, v in choice.set.items():
        engine.set_slot(state, k, v)
    state.misses = 0
    await engine.goto(state, flow, choice.next or ask.next or "end", ctx, out)
    return True

