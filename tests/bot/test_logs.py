"""No log line carries message text, a phone number or a name.

Every logger of the project (``bot``, ``dialogues``, ``services``, ``console``, ``nlu``) is captured at DEBUG,
raw (before any redaction), while conversations run through the REST channel: ordinary turns, danger, NLU
down, Redis down, database down, hand-off, a claim released for idleness. The test fails if any record — message, arguments or exception
text — contains a distinctive word of what the citizens wrote.
"""

from __future__ import annotations

import io
import logging
import secrets
import time

import pytest

from bot.logging_policy import REDACTED, PrivacyFilter, install, redact
from bot.state import InMemoryStateStore, RedisStateStore
from tests.bot.helpers import CLOSED_PORT_URL, make_store, say

OWN_LOGGERS = ("bot", "dialogues", "services", "console", "nlu", "")
SECRET_WORDS = ("Zineb", "Benali", "0612345678", "Oulad", "Tiznitia", "سعاد", "العلوي", "couteau", "kaydrebni",
                "Hayat", "vegetables")
MESSAGES = (
    "Smiti Zineb Benali, nmra dyali 0612345678, rajli kaydrebni",
    "ana f Oulad Tiznitia",
    "أنا سعاد العلوي راجلي كيضربني",
    "il a un couteau, il va me tuer — Hayat",
    "I need a knife for vegetables",
)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.getMessage(), repr(record.args)]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
        self.lines.append(f"{record.name}: " + " | ".join(parts))


@pytest.fixture
def captured():
    handler = _Collect()
    saved = {}
    for name in OWN_LOGGERS:
        lg = logging.getLogger(name)
        saved[name] = lg.level
        lg.setLevel(logging.DEBUG)
        lg.addHandler(handler)
    yield handler
    for name in OWN_LOGGERS:
        lg = logging.getLogger(name)
        lg.removeHandler(handler)
        lg.setLevel(saved[name])


def _leaks(lines: list[str]) -> list[str]:
    return [line for line in lines if any(w.lower() in line.lower() for w in SECRET_WORDS)]


async def test_no_log_line_contains_message_text(captured, make_client, store_kind, redis_url, test_prefix,
                                                 db_sessions):
    from services.escalations import claim, open_escalation

    client, app = await make_client(make_store(store_kind, redis_url, test_prefix))
    s = "web-" + secrets.token_hex(6)
    await say(client, s, "/start")
    for text in MESSAGES:
        await say(client, s, text, message_id=secrets.token_hex(4))
    await say(client, s, MESSAGES[0], message_id="dup")
    await say(client, s, MESSAGES[0], message_id="dup")  # duplicate path
    await say(client, s, MESSAGES[2], message_id="dup")  # reused message id, other content
    await say(client, s, "x" * 5000 + MESSAGES[3])  # long message (safety net in a thread, text clipped)
    # waiting for an operator (escalation open, not claimed): the queue notice path
    w = "web-" + secrets.token_hex(6)
    await say(client, w, "/talk_to_human")
    for text in MESSAGES[:2]:
        await say(client, w, text)
    # hand-off path: the messages go to the escalation, not to the logs
    key = app.state.pipeline.conversation_key("rest", s)
    _, sessions = db_sessions
    async with sessions() as session:
        esc = await open_escalation(session, key, "rest", "ary-Latn", None, None, 2, "user_request")
    async with sessions() as session:
        await claim(session, esc.id, "op")
    for text in MESSAGES:
        await say(client, s, text)
    # the operator goes idle: released by the person's message, then (claimed again) by the periodic check,
    # which pushes the notice through the person's channel
    start = time.time()
    app.state.pipeline.clock = lambda: start + 3600
    await say(client, s, MESSAGES[3])
    async with sessions() as session:
        await claim(session, esc.id, "op")
    # the database is shared with other tests of tests/bot: their idle claims may be released too
    assert esc.id in [e.id for e in await app.state.claims.release_idle()]
    # degraded paths
    down, _ = await make_client(RedisStateStore(f"redis://{CLOSED_PORT_URL}/0", socket_timeout=0.3))
    for text in MESSAGES:
        await say(down, "web-" + secrets.token_hex(6), text)
    from services.db import create_engine, session_factory

    broken = session_factory(create_engine(f"postgresql+asyncpg://{CLOSED_PORT_URL}/x"))
    nodb, _ = await make_client(InMemoryStateStore(), session_factory=broken)
    for text in MESSAGES:
        await say(nodb, "web-" + secrets.token_hex(6), text)
    assert len(captured.lines) > 20, "the pipeline should log (keys, intents, timings)"
    assert any("danger" in line for line in captured.lines)
    assert any("claim-released" in line and "via=message" in line for line in captured.lines)
    assert any("claim-released-notice-sent" in line for line in captured.lines)
    assert not _leaks(captured.lines), _leaks(captured.lines)[:5]


def test_privacy_filter_redacts_what_third_parties_might_print():
    assert REDACTED in redact("call 06 12 34 56 78 now") and "56 78" not in redact("call 06 12 34 56 78 now")
    assert "0612345678" not in redact("+212612345678 / 0612345678")
    assert "sender=abc" not in redact('"GET /webhooks/rest/outbox?sender=abc HTTP/1.1" 200')
    assert redact("flow=violence node=location ms=12.5 replies=2") == "flow=violence node=location ms=12.5 replies=2"
    stream = io.StringIO()
    handler = install(logging.INFO, stream)
    try:
        log = logging.getLogger("thirdparty.test")
        log.info("user said %s at %s", "ana Zineb 0612345678", "x@example.org")
        try:
            secret = "Zineb " + "Benali"
            raise ValueError(f"input was: {secret}")
        except ValueError:
            log.exception("boom")
    finally:
        logging.getLogger().removeHandler(handler)
    out = stream.getvalue()
    assert "0612345678" not in out and "x@example.org" not in out
    assert "Benali" not in out and "ValueError [message withheld]" in out
    assert any(isinstance(f, PrivacyFilter) for f in handler.filters)


@pytest.mark.parametrize("line", [
    "handled conv=0123456789ab channel=rest ms=12345.6 replies=1",  # a slow turn (12 s): 6 digits
    "handled conv=0123456789ab channel=rest ms=4351.2 replies=3",
    "handled conv=0123456789ab channel=rest ms=999999.9 replies=3",
    "claim-released conv=0123456789ab reason=idle via=message idle_s=123456",
    "rest-body-too-large max_bytes=65536",
    "erased conv=0123456789ab reason=quick_exit records=12",
    "bench stage_ms=104857.6 p95=250000.0",
])
def test_timings_and_sizes_in_known_fields_survive_the_filter(line):
    assert redact(line) == line


@pytest.mark.parametrize(("line", "phone"), [
    ("handled ms=0612345678 replies=1", "0612345678"),  # a phone number smuggled into a timing field
    ("handled ms=612345678", "612345678"),  # 9 digits: more than a timing of 6 integer digits
    ("handled ms=+212612345678", "212612345678"),
    ("handled ms=06 12 34 56 78", "34 56 78"),
    ("handled ms=06.12.34.56.78", "34.56.78"),
    ("handled ms=0612-345-678", "345-678"),
    ("handled ms=1234.5 612345678", "612345678"),
    ("user wrote 0612345678 ms=12.5", "0612345678"),
    ("user wrote +212 6 12 34 56 78 ms=12.5", "34 56 78"),
    ("records=0661234567", "0661234567"),
    ("items=612345 ms=1", "612345"),  # not a known measurement field
    ("tel: 06 61 23 45 67, ms=1", "23 45 67"),
])
def test_phone_numbers_in_any_form_are_still_redacted(line, phone):
    out = redact(line)
    assert phone not in out and REDACTED in out


def test_a_slow_turn_logged_by_the_pipeline_keeps_its_timing():
    """The pipeline's own line, rendered through the installed handler (the defect: ``ms=[redacted]``)."""
    stream = io.StringIO()
    handler = install(logging.INFO, stream)
    try:
        logging.getLogger("bot.pipeline").info("handled conv=%s channel=%s ms=%.1f replies=%d",
                                               "0123456789ab", "rest", 12345.64, 1)
        logging.getLogger("bot.pipeline").info("handled conv=%s channel=%s ms=%.1f replies=%d",
                                               "0123456789ab", "rest", 4350.0, 1)
    finally:
        logging.getLogger().removeHandler(handler)
    out = stream.getvalue()
    assert "ms=12345.6 replies=1" in out and "ms=4350.0 replies=1" in out and REDACTED not in out


@pytest.mark.parametrize(("line", "secret"), [
    ("HTTP Request: POST https://api.telegram.org/bot7351928462:AAH2kQ9vXz_Lm3NpR8sT1uW4yB6cD0eF5gJ/sendMessage",
     "AAH2kQ9vXz_Lm3NpR8sT1uW4yB6cD0eF5gJ"),
    ("token 123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdef_ghij", "ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdef"),
    ("POST Request: https://api.twilio.com/2010-04-01/Accounts/AC5f3e9a1c7b2d4e6f8a0b1c2d3e4f5a6b/Messages.json",
     "5f3e9a1c7b2d4e6f8a0b1c2d3e4f5a6b"),
    ("auth token 9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"),
    ("Authorization: Basic QUM1ZjNlOWExYzdiOjliOGM3ZDZlNWY0YQ==", "QUM1ZjNlOWExYzdiOjliOGM3ZDZlNWY0YQ=="),
    ("headers {'Authorization': 'Bearer abc.def.ghi-jkl'}", "abc.def.ghi-jkl"),
    ("setWebhook {'url': 'https://x', 'secret_token': 'S3cr3t-hook-value'}", "S3cr3t-hook-value"),
    ("X-Telegram-Bot-Api-Secret-Token: S3cr3t-hook-value", "S3cr3t-hook-value"),
])
def test_tokens_and_credentials_are_redacted(line, secret):
    out = redact(line)
    assert secret not in out and REDACTED in out


def test_configured_secrets_are_redacted_by_value_and_library_debug_bodies_withheld():
    from bot.logging_policy import protect, register_secrets

    register_secrets("short", "a-configured-webhook-secret")
    assert "a-configured-webhook-secret" not in redact("secret is a-configured-webhook-secret here")
    assert redact("short") == "short"  # too short to be taken for a secret
    saved = logging.getLogRecordFactory()
    protect()
    protect()  # idempotent
    try:
        lib = logging.getLogger("somelib.client")
        own = logging.getLogger("bot.test_policy")
        for lg in (lib, own):
            lg.setLevel(logging.DEBUG)
        handler = _Collect()
        lib.addHandler(handler)
        own.addHandler(handler)
        lib.debug("sending %s to %s with %d parts", {"text": "Zineb kaydrebni"}, "chat", 3)
        lib.debug("payload={'text': 'Zineb kaydrebni'}")  # formatted by the library itself
        lib.debug("user %(name)s says %(text)s", {"name": "Zineb", "text": "kaydrebni"})
        lib.info("reached %s", "https://api.telegram.org/bot7351928462:AAH2kQ9vXz_Lm3NpR8sT1uW4yB6cD0eF5gJ/getMe")
        own.debug("conv=%s intent=%s", "0123456789ab", "report_violence")  # the project's own: untouched
    finally:
        logging.setLogRecordFactory(saved)
        lib.removeHandler(handler)
        own.removeHandler(handler)
    lines = handler.lines
    assert not _leaks(lines) and not any("AAH2kQ9vXz" in line for line in lines), lines
    assert lines[0].startswith("somelib.client: sending [withheld] to [withheld] with 3 parts")
    assert lines[1].startswith("somelib.client: payload=[withheld]")
    assert "/bot[redacted]/getMe" in lines[3]
    assert lines[4] == "bot.test_policy: conv=0123456789ab intent=report_violence | ('0123456789ab', 'report_violence')"
