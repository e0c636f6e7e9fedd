"""First start: what is left to do before the operations view shows a live picture.

Each step is computed from the store, so it ticks itself off when done, whoever did it
(CLI, API or admin page).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from dashboard.runtime import Runtime
from dashboard.store.schema import agencies, api_tokens, jurisdictions


@dataclass(frozen=True)
class SetupStep:
    """One thing to do, how to do it, and whether it is done."""

    key: str
    label: str
    how: str
    done: bool


def _count(conn: Connection, stmt: object) -> int:
    return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]


def setup_steps(rt: Runtime) -> list[SetupStep]:
    """Return the first-start steps, each marked done from what the store holds."""
    with rt.store.engine.connect() as conn:
        places = _count(conn, select(func.count()).select_from(jurisdictions))
        local = _count(
            conn, select(func.count()).select_from(agencies).where(agencies.c.local.is_(True))
        )
        tokens = _count(
            conn,
            select(func.count()).select_from(api_tokens).where(api_tokens.c.revoked_at.is_(None)),
        )
    received = rt.store.latest_seq() > 0
    return [
        SetupStep(
            "jurisdictions",
            "Import your jurisdictions",
            'headsup reference add-county "Los Angeles County, CA", or '
            "headsup reference import cities.geojson",
            places > 0,
        ),
        SetupStep(
            "agencies",
            "Import your agencies and where each is local",
            "headsup reference import agencies.csv (columns id, name, kind, jurisdictions)",
            local > 0,
        ),
        SetupStep(
            "token",
            "Create an API token for a sender",
            "headsup tokens create --name lapd-cad --sources lapd-cad",
            tokens > 0,
        ),
        SetupStep(
            "sender",
            "Connect a sender: the first event received",
            "POST /api/v1/events, /cap or /import/csv with that token",
            received,
        ),
    ]


def setup_pending(rt: Runtime) -> list[SetupStep] | None:
    """Return the steps while setup is unfinished and no event arrived yet, else None."""
    if rt.config.demo or rt.store.latest_seq() > 0:
        return None
    steps = setup_steps(rt)
    return None if all(s.done for s in steps) else steps
