"""Logging policy: no log line carries message text, a phone number or a name.

Two layers:

1. **What the code logs.** The bot's own loggers (``bot.*``, ``dialogues.*``, ``services.*``, ``console.*``)
   log conversation keys (first 12 hex digits of the HMAC pseudonym), intents, flow/node ids, pattern ids,
   counts and timings — never ``msg.text``, a recipient id or a person's name. ``tests/bot/test_logs.py``
   captures every logger at DEBUG while conversations run and fails if any line contains message text.
2. **A filter on every handler** (:class:`PrivacyFilter`), for what third-party code might print: it
   renders the record, then redacts phone-number-like digit runs (6+ digits, with spaces/dots/dashes;
   the values of known timing/size fields such as ``ms=12345.6`` are kept when they are plain numbers),
   e-mail addresses, URL query strings (``?sender=…``), and drops exception *messages* (exception
   types and stack frames stay) — an exception's text can quote user input.

Uvicorn's access log prints request paths; with the filter, the outbox's ``?sender=`` query is redacted.
Rasa runs in its own process at log level INFO (its DEBUG lines print parsed text), set by ``jisr run``.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback

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


def redact(text: str) -> str:
    """``text`` with phone-number-like digit runs (6+ digits), e-mails and URL query strings redacted — except
    the value of a known measurement field (``ms=12345.6``, ``idle_s=900``, ``max_bytes=65536``: see
    ``_MEASURE_KEY``) when it is a plain number of at most 6 integer digits."""
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


class PrivacyFilter(logging.Filter):
    """Renders each record once, redacts it (see :func:`redact`) and strips exception messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not break logging
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            etype, _value, tb = record.exc_info
            frames = "".join(traceback.format_tb(tb)) if tb else ""
            record.exc_text = f"Traceback (most recent call last):\n{frames}{etype.__name__} [message withheld]"
            record.exc_info = None
        if record.stack_info:
            record.stack_info = None
        return True


def install(level: int = logging.INFO, stream=None) -> logging.Handler:
    """Configure the root logger: one stream handler with :class:`PrivacyFilter`, format
    ``time level logger message``; quiets chatty libraries (httpx/httpcore at WARNING, SQLAlchemy engine
    at WARNING). Also adds the filter to uvicorn's loggers' handlers when uvicorn configured its own.
    Returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(PrivacyFilter())
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("httpx", "httpcore", "sqlalchemy.engine", "asyncio", "multipart"):
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
