"""Start Jisr's processes on this machine for the benches: bot workers, Rasa replicas, an nginx in front.

Each process runs in its own session (``start_new_session``) so that it, and only it, can be killed or frozen.
Used by ``bench/rest_load.py --start`` and ``bench/scale_out.py``. Nothing here is imported by the product.

CPU accounting: ``cpu_seconds(pids)`` sums ``utime + stime`` of ``/proc/<pid>/stat`` (fields 14 and 15, clock
ticks) over the processes and their live descendants — the CPU time the kernel charged to them, steadier on a
shared 2-core machine than wall-clock throughput.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
TICKS = os.sysconf("SC_CLK_TCK")
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "jisr.conf.template"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """``pid``'s live descendants (from ``/proc/<pid>/task/*/children``)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                kids = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                found.append(kid)
                todo.append(kid)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user + system) charged so far to ``pids`` and their live descendants.

    A process that exited is no longer counted: read before and after a run while the processes live.
    """
    total = 0
    for pid in {p for root in pids for p in (root, *children(root))}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 counted from 1)
    return total / TICKS


def wait_http(url: str, timeout: float = 120.0, ok=lambda r: r.status_code == 200) -> None:
    """Poll ``url`` until ``ok(response)``; raises ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ok(httpx.get(url, timeout=2)):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Proc:
    """One started process (its own session) and where its output goes."""

    name: str
    popen: subprocess.Popen
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """SIGKILL the process's whole group (no clean shutdown: what a crash looks like)."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM the group, SIGKILL after 10 s."""
        if self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Topology:
    """Processes started for one bench run; ``stop()`` ends them all."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="jisr-bench-")))
    procs: list[Proc] = field(default_factory=list)

    def _spawn(self, name: str, command: list[str], port: int, env: dict[str, str], cwd: Path = ROOT) -> Proc:
        log = self.workdir / f"{name}.log"
        with open(log, "ab") as out:
            popen = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        proc = Proc(name, popen, port, log)
        self.procs.append(proc)
        return proc

    def rasa(self, port: int | None = None) -> Proc:
        """A Rasa replica (``rasa run --enable-api``) serving the trained model on 127.0.0.1:``port``."""
        sys.path.insert(0, str(ROOT))
        from nlu import project

        port = port or free_port()
        return self._spawn(f"rasa-{port}", project.serve_command(port, "127.0.0.1"), port,
                           project.rasa_env("INFO"), cwd=ROOT / "nlu")

    def bot(self, env: dict[str, str], port: int | None = None, workers: int = 1) -> Proc:
        """A bot server (uvicorn, ``bot.app:create_app``) on 127.0.0.1:``port`` with ``workers`` processes."""
        port = port or free_port()
        command = [str(VENV_BIN / "uvicorn"), "--factory", "bot.app:create_app", "--host", "127.0.0.1",
                   "--port", str(port), "--no-access-log", "--no-server-header", "--workers", str(workers)]
        return self._spawn(f"bot-{port}", command, port, {**os.environ, **env})

    def nginx(self, bots: list[int], rasas: list[int], rasa_port: int, port: int | None = None) -> Proc:
        """Debian's nginx in the foreground on 127.0.0.1:``port``, balancing ``bots`` (ports) there and ``rasas``
        on 127.0.0.1:``rasa_port``, from the production template (``deploy/nginx/jisr.conf.template``).

        Raises ``FileNotFoundError`` without nginx, ``TimeoutError`` when it does not answer within 10 s.
        """
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
        port = port or free_port()
        path = self.workdir / "nginx.conf"
        path.write_text(render_nginx(bots, rasas, port, rasa_port, self.workdir))
        proc = self._spawn("nginx", [binary, "-c", str(path), "-p", str(self.workdir)], port, dict(os.environ))
        wait_http(f"http://127.0.0.1:{port}/nginx-health", timeout=10)
        return proc

    def stop(self) -> None:
        """Stop every process started here (newest first)."""
        for proc in reversed(self.procs):
            proc.stop()


def render_nginx(bots: list[int], rasas: list[int], port: int, rasa_port: int, workdir: Path) -> str:
    """The nginx configuration of a bench run: ``deploy/nginx/jisr.conf.template`` wrapped in a main block.

    ``@BOTS@`` / ``@RASAS@`` become ``server 127.0.0.1:<port> ...;`` lines, ``@LISTEN@`` / ``@RASA_LISTEN@``
    the listen addresses.
    """
    server = "server 127.0.0.1:{} max_fails=1 fail_timeout=5s;"
    body = (NGINX_TEMPLATE.read_text()
            .replace("@BOTS@", "\n        ".join(server.format(p) for p in bots))
            .replace("@RASAS@", "\n        ".join(server.format(p) for p in rasas))
            .replace("@LISTEN@", f"127.0.0.1:{port}")
            .replace("@RASA_LISTEN@", f"127.0.0.1:{rasa_port}"))
    return (f"daemon off;\nworker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/nginx-error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n    access_log off;\n    client_body_temp_path {workdir}/body;\n"
            f"    proxy_temp_path {workdir}/proxy;\n    fastcgi_temp_path {workdir}/fastcgi;\n"
            f"    uwsgi_temp_path {workdir}/uwsgi;\n    scgi_temp_path {workdir}/scgi;\n{body}\n}}\n")
