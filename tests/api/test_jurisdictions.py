"""Locality over the API: incidents placed by polygon, and jurisdictions and agencies managed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dashboard.store.schema import reference_changes
from tests.api.conftest import Api, assert_error, paths
from tests.api.events_data import report

PARAMOUNT_STAGING = {"lat": 33.8867, "lon": -118.1652}
SQUARE = [[[-100.0, 40.0], [-99.9, 40.0], [-99.9, 40.1], [-100.0, 40.1], [-100.0, 40.0]]]


def without_city(incident_id: str, **fields: Any) -> dict[str, Any]:
    body = report(incident_id, **fields)
    del body["incident"]["city"]
    return body


def incident(api: Api, incident_id: str) -> dict[str, Any]:
    response = api.get(f"/incidents/{incident_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["incident"]["properties"]


def put(api: Api, path: str, body: dict, token: str | None = None) -> Any:
    return api.client.put(f"/api/v1{path}", headers=api.auth(token or api.admin), json=body)


def test_api120_an_incident_without_a_city_gets_every_jurisdiction_and_their_agencies(
    api: Api,
) -> None:
    assert api.post("/events", json=without_city("pm", **PARAMOUNT_STAGING)).status_code == 200
    props = incident(api, "pm")
    assert props["city"] == "paramount" and props["outside_region"] is False
    assert props["jurisdictions"] == ["paramount", "los-angeles-county"]
    assert {"paramount-city", "lasd"} <= set(props["local_agencies"])
    assert "lapd" not in props["local_agencies"]
    assert {"paramount-city", "lasd"} <= set(props["notifications"]["unnotified_local"])


def test_api121_a_point_outside_every_jurisdiction_is_accepted_and_flagged(api: Api) -> None:
    body = without_city("far", lat=47.6, lon=-52.7)  # St. John's, Newfoundland
    assert api.post("/events", json=body).status_code == 200
    props = incident(api, "far")
    assert props["outside_region"] is True and props["city"] == ""
    assert props["jurisdictions"] == [] and props["local_agencies"] == []
    listed = api.get("/incidents").get_json()["features"]
    assert [f["properties"]["outside_region"] for f in listed if f["id"] == "far"] == [True]


def test_api122_a_city_may_be_named_in_any_case_and_an_unknown_one_gets_suggestions(
    api: Api,
) -> None:
    named = report("named", city="PARAMOUNT", **PARAMOUNT_STAGING)
    assert api.post("/events", json=named).status_code == 200
    assert incident(api, "named")["city"] == "paramount"
    county = report("county", city="los angeles county")
    assert api.post("/events", json=county).status_code == 200
    assert incident(api, "county")["city"] == "los-angeles-county"
    body = assert_error(
        api.post("/events", json=report("typo", city="Paramont")), 422, "unknown_reference"
    )
    assert paths(body) == ["incident.city"]
    assert "closest known: Paramount" in body["errors"][0]["message"]


def test_api123_jurisdictions_are_listed_as_geojson(api: Api) -> None:
    body = api.get("/jurisdictions").get_json()
    assert body["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in body["features"]}
    assert by_id["los-angeles-county"]["properties"]["kind"] == "county"
    assert by_id["paramount"]["geometry"]["type"] == "Polygon"
    assert by_id["chicago"]["properties"]["boundary_approx"] is True
    assert api.get("/jurisdictions", anonymous=True).status_code == 401


def test_api124_an_admin_adds_a_jurisdiction_and_an_agency_local_to_it(api: Api) -> None:
    town = {
        "type": "Feature",
        "properties": {"name": "Plainville", "kind": "city", "tz": "America/Chicago"},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    assert_error(put(api, "/jurisdictions/plainville", town, token=api.writer), 403, "forbidden")
    response = put(api, "/jurisdictions/plainville", town)
    assert response.status_code == 200 and response.get_json()["result"] == "added"
    assert put(api, "/jurisdictions/plainville", town).get_json()["result"] == "unchanged"
    agency = {"name": "Plainville Police", "kind": "police", "jurisdictions": ["plainville"]}
    assert put(api, "/agencies/plainville-pd", agency).get_json()["result"] == "added"
    body = without_city("plain", lat=40.05, lon=-99.95)
    assert api.post("/events", json=body).status_code == 200
    props = incident(api, "plain")
    assert props["city"] == "plainville" and props["local_agencies"] == ["plainville-pd"]
    with api.runtime.store.engine.connect() as conn:
        authors = conn.execute(
            select(reference_changes.c.what, reference_changes.c.author).where(
                reference_changes.c.what.like("%plainville%")
            )
        ).all()
    admin_name = f"token:admin-{api.writer_name.split('-')[1]}"
    assert sorted(authors) == [
        ("agency:plainville-pd", admin_name),
        ("jurisdiction:plainville", admin_name),
    ]


def test_api125_bad_jurisdictions_and_agencies_are_refused_with_paths(api: Api) -> None:
    bowtie = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
    bad = {
        "type": "Feature",
        "properties": {"name": "Knot", "kind": "city", "tz": "America/Chicago"},
        "geometry": {"type": "Polygon", "coordinates": bowtie},
    }
    body = assert_error(put(api, "/jurisdictions/knot", bad), 422, "invalid_jurisdiction")
    assert paths(body) == ["geometry"] and "Self-intersection" in body["errors"][0]["message"]
    agency = {"name": "Nowhere Police", "kind": "police", "jurisdictions": ["atlantis"]}
    body = assert_error(put(api, "/agencies/nowhere", agency), 422, "unknown_jurisdiction")
    assert paths(body) == ["jurisdictions"]
    assert api.get("/jurisdictions").get_json()["features"][0]["id"] != "knot"
