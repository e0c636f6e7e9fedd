"""The bundled county outlines, and `add-county`: a county's real boundary by its name.

`atlas/counties.geojson` holds a few counties (those of the demo and their neighbours)
from the US Census Bureau's 1:10,000,000 cartographic boundaries as packaged by npm
`us-atlas@3.0.1`; `atlas/counties.mjs` builds the same file for every US county, which
`add_county(..., atlas=PATH)` reads the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

BUNDLED = Path(__file__).resolve().parent / "atlas" / "counties.geojson"
# The main time zone of each state; a county in another zone is added with an explicit tz.
STATE_TZ = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix",
    "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
    "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
    "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver",
    "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
    "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
    "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York",
    "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
    "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
    "PR": "America/Puerto_Rico",
}  # fmt: skip
QUERY = re.compile(r"^\s*(?P<name>.+?)(\s+county)?\s*,\s*(?P<state>[A-Za-z]{2})\s*$", re.I)


class CountyNotFound(LookupError):
    """No county of that name and state is in the atlas; the message names close ones."""


def county_feature(query: str, atlas: Path = BUNDLED, tz: str | None = None) -> dict[str, Any]:
    """Return the jurisdiction Feature of "Los Angeles County, CA" from the atlas."""
    found = QUERY.match(query)
    if found is None:
        raise CountyNotFound(f"{query!r}: write it as 'Los Angeles County, CA'")
    name, state = found["name"].strip(), found["state"].upper()
    features = json.loads(atlas.read_text(encoding="utf-8"))["features"]
    for feature in features:
        props = feature["properties"]
        if props["state"] == state and props["name"].casefold() == name.casefold():
            return _jurisdiction(props["name"], state, feature["geometry"], tz)
    same_state = sorted(
        f["properties"]["name"] for f in features if f["properties"]["state"] == state
    )
    known = ", ".join(f"{n} County, {state}" for n in same_state[:8]) or "none in that state"
    raise CountyNotFound(f"no county {name!r} in {state} in {atlas.name} (it has: {known})")


def _jurisdiction(
    name: str, state: str, geometry: dict[str, Any], tz: str | None
) -> dict[str, Any]:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return {
        "type": "Feature",
        "properties": {
            "id": f"{slug}-county",
            "name": f"{name} County",
            "kind": "county",
            "state": state,
            "tz": tz or STATE_TZ.get(state, "UTC"),
        },
        "geometry": geometry,
    }
