"""User accounts: add, change role, disable, list and check a password."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from dashboard.security.audit import write_audit
from dashboard.security.memo import MEMO
from dashboard.security.passwords import hash_password, verify_password
from dashboard.security.roles import check_role
from dashboard.store.engine import write_transaction
from dashboard.store.security_schema import sessions, users

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
USER_COLUMNS = ["name", "role", "disabled", "created_at", "updated_at"]
ADMIN_ROLE = "admin"


class AccountError(ValueError):
    """A user operation cannot be done as asked (unknown user, bad name, duplicate...)."""


def check_name(name: str) -> str:
    """Return a valid user name or raise AccountError."""
    if not NAME_PATTERN.match(name):
        raise AccountError(
            f"user name {name!r} must be 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def add_user(
    engine: Engine, name: str, role: str, password: str | None, actor: str, source_ip: str
) -> None:
    """Create a user; without a password it cannot sign in until one is set."""
    check_name(name)
    try:
        check_role(role)
        hashed = hash_password(password) if password is not None else None
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    now = datetime.now(UTC)
    with write_transaction(engine) as conn:
        if _user_id(conn, name) is not None:
            raise AccountError(f"user {name!r} exists already")
        conn.execute(
            insert(users).values(
                name=name,
                role=role,
                password_hash=hashed,
                disabled=False,
                created_at=now,
                updated_at=now,
            )
        )
        write_audit(conn, actor, "user.add", "ok", source_ip, f"{name} as {role}")


def set_role(engine: Engine, name: str, role: str, actor: str, source_ip: str) -> None:
    """Change a user's role and end their sessions, so the change applies at once."""
    try:
        check_role(role)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    with write_transaction(engine) as conn:
        user_id = _existing(conn, name)
        if role != ADMIN_ROLE:
            _keep_an_admin(conn, user_id, f"{name} cannot stop being an admin")
        conn.execute(
            update(users).where(users.c.id == user_id).values(role=role, updated_at=_now())
        )
        conn.execute(delete(sessions).where(sessions.c.user_id == user_id))
        write_audit(conn, actor, "user.set-role", "ok", source_ip, f"{name} to {role}")
    MEMO.forget_all()  # after the commit, so no request re-reads the old row


def set_disabled(engine: Engine, name: str, disabled: bool, actor: str, source_ip: str) -> None:
    """Disable (or enable) a user; disabling ends their sessions at once."""
    with write_transaction(engine) as conn:
        user_id = _existing(conn, name)
        if disabled:
            _keep_an_admin(conn, user_id, f"{name} cannot be disabled")
        conn.execute(
            update(users).where(users.c.id == user_id).values(disabled=disabled, updated_at=_now())
        )
        if disabled:
            conn.execute(delete(sessions).where(sessions.c.user_id == user_id))
        action = "user.disable" if disabled else "user.enable"
        write_audit(conn, actor, action, "ok", source_ip, name)
    MEMO.forget_all()  # after the commit, so no request re-reads the old row


def set_password(engine: Engine, name: str, password: str, actor: str, source_ip: str) -> None:
    """Set a user's password and end their other sessions."""
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    with write_transaction(engine) as conn:
        user_id = _existing(conn, name)
        conn.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(password_hash=hashed, updated_at=_now())
        )
        conn.execute(delete(sessions).where(sessions.c.user_id == user_id))
        write_audit(conn, actor, "user.set-password", "ok", source_ip, name)
    MEMO.forget_all()  # after the commit, so no request re-reads the old row


def authenticate(engine: Engine, name: str, password: str) -> dict | None:
    """Return the enabled user whose password matches, else None (in constant-ish time)."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    ok = verify_password(row["password_hash"] if row else None, password)
    if row is None or not ok or row["disabled"]:
        return None
    return dict(row)


def list_users(engine: Engine) -> pd.DataFrame:
    """Return every user, without password hashes."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(*(users.c[c] for c in USER_COLUMNS)).order_by(users.c.name)
        ).all()
    return pd.DataFrame(rows, columns=USER_COLUMNS)


def user_exists(engine: Engine, name: str) -> bool:
    """Tell whether a user of this name exists, disabled or not."""
    with engine.connect() as conn:
        return _user_id(conn, name) is not None


def count_enabled_admins(conn: Connection, besides: int | None = None) -> int:
    """Return how many enabled admins exist, leaving out the user id `besides`."""
    query = select(func.count()).select_from(users)
    query = query.where(users.c.role == ADMIN_ROLE, users.c.disabled.is_(False))
    if besides is not None:
        query = query.where(users.c.id != besides)
    return int(conn.execute(query).scalar_one())


def _keep_an_admin(conn: Connection, user_id: int, refusal: str) -> None:
    """Refuse a change that would leave no enabled admin: nobody could manage users then."""
    others = count_enabled_admins(conn, besides=user_id)
    target = conn.execute(select(users.c.role, users.c.disabled).where(users.c.id == user_id)).one()
    if target.role == ADMIN_ROLE and not target.disabled and others == 0:
        raise AccountError(f"{refusal}: they are the last active admin; make another admin first")


def _user_id(conn: Connection, name: str) -> int | None:
    return conn.execute(select(users.c.id).where(users.c.name == name)).scalar_one_or_none()


def _existing(conn: Connection, name: str) -> int:
    user_id = _user_id(conn, name)
    if user_id is None:
        raise AccountError(f"no user {name!r}")
    return user_id


def _now() -> datetime:
    return datetime.now(UTC)
