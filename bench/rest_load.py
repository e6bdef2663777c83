"""Load benchmark of the REST channel: N concurrent simulated conversations against a running server.

Measures, in one run:

1. the message path end to end (``POST /webhooks/rest/webhook``: lock, state, safety net, NLU, engine,
   services) with ``--conversations`` concurrent conversations, each playing a scripted journey (free text
   in the four varieties, button payloads, a place) with a think time between turns (people type);
2. the raw NLU throughput (``POST /model/parse`` on the Rasa service) with the same texts, for comparison.

Prints messages/s, p50/p95/p99 latency (ms), errors, and the same for ``/model/parse``. Target: p95 ≤ 150 ms
with 200 conversations.

Set-up (real model, PostgreSQL + Redis)::

    createdb -h 127.0.0.1 jisr_bench
    DATABASE_URL=postgresql://127.0.0.1:5432/jisr_bench REDIS_URL=redis://127.0.0.1:6379/1 make run   # terminal 1
    .venv/bin/python bench/rest_load.py --conversations 200                                          # terminal 2

Options: ``--url`` (bot, default http://127.0.0.1:8000), ``--rasa-url`` (default http://127.0.0.1:5005),
``--conversations``, ``--think`` (mean seconds between a reply and the next message, exponential; 0 = none),
``--parse-requests``, ``--parse-concurrency``, ``--seed``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid

import httpx

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


async def conversation(client: httpx.AsyncClient, script: list[tuple[str, str]], think: float,
                       rng: random.Random, lat: list[float], errors: list[str]) -> None:
    sender = f"bench-{uuid.uuid4().hex}"
    last: list[dict] = []
    await asyncio.sleep(rng.uniform(0, max(think, 0.05)))  # stagger the starts
    for kind, value in script:
        if kind == "pick":
            buttons = [b for r in last for b in r.get("buttons", [])]
            message = buttons[0]["payload"] if buttons else "/menu"
        else:
            message = value
        body = {"sender": sender, "message": message, "message_id": uuid.uuid4().hex}
        t0 = time.perf_counter()
        try:
            r = await client.post("/webhooks/rest/webhook", json=body)
            elapsed = (time.perf_counter() - t0) * 1000
            if r.status_code != 200:
                errors.append(f"HTTP {r.status_code}")
                continue
            last = r.json()
            lat.append(elapsed)  # an empty list is a valid answer (hand-off: the bot is silent)
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        if think > 0:
            await asyncio.sleep(rng.expovariate(1 / think))


async def rest_load(url: str, n: int, think: float, seed: int) -> dict:
    rng = random.Random(seed)
    lat: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        health = await client.get("/healthz")
        if health.status_code != 200 or health.json().get("status") != "ok":  # "degraded": menu mode, no NLU
            print(f"warning: /healthz says {health.status_code} {health.text}")
        before = (await client.get("/metrics.json")).json()
        t0 = time.perf_counter()
        await asyncio.gather(*[conversation(client, SCRIPTS[i % len(SCRIPTS)], think, random.Random(rng.random()),
                                            lat, errors) for i in range(n)])
        wall = time.perf_counter() - t0
        after = (await client.get("/metrics.json")).json()
    handled = max(1, after["handled"] - before["handled"])
    stages = {k: (v - before["stage_ms"].get(k, 0.0)) / handled for k, v in after["stage_ms"].items()}
    return {"messages": len(lat) + len(errors), "ok": len(lat), "errors": errors, "wall": wall, "lat": lat,
            "stages": stages}


async def parse_load(rasa_url: str, requests: int, concurrency: int) -> dict:
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
        t0 = time.perf_counter()
        await asyncio.gather(*[worker(client) for _ in range(concurrency)])
        wall = time.perf_counter() - t0
    return {"ok": len(lat), "errors": errors, "wall": wall, "lat": lat}


def report(title: str, res: dict) -> None:
    lat = res["lat"]
    rate = res["ok"] / res["wall"] if res["wall"] else 0.0
    print(f"{title}")
    print(f"  requests ok {res['ok']}, errors {len(res['errors'])}"
          + (f" ({', '.join(sorted(set(res['errors'])))})" if res["errors"] else ""))
    print(f"  throughput {rate:.1f} /s over {res['wall']:.1f} s")
    if lat:
        print(f"  latency ms: p50 {percentile(lat, 50):.1f}  p95 {percentile(lat, 95):.1f}  "
              f"p99 {percentile(lat, 99):.1f}  mean {statistics.fmean(lat):.1f}  max {max(lat):.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    ap.add_argument("--conversations", type=int, default=200)
    ap.add_argument("--think", type=float, default=2.0, help="mean think time between turns, seconds")
    ap.add_argument("--parse-requests", type=int, default=600)
    ap.add_argument("--parse-concurrency", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    res = asyncio.run(rest_load(args.url, args.conversations, args.think, args.seed))
    report(f"REST channel: {args.conversations} concurrent conversations, {len(SCRIPTS[0])} turns each, "
           f"think {args.think:g} s", res)
    p95 = percentile(res["lat"], 95)
    print(f"  target p95 <= 150 ms: {'MET' if p95 <= 150 else 'NOT MET'} (p95 {p95:.1f} ms)")
    print("  server-side mean per message, ms: "
          + ", ".join(f"{k} {v:.1f}" for k, v in sorted(res["stages"].items())))
    parse = asyncio.run(parse_load(args.rasa_url, args.parse_requests, args.parse_concurrency))
    report(f"Rasa /model/parse: {args.parse_requests} requests, concurrency {args.parse_concurrency}", parse)


if __name__ == "__main__":
    main()
