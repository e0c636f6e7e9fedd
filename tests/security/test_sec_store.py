"""Accounts, sessions, kiosks and the audit trail on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from dashboard.security import accounts
from dashboard.security.audit import recent
from dashboard.security.kiosks import create_kiosk, kiosk_for_token, revoke_kiosk
from dashboard.security.sessions import load_identity, open_session
from dashboard.security.setup import issue_setup_token, setup_token_valid, spend_setup_token
from dashboard.store import Store, security_schema
from dashboard.store.migrate import alembic_config, current_revision

IDLE = timedelta(minutes=30)


SECURITY_TABLES = (
    security_schema.users,
    security_schema.sessions,
    security_schema.kiosks,
    security_schema.setup_tokens,
    security_schema.audit,
)


def test_sec090_schema_is_at_the_head_and_holds_the_security_tables(store: Store) -> None:
    # The head is read from Alembic's scripts, so a new migration does not break this.
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations have diverged: {heads}"
    assert current_revision(store.engine) == heads[0]
    schema = inspect(store.engine)
    for table in SECURITY_TABLES:
        columns = {c["name"] for c in schema.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_sec091_user_sessions_end_on_disable(store: Store) -> None:
    engine = store.engine
    accounts.add_user(engine, "ann", "operator", "correct horse battery", "t", "t")
    user = accounts.authenticate(engine, "ann", "correct horse battery")
    assert user is not None and user["role"] == "operator"
    token = open_session(engine, timedelta(hours=1), user_id=user["id"])
    identity = load_identity(engine, token, IDLE)
    assert identity is not None and identity.actor == "user:ann"
    accounts.set_disabled(engine, "ann", True, "t", "t")
    assert load_identity(engine, token, IDLE) is None
    assert accounts.authenticate(engine, "ann", "correct horse battery") is None
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_user(engine, "ann", "viewer", None, "t", "t")


def test_sec092_kiosk_sessions_end_on_revoke(store: Store) -> None:
    engine = store.engine
    token = create_kiosk(engine, "lobby", ["chicago"], "t", "t")
    kiosk_id = kiosk_for_token(engine, token)
    assert kiosk_id is not None
    session = open_session(engine, timedelta(days=1), kiosk_id=kiosk_id)
    identity = load_identity(engine, session, IDLE)
    assert identity is not None and identity.cities == ("chicago",)
    revoke_kiosk(engine, "lobby", "t", "t")
    assert load_identity(engine, session, IDLE) is None
    assert kiosk_for_token(engine, token) is None
    assert list(recent(engine)["action"][:2]) == ["kiosk.revoke", "kiosk.create"]


def test_sec093_setup_token_is_issued_once_and_spent_once(store: Store) -> None:
    engine = store.engine
    token = issue_setup_token(engine)
    assert token is not None and issue_setup_token(engine) is None
    assert setup_token_valid(engine, token)
    assert spend_setup_token(engine, token) and not spend_setup_token(engine, token)
