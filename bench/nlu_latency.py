"""Benchmark: NLU parse latency over HTTP, and training time.

    .venv/bin/python bench/nlu_latency.py [--url URL] [--n 1000] [--train]

Latency: sends ``--n`` messages (default 1,000), one at a time over one keep-alive HTTP connection, to
``POST /model/parse`` of the Rasa service at ``--url`` (default ``RASA_URL`` / settings) when it answers,
otherwise to a service it starts itself on a free port (``jisr nlu serve``'s command line) and stops at the
end. Messages: the held-out examples of ``nlu/tests/`` (all four varieties, short and long) cycled to
``--n``, shuffled with a fixed seed; 20 warm-up requests are not counted. Prints p50/p95/p99/mean/max in
milliseconds (client-side wall time per request) and, when the service's PID is known (started here, or
``--pid``), the service's CPU milliseconds per parse, which does not depend on what else runs on the machine.
Target (issue 2): p95 <= 20 ms on the 2-core machine.

Training time: prints the wall time recorded by the last ``jisr nlu train``
(``nlu/models/jisr-nlu.training.json``); with ``--train`` it also trains from scratch into a temporary
directory (the served model is not touched) and prints that time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu import evaluation, project
from nlu.parsing import service_reachable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_service() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        project.serve_command(port),
        cwd=project.ROOT,
        env=project.rasa_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while time.monotonic() - started < 300:
        if proc.poll() is not None:
            sys.exit("rasa exited early")
        if service_reachable(url):
            print(f"started a Rasa service in {time.monotonic() - started:.1f} s")
            return proc, url
        time.sleep(0.5)
    proc.terminate()
    sys.exit("rasa did not come up in 300 s")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_latency(url: str, n: int, pid: int | None = None) -> dict[str, float]:
    """Per-request latencies (ms) of ``n`` sequential parses; with the service's ``pid``, also its CPU
    milliseconds per parse (independent of the other load on the machine)."""
    texts = [e.text for e in evaluation.load_examples()]
    random.Random(7).shuffle(texts)
    messages = [texts[i % len(texts)] for i in range(n)]
    latencies: list[float] = []
    with httpx.Client(base_url=url, timeout=10) as client:
        for text in messages[:20]:
            client.post("/model/parse", json={"text": text}).raise_for_status()
        cpu_before = _cpu_seconds(pid) if pid else 0.0
        for text in messages:
            started = time.perf_counter()
            client.post("/model/parse", json={"text": text}).raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
    cpu_ms = (_cpu_seconds(pid) - cpu_before) * 1000 / n if pid else float("nan")
    return {
        "n": n,
        "service_cpu_ms_per_parse": cpu_ms,
        "p50_ms": _percentile(latencies, 0.50),
        "p95_ms": _percentile(latencies, 0.95),
        "p99_ms": _percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies),
        "max_ms": max(latencies),
    }


def bench_training() -> float:
    """Wall seconds of a from-scratch training into a temporary directory."""
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            [
                str(project.RASA_BIN),
                "train",
                "nlu",
                "-c",
                str(project.CONFIG),
                "--nlu",
                str(project.DATA_DIR),
                "--out",
                out,
            ],
            cwd=project.ROOT,
            env=project.rasa_env("WARNING"),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.monotonic() - started


def main() -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default=os.environ.get("RASA_URL"))
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--pid", type=int, help="PID of the service at --url (to report its CPU time)")
    parser.add_argument("--train", action="store_true", help="also time a from-scratch training")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min)")
    proc = None
    url = args.url
    if not (url and service_reachable(url)):
        proc, url = _start_service()
    try:
        figures = bench_latency(url, args.n, proc.pid if proc is not None else args.pid)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    print(
        f"parse latency over HTTP, {figures['n']} messages, sequential: p50 {figures['p50_ms']:.1f} ms, "
        f"p95 {figures['p95_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, mean {figures['mean_ms']:.1f} ms, "
        f"max {figures['max_ms']:.1f} ms (target p95 <= 20 ms)"
    )
    if figures["service_cpu_ms_per_parse"] == figures["service_cpu_ms_per_parse"]:  # not NaN
        print(f"service CPU time per parse: {figures['service_cpu_ms_per_parse']:.1f} ms")
    if project.TRAINING_INFO_PATH.is_file():
        info = json.loads(project.TRAINING_INFO_PATH.read_text())
        print(f"last `jisr nlu train`: {info['seconds']:.0f} s wall ({info['finished_utc']})")
    if args.train:
        print(f"training from scratch: {bench_training():.0f} s wall")


if __name__ == "__main__":
    main()
