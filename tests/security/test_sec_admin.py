"""The admin page's actions, each checked on the server: role, CSRF, rules, audit trail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import select

from dashboard import ids
from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.security import accounts
from dashboard.security.audit import recent
from dashboard.security.kiosks import kiosk_rotation
from dashboard.store.security_schema import users
from dashboard.store.tokens import find_token
from tests.auth import client_as, sign_in
from tests.security.admin_calls import (
    answer_text,
    import_call,
    page_csrf,
    panel_call,
    shown_secret,
    user_call,
)


def engine(app: Dash) -> Any:
    """Return the app's database engine."""
    return app.server.extensions["headsup"].store.engine


def audited(app: Dash, action: str) -> list[tuple[str, str]]:
    """Return (outcome, detail) of the audit rows of one action, newest first."""
    rows = recent(engine(app), action=action)
    return list(zip(rows["outcome"], rows["detail"], strict=True))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dash]:
    """One app for the module (with the demo cities); each test names its own users."""
    folder = tmp_path_factory.mktemp("admin")
    config = Config(
        database_url=f"sqlite:///{folder / 'h.db'}", testing=True, instance_dir=str(folder)
    )
    built = create_app(config)
    yield built
    built.server.extensions["headsup"].stop()


@pytest.fixture(scope="module")
def admin(app: Dash) -> Any:
    """A signed-in admin's client and the CSRF token of their admin page."""
    client = client_as(app, "admin")
    return client, page_csrf(client)


@pytest.fixture(scope="module")
def viewer(app: Dash) -> FlaskClient:
    """A signed-in viewer's client."""
    return client_as(app, "viewer")


def test_sec110_admin_adds_a_user_who_can_sign_in(app: Dash, admin: Any) -> None:
    client, csrf = admin
    fields = {"name": "maria", "role": "operator", "password": "a long enough secret"}
    text = answer_text(user_call(client, ids.ADMIN_USER_ADD, csrf, fields))
    assert "Added maria as operator" in text and "maria" in text
    assert audited(app, "user.add")[0] == ("ok", "maria as operator")
    assert sign_in(app.server.test_client(), "maria", "a long enough secret").status_code == 303


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "sam", "role": "viewer", "password": "short"}, "at least 12 characters"),
        ({"name": "sam", "role": "viewer", "password": ""}, "initial password"),
        ({"name": "bad name!", "role": "viewer", "password": "x" * 12}, "must be 1-64"),
        ({"name": "sam", "role": "root", "password": "x" * 12}, "unknown role"),
        ({"name": ["sam"], "role": "viewer", "password": "x" * 12}, "must be text"),
    ],
)
def test_sec111_invalid_user_is_refused_inline_and_audited(
    app: Dash, admin: Any, fields: dict, message: str
) -> None:
    client, csrf = admin
    text = answer_text(user_call(client, ids.ADMIN_USER_ADD, csrf, fields))
    assert message.lower() in text.lower() and "action-error" in text
    assert "sam" not in set(accounts.list_users(engine(app))["name"])
    assert audited(app, "user.add")[0][0] == "refused"


def test_sec112_last_active_admin_cannot_be_demoted_or_disabled(app: Dash, admin: Any) -> None:
    client, csrf = admin
    me = {"picked": "admin-user", "new_role": "viewer"}
    for button in (ids.ADMIN_USER_SET_ROLE, ids.ADMIN_USER_DISABLE):
        text = answer_text(user_call(client, button, csrf, me))
        assert "last active admin" in text
    with engine(app).connect() as conn:
        row = conn.execute(select(users).where(users.c.name == "admin-user")).one()
    assert row.role == "admin" and not row.disabled
    accounts.add_user(engine(app), "deputy", "admin", "x" * 12, "test", "test")
    accounts.set_disabled(engine(app), "deputy", True, "test", "test")  # a disabled admin
    assert "last active admin" in answer_text(user_call(client, ids.ADMIN_USER_DISABLE, csrf, me))
    user_call(client, ids.ADMIN_USER_ENABLE, csrf, {"picked": "deputy"})
    text = answer_text(user_call(client, ids.ADMIN_USER_SET_ROLE, csrf, {**me, "picked": "deputy"}))
    assert "deputy is now viewer" in text


def test_sec113_password_reset_is_shown_once_and_works(app: Dash, admin: Any) -> None:
    client, csrf = admin
    accounts.add_user(engine(app), "lee", "viewer", "old password 123", "test", "test")
    response = user_call(client, ids.ADMIN_USER_RESET, csrf, {"picked": "lee"})
    password = shown_secret(response, ids.ADMIN_USER_SECRET)
    assert len(password) >= 12
    assert sign_in(app.server.test_client(), "lee", "old password 123").status_code != 303
    assert sign_in(app.server.test_client(), "lee", password).status_code == 303
    assert password not in str(recent(engine(app)).to_dict())  # never in the audit trail


def test_sec114_kiosk_link_created_once_works_and_revoked_stops(app: Dash, admin: Any) -> None:
    client, csrf = admin
    fields = ["eoc-wall-1", ["los-angeles", "paramount"], " 20 ", None]
    response = panel_call(client, "kiosk", ids.ADMIN_KIOSK_CREATE, csrf, fields)
    link = shown_secret(response, ids.ADMIN_KIOSK_SECRET)
    assert link.startswith("http://localhost/wall?token=")
    wall = app.server.test_client()
    assert wall.get(link.removeprefix("http://localhost")).status_code == 303
    assert audited(app, "kiosk.create")[0][0] == "ok"
    assert kiosk_rotation(engine(app), "eoc-wall-1") == 20
    revoked = panel_call(
        client, "kiosk", ids.ADMIN_KIOSK_REVOKE, csrf, [None, None, None, "eoc-wall-1"]
    )
    assert "revoked" in answer_text(revoked)
    assert app.server.test_client().get(link.removeprefix("http://localhost")).status_code == 403


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (["w", ["los-angeles", "paramount"], 2, None], "at least 5 seconds"),
        (["w", ["los-angeles"], 20, None], "at least two cities"),
        (["w", ["atlantis"], None, None], "unknown cities atlantis"),
        (["w", None, "7.5", None], "whole number"),
        (["w", None, "ten", None], "whole number"),
        (["w", ["los-angeles", "paramount"], "3", None], "at least 5 seconds"),
        (["", None, None, None], "name the kiosk"),
    ],
)
def test_sec115_invalid_kiosk_is_refused_inline(
    app: Dash, admin: Any, fields: list, message: str
) -> None:
    client, csrf = admin
    text = answer_text(panel_call(client, "kiosk", ids.ADMIN_KIOSK_CREATE, csrf, fields))
    assert message.lower() in text.lower() and "action-error" in text
    assert audited(app, "kiosk.create")[0][0] == "refused"


def test_sec116_token_created_once_works_and_revoked_stops(app: Dash, admin: Any) -> None:
    client, csrf = admin
    fields = ["lasd-cad", "lasd-cad, lasd-mdc", [], None]
    secret = shown_secret(
        panel_call(client, "token", ids.ADMIN_TOKEN_CREATE, csrf, fields), ids.ADMIN_TOKEN_SECRET
    )
    token = find_token(engine(app), secret)
    assert token is not None and token.sources == {"lasd-cad", "lasd-mdc"} and not token.admin
    assert audited(app, "api-token.create")[0] == (
        "ok",
        "lasd-cad sources=lasd-cad,lasd-mdc admin=False",
    )
    again = panel_call(client, "token", ids.ADMIN_TOKEN_CREATE, csrf, fields)
    assert "already exists" in answer_text(again)
    gone = panel_call(client, "token", ids.ADMIN_TOKEN_REVOKE, csrf, [None, None, None, "lasd-cad"])
    assert "revoked" in answer_text(gone)
    assert find_token(engine(app), secret) is None
    assert audited(app, "api-token.revoke")[0] == ("ok", "lasd-cad")


@pytest.mark.parametrize("csrf", [None, "", "forged-token", ["x"]])
def test_sec117_admin_action_without_the_page_token_changes_nothing(
    app: Dash, admin: Any, csrf: Any
) -> None:
    client, _csrf = admin
    fields = {"name": "mallory", "role": "admin", "password": "x" * 12}
    text = answer_text(user_call(client, ids.ADMIN_USER_ADD, csrf, fields))
    assert "reload the page" in text
    token = panel_call(client, "token", ids.ADMIN_TOKEN_CREATE, csrf, ["t", "s", ["admin"], None])
    assert "reload the page" in answer_text(token)
    assert "mallory" not in set(accounts.list_users(engine(app))["name"])
    assert audited(app, "user.add")[0][0] == "refused"


def test_sec118_other_roles_are_refused_even_with_a_page_token(
    app: Dash, admin: Any, viewer: FlaskClient
) -> None:
    _client, csrf = admin
    with viewer.session_transaction() as session:
        session["csrf"] = csrf  # even the right token does not make a viewer an admin
    fields = {"name": "mallory", "role": "admin", "password": "x" * 12}
    response = user_call(viewer, ids.ADMIN_USER_ADD, csrf, fields)
    assert response.status_code == 403 and "mallory" not in response.get_data(as_text=True)
    assert "mallory" not in set(accounts.list_users(engine(app))["name"])


def test_sec119_viewer_typing_admin_gets_an_html_403_page(
    app: Dash, admin: Any, viewer: FlaskClient
) -> None:
    page = viewer.get("/admin")
    assert page.status_code == 403 and page.mimetype == "text/html"
    assert "Not permitted" in page.get_data(as_text=True)
    assert "viewer" in page.get_data(as_text=True)
    assert admin[0].get("/admin").status_code == 200
    assert audited(app, "refused")[0][1] == "page /admin"


SQUARE = [
    [[-118.30, 33.80], [-118.20, 33.80], [-118.20, 33.90], [-118.30, 33.90], [-118.30, 33.80]]
]
TOWN = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "id": "testville",
                "name": "Testville",
                "kind": "city",
                "tz": "America/Los_Angeles",
            },
            "geometry": {"type": "Polygon", "coordinates": SQUARE},
        }
    ],
}
AGENCIES = b"id,name,kind,jurisdictions\ntestville-pd,Testville Police,police,testville\n"


def jurisdiction_ids(app: Dash) -> set[str]:
    """Return the stored jurisdiction ids."""
    from dashboard.store.schema import jurisdictions

    with engine(app).connect() as conn:
        return set(conn.execute(select(jurisdictions.c.id)).scalars())


def test_sec120_import_checks_then_writes_and_shows_who_is_local(app: Dash, admin: Any) -> None:
    client, csrf = admin
    geojson = json.dumps(TOWN).encode()
    checked = answer_text(import_call(client, csrf, geojson, "town.geojson", check=True))
    assert "checked, not written" in checked and "testville" not in jurisdiction_ids(app)
    assert "1 added" in answer_text(import_call(client, csrf, geojson, "town.geojson"))
    assert "testville" in jurisdiction_ids(app)
    text = answer_text(import_call(client, csrf, AGENCIES, "agencies.csv"))
    assert "Testville Police" in text and "outline" in text  # the tables, refreshed
    assert "1 unchanged" in answer_text(import_call(client, csrf, geojson, "town.geojson"))
    assert audited(app, "reference.import")[0][0] == "ok"


def test_sec121_bad_file_lists_problems_with_paths_and_writes_nothing(
    app: Dash, admin: Any
) -> None:
    client, csrf = admin
    bad = json.loads(json.dumps(TOWN))
    bad["features"][0]["properties"]["tz"] = "Mars/Olympus"
    bad["features"][0]["properties"]["id"] = "badville"
    text = answer_text(import_call(client, csrf, json.dumps(bad).encode(), "bad.geojson"))
    assert "features[0].properties.tz" in text and "nothing was written" in text
    assert "badville" not in jurisdiction_ids(app)
    csv_text = answer_text(
        import_call(client, csrf, b"id,name,kind,jurisdictions\nx,X,police,nowhere\n", "a.csv")
    )
    assert "line 2.jurisdictions" in csv_text
    typo = b"id,name,kind,jurisdictions\nx,X,police,los-angelos\n"
    typo_text = answer_text(import_call(client, csrf, typo, "a.csv"))
    assert "unknown jurisdiction 'los-angelos'; closest known: los-angeles" in typo_text
    assert "expected a .geojson" in answer_text(import_call(client, csrf, b"x", "notes.txt"))
    assert audited(app, "reference.import")[0][0] == "refused"
    assert "reload the page" in answer_text(import_call(client, "forged", b"x", "a.csv"))
