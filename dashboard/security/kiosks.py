"""Kiosk tokens for wall displays: read-only, limited to some cities, revocable."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, delete, insert, select, update

from dashboard.security.accounts import AccountError, check_name
from dashboard.security.audit import write_audit
from dashboard.security.memo import MEMO
from dashboard.security.tokens import new_token, token_hash
from dashboard.store.engine import write_transaction
from dashboard.store.schema import jurisdictions
from dashboard.store.security_schema import kiosks, sessions

KIOSK_COLUMNS = ["name", "cities", "created_by", "created_at", "revoked_at"]


def create_kiosk(engine: Engine, name: str, cities: list[str], actor: str, source_ip: str) -> str:
    """Store a kiosk token for the given cities (all when empty) and return the token."""
    check_name(name)
    token = new_token()
    with write_transaction(engine) as conn:
        known = set(conn.execute(select(jurisdictions.c.id)).scalars())
        unknown = sorted(set(cities) - known)
        if unknown:
            choices = ", ".join(sorted(known)) or "none yet (the app loads them at start)"
            raise AccountError(f"unknown cities {', '.join(unknown)}; known: {choices}")
        if conn.execute(select(kiosks.c.id).where(kiosks.c.name == name)).first():
            raise AccountError(f"kiosk {name!r} exists already")
        conn.execute(
            insert(kiosks).values(
                name=name,
                token_hash=token_hash(token),
                cities=json.dumps(sorted(set(cities))),
                created_by=actor,
                created_at=datetime.now(UTC),
            )
        )
        write_audit(conn, actor, "kiosk.create", "ok", source_ip, f"{name} {sorted(cities)}")
    return token


def revoke_kiosk(engine: Engine, name: str, actor: str, source_ip: str) -> None:
    """Revoke a kiosk token and end every session opened with it."""
    with write_transaction(engine) as conn:
        kiosk_id = conn.execute(
            select(kiosks.c.id).where(kiosks.c.name == name, kiosks.c.revoked_at.is_(None))
        ).scalar_one_or_none()
        if kiosk_id is None:
            raise AccountError(f"no active kiosk {name!r}")
        conn.execute(
            update(kiosks).where(kiosks.c.id == kiosk_id).values(revoked_at=datetime.now(UTC))
        )
        conn.execute(delete(sessions).where(sessions.c.kiosk_id == kiosk_id))
        write_audit(conn, actor, "kiosk.revoke", "ok", source_ip, name)
    MEMO.forget_all()  # after the commit, so no request re-reads the old row


def kiosk_for_token(engine: Engine, token: str) -> int | None:
    """Return the id of the active kiosk this token belongs to."""
    with engine.connect() as conn:
        return conn.execute(
            select(kiosks.c.id).where(
                kiosks.c.token_hash == token_hash(token), kiosks.c.revoked_at.is_(None)
            )
        ).scalar_one_or_none()


def list_kiosks(engine: Engine) -> pd.DataFrame:
    """Return every kiosk, revoked ones included, without token hashes."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(*(kiosks.c[c] for c in KIOSK_COLUMNS)).order_by(kiosks.c.name)
        ).all()
    return pd.DataFrame(rows, columns=KIOSK_COLUMNS)
