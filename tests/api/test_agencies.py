"""GET /agencies and POST /agencies (admin)."""

from __future__ import annotations

from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report, step

LAFD = {
    "id": "lafd",
    "name": "Los Angeles Fire Department",
    "kind": "fire",
    "jurisdiction_id": "los-angeles",
}


def test_api040_agencies_are_listed(api: Api) -> None:
    agencies = {a["id"]: a for a in api.get("/agencies").get_json()["agencies"]}
    assert agencies["lapd"]["jurisdiction_id"] == "los-angeles"
    assert agencies["ice-ero"]["local"] is False and agencies["ice-ero"]["jurisdiction_id"] is None


def test_api041_admin_adds_an_agency_that_events_can_then_name(api: Api) -> None:
    response = api.post("/agencies", token=api.admin, json=LAFD)
    assert response.status_code == 201 and response.get_json()["local"] is True
    assert "lafd" in {a["id"] for a in api.get("/agencies").get_json()["agencies"]}
    api.post("/events", json=report("a"))
    assert (
        api.post("/events", json=step("notification.sent", "a", agency="lafd")).status_code == 200
    )


def test_api042_bad_agencies_are_refused(api: Api) -> None:
    api.post("/agencies", token=api.admin, json=LAFD)
    assert_error(api.post("/agencies", token=api.admin, json=LAFD), 409, "conflict")
    unknown_city = {**LAFD, "id": "x", "jurisdiction_id": "atlantis"}
    body = assert_error(
        api.post("/agencies", token=api.admin, json=unknown_city), 422, "unknown_city"
    )
    assert paths(body) == ["jurisdiction_id"]
    bad = {"id": "has space", "name": "", "kind": "navy"}
    body = assert_error(api.post("/agencies", token=api.admin, json=bad), 422, "invalid_agency")
    assert set(paths(body)) == {"id", "name", "kind"}
    assert_error(
        api.post("/agencies", token=api.admin, data=b"{", content_type="application/json"),
        400,
        "malformed_json",
    )
