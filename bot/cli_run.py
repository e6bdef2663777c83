"""``jisr run`` (what ``make run`` calls) and ``jisr shell``.

``jisr run``:

1. migrates the database (``services.db.upgrade``: every Alembic branch, including the console's);
2. loads the reference data and the seed directory of centers when the database has no center yet;
3. in development only (``JISR_ENV=development``), gives centers clearly-flagged DEMO opening hours so booking
   can be tried (``jisr centers demo-hours --all``; never in production);
4. trains the NLU model if its data/config changed (``jisr nlu train``, skipped when up to date);
5. starts the Rasa service (``.venv-rasa/bin/rasa run --enable-api``, ``PYTHONPATH`` = repo root, log level
   INFO — Rasa's DEBUG lines print message text) on ``RASA_PORT`` in its own process group, and waits until
   it answers (``RASA_URL`` defaults to ``http://127.0.0.1:$RASA_PORT``, so one variable moves both ends).
   An NLU service already answering at ``RASA_URL`` is reused only when it serves this checkout's model
   (``model_id`` of Rasa's ``GET /status`` = the one in ``nlu/models/jisr-nlu.tar.gz``); another model, or
   something else on the port, stops ``jisr run`` at once with the reason. A ``RASA_URL`` on another host is
   used as is. The Rasa child is supervised (:class:`RasaSupervisor`): when it dies it is restarted with a
   backoff, and meanwhile the bot answers in menu mode and ``/healthz`` says ``degraded``;
6. serves the bot with uvicorn on ``127.0.0.1:$PORT`` (default 8000), prints the URLs;
7. on Ctrl-C or SIGTERM stops uvicorn, then the Rasa process group (SIGTERM, then SIGKILL after 15 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import typer

ROOT = Path(__file__).resolve().parent.parent
RASA_READY_TIMEOUT_SECONDS = 300


def _echo(msg: str) -> None:
    typer.echo(f"[jisr] {msg}")


def _jisr_command(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "jisr"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from bot.cli import main; main()", *args]


async def _prepare_database(settings) -> None:
    from sqlalchemy import func, select

    from services.db import create_engine, session_factory, upgrade

    url = settings.effective_database_url
    await upgrade(url)
    engine = create_engine(url)
    try:
        from services.models import Center

        async with session_factory(engine)() as s:
            count = (await s.execute(select(func.count()).select_from(Center))).scalar_one()
        if count == 0:
            from services.seed import load_reference_data

            async with session_factory(engine)() as s:
                report = await load_reference_data(s)
                await s.commit()
            _echo(f"loaded the seed directory: {getattr(report, 'centers', '?')} centers")
        else:
            _echo(f"database ready ({count} centers)")
    finally:
        await engine.dispose()


async def _demo_accounts(settings, port: int) -> list[str]:
    """Development only: the console's demo accounts (operator, staff, admin, analyst); returns how to log in."""
    from console.demo import ensure_demo_accounts
    from services.db import create_engine, session_factory

    engine = create_engine(settings.effective_database_url)
    try:
        return await ensure_demo_accounts(session_factory(engine), production=False,
                                          base_url=f"http://127.0.0.1:{port}/console")
    finally:
        await engine.dispose()


def _rasa_up(url: str) -> bool:
    try:
        return httpx.get(f"{url.rstrip('/')}/status", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _rasa_status(url: str) -> dict | None:
    """Rasa's ``GET /status`` (``model_file``, ``model_id``) when a service answers it, else None."""
    try:
        response = httpx.get(f"{url.rstrip('/')}/status", timeout=2)
        data = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _port_taken(port: int) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:``port``."""
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _spawn_rasa(settings) -> subprocess.Popen:
    """``rasa run --enable-api`` on 127.0.0.1:``RASA_PORT`` in its own process group (log: var/rasa.log)."""
    from nlu import project

    env = project.rasa_env("INFO")
    command = project.serve_command(settings.rasa_port, "127.0.0.1")
    log_dir = ROOT / "var"
    log_dir.mkdir(exist_ok=True)
    with open(log_dir / "rasa.log", "ab") as log_file:  # the child keeps its own descriptor
        return subprocess.Popen(command, cwd=ROOT / "nlu", env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _nlu_plan(settings) -> str:
    """What ``jisr run`` does about the NLU service: ``"reuse"`` one that already answers at ``RASA_URL`` with
    this checkout's model, ``"start"`` Rasa on ``RASA_PORT`` (a loopback ``RASA_URL`` with nothing on it), or
    ``"external"`` (``RASA_URL`` on another host: used as is, neither started, checked nor supervised).

    Raises ``RuntimeError`` at once (never a 5-minute wait) when ``RASA_URL`` and ``RASA_PORT`` disagree, when
    the service answering on the port serves another model than ``nlu/models/jisr-nlu.tar.gz`` (``model_id``
    of Rasa's ``GET /status`` vs the archive's metadata), or when something else holds the port."""
    from urllib.parse import urlsplit

    from nlu import project
    from services.config import rasa_url_is_local

    url = settings.rasa_url
    if not rasa_url_is_local(url):
        return "external"
    url_port = urlsplit(url).port or (443 if url.startswith("https") else 80)
    if url_port != settings.rasa_port:
        raise RuntimeError(f"RASA_URL ({url}) and RASA_PORT ({settings.rasa_port}) disagree: set only RASA_PORT "
                           "(the URL follows it) or make them name the same port")
    status = _rasa_status(url)
    if status is not None:
        ours, theirs = project.model_id(), status.get("model_id")
        if ours is None:
            raise RuntimeError(f"an NLU service answers at {url} but this checkout has no trained model to compare "
                               "it with: run `jisr nlu train`, or stop that service")
        if theirs != ours:
            raise RuntimeError(
                f"an NLU service already answers at {url} with another model (model_id {theirs}, file "
                f"{status.get('model_file')}), not this checkout's nlu/models/{project.MODEL_PATH.name} (model_id "
                f"{ours}): stop that service, or give this checkout another port with RASA_PORT")
        return "reuse"
    if _port_taken(settings.rasa_port):
        raise RuntimeError(f"port {settings.rasa_port} is taken by something that is not an NLU service: "
                           "free it or choose another port with RASA_PORT")
    return "start"


def _wait_rasa(proc: subprocess.Popen | None, url: str) -> None:
    deadline = time.monotonic() + RASA_READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the NLU service exited (code {proc.returncode}); see var/rasa.log")
        if _rasa_up(url):
            return
        time.sleep(1)
    raise RuntimeError(f"the NLU service did not answer at {url} within {RASA_READY_TIMEOUT_SECONDS} s")


def _stop_group(proc: subprocess.Popen | None, quiet: bool = False) -> None:
    if proc is None:
        return
    if proc.poll() is not None:  # the leader is gone: still end whatever it left in its group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        return
    if not quiet:
        _echo("stopping the NLU service")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


class RasaSupervisor:
    """Keeps the Rasa child of ``jisr run`` alive: a daemon thread checks it twice a second and, when it has
    died, ends what is left of its process group and starts it again after a backoff (``min_backoff``
    seconds, doubling at each consecutive death up to ``max_backoff``; back to ``min_backoff`` once a child
    has lived ``stable_seconds``). Meanwhile the bot answers in menu mode and ``/healthz`` says
    ``"status": "degraded", "mode": "menu"`` (it probes the service itself). ``restarts`` counts the restarts.
    """

    def __init__(self, settings, proc: subprocess.Popen, spawn=_spawn_rasa, min_backoff: float = 1.0,
                 max_backoff: float = 60.0, stable_seconds: float = 120.0) -> None:
        import threading

        self.settings = settings
        self.proc = proc
        self.restarts = 0
        self._spawn = spawn
        self._min, self._max, self._stable = min_backoff, max_backoff, stable_seconds
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="rasa-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        backoff = self._min
        started = time.monotonic()
        ready = True
        while not self._stop.wait(0.5):
            proc = self.proc
            if proc.poll() is None:
                if not ready and _rasa_up(self.settings.rasa_url):
                    ready = True
                    _echo(f"NLU service back at {self.settings.rasa_url} (restart {self.restarts}): NLU mode")
                if time.monotonic() - started >= self._stable:
                    backoff = self._min
                continue
            _stop_group(proc, quiet=True)  # leftovers of its group (a child still holding the port)
            _echo(f"the NLU service exited (code {proc.returncode}): the bot answers in menu mode; "
                  f"restarting it in {backoff:.0f} s")
            if self._stop.wait(backoff):
                return
            with self._lock:
                if self._stop.is_set():
                    return
                try:
                    self.proc = self._spawn(self.settings)
                except OSError as exc:
                    _echo(f"could not restart the NLU service: {type(exc).__name__}")
                    backoff = min(backoff * 2, self._max)
                    continue
                self.restarts += 1
            started, ready = time.monotonic(), False
            backoff = min(backoff * 2, self._max)

    def stop(self) -> None:
        """Stop supervising, then stop the current child's process group."""
        self._stop.set()
        with self._lock:  # no restart can be half done past this point
            pass
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        _stop_group(self.proc)


def _echo_addresses(settings: Any, port: int) -> None:
    """Print where the web chat, the REST channel, the console, the health check and the NLU are."""
    base = f"http://127.0.0.1:{port}"
    _echo(f"web chat:      {base}/")
    _echo(f"REST channel:  {base}/webhooks/rest/webhook")
    _echo(f"console:       {base}/console/")
    _echo(f"health:        {base}/healthz")
    _echo(f"NLU (Rasa):    {settings.rasa_url}")
    _echo(f"state:         {'Redis' if settings.redis_url else 'in-process (set REDIS_URL for Redis)'}")
    _echo("Ctrl-C stops everything.")


def run(
    port: int = typer.Option(None, envvar="PORT", help="HTTP port of the bot (default 8000)."),
    skip_train: bool = typer.Option(False, "--skip-train", help="Do not train the NLU model."),
    no_nlu: bool = typer.Option(False, "--no-nlu", help="Do not start Rasa (the bot runs in menu mode)."),
    workers: int = typer.Option(1, envvar="WEB_CONCURRENCY", help="uvicorn worker processes (needs REDIS_URL if > 1)."),
) -> None:
    """Migrate, load the seed directory, train if needed, start the NLU service and the bot; Ctrl-C stops both."""
    import uvicorn

    from bot.logging_policy import UVICORN_LOG_CONFIG, install
    from services.config import get_settings

    settings = get_settings()
    port = port or settings.port
    if workers > 1 and not settings.redis_url:
        _echo("error: several workers need REDIS_URL (shared conversation state and per-person locks)")
        raise typer.Exit(2)
    install(getattr(__import__("logging"), settings.log_level.upper(), 20))

    def _term(signum, frame):  # SIGTERM behaves like Ctrl-C (start-up, and after uvicorn re-raises it)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _term)
    rasa: RasaSupervisor | None = None
    try:
        _echo(f"database: {'PostgreSQL' if 'postgresql' in settings.effective_database_url else 'SQLite (var/jisr.db)'}")
        asyncio.run(_prepare_database(settings))
        if settings.jisr_env == "development":
            subprocess.run(_jisr_command("centers", "demo-hours", "--all"), cwd=ROOT, check=False)
            _echo("DEVELOPMENT: centers without known hours got DEMO opening hours, flagged demo (not real)")
            for line in asyncio.run(_demo_accounts(settings, port)):
                _echo(line)
        if not skip_train and not no_nlu:
            subprocess.run(_jisr_command("nlu", "train"), cwd=ROOT, check=True)
        plan = "none" if no_nlu else _nlu_plan(settings)  # refused at once: another model or a stranger on the port
        if plan == "reuse":
            _echo(f"NLU service already running at {settings.rasa_url} with this checkout's model: reusing it "
                  "(not supervised)")
        elif plan == "external":
            _echo(f"NLU service at {settings.rasa_url} (not on this machine: neither started nor supervised)")
            if not _rasa_up(settings.rasa_url):
                _echo("it does not answer yet: the bot answers in menu mode until it does")
        elif plan == "start":
            _echo(f"starting the NLU service (Rasa) on 127.0.0.1:{settings.rasa_port}; log: var/rasa.log")
            proc = _spawn_rasa(settings)
            rasa = RasaSupervisor(settings, proc)
            try:
                _wait_rasa(proc, settings.rasa_url)
            except RuntimeError:
                _stop_group(proc)
                raise
            _echo(f"NLU service ready at {settings.rasa_url} (restarted if it dies)")
            rasa.start()

        _echo_addresses(settings, port)
        options = {"host": "127.0.0.1", "port": port, "log_config": UVICORN_LOG_CONFIG, "proxy_headers": False,
                   "server_header": False, "access_log": False}  # no access log: visitors' IP addresses
        # uvicorn handles SIGINT/SIGTERM while serving, then re-raises the signal once shut down: our SIGTERM
        # handler (KeyboardInterrupt) is still installed then, so the `finally` below stops Rasa too.
        if workers > 1:  # each worker process builds its own app (connections are per process)
            _echo(f"workers:       {workers}")
            uvicorn.run("bot.app:create_app", factory=True, workers=workers, **options)
        else:
            from bot.app import create_app

            uvicorn.Server(uvicorn.Config(create_app(settings), **options)).run()
    except KeyboardInterrupt:
        _echo("interrupted")
    except RuntimeError as exc:
        _echo(f"error: {exc}")
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        if rasa is not None:
            rasa.stop()
    _echo("stopped")


def shell(sender: str = typer.Option(None, help="Sender id (default console-<user>).")) -> None:
    """Talk to the bot in this terminal (numbered buttons: type the number). Uses the NLU service at
    RASA_URL when it runs (menu mode otherwise) and the database of DATABASE_URL."""
    import logging

    from bot.app import create_app
    from bot.channels.base import app_context
    from bot.channels.console import ConsoleChannel, run_shell
    from bot.logging_policy import install
    from services.config import get_settings

    settings = get_settings()
    install(logging.WARNING)

    async def _main() -> None:
        await _prepare_database(settings)
        app = create_app(settings, mount_console=False)
        app.state.registry.register(ConsoleChannel())
        try:
            await run_shell(app_context(app, ConsoleChannel.name), sender_id=sender)
        finally:
            await app.state.nlu.aclose()
            await app.state.store.aclose()

    asyncio.run(_main())


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``shell`` to the ``jisr`` command."""
    app.command("run")(run)
    app.command("shell")(shell)
