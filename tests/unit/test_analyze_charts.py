"""The analyst charts over small hand-checked frames: what each draws and its caption."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.analyze_charts import (
    lead_time_chart,
    over_time_chart,
    response_chart,
    told_by_city,
    told_share_chart,
)
from dashboard.figures.analyze_map import analyze_map, drawn_points

NAMES = {"lapd": "LAPD", "lasd": "LASD"}


def tracks() -> pd.DataFrame:
    # Lead times: LAPD 60 and -25 min on two operations, LASD 10 min on a staging site;
    # a protest's notification is not owed and stays out. Responses: LAPD 20 min agreed;
    # LASD disputed, 38 min to 2 h 7 min.
    return pd.DataFrame(
        {
            "incident_id": ["op1", "op2", "st1", "pr1"],
            "agency_id": ["lapd", "lapd", "lasd", "lasd"],
            "kind": ["operation", "operation", "staging", "protest"],
            "lead_time_s": [3600.0, -1500.0, 600.0, 900.0],
            "response_lo_s": [1200.0, None, 38 * 60.0, None],
            "response_hi_s": [1200.0, None, 127 * 60.0, None],
        }
    )


def test_unit_chart001_lead_time_per_agency_over_owed_notifications() -> None:
    figure, caption = lead_time_chart(tracks(), NAMES)
    boxes = {t["name"]: (t["lowerfence"], t["median"], t["upperfence"]) for t in figure["data"]}
    assert boxes == {"LAPD": ([-25.0], [17.5], [60.0]), "LASD": ([10.0], [10.0], [10.0])}
    assert [t["name"] for t in figure["data"]] == ["LASD", "LAPD"]  # by median, lowest first
    assert caption.endswith("over 3 notifications on 3 incidents.")


def test_unit_chart002_told_share_per_city_with_counts() -> None:
    by_city = pd.DataFrame(
        {"id": ["los-angeles", "paramount", "chicago"], "due": [4, 1, 0], "advance": [3, 0, 0],
         "advance_share": [0.75, 0.0, None]}
    )  # fmt: skip
    figure, caption = told_share_chart(by_city, {"los-angeles": "Los Angeles"})
    bar = figure["data"][0]
    assert bar["y"] == ["paramount", "Los Angeles"]  # lowest share first; no due, no bar
    assert bar["x"] == [0.0, 75.0]
    assert bar["text"] == ["0 of 1", "3 of 4"]
    assert "over 5 incidents" in caption


def test_unit_chart008_told_by_city_counts_owed_incidents_by_notice() -> None:
    incidents = pd.DataFrame(
        {
            "id": ["op1", "op2", "st1", "pr1"],
            "kind": ["operation", "operation", "staging", "protest"],
            "city": ["la", "la", "par", "par"],
            "notice": ["advance", "late", "not_told", "not_told"],
        }
    )
    found = told_by_city(incidents).set_index("id")
    assert found.loc["la", ["due", "advance"]].tolist() == [2, 1]
    assert found.loc["par", ["due", "advance"]].tolist() == [1, 0]  # protests are not owed


def test_unit_chart003_response_disputed_drawn_as_a_range() -> None:
    figure, caption = response_chart(tracks(), NAMES)
    agreed, disputed = figure["data"]
    assert agreed["x"] == [20.0] and agreed["y"] == ["LAPD"]
    assert disputed["x"] == [38.0, 127.0, None]
    assert disputed["y"] == ["LASD", "LASD", None]
    assert "2 responses (1 disputed) on 2 incidents" in caption
    _, one = response_chart(tracks().iloc[[0]], NAMES)
    assert "; 1 response (0 disputed) on 1 incident." in one


def test_unit_chart004_incidents_over_time_by_kind_per_hour() -> None:
    incidents = pd.DataFrame(
        {
            "kind": ["protest", "protest", "operation"],
            "reported_at": pd.to_datetime(
                ["2026-06-06T14:05Z", "2026-06-06T14:55Z", "2026-06-06T16:10Z"]
            ),
        }
    )
    figure, caption = over_time_chart(incidents, 24.0)
    bars = {t["name"]: (t["x"], t["y"]) for t in figure["data"]}
    assert bars["Protest"][1] == [2, 0]
    assert bars["Operation"][1] == [0, 1]
    assert bars["Protest"][0][0].startswith("2026-06-06T14:00")
    assert caption == "Incidents reported per hour, by kind: 3 incidents."
    # Narrow margins: the axes must make room for their labels, or "10" reads "0".
    assert figure["layout"]["yaxis"]["automargin"] and figure["layout"]["xaxis"]["automargin"]
    _, weekly = over_time_chart(incidents, 168.0)
    assert weekly.startswith("Incidents reported per day")


def test_unit_chart005_empty_views_say_so() -> None:
    empty = tracks().iloc[0:0]
    assert "no notified" in lead_time_chart(empty, NAMES)[1]
    assert "no agency was both asked and on scene" in response_chart(empty, NAMES)[1]
    assert "no incident" in over_time_chart(pd.DataFrame(columns=["kind", "reported_at"]), 1)[1]


def test_unit_chart006_every_figure_is_valid_plotly() -> None:
    """The builders write plain dicts for speed; Plotly's own validation must accept them."""
    incidents = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "kind": ["protest", "operation", "protest"],
            "status": ["active"] * 3,
            "title": ["A", "B", "C"],
            "city": ["paramount"] * 3,
            "lat": [33.889, 33.8891, 34.05],
            "lon": [-118.16, -118.1601, -118.24],
            "reported_at": pd.to_datetime(["2026-06-06T14:05Z"] * 3),
        }
    )
    by_city = pd.DataFrame(
        {"id": ["paramount"], "due": [1], "advance": [1], "advance_share": [1.0]}
    )
    built = [
        lead_time_chart(tracks(), NAMES)[0],
        told_share_chart(by_city, {})[0],
        response_chart(tracks(), NAMES)[0],
        over_time_chart(incidents, 24.0)[0],
        lead_time_chart(tracks().iloc[0:0], NAMES)[0],
        analyze_map(incidents, "white-bg"),
        analyze_map(incidents, "white-bg", mode="heat"),
    ]
    for figure in built:
        go.Figure(figure)  # raises on any unknown property or bad value
    points = analyze_map(incidents, "white-bg")["data"]
    assert {i for t in points for i in t.get("customdata", [])} == {"a", "b", "c"}
    assert points[-1]["type"] == "densitymap" and points[-1]["z"] == []
    heat_mode = analyze_map(incidents, "white-bg", mode="heat")["data"]
    heat = heat_mode[-1]
    assert sorted(heat["z"]) == [1, 2]  # a and b share one ~1 km cell
    # The same traces in both modes (switching removes none), the unused ones empty.
    assert [t.get("uid") for t in heat_mode] == [t.get("uid") for t in points]
    assert all(t["customdata"] == [] for t in heat_mode[:-1])


def test_unit_chart007_points_are_capped_at_the_newest() -> None:
    frame = pd.DataFrame(
        {
            "id": ["old", "new"],
            "reported_at": pd.to_datetime(["2026-06-01T00:00Z", "2026-06-06T00:00Z"]),
        }
    )
    import dashboard.figures.analyze_map as module

    cap, module.MAX_POINTS = module.MAX_POINTS, 1
    try:
        assert drawn_points(frame)["id"].tolist() == ["new"]
    finally:
        module.MAX_POINTS = cap


def test_unit_chart009_map_points_are_exact_typed_arrays() -> None:
    """Coordinates go as float64 typed arrays that decode to exactly the drawn points."""
    import base64

    import numpy as np

    from dashboard.figures.incident_map import display_points

    incidents = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "kind": ["operation", "operation", "protest"],
            "status": ["active"] * 3,
            "title": ["A", "B", "C"],
            "city": ["paramount"] * 3,
            "lat": [33.889, 33.8891, 34.05],
            "lon": [-118.16, -118.1601, -118.24],
            "reported_at": pd.to_datetime(["2026-06-06T14:05Z"] * 3),
        }
    )
    lat, lon = display_points(incidents)
    drawn: dict[str, tuple[float, float]] = {}
    for trace in analyze_map(incidents, "white-bg")["data"][:-1]:  # the last: the heat map
        assert trace["lat"]["dtype"] == trace["lon"]["dtype"] == "f8"
        lats = np.frombuffer(base64.b64decode(trace["lat"]["bdata"]), dtype="<f8")
        lons = np.frombuffer(base64.b64decode(trace["lon"]["bdata"]), dtype="<f8")
        drawn.update(zip(trace["customdata"], zip(lats, lons, strict=True), strict=True))
    assert drawn == {i: (la, lo) for i, la, lo in zip("abc", lat, lon, strict=True)}


def test_unit_chart006_one_incident_spans_hours_in_the_city_time() -> None:
    one = pd.DataFrame({"kind": ["staging"], "reported_at": pd.to_datetime(["2026-06-06T14:05Z"])})
    figure, caption = over_time_chart(one, 24.0, "America/Los_Angeles")
    [bar] = figure["data"]
    assert bar["x"] == ["2026-06-06T07:00:00"]  # 14:05 UTC is 07:05 in Los Angeles (PDT)
    assert bar["width"] == 0.9 * 3600 * 1000  # an hour's bar, not a sliver
    xaxis = figure["layout"]["xaxis"]
    assert xaxis["title"]["text"] == "reported, per hour (America/Los_Angeles)"
    first, last = (pd.Timestamp(t) for t in xaxis["range"])
    assert last - first >= pd.Timedelta(hours=6)
    assert first <= pd.Timestamp("2026-06-06T07:00") < pd.Timestamp("2026-06-06T08:00") <= last
    assert first.minute == 0 and last.minute == 0  # whole hours, not 23:59:59.9996
    assert caption == "Incidents reported per hour, by kind: 1 incident."


def test_unit_chart007_a_long_range_is_not_widened() -> None:
    spread = pd.DataFrame(
        {
            "kind": ["protest", "protest"],
            "reported_at": pd.to_datetime(["2026-06-01T10:00Z", "2026-06-06T10:00Z"]),
        }
    )
    figure, _ = over_time_chart(spread, None)
    first, last = (pd.Timestamp(t) for t in figure["layout"]["xaxis"]["range"])
    assert (first, last) == (pd.Timestamp("2026-06-01"), pd.Timestamp("2026-06-07"))


def test_unit_chart008_the_axis_spans_the_filter_window_not_days_to_come() -> None:
    one = pd.DataFrame({"kind": ["protest"], "reported_at": pd.to_datetime(["2026-12-08T04:00Z"])})
    window = (pd.Timestamp("2026-12-01T04:23Z"), pd.Timestamp("2026-12-08T04:23Z"))
    figure, _ = over_time_chart(one, 168.0, "UTC", window)
    first, last = (pd.Timestamp(t) for t in figure["layout"]["xaxis"]["range"])
    assert (first, last) == (pd.Timestamp("2026-12-01"), pd.Timestamp("2026-12-09"))
    hour = (pd.Timestamp("2026-12-08T03:30Z"), pd.Timestamp("2026-12-08T04:30Z"))
    first, last = (
        pd.Timestamp(t)
        for t in over_time_chart(one, 1.0, "UTC", hour)[0]["layout"]["xaxis"]["range"]
    )
    assert last - first == pd.Timedelta(hours=6)  # a 1 h window still shows six hourly bins
    assert first <= pd.Timestamp("2026-12-08T03:00") and last >= pd.Timestamp("2026-12-08T05:00")
