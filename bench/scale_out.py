"""Scale-out on real parts: bot processes and Rasa replicas behind Debian's nginx, a crash of each mid-run.

Starts, on this machine: a Redis of its own, a database of its own on the PostgreSQL at ``--pg`` (created and
dropped), M Rasa replicas, N bot processes (uvicorn, one worker each) and nginx configured from
``deploy/nginx/jisr.conf.template`` (the production configuration; the bots' ``RASA_URL`` is nginx's internal
Rasa server). Then:

1. **Throughput, 1+1 and 2+2**: ``--clients`` conversations without think time for ``--seconds`` through
   nginx (closed loop: the server's capacity); messages/s, p95, and CPU ms per message of the bots and Rasa.
2. **Kill test (2+2)**: ordinary conversations offered at ``--rate`` messages/s (Poisson), a danger message
   every second and an ordering pair every second (two messages 3–10 ms apart numbered by ``metadata.seq``,
   the second only meaningful after the first); one bot process is SIGKILLed a third into the run, one Rasa
   replica at half. The client behaves as a channel does: a 5xx or a dropped connection is retried with the
   same ``message_id`` (a Telegram redelivery), at most 5 times, 0.5 s apart. Shows: messages lost (no answer
   after the retries), pairs out of order, danger replies (every emergency number, latency from first send),
   answers repeated.

Run (about 3 minutes; needs nginx: ``apt-get install nginx-light``)::

    .venv/bin/python bench/scale_out.py [--seconds 20] [--rate 15] [--kill-seconds 30]

On this 2-core machine the client, nginx, Redis and PostgreSQL share the cores with the servers: 2+2 shows
that replicas add availability and a little headroom, not that they double throughput (each replica needs its
own cores for that).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid

import httpx
from topology import ROOT, Topology, cpu_seconds, free_port, wait_http

sys.path.insert(0, str(ROOT))

SECRET = "scale-out-bench-secret"
DANGER = ["rajli bgha y9telni daba", "زوجي كيضربني دابا", "mon mari me frappe, aidez-moi",
          "خويا كيضربني دابا عاونوني"]
SCRIPTS = [
    ["salam", "bghit carte handicap l weldi", "/menu"],
    ["bonjour", "je cherche un centre pour personnes âgées à Fès", "/menu"],
    ["السلام عليكم", "بغيت وساطة أسرية", "/menu"],
    ["/start", "/find_center", "casa", "merci"],
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def apology_openings() -> list[str]:
    """The first words of the kind apology (``safety-degraded-apology``) in every variety and gender: a reply
    starting so means the turn did not run (a service failed or a lock wait ran out)."""
    import locales

    return [locales.t(v, "safety-degraded-apology", gender=g)[:24] for v in locales.VARIETIES
            for g in ("female", "male", "other")]


def emergency_digits() -> list[str]:
    """Every emergency number the product promises in a danger reply (from the project's own list)."""
    from dialogues.emergency import emergency_numbers

    return [n.number for n in emergency_numbers()]


class Redis:
    """A redis-server of this bench's own on a free port (never the shared one)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], check=False,
                                capture_output=True).returncode:
            if time.monotonic() > deadline:
                raise TimeoutError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Stack:
    """N bots + M Rasa replicas + nginx, sharing one Redis and one database."""

    def __init__(self, bots: int, rasas: int, db_url: str, redis_url: str) -> None:
        self.topo = Topology()
        self.rasas = [self.topo.rasa() for _ in range(rasas)]
        rasa_front = free_port()
        bot_ports = [free_port() for _ in range(bots)]
        env = {"DATABASE_URL": db_url, "REDIS_URL": redis_url, "RASA_URL": f"http://127.0.0.1:{rasa_front}",
               "JISR_SECRET_KEY": SECRET, "LOG_LEVEL": "WARNING", "REMINDERS_ENABLED": "false",
               "SPOOL_DIR": str(self.topo.workdir / "spool"), "PYTHONPATH": str(ROOT)}
        self.bots = [self.topo.bot(env, port=p) for p in bot_ports]
        self.nginx = self.topo.nginx(bot_ports, [r.port for r in self.rasas], rasa_front)
        self.url = f"http://127.0.0.1:{self.nginx.port}"
        for r in self.rasas:
            wait_http(f"http://127.0.0.1:{r.port}/status", timeout=240)
        for b in self.bots:
            wait_http(f"http://127.0.0.1:{b.port}/healthz", timeout=90,
                      ok=lambda r: r.status_code == 200 and r.json().get("status") == "ok")

    def cpu(self) -> dict[str, float]:
        return {"bots": cpu_seconds([b.pid for b in self.bots]), "rasa": cpu_seconds([r.pid for r in self.rasas])}

    def stop(self) -> None:
        self.topo.stop()


async def post(client: httpx.AsyncClient, body: dict, stats: dict) -> tuple[list[dict] | None, float]:
    """Send ``body`` like a channel: retried with the same ``message_id`` on 5xx or a dropped connection."""
    t0 = time.perf_counter()
    for attempt in range(6):
        try:
            r = await client.post("/webhooks/rest/webhook", json=body)
            if r.status_code == 200:
                return r.json(), time.perf_counter() - t0
            stats["retried_status"][r.status_code] = stats["retried_status"].get(r.status_code, 0) + 1
        except httpx.HTTPError as exc:
            stats["retried_status"][type(exc).__name__] = stats["retried_status"].get(type(exc).__name__, 0) + 1
        if attempt < 5:
            stats["retries"] += 1
            await asyncio.sleep(0.5)
    stats["lost"] += 1
    return None, time.perf_counter() - t0


def _message(sender: str, text: str, seq: int | None = None) -> dict:
    body = {"sender": sender, "message": text, "message_id": uuid.uuid4().hex}
    if seq is not None:
        body["metadata"] = {"seq": seq}
    return body


async def throughput(stack: Stack, clients: int, seconds: float) -> dict:
    """Closed loop: ``clients`` conversations with no think time for ``seconds``; capacity through nginx."""
    lat: list[float] = []
    stats = {"lost": 0, "retries": 0, "retried_status": {}}
    deadline = time.perf_counter() + seconds

    async def one(client: httpx.AsyncClient, rng: random.Random) -> None:
        while time.perf_counter() < deadline:
            sender = f"tp-{uuid.uuid4().hex}"
            for text in rng.choice(SCRIPTS):
                answer, took = await post(client, _message(sender, text), stats)
                if answer is not None:
                    lat.append(took * 1000)
                if time.perf_counter() >= deadline:
                    return

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=stack.url, timeout=30, limits=limits) as client:
        await asyncio.gather(*(one(client, random.Random(i)) for i in range(clients // 2)))  # warm every worker
        lat.clear()
        deadline = time.perf_counter() + seconds
        cpu0, t0 = stack.cpu(), time.perf_counter()
        await asyncio.gather(*(one(client, random.Random(100 + i)) for i in range(clients)))
        wall, cpu1 = time.perf_counter() - t0, stack.cpu()
    n = max(1, len(lat))
    return {"rate": len(lat) / wall, "p50": percentile(lat, 50), "p95": percentile(lat, 95), "lost": stats["lost"],
            "bot_cpu_ms": (cpu1["bots"] - cpu0["bots"]) * 1000 / n, "rasa_cpu_ms": (cpu1["rasa"] - cpu0["rasa"]) * 1000 / n}


async def kill_test(stack: Stack, rate: float, seconds: float, redis_url: str) -> dict:
    """Offered load through nginx while one bot and one Rasa replica are SIGKILLed (see the module doc)."""
    digits = emergency_digits()
    apologies = apology_openings()
    stats = {"lost": 0, "retries": 0, "retried_status": {}, "apologies": 0}
    lat: list[float] = []
    danger: list[tuple[float, bool]] = []
    pairs: list[str] = []
    tasks: list[asyncio.Task] = []
    rng = random.Random(11)
    killed: dict[str, float] = {}

    async def ordinary(client: httpx.AsyncClient) -> None:
        sender = f"ko-{uuid.uuid4().hex}"
        for text in rng.choice(SCRIPTS):
            answer, took = await post(client, _message(sender, text), stats)
            if answer is not None:
                lat.append(took * 1000)
                stats["apologies"] += any((m.get("text") or "").startswith(tuple(apologies)) for m in answer)
            await asyncio.sleep(rng.expovariate(1.0))

    async def dangerous(client: httpx.AsyncClient) -> None:
        answer, took = await post(client, _message(f"kd-{uuid.uuid4().hex}", rng.choice(DANGER)), stats)
        text = " ".join(m.get("text") or "" for m in answer or [])
        danger.append((took, answer is not None and all(d in text for d in digits)))

    async def pair(client: httpx.AsyncClient) -> None:
        sender = f"kp-{uuid.uuid4().hex}"
        pairs.append(sender)
        first = asyncio.create_task(post(client, _message(sender, "/disability_card", 1), stats))
        await asyncio.sleep(rng.uniform(0.003, 0.010))
        await asyncio.gather(first, post(client, _message(sender, "/choose:disability_card.for_whom.self", 2), stats))

    limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=stack.url, timeout=30, limits=limits) as client:
        t0 = time.perf_counter()
        next_ordinary = next_special = t0
        while (now := time.perf_counter()) - t0 < seconds:
            if "bot" not in killed and now - t0 >= seconds / 3:
                stack.bots[0].kill()
                killed["bot"] = now - t0
            if "rasa" not in killed and now - t0 >= seconds / 2:
                stack.rasas[0].kill()
                killed["rasa"] = now - t0
            if now >= next_ordinary:
                tasks.append(asyncio.create_task(ordinary(client)))
                next_ordinary += rng.expovariate(rate / 3)  # each conversation sends about 3 messages
            if now >= next_special:
                tasks.append(asyncio.create_task(dangerous(client)))
                tasks.append(asyncio.create_task(pair(client)))
                next_special += 1.0
            await asyncio.sleep(0.005)
        await asyncio.gather(*tasks)
    in_order = await _pairs_in_order(pairs, redis_url)
    took = [t for t, _ in danger]
    return {"messages": len(lat) + len(danger) + 2 * len(pairs), "lost": stats["lost"], "retries": stats["retries"],
            "retried": stats["retried_status"], "apologies": stats["apologies"], "p95": percentile(lat, 95), "danger": len(danger),
            "danger_with_numbers": sum(ok for _, ok in danger), "danger_max_s": max(took, default=float("nan")),
            "danger_p95_s": percentile(took, 95), "pairs": len(pairs), "pairs_in_order": in_order, "killed": killed}


async def _pairs_in_order(senders: list[str], redis_url: str) -> int:
    """How many ordering pairs ended with the journey's first question answered (the second message after the
    first), read from the conversations' state in Redis."""
    import redis.asyncio as aioredis

    from services.identity import pseudonymize

    r = aioredis.Redis.from_url(redis_url, decode_responses=True)
    good = 0
    for sender in senders:
        raw = await r.get(f"jisr:state:{pseudonymize('rest', sender, SECRET.encode())}")
        good += bool(raw) and json.loads(raw)["state"]["slots"].get("for_whom") == "self"
    await r.aclose()
    return good


def _database(pg: str) -> tuple[str, str]:
    name = f"jisr_scale_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", pg, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = pg.rsplit("/", 1)[0] + f"/{name}"
    jisr = os.path.join(os.path.dirname(os.path.abspath(sys.executable)), "jisr")
    subprocess.run([jisr, "db", "upgrade"], env={**os.environ, "DATABASE_URL": url, "JISR_SECRET_KEY": SECRET},
                   check=True, capture_output=True)
    return name, url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg", default="postgresql://127.0.0.1:5432/test", help="a PostgreSQL to create a database on")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20.0, help="throughput phases, seconds each")
    ap.add_argument("--rate", type=float, default=15.0, help="kill test: ordinary messages offered per second")
    ap.add_argument("--kill-seconds", type=float, default=30.0)
    args = ap.parse_args()
    redis = Redis()
    name, db_url = _database(args.pg)
    results: dict[str, dict] = {}
    try:
        for bots, rasas in ((1, 1), (2, 2)):
            stack = Stack(bots, rasas, db_url, redis.url)
            try:
                results[f"{bots}+{rasas}"] = asyncio.run(throughput(stack, args.clients, args.seconds))
                if (bots, rasas) == (2, 2):
                    results["kill"] = asyncio.run(kill_test(stack, args.rate, args.kill_seconds, redis.url))
            finally:
                stack.stop()
    finally:
        redis.stop()
        subprocess.run(["psql", args.pg, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                       check=False, capture_output=True)
    for topo in ("1+1", "2+2"):
        r = results[topo]
        print(f"{topo} (bots+Rasa) through nginx, {args.clients} clients, no think time: {r['rate']:.1f} msg/s, "
              f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, lost {r['lost']}, CPU ms/message bots "
              f"{r['bot_cpu_ms']:.2f}, Rasa {r['rasa_cpu_ms']:.2f}")
    k = results["kill"]
    print(f"kill test (2+2, {args.rate:g} msg/s offered + 1 danger/s + 1 ordering pair/s, {args.kill_seconds:g} s; "
          f"bot killed at {k['killed'].get('bot', float('nan')):.1f} s, Rasa at {k['killed'].get('rasa', float('nan')):.1f} s):")
    print(f"  messages {k['messages']}, lost {k['lost']}, answered with the apology {k['apologies']}, client retries "
          f"{k['retries']} {k['retried']}, ordinary p95 {k['p95']:.0f} ms")
    print(f"  danger {k['danger']}: with every number {k['danger_with_numbers']}, p95 {k['danger_p95_s']:.2f} s, "
          f"max {k['danger_max_s']:.2f} s")
    print(f"  ordering pairs {k['pairs']}: in order {k['pairs_in_order']}")
    print(f"  throughput 2+2 / 1+1: {results['2+2']['rate'] / results['1+1']['rate']:.2f}")
    ok = (k["lost"] == 0 and k["danger_with_numbers"] == k["danger"] and k["danger_max_s"] < 1.0
          and k["pairs_in_order"] == k["pairs"])
    print("RESULT:", "no message lost, order kept, every danger reply complete within 1 s" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
