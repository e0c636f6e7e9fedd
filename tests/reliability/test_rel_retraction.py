"""An admin retracts a bad event: the picture counts it as absent, the log keeps it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from dashboard.security.audit import recent
from dashboard.store import queries
from dashboard.store.projection import rebuild
from dashboard.store.schema import PROJECTION_TABLES, incidents, step_claims
from tests.auth import client_as, form_csrf
from tests.reliability.conftest import GOOD_EVENT, Api, assert_error, unchecked
from tests.security.forge import forged_bodies, post


def engine(api: Api) -> Engine:
    """Return the app's database engine."""
    return api.runtime.store.engine


def snapshot(db: Engine) -> dict[str, list[tuple]]:
    """Return every projection row, sorted: what a rebuild must reproduce."""
    with db.connect() as conn:
        return {
            t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t)))
            for t in PROJECTION_TABLES
        }


def assert_rebuild_agrees(db: Engine) -> None:
    """Check a rebuild from the log gives the projection the appends built."""
    before = snapshot(db)
    rebuild(db)
    assert snapshot(db) == before


def retraction(
    target: str, event_id: str, incident_id: str, by: str = "admin:ann"
) -> dict[str, Any]:
    """Return a retraction event of an admin."""
    return {
        "source": by,
        "event_id": f"r-{uuid.uuid4().hex[:8]}",
        "type": "retraction",
        "occurred_at": datetime.now(UTC).isoformat(),
        "incident_id": incident_id,
        "data": {"retracts": {"source": target, "event_id": event_id}, "reason": "typo"},
    }


def incident_row(db: Engine, incident_id: str) -> Any:
    """Return the incident's projection row, or None."""
    with db.connect() as conn:
        return conn.execute(select(incidents).where(incidents.c.id == incident_id)).first()


def first_agency(db: Engine) -> str:
    """Return some known agency id."""
    with db.connect() as conn:
        return str(queries.agencies_frame(conn)["id"].iloc[0])


def test_rel061_a_stored_2300_date_is_neutralised_by_a_retraction(api: Api) -> None:
    db = engine(api)
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    bad = unchecked("incident.updated", "inc-t", datetime(2300, 1, 1, tzinfo=UTC),
                    started_at=datetime(2300, 1, 1, tzinfo=UTC))  # fmt: skip
    api.runtime.store.append([bad])
    assert incident_row(db, "inc-t").started_at.year == 2300
    sent = retraction(bad.source, bad.event_id, "inc-t")
    assert api.post("/events", token=api.admin, json=sent).status_code == 200
    row = incident_row(db, "inc-t")
    assert row.started_at == datetime(2026, 6, 6, 17, tzinfo=UTC)  # the report's own
    assert row.updated_at.year == 2026  # the bad time no longer counts as the last event
    feed = api.get("/events?after=0").get_json()["events"]
    assert bad.event_id in [e["event_id"] for e in feed]  # the log keeps it
    assert_rebuild_agrees(db)
    undo = retraction("admin:ann", sent["event_id"], "inc-t")
    assert api.post("/events", token=api.admin, json=undo).status_code == 200
    assert incident_row(db, "inc-t").started_at.year == 2300  # retracting restores
    assert_rebuild_agrees(db)


def test_rel062_a_wrong_step_claim_is_retracted_and_its_dispute_goes(api: Api) -> None:
    db = engine(api)
    agency = first_agency(db)
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    at = datetime(2026, 6, 6, 17, 30, tzinfo=UTC)
    steps = [
        {"source": source, "event_id": f"{source}-1", "type": "unit.on_scene",
         "occurred_at": (at + shift).isoformat(), "incident_id": "inc-t", "agency": agency}
        for source, shift in (("lapd-cad", timedelta(0)), ("test", timedelta(hours=3)))
    ]  # fmt: skip
    assert api.post("/events", json={"events": steps}).status_code == 200
    detail = api.get("/incidents/inc-t").get_json()
    assert "on_scene" in str(detail["tracks"])  # claimed twice, three hours apart
    assert api.post("/events", token=api.admin,
                    json=retraction("test", "test-1", "inc-t")).status_code == 200  # fmt: skip
    with db.connect() as conn:
        claims = conn.execute(select(step_claims.c.source, step_claims.c.step)).all()
    assert claims == [("lapd-cad", "on_scene")]
    api.runtime.picture.sync()
    assert list(api.runtime.picture.claims["source"]) == ["lapd-cad"]
    assert_rebuild_agrees(db)


def test_rel063_a_retracted_report_leaves_the_picture_and_comes_back(api: Api) -> None:
    db = engine(api)
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    picture = api.runtime.picture
    picture.sync()
    assert "inc-t" in picture.incidents.index
    sent = retraction("test", "t-1", "inc-t")
    assert api.post("/events", token=api.admin, json=sent).status_code == 200
    picture.sync()
    assert "inc-t" not in picture.incidents.index
    assert incident_row(db, "inc-t") is None
    assert api.get("/incidents/inc-t").status_code == 404
    assert_rebuild_agrees(db)
    undo = retraction("admin:ann", sent["event_id"], "inc-t")
    assert api.post("/events", token=api.admin, json=undo).status_code == 200
    picture.sync()
    assert picture.incidents.loc["inc-t", "title"] == "Bounded"
    assert_rebuild_agrees(db)


def test_rel064_only_an_admin_token_retracts_and_only_a_stored_event(api: Api) -> None:
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    sent = retraction("test", "t-1", "inc-t", by="test")
    assert_error(api.post("/events", json=sent), 403, "forbidden")
    missing = retraction("test", "no-such", "inc-t")
    body = assert_error(api.post("/events", token=api.admin, json=missing), 422)
    assert body["errors"][0]["path"].endswith("data.retracts")
    elsewhere = retraction("test", "t-1", "inc-other")
    assert_error(api.post("/events", token=api.admin, json=elsewhere), 422)
    no_reason = retraction("test", "t-1", "inc-t")
    no_reason["data"]["reason"] = ""
    assert_error(api.post("/events", token=api.admin, json=no_reason), 422)
    assert incident_row(engine(api), "inc-t") is not None


def retract_body(api: Api, target: dict[str, str], csrf: str, reason: str) -> dict[str, Any]:
    """Return the confirmed-retraction callback request, as the browser sends it."""
    body = forged_bodies(api.app, "inc-t")["ops-retract-status.children"]
    body["inputs"][0]["value"] = 1
    target_state, csrf_state, reason_state = body["state"]
    target_state["value"], csrf_state["value"], reason_state["value"] = target, csrf, reason
    return body


def test_rel065_an_admin_retracts_from_the_timeline_with_csrf_and_an_audit_row(
    api: Api,
) -> None:
    db = engine(api)
    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    admin = client_as(api.app, "admin")
    csrf = form_csrf(admin.get("/logout").get_data(as_text=True))
    target = {"source": "test", "event_id": "t-1", "incident_id": "inc-t"}
    forged = post(admin, retract_body(api, target, "not-the-token", "duplicate report"))
    assert "The form expired" in forged.get_data(as_text=True)
    assert incident_row(db, "inc-t") is not None
    done = post(admin, retract_body(api, target, csrf, "duplicate report"))
    assert "Retracted t-1 from test" in done.get_data(as_text=True)
    assert incident_row(db, "inc-t") is None
    assert list(recent(db, action="retraction")["actor"]) == ["user:admin-user"]
    with db.connect() as conn:
        events = queries.incident_events(conn, "inc-t")
    assert events.iloc[0]["retraction_reason"] == "duplicate report"
    assert events.iloc[0]["retracted_by"] == "admin:admin-user"


def test_rel066_the_timeline_strikes_a_retracted_event_and_only_admins_see_retract(
    api: Api,
) -> None:
    agency = first_agency(engine(api))
    step = {"source": "test", "event_id": "s-1", "type": "unit.on_scene", "agency": agency,
            "occurred_at": "2026-06-06T17:30:00Z", "incident_id": "inc-t"}  # fmt: skip
    assert api.post("/events", json={"events": [GOOD_EVENT, step]}).status_code == 200
    sent = retraction("test", "s-1", "inc-t")
    sent["data"]["reason"] = "wrong unit"
    assert api.post("/events", token=api.admin, json=sent).status_code == 200
    api.runtime.picture.sync()
    for role, sees_button in (("admin", True), ("viewer", False)):
        body = forged_bodies(api.app, "inc-t")["ops-detail.children"]
        text = post(client_as(api.app, role), body).get_data(as_text=True)
        assert "tl-retracted" in text and "Retracted by admin:ann: wrong unit" in text
        assert ('"type":"ops-retract"' in text.replace(" ", "")) is sees_button
    detail = api.get("/incidents/inc-t").get_json()
    flags = {e["event_id"]: e["retracted"] for e in detail["timeline"]}
    assert flags["s-1"] == {"by": "admin:ann", "reason": "wrong unit"}
    assert flags["t-1"] is None


def test_rel075_the_retract_form_names_the_event_as_the_timeline_shows_it(api: Api) -> None:
    from dashboard.callbacks.retraction import described

    assert api.post("/events", json=GOOD_EVENT).status_code == 200
    with api.app.server.app_context():
        said = described("inc-t", "test", "t-1")
        unknown = described("inc-t", "test", "no-such-event")
    # The type, the city's local time with its zone, the source: not a bare event id.
    assert said == "“incident.reported, 10:00 PDT” from test"
    assert unknown == "no-such-event from test"
