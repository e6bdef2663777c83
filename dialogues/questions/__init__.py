"""Question kinds: one module each (``choice``, ``pick``, ``location``, ``text``, ``intent`` — the kinds
:data:`dialogues.schema.ASK_KINDS` allows).

A kind module defines ``KIND`` (its name in flows), ``REPROMPT`` (the locale key said when its question is
not answered, None for no re-ask) and::

    async def answer(engine, state, flow, node, turn, u, ctx, out) -> bool

which answers the question ``node.ask`` of the current node with the turn (``u``: the
:class:`dialogues.understand.Understanding`), moves the flow on (``engine.goto``) and returns True — or
returns False when the turn does not answer it (the engine's next handlers try it: a journey switch,
fallback…).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from dialogues.questions import choice, intent, location, pick, text

AnswerFn = Callable[..., Awaitable[bool]]

KINDS: dict[str, ModuleType] = {m.KIND: m for m in (choice, pick, location, text, intent)}
"""``{kind: module}`` for every question kind."""


def answerer(kind: str) -> AnswerFn:
    """The ``answer`` function of question ``kind``. Raises ``KeyError`` for an unknown kind."""
    return KINDS[kind].answer


def reprompt(kind: str) -> Any:
    """The default reprompt locale key of question ``kind`` (None: the kind is not re-asked)."""
    return KINDS[kind].REPROMPT
