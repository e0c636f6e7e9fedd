"""A live server in its own process and a headless Chromium, for the security browser tests.

The browser is Dash's testing `Browser` (tests/browser/harness.py). The server is our own
subprocess, not dash.testing's ProcessRunner: that runner cannot pass the server its
environment (the config) and pipes the server's output without reading it, so a
chatty server would block once the pipe fills.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dashboard.config import Config
from tests.browser.harness import Chrome, wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port(first: int = 8300, last: int = 8399) -> int:
    """Return a free port in the range kept for test servers."""
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8300-8399")


SERVE = (
    "import os; from werkzeug.serving import run_simple; from dashboard.factory import create_app; "
    "from dashboard.config import Config; "
    "app = create_app(Config.from_env(testing=True)); "
    "run_simple('127.0.0.1', int(os.environ['PORT']), app.server, threaded=True)"
)


@contextmanager
def serving(config: Config) -> Iterator[str]:
    """Serve the app of `config` from its own process on a free port; yield its base URL.

    Its own process, like production: the test reads and changes the same database
    while the server runs, and the server's threads cannot disturb pytest's.
    """
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PORT": str(port),
        "DATABASE_URL": config.database_url,
        "HEADSUP_INSTANCE_DIR": config.instance_dir,
        "HEADSUP_REFRESH_MS": str(config.refresh_ms),
        "HEADSUP_DEMO": "1" if config.demo else "0",
        "HEADSUP_LOGIN_RATE_LIMIT": config.login_rate_limit,
    }
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE], env=env, cwd=ROOT, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_listening(server, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def wait_until_listening(server: subprocess.Popen, port: int, timeout: float = 60) -> None:
    """Return once the server accepts connections; fail if it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"test server exited with {server.returncode}")
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        server_wait(server)
    raise RuntimeError(f"test server not listening on {port} after {timeout} s")


def server_wait(server: subprocess.Popen) -> None:
    """Give the starting server a moment by waiting on the process itself."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=0.1)


@contextmanager
def chromium() -> Iterator[Chrome]:
    """Start a headless Chromium (Dash's testing Browser) that records its console."""
    with Chrome(1400, 900) as driver:
        yield driver


def severe_console_errors(driver: Any) -> list[str]:
    """Return (and clear) the console's SEVERE entries, CSP violations included."""
    return [e["message"] for e in driver.get_logs() if e["level"] == "SEVERE"]


def wait_for(driver: Any, condition: Any, timeout: float = 20) -> Any:
    """Wait until `condition(driver)` is truthy, through stale or missing elements."""
    return wait_until(driver, condition, timeout)


def js(script: str) -> Any:
    """Return a wait condition that runs a script and passes on a truthy result."""
    return lambda driver: driver.execute_script(script)
