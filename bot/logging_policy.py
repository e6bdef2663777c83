"""Logging policy: no log line carries message text, a phone number, a name, a token or a credential.

Three layers:

1. **What the code logs.** The bot's own loggers (``bot.*``, ``dialogues.*``, ``services.*``, ``console.*``)
   log conversation keys (first 12 hex digits of the HMAC pseudonym), intents, flow/node ids, pattern ids,
   counts and timings — never ``msg.text``, a recipient id or a person's name. ``tests/bot/test_logs.py``
   captures every logger at DEBUG while conversations run and fails if any line contains message text.
2. **Third-party records are scrubbed when they are made** (:func:`protect`, a log record factory installed
   by :func:`install` and by ``bot.app.create_app``), so no handler anywhere — ours, uvicorn's, a test's —
   ever sees the raw text: every record loses Telegram bot tokens (``123456:AA…``, also inside
   ``/bot<token>/`` URLs), Twilio account/API key SIDs, 32-hex-digit secrets (a Twilio auth token's form),
   ``Basic``/``Bearer`` credentials, ``token=``/``password=``-style values and the configured secrets
   themselves (:func:`register_secrets`: ``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_WEBHOOK_SECRET``,
   ``TWILIO_AUTH_TOKEN``). A record of a library (any logger outside the project's, or the Twilio HTTP
   client's) below INFO also loses its **bodies**: its arguments are withheld (numbers kept) — python-telegram-
   bot's ``Calling Bot API endpoint `%s` with parameters `%s```, ``Processing update %s``, ``… finished with
   return value %s`` carry the texts sent and received —, and a message it formatted itself is cut at the
   first bracket, backtick or bytes literal (httpcore's ``return_value=(b'HTTP/1.1', …)``); then the phone,
   e-mail and query redaction below, and exception messages withheld.
3. **A filter on every handler** (:class:`PrivacyFilter`), for what any code might print: it renders the
   record, then redacts the secrets above, phone-number-like digit runs (6+ digits, with spaces/dots/dashes;
   the values of known timing/size fields such as ``ms=12345.6`` are kept when they are plain numbers),
   e-mail addresses, URL query strings (``?sender=…``), and drops exception *messages* (exception types and
   stack frames stay) — an exception's text can quote user input.

Uvicorn's access log prints request paths; with the filter, the outbox's ``?sender=`` query is redacted.
Rasa runs in its own process at log level INFO (its DEBUG lines print parsed text), set by ``jisr run``.
``tests/bot/test_third_party_logs.py`` runs python-telegram-bot (polling, sending), httpx, httpcore, Twilio's
client and urllib3 at DEBUG against local stubs and finds neither token nor text in any record.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from typing import Any, TextIO

_PHONE = re.compile(r"(?<![\w])\+?\d[\d .\-]{4,}\d(?![\w])")
# A measurement the code logs as ``key=value``: timings (``ms=1234.5``, ``idle_s=900``, ``stage_ms=…``) and
# sizes/counts (``max_bytes=65536``, ``records=12``). Its value survives only when it is one plain decimal
# number as ``%d``/``%.1f`` print it — at most 6 integer digits (no full phone number has so few), no leading
# zero, at most 3 decimals — and nothing digit-like follows (``ms=06 12 34 56 78`` is still a phone number).
_MEASURE_KEY = re.compile(
    r"(?:^|[\s,;(\[{])(?:[a-z][a-z0-9]*_)*(?:ms|s|sec|secs|seconds|elapsed|duration|took|latency|p50|p95|p99"
    r"|bytes|records|replies|messages|parts|count|deleted|size)=$")
_MEASURE_VALUE = re.compile(r"(?:0|[1-9]\d{0,5})(?:\.\d{1,3})?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_QUERY = re.compile(r"\?[^\s\"']+")
REDACTED = "[redacted]"
WITHHELD = "[withheld]"
# Credentials, whatever logs them: a Telegram bot token (also inside /bot<token>/), Twilio account and API key
# SIDs, a bare 32-hex-digit secret (a Twilio auth token's form), HTTP Basic/Bearer credentials, and the value
# of a key named like a secret (``token=…``, ``'secret_token': '…'``, ``Authorization: …``).
_SECRETS = (
    re.compile(r"\d{6,}:[A-Za-z0-9_-]{30,}"),
    re.compile(r"\b(?:AC|SK|MG|PN)[0-9a-fA-F]{32}\b"),
    re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32}(?![0-9A-Za-z])"),
    re.compile(r"(?i)\b(?:basic|bearer)\s+[A-Za-z0-9+/=._~-]{8,}"),
)
_SECRET_FIELD = re.compile(r"""(?ix)
    (   \b(?:[a-z_-]*token|[a-z_-]*secret|password|passwd|api[_-]?key|signature)
        (?: =                           # token=…
          | :(?=[^\s])                  # token:…
          | ["']\s*[:=]\s*["']           # 'secret_token': '…'  (a dict's repr)
        )
    |   \b(?:authorization|x-[a-z-]*(?:token|secret|key)) :\s*   # HTTP headers
    )
    [^\s"',;&}]+""")
_registered: set[str] = set()
# The project's loggers (their records are the code's own, see tests/bot/test_logs.py); every other logger is
# a library's. The Twilio HTTP client logs through a logger named under bot.channels.whatsapp (its own
# level control), but it prints a library's request lines: a library's.
OWN_LOGGERS = ("bot", "dialogues", "services", "console", "nlu", "jisr", "uvicorn")
LIBRARY_LOGGERS_IN_OWN = ("bot.channels.whatsapp.twilio_http",)
# where a library's self-formatted DEBUG message starts printing a body: a bracket, a backtick or a bytes
# literal (cut before it), or a word naming one and its separator (cut after them: ``payload=``, ``data: ``)
_BODY_START = re.compile(r"(?i)[\[{(`]|\bb['\"]|(?P<word>\b(?:parameters|params|data|body|payload|text|content)\b"
                         r"[\s:=`'\"]*)")


def register_secrets(*values: str | None) -> None:
    """Redact these exact strings (configured tokens, webhook secrets, auth tokens) from every record from
    now on, whatever their form; values shorter than 8 characters are ignored (too common to be secrets)."""
    for value in values:
        if value and len(value.strip()) >= 8:
            _registered.add(value.strip())


def redact_secrets(text: str) -> str:
    """``text`` without tokens, credentials and registered secrets (see the module's description)."""
    for value in _registered:
        if value in text:
            text = text.replace(value, REDACTED)
    for pattern in _SECRETS:
        text = pattern.sub(REDACTED, text)
    return _SECRET_FIELD.sub(lambda m: m.group(1) + REDACTED, text)


def redact(text: str) -> str:
    """``text`` with secrets (:func:`redact_secrets`), phone-number-like digit runs (6+ digits), e-mails and URL
    query strings redacted — except
    the value of a known measurement field (``ms=12345.6``, ``idle_s=900``, ``max_bytes=65536``: see
    ``_MEASURE_KEY``) when it is a plain number of at most 6 integer digits."""
    text = redact_secrets(text)
    text = _QUERY.sub("?" + REDACTED, text)
    text = _EMAIL.sub(REDACTED, text)

    def _phone(m: re.Match[str]) -> str:
        value = m.group(0)
        if sum(ch.isdigit() for ch in value) < 6:
            return value
        if _MEASURE_VALUE.fullmatch(value) and _MEASURE_KEY.search(text, max(0, m.start() - 48), m.start()):
            return value  # a timing or a size in a known field, not a phone number
        return REDACTED

    return _PHONE.sub(_phone, text)


def is_library_logger(name: str) -> bool:
    """True for a logger that is not the project's own (see ``OWN_LOGGERS``), e.g. ``telegram.ext.ExtBot``,
    ``httpx``, ``httpcore.http11``, ``urllib3``, the root logger."""
    if any(name == n or name.startswith(n + ".") for n in LIBRARY_LOGGERS_IN_OWN):
        return True
    return not any(name == n or name.startswith(n + ".") for n in OWN_LOGGERS)


def _withhold_arg(value: object) -> object:
    return value if isinstance(value, bool | int | float) or value is None else WITHHELD


def _library_debug_message(record: logging.LogRecord) -> str:
    """A library's DEBUG record without its bodies: arguments withheld (numbers kept); a message without
    arguments (formatted by the library itself) cut where a body starts."""
    msg = str(record.msg)
    args = record.args
    if args:
        if isinstance(args, dict):
            safe: object = {k: _withhold_arg(v) for k, v in args.items()}
        else:
            safe = tuple(_withhold_arg(v) for v in args)
        try:
            return msg % safe
        except (TypeError, ValueError, KeyError):
            return f"{msg} {WITHHELD}"
    cut = _BODY_START.search(msg)
    if cut is None:
        return msg
    return msg[:cut.end() if cut.group("word") else cut.start()] + WITHHELD


def _render(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string must not break logging
        return str(record.msg)


def _withhold_exception(record: logging.LogRecord) -> None:
    if record.exc_info and record.exc_info[0] is not None:
        etype, _value, tb = record.exc_info
        frames = "".join(traceback.format_tb(tb)) if tb else ""
        record.exc_text = f"Traceback (most recent call last):\n{frames}{etype.__name__} [message withheld]"
        record.exc_info = None
    if record.stack_info:
        record.stack_info = None


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Applied to every record when it is made (:func:`protect`). A library's record: bodies withheld below
    INFO, then :func:`redact` in full, exception message withheld. The project's own records: secrets only
    (what else they hold is the code's responsibility, checked raw by ``tests/bot/test_logs.py``), and left
    untouched when they hold none."""
    if is_library_logger(record.name):
        message = _library_debug_message(record) if record.levelno < logging.INFO else _render(record)
        record.msg, record.args = redact(message), None
        _withhold_exception(record)
        return record
    message = _render(record)
    cleaned = redact_secrets(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    return record


def protect() -> None:
    """Install :func:`scrub_record` as part of the log record factory (once per process; idempotent). Called by
    :func:`install` and ``bot.app.create_app`` (so uvicorn's worker processes get it too)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "_jisr_scrub", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(current(*args, **kwargs))

    factory._jisr_scrub = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class PrivacyFilter(logging.Filter):
    """Renders each record once, redacts it (see :func:`redact`) and strips exception messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(_render(record)), None
        _withhold_exception(record)
        return True


def install(level: int = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Configure the root logger: one stream handler with :class:`PrivacyFilter`, format
    ``time level logger message``; quiets chatty libraries (httpx/httpcore, aiohttp and the SQLAlchemy
    engine at WARNING). Also adds the filter to uvicorn's loggers' handlers when uvicorn configured its own, and
    scrubs every record when it is made (:func:`protect`). Returns the handler."""
    protect()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(PrivacyFilter())
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("httpx", "httpcore", "aiohttp", "sqlalchemy.engine", "asyncio", "multipart"):
        logging.getLogger(name).setLevel(logging.WARNING)
    protect_existing_handlers()
    return handler


def protect_existing_handlers() -> None:
    """Add :class:`PrivacyFilter` to every handler already attached to any logger (uvicorn's, Rasa's)."""
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for lg in loggers:
        for h in lg.handlers:
            if not any(isinstance(f, PrivacyFilter) for f in h.filters):
                h.addFilter(PrivacyFilter())


UVICORN_LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"privacy": {"()": "bot.logging_policy.PrivacyFilter"}},
    "formatters": {"default": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "default": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["privacy"],
                    "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}
"""``log_config`` for ``uvicorn.run``: uvicorn's own loggers through the privacy filter."""
