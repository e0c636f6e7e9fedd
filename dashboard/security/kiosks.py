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

KIOSK_COLUMNS = ["name", "cities", "rotate_s", "created_by", "created_at", "revoked_at"]
# The shortest rotation a wall accepts: a city must stay long enough to be read.
MIN_ROTATE_S = 5
# A kiosk's name and rotation never change (a name is never reused), so one read each.
_ROTATIONS: dict[tuple[str, str], int | None] = {}


def create_kiosk(
    engine: Engine,
    name: str,
    cities: list[str],
    actor: str,
    source_ip: str,
    rotate_s: int | None = None,
) -> str:
    """Store a kiosk token for the given cities (all when empty) and return the token.

    With `rotate_s` its wall shows one city at a time, each for that many seconds.
    """
    check_name(name)
    if rotate_s is not None and rotate_s < MIN_ROTATE_S:
        raise AccountError(f"the rotation must be at least {MIN_ROTATE_S} seconds")
    if rotate_s is not None and len(set(cities)) < 2:
        raise AccountError("a rotation needs at least two cities to rotate between")
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
                cities=json.dumps(list(dict.fromkeys(cities))),
                rotate_s=rotate_s,
                created_by=actor,
                created_at=datetime.now(UTC),
            )
        )
        write_audit(
            conn, actor, "kiosk.create", "ok", source_ip, f"{name} {cities} rotate {rotate_s}"
        )
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


def kiosk_rotation(engine: Engine, name: str) -> int | None:
    """Return the rotation period of the named kiosk (fixed when it is created: kept)."""
    key = (str(engine.url), name)
    if key not in _ROTATIONS:
        with engine.connect() as conn:
            _ROTATIONS[key] = conn.execute(
                select(kiosks.c.rotate_s).where(kiosks.c.name == name)
            ).scalar_one_or_none()
    return _ROTATIONS[key]


def list_kiosks(engine: Engine) -> pd.DataFrame:
    """Return every kiosk, revoked ones included, without token hashes."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(*(kiosks.c[c] for c in KIOSK_COLUMNS)).order_by(kiosks.c.name)
        ).all()
    return pd.DataFrame(rows, columns=KIOSK_COLUMNS)
