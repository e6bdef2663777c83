"""``jisr telegram set-webhook / delete-webhook / info`` against the emulator (real Bot API calls)."""

from __future__ import annotations

import httpx
import typer
from channel_helpers import BOT_TOKEN
from typer.testing import CliRunner

from bot.channels import telegram_cli
from services.config import get_settings


def _app() -> typer.Typer:
    app = typer.Typer()
    telegram_cli.register(app)

    @app.command()
    def _noop() -> None:  # a second command keeps "telegram" a sub-command
        pass

    return app


def test_set_and_delete_webhook(telegram_emulator, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram_emulator.api_base)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "cli-Secret_2")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://jisr.example.org/")
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        r = runner.invoke(_app(), ["telegram", "set-webhook"])
        assert r.exit_code == 0, r.output
        assert "https://jisr.example.org/webhooks/telegram" in r.output
        call = telegram_emulator.calls("setWebhook")[-1]["params"]
        assert call["url"] == "https://jisr.example.org/webhooks/telegram"
        assert call["secret_token"] == "cli-Secret_2"
        assert "callback_query" in call["allowed_updates"]
        info = httpx.post(f"{telegram_emulator.api_base}{BOT_TOKEN}/getWebhookInfo").json()["result"]
        assert info["url"] == "https://jisr.example.org/webhooks/telegram"
        r = runner.invoke(_app(), ["telegram", "info"])
        assert r.exit_code == 0 and "jisr.example.org" in r.output, r.output
        r = runner.invoke(_app(), ["telegram", "delete-webhook"])
        assert r.exit_code == 0, r.output
        info = httpx.post(f"{telegram_emulator.api_base}{BOT_TOKEN}/getWebhookInfo").json()["result"]
        assert info["url"] == ""
        monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET")
        get_settings.cache_clear()
        r = runner.invoke(_app(), ["telegram", "set-webhook"])
        assert r.exit_code != 0 and "TELEGRAM_WEBHOOK_SECRET" in r.output
    finally:
        get_settings.cache_clear()
