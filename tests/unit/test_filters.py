"""The view filter: one choice narrows the incidents the same way for map, list and tiles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from dashboard.rules.filters import ViewFilter

NOW = datetime(2026, 6, 6, 18, 0, tzinfo=UTC)


def incidents() -> pd.DataFrame:
    rows = [
        ("op-la", "operation", "active", "los-angeles", 0.5),
        ("st-par", "staging", "active", "paramount", 3),
        ("pr-par", "protest", "active", "paramount", 0.2),
        ("op-chi", "operation", "closed", "chicago", 12),
    ]
    frame = pd.DataFrame(rows, columns=["id", "kind", "status", "city", "hours_ago"])
    frame["updated_at"] = [pd.Timestamp(NOW - timedelta(hours=h)) for h in frame["hours_ago"]]
    return frame.set_index("id", drop=False)


NOTICE = pd.DataFrame(
    {"notice": ["late", "not_told", "not_told", "advance"]},
    index=pd.Index(["op-la", "st-par", "pr-par", "op-chi"], name="id"),
)
INVOLVED = pd.DataFrame(
    [("op-la", "lapd"), ("st-par", "lasd"), ("pr-par", "lasd"), ("op-chi", "cpd")],
    columns=["incident_id", "agency_id"],
)


def kept(view: ViewFilter) -> list[str]:
    return list(view.apply(incidents(), NOTICE, NOW, INVOLVED)["id"])


def test_flt001_no_choice_keeps_everything() -> None:
    assert kept(ViewFilter()) == ["op-la", "st-par", "pr-par", "op-chi"]


def test_flt002_each_choice_narrows_and_choices_combine() -> None:
    assert kept(ViewFilter(kinds=("operation",))) == ["op-la", "op-chi"]
    assert kept(ViewFilter(statuses=("closed",))) == ["op-chi"]
    assert kept(ViewFilter(cities=("paramount",))) == ["st-par", "pr-par"]
    assert kept(ViewFilter(agencies=("lasd",))) == ["st-par", "pr-par"]
    assert kept(ViewFilter(cities=("paramount",), kinds=("staging",))) == ["st-par"]


def test_flt003_notice_keeps_announced_kinds_only() -> None:
    """A protest is never 'not told': protests are not announced."""
    assert kept(ViewFilter(notice=("not_told",))) == ["st-par"]
    assert kept(ViewFilter(notice=("late", "not_told"))) == ["op-la", "st-par"]


def test_flt004_time_window_keeps_incidents_with_an_event_within_it() -> None:
    assert kept(ViewFilter(window_h=1)) == ["op-la", "pr-par"]
    assert kept(ViewFilter(window_h=6)) == ["op-la", "st-par", "pr-par"]


def test_flt005_stray_browser_values_narrow_nothing() -> None:
    view = ViewFilter.from_controls(
        kinds=["operation", "<script>"], statuses="bogus", notice=[1, "late"], window_h=7
    )
    assert view == ViewFilter(kinds=("operation",), notice=("late",))
    assert ViewFilter.from_controls(window_h=6).window_h == 6.0
    assert ViewFilter.from_controls().key() == ViewFilter().key()


TRACKS = pd.DataFrame(
    [
        ("op-la", "lapd", ["on_scene"], ["lapd-cad", "ice-ero"]),
        ("st-par", "lasd", [], ["lasd-cad"]),
        ("pr-par", "lasd", [], ["lasd-cad"]),
        ("op-chi", "cpd", [], ["cpd-cad"]),
    ],
    columns=["incident_id", "agency_id", "disputed_steps", "sources"],
)


def test_flt006_disputed_and_source_choices_keep_incidents_with_a_matching_track() -> None:
    def kept_by(view: ViewFilter) -> list[str]:
        return list(view.apply(incidents(), NOTICE, NOW, TRACKS)["id"])

    assert kept_by(ViewFilter(disputed=True)) == ["op-la"]
    assert kept_by(ViewFilter(disputed=False)) == ["st-par", "pr-par", "op-chi"]
    assert kept_by(ViewFilter(sources=("lasd-cad",))) == ["st-par", "pr-par"]
    assert kept_by(ViewFilter(sources=("ice-ero",), disputed=True)) == ["op-la"]
    assert kept_by(ViewFilter(sources=("ice-ero",), disputed=False)) == []
    # Plain (incident, agency) pairs carry no disputes or sources: nothing is narrowed.
    assert kept(ViewFilter(disputed=True)) == list(incidents()["id"])


def test_flt007_a_time_range_keeps_incidents_with_an_event_within_it() -> None:
    frame = incidents().assign(reported_at=lambda df: df["updated_at"] - timedelta(hours=1))
    view = ViewFilter(start=NOW - timedelta(hours=4), end=NOW - timedelta(hours=2))
    # op-chi ended 12 h ago; op-la and pr-par began within the last 2 h.
    assert list(view.apply(frame)["id"]) == ["st-par"]


def test_flt008_track_mask_picks_the_agency_tracks_the_table_shows() -> None:
    mask = ViewFilter(agencies=("lasd",), sources=("lasd-cad",)).track_mask(TRACKS)
    assert mask.tolist() == [False, True, True, False]
