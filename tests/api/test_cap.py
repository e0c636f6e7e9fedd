"""POST /cap with real CAP 1.2 messages, and hostile or incomplete XML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.demo.feed import seed_reference_data
from dashboard.reference import import_reference
from tests.api.conftest import Api, assert_error, paths

CAP = Path(__file__).resolve().parent.parent / "fixtures" / "cap"
THUNDERSTORM = (CAP / "nws-KSTO1055887203-thunderstorm.cap").read_bytes()
# Real towns near the real alerts, as approximate circles (no outline bundled), so
# their points have a jurisdiction to fall in.
MARKLEEVILLE = ("markleeville", "Markleeville", 38.6946, -119.7805)
EL_CENTRO = ("el-centro", "El Centro", 32.792, -115.563)


def add_cities(api: Api, *places: tuple[str, str, float, float]) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {
                "id": jid,
                "name": name,
                "kind": "city",
                "state": "CA",
                "tz": "America/Los_Angeles",
                "radius_km": 60,
            },
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for jid, name, lat, lon in places
    ]
    doc = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    report = import_reference(api.runtime.store.engine, doc, "towns.geojson", author="test")
    assert report.ok, report.problems
    api.runtime.references.changed()


def post_cap(api: Api, body: bytes, content_type: str = "application/cap+xml"):
    return api.post("/cap", data=body, content_type=content_type)


def test_api050_nws_warning_becomes_an_incident_in_the_jurisdiction_holding_it(
    api: Api,
) -> None:
    add_cities(api, MARKLEEVILLE)
    response = post_cap(api, THUNDERSTORM)
    assert response.get_json() == {"accepted": 1, "duplicates": 0, "last_seq": 1}
    detail = api.get("/incidents/KSTO1055887203").get_json()
    props = detail["incident"]["properties"]
    assert props["title"] == "SEVERE THUNDERSTORM WARNING"
    assert props["city"] == "markleeville" and props["kind"] == "operation"
    lon, lat = detail["incident"]["geometry"]["coordinates"]
    # The polygon's centroid lies inside its bounding box.
    assert 38.34 < lat < 38.62 and -120.14 < lon < -119.74
    (event,) = detail["timeline"]
    assert event["source"] == "KSTO@NWS.NOAA.GOV" and event["event_id"] == "KSTO1055887203"
    assert event["occurred_at"] == "2003-06-17T21:57:00+00:00"
    assert event["data"]["cap"]["event"] == "SEVERE THUNDERSTORM"
    assert post_cap(api, THUNDERSTORM, "application/xml").get_json()["duplicates"] == 1


def test_api051_a_point_outside_every_jurisdiction_is_kept_and_flagged(api: Api) -> None:
    assert post_cap(api, THUNDERSTORM).get_json()["accepted"] == 1
    props = api.get("/incidents/KSTO1055887203").get_json()["incident"]["properties"]
    assert props["outside_region"] is True and props["city"] == ""
    assert props["jurisdictions"] == []


def test_api052_update_with_circle_and_cancel_follow_the_referenced_alert(api: Api) -> None:
    add_cities(api, EL_CENTRO)
    # The original alert the update refers to, sent 26 minutes before it.
    original = (
        THUNDERSTORM.replace(b"KSTO1055887203", b"TRI13970876.1")
        .replace(b"2003-06-17T14:57:00-07:00", b"2003-06-11T20:30:00-07:00")
        .replace(b"KSTO@NWS.NOAA.GOV", b"trinet@caltech.edu")
        .replace(
            b"38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14",
            b"32.90,-115.60 32.90,-115.50 33.00,-115.50 32.90,-115.60",
        )
    )
    assert post_cap(api, original).status_code == 200
    update = (CAP / "oasis-TRI13970876.2-earthquake-update.xml").read_bytes()
    assert post_cap(api, update).get_json()["accepted"] == 1
    props = api.get("/incidents/TRI13970876.1").get_json()["incident"]
    assert props["geometry"]["coordinates"] == [-115.5527, 32.9525]
    assert props["properties"]["title"] == "EQ 3.4 Imperial County CA"
    cancel = (
        update.replace(b"<msgType>Update</msgType>", b"<msgType>Cancel</msgType>")
        .replace(b"TRI13970876.2", b"TRI13970876.3")
        .replace(b"2003-06-11T20:56:00", b"2003-06-11T21:10:00")
    )
    assert post_cap(api, cancel).status_code == 200
    status = api.get("/incidents/TRI13970876.1").get_json()["incident"]["properties"]["status"]
    assert status == "closed"


def test_api053_the_oasis_advisory_has_no_area_point_so_it_is_refused(api: Api) -> None:
    body = assert_error(
        post_cap(api, (CAP / "oasis-43b080713727-homeland-security.cap").read_bytes()),
        422,
        "no_location",
    )
    assert paths(body) == ["alert.info.area"]


def test_api054_cap_1_1_is_the_wrong_namespace(api: Api) -> None:
    blizzard = (CAP / "nws-cap11-blizzard-5c2cf27b1f56885d61654dc47fa411d5.xml").read_bytes()
    body = assert_error(post_cap(api, blizzard), 422, "wrong_namespace")
    assert "cap:1.1" in body["message"]


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("handwritten-xxe.xml", "xml_external_entity"),
        ("handwritten-billion-laughs.xml", "xml_entity_expansion"),
        ("handwritten-external-dtd.xml", "xml_external_reference"),
    ],
)
def test_api055_hostile_xml_is_400_saying_why(api: Api, fixture: str, code: str) -> None:
    body = assert_error(post_cap(api, (CAP / fixture).read_bytes()), 400, code)
    assert "DTD" in body["message"]
    assert "root:" not in str(body)  # /etc/passwd never leaks into the answer


def _without(element: str) -> bytes:
    start = THUNDERSTORM.index(f"<{element}>".encode())
    end = THUNDERSTORM.index(f"</{element}>".encode()) + len(element) + 3
    return THUNDERSTORM[:start] + THUNDERSTORM[end:]


@pytest.mark.parametrize("element", ["identifier", "sender", "sent", "info"])
def test_api056_missing_required_elements_are_named(api: Api, element: str) -> None:
    body = assert_error(post_cap(api, _without(element)), 422, "invalid_cap")
    assert f"alert.{element}" in paths(body)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"this is not xml", 400, "not_xml"),
        (b"<alert", 400, "not_xml"),
        (b"", 400, "not_xml"),
        (b'<?xml version="1.0" encoding="TF-8"?><alert/>', 400, "not_xml"),  # unknown encoding
        (
            THUNDERSTORM.replace(b"2003-06-17T14:57:00-07:00", b"2003-06-17T14:57:00"),
            422,
            "invalid_cap",
        ),
        (THUNDERSTORM.replace(b"38.47,-120.14 38.34", b"98.47,-120.14 38.34"), 422, "invalid_cap"),
        (THUNDERSTORM.replace(b"<msgType>Alert", b"<msgType>Ack"), 422, "invalid_cap"),
        (THUNDERSTORM.replace(b"<msgType>Alert", b"<msgType>Update"), 422, "invalid_cap"),
    ],
)
def test_api057_broken_alerts_get_their_own_4xx(
    api: Api, body: bytes, status: int, code: str
) -> None:
    add_cities(api, MARKLEEVILLE)
    assert_error(post_cap(api, body), status, code)


def test_api058_cap_needs_a_token_scoped_to_its_sender_and_an_xml_type(api: Api) -> None:
    seed_reference_data(api.runtime.store)
    add_cities(api, MARKLEEVILLE)
    assert_error(api.client.post("/api/v1/cap", data=THUNDERSTORM), 401)
    other = THUNDERSTORM.replace(b"KSTO@NWS.NOAA.GOV", b"KMTR@NWS.NOAA.GOV")
    assert paths(assert_error(post_cap(api, other), 403, "forbidden")) == ["alert.sender"]
    assert_error(post_cap(api, THUNDERSTORM, "application/json"), 415, "unsupported_media_type")
