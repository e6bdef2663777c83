"""Runs the conversation scripts of ``tests/conversations/*.yml`` through a *driver*.

A script file holds ``conversations``; each conversation has ``turns``; a turn sends ``user`` text (a
string, or ``{variety: text}`` — the conversation then runs once per variety), a button ``payload`` or a
``location`` ``[lat, lon]``, and checks ``expect``:

* ``flow`` / ``node`` / ``handoff`` / ``variety`` (``$variety`` = the variety being run) — when the driver
  exposes the conversation state;
* ``intent`` — when the driver has the NLU (not in menu mode);
* ``buttons`` — payloads that must be offered (a trailing ``*`` matches a prefix);
* ``text`` — fragments that must appear in the replies (``{variety: fragment}`` allowed);
* ``keys`` — locale keys whose rendering (no args) must appear in the replies;
* ``silent: true`` — no reply at all.
* ``may_be_silent: true`` — no reply is fine (the engine is silent; over REST the pipeline may answer).

Drivers: :class:`EngineDriver` (the engine directly; ``parse=None`` = menu mode, or an ``NLUClient``).
A REST driver (``POST /webhooks/rest/webhook`` on ``bot.app.create_app``) only has to implement ``send``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import locales
from dialogues.messages import Location, OutboundMessage

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "conversations"
_ISOLATION = str.maketrans("", "", "\u2068\u2069\u2066\u2067")
_ids = itertools.count()


@dataclass
class Exchange:
    """What one turn produced: the replies, and (when the driver exposes them) state and intent."""

    messages: list[OutboundMessage]
    state: Any = None
    intent: str | None = None


@dataclass
class EngineDriver:
    """Drives :class:`dialogues.engine.FlowEngine` directly; ``nlu`` = an ``NLUClient`` or None (menu mode)."""

    engine: Any
    ctx_factory: Any
    nlu: Any = None
    states: dict[str, Any] = field(default_factory=dict)

    async def send(self, conversation: str, text: str | None = None, payload: str | None = None,
                   location: tuple[float, float] | None = None) -> Exchange:
        from dialogues.engine import ConversationState, Turn

        state = self.states.setdefault(conversation, ConversationState())
        parse = None
        if self.nlu is not None and text and not text.startswith("/"):
            parse = await self.nlu.parse(text)
        loc = Location(*location) if location else None
        msgs = await self.engine.step(state, Turn(text=text, payload=payload, location=loc, parse=parse),
                                      self.ctx_factory(conversation))
        # the state goes through JSON like the pipeline's store does
        self.states[conversation] = ConversationState.from_dict(state.to_dict())
        return Exchange(msgs, self.states[conversation], parse.intent if parse else None)


def load_scripts() -> list[tuple[str, str, dict]]:
    """``[(id, variety, conversation)]`` for every conversation × variety of every script file."""
    out = []
    for path in sorted(SCRIPTS_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for conv in data["conversations"]:
            varieties = conv.get("varieties") or list(locales.VARIETIES)
            for v in varieties:
                out.append((f"{path.stem}:{conv['name']}:{v}", v, conv))
    return out


def _pick(value: Any, variety: str) -> Any:
    return value.get(variety) if isinstance(value, dict) else value


def render_all(messages: list[OutboundMessage]) -> str:
    """All reply texts and button titles, isolation marks removed."""
    parts = []
    for m in messages:
        parts.append((m.text or "").translate(_ISOLATION))
        parts.extend(b.title.translate(_ISOLATION) for b in m.buttons)
    return "\n".join(parts)


async def run_conversation(driver: Any, variety: str, conv: dict) -> None:
    """Play one conversation in ``variety``; raises ``AssertionError`` with the turn on a mismatch."""
    cid = f"conv-{next(_ids)}"
    for i, turn in enumerate(conv["turns"]):
        text = _pick(turn.get("user"), variety)
        loc = turn.get("location")
        ex = await driver.send(cid, text=text, payload=turn.get("payload"),
                               location=tuple(loc) if loc else None)
        exp = turn.get("expect") or {}
        where = f"{conv['name']}[{variety}] turn {i} ({text or turn.get('payload') or loc!r})"
        body = render_all(ex.messages)
        summary = f"{where}: got state={getattr(ex.state, 'flow', None)}.{getattr(ex.state, 'node', None)} replies={body[:400]!r} buttons={[b.payload for m in ex.messages for b in m.buttons]}"
        if exp.get("silent"):
            assert not ex.messages, summary
            continue
        if exp.get("may_be_silent") and not ex.messages:  # the engine is silent; the pipeline may answer
            continue
        assert ex.messages, f"{summary}: no reply"
        if ex.state is not None:
            for attr in ("flow", "node", "handoff"):
                if attr in exp:
                    assert getattr(ex.state, attr) == exp[attr], f"{summary}: {attr} expected {exp[attr]!r}"
            if "variety" in exp:
                want = variety if exp["variety"] == "$variety" else exp["variety"]
                assert ex.state.variety == want, f"{summary}: variety {ex.state.variety} != {want}"
        if "intent" in exp and ex.intent is not None:
            assert ex.intent == exp["intent"], f"{summary}: intent {ex.intent} != {exp['intent']}"
        payloads = [b.payload for m in ex.messages for b in m.buttons]
        for want in exp.get("buttons", []):
            if want.endswith("*"):
                assert any(p.startswith(want[:-1]) for p in payloads), f"{summary}: no button {want}"
            else:
                assert want in payloads, f"{summary}: no button {want}"
        for frag in exp.get("text", []):
            frag = _pick(frag, variety)
            if frag:
                assert frag in body, f"{summary}: missing text {frag!r}"
        for key in exp.get("keys", []):
            rendered = locales.t(variety, key, gender="f").translate(_ISOLATION)
            first_line = rendered.splitlines()[0][:40]
            assert first_line in body, f"{summary}: missing {key} ({first_line!r})"


@dataclass
class RestDriver:
    """Drives the whole message path through the REST channel: ``POST /webhooks/rest/webhook`` on
    ``bot.app.create_app`` (httpx ASGITransport, no socket). The conversation state is read back from the
    app's state store, so flow/node checks still apply; the intent is not visible there."""

    app: Any
    client: Any

    async def send(self, conversation: str, text: str | None = None, payload: str | None = None,
                   location: tuple[float, float] | None = None) -> Exchange:
        from dialogues.engine import ConversationState
        from dialogues.messages import Button

        body: dict[str, Any] = {"sender": conversation, "message": payload or text or ""}
        if location:
            body["metadata"] = {"location": {"latitude": location[0], "longitude": location[1]}}
        resp = await self.client.post("/webhooks/rest/webhook", json=body)
        assert resp.status_code == 200, resp.text
        msgs = [OutboundMessage(text=item.get("text"),
                                buttons=tuple(Button(b["title"], b["payload"]) for b in item.get("buttons", [])),
                                request_location=bool((item.get("custom") or {}).get("request_location")))
                for item in resp.json()]
        pipeline = self.app.state.pipeline
        record = await self.app.state.store.load(pipeline.conversation_key("rest", conversation))
        state = ConversationState.from_dict((record or {}).get("state")) if record else ConversationState()
        return Exchange(msgs, state, None)


# ---- helpers of the engine-level tests (a real ParseResult as the NLU client returns it) -----------------

def parsed(text: str, intent: str, confidence: float, language: str, *,
           ranking: list[tuple[str, float]] | None = None, city: str | None = None) -> Any:
    """A real ``nlu.client.ParseResult`` for ``text``; ``city`` adds a ``city`` entity (place id) spanning it."""
    from nlu.client import Entity, ParseResult

    entities = [Entity(entity="city", value=city, start=0, end=len(text))] if city else []
    return ParseResult(text=text, intent=intent, confidence=confidence, language=language, entities=entities,
                       intent_ranking=ranking or [(intent, confidence)])


async def step_texts(engine: Any, state: Any, ctx: Any, text: str | None = None, payload: str | None = None,
                     parse: Any = None) -> tuple[list[str], list[str]]:
    """One engine step; (texts of the replies, payloads of their buttons)."""
    from dialogues.engine import Turn

    msgs = await engine.step(state, Turn(text=text, payload=payload, parse=parse), ctx)
    return [m.text for m in msgs if m.text], [b.payload for m in msgs for b in m.buttons]
