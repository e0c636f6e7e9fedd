"""Locality by polygon: nested and overlapping jurisdictions, boundaries, holes, outside."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.reference.locality import Locality


def square(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def polygon(*rings: list[list[float]]) -> str:
    return json.dumps({"type": "Polygon", "coordinates": list(rings)})


# A county holding two cities; a district overlapping one city and the county's edge.
COUNTY = ("county", "The County", "county", polygon(square(0, 0, 10, 10)))
NORTH = ("north", "North City", "city", polygon(square(1, 6, 4, 9)))
SOUTH = ("south", "South City", "city", polygon(square(1, 1, 4, 4)))
DISTRICT = ("water", "Water District", "district", polygon(square(3, 3, 12, 5)))
# A city in two parts, the larger with a hole (an unincorporated island).
ISLANDS = (
    "islands",
    "Island City",
    "city",
    json.dumps(
        {
            "type": "MultiPolygon",
            "coordinates": [
                [square(20, 0, 26, 6), square(22, 2, 24, 4)[::-1]],
                [square(30, 0, 31, 1)],
            ],
        }
    ),
)
LOCALITY = Locality([COUNTY, NORTH, SOUTH, DISTRICT, ISLANDS])


def test_loc001_nested_polygons_give_every_holder_smallest_first() -> None:
    assert LOCALITY.jurisdictions_at(lat=7, lon=2) == ["north", "county"]
    assert LOCALITY.primary(LOCALITY.jurisdictions_at(lat=7, lon=2)) == "north"


def test_loc002_overlapping_polygons_both_count_and_the_city_is_primary() -> None:
    # (3.5, 3.5) lies in South City, the water district and the county.
    found = LOCALITY.jurisdictions_at(lat=3.5, lon=3.5)
    assert set(found) == {"south", "water", "county"}
    assert found[-1] == "county"  # the largest last
    assert LOCALITY.primary(found) == "south"
    # In the district alone (outside every city and past the county's edge).
    assert LOCALITY.jurisdictions_at(lat=4, lon=11) == ["water"]
    assert LOCALITY.primary(["water"]) == "water"


def test_loc003_a_point_on_a_boundary_belongs_to_the_jurisdiction() -> None:
    assert LOCALITY.jurisdictions_at(lat=4, lon=2) == ["south", "county"]  # South's top edge
    assert LOCALITY.jurisdictions_at(lat=5, lon=6) == ["water", "county"]  # the district's
    assert LOCALITY.jurisdictions_at(lat=0, lon=0) == ["county"]  # the county's corner


def test_loc004_a_point_outside_everything_has_no_jurisdiction() -> None:
    assert LOCALITY.jurisdictions_at(lat=-5, lon=-5) == []
    assert LOCALITY.primary([]) is None


def test_loc005_a_multipolygon_with_a_hole() -> None:
    assert LOCALITY.jurisdictions_at(lat=1, lon=21) == ["islands"]
    assert LOCALITY.jurisdictions_at(lat=3, lon=23) == []  # in the hole
    assert LOCALITY.jurisdictions_at(lat=0.5, lon=30.5) == ["islands"]  # the second part


def test_loc006_places_of_incidents_adds_their_named_city() -> None:
    incidents = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "lat": [7.0, -5.0, 3.0],
            "lon": [2.0, -5.0, 23.0],
            "city": ["north", "", "legacy"],
        }
    )
    places = LOCALITY.places_of(incidents)
    got = places.groupby("incident_id")["jurisdiction_id"].agg(set).to_dict()
    assert got == {"a": {"north", "county"}, "c": {"legacy"}}


def test_loc007_names_resolve_in_any_case_and_unknown_ones_get_suggestions() -> None:
    assert LOCALITY.resolve_name("north city") == "north"
    assert LOCALITY.resolve_name("NORTH") == "north"
    assert LOCALITY.resolve_name("Atlantis") is None
    assert LOCALITY.closest_names("Nort City")[0] == "North City"
