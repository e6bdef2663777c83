"""The channel contract: what an adapter module is given, what it provides, and how it is mounted.

A channel is **one adapter module** listed in ``JISR_CHANNELS`` (``services.config.Settings.channel_modules``) that
exposes ``mount(app, settings=None, **kwargs) -> channel | None``. ``bot.app.create_app`` calls every listed
module's ``mount`` in one loop (:func:`mount_configured`); a module whose platform is not configured returns
None and mounts nothing. The adapter never sees the pipeline: it gets a :class:`ChannelContext` (conversation
key, variety, the key-value store, the erasure hook, ``handle``) from :func:`context_for`, and
:func:`mount_channel` registers it, adds its routes and runs its start/stop in the app's lifespan.

The two sides of an adapter:

* inbound (:class:`InboundChannel`): parse the platform's requests or updates into
  :class:`dialogues.messages.InboundMessage` (``bot.channels.inbound.message``), expose its HTTP ``routes()``,
  optionally ``start()``/``stop()`` (polling); every message — text, button, location, media alone — goes
  through ``ctx.handle`` (the message path; media alone gets the kind "please type, or call" reply there);
* outbound (:class:`OutboundChannel`): ``send(recipient_id, messages)`` for asynchronous messages and
  ``can_send_free_text(recipient_id)`` (WhatsApp: the 24-hour window). A text-only platform renders buttons
  as a numbered list and reads "1", "١" or the label back: :mod:`bot.channels.textonly` does both.

Asynchronous messages — an operator's reply from the console, an appointment reminder — go through
:class:`ChannelRegistry`: ``await registry.send("rest", recipient_id, messages)`` or, knowing only the
pseudonymous conversation key, ``await registry.send_to_conversation(key, messages)`` (which looks up the
channel and the raw recipient id through ``services.identity.recipient_for``; the raw id is stored encrypted
by the services and never logged). ``bot/CHANNELS.md`` says how to add a channel.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from dialogues.messages import InboundMessage, OutboundMessage

log = logging.getLogger("bot.channels")


@runtime_checkable
class OutboundChannel(Protocol):
    """The outbound side: push messages to a person outside a request/response cycle.

    ``name``: the channel name used in :class:`dialogues.messages.InboundMessage` (``rest``, ``console``,
    ``telegram``, ``whatsapp``). ``send`` raises on a platform error (the caller decides whether to retry).
    An adapter may add ``async can_send_free_text(recipient_id) -> bool`` (default: always);
    :meth:`ChannelRegistry.can_send_free_text` asks it.
    """

    name: str

    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        """Deliver ``messages`` to ``recipient_id`` (the platform's raw user/chat id)."""


Channel = OutboundChannel  # what the registry holds


@runtime_checkable
class InboundChannel(Protocol):
    """The inbound side: the HTTP routes that receive the platform's messages (``[]`` for a polling-only
    platform). ``start()``/``stop()``, when the adapter has them, run in the app's lifespan."""

    name: str

    def routes(self) -> list[Any]:
        """Starlette routes of the channel (webhooks)."""


class UnknownChannel(LookupError):
    """No channel of that name is registered."""


class UnknownRecipient(LookupError):
    """The conversation key has no stored recipient (never seen, or its data was erased)."""


class ChannelRegistry:
    """The channels of this process, by name. ``session_factory`` (an ``async_sessionmaker``) is needed only
    by :meth:`send_to_conversation`."""

    def __init__(self, session_factory: Any = None) -> None:
        self._channels: dict[str, Channel] = {}
        self.session_factory = session_factory

    def register(self, channel: Channel) -> None:
        """Add (or replace) ``channel`` under ``channel.name``."""
        self._channels[channel.name] = channel

    def get(self, name: str) -> Channel:
        """The channel called ``name``. Raises :class:`UnknownChannel`."""
        try:
            return self._channels[name]
        except KeyError as exc:
            raise UnknownChannel(name) from exc

    def names(self) -> list[str]:
        """Registered channel names, sorted."""
        return sorted(self._channels)

    async def send(self, channel: str, recipient_id: str, messages: list[OutboundMessage]) -> None:
        """Push ``messages`` to ``recipient_id`` on ``channel``. Raises :class:`UnknownChannel` and whatever
        the channel raises."""
        await self.get(channel).send(recipient_id, messages)
        log.info("async-send channel=%s messages=%d", channel, len(messages))

    async def can_send_free_text(self, channel: str, recipient_id: str) -> bool:
        """True when ``channel`` may send ``recipient_id`` a free-form message now (WhatsApp: inside the
        24-hour window). Raises :class:`UnknownChannel`."""
        check = getattr(self.get(channel), "can_send_free_text", None)
        return True if check is None else bool(await check(recipient_id))

    async def send_to_conversation(self, conversation_key: str, messages: list[OutboundMessage]) -> str:
        """Push ``messages`` to the person behind ``conversation_key``; returns the channel name.

        Raises :class:`UnknownRecipient` when the services know no recipient for the key,
        :class:`UnknownChannel` when its channel is not running in this process.
        """
        if self.session_factory is None:
            raise UnknownRecipient("no database configured")
        from services.identity import recipient_for

        async with self.session_factory() as s:
            recipient = await recipient_for(s, conversation_key)
        if recipient is None:
            raise UnknownRecipient(conversation_key[:12])
        await self.send(recipient.channel, recipient.user_id, messages)
        return recipient.channel


ERASE_DELETE_DATA = "delete_data"  # the person confirmed "delete my data" (the database records are gone too)
ERASE_QUICK_EXIT = "quick_exit"  # the person used the quick exit (/exit, the exit button, the web chat's)


@dataclass(frozen=True)
class Erasure:
    """What a channel's erasure hook is told, just before the conversation's records are erased.

    ``conversation_key``: the conversation (HMAC hex). ``channel``: its channel name. ``reason``:
    :data:`ERASE_DELETE_DATA` or :data:`ERASE_QUICK_EXIT`. ``variety``: the variety the turn's replies are in
    (the stored state that said so is about to go).
    """

    conversation_key: str
    channel: str
    reason: str
    variety: str


ErasureHook = Callable[[Erasure], Awaitable[None]]


@dataclass(frozen=True)
class ChannelContext:
    """What an adapter gets of the message path, instead of the pipeline.

    ``name``: the channel's name. ``store``: the key-value store (:class:`bot.state.StateStore`: ``load``,
    ``save(key, value, conversation=conv)``, ``lock``, ``put_answer``/``get_answer``, ``delete``; a record saved
    with ``conversation=`` is erased with the conversation). ``settings``: ``services.config.Settings``.
    ``conversation_key(sender_id) -> str``: the pseudonymous key of a person of this channel.
    ``variety(conversation_key, hint=None) -> str``: the conversation's variety (stored, else ``hint``, else
    the default; never raises). ``on_erase(hook)``: register an :data:`ErasureHook`. ``handle(msg)``: the
    message path; never raises (a failure becomes the kind apology, or the emergency reply for danger).
    """

    name: str
    store: Any
    settings: Any
    conversation_key: Callable[[str], str]
    variety: Callable[..., Awaitable[str]]
    on_erase: Callable[[ErasureHook], None]
    handle: Callable[[InboundMessage], Awaitable[list[OutboundMessage]]]


def context_for(pipeline: Any, name: str, settings: Any = None) -> ChannelContext:
    """The :class:`ChannelContext` of channel ``name`` over ``pipeline`` (a ``bot.pipeline.MessagePipeline``)."""
    from bot.channels import inbound

    async def handle(msg: InboundMessage) -> list[OutboundMessage]:
        return await inbound.handle_safely(pipeline, msg)

    return ChannelContext(
        name=name, store=pipeline.store, settings=settings if settings is not None else pipeline.settings,
        conversation_key=lambda sender_id: pipeline.conversation_key(name, sender_id),
        variety=pipeline.variety_of, on_erase=lambda hook: pipeline.on_erase(name, hook), handle=handle)


def app_context(app: Any, name: str, settings: Any = None) -> ChannelContext:
    """:func:`context_for` the pipeline of a Jisr app (``app.state.pipeline``); ``settings`` default the app's."""
    return context_for(app.state.pipeline, name, settings or app.state.settings)


Starter = Callable[[Any], Awaitable[Any]]


def mount_channel(app: Any, channel: Any, *, start: Starter | None = None) -> Any:
    """Mount an adapter on a Jisr app: register it in ``app.state.registry`` (asynchronous sends), add its
    ``routes()``, set ``app.state.<name>``, and when it has ``start``/``stop`` run them in the app's lifespan
    (after the app's own start, before its stop). ``start(channel)`` replaces ``channel.start()``; it may
    return a task (a retry loop), cancelled at shutdown. Returns ``channel``."""
    registry = getattr(app.state, "registry", None)
    if registry is not None:
        registry.register(channel)
    routes = channel.routes() if hasattr(channel, "routes") else []
    app.router.routes.extend(routes)
    setattr(app.state, channel.name, channel)
    if start is not None or hasattr(channel, "start"):
        _run_in_lifespan(app, channel, start or (lambda c: c.start()))
    return channel


def _run_in_lifespan(app: Any, channel: Any, start: Starter) -> None:
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: Any):
        async with inner(a) as state:
            task = await start(channel)
            try:
                yield state
            finally:
                if task is not None and hasattr(task, "cancel"):
                    task.cancel()
                    with contextlib.suppress(BaseException):
                        await task
                if hasattr(channel, "stop"):
                    await channel.stop()

    app.router.lifespan_context = lifespan


def mount_configured(app: Any, settings: Any) -> list[Any]:
    """Import every module of ``settings.channel_modules`` (``JISR_CHANNELS``) and call its
    ``mount(app, settings=settings)``; returns the channels mounted (a module whose platform is not configured
    mounts nothing). Raises ``ImportError`` for a module that does not exist and what a ``mount`` raises
    (a misconfigured platform refuses to start)."""
    mounted = []
    for module_name in settings.channel_modules:
        channel = importlib.import_module(module_name).mount(app, settings=settings)
        if channel is not None:
            mounted.append(channel)
    return mounted
