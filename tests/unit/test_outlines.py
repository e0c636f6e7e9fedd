"""Jurisdiction outlines: a line (and a name) per area boundary, counties under cities."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.figures.outlines import (
    APPROX_DASH,
    BELOW,
    DARK_LINE_COLOUR,
    LABEL_SIZE,
    LINE_WIDTH,
    outline_features,
    outline_layers,
)

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
TWO = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]] * 2}


def jurisdictions() -> pd.DataFrame:
    rows = [
        ("paramount", "Paramount", "city", json.dumps(SQUARE), False),
        ("la-county", "Los Angeles County", "county", json.dumps(TWO), False),
        ("chicago", "Chicago", "city", json.dumps({"type": "Point", "coordinates": [1, 2]}), False),
        ("portland", "Portland", "city", None, False),
        ("charlotte", "Charlotte", "city", json.dumps(SQUARE), True),
    ]
    return pd.DataFrame(rows, columns=["id", "name", "kind", "boundary", "boundary_approx"])


def test_out001_only_area_boundaries_become_features_counties_first() -> None:
    features = outline_features(jurisdictions())
    assert [f["properties"]["id"] for f in features] == ["la-county", "paramount", "charlotte"]
    assert features[0]["geometry"] == TWO
    assert features[1]["properties"] == {
        "id": "paramount",
        "name": "Paramount",
        "kind": "city",
        "approx": False,
    }


def test_out002_each_outline_is_a_thin_line_under_the_traces_with_its_name() -> None:
    layers = outline_layers(outline_features(jurisdictions()))
    assert [(layer["type"], layer["name"]) for layer in layers] == [
        ("line", "outline-la-county"),
        ("symbol", "outline-name-la-county"),
        ("line", "outline-paramount"),
        ("symbol", "outline-name-paramount"),
        ("line", "outline-charlotte"),
        ("symbol", "outline-name-charlotte"),
    ]
    assert all(layer["below"] == BELOW == "traces" for layer in layers)
    assert all(layer["sourcetype"] == "geojson" for layer in layers)
    city, name = layers[2], layers[3]
    assert city["source"]["geometry"] == SQUARE
    assert 0 < city["line"]["width"] <= 2 and "dash" not in city["line"]
    assert name["symbol"]["text"] == "Paramount"
    assert name["symbol"]["placement"] == "line"
    assert name["symbol"]["icon"] == ""  # the default icon is fetched from a CDN
    assert layers[4]["line"]["dash"] == APPROX_DASH  # approximate: visibly not a limit


def test_out003_labels_can_be_left_out_and_nothing_to_draw_is_no_layer() -> None:
    layers = outline_layers(outline_features(jurisdictions()), labels=False)
    assert {layer["type"] for layer in layers} == {"line"}
    assert outline_layers(outline_features(jurisdictions().iloc[2:4])) == []


def test_out004_the_layers_are_valid_plotly_map_layers() -> None:
    import plotly.graph_objects as go

    # Validated once here: the app builds its figures unvalidated.
    go.Figure(layout={"map": {"layers": outline_layers(outline_features(jurisdictions()))}})


def test_out005_the_wall_draws_the_limits_light_and_larger_on_its_dark_map() -> None:
    layers = outline_layers(outline_features(jurisdictions()), dark=True, scale=1.8)
    line, name = layers[2], layers[3]  # Paramount's limit and its name
    assert (line["name"], name["name"]) == ("outline-paramount", "outline-name-paramount")
    assert line["color"] == DARK_LINE_COLOUR["city"] == name["symbol"]["textfont"]["color"]
    assert line["line"]["width"] == LINE_WIDTH["city"] * 1.8
    assert name["symbol"]["textfont"]["size"] == LABEL_SIZE * 1.8
