"""Property tests for the input readers: any input is either valid events or a clear 4xx."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain import EVENT_TYPES
from dashboard.ingest.cap import read_cap
from dashboard.ingest.csv_reader import COLUMNS, read_csv
from dashboard.ingest.errors import InputError, join_path
from dashboard.ingest.geo import centroid, distance_km, nearest_city
from dashboard.ingest.json_reader import read_events
from dashboard.ingest.models import Event

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
identifiers = st.from_regex(r"[A-Za-z0-9_.:@/+-]{1,20}", fullmatch=True)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2026, 1, 1), timezones=st.just(UTC)
)


def assert_clear_refusal(error: InputError) -> None:
    assert 400 <= error.status < 500
    assert error.code and error.message
    body = error.body()
    assert body["ok"] is False and body["status"] == error.status


@given(st.binary(max_size=300))
def test_unit001_json_reader_never_fails_on_bytes(body: bytes) -> None:
    try:
        read_events(body, max_batch=10)
    except InputError as error:
        assert_clear_refusal(error)


@given(json_values | st.fixed_dictionaries({"events": st.lists(json_values, max_size=5)}))
def test_unit002_json_reader_refusals_name_a_path_for_any_json(document: object) -> None:
    try:
        read_events(json.dumps(document).encode(), max_batch=3)
    except InputError as error:
        assert_clear_refusal(error)
        if error.status == 422:
            assert error.errors and all(p.path for p in error.errors)


valid_events = st.builds(
    lambda source, event_id, incident_id, moment, kind: {
        "source": source,
        "event_id": event_id,
        "type": "incident.reported",
        "occurred_at": moment.isoformat(),
        "incident_id": incident_id,
        "incident": {"kind": kind, "title": "t", "lat": 1.5, "lon": -2.5, "city": "x"},
    },
    identifiers,
    identifiers,
    identifiers,
    moments,
    st.sampled_from(["operation", "staging", "protest"]),
)


@given(st.lists(valid_events, min_size=1, max_size=5))
def test_unit003_valid_batches_read_back_as_the_same_events(items: list[dict]) -> None:
    read = read_events(json.dumps({"events": items}).encode(), max_batch=5)
    assert read.batch and len(read.events) == len(items)
    for item, event in zip(items, read.events, strict=True):
        assert event == Event.model_validate(item)
        assert read.path(0) == "events[0]"


@given(st.lists(valid_events, min_size=1, max_size=4), st.data())
def test_unit004_one_naive_time_is_reported_at_its_index(
    items: list[dict], data: st.DataObject
) -> None:
    bad = data.draw(st.integers(0, len(items) - 1))
    items[bad]["occurred_at"] = items[bad]["occurred_at"][:19]  # drop the offset
    try:
        read_events(json.dumps({"events": items}).encode(), max_batch=10)
    except InputError as error:
        assert [p.as_dict() for p in error.errors] == [
            {"path": f"events[{bad}].occurred_at", "message": "timezone required"}
        ]
    else:
        raise AssertionError("a naive time was accepted")


xml_ish = st.text(alphabet="<>/=\"' &;!?[]abcdefilnrtxyz:.-0123456789\n", max_size=200)


@settings(max_examples=200)
@given(st.one_of(st.binary(max_size=200), xml_ish.map(str.encode)))
def test_unit005_cap_reader_never_fails_on_arbitrary_bytes(body: bytes) -> None:
    try:
        read_cap(body)
    except InputError as error:
        assert_clear_refusal(error)


ALERT = """<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
<identifier>{identifier}</identifier><sender>{sender}</sender><sent>{sent}</sent>
<status>Actual</status><msgType>{msg_type}</msgType><scope>Public</scope>
<info><event>e</event><area><areaDesc>a</areaDesc><{shape}>{points}</{shape}></area></info>
</alert>"""


@given(
    identifier=st.text(max_size=30).filter(lambda s: "<" not in s and "&" not in s),
    sender=identifiers,
    sent=st.text(max_size=30).filter(lambda s: "<" not in s and "&" not in s)
    | moments.map(datetime.isoformat),
    msg_type=st.sampled_from(["Alert", "Update", "Cancel", "Ack", ""]),
    shape=st.sampled_from(["circle", "polygon"]),
    points=st.text(alphabet="0123456789.,- ne", max_size=40),
)
def test_unit006_cap_reader_refuses_bad_fields_with_a_path(**fields: str) -> None:
    body = ALERT.format(**fields).encode()
    try:
        event = read_cap(body)
    except InputError as error:
        assert_clear_refusal(error)
        assert error.errors and all(p.path.startswith(("alert", "(body)")) for p in error.errors)
    else:
        assert event.event_id == fields["identifier"].strip()
        assert event.source == fields["sender"]


@given(st.text(max_size=300))
def test_unit007_csv_reader_never_fails_on_text(text: str) -> None:
    try:
        read_csv(text)
    except InputError as error:
        assert_clear_refusal(error)
        assert all(p.path.startswith("line ") or p.path == "(body)" for p in error.errors)


@given(
    st.lists(st.sampled_from(COLUMNS), unique=True, min_size=1),
    st.lists(st.lists(st.text(alphabet="abc,1.:-TZ ", max_size=8), max_size=6), max_size=5),
)
def test_unit008_csv_problems_point_at_real_lines(header: list[str], rows: list[list[str]]) -> None:
    text = "\n".join([",".join(header), *(",".join(r) for r in rows)])
    try:
        read = read_csv(text)
    except InputError as error:
        assert_clear_refusal(error)
        for problem in error.errors:
            line = int(problem.path.split()[1].split(".")[0])
            assert 1 <= line <= len(rows) + 1
    else:
        assert all(2 <= line <= len(rows) + 1 for line in read.lines)


boxes = st.tuples(st.floats(-60, 60), st.floats(-170, 170), st.floats(0.01, 5), st.floats(0.01, 5))


@given(boxes)
def test_unit009_centroid_of_a_rectangle_is_its_centre(
    box: tuple[float, float, float, float],
) -> None:
    lat, lon, dlat, dlon = box
    ring = [(lat, lon), (lat, lon + dlon), (lat + dlat, lon + dlon), (lat + dlat, lon), (lat, lon)]
    c_lat, c_lon = centroid(ring)
    assert abs(c_lat - (lat + dlat / 2)) < 1e-6 and abs(c_lon - (lon + dlon / 2)) < 1e-6


@given(
    st.tuples(st.floats(-80, 80), st.floats(-179, 179)),
    st.lists(st.tuples(identifiers, st.floats(-80, 80), st.floats(-179, 179)), max_size=6),
    st.floats(0, 20_000),
)
def test_unit010_nearest_city_is_the_closest_within_the_radius(
    point: tuple[float, float], cities: list[tuple[str, float, float]], radius: float
) -> None:
    city, distance = nearest_city(point, cities, radius)
    distances = [distance_km(point, (lat, lon)) for _, lat, lon in cities]
    if city is None:
        assert not distances or min(distances) > radius
    else:
        assert distance == min(distances) <= radius


@given(st.lists(st.one_of(st.integers(0, 99), identifiers), max_size=5))
def test_unit011_paths_read_like_the_json_they_point_into(loc: list[int | str]) -> None:
    path = join_path("events[2]", loc)
    assert path.startswith("events[2]")
    for part in loc:
        assert (f"[{part}]" if isinstance(part, int) else f".{part}") in path


def test_unit012_every_event_type_is_accepted_by_the_reader() -> None:
    for event_type in EVENT_TYPES:
        item = {
            "source": "s",
            "event_id": event_type,
            "type": event_type,
            "occurred_at": "2026-06-06T17:00:00+02:00",
            "incident_id": "i",
            "agency": "lapd",
        }
        if event_type == "incident.reported":
            item["incident"] = {"kind": "protest", "title": "t", "lat": 0, "lon": 0, "city": "c"}
        if event_type == "retraction":  # names the event it retracts, and no agency
            del item["agency"]
            item["data"] = {"retracts": {"source": "s", "event_id": "e"}, "reason": "typo"}
        (event,) = read_events(json.dumps(item).encode(), 1).events
        assert event.occurred_at == datetime(2026, 6, 6, 15, tzinfo=UTC)
