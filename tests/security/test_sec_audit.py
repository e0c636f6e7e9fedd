"""The audit trail: written for each security event, readable by admins only."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest
from dash import Dash

from dashboard.cli import main
from dashboard.security.audit import recent
from tests.auth import client_as
from tests.security.forge import forged_bodies, post


def test_sec070_admin_reads_the_audit_trail_over_the_api(app: Dash) -> None:
    client = client_as(app, "admin")
    body = client.get("/api/v1/audit?limit=5").get_json()
    rows = body["audit"]
    assert rows[0]["action"] == "login" and rows[0]["actor"] == "user:admin-user"
    assert set(rows[0]) == {"id", "at", "actor", "action", "outcome", "source_ip", "detail"}
    assert client.get("/api/v1/audit?limit=x").status_code == 400


@pytest.mark.parametrize("role", ["viewer", "operator", "analyst"])
def test_sec071_others_cannot_read_it(app: Dash, role: str) -> None:
    response = client_as(app, role).get("/api/v1/audit")
    assert response.status_code == 403
    assert "audit" not in response.get_json()


def test_sec072_anonymous_cannot_read_it(app: Dash) -> None:
    assert app.server.test_client().get("/api/v1/audit").status_code == 401


def test_sec073_admin_page_shows_the_trail(app: Dash) -> None:
    client = client_as(app, "admin")
    response = post(client, forged_bodies(app, "x")["admin-audit.children"])
    assert "admin-user" in response.get_data(as_text=True)


def run_cli(monkeypatch: pytest.MonkeyPatch, app: Dash, *argv: str, stdin: str = "") -> str:
    """Run the headsup command against the app's database; return what it printed."""
    url = app.server.extensions["headsup"].config.database_url
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


def test_sec074_cli_manages_users_and_audits_it(app: Dash, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli(
        monkeypatch,
        app,
        "users",
        "add",
        "dana",
        "--role",
        "operator",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    run_cli(monkeypatch, app, "users", "set-role", "dana", "analyst")
    run_cli(monkeypatch, app, "users", "disable", "dana")
    listing = run_cli(monkeypatch, app, "users", "list")
    assert "dana" in listing and "analyst" in listing and "disabled" in listing
    actions = list(recent(app.server.extensions["headsup"].store.engine)["action"])
    assert actions[:3] == ["user.disable", "user.set-role", "user.add"]


def test_sec075_cli_refuses_bad_input_in_one_line(
    app: Dash, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", app.server.extensions["headsup"].config.database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "eve", "--role", "viewer", "--password-stdin"]) == 1
    assert main(["users", "set-role", "nobody", "admin"]) == 1
    assert main(["kiosk", "create", "lobby", "--cities", "atlantis"]) == 1
    err = capsys.readouterr().err
    assert "at least 12" in err and "no user 'nobody'" in err and "atlantis" in err


def test_sec076_kiosk_link_from_the_cli(app: Dash, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEADSUP_PUBLIC_URL", "https://wall.example.org")
    link = run_cli(monkeypatch, app, "kiosk", "create", "lobby", "--cities", "chicago").strip()
    assert link.startswith("https://wall.example.org/wall?token=")
    client = app.server.test_client()
    assert client.get(link.removeprefix("https://wall.example.org")).status_code == 303
    run_cli(monkeypatch, app, "kiosk", "revoke", "lobby")
    assert client.get("/_dash-layout").status_code == 401
    actions = list(recent(app.server.extensions["headsup"].store.engine)["action"])
    assert "kiosk.create" in actions and "kiosk.revoke" in actions


def test_sec077_exports_and_other_actions_are_audited_with_the_actor(app: Dash) -> None:
    from flask import g

    from dashboard.security import audit_request
    from dashboard.security.roles import Identity

    with app.server.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        g.identity = Identity("user", "ana", "analyst", "sid")
        audit_request("export", "ok", "incidents.csv, 42 rows")
    row = recent(app.server.extensions["headsup"].store.engine, action="export").iloc[0]
    assert (row["actor"], row["source_ip"], row["detail"]) == (
        "user:ana",
        "198.51.100.4",
        "incidents.csv, 42 rows",
    )


def test_sec078_identity_roles_for_role_checks() -> None:
    from dashboard.security.roles import Identity

    assert Identity("user", "a", "admin", "s").roles == {"viewer", "operator", "analyst", "admin"}
    assert Identity("user", "o", "operator", "s").roles == {"viewer", "operator"}
    assert Identity("user", "n", "analyst", "s").roles == {"viewer", "analyst"}
    assert Identity("kiosk", "k", "kiosk", "s").roles == frozenset()


def test_sec079_api_tokens_read_the_audit_and_api_refusals_are_audited(
    app: Dash, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.store.tokens import create_token

    engine = app.server.extensions["headsup"].store.engine
    admin = create_token(engine, "ops-admin", [], admin=True)
    writer = create_token(engine, "cad", ["lapd-cad"])
    client = app.server.test_client()
    ok = client.get("/api/v1/audit", headers={"Authorization": f"Bearer {admin}"})
    assert ok.status_code == 200
    refused = client.get("/api/v1/audit", headers={"Authorization": f"Bearer {writer}"})
    assert refused.status_code == 403
    assert client.get("/api/v1/incidents").status_code == 401
    rows = recent(engine, action="refused")
    assert list(rows["outcome"][:2]) == ["401", "403"]
    assert "/api/v1/incidents" in rows["detail"].iloc[0]


def test_sec080_api_token_cli_is_audited(app: Dash, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli(monkeypatch, app, "tokens", "create", "--name", "cpd", "--sources", "cpd-cad")
    run_cli(monkeypatch, app, "tokens", "revoke", "cpd")
    actions = list(recent(app.server.extensions["headsup"].store.engine)["action"])
    assert actions[:2] == ["api-token.revoke", "api-token.create"]
