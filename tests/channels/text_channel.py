"""A whole channel in one module, as ``bot/CHANNELS.md`` says: a text-only platform (think SMS) that posts
``{"from": "<id>", "text": "…", "photo": true?}`` to ``POST /webhooks/textchannel`` and reads its replies from
the response (``{"replies": ["…", …]}``). ``tests/channels/test_channel_contract.py`` mounts it through
``JISR_CHANNELS`` only: nothing of ``bot/`` knows it.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.channels import inbound, textonly
from bot.channels.base import ChannelContext, app_context, mount_channel
from dialogues.messages import Attachment, OutboundMessage

NAME = "textchannel"
MAX_TEXT = 160


class TextChannel:
    """Inbound: the webhook. Outbound: an in-memory list of sent bodies (``sent``), buttons as numbers."""

    name = NAME

    def __init__(self, ctx: ChannelContext) -> None:
        self.ctx = ctx
        self.offers = textonly.Offers(ctx.store, f"{NAME}-menu:")
        self.sent: list[tuple[str, str]] = []

    def routes(self) -> list[Any]:
        return [Route("/webhooks/textchannel", self.webhook, methods=["POST"])]

    async def webhook(self, request: Request) -> JSONResponse:
        data = await request.json()
        photo = (Attachment("image", "image/jpeg"),) if data.get("photo") else ()
        msg = inbound.message(channel=NAME, sender_id=str(data["from"]), text=data.get("text") or None,
                              attachments=photo)
        conv = self.ctx.conversation_key(msg.sender_id)
        danger = inbound.is_danger(msg)  # danger first: no store step of the channel's before the numbers
        if not danger:
            msg = await self.offers.resolve(conv, msg)
        replies = await self.ctx.handle(msg)
        if danger:
            inbound.later(self.offers.remember(conv, replies))
        else:
            await self.offers.remember(conv, replies)
        variety = next((r.variety for r in replies if r.variety), None) or "ary"
        return JSONResponse({"replies": [b for r in replies for b in textonly.render(r, variety, MAX_TEXT)]})

    async def send(self, recipient_id: str, messages: list[OutboundMessage]) -> None:
        variety = await self.ctx.variety(self.ctx.conversation_key(recipient_id))
        self.sent += [(recipient_id, b) for m in messages for b in textonly.render(m, variety, MAX_TEXT)]


def mount(app: Any, settings: Any = None) -> TextChannel:
    return mount_channel(app, TextChannel(app_context(app, NAME, settings)))
