"""The map figure and its patches: a patched client figure equals a freshly built one."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain import KINDS, STATUSES
from dashboard.figures.incident_map import PATCH_LIMIT, incident_map, map_patch
from dashboard.figures.theme import STATUS_COLOURS

STYLE = "white-bg"


def incident(n: int, kind: str, status: str = "active", seq: int | None = None) -> dict:
    return {
        "id": f"i{n}",
        "kind": kind,
        "status": status,
        "title": f"Incident <{n}>",
        "lat": 30 + n / 100,
        "lon": -100 - n / 100,
        "city": "c",
        "notified": [],
        "first_seq": seq or n,
        "last_seq": seq or n,
    }


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(incident(0, "protest")))


def client_json(figure: Any) -> dict:
    """Return the figure as the browser holds it, after a JSON round trip."""
    return json.loads(json.dumps(figure.to_plotly_json(), default=str))


def apply_patch(figure: dict, patch: Any) -> dict:
    """Apply Dash's Assign and Extend operations as dash-renderer does."""
    for op in patch.to_plotly_json()["operations"]:
        *path, last = op["location"]
        target = figure
        for key in path:
            target = target[key]
        if op["operation"] == "Assign":
            target[last] = op["params"]["value"]
        elif op["operation"] == "Extend":
            target[last].extend(op["params"]["value"])
        else:
            raise AssertionError(f"unexpected patch operation {op['operation']}")
    return figure


def traces(figure: dict) -> list[tuple]:
    # The glyphs' texttemplate follows the browser's zoom, not the data: not compared.
    keys = ("name", "customdata", "lat", "lon", "meta", "hovertext")
    return [
        (*(t.get(k) for k in keys), (t.get("marker") or {}).get("color")) for t in figure["data"]
    ]


def test_map001_one_trace_per_kind_with_plain_lists_and_ids_in_customdata() -> None:
    fig = client_json(
        incident_map(frame([incident(1, "operation"), incident(2, "protest")]), STYLE)
    )
    assert [t["name"] for t in fig["data"]] == [
        "Operation", "Staging site", "Protest",
        "Operation glyphs", "Staging site glyphs", "Protest glyphs",
    ]  # fmt: skip
    glyphs = fig["data"][3:]
    assert [t["meta"] for t in glyphs] == ["OP", "ST", "PR"]
    assert [len(t["lat"]) for t in glyphs] == [1, 0, 1]
    assert {t["texttemplate"] for t in glyphs} <= {"", "OP", "ST", "PR"}
    protest = fig["data"][2]
    assert protest["customdata"] == ["i2"]
    assert isinstance(protest["lat"], list)  # not a base64 typed array
    assert protest["marker"]["color"] == [STATUS_COLOURS["active"]]
    assert fig["layout"]["map"]["style"] == STYLE


def test_map002_hover_text_escapes_markup_from_outside() -> None:
    fig = client_json(incident_map(frame([incident(1, "protest")]), STYLE))
    assert "Incident &lt;1&gt;" in fig["data"][2]["hovertext"][0]


def test_map003_too_many_changes_ask_for_a_whole_figure() -> None:
    rows = frame([incident(n, "protest") for n in range(PATCH_LIMIT + 1)])
    assert map_patch(rows, rows, client_seq=0) is None


changes = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from(STATUSES), st.floats(-1, 1)), max_size=25
)


@settings(max_examples=150, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=30),
    client_seq=st.integers(0, 30),
    edits=changes,
)
def test_map004_patched_client_equals_fresh_build(kinds, client_seq, edits) -> None:
    """Whatever the client last saw, patching it gives exactly the new full figure."""
    before = [incident(n, kind, seq=n + 1) for n, kind in enumerate(kinds)]
    seen = frame([r for r in before if r["first_seq"] <= client_seq])
    client = client_json(incident_map(seen, STYLE))
    after = {r["id"]: dict(r) for r in before}
    for n, status, dlat in edits:
        key = f"i{n % len(kinds)}"
        after[key].update(status=status, lat=after[key]["lat"] + dlat, last_seq=client_seq + 1)
    for r in after.values():
        if r["first_seq"] > client_seq:
            r["last_seq"] = max(r["last_seq"], r["first_seq"])
    now = frame(list(after.values()))
    changed = now[now["last_seq"] > client_seq]
    patch = map_patch(now, changed, client_seq)
    assert patch is not None
    assert traces(apply_patch(client, patch)) == traces(client_json(incident_map(now, STYLE)))
