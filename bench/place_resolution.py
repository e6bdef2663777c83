"""Benchmark: place resolution and nearest-place lookup of the gazetteer (prints figures).

Run: ``.venv/bin/python bench/place_resolution.py [--rounds N]``

Measures, on one core, with ``time.perf_counter_ns``:
- cold load of ``Gazetteer.from_files()`` (JSON + YAML + index build), ms;
- ``resolve(text)`` wall-clock latency and per-call CPU time (``thread_time_ns``) over a realistic mix of messages (short names, sentences in Darija/French/
  Arabic, typos needing the fuzzy pass, unknown text), p50/p95/p99/max in µs;
- ``nearest(lat, lon)`` latency over random points in Morocco, p50/p95 in µs;
- resident memory after load (ru_maxrss), MB.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from services.gazetteer import Gazetteer

MESSAGES = [
    "casa",
    "كازا",
    "الدار البيضاء",
    "Dar el Beida",
    "mrrakch",
    "tanja",
    "l3ayoun",
    "تنزيت",
    "fès",
    "ana f tanja daba",
    "je suis à fès",
    "saakna f hay mohammadi",
    "كنسكن فالدار البيضاء",
    "salam 3afak ana sakna f sidi moumen w bghit nmchi l chi markaz",
    "J'habite à Meknès, quartier Hamria",
    "marakkech",
    "kenitraa",
    "ouarzazatte",  # typos → fuzzy pass
    "bonjour",
    "wach kayn chi markaz qrib",
    "help me please",
    "ana mrida o ma3ndi fin nbat lyouma",
    "mn casa l rabat",
    "ajdir",
    "بغيت نعرف فين كاين المركز ديال النساء فمدينة وجدة",
]


def pct(values: list[float], p: float) -> float:
    """p-th percentile (nearest rank) of ``values``."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def main() -> None:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()

    t0 = time.perf_counter_ns()
    gaz = Gazetteer.from_files()
    load_ms = (time.perf_counter_ns() - t0) / 1e6

    for m in MESSAGES:  # warm-up
        gaz.resolve(m)
    samples: list[float] = []
    cpu: list[float] = []
    fuzzy: list[float] = []
    for _ in range(args.rounds):
        for m in MESSAGES:
            c = time.thread_time_ns()
            t = time.perf_counter_ns()
            gaz.resolve(m)
            dt = (time.perf_counter_ns() - t) / 1e3
            cpu.append((time.thread_time_ns() - c) / 1e3)
            samples.append(dt)
            if m in ("marakkech", "kenitraa", "ouarzazatte", "bonjour", "help me please"):
                fuzzy.append(dt)

    long_text = ("wach kayn chi markaz qrib mni " * 300) + " ana f tanja"  # ~9 000 characters
    long_ms = []
    for _ in range(5):
        t = time.perf_counter_ns()
        gaz.resolve(long_text)
        long_ms.append((time.perf_counter_ns() - t) / 1e6)

    rng = random.Random(7)
    pts = [(rng.uniform(21.0, 35.9), rng.uniform(-17.0, -1.0)) for _ in range(2000)]
    near: list[float] = []
    for lat, lon in pts:
        t = time.perf_counter_ns()
        gaz.nearest(lat, lon)
        near.append((time.perf_counter_ns() - t) / 1e3)

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"places: {len(gaz.places())}, curated alias places: {len(gaz.aliases())}")
    print(f"load (from_files, cold): {load_ms:.1f} ms")
    print(
        f"resolve ({len(samples)} calls, {len(MESSAGES)} messages): p50 {pct(samples, 50):.0f} µs, "
        f"p95 {pct(samples, 95):.0f} µs, p99 {pct(samples, 99):.0f} µs, max {max(samples):.0f} µs, "
        f"mean {statistics.fmean(samples):.0f} µs"
    )
    print(
        f"resolve CPU time per call (immune to other processes on a shared machine): p50 {pct(cpu, 50):.0f} µs, "
        f"p95 {pct(cpu, 95):.0f} µs, p99 {pct(cpu, 99):.0f} µs"
    )
    print(f"resolve, texts needing the fuzzy pass: p50 {pct(fuzzy, 50):.0f} µs, p95 {pct(fuzzy, 95):.0f} µs")
    print(f"resolve, one {len(long_text)}-character message: median {statistics.median(long_ms):.1f} ms")
    print(f"nearest ({len(near)} random points): p50 {pct(near, 50):.0f} µs, p95 {pct(near, 95):.0f} µs")
    print(f"max RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
