"""Fault-test fixtures: the API fixtures, and events written past validation."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from dashboard.ingest.models import Event, IncidentFields
from tests.api.conftest import Api, api, api_config, assert_error, make  # noqa: F401

GOOD_EVENT = {
    "source": "test",
    "event_id": "t-1",
    "type": "incident.reported",
    "occurred_at": "2026-06-06T17:00:00Z",
    "incident_id": "inc-t",
    "incident": {
        "kind": "operation",
        "title": "Bounded",
        "lat": 34.04,
        "lon": -118.25,
        "city": "los-angeles",
        "started_at": "2026-06-06T17:00:00Z",
    },
}


def unchecked(
    event_type: str,
    incident_id: str,
    occurred_at: datetime,
    agency: str | None = None,
    **incident: Any,
) -> Event:
    """Return an event built without validation, as a row stored before a check existed."""
    return Event.model_construct(
        source="test",
        event_id=f"bad-{uuid.uuid4().hex[:10]}",
        type=event_type,
        occurred_at=occurred_at,
        incident_id=incident_id,
        agency=agency,
        incident=IncidentFields.model_construct(**incident) if incident else None,
        data={},
    )


class ThrowawayPostgres:
    """A PostgreSQL server of our own on a free port under a tmp dir, to stop and start."""

    def __init__(self, root: Path) -> None:
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.root = root
        self.data = root / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        # PostgreSQL refuses to run as root; the image's postgres user runs it.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        """Create the cluster."""
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                  "postgres", "--no-sync", "-E", "UTF8")  # fmt: skip

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "log"), "-w", "start")  # fmt: skip

    def stop(self) -> None:
        """Stop the server at once, as a crash or a restart would."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")


@pytest.fixture(scope="module")
def throwaway_pg() -> Iterator[ThrowawayPostgres]:
    """Return a running throwaway PostgreSQL; it is stopped and removed afterwards."""
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.fail("no PostgreSQL server binaries to run a throwaway server")
    # Not under pytest's tmp dir: that is private to this user, and the server runs as
    # the postgres user when we are root.
    root = Path(tempfile.mkdtemp(prefix="headsup-pg-"))
    server = ThrowawayPostgres(root)
    try:
        server.init()
        server.start()
        yield server
        with contextlib.suppress(subprocess.SubprocessError):
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
