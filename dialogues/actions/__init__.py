"""Flow actions: one module each in this package, registered by the module's name.

An action module defines::

    async def run(state: ConversationState, ctx: ActionContext, params: dict) -> ActionResult

``params`` are the node's ``with:`` mapping. The action may read and write ``state.slots``; it returns an
``ActionResult(outcome, replies, options)``; the module lists the locale keys it uses in ``KEYS``: ``outcome`` is routed by the node's ``outcomes:`` mapping (``ok`` by
default), ``replies`` are :class:`dialogues.engine.Reply` objects (locale keys + args, buttons) that the
engine renders in the conversation's variety — an action never builds user-visible text itself.

Adding an action = adding ``dialogues/actions/<name>.py``; flows refer to it as ``action: <name>``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

ActionFn = Callable[..., Awaitable[Any]]


@lru_cache(maxsize=1)
def registry() -> dict[str, ActionFn]:
    """``{name: run}`` for every module of this package that defines ``run`` (imported once)."""
    out: dict[str, ActionFn] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        run = getattr(module, "run", None)
        if callable(run):
            out[info.name] = run
    return out


def action_keys() -> set[str]:
    """Locale keys the actions say or use for buttons (each module's ``KEYS`` tuple)."""
    keys: set[str] = set()
    for name in registry():
        keys.update(getattr(importlib.import_module(f"{__name__}.{name}"), "KEYS", ()))
    return keys


def get(name: str) -> ActionFn:
    """The ``run`` function of action ``name``. Raises ``KeyError`` when there is no such action."""
    return registry()[name]


def params_at_run(name: str, raw: dict[str, Any], resolve: Callable[[Any], Any]) -> dict[str, Any]:
    """The parameters action ``name`` runs with: ``raw`` (the node's ``with:``) with each value resolved."""
    return {k: resolve(v) for k, v in raw.items()}


def param_problems(name: str, raw: dict[str, Any]) -> list[str]:
    """What is wrong with a node's ``with:`` for action ``name`` (empty: nothing)."""
    return []
