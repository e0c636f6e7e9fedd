"""Hypothesis bytes through the JSON, CAP and CSV routes: a documented 4xx in the shape, or 2xx."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.api.openapi import openapi_document
from dashboard.api.replies import AppendReply, ErrorReply
from tests.api.conftest import Api
from tests.reliability.conftest import GOOD_EVENT

PARSER_SETTINGS = settings(
    max_examples=int(os.environ.get("HEADSUP_REL_PARSER_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
CAP_ALERT = b"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
<identifier>rel-cap-1</identifier><sender>test</sender><sent>2026-06-06T10:00:00-07:00</sent>
<status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
<info><event>Staging</event><headline>Units staging</headline>
<area><areaDesc>Downtown</areaDesc><circle>34.05,-118.24 2</circle></area></info>
</alert>"""
CSV_FILE = (
    b"source,event_id,type,occurred_at,incident_id,kind,title,lat,lon,city\n"
    b"test,csv-1,incident.reported,2026-06-06T17:00:00Z,csv-inc,operation,T,34.05,-118.24,"
    b"los-angeles\n"
)
SEEDS = {
    "/events": ("application/json", json.dumps(GOOD_EVENT).encode()),
    "/cap": ("application/cap+xml", CAP_ALERT),
    "/import/csv": ("text/csv", CSV_FILE),
}
# Nothing is away during this test, so no 503: only the route's documented answers remain.
DOCUMENTED = {
    path: {int(s) for s in openapi_document(1000)["paths"][path]["post"]["responses"]} - {503}
    for path in SEEDS
}
EDITS = st.sampled_from(["set", "insert", "delete", "cut"])
FLIPS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255), EDITS), max_size=6)


def mutated(seed: bytes, edits: list[tuple[int, int, str]]) -> bytes:
    """Return the seed with bytes replaced, inserted, deleted or the tail cut."""
    body = bytearray(seed)
    for where, value, how in edits:
        at = where % (len(body) + 1)
        if how == "insert":
            body.insert(at, value)
        elif how == "cut":
            del body[at:]
        elif body and at < len(body):
            if how == "set":
                body[at] = value
            else:
                del body[at]
    return bytes(body)


bodies = st.one_of(st.binary(max_size=400), st.tuples(FLIPS).map(lambda t: t[0]))


def check(api: Api, path: str, data: bytes) -> int:
    """Post the body and check the answer: a documented status, a valid body; return it."""
    content_type, _seed = SEEDS[path]
    answer = api.post(path, data=data, content_type=content_type)
    assert answer.status_code in DOCUMENTED[path], (answer.status_code, answer.text[:300])
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    if answer.status_code == 200:
        AppendReply.model_validate(body)
    else:
        ErrorReply.model_validate(body)
        assert body["status"] == answer.status_code and body["ok"] is False and body["message"]
    return answer.status_code


@pytest.mark.parametrize("path", sorted(SEEDS))
def test_rel130_parser_bytes_answer_only_documented_statuses_in_the_one_shape(
    api: Api, path: str
) -> None:
    assert check(api, path, SEEDS[path][1]) == 200  # the unbroken seed is good

    @PARSER_SETTINGS
    @given(body=bodies)
    def run(body: bytes | list[tuple[int, int, str]]) -> None:
        data = body if isinstance(body, bytes) else mutated(SEEDS[path][1], body)
        check(api, path, data)

    run()
