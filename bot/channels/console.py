"""Console channel: ``jisr shell`` — talk to the bot in a terminal.

Type a message and press Enter; replies are printed with their buttons numbered ``[1] …``; type a number to
tap that button (its payload is sent). Other inputs: ``/loc <latitude>,<longitude>`` shares a location,
``/quit`` (or Ctrl-D) leaves; any other ``/payload`` is sent as a button payload, as on every channel.

The shell runs the whole message path in-process (the same :class:`bot.pipeline.MessagePipeline` as the
server): state in Redis when ``REDIS_URL`` is set, else in memory; the NLU service at ``RASA_URL`` (menu
mode when it is not running); the database of ``DATABASE_URL``. Sender id: ``console-<user>``.
"""

from __future__ import annotations

import asyncio
import getpass
import re
import sys
from typing import Any, TextIO

from bot.channels import inbound
from dialogues.messages import InboundMessage, Location, OutboundMessage

_LOC = re.compile(r"^/loc\s+(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")


def render(messages: list[OutboundMessage]) -> tuple[str, list[str]]:
    """The text to print for ``messages`` and the payloads of their buttons, in the order they are numbered."""
    lines: list[str] = []
    payloads: list[str] = []
    for m in messages:
        if m.text:
            lines.append(f"{'team' if m.sender == 'operator' else 'jisr'}> {m.text}")
        for b in m.buttons:
            payloads.append(b.payload)
            lines.append(f"   [{len(payloads)}] {b.title}")
        if m.request_location:
            lines.append("   (/loc <latitude>,<longitude> to share a location)")
        if m.quick_exit:
            lines.append("   (quick exit: conversation forgotten)")
    return "\n".join(lines), payloads


class ConsoleChannel:
    """The terminal as a channel. ``send`` prints asynchronous messages (an operator's reply)."""

    name = "console"

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        text, _ = render(messages)
        print(text, file=self.out, flush=True)

    def to_inbound(self, line: str, sender_id: str, buttons: list[str]) -> InboundMessage | None:
        """Turn one typed line into an :class:`InboundMessage` (None for an empty line). A number within the
        last buttons taps that button."""
        line = line.strip()
        if not line:
            return None
        if line.isdigit() and 1 <= int(line) <= len(buttons):
            return inbound.message(channel=self.name, sender_id=sender_id, payload=buttons[int(line) - 1])
        m = _LOC.match(line)
        if m:
            return inbound.message(channel=self.name, sender_id=sender_id,
                                   location=Location(float(m.group(1)), float(m.group(2))))
        if line.startswith("/"):
            return inbound.message(channel=self.name, sender_id=sender_id, payload=line)
        return inbound.message(channel=self.name, sender_id=sender_id, text=line)


async def run_shell(ctx: Any, inp: TextIO | None = None, out: TextIO | None = None,
                    sender_id: str | None = None) -> None:
    """The read–reply loop of ``jisr shell`` over ``ctx`` (the console channel's
    :class:`bot.channels.base.ChannelContext`); returns on ``/quit`` or end of input."""
    inp = inp or sys.stdin
    out = out or sys.stdout
    channel = ConsoleChannel(out)
    sender_id = sender_id or f"console-{getpass.getuser()}"
    print("Jisr shell — type a message; a number taps a button; /loc lat,lon shares a location; /quit leaves.",
          file=out, flush=True)
    buttons: list[str] = []
    loop = asyncio.get_running_loop()
    while True:
        print("you> ", end="", file=out, flush=True)
        line = await loop.run_in_executor(None, inp.readline)
        if not line or line.strip() in ("/quit", "/exit"):
            print(file=out)
            return
        msg = channel.to_inbound(line, sender_id, buttons)
        if msg is None:
            continue
        replies = await ctx.handle(msg)
        text, buttons = render(replies)
        if text:
            print(text, file=out, flush=True)
