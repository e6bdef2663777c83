"""The flow format: pydantic models every ``dialogues/flows/*.yml`` file is validated against at start-up.

A *flow* is one journey (violence, family mediation, …): a set of named *nodes* and a start node. A node,
when entered, does in this order: ``set`` slots → run its ``action`` (a named module of
``dialogues/actions/``; its outcome may route at once through ``outcomes``) → ``say`` its locale keys → either
``ask`` (wait for the user's input of a kind and route on it) or go ``next``. See ``dialogues/README.md``
for the full description with examples; ``jisr flows check`` validates every flow and every locale key.

Targets (``next``, ``outcomes`` values, choice ``next``, intent ``routes`` values) are strings:

* ``<node>`` — a node of the same flow;
* ``flow:<flow_id>`` or ``flow:<flow_id>.<node>`` — jump to another flow (slots are kept);
* ``end`` — the flow ends; the next message is routed from the top (intents, menu, fallback);
* ``return`` — back to the question the user was on before an interrupt flow (``help``, ``bot_challenge``…),
  re-asked; when there is none, behaves like ``end``;
* ``$<slot>`` — the target a caller stored in that slot (consumed), e.g. the shared ``booking`` flow ends
  with ``next: $after_booking``; ``end`` when the slot is empty.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CORE_INTENTS: frozenset[str] = frozenset(
    {
        "greet", "goodbye", "thank", "affirm", "deny", "help", "report_violence", "immediate_danger",
        "family_mediation", "disability_card", "child_protection", "elderly_care", "find_center",
        "book_appointment", "cancel_appointment", "reschedule_appointment", "check_appointment",
        "inform_location", "talk_to_human", "change_language", "delete_data", "out_of_scope",
        "bot_challenge", "homeless_shelter",
    }
)
"""The intents the message path and the engine rely on by name (BRIEF contract #2, plus ``homeless_shelter``)."""

NLU_DATA_DIR = Path(__file__).resolve().parent.parent / "nlu" / "data"
_INTENT_LINE = re.compile(r"^- intent:\s*([a-z][a-z0-9_]*)\s*$", re.MULTILINE)


def nlu_intents(data_dir: Path = NLU_DATA_DIR) -> frozenset[str]:
    """Every intent the NLU is trained on: the ``- intent: <name>`` entries of ``nlu/data/**/*.yml`` (Rasa 3.1
    training format). Empty when the folder is missing (an installed package without the NLU project)."""
    if not data_dir.is_dir():
        return frozenset()
    found: set[str] = set()
    for path in sorted(data_dir.rglob("*.yml")):
        found.update(_INTENT_LINE.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


INTENTS: frozenset[str] = CORE_INTENTS | nlu_intents()
"""The intents a flow may name: the core ones and every intent of the NLU training data — a new journey's intent
exists once its examples are in ``nlu/data/<variety>/`` (no Python to edit)."""

ASK_KINDS = ("choice", "intent", "location", "text", "pick")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
_SPECIAL_TARGETS = frozenset({"end", "return"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SayItem(_Strict):
    """One message to say: a locale ``key`` and its Fluent ``args``.

    An arg value starting with ``$`` is read from the conversation's slots at run time (``$place_name``);
    ``$x`` falls back to the slot ``x_ar`` (Arabic-script varieties) or ``x_fr`` (Latin-script ones) when
    ``x`` itself is not set. Every message also receives ``$gender`` (``f``/``m``/``other``).
    """

    key: str
    args: dict[str, str | int | float] = Field(default_factory=dict)

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not _KEY.match(v):
            raise ValueError(f"locale key {v!r} must be lowercase words joined by hyphens")
        return v


class ButtonSpec(_Strict):
    """A fixed button: its ``label`` (locale key) and the ``payload`` sent back when tapped (``/intent``,
    ``/menu``, ``/quick_exit``, ``/lang:fr``)."""

    label: str
    payload: str

    @field_validator("payload")
    @classmethod
    def _payload(cls, v: str) -> str:
        if not v.startswith("/"):
            raise ValueError(f"button payload {v!r} must start with '/'")
        return v


class Choice(_Strict):
    """One answer of a ``choice`` question.

    It is selected by its button (payload ``/choose:<flow>.<node>.<value>``), by typing its number or its
    label, by one of its ``keywords`` (matched on normalised text, any variety), or by an NLU (or, in menu
    mode, keyword-matched) ``intents`` entry. ``set`` stores extra slots when chosen; the question's ``slot``
    receives ``value``.

    ``prefill``: keywords (any variety, matched as whole words/phrases on ``nlu.normalize.normalize``d text)
    looked for in the message that *started the journey*: when the options of a question with ``prefill``
    lists match that message for exactly one option, the question is answered with it without being asked
    (e.g. "bghit lkarta l weldi" → for whom = child). The opening message is kept in the state only until
    the journey's first prefill-capable question has been reached (then dropped; never logged).
    """

    value: str
    label: str
    next: str | None = None
    intents: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    prefill: list[str] = Field(default_factory=list)
    set: dict[str, Any] = Field(default_factory=dict)


class Ask(_Strict):
    """What a node waits for, and where each answer leads.

    * ``choice``: one of ``choices`` (buttons).
    * ``intent``: an NLU intent, routed through ``routes`` (intent → target); intents that start a flow
      switch journeys anyway; ``buttons`` are shown (usually intent payloads).
    * ``location``: a shared location, or a typed place resolved by the gazetteer (ambiguous → the engine
      asks which, with buttons); stores ``place_id``, ``place_name_ar``, ``place_name_fr``, ``latitude``,
      ``longitude``, ``region_code``. ``choices`` may add buttons such as "skip".
    * ``text``: any free text, stored in ``slot`` (only global interrupts and payloads escape it).
    * ``pick``: one of the options an action just offered as buttons (``/pick:<value>``, or its number);
      stores the value in ``slot``.
    """

    kind: Literal["choice", "intent", "location", "text", "pick"]
    slot: str | None = None
    choices: list[Choice] = Field(default_factory=list)
    routes: dict[str, str] = Field(default_factory=dict)
    buttons: list[ButtonSpec] = Field(default_factory=list)
    next: str | None = None
    reprompt: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Ask:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a 'choice' question needs choices")
        if self.kind == "choice":
            for c in self.choices:
                if c.next is None and self.next is None:
                    raise ValueError(f"choice {c.value!r} has no next and the question has no default next")
        if self.kind in ("location", "text", "pick") and self.next is None:
            raise ValueError(f"a {self.kind!r} question needs 'next'")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError("choice values must be unique within a question")
        return self


class Node(_Strict):
    """One step of a flow (see the module docstring for the order of its parts)."""

    set: dict[str, Any] = Field(default_factory=dict)
    action: str | None = None
    with_: dict[str, Any] = Field(default_factory=dict, alias="with")
    outcomes: dict[str, str] = Field(default_factory=dict)
    say: list[SayItem] = Field(default_factory=list)
    buttons: list[ButtonSpec] = Field(default_factory=list)
    ask: Ask | None = None
    next: str | None = None

    @field_validator("say", mode="before")
    @classmethod
    def _say(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = [v]
        return [{"key": item} if isinstance(item, str) else item for item in (v or [])]

    @model_validator(mode="after")
    def _check(self) -> Node:
        if self.ask is not None and self.next is not None:
            raise ValueError("a node that asks routes through its question; put 'next' inside 'ask'")
        if self.outcomes and not self.action:
            raise ValueError("'outcomes' routes action outcomes: the node needs an 'action'")
        return self


class MenuEntry(_Strict):
    """Where the flow appears in the main menu: a button ``label`` (locale key) and its ``order``."""

    label: str
    order: int


class Flow(_Strict):
    """One journey.

    ``intents``: NLU intents that start this flow from anywhere (a new service intent mid-flow switches
    journeys). ``interrupt``: a global interrupt (``help``, ``bot_challenge``…): the question the user was
    on is remembered and ``return`` re-asks it. ``menu``: shown in the main menu. ``entry``: the node entered
    when one of ``intents`` starts the flow (default ``start``; ``start`` is what ``flow:<id>`` and
    ``enter_flow`` use).
    """

    id: str
    description: str
    start: str
    entry: str | None = None
    intents: list[str] = Field(default_factory=list)
    interrupt: bool = False
    menu: MenuEntry | None = None
    nodes: dict[str, Node]

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"flow id {v!r} must be lowercase ASCII with underscores")
        return v

    @model_validator(mode="after")
    def _check(self) -> Flow:
        for name in (self.start, self.entry):
            if name is not None and name not in self.nodes:
                raise ValueError(f"node {name!r} is not a node of flow {self.id!r}")
        for name in self.nodes:
            if not _ID.match(name):
                raise ValueError(f"node id {name!r} must be lowercase ASCII with underscores")
        unknown = [i for i in self.intents if i not in INTENTS]
        if unknown:
            raise ValueError(f"unknown intents {unknown}")
        for name, node in self.nodes.items():
            for intent in node.ask.routes if node.ask else ():
                if intent not in INTENTS:
                    raise ValueError(f"node {name!r}: unknown intent {intent!r} in routes")
            for c in node.ask.choices if node.ask else ():
                bad = [i for i in c.intents if i not in INTENTS]
                if bad:
                    raise ValueError(f"node {name!r}: unknown intents {bad} in choice {c.value!r}")
        return self

    def targets(self) -> list[tuple[str, str]]:
        """Every ``(node_id, target)`` pair of this flow, for validation."""
        out: list[tuple[str, str]] = []
        for name, node in self.nodes.items():
            if node.next:
                out.append((name, node.next))
            out.extend((name, t) for t in node.outcomes.values())
            if node.ask:
                if node.ask.next:
                    out.append((name, node.ask.next))
                out.extend((name, c.next) for c in node.ask.choices if c.next)
                out.extend((name, t) for t in node.ask.routes.values())
        return out

    def locale_keys(self) -> set[str]:
        """Every locale key this flow uses (say items, buttons, choice labels, menu label, reprompts)."""
        keys: set[str] = set()
        if self.menu:
            keys.add(self.menu.label)
        for node in self.nodes.values():
            keys.update(s.key for s in node.say)
            keys.update(b.label for b in node.buttons)
            if node.ask:
                keys.update(c.label for c in node.ask.choices)
                keys.update(b.label for b in node.ask.buttons)
                if node.ask.reprompt:
                    keys.add(node.ask.reprompt)
        return keys


def split_target(target: str) -> tuple[str | None, str | None]:
    """``"flow:x.y"`` → ``("x", "y")``; ``"flow:x"`` → ``("x", None)``; ``"node"`` → ``(None, "node")``;
    ``"end"``/``"return"`` → ``(None, "end"|"return")``."""
    if target.startswith("flow:"):
        rest = target[5:]
        flow_id, _, node = rest.partition(".")
        return flow_id, node or None
    return None, target


def is_special(target: str) -> bool:
    """True for ``end``, ``return`` and slot targets (``$after_booking``: the target stored in that slot)."""
    return target in _SPECIAL_TARGETS or target.startswith("$")
