"""Rendering one step's replies: locale keys + args → :class:`dialogues.messages.OutboundMessage` in the
conversation's variety (``locales.t``), buttons titled with ``locales.t_label``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import locales
from dialogues.emergency import hotline_args
from dialogues.messages import Button, OutboundMessage
from dialogues.state import ConversationState
from dialogues.text import normalize

ARABIC_VARIETIES = frozenset({"ary", "ar"})


@lru_cache(maxsize=2048)
def label_forms(key: str) -> frozenset[str]:
    """The normalised rendering of a button label ``key`` in every variety and gender (typed labels match)."""
    return frozenset(normalize(locales.t(v, key, gender=g, **hotline_args()))
                     for v in locales.VARIETIES for g in ("f", "m", "other"))


def resolve_arg(state: ConversationState, value: Any) -> Any:
    """A say/button arg: ``"$slot"`` → the slot's value (or ``slot_ar``/``slot_fr`` by script; "" when
    unset); anything else unchanged."""
    if not isinstance(value, str) or not value.startswith("$"):
        return value
    name = value[1:]
    if state.slots.get(name) is not None:
        return state.slots[name]
    suffix = "_ar" if state.variety in ARABIC_VARIETIES else "_fr"
    alt = state.slots.get(name + suffix)
    return alt if alt is not None else ""


class Out:
    """Collects the rendered messages of one step (``items``: ``text``, ``buttons``, ``request_location``,
    ``quick_exit``), in the variety of ``state`` at the time each is said."""

    def __init__(self, state: ConversationState) -> None:
        self.state = state
        self.items: list[dict[str, Any]] = []

    def args(self, raw: dict[str, Any] | None) -> dict[str, Any]:
        """The Fluent args of a message: the hotline numbers, every scalar slot (``x_ar``/``x_fr`` pairs also
        give ``x`` in the variety's script), ``gender``, then ``raw`` (``$slot`` values resolved)."""
        st = self.state
        out: dict[str, Any] = dict(hotline_args())
        suffix = "_ar" if st.variety in ARABIC_VARIETIES else "_fr"
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
        """Add the message of locale ``key``."""
        self.items.append({"text": locales.t(self.state.variety, key, **self.args(args)), "buttons": [],
                           "request_location": False, "quick_exit": False})

    def buttons(self, buttons: list[Button], request_location: bool = False) -> None:
        """Attach ``buttons`` (and the location request) to the last message ("choose:" first if it has some)."""
        if not buttons and not request_location:
            return
        if not self.items or self.items[-1]["buttons"]:
            self.say("common-choose")
        self.items[-1]["buttons"].extend(buttons)
        self.items[-1]["request_location"] = self.items[-1]["request_location"] or request_location

    def button(self, key: str, payload: str, args: dict[str, Any] | None = None) -> Button:
        """A button titled by locale ``key`` (a short single-direction label: no isolation marks)."""
        return Button(title=locales.t_label(self.state.variety, key, **self.args(args)), payload=payload)

    def plain_buttons(self, items: list[tuple[str, str]]) -> list[Button]:
        """Buttons ``(label key, payload)`` without args of their own (menu, choices): the message args are
        computed once for all of them (same titles as :meth:`button`)."""
        if not items:
            return []
        args, variety = self.args(None), self.state.variety
        return [Button(title=locales.t_label(variety, key, **args), payload=payload) for key, payload in items]

    def messages(self) -> list[OutboundMessage]:
        """The collected messages."""
        return [OutboundMessage(text=i["text"], buttons=tuple(i["buttons"]), request_location=i["request_location"],
                                quick_exit=i["quick_exit"]) for i in self.items]
