"""``jisr telegram …``: manage the Telegram bot's webhook (see bot/CHANNELS.md).

* ``jisr telegram set-webhook [--url URL]`` — registers ``PUBLIC_BASE_URL/webhooks/telegram`` (or ``--url``)
  with ``TELEGRAM_WEBHOOK_SECRET`` as the secret token and ``allowed_updates`` = message, callback_query.
* ``jisr telegram delete-webhook [--drop-pending]`` — back to polling.
* ``jisr telegram info`` — the bot's username and the current webhook (URL, pending updates, last error).

Every command uses ``TELEGRAM_BOT_TOKEN`` and ``TELEGRAM_API_BASE_URL`` like the running bot.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import typer

telegram_app = typer.Typer(help="Telegram bot: webhook management.", no_args_is_help=True)


def _bot(settings: Any) -> Any:
    from telegram import Bot

    if not settings.telegram_bot_token:
        raise typer.BadParameter("TELEGRAM_BOT_TOKEN is not set")
    kwargs: dict[str, Any] = {}
    base = (settings.telegram_api_base_url or "").rstrip("/")
    if base:
        kwargs["base_url"] = base
        root = base.removesuffix("/bot")
        kwargs["base_file_url"] = root + "/file/bot"
    return Bot(settings.telegram_bot_token, **kwargs)


def webhook_url(settings: Any, url: str | None = None) -> str:
    """The webhook URL to register: ``url`` or ``PUBLIC_BASE_URL`` + ``/webhooks/telegram`` (must be https
    for Telegram's servers). Raises ``typer.BadParameter`` when neither is known."""
    from bot.channels.telegram import WEBHOOK_PATH

    if url:
        return url
    if not settings.public_base_url:
        raise typer.BadParameter("set PUBLIC_BASE_URL (e.g. https://jisr.example.org) or pass --url")
    return settings.public_base_url.rstrip("/") + WEBHOOK_PATH


@telegram_app.command("set-webhook")
def set_webhook(url: Annotated[str | None, typer.Option(help="Webhook URL (default PUBLIC_BASE_URL/webhooks/telegram).")] = None) -> None:
    """Register the webhook (with the secret token and allowed_updates: message, callback_query)."""
    from bot.channels.telegram import ALLOWED_UPDATES
    from services.config import get_settings

    settings = get_settings()
    if not settings.telegram_webhook_secret:
        raise typer.BadParameter("set TELEGRAM_WEBHOOK_SECRET first (1-256 characters A-Z a-z 0-9 _ -)")
    target = webhook_url(settings, url)

    async def _run() -> None:
        async with _bot(settings) as bot:
            await bot.set_webhook(url=target, secret_token=settings.telegram_webhook_secret,
                                  allowed_updates=list(ALLOWED_UPDATES))

    asyncio.run(_run())
    typer.echo(f"webhook set: {target} (set TELEGRAM_MODE=webhook for `jisr run`)")


@telegram_app.command("delete-webhook")
def delete_webhook(drop_pending: Annotated[bool, typer.Option(help="Also drop pending updates.")] = False) -> None:
    """Remove the webhook (polling mode can then fetch updates)."""
    from services.config import get_settings

    settings = get_settings()

    async def _run() -> None:
        async with _bot(settings) as bot:
            await bot.delete_webhook(drop_pending_updates=drop_pending)

    asyncio.run(_run())
    typer.echo("webhook deleted")


@telegram_app.command("info")
def info() -> None:
    """The bot's username and the webhook Telegram has for it."""
    from services.config import get_settings

    settings = get_settings()

    async def _run() -> None:
        async with _bot(settings) as bot:
            me = bot.bot
            typer.echo(f"bot: @{me.username}")
            try:
                w = await bot.get_webhook_info()
            except Exception as exc:  # noqa: BLE001 - e.g. a Bot API server without getWebhookInfo
                typer.echo(f"webhook: unknown ({type(exc).__name__})")
                return
            typer.echo(f"webhook: {w.url or '(none: polling)'} pending={w.pending_update_count}"
                       + (f" last_error={w.last_error_message}" if w.last_error_message else ""))

    asyncio.run(_run())


def register(app: typer.Typer) -> None:
    """Add ``jisr telegram`` to the CLI (the lead lists ``bot.channels.telegram_cli`` in ``bot/cli.py``)."""
    app.add_typer(telegram_app, name="telegram")
