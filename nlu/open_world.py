"""Open-world evaluation: what the bot's *first reply* does with everyday messages and with danger messages.

The sets (``nlu/eval/<variety>/everyday.txt`` and ``danger.txt``, one message per line) were written by people
who never saw the patterns or the training data; they are never trained on (``tests/nlu/test_data_split.py``).
Every message is treated as the first message of a new conversation and decided by the bot's own code:

1. the safety net (``nlu.safety.detect``) on the text;
2. the NLU parse (the trained model, over HTTP or in-process);
3. ``nlu.danger.decide(net, parse)`` — the function the message path calls — → the **emergency path**;
4. otherwise the real dialogue engine (``dialogues.engine.FlowEngine``, its thresholds and keyword back-up)
   steps a fresh conversation state; the journey it starts, if any, is read from the state.

Figures, per variety: **false-alarm rate** (everyday messages that get the emergency path — the numbers and a
priority-0 escalation, or the engine's emergency flow), **false-start rate** (everyday messages whose first
reply starts a service journey: every flow except the welcome menu, "can't help", help, goodbye, "are you a
bot" and the language question — the last is counted apart), and **danger recall** (danger messages that get the emergency path).

Each set is split deterministically into a *dev* half (may be read while tuning) and a *test* half (not read
line by line): :func:`half` hashes the normalised line. Message text never reaches a log.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlu import project
from nlu.normalize import normalize

EVAL_DIR = project.NLU_DIR / "eval"
SETS = ("everyday", "danger")
HALVES = ("dev", "test")
NOT_A_JOURNEY = frozenset({"welcome", "out_of_scope", "help", "goodbye", "bot_challenge", "change_language"})
"""Flows whose start is no false start: the menu, "I can't help with that", what Jisr does, goodbye, "I'm a bot",
"which language?" (a setting, not a service; its starts are still counted apart, ``language_starts``)."""


def half(text: str) -> str:
    """``dev`` or ``test``: the parity of the first byte of SHA-256 of the normalised line (stable, ~50/50)."""
    return "dev" if hashlib.sha256(normalize(text).encode("utf-8")).digest()[0] % 2 == 0 else "test"


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of ``path`` (stripped)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_sets(directory: Path = EVAL_DIR) -> dict[str, dict[str, list[str]]]:
    """``{variety: {"everyday": [...], "danger": [...]}}`` for every variety folder present under ``directory``."""
    out: dict[str, dict[str, list[str]]] = {}
    for variety in project.VARIETIES:
        folder = directory / variety
        if not folder.is_dir():
            continue
        out[variety] = {name: read_lines(folder / f"{name}.txt") if (folder / f"{name}.txt").is_file() else []
                        for name in SETS}
    return out


@dataclass(frozen=True)
class FirstReply:
    """What the bot's first reply does: ``emergency`` (the numbers), ``journey`` (service journey started, or None),
    ``net`` (the safety net fired), ``intent`` / ``confidence`` (the NLU's top intent), ``flow`` (any flow the
    message started, journeys or not)."""

    emergency: bool
    journey: str | None
    net: bool
    intent: str | None
    confidence: float
    flow: str | None = None


_ENGINE: Any = None


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        from dialogues.engine import FlowEngine

        _ENGINE = FlowEngine.default()
    return _ENGINE


async def first_reply(text: str, parse: Any) -> FirstReply:
    """Decide ``text`` (the first message of a conversation) with the bot's own code; ``parse`` is a
    ``nlu.client.ParseResult`` or None (NLU down: menu mode)."""
    from dialogues.engine import ActionContext, ConversationState, Turn
    from nlu import safety
    from nlu.danger import decide

    net = safety.detect(text)
    intent = getattr(parse, "intent", None)
    confidence = float(getattr(parse, "confidence", 0.0) or 0.0)
    if decide(net, parse) is not None:
        return FirstReply(True, None, net is not None, intent, confidence)
    engine = _engine()
    state = ConversationState()
    ctx = ActionContext(conversation_key="open-world-eval", session_factory=None)
    await engine.step(state, Turn(text=text, parse=parse), ctx)
    trigger = state.slots.get("trigger_intent")
    flow = engine.intent_flows.get(str(trigger)) if trigger else None
    if state.slots.get("danger") or flow == "emergency":
        return FirstReply(True, None, False, intent, confidence, "emergency")
    journey = flow if flow is not None and flow not in NOT_A_JOURNEY else None
    return FirstReply(False, journey, False, intent, confidence, flow)


def decide_all(texts: list[str], raw_parses: Iterable[dict[str, Any]]) -> list[FirstReply]:
    """:func:`first_reply` for every text with its raw Rasa parse (same order)."""
    from nlu.client import parse_result_from_rasa

    parses = [parse_result_from_rasa(t, r) for t, r in zip(texts, raw_parses)]

    async def run() -> list[FirstReply]:
        return [await first_reply(t, p) for t, p in zip(texts, parses)]

    return asyncio.run(run())


def compute(sets: dict[str, dict[str, list[str]]], replies: dict[tuple[str, str], list[FirstReply]]) -> dict[str, Any]:
    """Rates per variety and half: ``{variety: {"dev"|"test"|"all": {everyday, false_alarms, false_alarm_rate,
    false_starts, false_start_rate, danger, danger_caught, danger_recall}}}`` plus ``"all"`` over varieties;
    also ``journeys`` {variety: {flow: count}} (everyday false starts by journey)."""
    cells: dict[str, dict[str, dict[str, int]]] = {}
    journeys: dict[str, dict[str, int]] = {}

    def cell(variety: str, part: str) -> dict[str, int]:
        return cells.setdefault(variety, {}).setdefault(
            part, {"everyday": 0, "false_alarms": 0, "false_starts": 0, "language_starts": 0, "danger": 0, "danger_caught": 0})

    for variety, by_set in sets.items():
        for name in SETS:
            for text, reply in zip(by_set[name], replies.get((variety, name), [])):
                for v in (variety, "all"):
                    for part in (half(text), "all"):
                        c = cell(v, part)
                        if name == "everyday":
                            c["everyday"] += 1
                            c["false_alarms"] += reply.emergency
                            c["false_starts"] += reply.journey is not None
                            c["language_starts"] += reply.flow == "change_language"
                        else:
                            c["danger"] += 1
                            c["danger_caught"] += reply.emergency
                if name == "everyday" and reply.journey:
                    journeys.setdefault(variety, {}).setdefault(reply.journey, 0)
                    journeys[variety][reply.journey] += 1
    out: dict[str, Any] = {}
    for variety, parts in cells.items():
        out[variety] = {}
        for part, c in parts.items():
            out[variety][part] = {
                **c,
                "false_alarm_rate": c["false_alarms"] / c["everyday"] if c["everyday"] else 0.0,
                "false_start_rate": c["false_starts"] / c["everyday"] if c["everyday"] else 0.0,
                "danger_recall": c["danger_caught"] / c["danger"] if c["danger"] else 1.0,
            }
    return {"per_variety": out, "journeys": journeys}


def evaluate(url: str | None = None, directory: Path = EVAL_DIR) -> dict[str, Any]:
    """Parse every eval message (service at ``url`` if it answers, else in-process Rasa) and score the first
    replies (:func:`compute`)."""
    from nlu.parsing import parse_many

    sets = load_sets(directory)
    order = [(v, name) for v in sets for name in SETS]
    texts = [t for v, name in order for t in sets[v][name]]
    if not texts:
        raise ValueError(f"no open-world evaluation sets under {directory}")
    raw = list(parse_many(texts, url))
    decided = decide_all(texts, raw)
    replies: dict[tuple[str, str], list[FirstReply]] = {}
    i = 0
    for v, name in order:
        n = len(sets[v][name])
        replies[(v, name)] = decided[i : i + n]
        i += n
    return compute(sets, replies)


def write_report(metrics: dict[str, Any], directory: Path | None = None) -> Path:
    """Write ``open_world.json`` (rates and counts; no message text) under ``reports/nlu`` and return its path."""
    import json

    from nlu.evaluation import REPORTS_DIR

    directory = directory or REPORTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "open_world.json"
    path.write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    return path


def format_summary(metrics: dict[str, Any]) -> str:
    """The table printed by ``jisr nlu eval``: false alarms, false starts (everyday), danger recall."""
    lines = [
        "open world (first message of a conversation; nlu/eval/<variety>/everyday.txt, danger.txt):",
        f"{'variety':<10}{'half':<6}{'everyday':>9}{'false alarms':>14}{'false starts':>14}{'danger':>8}{'recall':>8}",
    ]
    order = [v for v in (*project.VARIETIES, "all") if v in metrics["per_variety"]]
    for variety in order:
        for part in ("dev", "test", "all"):
            c = metrics["per_variety"][variety].get(part)
            if c is None:
                continue
            lines.append(
                f"{variety:<10}{part:<6}{c['everyday']:>9}"
                f"{c['false_alarm_rate']:>9.3f} ({c['false_alarms']:>2}){c['false_start_rate']:>9.3f} ({c['false_starts']:>2})"
                f"{c['danger']:>8}{c['danger_recall']:>8.3f}"
            )
    starts = sum(metrics["per_variety"][v]["all"]["language_starts"] for v in project.VARIETIES if v in metrics["per_variety"])
    lines.append(f"(the language question, not a service journey, was the first reply to {starts} everyday messages)")
    return "\n".join(lines)
