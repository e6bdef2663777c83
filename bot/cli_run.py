"""``jisr run`` (what ``make run`` calls) and ``jisr shell``.

``jisr run``:

1. migrates the database (``services.db.upgrade``: every Alembic branch, including the console's);
2. loads the reference data and the seed directory of centers when the database has no center yet;
3. in development only (``JISR_ENV=development``), gives centers clearly-flagged DEMO opening hours so booking
   can be tried (``jisr centers demo-hours --all``; never in production);
4. trains the NLU model if its data/config changed (``jisr nlu train``, skipped when up to date);
5. starts the Rasa service (``.venv-rasa/bin/rasa run --enable-api``, ``PYTHONPATH`` = repo root, log level
   INFO — Rasa's DEBUG lines print message text) in its own process group, and waits until it answers;
   an NLU service already answering at ``RASA_URL`` is reused instead;
6. serves the bot with uvicorn on ``127.0.0.1:$PORT`` (default 8000), prints the URLs;
7. on Ctrl-C or SIGTERM stops uvicorn, then the Rasa process group (SIGTERM, then SIGKILL after 15 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    """Development only: the console's demo accounts (operator, staff, admin); returns how to log in."""
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


def _start_rasa(settings) -> subprocess.Popen | None:
    """Start ``rasa run --enable-api`` in its own process group; None when one already answers."""
    if _rasa_up(settings.rasa_url):
        _echo(f"NLU service already running at {settings.rasa_url}: reusing it")
        return None
    from nlu import project

    env = project.rasa_env("INFO")
    command = project.serve_command(settings.rasa_port, "127.0.0.1")
    log_dir = ROOT / "var"
    log_dir.mkdir(exist_ok=True)
    log_file = open(log_dir / "rasa.log", "ab")  # noqa: SIM115 - lives as long as the child
    _echo(f"starting the NLU service (Rasa) on 127.0.0.1:{settings.rasa_port}; log: var/rasa.log")
    return subprocess.Popen(command, cwd=ROOT / "nlu", env=env, stdout=log_file, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_rasa(proc: subprocess.Popen | None, url: str) -> None:
    deadline = time.monotonic() + RASA_READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the NLU service exited (code {proc.returncode}); see var/rasa.log")
        if _rasa_up(url):
            return
        time.sleep(1)
    raise RuntimeError(f"the NLU service did not answer at {url} within {RASA_READY_TIMEOUT_SECONDS} s")


def _stop_group(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    _echo("stopping the NLU service")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def run(
    port: int = typer.Option(None, envvar="PORT", help="HTTP port of the bot (default 8000)."),
    skip_train: bool = typer.Option(False, "--skip-train", help="Do not train the NLU model."),
    no_nlu: bool = typer.Option(False, "--no-nlu", help="Do not start Rasa (the bot runs in menu mode)."),
    workers: int = typer.Option(1, envvar="WEB_CONCURRENCY", help="uvicorn worker processes (needs REDIS_URL if > 1)."),
) -> None:
    """Migrate, load the seed directory, train if needed, start the NLU service and the bot; Ctrl-C stops both."""
    import uvicorn

    from bot.config import get_settings
    from bot.logging_policy import UVICORN_LOG_CONFIG, install

    settings = get_settings()
    port = port or settings.port
    if workers > 1 and not settings.redis_url:
        _echo("error: several workers need REDIS_URL (shared conversation state and per-person locks)")
        raise typer.Exit(2)
    install(getattr(__import__("logging"), settings.log_level.upper(), 20))

    def _term(signum, frame):  # SIGTERM behaves like Ctrl-C (start-up, and after uvicorn re-raises it)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _term)
    rasa: subprocess.Popen | None = None
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
        if not no_nlu:
            rasa = _start_rasa(settings)
            _wait_rasa(rasa, settings.rasa_url)
            _echo(f"NLU service ready at {settings.rasa_url}")

        base = f"http://127.0.0.1:{port}"
        _echo(f"web chat:      {base}/")
        _echo(f"REST channel:  {base}/webhooks/rest/webhook")
        _echo(f"console:       {base}/console/")
        _echo(f"health:        {base}/healthz")
        _echo(f"NLU (Rasa):    {settings.rasa_url}")
        _echo(f"state:         {'Redis' if settings.redis_url else 'in-process (set REDIS_URL for Redis)'}")
        _echo("Ctrl-C stops everything.")
        options = dict(host="127.0.0.1", port=port, log_config=UVICORN_LOG_CONFIG, proxy_headers=False,
                       server_header=False, access_log=False)  # no access log: visitors' IP addresses
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
        _stop_group(rasa)
    _echo("stopped")


def shell(sender: str = typer.Option(None, help="Sender id (default console-<user>).")) -> None:
    """Talk to the bot in this terminal (numbered buttons: type the number). Uses the NLU service at
    RASA_URL when it runs (menu mode otherwise) and the database of DATABASE_URL."""
    import logging

    from bot.app import create_app
    from bot.channels.console import ConsoleChannel, run_shell
    from bot.config import get_settings
    from bot.logging_policy import install

    settings = get_settings()
    install(logging.WARNING)

    async def _main() -> None:
        await _prepare_database(settings)
        app = create_app(settings, mount_console=False)
        app.state.registry.register(ConsoleChannel())
        try:
            await run_shell(app.state.pipeline, sender_id=sender)
        finally:
            await app.state.nlu.aclose()
            await app.state.store.aclose()

    asyncio.run(_main())


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``shell`` to the ``jisr`` command."""
    app.command("run")(run)
    app.command("shell")(shell)
