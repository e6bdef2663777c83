"""``jisr run`` as a real process: migrates and seeds an empty PostgreSQL database, serves on 127.0.0.1:$PORT,
prints the URLs, answers the REST channel, and stops cleanly on SIGTERM. (``--no-nlu``: the Rasa start-up is
covered by the tests that use the ``rasa_url`` fixture; here the bot runs in menu mode.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jisr_run_serves_and_stops_on_sigterm(pg_database_url, tmp_path):
    import asyncio

    import asyncpg

    # a fresh, empty database of its own (jisr run migrates and seeds it)
    name = "jisr_run_" + os.urandom(3).hex()
    admin = pg_database_url.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0] + "/test"

    async def sql(q: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(q)
        finally:
            await conn.close()

    asyncio.run(sql(f'CREATE DATABASE "{name}"'))
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": admin.rsplit("/", 1)[0] + f"/{name}",
           "JISR_SECRET_KEY": "run-test", "RASA_URL": "http://127.0.0.1:9", "REDIS_URL": ""}
    env.pop("REDIS_URL")
    log = tmp_path / "run.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "run", "--no-nlu"],
                                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(url + "/webhooks/rest/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError("jisr run did not serve in 120 s:\n" + log.read_text()[-3000:])
        replies = httpx.post(url + "/webhooks/rest/webhook", json={"sender": "run-test", "message": "/start"},
                             timeout=10).json()
        assert replies and replies[0]["recipient_id"] == "run-test"
        danger = httpx.post(url + "/webhooks/rest/webhook",
                            json={"sender": "run-test", "message": "il va me tuer"}, timeout=10).json()
        assert "8350" in danger[0]["text"]
        health = httpx.get(url + "/healthz", timeout=10)
        assert health.status_code == 200 and health.json()["failed"] == ["nlu"]
        assert health.json()["status"] == "degraded" and health.json()["mode"] == "menu"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        asyncio.run(sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    out = log.read_text()
    assert f"web chat:      {url}/" in out and "loaded the seed directory" in out
    assert "DEMO" in out and "stopped" in out
    assert "jisr-demo-2026" in out and f"{url}/console" in out  # how to log in to the demo console
    assert "il va me tuer" not in out  # no message text in the logs
