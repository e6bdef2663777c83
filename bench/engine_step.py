"""Benchmark: latency of ``FlowEngine.step`` alone (menu mode, no database, real flows, locales and
gazetteer), plus the JSON round trip of the state the pipeline does each turn. Prints figures in µs: the
percentiles over every step, and the median of each step of the script (the best of ``ROUNDS`` rounds, so
that load from other processes on the machine weighs less).

Run: ``.venv/bin/python bench/engine_step.py``; to compare with another tree, run the same file with
``PYTHONPATH=<other tree>`` (its ``dialogues`` is then imported).
"""

import asyncio
import time

from dialogues.engine import ActionContext, ConversationState, FlowEngine, Turn
from services.gazetteer import Gazetteer

SCRIPT = ["salam", "/report_violence", "/choose:violence.intro.yes", "/choose:violence.danger.no",
          "/choose:violence.kind.skip", "xyz", "menu"]
CONVERSATIONS = 600
ROUNDS = 3


async def one_round(engine: FlowEngine, gaz: Gazetteer) -> tuple[list[float], dict[str, list[float]]]:
    """Every step's latency (µs) over ``CONVERSATIONS`` conversations, and the same by step of the script."""
    every: list[float] = []
    by_step: dict[str, list[float]] = {t: [] for t in SCRIPT}
    for i in range(CONVERSATIONS):
        st = ConversationState()
        ctx = ActionContext(conversation_key=f"b{i}", gazetteer=gaz)
        for t in SCRIPT:
            kw = {"payload": t} if t.startswith("/") else {"text": t}
            t0 = time.perf_counter()
            await engine.step(st, Turn(**kw), ctx)
            us = (time.perf_counter() - t0) * 1e6
            every.append(us)
            by_step[t].append(us)
            ConversationState.from_dict(st.to_dict())
    return every, by_step


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def main() -> None:
    engine, gaz = FlowEngine.load(), Gazetteer.default()
    rounds = [await one_round(engine, gaz) for _ in range(ROUNDS)]
    every, _ = min(rounds, key=lambda r: pct(r[0], 0.5))
    print(f"engine.step menu mode, no DB: n={len(every)} (best of {ROUNDS} rounds) p50={pct(every, .5):.1f} µs "
          f"p95={pct(every, .95):.1f} µs p99={pct(every, .99):.1f} µs mean={sum(every) / len(every):.1f} µs")
    medians = {t: min(pct(r[1][t], 0.5) for r in rounds) for t in SCRIPT}
    print("median by step (µs): " + "  ".join(f"{t}={m:.1f}" for t, m in medians.items()))
    print(f"sum of the medians of the script: {sum(medians.values()):.1f} µs")


asyncio.run(main())
