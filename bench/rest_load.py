"""Load benchmark of the REST channel: N concurrent simulated conversations against a running server.

Measures, in one run:

1. the message path end to end (``POST /webhooks/rest/webhook``: lock, state, safety net, NLU, engine,
   services) with ``--conversations`` concurrent conversations, each playing a scripted journey (free text
   in the four varieties, button payloads, a place) with a think time between turns (people type);
2. the raw NLU throughput (``POST /model/parse`` on the Rasa service) with the same texts, for comparison.

Prints messages/s, p50/p95/p99 latency (ms), errors, and the same for ``/model/parse``. Target: p95 ≤ 150 ms
with 200 conversations.

``--rate R`` replaces the closed loop by an open one: messages are offered at R per second (Poisson arrivals,
for ``--duration`` seconds), each to a conversation that is not waiting for a reply (a new one when all are), so
a slow server meets a growing queue as it would in production.

CPU cost: the CPU time the kernel charged to the bot's processes and to Rasa's (``/proc/<pid>/stat``, utime +
stime, children included; the processes are found by their listening ports) is read before and after each
phase and printed per message (bot) and per parse (Rasa, from the raw ``/model/parse`` phase, and under the
message phase's own load: Rasa's CPU then divided by the parses the bot made, ``nlu_parses`` of the bot's
``/metrics.json``); the bench's own CPU time is printed too: on a 2-core machine the client competes with the
servers it measures.

Set-up (real model, PostgreSQL + Redis)::

    createdb -h 127.0.0.1 jisr_bench
    DATABASE_URL=postgresql://127.0.0.1:5432/jisr_bench REDIS_URL=redis://127.0.0.1:6379/1 make run   # terminal 1
    .venv/bin/python bench/rest_load.py --conversations 200                                          # terminal 2

Or let the bench start the servers itself (uvicorn + ``rasa run``, stopped at the end)::

    .venv/bin/python bench/rest_load.py --start --database-url postgresql://127.0.0.1:5432/jisr_bench \
        --redis-url redis://127.0.0.1:6379/1 --rate 20 --duration 60

Options: ``--url`` (bot, default http://127.0.0.1:8000), ``--rasa-url`` (default http://127.0.0.1:5005),
``--conversations``, ``--think`` (mean seconds between a reply and the next message, exponential; 0 = none),
``--rate``, ``--duration``, ``--parse-requests``, ``--parse-concurrency``, ``--seed``, ``--start``
(``--database-url``, ``--redis-url``, ``--workers``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import httpx
from topology import Topology, cpu_seconds, wait_http

# Scripted conversations: (kind, value). "text" goes through the NLU; "payload" is a button; "pick" taps the
# first button of the last reply (whatever the journey offered).
SCRIPTS: list[list[tuple[str, str]]] = [
    [("text", "salam"), ("text", "rajli kaydrebni, ana f tanja"), ("pick", ""), ("pick", ""), ("pick", ""),
     ("payload", "/menu")],
    [("text", "bonjour"), ("text", "je voudrais une carte de handicap pour mon fils"), ("pick", ""),
     ("text", "je suis à Fès"), ("pick", ""), ("payload", "/menu")],
    [("text", "السلام عليكم"), ("text", "بغيت وساطة أسرية مع راجلي"), ("pick", ""), ("text", "أنا فمراكش"),
     ("pick", ""), ("payload", "/menu")],
    [("text", "مرحبا"), ("text", "أين أجد مركزا لرعاية المسنين في الرباط"), ("pick", ""), ("pick", ""),
     ("text", "شكرا"), ("payload", "/menu")],
    [("payload", "/start"), ("payload", "/find_center"), ("pick", ""), ("text", "casa"), ("pick", ""),
     ("text", "merci")],
    [("text", "wach nta robot?"), ("text", "bghit nhder m3a chi wa7ed"), ("pick", ""), ("payload", "/menu"),
     ("text", "kan3ayech f zen9a f agadir"), ("pick", "")],
]
PARSE_TEXTS = sorted({v for s in SCRIPTS for k, v in s if k == "text"})


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


class _Conversation:
    """One scripted conversation of the open-loop load: the next turn to send and the last reply."""

    def __init__(self, script: list[tuple[str, str]]) -> None:
        self.sender = f"bench-{uuid.uuid4().hex}"
        self.script = script
        self.step = 0
        self.last: list[dict] = []

    def next_message(self) -> str:
        kind, value = self.script[self.step]
        if kind != "pick":
            return value
        buttons = [b for r in self.last for b in r.get("buttons", [])]
        return buttons[0]["payload"] if buttons else "/menu"


async def _send_turn(client: httpx.AsyncClient, conv: _Conversation, lat: list[float], errors: list[str]) -> None:
    """Send the conversation's next message (a new message id), time it, keep its reply for the next "pick"
    and move the conversation on one step. An empty reply list is a valid answer (hand-off: the bot is
    silent)."""
    body = {"sender": conv.sender, "message": conv.next_message(), "message_id": uuid.uuid4().hex}
    t0 = time.perf_counter()
    try:
        r = await client.post("/webhooks/rest/webhook", json=body)
        if r.status_code == 200:
            lat.append((time.perf_counter() - t0) * 1000)
            conv.last = r.json()
        else:
            errors.append(f"HTTP {r.status_code}")
    except httpx.HTTPError as exc:
        errors.append(type(exc).__name__)
    conv.step += 1


async def conversation(client: httpx.AsyncClient, script: list[tuple[str, str]], think: float,
                       rng: random.Random, lat: list[float], errors: list[str]) -> None:
    """One closed-loop conversation: its whole script, ``think`` seconds (exponential) between turns."""
    conv = _Conversation(script)
    await asyncio.sleep(rng.uniform(0, max(think, 0.05)))  # stagger the starts
    while conv.step < len(conv.script):
        await _send_turn(client, conv, lat, errors)
        if think > 0:
            await asyncio.sleep(rng.expovariate(1 / think))


async def _nlu_parses(client: httpx.AsyncClient) -> int | None:
    """The bot's count of messages sent to the NLU so far (``/metrics.json`` ``nlu_parses``; one worker's
    when there are several), or None when the bot does not say."""
    try:
        return int((await client.get("/metrics.json")).json()["nlu_parses"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None


def _cpu_now(pids: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far of each measured process group, and of this client."""
    t = os.times()
    return {**{name: cpu_seconds(p) for name, p in pids.items()}, "client": t.user + t.system}


async def rest_load(url: str, n: int, think: float, seed: int, pids: dict[str, list[int]]) -> dict:
    """Closed loop: ``n`` conversations play their script, each waiting ``think`` seconds between turns."""
    rng = random.Random(seed)
    lat: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        await _check_health(client)
        parses0 = await _nlu_parses(client)
        cpu0 = _cpu_now(pids)
        t0 = time.perf_counter()
        await asyncio.gather(*[conversation(client, SCRIPTS[i % len(SCRIPTS)], think, random.Random(rng.random()),
                                            lat, errors) for i in range(n)])
        wall = time.perf_counter() - t0
        cpu1 = _cpu_now(pids)
        parses1 = await _nlu_parses(client)
    return {"messages": len(lat) + len(errors), "ok": len(lat), "errors": errors, "wall": wall, "lat": lat,
            "cpu": {k: cpu1[k] - cpu0[k] for k in cpu0}, "parses": _delta(parses0, parses1)}


async def rate_load(url: str, rate: float, duration: float, seed: int, pids: dict[str, list[int]]) -> dict:
    """Open loop: messages offered at ``rate`` per second (Poisson) for ``duration`` seconds.

    Each arrival starts a new conversation with probability 1/6 (or when none is idle), otherwise continues
    the conversation idle the longest; latencies are measured per message whatever the queue.
    """
    rng = random.Random(seed)
    lat: list[float] = []
    errors: list[str] = []
    idle: list[_Conversation] = []
    tasks: set[asyncio.Task] = set()

    async def send(client: httpx.AsyncClient, conv: _Conversation) -> None:
        await _send_turn(client, conv, lat, errors)
        if conv.step < len(conv.script):
            idle.append(conv)

    limits = httpx.Limits(max_connections=500, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        await _check_health(client)
        parses0 = await _nlu_parses(client)
        cpu0 = _cpu_now(pids)
        t0 = time.perf_counter()
        due = t0
        while due - t0 < duration:
            due += rng.expovariate(rate)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if idle and rng.random() >= 1 / 6:
                conv = idle.pop(0)
            else:
                conv = _Conversation(SCRIPTS[rng.randrange(len(SCRIPTS))])
            task = asyncio.create_task(send(client, conv))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        offered = time.perf_counter() - t0
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
        cpu1 = _cpu_now(pids)
        parses1 = await _nlu_parses(client)
    return {"messages": len(lat) + len(errors), "ok": len(lat), "errors": errors, "wall": wall, "lat": lat,
            "offered_s": offered, "cpu": {k: cpu1[k] - cpu0[k] for k in cpu0}, "parses": _delta(parses0, parses1)}


def _delta(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else after - before


async def _check_health(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    if health.status_code != 200 or health.json().get("status") != "ok":  # "degraded": menu mode, no NLU
        print(f"warning: /healthz says {health.status_code} {health.text}")


async def parse_load(rasa_url: str, requests: int, concurrency: int, pids: dict[str, list[int]]) -> dict:
    lat: list[float] = []
    errors: list[str] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(PARSE_TEXTS[i % len(PARSE_TEXTS)])

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            text = queue.get_nowait()
            t0 = time.perf_counter()
            try:
                r = await client.post("/model/parse", json={"text": text})
                if r.status_code == 200:
                    lat.append((time.perf_counter() - t0) * 1000)
                else:
                    errors.append(f"HTTP {r.status_code}")
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)

    async with httpx.AsyncClient(base_url=rasa_url, timeout=30) as client:
        cpu0 = _cpu_now(pids)
        t0 = time.perf_counter()
        await asyncio.gather(*[worker(client) for _ in range(concurrency)])
        wall = time.perf_counter() - t0
        cpu1 = _cpu_now(pids)
    return {"ok": len(lat), "errors": errors, "wall": wall, "lat": lat, "cpu": {k: cpu1[k] - cpu0[k] for k in cpu0}}


def report(title: str, res: dict, per: str = "message") -> None:
    lat = res["lat"]
    rate = res["ok"] / res["wall"] if res["wall"] else 0.0
    print(f"{title}")
    print(f"  requests ok {res['ok']}, errors {len(res['errors'])}"
          + (f" ({', '.join(sorted(set(res['errors'])))})" if res["errors"] else ""))
    if "offered_s" in res:
        print(f"  offered {res['messages'] / res['offered_s']:.1f} /s over {res['offered_s']:.1f} s; "
              f"handled {rate:.1f} /s")
    else:
        print(f"  throughput {rate:.1f} /s over {res['wall']:.1f} s")
    if lat:
        print(f"  latency ms: p50 {percentile(lat, 50):.1f}  p95 {percentile(lat, 95):.1f}  "
              f"p99 {percentile(lat, 99):.1f}  mean {statistics.fmean(lat):.1f}  max {max(lat):.1f}")
    n = max(1, res["ok"] + len(res["errors"]))
    print(f"  CPU ms per {per}: " + ", ".join(f"{k} {v * 1000 / n:.2f}" for k, v in res.get("cpu", {}).items()))


def listening_pids(port: int) -> list[int]:
    """The processes listening on TCP ``port`` (``ss -ltnpH``); empty when ``ss`` cannot tell."""
    try:
        out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return []
    return sorted({int(pid) for pid in re.findall(r"pid=(\d+)", out.stdout)})


def _measured(bot_url: str, rasa_url: str) -> dict[str, list[int]]:
    """The bot's and Rasa's processes, by their listening ports (Rasa's tree left out of the bot's)."""
    from topology import children

    rasa = listening_pids(urlsplit(rasa_url).port or 80)
    rasa_tree = {p for r in rasa for p in (r, *children(r))}
    bot = [p for p in listening_pids(urlsplit(bot_url).port or 80) if p not in rasa_tree]
    return {"bot": bot, "rasa": rasa} if bot and rasa else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    ap.add_argument("--conversations", type=int, default=200)
    ap.add_argument("--think", type=float, default=2.0, help="mean think time between turns, seconds")
    ap.add_argument("--rate", type=float, default=0.0, help="open loop: messages offered per second (Poisson)")
    ap.add_argument("--duration", type=float, default=60.0, help="open loop: seconds of offered load")
    ap.add_argument("--parse-requests", type=int, default=600)
    ap.add_argument("--parse-concurrency", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", action="store_true", help="start the bot (uvicorn) and Rasa here, stop them after")
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    topo = Topology() if args.start else None
    try:
        if topo is not None:
            args.url, args.rasa_url, pids = _start(topo, args)
        else:
            pids = _measured(args.url, args.rasa_url)
        if not pids:
            print("warning: bot/Rasa processes not found by port: no CPU figures")
        if args.rate > 0:
            res = asyncio.run(rate_load(args.url, args.rate, args.duration, args.seed, pids))
            title = f"REST channel: open loop, {args.rate:g} msg/s offered (Poisson) for {args.duration:g} s"
        else:
            res = asyncio.run(rest_load(args.url, args.conversations, args.think, args.seed, pids))
            title = (f"REST channel: {args.conversations} concurrent conversations, {len(SCRIPTS[0])} turns each, "
                     f"think {args.think:g} s")
        report(title, res)
        p95 = percentile(res["lat"], 95)
        print(f"  target p95 <= 150 ms: {'MET' if p95 <= 150 else 'NOT MET'} (p95 {p95:.1f} ms)")
        parse = asyncio.run(parse_load(args.rasa_url, args.parse_requests, args.parse_concurrency, pids))
        report(f"Rasa /model/parse: {args.parse_requests} requests, concurrency {args.parse_concurrency}", parse,
               per="parse")
        if pids:
            bot_ms = res["cpu"]["bot"] * 1000 / max(1, res["messages"])
            rasa_ms = parse["cpu"]["rasa"] * 1000 / max(1, parse["ok"] + len(parse["errors"]))
            print(f"bot CPU ms/message {bot_ms:.2f}, Rasa CPU ms/parse {rasa_ms:.2f}, ratio {bot_ms / rasa_ms:.2f}")
            if res.get("parses") and args.workers == 1:  # the same ratio under the message phase's own load
                under = res["cpu"]["rasa"] * 1000 / res["parses"]
                print(f"under this load: {res['parses']} parses, Rasa CPU ms/parse {under:.2f}, "
                      f"ratio {bot_ms / under:.2f}")
    finally:
        if topo is not None:
            topo.stop()


def _start(topo: Topology, args: argparse.Namespace) -> tuple[str, str, dict[str, list[int]]]:
    """Start Rasa and the bot for this run (migrations and seed data first); returns their URLs and pids."""
    rasa = topo.rasa()
    env = {"RASA_URL": f"http://127.0.0.1:{rasa.port}", "LOG_LEVEL": "WARNING", "REMINDERS_ENABLED": "false"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    jisr = os.path.join(os.path.dirname(os.path.abspath(sys.executable)), "jisr")
    subprocess.run([jisr, "db", "upgrade"], env={**os.environ, **env}, check=True, capture_output=True)
    bot = topo.bot(env, workers=args.workers)
    wait_http(f"http://127.0.0.1:{rasa.port}/status", timeout=180)
    wait_http(f"http://127.0.0.1:{bot.port}/healthz", timeout=60,
              ok=lambda r: r.status_code == 200 and r.json().get("status") == "ok")
    return f"http://127.0.0.1:{bot.port}", f"http://127.0.0.1:{rasa.port}", {"bot": [bot.pid], "rasa": [rasa.pid]}


if __name__ == "__main__":
    main()
