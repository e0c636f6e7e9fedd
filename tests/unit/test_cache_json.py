"""The cache keeps JSON, never pickle, and gives back what the views stored."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from dash import Dash

from dashboard.cache_json import JsonSerializer
from dashboard.read.views import incident_detail_data


def test_sec050_cache_backend_writes_json(app: Dash) -> None:
    cache = app.server.extensions["headsup"].cache.cache
    cache.set("k", {"a": [1, 2]})
    raw = cache._cache["k"][1]
    assert json.loads(raw) == {"a": [1, 2]}


def test_sec051_detail_data_round_trips_through_json(app: Dash) -> None:
    rt = app.server.extensions["headsup"]
    incidents = rt.picture.incidents
    incident_id = incidents.index[0]
    with app.server.test_request_context():
        data = incident_detail_data(rt, incident_id, int(incidents.loc[incident_id, "last_seq"]))
    assert data is not None
    serializer = JsonSerializer()
    back = serializer.loads(serializer.dumps(data))
    for key, value in data.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, back[key], check_dtype=False)
        elif isinstance(value, pd.Series):
            pd.testing.assert_series_equal(value, back[key], check_dtype=False)
        else:
            assert back[key] == value


def test_sec052_uncacheable_values_fail_loudly() -> None:
    with pytest.raises(TypeError, match="as JSON"):
        JsonSerializer().dumps(object())
