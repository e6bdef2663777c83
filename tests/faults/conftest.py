"""Fixtures of the fault tests: a PostgreSQL and a Redis of their own, started for this folder, that the tests
freeze (SIGSTOP: a hung server keeps its connections open and answers nothing) and kill — never the shared
servers on 5432/6379. PostgreSQL uses Debian's binaries (``/usr/lib/postgresql/*/bin``) run as the
``postgres`` user, as ``shared/notes/fault-testing.md`` describes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import free_port


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")
                                                                              if x.isdigit()])
    if not found:
        pytest.fail("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")
    return found[-1]


def _as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


class OwnPostgres:
    """A PostgreSQL server of the tests' own: ``url`` (asyncpg SQLAlchemy URL), :meth:`freeze`, :meth:`thaw`,
    :meth:`kill` (immediate shutdown), :meth:`start`."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="jisr-pg-"))
        shutil.chown(self.dir, "postgres", "postgres") if os.geteuid() == 0 else None
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"
        subprocess.run(_as_postgres(str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-A", "trust",
                                    "-U", "postgres"), check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run(_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-o",
                                    f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                                    "-l", str(self.dir / "log"), "-w", "start"), check=True, capture_output=True)

    def pids(self) -> list[int]:
        """The postmaster and its children."""
        master = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False).stdout.split()
        return [master, *map(int, children)]

    def freeze(self) -> None:
        for pid in self.pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.pids():
            os.kill(pid, signal.SIGCONT)

    def kill(self) -> None:
        self.thaw()
        subprocess.run(_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                                    "stop"), capture_output=True, check=False)

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class OwnRedis:
    """A redis-server of the tests' own on a free port: ``url``, :meth:`freeze`, :meth:`thaw`, :meth:`kill`,
    :meth:`start`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True, check=False).stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        pytest.fail("own redis-server did not start")

    def freeze(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()

    def close(self) -> None:
        self.kill()


@pytest.fixture(scope="module")
def own_postgres():
    """A migrated, seeded PostgreSQL of this module's own."""
    from services.seed import prepare_database

    pg = OwnPostgres()
    pg.start()
    asyncio.run(prepare_database(pg.url))
    yield pg
    pg.close()


@pytest.fixture
def own_redis():
    """A redis-server of this test's own."""
    r = OwnRedis()
    r.start()
    yield r
    r.close()
