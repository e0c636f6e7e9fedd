"""Kiosk tokens: exchanged for a read-only session, limited to their cities, revocable."""

from __future__ import annotations

from dash import Dash
from sqlalchemy import select

from dashboard import ids
from dashboard.security.audit import recent
from dashboard.security.kiosks import revoke_kiosk
from dashboard.store.security_schema import kiosks
from tests.auth import kiosk_client, make_kiosk
from tests.security.forge import forged_bodies, post


def engine(app: Dash):  # type: ignore[no-untyped-def]
    return app.server.extensions["headsup"].store.engine


def test_sec030_kiosk_link_becomes_a_session_and_leaves_the_address_bar(app: Dash) -> None:
    token = make_kiosk(app, "lobby")
    client = app.server.test_client()
    response = client.get(f"/wall?token={token}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/wall"  # the token is gone from the URL
    assert client.get("/wall").status_code == 200
    assert post(client, forged_bodies(app, "x")["wall-map.figure"]).status_code == 200


def test_sec031_kiosk_token_is_stored_hashed(app: Dash) -> None:
    token = make_kiosk(app, "lobby")
    with engine(app).connect() as conn:
        stored = conn.execute(select(kiosks.c.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64


def test_sec032_bad_kiosk_token_is_refused_and_audited(app: Dash) -> None:
    client = app.server.test_client()
    assert client.get("/wall?token=guess").status_code == 403
    assert client.get("/_dash-layout").status_code == 401
    assert list(recent(engine(app), action="kiosk.login")["outcome"]) == ["refused"]


def test_sec033_kiosk_sees_only_its_cities(app: Dash) -> None:
    client = kiosk_client(app, ["chicago"])
    incidents = app.server.extensions["headsup"].picture.incidents
    answer = post(client, forged_bodies(app, "x")["wall-map.figure"]).get_json()
    figure = answer["response"]["wall-map"]["figure"]
    shown = {i for trace in figure["data"] for i in trace.get("customdata", [])}
    assert shown == set(incidents.loc[incidents["city"] == "chicago", "id"])
    assert shown  # the scenario has Chicago incidents


def test_sec034_kiosk_cannot_widen_its_cities_from_the_browser(app: Dash) -> None:
    client = kiosk_client(app, ["chicago"])
    body = forged_bodies(app, "x")["ops-map.figure|ops-tick.n_intervals"]  # the live tick
    city = next(i for i in body["inputs"] if i["id"] == ids.OPS_CITY)
    city["value"] = ["los-angeles"]
    assert post(client, body).status_code == 403


def test_sec035_revoking_the_token_ends_the_wall_session(app: Dash) -> None:
    client = kiosk_client(app, name="lobby")
    revoke_kiosk(engine(app), "lobby", "test", "test")
    assert post(client, forged_bodies(app, "x")["wall-map.figure"]).status_code == 401
    fresh = app.server.test_client()
    assert fresh.get("/wall?token=" + "x").status_code == 403


def test_sec036_revoked_token_cannot_start_a_new_session(app: Dash) -> None:
    token = make_kiosk(app, "lobby")
    revoke_kiosk(engine(app), "lobby", "test", "test")
    assert app.server.test_client().get(f"/wall?token={token}").status_code == 403
