"""The notice rules over the demo picture: the headline tile, alarms, list, detail line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from dash import Dash

from dashboard.config import Config
from dashboard.factory import create_app
from dashboard.figures.kpi import kpi_tiles
from dashboard.figures.matrix import notice_line
from dashboard.read.tracking import (
    alarm_text,
    alarms_json,
    current_alarms,
    current_tracks,
    detail_notice,
)
from dashboard.read.views import counts
from dashboard.runtime import Runtime
from tests.unit.test_tracking_figures import attr, text

# The Fashion District lies in Los Angeles and in Los Angeles County: the county
# sheriff is local there too, and nobody told it.
LAPD_LATE = (
    "not told in advance: Los Angeles Police Department told 25 min after start; "
    "Los Angeles County Sheriff's Department, Office of the Mayor of Los Angeles not told"
)
PARAMOUNT_UNTOLD = (
    "not told in advance: Los Angeles County Sheriff's Department, City of Paramount not told"
)


def runtime_of(app: Dash) -> Runtime:
    rt = app.server.extensions["headsup"]
    rt.picture.sync()
    return rt


def not_told(rt: Runtime) -> dict[str, str]:
    alarms = current_alarms(rt)
    told = alarms[alarms["kind"] == "not_told"]
    return dict(zip(told["incident_id"], told["message"], strict=True))


def test_ntc010_the_demo_tile_counts_the_late_operation_and_the_untold_staging_site(
    app: Dash,
) -> None:
    rt = runtime_of(app)
    found = counts(rt, rt.picture.incidents)
    assert found["not_told"] == 2
    tile = next(t for t in kpi_tiles(found) if t.id == "kpi-not_told")
    assert text(tile) == "2Operations and staging sites not told in advance"
    assert attr(tile, "state") == "alarm"


def test_ntc011_the_demo_alarms_name_the_agencies_by_name_and_say_how_late(app: Dash) -> None:
    rt = runtime_of(app)
    assert not_told(rt) == {"op-fashion": LAPD_LATE, "staging-paramount": PARAMOUNT_UNTOLD}
    served = [a for a in alarms_json(current_alarms(rt)) if a["kind"] == "not_told"]
    assert {a["incident_id"] for a in served} == {"op-fashion", "staging-paramount"}
    assert all(a["agency_id"] is None and a["since"] for a in served)
    # The list's alarm column carries the same words; protests never get them.
    column = alarm_text(rt)
    assert column["op-fashion"].startswith(LAPD_LATE)
    assert not any("not told" in column.get(i, "") for i in ("protest-paramount", "op-chicago"))


def test_ntc012_the_detail_line_is_alarm_coloured_for_the_late_operation_muted_for_a_protest(
    app: Dash,
) -> None:
    rt = runtime_of(app)
    names = dict(zip(rt.agencies()["id"], rt.agencies()["name"], strict=True))
    tracks = current_tracks(rt)
    lines = {}
    for incident_id in ("op-fashion", "protest-paramount", "op-chicago"):
        incident = rt.picture.incidents.loc[incident_id]
        mine = tracks[tracks["incident_id"] == incident_id]
        lines[incident_id] = notice_line(
            detail_notice(rt, incident, mine), str(incident["kind"]), names
        )
    assert text(lines["op-fashion"]) == (
        "Not told in advance — Los Angeles Police Department told 25 min after start; "
        "Los Angeles County Sheriff's Department, Office of the Mayor of Los Angeles not told"
    )
    assert attr(lines["op-fashion"], "state") == "alarm"
    assert text(lines["protest-paramount"]).startswith(
        "Notice (not required for protests): Los Angeles County Sheriff's"
    )
    assert attr(lines["protest-paramount"], "state") == "muted"
    assert text(lines["op-chicago"]) == "Told in advance — 2 h 10 min ahead"
    assert attr(lines["op-chicago"], "state") == "ok"


@pytest.fixture
def strict_app(config: Config) -> Iterator[Dash]:
    """The demo app with Charlotte asking for 30 min of notice (it was told 10 min ahead)."""
    built = create_app(replace(config, city_min_lead="charlotte=30 chicago=60"))
    yield built
    built.server.extensions["headsup"].stop()


def test_ntc013_a_city_minimum_lead_from_the_settings_reaches_the_tile_and_alarms(
    strict_app: Dash,
) -> None:
    rt = runtime_of(strict_app)
    assert counts(rt, rt.picture.incidents)["not_told"] == 3
    assert not_told(rt)["op-charlotte"] == (
        "not told in advance: Charlotte-Mecklenburg Police Department told 10 min ahead, "
        "30 min needed"
    )
    assert "op-chicago" not in not_told(rt)  # told 2 h 10 min ahead: enough for 60
