"""The web chat's browser tests' server and browser (``test_webchat_browser.py``, ``test_webchat_phone.py``):
the real app under uvicorn on a free port in a thread (PostgreSQL, in-process state; the NLU service is left
down, so the bot is in menu mode) and Debian's Chromium through Playwright."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.state import InMemoryStateStore
from tests.bot.helpers import settings_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NEUTRAL = "https://neutral.example/"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(database_url: str, server: dict[str, Any]) -> Iterator[str]:
    """Run the app on a free port until the block ends; yields its base URL. ``server`` gets ``app`` and
    ``loop`` (the server's event loop, to read its state store from a test)."""
    import uvicorn

    from bot.app import create_app
    port = free_port()
    settings = settings_for(database_url=database_url, quick_exit_url=NEUTRAL)
    holder: dict = {}

    def _serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = create_app(settings, store=InMemoryStateStore(), mount_console=False)
        server.update(app=app, loop=loop)
        srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        holder["server"] = srv
        loop.run_until_complete(srv.serve())

    thread = threading.Thread(target=_serve, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/webhooks/rest/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        pytest.fail("the test server did not start")
    try:
        yield url
    finally:
        holder["server"].should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium (``/usr/bin/chromium``) driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
