"""Settings, read from environment variables (and an optional ``.env`` file).

Every variable is documented in README.md ("Configuration"). Defaults are the embedded development
set-up: SQLite in ``var/``, in-process conversation state, the Rasa service on 127.0.0.1:5005.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


class Settings(BaseSettings):
    """All run-time configuration. Field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # --- server -------------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str | None = None  # e.g. https://jisr.example.org (webhooks are signed against it)
    jisr_env: str = "development"  # development | production
    secret_key: str | None = Field(default=None, alias="JISR_SECRET_KEY")  # HMAC key for pseudonyms
    encryption_key: str | None = Field(default=None, alias="JISR_ENCRYPTION_KEY")  # Fernet key, at rest

    # --- persistence and state ------------------------------------------------------------------
    database_url: str | None = None  # default: SQLite file var/jisr.db
    redis_url: str | None = None  # default: in-process state
    conversation_ttl_seconds: int = 7 * 24 * 3600
    dedup_ttl_seconds: int = 24 * 3600  # how long a handled message id is remembered (redeliveries)

    # --- NLU (Rasa service) -----------------------------------------------------------------------
    # RASA_PORT alone moves both ends: the URL defaults to http://127.0.0.1:$RASA_PORT; a loopback RASA_URL
    # alone sets the port `jisr run` starts Rasa on (see _nlu_endpoints)
    rasa_url: str = ""
    rasa_port: int = 5005
    nlu_timeout_seconds: float = 2.0

    # --- web chat and logs -------------------------------------------------------------------------
    quick_exit_url: str = "https://www.google.com/"  # the web chat's "quick exit" leaves for this neutral site
    log_level: str = "INFO"  # the bot's log level (Rasa always runs at INFO: its DEBUG lines print text)
    # REST webhook / web chat: a request body over this many bytes is refused (413) before it is read whole
    max_message_bytes: int = Field(default=64 * 1024, ge=1024)

    # --- routing --------------------------------------------------------------------------------
    far_center_km: float = 60.0

    # --- social barometer (services/barometer.py) ---------------------------------------------------
    # published cells counting fewer distinct conversations than this are shown as "< N"
    barometer_min_count: int = Field(default=10, ge=2)
    # appointment slots are never offered at a center farther than this from the person (km), unless the person
    # explicitly asks for that center (names it, then confirms); see dialogues/actions/offer_slots.py
    max_booking_km: float = Field(default=150.0, gt=0)
    reminders_enabled: bool = True  # day-before appointment reminders (bot/reminders.py)

    # --- operators' claims ------------------------------------------------------------------------
    # an operator's claim with no activity on the conversation this long goes back to the queue (bot/claims.py)
    claim_idle_seconds: int = Field(default=600, ge=60)

    # --- console login throttling (console/security.py LoginThrottle) ------------------------------------
    console_login_window_seconds: int = Field(default=15 * 60, ge=60)
    console_login_max_per_account_address: int = Field(default=5, ge=1)  # then 429 for that pair
    console_login_max_per_address: int = Field(default=20, ge=1)  # then 429 for that address
    console_login_max_delay_seconds: float = Field(default=3.0, ge=0, le=10)  # an account is only slowed down

    # --- channels (bot/CHANNELS.md) ----------------------------------------------------------------
    # the adapter modules create_app mounts, in this order, comma-separated; each mounts itself only when its
    # platform is configured (the REST channel and the web chat are always there)
    channels: str = Field(default="bot.channels.whatsapp,bot.channels.telegram", alias="JISR_CHANNELS")

    # --- Telegram -------------------------------------------------------------------------------
    telegram_bot_token: str | None = None
    telegram_mode: str = "polling"  # polling | webhook
    telegram_webhook_secret: str | None = None
    telegram_api_base_url: str | None = None  # e.g. http://127.0.0.1:9000/bot (emulator, local Bot API)

    # --- WhatsApp through Twilio ------------------------------------------------------------------
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_whatsapp_from: str | None = None  # whatsapp:+14155238886
    twilio_api_base_url: str | None = None  # tests point the REST client at a local stub
    twilio_reminder_content_sid: str | None = None

    # --- reply budgets and infrastructure timeouts (seconds) ------------------------------------
    danger_reply_budget_seconds: float = Field(default=0.5, gt=0, le=5)  # emergency reply, whatever is hung
    reply_budget_seconds: float = Field(default=2.0, gt=0, le=30)  # any reply, or a kind apology
    db_timeout_seconds: float = Field(default=5.0, gt=0)  # PostgreSQL connect, statement and pool waits
    spool_dir: str | None = None  # danger escalations waiting for the database (default var/spool/<db digest>)

    def spool_dir_for(self, database_url: str | None = None) -> Path:
        """The danger spool's folder: ``SPOOL_DIR``, else ``var/spool/<12 hex of the SHA-256 of the database
        URL>`` (``database_url``, default the configured one): one spool per database, so entries are opened
        in the database they were meant for."""
        if self.spool_dir:
            return Path(self.spool_dir)
        import hashlib

        url = database_url or self.effective_database_url
        return VAR_DIR / "spool" / hashlib.sha256(url.encode()).hexdigest()[:12]

    @property
    def channel_modules(self) -> list[str]:
        """The modules of ``JISR_CHANNELS``, in order (blanks dropped)."""
        return [name.strip() for name in self.channels.split(",") if name.strip()]

    @property
    def effective_database_url(self) -> str:
        """The SQLAlchemy async URL in use: ``DATABASE_URL`` or the SQLite file ``var/jisr.db``."""
        if self.database_url:
            return self.database_url
        VAR_DIR.mkdir(exist_ok=True)
        return f"sqlite+aiosqlite:///{VAR_DIR / 'jisr.db'}"

    @model_validator(mode="after")
    def _nlu_endpoints(self) -> Settings:
        """``RASA_URL`` unset → ``http://127.0.0.1:$RASA_PORT``; ``RASA_URL`` set on a loopback host with a
        port and ``RASA_PORT`` unset → ``RASA_PORT`` is that port (``jisr run`` starts Rasa where the bot looks).
        Both set and disagreeing on a loopback URL: left as given, ``jisr run`` refuses to start."""
        if not self.rasa_url:
            self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        elif "rasa_port" not in self.model_fields_set and rasa_url_is_local(self.rasa_url):
            port = urlsplit(self.rasa_url).port
            if port:
                self.rasa_port = port
        return self


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def rasa_url_is_local(url: str) -> bool:
    """True when ``url`` names this machine's loopback interface (a service ``jisr run`` may start)."""
    try:
        return (urlsplit(url).hostname or "") in LOOPBACK_HOSTS
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own ``Settings(...)``)."""
    return Settings()
