"""Question kind ``text``: any free text, stored in the question's ``slot`` (default ``text``). Only
payloads and a confident (≥ 0.85) global interrupt (help, talk to a person…) escape it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogues.render import Out
from dialogues.schema import Flow, Node
from dialogues.state import ActionContext, ConversationState, Turn

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine
    from dialogues.understand import Understanding

KIND = "text"
REPROMPT = "fallback-not-understood"
INTERRUPT_MIN = 0.85  # NLU confidence at which an interrupt's intent escapes a free-text question


async def answer(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, turn: Turn,
                 u: Understanding, ctx: ActionContext, out: Out) -> bool:
    """Answer a ``text`` question; True when the text was taken."""
    ask = node.ask
    assert ask is not None
    interrupt = engine.intent_flows.get(u.intent or "")
    if u.payload or not u.text or (interrupt and engine.flows[interrupt].interrupt
                                   and u.confidence >= INTERRUPT_MIN):
        return False
    engine.set_slot(state, ask.slot or "text", u.text)
    state.misses = 0
    await engine.goto(state, flow, ask.next or "end", ctx, out)
    return True
