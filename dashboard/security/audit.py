"""The audit trail: sign-ins, role changes, tokens, exports and refused requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select

from dashboard.store.engine import write_transaction
from dashboard.store.security_schema import audit

AUDIT_COLUMNS = ["id", "at", "actor", "action", "outcome", "source_ip", "detail"]
CLI_SOURCE = "cli"
MAX_DETAIL = 500


def audit_row(actor: str, action: str, outcome: str, source_ip: str, detail: str = "") -> dict:
    """Return one audit row stamped now; long or odd details are cut, never rejected."""
    return {
        "at": datetime.now(UTC),
        "actor": actor[:128],
        "action": action[:40],
        "outcome": outcome[:16],
        "source_ip": (source_ip or "unknown")[:64],
        "detail": detail[:MAX_DETAIL],
    }


def write_audit(conn: Connection, *args: Any, **kwargs: Any) -> None:
    """Add an audit row inside the caller's transaction (so it commits with the change)."""
    conn.execute(insert(audit).values(**audit_row(*args, **kwargs)))


def record(engine: Engine, *args: Any, **kwargs: Any) -> None:
    """Add an audit row in a transaction of its own."""
    with write_transaction(engine) as conn:
        write_audit(conn, *args, **kwargs)


def recent(engine: Engine, limit: int = 200, action: str | None = None) -> pd.DataFrame:
    """Return the newest audit rows first."""
    stmt = select(*(audit.c[name] for name in AUDIT_COLUMNS)).order_by(audit.c.id.desc())
    if action:
        stmt = stmt.where(audit.c.action == action)
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(max(1, min(limit, 1000)))).all()
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def last_sign_ins(engine: Engine) -> dict[str, datetime]:
    """Return each user's latest successful sign-in, by user name."""
    stmt = (
        select(audit.c.actor, func.max(audit.c.at))
        .where(audit.c.action == "login", audit.c.outcome == "ok", audit.c.actor.like("user:%"))
        .group_by(audit.c.actor)
    )
    with engine.connect() as conn:
        return {actor.removeprefix("user:"): at for actor, at in conn.execute(stmt).all()}


def creators(engine: Engine, action: str) -> dict[str, str]:
    """Return who did `action` last, by the first word of its detail (the thing's name)."""
    stmt = select(audit.c.actor, audit.c.detail).where(
        audit.c.action == action, audit.c.outcome == "ok"
    )
    with engine.connect() as conn:
        return {detail.split(" ", 1)[0]: actor for actor, detail in conn.execute(stmt).all()}
