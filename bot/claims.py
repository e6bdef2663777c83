"""Claims that outlive their operator: back to the queue, and the person told.

An operator's claim on an escalated conversation (the bot silent, the operator answering) ends without the
operator's "hand back" in three ways, all ending the same way: the escalation goes back to the queue (open,
priority and place kept, marked released), the conversation waits for an operator again (the bot's "you are in
the queue" behaviour, the safety net always on) and the person gets a kind message in their variety — with the
emergency numbers again when the escalation is a danger one (:func:`dialogues.emergency.released_messages`):

* the operator logs out — ``console.views_auth.logout`` releases their claims and calls
  :meth:`ClaimReleaser.notify` (``ConsoleDeps.claim_released``);
* the operator shows no activity on the conversation (no reply, no page load or poll of it) for
  ``CLAIM_IDLE_SECONDS`` — :class:`ClaimReleaser` runs :meth:`ClaimReleaser.release_idle` every
  ``interval`` seconds in the app's lifespan (``bot.app``), next to the reminder scheduler;
* the person writes while their operator is idle beyond that limit — the message path releases it at once
  (``bot.handoff.HandOff.check``) and the reply to that very message is the notice.

Why a periodic task in the process rather than a release when the queue is read: the person must be told even
when no operator has the queue open (at night, everyone logged out), and the queue must be right when someone
opens it. Why no arq job (as reminders have with Redis): a release is one conditional UPDATE, so a tick that
runs in every process (``WEB_CONCURRENCY`` > 1) releases each claim once and tells the person once; nothing
needs to run "once per tick". A session that expires ends no claim by itself: without the page, the operator
shows no activity, so the claim goes back within ``CLAIM_IDLE_SECONDS`` (well before the 2 h session expiry).

Audit: every automatic release is written to the console's audit log by ``(system)`` (``escalation.release``,
detail ``idle from <operator>``) through the ``audit`` hook the app wires (this module knows no console
table); a logout's by the operator (detail ``logout``). Nothing here logs a text,
a recipient or a name; conversation keys are cut to 12 hex digits.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from bot.handoff import AuditHook
from dialogues import emergency

log = logging.getLogger("bot.claims")

MAX_INTERVAL_SECONDS = 30.0


def check_interval(idle_seconds: float) -> float:
    """Seconds between two idle checks: a quarter of the limit, at most 30 s (so a claim goes back at most
    30 s after ``idle_seconds``)."""
    return max(1.0, min(MAX_INTERVAL_SECONDS, idle_seconds / 4))


class ClaimReleaser:
    """Releases idle claims and tells the people concerned.

    Args:
        pipeline: the ``MessagePipeline`` (its :meth:`requeue_released` sets the conversation waiting again).
        registry: the ``ChannelRegistry`` (the notice goes out through the person's own channel).
        session_factory: ``async_sessionmaker`` of the services database.
        idle_seconds: ``CLAIM_IDLE_SECONDS``.
        clock: ``() -> aware UTC datetime`` (default: the pipeline's clock).
        interval_seconds: between two checks (default :func:`check_interval`).
        audit: ``bot.handoff.AuditHook`` writing each release to the audit log (None: not audited).

    ``await start()`` / ``await stop()`` run the periodic check in the current event loop.
    """

    def __init__(self, pipeline: Any, registry: Any, session_factory: Any, idle_seconds: float,
                 clock: Callable[[], dt.datetime] | None = None, interval_seconds: float | None = None,
                 audit: AuditHook | None = None) -> None:
        self.pipeline, self.registry, self.sessions = pipeline, registry, session_factory
        self.idle_seconds = float(idle_seconds)
        self.clock = clock or pipeline.utcnow
        self.interval = interval_seconds if interval_seconds is not None else check_interval(self.idle_seconds)
        self.audit = audit
        self.runs = 0  # completed checks (observable by tests and /metrics readers)
        self._task: asyncio.Task | None = None

    async def notify(self, escalation: Any) -> bool:
        """Tell the person behind the released ``escalation`` (an ``EscalationInfo``) that they are back in
        the queue, and set their conversation waiting for an operator again. Never raises: returns False
        when the notice could not be sent (no known recipient, channel not running here, platform refusal,
        WhatsApp's 24-hour window closed); the release stands either way and the person's next message gets
        the queue notice."""
        key = escalation.conversation_key[:12]
        try:
            messages = await self.pipeline.requeue_released(escalation)
        except Exception as exc:  # noqa: BLE001  (state store down: still tell them, in the escalation's variety)
            log.warning("claim-requeue-failed conv=%s error=%s", key, type(exc).__name__)
            messages = emergency.released_messages(escalation.variety, danger=escalation.danger)
        try:
            channel = await self.registry.send_to_conversation(escalation.conversation_key, messages)
        except Exception as exc:  # noqa: BLE001
            log.warning("claim-released-notice-not-sent conv=%s reason=%s", key, type(exc).__name__)
            return False
        log.info("claim-released-notice-sent conv=%s channel=%s danger=%s", key, channel, escalation.danger)
        return True

    async def release_idle(self, now: dt.datetime | None = None) -> list[Any]:
        """One check: release every claim idle for ``idle_seconds`` at ``now`` (default: :attr:`clock`),
        audit each, tell each person. Returns the released ``EscalationInfo`` list (most urgent first)."""
        from services.escalations import release_idle

        now = now or self.clock()
        async with self.sessions() as session:
            released = await release_idle(session, self.idle_seconds, now)
            for info in released if self.audit is not None else ():
                await self.audit(session, "escalation.release", info.id,
                                 f"idle from {info.released_from or '-'}")
        for info in released:
            log.info("claim-released conv=%s reason=idle via=task priority=%d", info.conversation_key[:12],
                     info.priority)
            await self.notify(info)
        return released

    async def start(self) -> None:
        """Start the periodic check (first run at once: claims left idle across a restart go back too)."""
        self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            try:
                await self.release_idle()
            except Exception as exc:  # noqa: BLE001  (database down: try again next tick)
                log.warning("claim-check-failed error=%s", type(exc).__name__)
            self.runs += 1
            await asyncio.sleep(self.interval)

    async def stop(self) -> None:
        """Stop the periodic check."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
