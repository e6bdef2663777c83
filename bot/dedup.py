"""De-duplication answers: what the message path stores per message id, and the replies' JSON form.

A channel that redelivers a message (Telegram retries, a client resending after a timeout) gets the stored
answer back and nothing changes (``bot/pipeline.py``, stage *de-dup*). The record of one message id is
``{"digests": {<content digest>: <replies as JSON>}}``: one id with other content (a client reusing ids) is a new
message. The replies' JSON form is also the outboxes' (``StateStore.push_outbox``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import locales
from dialogues.messages import SENDERS, Button, InboundMessage, OutboundMessage

DEDUP_MAX_DIGESTS = 8  # contents remembered per message id (a reused id): bounds the record


def messages_to_json(messages: list[OutboundMessage]) -> list[dict[str, Any]]:
    """Serialise replies for the de-duplication store and outboxes."""
    return [
        {"text": m.text, "buttons": [[b.title, b.payload] for b in m.buttons],
         "request_location": m.request_location, "quick_exit": m.quick_exit,
         **({"sender": m.sender} if m.sender != "bot" else {}),
         **({"variety": m.variety} if m.variety else {})}
        for m in messages
    ]


def messages_from_json(items: list[dict[str, Any]]) -> list[OutboundMessage]:
    """Inverse of :func:`messages_to_json`."""
    return [
        OutboundMessage(text=i.get("text"), buttons=tuple(Button(t, p) for t, p in i.get("buttons", [])),
                        request_location=bool(i.get("request_location")), quick_exit=bool(i.get("quick_exit")),
                        sender=i["sender"] if i.get("sender") in SENDERS else "bot",
                        variety=i["variety"] if i.get("variety") in locales.VARIETIES else None)
        for i in items
    ]


def inbound_digest(msg: InboundMessage) -> str:
    """SHA-256 (hex) of what the person sent: text, button payload, location and attachment kinds. Two
    deliveries with one ``message_id`` are the same message only when their digests are equal."""
    loc = None if msg.location is None else [round(msg.location.latitude, 7), round(msg.location.longitude, 7)]
    content = {"text": msg.text or "", "payload": msg.payload or "", "location": loc,
               "attachments": [a.kind for a in msg.attachments]}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def stored_answer(record: Any, digest: str) -> tuple[dict[str, Any], list[OutboundMessage] | None]:
    """A de-duplication record as read from the store (``None``, a list stored by an older version, or
    ``{"digests": {digest: replies}}``) and the answer stored for ``digest`` (None: not a redelivery)."""
    if isinstance(record, list):  # a record of an older version (no digest): a redelivery
        record = {"digests": {digest: record}}
    record = record if isinstance(record, dict) else {"digests": {}}
    answer = record.get("digests", {}).get(digest)
    return record, None if answer is None else messages_from_json(answer)


def with_answer(record: dict[str, Any], digest: str, replies: list[OutboundMessage]) -> dict[str, Any]:
    """The de-duplication record with ``replies`` stored for ``digest`` (at most :data:`DEDUP_MAX_DIGESTS`
    contents per message id: the oldest go first)."""
    digests = dict(record.get("digests", {}))
    digests[digest] = messages_to_json(replies)
    while len(digests) > DEDUP_MAX_DIGESTS:
        digests.pop(next(iter(digests)))
    return {"digests": digests}
