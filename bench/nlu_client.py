"""CPU cost of the bot's side of one NLU call: ``nlu.client.NLUClient.parse`` against a plain httpx client.

The bot asks the Rasa service for nearly every message, so the client's own CPU per request is part of the
bot's CPU per message (``bench/rest_load.py``). Both clients send the same ``POST /model/parse`` to the same
running service, one request at a time, in alternating rounds; the figure is this process's CPU time
(``time.process_time``: user + system, all threads) per request, so the service's own time is not counted.

Usage (a Rasa service with the trained model running, e.g. ``make run`` or ``jisr nlu serve``)::

    .venv/bin/python bench/nlu_client.py --rasa-url http://127.0.0.1:5005 --requests 400 --rounds 3

Prints, per client, the median over the rounds of CPU ms per request, and their ratio. Target: the product's
client at most half the httpx figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from nlu.client import NLUClient

TEXT = "bghit nhder m3a chi wa7ed f casa"
WARMUP = 20


async def product_client(url: str, n: int) -> float:
    """CPU ms per ``NLUClient.parse`` (after a warm-up)."""
    client = NLUClient(url, timeout=5.0)
    try:
        for _ in range(WARMUP):
            await client.parse(TEXT)
        started = time.process_time()
        for _ in range(n):
            await client.parse(TEXT)
        return (time.process_time() - started) / n * 1000
    finally:
        await client.aclose()


async def httpx_client(url: str, n: int) -> float:
    """CPU ms per request of an ``httpx.AsyncClient`` doing the same call and JSON decoding."""
    async with httpx.AsyncClient(base_url=url, timeout=5.0) as client:
        for _ in range(WARMUP):
            (await client.post("/model/parse", json={"text": TEXT})).json()
        started = time.process_time()
        for _ in range(n):
            (await client.post("/model/parse", json={"text": TEXT})).json()
        return (time.process_time() - started) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ours: list[float] = []
    plain: list[float] = []
    for _ in range(args.rounds):
        plain.append(uvloop.run(httpx_client(args.rasa_url, args.requests)))
        ours.append(uvloop.run(product_client(args.rasa_url, args.requests)))
    a, b = statistics.median(ours), statistics.median(plain)
    print(f"CPU ms per /model/parse request ({args.rounds} rounds x {args.requests}, median):")
    print(f"  nlu.client.NLUClient  {a:.3f}   (rounds: {', '.join(f'{x:.3f}' for x in ours)})")
    print(f"  httpx.AsyncClient     {b:.3f}   (rounds: {', '.join(f'{x:.3f}' for x in plain)})")
    print(f"  ratio {a / b:.2f} (target <= 0.5)")


if __name__ == "__main__":
    main()
