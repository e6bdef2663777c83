"""Benchmark: latency of ``FlowEngine.step`` alone (menu mode, no database, real flows, locales and
gazetteer), plus the JSON round trip of the state the pipeline does each turn. Prints figures.

Run: ``.venv/bin/python bench/engine_step.py``
"""

import asyncio
import time

from dialogues.engine import ActionContext, ConversationState, FlowEngine, Turn
from services.gazetteer import Gazetteer


async def main():
    e = FlowEngine.load(); gaz = Gazetteer.default()
    script = ["salam", "/report_violence", "/choose:violence.intro.yes", "/choose:violence.danger.no", "/choose:violence.kind.skip", "xyz", "menu"]
    lat = []
    for i in range(300):
        st = ConversationState(); ctx = ActionContext(conversation_key=f"b{i}", gazetteer=gaz)
        for t in script:
            kw = {"payload": t} if t.startswith("/") else {"text": t}
            t0 = time.perf_counter(); await e.step(st, Turn(**kw), ctx); lat.append((time.perf_counter()-t0)*1000)
            ConversationState.from_dict(st.to_dict())
    lat.sort()
    print(f"engine.step menu mode, no DB: n={len(lat)} p50={lat[len(lat)//2]:.2f} ms p95={lat[int(len(lat)*.95)]:.2f} ms p99={lat[int(len(lat)*.99)]:.2f} ms")
asyncio.run(main())
