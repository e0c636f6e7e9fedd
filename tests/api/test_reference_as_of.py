"""Replay, the API's as_of and the after-action report use the reference of their time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.read.analyze_view import played_base
from tests.api.conftest import Api
from tests.auth import client_as
from tests.factories import at, reported, step

STAGING = {"lat": 33.8867, "lon": -118.1652, "city": "paramount"}
PARAMOUNT_PD = {"name": "Paramount Police", "kind": "police", "jurisdictions": ["paramount"]}


@pytest.fixture
def changed(api: Api) -> Api:
    """A Paramount incident at 17:00 (June), then, today, a police agency made local there."""
    api.runtime.store.append(
        [reported("pm", 0, **STAGING), step("notification.sent", "pm", "lasd", 10)],
        received_at=at(10),
    )
    response = api.client.put(
        "/api/v1/agencies/pm-pd", headers=api.auth(api.admin), json=PARAMOUNT_PD
    )
    assert response.get_json()["result"] == "added"
    return api


def local_agencies(api: Api, query: str) -> list[str]:
    response = api.get(f"/incidents{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    [feature] = response.get_json()["features"]
    return feature["properties"]["local_agencies"]


def test_ref030_as_of_judges_locality_by_the_reference_then(changed: Api) -> None:
    for basis in ("happened", "known"):
        then = local_agencies(changed, f"?as_of=2026-06-06T17:30:00Z&basis={basis}")
        assert then == ["lasd", "paramount-city"]
    assert "pm-pd" in local_agencies(changed, "?basis=happened")  # now: today's reference
    assert "pm-pd" in local_agencies(changed, "")


def test_ref031_playback_shows_the_old_locality_before_and_the_new_now(changed: Api) -> None:
    rt = changed.runtime
    then = played_base(rt, at(30), "known").tracks
    now = played_base(rt, datetime.now(UTC), "happened").tracks
    assert sorted(then["agency_id"]) == ["lasd", "paramount-city"]
    assert sorted(now["agency_id"]) == ["lasd", "paramount-city", "pm-pd"]


def test_ref032_the_report_lists_the_agencies_local_then_and_what_changed(changed: Api) -> None:
    page = client_as(changed.app, "analyst").get("/report/pm").get_data(as_text=True)
    local = page.split('id="aar-local">')[1].split("</p>")[0]
    assert "Los Angeles County Sheriff" in local and "City of Paramount" in local
    assert "Paramount Police" not in local
    assert "2026-06-06 10:00:00" in local  # when it began, in Paramount's time
    since = page.split('id="aar-local-since">')[1].split("</p>")[0]
    assert "now also local: Paramount Police" in since and "agency:pm-pd" in since
    # The matrix expects only the agencies local then: no row for the new one.
    matrix = page.split('class="matrix"')[1].split("</table>")[0]
    assert "Paramount Police" not in matrix and "City of Paramount" in matrix
