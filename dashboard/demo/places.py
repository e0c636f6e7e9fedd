"""The demo's jurisdictions and agencies, as the files a site would import.

Los Angeles and Paramount are cities inside Los Angeles County; the county sheriff is
local to the county, so an incident in either city concerns it too. The county's
outline is the bundled atlas's (US Census, 1:10M); the two city outlines are hand-traced
simplifications (a few dozen vertices, good to a few hundred metres, not survey data).
The other cities have no outline here: a circle around their centre, marked approximate.
"""

from __future__ import annotations

from typing import Any

from dashboard.reference.atlas import county_feature

LA_TZ = "America/Los_Angeles"
# fmt: off
LOS_ANGELES_OUTLINE = [
    (-118.668, 34.235), (-118.633, 34.290), (-118.500, 34.336), (-118.400, 34.320),
    (-118.290, 34.260), (-118.230, 34.220), (-118.200, 34.150), (-118.155, 34.100),
    (-118.165, 34.050), (-118.230, 34.000), (-118.240, 33.935), (-118.280, 33.925),
    (-118.285, 33.800), (-118.240, 33.790), (-118.250, 33.710), (-118.310, 33.705),
    (-118.305, 33.800), (-118.300, 33.925), (-118.370, 33.930), (-118.435, 33.930),
    (-118.460, 33.990), (-118.520, 34.040), (-118.570, 34.040), (-118.570, 34.120),
    (-118.668, 34.150),
]
PARAMOUNT_OUTLINE = [
    (-118.183, 33.905), (-118.170, 33.913), (-118.150, 33.912), (-118.137, 33.900),
    (-118.138, 33.880), (-118.150, 33.872), (-118.172, 33.873), (-118.185, 33.885),
]
# id, name, state, lat, lon, tz, radius_km: the places with no outline here.
APPROXIMATE = [
    ("chicago", "Chicago", "IL", 41.8781, -87.6298, "America/Chicago", 18.0),
    ("portland", "Portland", "OR", 45.5152, -122.6784, LA_TZ, 10.0),
    ("charlotte", "Charlotte", "NC", 35.2271, -80.8431, "America/New_York", 14.0),
]
AGENCIES: list[dict[str, Any]] = [
    {"id": "lapd", "name": "Los Angeles Police Department", "kind": "police",
     "jurisdictions": ["los-angeles"]},
    {"id": "la-mayor", "name": "Office of the Mayor of Los Angeles", "kind": "executive",
     "jurisdictions": ["los-angeles"]},
    {"id": "lasd", "name": "Los Angeles County Sheriff's Department", "kind": "sheriff",
     "jurisdictions": ["los-angeles-county"]},
    {"id": "paramount-city", "name": "City of Paramount", "kind": "executive",
     "jurisdictions": ["paramount"]},
    {"id": "cpd", "name": "Chicago Police Department", "kind": "police",
     "jurisdictions": ["chicago"]},
    {"id": "ppb", "name": "Portland Police Bureau", "kind": "police",
     "jurisdictions": ["portland"]},
    {"id": "cmpd", "name": "Charlotte-Mecklenburg Police Department", "kind": "police",
     "jurisdictions": ["charlotte"]},
    {"id": "ice-ero", "name": "ICE Enforcement and Removal Operations", "kind": "federal",
     "jurisdictions": []},
]
# fmt: on


def _city(jid: str, name: str, outline: list[tuple[float, float]], lat: float, lon: float) -> dict:
    ring = [list(p) for p in [*outline, outline[0]]]
    props = {"id": jid, "name": name, "kind": "city", "state": "CA", "tz": LA_TZ,
             "lat": lat, "lon": lon}  # fmt: skip
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip


def jurisdiction_features() -> list[dict[str, Any]]:
    """Return the demo's jurisdictions as GeoJSON Features (what `reference import` reads)."""
    county = county_feature("Los Angeles County, CA")
    county["properties"]["id"] = "los-angeles-county"
    features = [
        county,
        _city("los-angeles", "Los Angeles", LOS_ANGELES_OUTLINE, 34.0522, -118.2437),
        _city("paramount", "Paramount", PARAMOUNT_OUTLINE, 33.8894, -118.1597),
    ]
    for jid, name, state, lat, lon, tz, radius in APPROXIMATE:
        props = {"id": jid, "name": name, "kind": "city", "state": state, "tz": tz,
                 "radius_km": radius}  # fmt: skip
        point = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "properties": props, "geometry": point})
    return features


# The label point of each demo city, for code that needs only where a city is.
JURISDICTIONS: list[dict[str, Any]] = [
    {"id": "los-angeles", "name": "Los Angeles", "lat": 34.0522, "lon": -118.2437},
    {"id": "paramount", "name": "Paramount", "lat": 33.8894, "lon": -118.1597},
    *({"id": j, "name": n, "lat": la, "lon": lo} for j, n, _s, la, lo, _t, _r in APPROXIMATE),
]
