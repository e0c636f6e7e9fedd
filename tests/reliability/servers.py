"""Real server processes for fault tests: `python app.py` or gunicorn, started and killed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import requests

from dashboard.demo.feed import seed_reference_data
from dashboard.store import Store
from dashboard.store.tokens import create_token

ROOT = Path(__file__).resolve().parents[2]
# Ports the fault tests may give their servers (see COMMON.md: 8180-8199 for this branch).
PORTS = range(int(os.environ.get("HEADSUP_TEST_PORT_LO", "8180")), 8200)
VENV_BIN = Path(sys.executable).parent
# Failure guards only: a healthy server is up in a few seconds, even on a busy machine.
START_GUARD_S = 90.0


_recent: deque[int] = deque(maxlen=6)


def free_port() -> int:
    """Return a port of our range that nothing listens on nor was just handed out."""
    for port in PORTS:
        if port in _recent:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _recent.append(port)
        return port
    raise RuntimeError(f"no free port in {PORTS}")


def prepared_store(database_url: str, sources: Sequence[str], redis_url: str = "") -> str:
    """Migrate the database, seed cities and agencies, and return a writer token for sources.

    Migrating here, as `headsup migrate` would before a deployment, keeps the workers of a
    gunicorn master from racing to create the same tables.
    """
    store = Store.open(database_url, redis_url)
    try:
        seed_reference_data(store)
        return create_token(store.engine, f"writer-{os.urandom(3).hex()}", list(sources))
    finally:
        store.close()


class ServerProcess:
    """One app server (and its workers) in a process group of its own, on a fixed port."""

    def __init__(self, kind: str, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.kind = kind
        self.port = int(env["PORT"])
        self.env = {**os.environ, **env}
        self.log = log
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the base URL."""
        return f"http://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        """Return the command: the built-in server, or gunicorn with the repo's config."""
        if self.kind == "app":
            return [sys.executable, "app.py"]
        return [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}", "app:server"]  # fmt: skip

    def start(self) -> ServerProcess:
        """Start the server and return once /api/v1/health answers 200."""
        return self.launch().wait_ready()

    def launch(self) -> ServerProcess:
        """Start the process without waiting (several servers can start side by side)."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.argv(), cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return self

    def wait_ready(self) -> ServerProcess:
        """Wait until /api/v1/health answers 200; fail if the process exits first."""
        assert self.process is not None
        deadline = time.monotonic() + START_GUARD_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited {self.process.returncode}: {self.tail()}")
            try:
                if requests.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not come up: {self.tail()}")

    def worker_pids(self) -> list[int]:
        """Return the pids serving requests: gunicorn's workers, or the app process itself."""
        assert self.process is not None
        if self.kind == "app":
            return [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()]

    def kill(self) -> None:
        """SIGKILL the whole group (master and workers) at once, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server gracefully (SIGTERM), killing it if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 30) -> str:
        """Return the end of the server's log."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def server_env(database_url: str, tmp: Path, redis_url: str = "", **extra: str) -> dict[str, str]:
    """Return the environment of a production-like server: no demo, a fixed secret key."""
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "HEADSUP_DEMO": "0",
        "HEADSUP_SECRET_KEY": "fault-tests-" + "k" * 40,
        "HEADSUP_INSTANCE_DIR": str(tmp / "instance"),
        "HEADSUP_API_RATE_LIMIT": "1000000/minute",
        **extra,
    }


@contextmanager
def running(*servers: ServerProcess) -> Iterator[tuple[ServerProcess, ...]]:
    """Run servers (started side by side) for the block; they are stopped afterwards."""
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()
