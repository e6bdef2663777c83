"""Question kind ``intent``: an NLU intent (confidence ≥ the engine's ``accept``) routed through the
question's ``routes`` (intent → target). Intents that start a journey switch journeys anyway (the engine's
switch handler); the question's ``buttons`` are shown (usually intent payloads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogues.render import Out
from dialogues.schema import Flow, Node
from dialogues.state import ActionContext, ConversationState, Turn

if TYPE_CHECKING:  # pragma: no cover
    from dialogues.engine import FlowEngine
    from dialogues.understand import Understanding

KIND = "intent"
REPROMPT = None  # not re-asked: an unanswered intent question falls back to suggestions


async def answer(engine: FlowEngine, state: ConversationState, flow: Flow, node: Node, turn: Turn,
                 u: Understanding, ctx: ActionContext, out: Out) -> bool:
    """Answer an ``intent`` question; True when the turn's intent is one of its routes."""
    ask = node.ask
    assert ask is not None
    if u.intent in ask.routes and u.confidence >= engine.accept:
        state.misses = 0
        await engine.goto(state, flow, ask.routes[u.intent], ctx, out)
        return True
    return False
