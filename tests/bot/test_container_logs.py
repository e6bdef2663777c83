"""The bot served as the containers serve it (``deploy/Dockerfile.bot``: a bare ``uvicorn --factory
bot.app:create_app``, nothing configuring logging) writes its own records at ``LOG_LEVEL`` with time, level and
logger, through the privacy policy: the turn's line is there, the person's words and number are not."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT, free_port

SECRET_WORDS = "ana smitti Khadija Benali, nemra dyali 0612345678"


def test_a_bare_uvicorn_bot_logs_each_turn_without_the_text(migrated_db: str, tmp_path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": migrated_db, "JISR_SECRET_KEY": "container-log-secret",
           "RASA_URL": "http://127.0.0.1:9", "NLU_TIMEOUT_SECONDS": "0.3", "REMINDERS_ENABLED": "false",
           "LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    log_path = tmp_path / "bot.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "bot.app:create_app", "--host",
                                 "127.0.0.1", "--port", str(port), "--no-access-log"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("uvicorn did not start")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code in (200, 503):
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        r = httpx.post(f"{base}/webhooks/rest/webhook", json={"sender": "log-test", "message": SECRET_WORDS},
                       timeout=10)
        assert r.status_code == 200
        time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO bot\.pipeline handled conv=[0-9a-f]{12} ", text,
                     re.MULTILINE), text[-2000:]
    for leaked in ("Khadija", "Benali", "0612345678", "smitti"):
        assert leaked not in text
