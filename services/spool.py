"""A durable spool of danger escalations: every danger message's priority-0 escalation reaches the operators'
queue, also when the database is down or hung at the moment the person wrote.

The message path answers danger from the safety net at once and records the escalation to open as one small
file in the spool directory *before* trying the database (:meth:`DangerSpool.put`: write, atomic
rename — local disk only, no network, well under a millisecond on the build machine; not fsynced, so an
entry survives a crash of the bot process but not a power loss of the machine in the next seconds). When the turn opens the
escalation itself it removes the file (:meth:`DangerSpool.done`); otherwise :meth:`DangerSpool.drain` — run
every second by :meth:`DangerSpool.start` in the app's lifespan — opens it later, oldest first, retrying until
the database answers. ``services.escalations.open_escalation`` returns the conversation's active escalation
when there is one (a unique index guards it), so an entry opened twice (turn and spool racing) still makes
exactly one escalation.

An entry holds the conversation key (pseudonymous HMAC), channel, variety, reason code, journey, region code,
the time it was written (epoch seconds) and the person's message encrypted with the at-rest key
(``services.crypto``; the transcript line the operator reads). Nothing in it is readable without the keys.
Several processes may share one spool directory: an entry is claimed by renaming it before it is opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("services.spool")

SUFFIX = ".json"
CLAIMED = ".claimed"
DEFAULT_MIN_AGE_SECONDS = 3.0  # an entry younger than this is left to the turn that wrote it
DEFAULT_INTERVAL_SECONDS = 1.0
DEFAULT_OPEN_TIMEOUT_SECONDS = 5.0
STALE_CLAIM_SECONDS = 60.0  # a claim older than this (a process died while opening) is taken back


class DangerSpool:
    """Danger escalations waiting to be opened, one file each in ``directory`` (created if missing).

    Args:
        directory: the spool folder (``var/spool/<database digest>`` by default: one spool per database).
        session_factory: an ``async_sessionmaker`` of the services database (None: nothing can be opened;
            :meth:`put` then writes nothing).
        min_age: seconds an entry is left to the turn that wrote it before :meth:`drain` takes it.
        open_timeout: seconds one opening may take before it is retried at the next drain.
    """

    def __init__(self, directory: Path | str, session_factory: Any, *, min_age: float = DEFAULT_MIN_AGE_SECONDS,
                 open_timeout: float = DEFAULT_OPEN_TIMEOUT_SECONDS) -> None:
        self.directory = Path(directory)
        self.session_factory = session_factory
        self.min_age = min_age
        self.open_timeout = open_timeout
        self.opened = 0  # escalations opened by :meth:`drain` since start
        self._task: asyncio.Task | None = None

    # ---- writing --------------------------------------------------------------------------------------
    def put(self, *, conversation_key: str, channel: str, variety: str, reason: str, text: str | None = None,
            journey: str | None = None, region_code: int | None = None) -> Path | None:
        """Record a danger escalation to open; returns the entry's path (for :meth:`done`), or None when there
        is no database or the disk refused (logged; the turn still tries the database itself). Never raises.
        ``text`` is stored encrypted (``services.crypto.encrypt``)."""
        if self.session_factory is None:
            return None
        try:
            token = None
            if text:
                from services.crypto import encrypt

                token = encrypt(text)
            entry = {"conversation_key": conversation_key, "channel": channel, "variety": variety,
                     "reason": reason, "journey": journey, "region_code": region_code, "at": time.time(),
                     "text": token}
            self.directory.mkdir(parents=True, exist_ok=True)
            name = f"{time.time_ns():020d}-{secrets.token_hex(4)}"
            tmp = self.directory / f".{name}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:  # no fsync: it can stall the event loop for
                json.dump(entry, fh)  # hundreds of ms on a busy disk; the page cache survives the process
            path = self.directory / f"{name}{SUFFIX}"
            os.replace(tmp, path)
            return path
        except Exception as exc:  # noqa: BLE001 - the reply never depends on the disk
            log.error("spool-put-failed error=%s", type(exc).__name__)
            return None

    def done(self, path: Path | None) -> None:
        """The turn opened the escalation itself: forget the entry (missing already: fine). Never raises."""
        if path is None:
            return
        with contextlib.suppress(OSError):
            path.unlink()

    def pending(self) -> list[Path]:
        """Entries not opened yet (claimed ones included), oldest first."""
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.iterdir()
                      if p.name.endswith(SUFFIX) or p.name.endswith(SUFFIX + CLAIMED))

    # ---- opening --------------------------------------------------------------------------------------
    async def drain(self, *, min_age: float | None = None) -> int:
        """Open every entry older than ``min_age`` (default :attr:`min_age`), oldest first; stops at the first
        database failure (the rest waits for the next drain). Returns how many escalations were opened."""
        if self.session_factory is None:
            return 0
        min_age = self.min_age if min_age is None else min_age
        now = time.time()
        count = 0
        for path in self.pending():
            claimed = self._claim(path, now, min_age)
            if claimed is None:
                continue
            try:
                entry = json.loads(claimed.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.error("spool-entry-unreadable error=%s", type(exc).__name__)
                with contextlib.suppress(OSError):
                    claimed.rename(claimed.with_name(claimed.name + ".bad"))
                continue
            try:
                await asyncio.wait_for(self._open(entry), self.open_timeout)
            except Exception as exc:  # noqa: BLE001 - retried at the next drain
                with contextlib.suppress(OSError):
                    claimed.rename(claimed.with_name(claimed.name[: -len(CLAIMED)]))
                log.warning("spool-open-failed error=%s pending=%d", type(exc).__name__, len(self.pending()))
                break
            with contextlib.suppress(OSError):
                claimed.unlink()
            count += 1
        if count:
            self.opened += count
            log.info("spool-opened escalations=%d", count)
        return count

    def _claim(self, path: Path, now: float, min_age: float) -> Path | None:
        """Rename ``path`` to its claimed name (atomic: one process wins); None when it is too young, claimed
        by a live opener, or gone."""
        try:
            age = now - path.stat().st_mtime
        except OSError:
            return None
        if path.name.endswith(CLAIMED):
            if age < STALE_CLAIM_SECONDS:
                return None
            target = path  # its opener died: take it over
            with contextlib.suppress(OSError):
                os.utime(path)
            return target
        if age < min_age:
            return None
        target = path.with_name(path.name + CLAIMED)
        try:
            os.replace(path, target)
            os.utime(target)
        except OSError:
            return None
        return target

    async def _open(self, entry: dict[str, Any]) -> None:
        from services.escalations import PRIORITY_DANGER, add_message, list_messages, open_escalation

        async with self.session_factory() as s:
            info = await open_escalation(s, entry["conversation_key"], entry["channel"], entry["variety"],
                                         entry.get("journey"), entry.get("region_code"), PRIORITY_DANGER,
                                         entry["reason"])
            if entry.get("text") and not await list_messages(s, info.id):  # the turn never reached it
                from services.crypto import decrypt

                await add_message(s, info.id, "citizen", decrypt(entry["text"]))

    # ---- background task ------------------------------------------------------------------------------
    async def start(self, interval: float = DEFAULT_INTERVAL_SECONDS) -> None:
        """Drain every ``interval`` seconds until :meth:`stop`."""
        if self._task is None and self.session_factory is not None:
            self._task = asyncio.create_task(self._run(interval), name="danger-spool")

    async def _run(self, interval: float) -> None:
        while True:
            try:
                await self.drain()
            except Exception as exc:  # noqa: BLE001 - the loop must survive anything
                log.error("spool-drain-failed error=%s", type(exc).__name__)
            await asyncio.sleep(interval)

    async def stop(self) -> None:
        """Stop the background drain (pending entries stay on disk for the next start)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
