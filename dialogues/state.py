"""The engine's data: the conversation state, one inbound turn, what actions receive and return.

:class:`ConversationState` is what the message path loads and saves (JSON via ``to_dict``/``from_dict``);
:class:`Turn` is one inbound message as the engine sees it; :class:`ActionContext` is what actions may use
besides the state; :class:`ActionResult`, :class:`Reply` and :class:`ReplyButton` are what actions return.
Every name here is also importable from :mod:`dialogues.engine`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import locales
from dialogues.messages import Attachment, Location

if TYPE_CHECKING:  # pragma: no cover
    from nlu.client import ParseResult

LOCAL_TZ = ZoneInfo("Africa/Casablanca")
QUICK_EXIT = "/quick_exit"  # the quick-exit command: forget the conversation (the pipeline erases it)


class FlowError(Exception):
    """A flow file is invalid (bad YAML, schema violation, unknown target or action), or a flow loops."""


@dataclass
class ConversationState:
    """Everything the engine remembers about one conversation; JSON-serialisable via :meth:`to_dict`.

    Attributes:
        variety: ``ary`` | ``ary-Latn`` | ``ar`` | ``fr`` — the variety replies are rendered in.
        language_locked: True once the user chose a language explicitly (then NLU language is ignored).
        flow, node: where the conversation is (None = between journeys).
        waiting: True when ``node`` asked a question and waits for the answer.
        slots: values collected (``place_id``, ``latitude``, ``center_id``, ``gender``…); JSON values only.
        options: the buttons a ``pick``/place question offered: ``[{"value", "key", "args"}]``.
        return_to: ``[flow, node]`` re-asked when an interrupt flow ``return``s.
        misses: consecutive turns not understood (2 → offer a person).
        handoff: a person (operator) owns the conversation; the bot stays silent.
        erase_requested: the user confirmed "delete my data" or used the quick exit: the pipeline must erase
            everything the state store keeps about the conversation instead of saving it (the engine has
            already reset this object; a quick-exit turn's last reply has ``quick_exit`` set).
        turns: messages handled (for metrics; no content).
        opening: ``{"flow": id, "text": normalised message}`` — the message that started the running
            journey, kept only until the journey's first question with ``prefill`` keywords has used it
            (see :class:`dialogues.schema.Choice`); dropped when the journey ends or another starts. It is
            message content: never log it.
    """

    variety: str = locales.DEFAULT_VARIETY
    language_locked: bool = False
    flow: str | None = None
    node: str | None = None
    waiting: bool = False
    slots: dict[str, Any] = field(default_factory=dict)
    options: list[dict[str, Any]] = field(default_factory=list)
    return_to: list[str] | None = None
    misses: int = 0
    handoff: bool = False
    erase_requested: bool = False
    turns: int = 0
    opening: dict[str, str] | None = None
    version: int = 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (only str/int/float/bool/None/list/dict inside)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ConversationState:
        """Rebuild a state from :meth:`to_dict` output; unknown keys are ignored (forward compatible)."""
        if not data:
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def reset(self, *, keep_language: bool = True) -> None:
        """Forget the journey and all slots (keeps the variety unless ``keep_language`` is False)."""
        variety, locked = self.variety, self.language_locked
        fresh = ConversationState()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))
        if keep_language:
            self.variety, self.language_locked = variety, locked


@dataclass
class Turn:
    """One inbound message as the engine sees it.

    ``text``: what the user typed (None for a location or media only). ``payload``: the payload of a
    tapped button (a text starting with ``/`` is treated as a payload too, as Rasa does). ``location``:
    a shared location. ``parse``: the NLU result, or None when the NLU service is unreachable (menu mode).
    ``attachments``: media sent (never downloaded).
    """

    text: str | None = None
    payload: str | None = None
    location: Location | None = None
    parse: ParseResult | None = None
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def from_message(cls, msg: Any, parse: ParseResult | None) -> Turn:
        """Build a turn from a :class:`dialogues.messages.InboundMessage` and its parse."""
        return cls(text=msg.text, payload=msg.payload, location=msg.location, parse=parse,
                   attachments=tuple(msg.attachments or ()))

    @property
    def quick_exit(self) -> bool:
        """True for the quick-exit command (``/quick_exit`` tapped or typed): obeyed even while an operator
        owns the conversation — hiding the conversation must always work."""
        text = (self.text or "").strip()
        return (self.payload or (text if text.startswith("/") else None)) == QUICK_EXIT


@dataclass
class ActionContext:
    """What actions may use besides the state.

    ``conversation_key``: the person's pseudonymous key (``services.identity.pseudonymize``), the only
    identity the services see. ``channel``: ``rest``/``telegram``/…. ``session_factory``: an
    ``async_sessionmaker`` (None = no database: actions answer with outcome ``unavailable``).
    ``gazetteer``: a ``services.gazetteer.Gazetteer`` (None = ``Gazetteer.default()`` is tried).
    ``settings``: ``services.config.Settings``. ``now``: current local time (Africa/Casablanca), injectable.
    """

    conversation_key: str
    channel: str = "rest"
    session_factory: Any = None
    gazetteer: Any = None
    settings: Any = None
    now: Callable[[], datetime] = field(default=lambda: datetime.now(LOCAL_TZ))

    def get_gazetteer(self) -> Any:
        """The gazetteer, or None when ``services.gazetteer`` is not available."""
        if self.gazetteer is None:
            try:
                from services.gazetteer import Gazetteer
            except ImportError:
                return None
            self.gazetteer = Gazetteer.default()
        return self.gazetteer


@dataclass
class ReplyButton:
    """A button an action offers: its label locale ``key`` + ``args`` and its ``payload``."""

    key: str
    payload: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    """One message an action wants said: a locale ``key`` with ``args``, optional ``buttons``."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)
    buttons: list[ReplyButton] = field(default_factory=list)


@dataclass
class ActionResult:
    """What an action returns: the ``outcome`` (routed by the node's ``outcomes:``), ``replies`` to say, and
    ``options`` for a following ``pick`` question (``[{"value", "key", "args"}]``)."""

    outcome: str = "ok"
    replies: list[Reply] = field(default_factory=list)
    options: list[dict[str, Any]] | None = None
