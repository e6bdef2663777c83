"""The channel protocol and the registry used for asynchronous sends (BRIEF contract #7).

Synchronous replies go back on the request that brought the message (REST) or through the platform's own
call (Telegram, WhatsApp). Asynchronous messages — an operator's reply from the console, an appointment
reminder — go through :class:`ChannelRegistry`: ``await registry.send("rest", recipient_id, messages)`` or,
knowing only the pseudonymous conversation key, ``await registry.send_to_conversation(key, messages)``
(which looks up the channel and the raw recipient id through ``services.identity.recipient_for``; the raw
id is stored encrypted by the services and never logged).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol, runtime_checkable

from bot.messages import OutboundMessage

log = logging.getLogger("bot.channels")


@runtime_checkable
class Channel(Protocol):
    """A platform adapter that can push messages to a person outside a request/response cycle.

    ``name``: the channel name used in :class:`bot.messages.InboundMessage` (``rest``, ``console``,
    ``telegram``, ``whatsapp``). ``send`` raises on a platform error (the caller decides whether to retry).
    """

    name: str

    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        """Deliver ``messages`` to ``recipient_id`` (the platform's raw user/chat id)."""


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
