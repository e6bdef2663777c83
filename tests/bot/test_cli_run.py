"""``jisr run`` as a real process: migrates and seeds an empty PostgreSQL database, serves on 127.0.0.1:$PORT,
prints the URLs, answers the REST channel, and stops cleanly on SIGTERM (``--no-nlu``: menu mode, ``/healthz``
degraded but 200). With the NLU: ``RASA_PORT`` alone moves both ends; a service already on the port is reused
only with this checkout's model (a stand-in answering Rasa's ``GET /status``), refused at once otherwise; the
Rasa child (the real one, the trained model of ``nlu/models``) is restarted when killed, ``/healthz`` degraded
and the bot answering in menu mode meanwhile."""

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


# ------------------------------------------------------------------------------------------------------------
# RASA_PORT / RASA_URL, reuse of a running NLU service, supervision of the Rasa child
# ------------------------------------------------------------------------------------------------------------

def _run_env(tmp_path, **extra: str) -> dict[str, str]:
    """Environment of a `jisr run` on a SQLite file of its own, no Redis, RASA_URL unset."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}", "JISR_SECRET_KEY": "run-test",
           "PORT": str(_free_port()), **extra}
    for name in ("REDIS_URL", "RASA_URL"):
        env.pop(name, None)
    return env


def _start_run(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    with open(log, "wb") as fh:
        return subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "run", *args],
                                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)


def _health(url: str) -> tuple[int, dict] | None:
    try:
        r = httpx.get(url + "/healthz", timeout=10)
        return r.status_code, r.json()
    except httpx.HTTPError:
        return None


class _StatusStub:
    """A stand-in NLU service on a free port answering Rasa's ``GET /status`` with a given ``model_id``."""

    def __init__(self, model_id: str) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        body = json.dumps({"model_file": "jisr-nlu.tar.gz", "model_id": model_id,
                           "num_active_training_jobs": 0}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200 if self.path == "/status" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a) -> None:
                pass

        self.port = _free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _needs_model() -> str:
    import pytest

    from nlu import project

    ours = project.model_id()
    if ours is None:
        pytest.fail("no trained model in nlu/models: run `make test` (it trains) or `jisr nlu train`")
    return ours


def test_rasa_port_alone_moves_both_ends_and_another_model_on_it_is_refused(tmp_path):
    ours = _needs_model()
    stranger = _StatusStub("0123456789abcdef0123456789abcdef")  # another checkout's model on the port
    try:
        env = _run_env(tmp_path, RASA_PORT=str(stranger.port))
        log = tmp_path / "refused.log"
        started = time.monotonic()
        proc = _start_run(env, log, "--skip-train")
        try:
            code = proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        out = log.read_text()
        assert code == 1, out[-3000:]
        assert f"an NLU service already answers at http://127.0.0.1:{stranger.port} with another model" in out
        assert ours in out and "RASA_PORT" in out
        assert "starting the NLU service" not in out and "web chat:" not in out
        print(f"\nrefused in {time.monotonic() - started:.1f} s (was: a 300 s wait, then exit)")
    finally:
        stranger.close()

    mine = _StatusStub(ours)  # this checkout's model on the port: reused, and the bot talks to it
    env = _run_env(tmp_path, RASA_PORT=str(mine.port))
    log = tmp_path / "reused.log"
    proc = _start_run(env, log, "--skip-train")
    try:
        url = f"http://127.0.0.1:{env['PORT']}"
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and health is None:
            assert proc.poll() is None, log.read_text()[-3000:]
            health = _health(url)
            time.sleep(0.5)
        assert health is not None, log.read_text()[-3000:]
        assert health[1]["nlu"] == "ok" and health[1]["status"] == "ok", health  # the bot looks at RASA_PORT
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        mine.close()
    out = log.read_text()
    assert f"already running at http://127.0.0.1:{mine.port} with this checkout's model: reusing it" in out
    assert f"NLU (Rasa):    http://127.0.0.1:{mine.port}" in out


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except FileNotFoundError:  # the process is gone
        pass
    return found


def _rasa_child(pid: int) -> int | None:
    for child in _children(pid):
        try:
            if b"rasa" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except FileNotFoundError:
            continue
    return None


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_jisr_run_restarts_a_dead_rasa_and_answers_in_menu_mode_meanwhile(tmp_path):
    _needs_model()
    rasa_port = _free_port()
    env = _run_env(tmp_path, RASA_PORT=str(rasa_port))  # RASA_URL unset: follows RASA_PORT
    log = tmp_path / "run.log"
    proc = _start_run(env, log, "--skip-train")
    url = f"http://127.0.0.1:{env['PORT']}"

    def wait_for(predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()[-3000:]
            value = predicate()
            if value:
                return value
            time.sleep(0.5)
        raise AssertionError(f"{what} not seen in {timeout:.0f} s:\n" + log.read_text()[-3000:])

    try:
        _, body = wait_for(lambda: (h := _health(url)) and h[1]["status"] == "ok" and h, 360, "healthz ok with the NLU")
        assert body["mode"] == "nlu" and body["failed"] == [] and body["nlu"] == "ok"
        first = _rasa_child(proc.pid)
        assert first is not None
        assert f"starting the NLU service (Rasa) on 127.0.0.1:{rasa_port}" in log.read_text()
        os.kill(first, signal.SIGKILL)
        killed_at = time.monotonic()
        # meanwhile: degraded, still in rotation, menu mode; the bot answers, danger first
        code, body = wait_for(lambda: (h := _health(url)) and h[1]["status"] == "degraded" and h, 30,
                              "healthz degraded")
        assert code == 200 and body["mode"] == "menu" and body["failed"] == ["nlu"]
        danger = httpx.post(url + "/webhooks/rest/webhook", json={"sender": "sup-test", "message": "il va me tuer"},
                            timeout=10).json()
        assert "8350" in danger[0]["text"]
        menu = httpx.post(url + "/webhooks/rest/webhook", json={"sender": "sup-test2", "message": "/start"},
                          timeout=10).json()
        assert menu and menu[0]["recipient_id"] == "sup-test2"
        second = wait_for(lambda: (c := _rasa_child(proc.pid)) and c != first and c, 30, "a new Rasa child")
        wait_for(lambda: (h := _health(url)) and h[1]["status"] == "ok", 360, "healthz ok again")
        back = f"NLU service back at http://127.0.0.1:{rasa_port} (restart 1): NLU mode"
        wait_for(lambda: back in log.read_text(), 30, "the supervisor seeing it back")
        print(f"\nRasa killed; healthz degraded (200, menu mode) meanwhile; back in {time.monotonic() - killed_at:.0f} s")
        assert not _alive(first)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        wait_for_gone = time.monotonic() + 20
        while _alive(second) and time.monotonic() < wait_for_gone:
            time.sleep(0.2)
        assert not _alive(second), "the restarted Rasa must stop with jisr run"
    finally:
        if proc.poll() is None:
            leftover = _rasa_child(proc.pid)
            proc.kill()
            if leftover is not None:
                os.killpg(leftover, signal.SIGKILL)  # its own process group
    out = log.read_text()
    assert "the NLU service exited (code -9): the bot answers in menu mode; restarting it in 1 s" in out
    assert "il va me tuer" not in out


def test_rasa_url_follows_rasa_port_and_a_local_url_sets_the_port(monkeypatch):
    import pytest

    from bot.cli_run import _nlu_plan
    from services.config import Settings

    for name in ("RASA_URL", "RASA_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert Settings().rasa_url == "http://127.0.0.1:5005"
    monkeypatch.setenv("RASA_PORT", "6123")
    assert (Settings().rasa_url, Settings().rasa_port) == ("http://127.0.0.1:6123", 6123)
    monkeypatch.delenv("RASA_PORT")
    monkeypatch.setenv("RASA_URL", "http://localhost:7001")
    assert Settings().rasa_port == 7001  # jisr run starts Rasa where the bot looks
    monkeypatch.setenv("RASA_URL", "http://nlu.internal:7001")
    assert Settings().rasa_port == 5005 and _nlu_plan(Settings()) == "external"
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:7001")
    monkeypatch.setenv("RASA_PORT", "7002")
    with pytest.raises(RuntimeError, match="disagree"):
        _nlu_plan(Settings())
