"""Flow actions: one module each in this package, registered by the module's name.

An action module defines::

    class Params(ActionParams): ...          # its typed parameters (dialogues/actions/_params.py)
    KEYS = ("locale-key", ...)               # the locale keys it says
    async def run(state: ConversationState, ctx: ActionContext, params: Params) -> ActionResult

``Params`` is a pydantic model of the node's ``with:`` mapping (unknown parameters refused; ``Params =
NoParams`` for an action without any). ``jisr flows check`` validates every node's ``with:`` against it (a
``$slot`` value is accepted there and validated when the action runs, after the slot is read). The action
may read and write ``state.slots``; it returns an ``ActionResult(outcome, replies, options)``: ``outcome`` is
routed by the node's ``outcomes:`` mapping (``ok`` by default), ``replies`` are
:class:`dialogues.engine.Reply` objects (locale keys + args, buttons) that the engine renders in the
conversation's variety — an action never builds user-visible text itself.

Adding an action = adding ``dialogues/actions/<name>.py``; flows refer to it as ``action: <name>``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from dialogues.actions._params import ActionParams

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



def params_model(name: str) -> type[ActionParams]:
    """The parameter model (``Params``) of action ``name``. Raises ``KeyError`` when there is no such action,
    ``TypeError`` when the module declares no ``Params`` derived from :class:`ActionParams`."""
    registry()[name]  # KeyError for an unknown action
    model = getattr(importlib.import_module(f"{__name__}.{name}"), "Params", None)
    if not (isinstance(model, type) and issubclass(model, ActionParams)):
        raise TypeError(f"action {name!r} declares no Params model (dialogues.actions._params.ActionParams)")
    return model


def _is_slot(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("$")


def param_problems(name: str, raw: dict[str, Any]) -> list[str]:
    """What is wrong with a node's ``with:`` (``raw``) for action ``name``: one ``with.<field>: <message>``
    line per error of its ``Params`` model (empty: nothing). A ``$slot`` value is accepted for a known field
    (checked when the action runs). Raises ``KeyError`` for an unknown action."""
    try:
        model = params_model(name)
    except TypeError as exc:
        return [str(exc)]
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            if err["type"] != "extra_forbidden" and _is_slot(raw.get(field)):
                continue
            where = ".".join(str(p) for p in err["loc"])
            message = "unknown parameter" if err["type"] == "extra_forbidden" else err["msg"].removeprefix(
                "Value error, ")
            problems.append(f"with.{where}: {message} (got {err['input']!r})")
        return problems
    return []


def params_at_run(name: str, raw: dict[str, Any], resolve: Callable[[Any], Any]) -> ActionParams:
    """The validated parameters action ``name`` runs with: ``raw`` (the node's ``with:``) with each ``$slot``
    value read by ``resolve`` (an unset slot — ``""`` or None — leaves the field at its default).

    Raises:
        pydantic.ValidationError: a slot holds a value the model refuses.
    """
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if _is_slot(value):
            value = resolve(value)
            if value is None or value == "":
                continue
        values[key] = value
    return _models()[name].model_validate(values)


@lru_cache(maxsize=1)
def _models() -> dict[str, type[ActionParams]]:
    return {name: params_model(name) for name in registry()}
